"""The ``entities`` stage: a case-level stage that reads every new text (extracted or OCR) in the workers, keeps
the validated identifiers found, and refreshes lab-dictionary hits."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from sqlalchemy import delete, insert, select, text

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import entities, entity_runs
from heroes_desktop.nlp.dictionaries import term_hits
from heroes_desktop.nlp.identifiers import DEFAULT_REGIONS, find_identifiers

BATCH_CHARS = 2_000_000


def identifiers_task(texts: list[tuple[int, str, str]], regions: tuple[str, ...]) -> list[dict[str, Any]]:
    """Worker side: identifiers of a batch of (file_id, source, body)."""
    rows = []
    for file_id, source, body in texts:
        rows += [{"file_id": file_id, "source": source, "label": found.label, "text": found.text[:500],
                  "normalized": found.normalized[:500], "start": found.start, "end": found.end, "category": None}
                 for found in find_identifiers(body, regions)]
    return rows


def _unread(connection: Any) -> list[tuple[int, str, str]]:
    return [tuple(row) for row in connection.execute(text(
        "SELECT i.file_id, i.source, i.body FROM text_index i LEFT JOIN entity_runs r "
        "ON r.file_id = i.file_id AND r.source = i.source WHERE r.file_id IS NULL ORDER BY i.file_id"))]


def _batches(texts: list[tuple[int, str, str]]) -> list[list[tuple[int, str, str]]]:
    batches, batch, size = [], [], 0
    for item in texts:
        batch.append(item)
        size += len(item[2])
        if size >= BATCH_CHARS:
            batches.append(batch)
            batch, size = [], 0
    return batches + ([batch] if batch else [])


def run_entities(case: Case, pool: Executor, run_id: int, regions: tuple[str, ...] = DEFAULT_REGIONS) -> int:
    """Find identifiers in texts not read yet, then recompute dictionary hits; returns the identifiers stored."""
    with case.reading() as connection:
        unread = _unread(connection)
    futures = [(batch, pool.submit(identifiers_task, batch, regions)) for batch in _batches(unread)]
    stored = 0
    for batch, future in futures:
        rows = future.result()
        with case.bulk() as connection:
            for file_id, source, _ in batch:
                connection.execute(delete(entities).where(entities.c.file_id == file_id,
                                                          entities.c.source == source, entities.c.label != "TERM"))
            if rows:
                connection.execute(insert(entities), [{**row, "run_id": run_id} for row in rows])
            connection.execute(insert(entity_runs).prefix_with("OR REPLACE"),
                               [{"file_id": f, "source": s, "run_id": run_id} for f, s, _ in batch])
        stored += len(rows)
    details: dict[str, Any] = {"run_id": run_id, "texts_read": len(unread), "identifiers": stored}
    with case.change("entities.computed", details) as connection:
        connection.execute(delete(entities).where(entities.c.label == "TERM"))
        hits = term_hits(connection)
        if hits:
            connection.execute(insert(entities), [{**hit, "run_id": run_id} for hit in hits])
        details["dictionary_hits"] = len(hits)
    return stored


def list_entities(case: Case, label: str | None = None) -> list[dict[str, Any]]:
    """The ``heroes entities`` contract: one record per (label, normalized) with its count and files."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    with case.reading() as connection:
        query = select(entities.c.label, entities.c.text, entities.c.normalized, entities.c.file_id,
                       entities.c.category).order_by(entities.c.id)
        if label:
            query = query.where(entities.c.label == label.upper())
        for row in connection.execute(query):
            record = grouped.setdefault((row.label, row.normalized), {
                "label": row.label, "text": row.text, "normalized": row.normalized, "count": 0, "file_ids": [],
                "category": row.category})
            record["count"] += 1
            if row.file_id not in record["file_ids"]:
                record["file_ids"].append(row.file_id)
    return sorted(grouped.values(), key=lambda record: (-record["count"], record["label"], record["normalized"]))
