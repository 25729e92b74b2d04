"""Match a case against its hash sets: exact digests in SQL, perceptual hashes through a Hamming index.

Matches are recomputed whole whenever their inputs change (after an import, at the end of an ingest), in one
transaction with the custody event that records the thresholds used and the counts found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, literal, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files, hashset_entries, hashsets, matches
from heroes_desktop.hashsets.hamming_index import HammingIndex, to_codes
from heroes_desktop.hashsets.readers import PERCEPTUAL_ALGORITHMS

# Chosen from docs/perceptual-thresholds.md (recall on benign transformed photographs vs false matches).
DEFAULT_THRESHOLDS = {"phash": 15, "dhash": 9, "ahash": 7, "whash": 3}
EXACT_ALGORITHMS = ("md5", "sha1", "sha256", "ed2k")


@dataclass(frozen=True)
class MatchSummary:
    exact: int
    perceptual: int
    thresholds: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def compute_matches(case: Case, thresholds: dict[str, int] | None = None) -> MatchSummary:
    thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    details: dict[str, Any] = {"thresholds": thresholds}
    with case.change("matches.computed", details) as connection:
        connection.execute(delete(matches))
        exact = sum(_exact(connection, algorithm) for algorithm in EXACT_ALGORITHMS)
        perceptual = sum(_perceptual(connection, algorithm, radius) for algorithm, radius in thresholds.items())
        details.update(exact=exact, perceptual=perceptual)
    return MatchSummary(exact, perceptual, thresholds)


def _exact(connection: Connection, algorithm: str) -> int:
    """One match per (file, set) for this digest, at the set's first entry of the value.

    A set may hold a value twice (cases imported before duplicates were dropped): SQLite's ``MIN()`` with bare
    columns takes the category from the row holding the smallest entry id.
    """
    file_column = files.c[algorithm]
    query = (
        select(files.c.id, hashset_entries.c.hashset_id, func.min(hashset_entries.c.id), literal(algorithm),
               literal(0), func.coalesce(hashset_entries.c.category, hashsets.c.category))
        .join(hashset_entries, (hashset_entries.c.algorithm == algorithm) & (hashset_entries.c.value == file_column))
        .join(hashsets, hashsets.c.id == hashset_entries.c.hashset_id)
        .group_by(files.c.id, hashset_entries.c.hashset_id)
    )
    result = connection.execute(insert(matches).from_select(
        ["file_id", "hashset_id", "entry_id", "kind", "distance", "category"], query))
    return int(result.rowcount or 0)


def _perceptual(connection: Connection, algorithm: str, radius: int) -> int:
    if algorithm not in PERCEPTUAL_ALGORITHMS:
        raise ValueError(f"unknown perceptual hash {algorithm!r}")
    entries = connection.execute(
        select(hashset_entries.c.id, hashset_entries.c.hashset_id, hashset_entries.c.value,
               func.coalesce(hashset_entries.c.category, hashsets.c.category))
        .join(hashsets, hashsets.c.id == hashset_entries.c.hashset_id)
        .where(hashset_entries.c.algorithm == algorithm)).all()
    if not entries:
        return 0
    index = HammingIndex(to_codes([row[2] for row in entries]), radius)
    categories = {row[0]: row[3] for row in entries}
    found = 0
    for file_ids, values in _file_hashes(connection, algorithm):
        rows = []
        for file_id, hits in zip(file_ids, index.search(to_codes(values)), strict=True):
            nearest: dict[int, tuple[int, int]] = {}  # one match per (file, set): its nearest entry
            for position, distance in hits:
                hashset_id = entries[position][1]
                if (distance, entries[position][0]) < nearest.get(hashset_id, (radius + 1, 0)):
                    nearest[hashset_id] = (distance, entries[position][0])
            rows += [{"file_id": file_id, "hashset_id": hashset_id, "entry_id": entry_id, "kind": algorithm,
                      "distance": distance, "category": categories[entry_id]}
                     for hashset_id, (distance, entry_id) in sorted(nearest.items())]
        if rows:
            connection.execute(insert(matches), rows)
            found += len(rows)
    return found


def _file_hashes(connection: Connection, algorithm: str, page: int = 50_000) -> Iterator[tuple[list[int], list[str]]]:
    column, last = files.c[algorithm], 0
    while True:
        rows = connection.execute(select(files.c.id, column).where(column.is_not(None), files.c.id > last)
                                  .order_by(files.c.id).limit(page)).all()
        if not rows:
            return
        yield [row[0] for row in rows], [row[1] for row in rows]
        last = rows[-1][0]


def list_matches(case: Case) -> list[dict[str, Any]]:
    """The ``heroes matches`` contract: file, path, hash set, kind, distance, category."""
    with case.reading() as connection:
        rows = connection.execute(
            select(matches.c.file_id, files.c.path, hashsets.c.name.label("hashset"), matches.c.kind,
                   matches.c.distance, matches.c.category, hashsets.c.known_good, files.c.evidence_id)
            .join(files, files.c.id == matches.c.file_id)
            .join(hashsets, hashsets.c.id == matches.c.hashset_id)
            .order_by(matches.c.file_id, matches.c.distance, hashsets.c.name)).all()
    return [{**dict(row._mapping), "known_good": bool(row.known_good)} for row in rows]


def near_duplicate_groups(case: Case, algorithm: str = "phash", radius: int | None = None) -> list[list[int]]:
    """Groups of the case's own images within ``radius`` of each other (single linkage), largest first."""
    radius = DEFAULT_THRESHOLDS[algorithm] if radius is None else radius
    with case.reading() as connection:
        pairs = [pair for chunk in _file_hashes(connection, algorithm) for pair in zip(*chunk, strict=True)]
    if not pairs:
        return []
    ids = [file_id for file_id, _ in pairs]
    codes = to_codes([value for _, value in pairs])
    parent = list(range(len(ids)))

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    for position, hits in enumerate(HammingIndex(codes, radius).search(codes)):
        for other, _ in hits:
            parent[root(other)] = root(position)
    groups: dict[int, list[int]] = {}
    for position, file_id in enumerate(ids):
        groups.setdefault(root(position), []).append(file_id)
    return sorted((sorted(group) for group in groups.values() if len(group) > 1), key=len, reverse=True)
