"""Synthetic entities for scale tests and the GUI benchmark: ``distinct`` entities with ``mentions`` rows in all,
spread over the case's files, written straight into ``entities`` through ``Case.bulk()``.

Real cases have a few entities in many documents (a company's name, its switchboard number) and a long tail seen
once; the file counts here follow a Zipf-like law for that reason, so that the top of the browser and the links
between the most frequent entities are as dense as they get in a real case. The values are invented and plainly
synthetic ("Person 00042", "+99900042"); nothing here is read from or resembles real data.

A case without files (a fresh one made by a test) gets a synthetic evidence item, a volume and ``files`` file
entries to hold the mentions. The build is bracketed by ``synthetic.started`` / ``synthetic.finished`` custody
events, as an ingest brackets its bulk results. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from itertools import accumulate
from typing import Any

from sqlalchemy import insert

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, files, volumes
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError

BATCH_ROWS = 50_000
# label, share of the distinct entities, how a value is written (normalized, text)
LABEL_SHARES: tuple[tuple[str, float], ...] = (
    ("PERSON", 0.30), ("ORG", 0.10), ("LOC", 0.08), ("EMAIL", 0.15), ("PHONE", 0.15), ("IBAN", 0.05),
    ("URL", 0.04), ("CRYPTO", 0.03), ("HANDLE", 0.06), ("CARD", 0.02), ("TERM", 0.02),
)
ZIPF_EXPONENT = 1.1
MAX_FILE_SHARE = 0.05  # the most frequent entity is in at most this share of the files


def _value(label: str, number: int) -> tuple[str, str]:
    """(normalized, written form) of synthetic entity ``number`` of ``label``."""
    if label == "PERSON":
        return f"Person {number:06d}", f"Person {number:06d}"
    if label == "ORG":
        return f"Company {number:06d} Ltd", f"Company {number:06d} Ltd"
    if label == "LOC":
        return f"Place {number:06d}", f"Place {number:06d}"
    if label == "EMAIL":
        return f"user{number:06d}@synthetic.invalid", f"User{number:06d}@synthetic.invalid"
    if label == "PHONE":
        return f"+999{number:08d}", f"+999 {number:08d}"
    if label == "IBAN":
        return f"XX00SYNT{number:012d}", f"XX00 SYNT {number:012d}"
    if label == "URL":
        return f"http://site{number:06d}.invalid", f"site{number:06d}.invalid"
    if label == "CRYPTO":
        return f"bitcoin:syn{number:030d}", f"syn{number:030d}"
    if label == "HANDLE":
        return f"@user{number:06d}", f"@user{number:06d}"
    if label == "CARD":
        return f"0000{number:012d}", f"0000 {number:012d}"
    return f"term {number:06d}", f"term {number:06d}"


def _file_ids(case: Case, wanted: int) -> list[int]:
    """The case's file entries (not folders); with none, ``wanted`` synthetic ones are added first."""
    with case.reading() as connection:
        ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM files WHERE kind != 'dir' ORDER BY id")]
    if ids:
        return ids
    now = utc_now_iso()
    name = case.actor.name if case.actor else ""
    with case.bulk() as connection:
        evidence_id = connection.execute(insert(evidence).values(
            label="synthetic documents", format="folder", paths=json.dumps(["/synthetic/documents"]), added_at=now,
            added_by=name, volumes_scanned=True)).inserted_primary_key[0]
        volume_id = connection.execute(insert(volumes).values(
            evidence_id=evidence_id, offset=0, length=0, description="synthetic folder", status="ok",
            walked=True)).inserted_primary_key[0]
        first = int(connection.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM files").scalar_one())
        rows = [{"id": first + number, "evidence_id": evidence_id, "volume_id": volume_id, "ordinal": number,
                 "path": f"/documents/doc{number:07d}.txt", "name": f"doc{number:07d}.txt", "kind": "file",
                 "size": 1000, "deleted": False, "mime": "text/plain", "status": "ok", "folder": "/documents"}
                for number in range(wanted)]
        for start in range(0, len(rows), BATCH_ROWS):
            connection.execute(insert(files), rows[start:start + BATCH_ROWS])
    return [row["id"] for row in rows]


def _labels(rng: random.Random, distinct: int) -> list[str]:
    cumulative = list(accumulate(share for _, share in LABEL_SHARES))
    return [LABEL_SHARES[min(bisect_left(cumulative, rng.random() * cumulative[-1]), len(LABEL_SHARES) - 1)][0]
            for _ in range(distinct)]


def _mention_counts(distinct: int, mentions: int, cap: int) -> list[int]:
    """Mentions per entity (rank order): at least one each, the rest by a Zipf law (none above ``cap``), what is left
    spread evenly, so that the tail is mentioned a few times as in a real case."""
    weights = [1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(distinct)]
    total = sum(weights)
    extra = mentions - distinct
    counts = [1 + min(cap - 1, int(extra * weight / total)) for weight in weights]
    shortfall = mentions - sum(counts)
    open_ranks = [rank for rank in range(distinct) if counts[rank] < cap]
    while shortfall > 0 and open_ranks:  # what rounding and the cap left over is spread over the others
        each, rest = divmod(shortfall, len(open_ranks))
        for position, rank in enumerate(open_ranks):
            added = min(cap - counts[rank], each + (position < rest))
            counts[rank] += added
            shortfall -= added
        open_ranks = [rank for rank in open_ranks if counts[rank] < cap]
    return counts


def add_synthetic_entities(case: Case, distinct: int, mentions: int, seed: int = 7, *,
                           files: int | None = None) -> dict[str, Any]:
    """Write ``distinct`` synthetic entities with ``mentions`` mention rows in all over the case's files (or over
    ``files`` synthetic files, ``distinct // 5`` by default, in a case that has none). Returns the counts."""
    if distinct < 1 or mentions < distinct:
        raise UsageError(f"need at least one entity and a mention each, not {distinct} entities, {mentions} mentions")
    rng = random.Random(seed)
    case.record("synthetic.started", {"entities": distinct, "mentions": mentions, "seed": seed})
    file_ids = _file_ids(case, files or max(100, distinct // 5))
    labels = _labels(rng, distinct)
    cap = max(2, int(len(file_ids) * MAX_FILE_SHARE) * 2)
    counts = _mention_counts(distinct, mentions, cap)
    numbers: dict[str, int] = {}
    rows: list[tuple[Any, ...]] = []
    written = 0
    for label, count in zip(labels, counts):
        numbers[label] = numbers.get(label, 0) + 1
        normalized, text = _value(label, numbers[label])
        category = "synthetic" if label == "TERM" else None
        holders = rng.sample(file_ids, min(len(file_ids), max(1, (count + 1) // 2)))
        for mention in range(count):
            file_id = holders[mention % len(holders)]
            shown = text if mention % 4 else normalized  # two written forms: the most frequent is ``text``
            start = rng.randrange(0, 5000)
            rows.append((file_id, "text", label, shown, normalized, start, start + len(shown), category))
        if len(rows) >= BATCH_ROWS:
            written += _write(case, rows)
            rows = []
    written += _write(case, rows)
    summary = {"entities": distinct, "mentions": written, "files": len(file_ids), "seed": seed}
    case.record("synthetic.finished", summary)
    return summary


def _write(case: Case, rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    with case.bulk() as connection:
        connection.exec_driver_sql(
            'INSERT INTO entities (file_id, source, label, text, normalized, start, "end", category) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
