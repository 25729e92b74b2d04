"""The ``heroes p2p`` contract: one JSON-ready record per thing a P2P client recorded, with the artifact it was read
from, the case files that are its content, and the hash-set matches of either.

A record matches a hash set in two ways: one of its content files matched (``via: "content"``), or the hash the
client kept (ED2K, SHA-1, MD5) is in the set although the file itself is gone (``via: "record"``): an eMule
``known.met`` keeps the ED2K hashes of files shared long ago and deleted since, which is often the proof of
distribution. Matches come first in the listing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from heroes_desktop.case.schema import files, hashset_entries, hashsets, matches, p2p_links, p2p_records

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case

RECORD_HASHES = ("ed2k", "sha1", "md5")
CLIENT_NAMES = {"emule": "eMule", "utorrent": "µTorrent", "bittorrent": "BitTorrent", "qbittorrent": "qBittorrent",
                "transmission": "Transmission", "shareaza": "Shareaza", "ares": "Ares"}  # "torrent": no client


@dataclass(frozen=True)
class ClientRecords:
    """One client's records as :func:`list_p2p` shapes them, matched ones first; ``matched`` counts those."""

    client: str
    records: tuple[dict[str, Any], ...]
    matched: int


@dataclass(frozen=True)
class P2POverview:
    """The records of a filter grouped by client (clients with matches first, then by name), with what the whole
    case holds: ``total`` records of the ``kinds`` (kind -> count), whatever the filter."""

    clients: tuple[ClientRecords, ...]
    total: int
    kinds: dict[str, int]

    @property
    def shown(self) -> int:
        return sum(len(group.records) for group in self.clients)


def p2p_overview(case: Case, kind: str | None = None, matched_only: bool = False) -> P2POverview:
    """The P2P panel's listing: :func:`list_p2p` grouped by client, and the case's record counts per kind."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in list_p2p(case, kind=kind, matched_only=matched_only):
        groups[record["client"]].append(record)
    clients = [ClientRecords(client, tuple(records), sum(1 for record in records if record["matches"]))
               for client, records in groups.items()]
    clients.sort(key=lambda group: (group.matched == 0, group.client))
    with case.reading() as connection:
        kinds = {str(name): int(count) for name, count in connection.execute(
            select(p2p_records.c.kind, func.count()).group_by(p2p_records.c.kind).order_by(p2p_records.c.kind))}
    return P2POverview(tuple(clients), sum(kinds.values()), kinds)


def files_of(records: Iterable[dict[str, Any]], what: str) -> list[int]:
    """The case files of ``records``, each once in the records' order: their ``"content"`` (the files linked to
    them) or their ``"artifact"`` (the client files they were read from)."""
    if what not in ("content", "artifact"):
        raise ValueError(f"no files {what!r} of a P2P record: content or artifact")
    found: dict[int, None] = {}
    for record in records:
        ids = record["content_file_ids"] if what == "content" else [record["artifact_file_id"]]
        found.update(dict.fromkeys(int(file_id) for file_id in ids))
    return list(found)


def list_p2p(case: Case, client: str | None = None, kind: str | None = None,
             matched_only: bool = False) -> Iterator[dict[str, Any]]:
    """Every record (of one client or kind when asked), matched records first, then by artifact and position."""
    with case.reading() as connection:
        query = select(p2p_records, files.c.path.label("artifact_path")).join(
            files, files.c.id == p2p_records.c.file_id)
        if client:
            query = query.where(p2p_records.c.client == client.lower())
        if kind:
            query = query.where(p2p_records.c.kind == kind.lower())
        rows = connection.execute(query.order_by(p2p_records.c.file_id, p2p_records.c.ordinal)).all()
        content = _content(connection)
        content_matches = _file_matches(connection, {file_id for links in content.values() for file_id, *_ in links})
        record_matches = _record_matches(connection, rows)
    shaped = []
    for row in rows:
        links = content.get(row.id, [])
        found = [{**match, "via": "content", "file_id": file_id}
                 for file_id, *_ in links for match in content_matches.get(file_id, [])]
        found += [{**match, "via": "record"} for match in record_matches.get(row.id, [])]
        if matched_only and not found:
            continue
        shaped.append(_shape(row, links, found))
    shaped.sort(key=lambda record: not record["matches"])  # stable: matches first, then the artifact order
    yield from shaped


def _shape(row: Any, links: list[tuple[int, str, dict[str, Any], str]], found: list[dict[str, Any]]
           ) -> dict[str, Any]:
    return {
        "id": row.id, "client": row.client, "kind": row.kind, "name": row.name, "size": row.size,
        "infohash": row.infohash, "infohash_v2": row.infohash_v2, "ed2k": row.ed2k,
        "times": json.loads(row.times or "{}"), "details": json.loads(row.details or "{}"),
        "artifact_file_id": row.file_id, "artifact_path": row.artifact_path,
        "content_file_ids": [file_id for file_id, *_ in links],
        "content": [{"file_id": file_id, "basis": basis, "path": path, **detail}
                    for file_id, basis, detail, path in links],
        "matches": found,
    }


def _content(connection: Any) -> dict[int, list[tuple[int, str, dict[str, Any], str]]]:
    content: dict[int, list[tuple[int, str, dict[str, Any], str]]] = defaultdict(list)
    for record_id, file_id, basis, detail, path in connection.execute(
            select(p2p_links.c.record_id, p2p_links.c.file_id, p2p_links.c.basis, p2p_links.c.detail, files.c.path)
            .join(files, files.c.id == p2p_links.c.file_id).order_by(p2p_links.c.record_id, p2p_links.c.file_id)):
        content[int(record_id)].append((int(file_id), basis, json.loads(detail or "{}"), path))
    return content


def _file_matches(connection: Any, file_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = sorted(file_ids)
    for start in range(0, len(ids), 500):
        for file_id, name, category, kind, set_category in connection.execute(
                select(matches.c.file_id, hashsets.c.name, matches.c.category, matches.c.kind, hashsets.c.category)
                .join(hashsets, hashsets.c.id == matches.c.hashset_id)
                .where(matches.c.file_id.in_(ids[start:start + 500]), hashsets.c.known_good.is_(False))):
            found[int(file_id)].append({"hashset": name, "category": category or set_category, "kind": kind})
    return found


def _record_matches(connection: Any, rows: list[Any]) -> dict[int, list[dict[str, Any]]]:
    """Hash-set entries that hold a hash the record itself carries."""
    wanted: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in rows:
        if row.ed2k:
            wanted[("ed2k", row.ed2k.lower())].append(row.id)
        details = json.loads(row.details or "{}")
        for algorithm in ("sha1", "md5"):
            if isinstance(details.get(algorithm), str):
                wanted[(algorithm, details[algorithm].lower())].append(row.id)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    _cancelled_matches(connection, rows, found)
    by_algorithm: dict[str, list[str]] = defaultdict(list)
    for algorithm, value in wanted:
        by_algorithm[algorithm].append(value)
    for algorithm, values in by_algorithm.items():
        for start in range(0, len(values), 500):
            for value, name, category, set_category in connection.execute(
                    select(hashset_entries.c.value, hashsets.c.name, hashset_entries.c.category, hashsets.c.category)
                    .join(hashsets, hashsets.c.id == hashset_entries.c.hashset_id)
                    .where(hashset_entries.c.algorithm == algorithm,
                           hashset_entries.c.value.in_(values[start:start + 500]),
                           hashsets.c.known_good.is_(False))):
                for record_id in wanted[(algorithm, value)]:
                    found[record_id].append({"hashset": name, "category": category or set_category,
                                             "kind": algorithm})
    return found


def _cancelled_matches(connection: Any, rows: list[Any], found: dict[int, list[dict[str, Any]]]) -> None:
    """A download eMule cancelled keeps only MD5(seed, ED2K): a hash set's ED2K entry that gives that key is it."""
    from heroes_desktop.p2p.content_links import seeded_cancellations
    from heroes_desktop.p2p.emule import cancelled_key

    wanted = seeded_cancellations(rows)
    if not wanted:
        return
    entries = connection.execute(
        select(hashset_entries.c.value, hashsets.c.name, hashset_entries.c.category, hashsets.c.category)
        .join(hashsets, hashsets.c.id == hashset_entries.c.hashset_id)
        .where(hashset_entries.c.algorithm == "ed2k", hashsets.c.known_good.is_(False))).all()
    for seed, keys in wanted.items():
        for value, name, category, set_category in entries:
            for record_id in keys.get(cancelled_key(seed, value), []):
                found[record_id].append({"hashset": name, "category": category or set_category, "kind": "ed2k"})
