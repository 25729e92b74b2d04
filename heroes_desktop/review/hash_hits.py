"""What the case's hash sets say about its pictures: every match of a file, and the one category they give it.

A file can match several sets, exactly (MD5, SHA-1, SHA-256, ED2K) or perceptually (pHash and the others, within the
default thresholds). Exact matches speak for the file's content; a perceptual match says only that it looks like a
listed picture. So the category a file *inherits* is that of its exact matches when it has any, else that of its
perceptual ones; when the matches of the deciding kind disagree the file inherits none and is a *conflict* for the
examiner to decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from heroes_desktop.hashsets.categories import KNOWN_GOOD, normalise_category
from heroes_desktop.hashsets.matching import EXACT_ALGORITHMS


@dataclass(frozen=True)
class HashHit:
    """One match of a file against one set."""

    hashset: str
    category: str | None
    kind: str  # md5, sha1, sha256, ed2k, phash, dhash, ahash, whash
    distance: int
    known_good: bool

    @property
    def exact(self) -> bool:
        return self.kind in EXACT_ALGORITHMS


@dataclass(frozen=True)
class HashVerdict:
    """The hash sets' word on one file."""

    hits: tuple[HashHit, ...]
    category: str | None  # the category it inherits; None when no set gives one or they disagree
    exact: bool  # the category comes from exact matches
    conflict: tuple[str, ...] = ()  # the disagreeing categories, when there is a conflict

    @property
    def hashsets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.hashset for hit in self.hits))


def _category(value: object) -> str | None:
    try:
        category = normalise_category(value)
    except ValueError:
        return None
    return None if category == KNOWN_GOOD else category


def verdict(hits: Iterable[HashHit]) -> HashVerdict:
    """The category that ``hits`` give a file (see the module's note)."""
    hits = tuple(sorted(hits, key=lambda hit: (not hit.exact, hit.distance, hit.hashset, hit.kind)))
    for exact in (True, False):
        categories = sorted({category for hit in hits if hit.exact is exact and not hit.known_good
                             if (category := _category(hit.category))})
        if len(categories) == 1:
            return HashVerdict(hits, categories[0], exact)
        if len(categories) > 1:
            return HashVerdict(hits, None, exact, tuple(categories))
    return HashVerdict(hits, None, False)


def hash_verdicts(connection: Connection, file_ids: Iterable[int] | None = None) -> dict[int, HashVerdict]:
    """The verdict of every file with at least one match (of ``file_ids`` only, when given)."""
    sql = ("SELECT m.file_id, h.name, m.category, m.kind, m.distance, h.known_good FROM matches m "
           "JOIN hashsets h ON h.id = m.hashset_id")
    rows: list[tuple] = []
    if file_ids is None:
        rows = list(connection.exec_driver_sql(sql))
    else:
        wanted = list(dict.fromkeys(int(file_id) for file_id in file_ids))
        for start in range(0, len(wanted), 900):  # SQLite's bound-parameter limit, with room
            chunk = wanted[start:start + 900]
            rows += connection.exec_driver_sql(
                sql + f" WHERE m.file_id IN ({','.join('?' * len(chunk))})", tuple(chunk)).all()
    by_file: dict[int, list[HashHit]] = {}
    for file_id, name, category, kind, distance, known_good in rows:
        by_file.setdefault(int(file_id), []).append(HashHit(name, category, kind, int(distance), bool(known_good)))
    return {file_id: verdict(hits) for file_id, hits in by_file.items()}
