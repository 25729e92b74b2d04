"""The ``entities`` stage: a case-level stage that reads every new text (extracted or OCR) in the workers, decides
its language, keeps the validated identifiers and the named entities (people, organisations, places) found, and
refreshes lab-dictionary hits. The NER models used are recorded, with their SHA-256, in the custody event.
Names the case already holds with their capitals are passed to the workers, so that a name seen title-cased in one
file is found where a chat typed it in lower case or in capitals (issue 19)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import entities, entity_runs, texts
from heroes_desktop.nlp.dictionaries import term_hits
from heroes_desktop.nlp.identifiers import DEFAULT_REGIONS, find_identifiers
from heroes_desktop.nlp.labels import NER_LABELS
from heroes_desktop.nlp.language import detect_language
from heroes_desktop.nlp.ner import MAX_NER_CHARS, find_entities, ner_models, usable_ner_models

BATCH_CHARS = 500_000
KNOWN_NAMES_LIMIT = 20_000  # the case's most frequent names sent to the workers for chat-cased lines
FALLBACK_LANGUAGE = "en"  # texts too short to call are read with this language's model


def _row(file_id: int, source: str, label: str, found_text: str, normalized: str, start: int, end: int) -> dict:
    return {"file_id": file_id, "source": source, "label": label, "text": found_text[:500],
            "normalized": normalized[:500], "start": start, "end": end, "category": None}


def analyse_task(batch: list[tuple[int, str, str]], regions: tuple[str, ...],
                 ner_ids: dict[str, str], known_names: dict[str, str] | None = None) -> dict[str, Any]:
    """Worker side, for a batch of (file_id, source, body): languages, identifiers and named entities."""
    rows: list[dict[str, Any]] = []
    languages = []
    by_model: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for file_id, source, body in batch:
        language, confidence = detect_language(body)
        languages.append((file_id, source, language, confidence))
        rows += [_row(file_id, source, found.label, found.text, found.normalized, found.start, found.end)
                 for found in find_identifiers(body, regions)]
        model_id = ner_ids.get(language or FALLBACK_LANGUAGE)
        if model_id:
            by_model[model_id].append((file_id, source, body))
    for model_id, items in by_model.items():
        for (file_id, source, _), found in zip(items, find_entities([body for _, _, body in items], model_id,
                                                                     known_names)):
            rows += [_row(file_id, source, entity.label, entity.text, " ".join(entity.text.split()),
                          entity.start, entity.end) for entity in found]
    return {"rows": rows, "languages": languages,
            "truncated": sum(len(body) > MAX_NER_CHARS for _, _, body in batch)}


def _unread(connection: Any) -> list[tuple[int, str, str]]:
    return [tuple(row) for row in connection.execute(text(
        "SELECT i.file_id, i.source, i.body FROM text_index i LEFT JOIN entity_runs r "
        "ON r.file_id = i.file_id AND r.source = i.source WHERE r.file_id IS NULL ORDER BY i.file_id"))]


def known_names(connection: Any, limit: int = KNOWN_NAMES_LIMIT) -> dict[str, str]:
    """The case's named entities that were found with capitals: lower-cased name -> its most frequent label."""
    rows = connection.execute(select(entities.c.normalized, entities.c.label, func.count().label("seen"))
                              .where(entities.c.label.in_(NER_LABELS), entities.c.text != func.lower(entities.c.text),
                                     entities.c.text != func.upper(entities.c.text))
                              .group_by(entities.c.normalized, entities.c.label)
                              .order_by(func.count().desc()).limit(limit))
    names: dict[str, str] = {}
    for normalized, label, _ in rows:
        if normalized not in (normalized.lower(), normalized.upper()):  # SQLite's lower() and upper() are ASCII only
            names.setdefault(normalized.lower(), label)
    return names


def _batches(items: list[tuple[int, str, str]], jobs: int) -> list[list[tuple[int, str, str]]]:
    """Batches of at most BATCH_CHARS, small enough that every worker gets several."""
    target = max(20_000, min(BATCH_CHARS, sum(len(item[2]) for item in items) // (jobs * 4) + 1))
    batches, batch, size = [], [], 0
    for item in items:
        batch.append(item)
        size += len(item[2])
        if size >= target:
            batches.append(batch)
            batch, size = [], 0
    return batches + ([batch] if batch else [])


def _store(case: Case, batch: list[tuple[int, str, str]], result: dict[str, Any], run_id: int) -> None:
    with case.bulk() as connection:
        for file_id, source, _ in batch:
            connection.execute(delete(entities).where(entities.c.file_id == file_id,
                                                      entities.c.source == source, entities.c.label != "TERM"))
        if result["rows"]:
            connection.execute(insert(entities), [{**row, "run_id": run_id} for row in result["rows"]])
        for file_id, source, language, confidence in result["languages"]:
            connection.execute(update(texts).where(texts.c.file_id == file_id, texts.c.source == source)
                               .values(language=language, language_confidence=confidence))
        connection.execute(insert(entity_runs).prefix_with("OR REPLACE"),
                           [{"file_id": f, "source": s, "run_id": run_id} for f, s, _ in batch])


def run_entities(case: Case, pool: Executor, run_id: int, regions: tuple[str, ...] = DEFAULT_REGIONS,
                 cancelled: Callable[[], bool] = lambda: False) -> int:
    """Read the texts not read yet, then recompute dictionary hits; returns the entities stored."""
    usable = usable_ner_models()
    ner_ids = {language: spec.id for language, spec in usable.items()}
    with case.reading() as connection:
        unread = _unread(connection)
        names = known_names(connection)
    batches = _batches(unread, getattr(pool, "jobs", 1))
    futures = [(batch, pool.submit(analyse_task, batch, regions, ner_ids, names)) for batch in batches]
    stored = truncated = 0
    for batch, future in futures:
        if cancelled():
            break
        result = future.result()
        _store(case, batch, result, run_id)
        stored += len(result["rows"])
        truncated += result["truncated"]
    details: dict[str, Any] = {
        "run_id": run_id, "texts_read": len(unread), "entities": stored,
        "models": [spec.describe() for spec in usable.values()],
        "models_not_installed": sorted(spec.id for language, spec in ner_models().items() if language not in usable),
        "texts_longer_than_ner_limit": truncated, "ner_limit_chars": MAX_NER_CHARS,
        "known_names_sent": len(names),
    }
    models = {spec.id: spec.sha256 for spec in usable.values()}
    with case.change("entities.computed", details, models=models) as connection:
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
