"""Which case files a P2P record describes: the ``p2p-content`` case stage.

It runs once every item is hashed and links a record to a file when

- ``ed2k``: the record's eDonkey hash is the file's (eMule, Shareaza, Ares), or, for a download eMule cancelled,
  the file's ED2K gives the key ``cancelled.met`` keeps (MD5 of the list's seed and the hash);
- ``sha1`` / ``md5``: a hash the client kept of the whole file is the file's (Ares, Shareaza);
- ``pieces``: a torrent's file has the file's size and every sampled BitTorrent v1 piece that lies wholly inside
  it hashes as the torrent says (the link records how many were compared and matched);
- ``pieces-root``: a BitTorrent v2 file's Merkle root is the one computed over the case file;
- ``name-and-size``: only name and size agree (no piece could be checked): a lead, not a proof;
- ``torrent``: a resume record's info-hash is that of a torrent in the case (for a v2-only torrent, its SHA-256
  cut to 20 bytes, as libtorrent keys it), whose content is linked.

The links are recomputed from nothing on every run, in one transaction with the ``p2p.linked`` custody event.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from heroes_desktop.case.schema import files, p2p_links, p2p_records

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case

CONTENT_KINDS = ("file", "virtual", "member", "stream")
NOT_CONTENT = ("search", "shared-folder", "setting")  # records that name no file's content
MAX_CANDIDATES = 64  # case files of one size checked against one torrent file
MAX_ROOT_BYTES = 1 << 30  # a v2 root is computed over the whole file: not past this size


@dataclass(frozen=True)
class Link:
    record_id: int
    file_id: int
    basis: str
    detail: dict[str, Any]


def link_content(case: Case, run_id: int, cancelled: Callable[[], bool] = lambda: False) -> dict[str, int]:
    """Recompute every record's content links; returns counts by basis (recorded in ``p2p.linked``)."""
    with case.reading() as connection:
        records = connection.execute(select(
            p2p_records.c.id, p2p_records.c.kind, p2p_records.c.name, p2p_records.c.size, p2p_records.c.ed2k,
            p2p_records.c.infohash, p2p_records.c.infohash_v2, p2p_records.c.details,
            p2p_records.c.content_keys).where(p2p_records.c.kind.not_in(NOT_CONTENT))).all()
        links = list(_hash_links(connection, records))
        links += _cancelled_links(connection, records)
    links += _torrent_links(case, records, cancelled)
    links += _via_torrent_links(records, links)
    unique = {(link.record_id, link.file_id): link for link in sorted(links, key=_strength)}
    counts: dict[str, int] = defaultdict(int)
    for link in unique.values():
        counts[link.basis] += 1
    details: dict[str, Any] = {"run_id": run_id, "records": len(records), "links": len(unique),
                               "by_basis": dict(sorted(counts.items()))}
    with case.change("p2p.linked", details) as connection:
        connection.execute(delete(p2p_links))
        if unique:
            connection.execute(insert(p2p_links), [
                {"record_id": link.record_id, "file_id": link.file_id, "basis": link.basis,
                 "detail": json.dumps(link.detail, sort_keys=True)} for link in unique.values()])
    return dict(counts)


STRENGTH = ("name-and-size", "torrent", "pieces", "md5", "sha1", "pieces-root", "ed2k")


def _strength(link: Link) -> int:
    """Weakest first, so that the strongest basis of a (record, file) pair is the one kept."""
    return STRENGTH.index(link.basis)


def _hash_links(connection: Any, records: list[Any]) -> Iterable[Link]:
    """Links by a whole-file hash the record carries (ED2K, SHA-1, MD5)."""
    wanted: dict[str, dict[str, list[int]]] = {"ed2k": defaultdict(list), "sha1": defaultdict(list),
                                               "md5": defaultdict(list)}
    for record in records:
        if record.ed2k:
            wanted["ed2k"][record.ed2k.lower()].append(record.id)
        details = json.loads(record.details or "{}")
        for algorithm in ("sha1", "md5"):
            value = details.get(algorithm)
            if isinstance(value, str) and value:
                wanted[algorithm][value.lower()].append(record.id)
    for algorithm, by_hash in wanted.items():
        column = files.c[algorithm]
        values = list(by_hash)
        for start in range(0, len(values), 500):
            for file_id, value in connection.execute(select(files.c.id, column).where(
                    column.in_(values[start:start + 500]), files.c.kind.in_(CONTENT_KINDS))):
                for record_id in by_hash[value]:
                    yield Link(record_id, int(file_id), algorithm, {})


def seeded_cancellations(records: Iterable[Any]) -> dict[int, dict[str, list[int]]]:
    """eMule's seeded cancelled downloads among ``records`` (rows with ``id`` and JSON ``details``): seed -> kept
    key -> record ids."""
    wanted: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        details = json.loads(record.details or "{}")
        if isinstance(details.get("seed"), int) and isinstance(details.get("hashed_ed2k"), str):
            wanted[details["seed"]][details["hashed_ed2k"]].append(record.id)
    return wanted


def _cancelled_links(connection: Any, records: list[Any]) -> list[Link]:
    """eMule 0.47+ keeps a cancelled download as MD5(seed, ED2K): a case file whose ED2K gives that key is it."""
    from heroes_desktop.p2p.emule import cancelled_key

    wanted = seeded_cancellations(records)
    if not wanted:
        return []
    by_ed2k: dict[str, list[int]] = defaultdict(list)
    for file_id, ed2k in connection.execute(select(files.c.id, files.c.ed2k).where(
            files.c.ed2k.is_not(None), files.c.kind.in_(CONTENT_KINDS))):
        by_ed2k[ed2k].append(int(file_id))
    links = []
    for seed, keys in wanted.items():
        for ed2k, file_ids in by_ed2k.items():
            for record_id in keys.get(cancelled_key(seed, ed2k), []):
                links += [Link(record_id, file_id, "ed2k", {"cancelled_key": True}) for file_id in file_ids]
    return links


def _torrent_links(case: Case, records: list[Any], cancelled: Callable[[], bool]) -> list[Link]:
    """Links of torrents' files to case files of the same size, by sampled pieces or v2 roots."""
    torrents = [(record, json.loads(record.content_keys)) for record in records if record.content_keys]
    if not torrents:
        return []
    sizes = {entry["size"] for _, keys in torrents for entry in keys.get("files", []) if entry.get("size")}
    with case.reading() as connection:
        by_size: dict[int, list[tuple[int, str]]] = defaultdict(list)
        size_list = sorted(sizes)
        for start in range(0, len(size_list), 500):
            for file_id, size, name in connection.execute(
                    select(files.c.id, files.c.size, files.c.name).where(
                        files.c.size.in_(size_list[start:start + 500]), files.c.kind.in_(CONTENT_KINDS),
                        files.c.status != "failed").order_by(files.c.id)):
                if len(by_size[size]) < MAX_CANDIDATES:
                    by_size[size].append((int(file_id), name))
    if not by_size:
        return []
    from heroes_desktop.browse.item_content import ItemContentReader

    links: list[Link] = []
    reader = ItemContentReader(case)
    try:
        for record, keys in torrents:
            for entry in keys.get("files", []):
                if cancelled():
                    return links
                for file_id, name in by_size.get(entry.get("size") or -1, []):
                    link = _check_candidate(reader, record.id, file_id, name, entry, keys)
                    if link is not None:
                        links.append(link)
    finally:
        reader.close()
    return links


def _check_candidate(reader: Any, record_id: int, file_id: int, name: str, entry: dict[str, Any],
                     keys: dict[str, Any]) -> Link | None:
    """One case file against one torrent file: pieces first, then the v2 root, then name and size."""
    detail: dict[str, Any] = {"torrent_path": entry["path"]}
    read = _reader_of(reader, file_id)
    samples = entry.get("samples") or []
    if samples:
        matched = 0
        for sample in samples:
            data = read(sample["start"], sample["length"]) + bytes(sample.get("pad", 0))
            matched += hashlib.sha1(data).hexdigest() == sample["sha1"]
        if matched:
            return Link(record_id, file_id, "pieces",
                        {**detail, "pieces_matched": matched, "pieces_compared": len(samples),
                         "pieces_in_file": entry.get("pieces_in_file", len(samples))})
        return None  # the pieces say this is another file of that size
    if entry.get("pieces_root") and entry["size"] <= MAX_ROOT_BYTES:
        from heroes_desktop.p2p.torrent_content import pieces_root_of

        if pieces_root_of(read, entry["size"], keys["piece_length"]) == entry["pieces_root"]:
            return Link(record_id, file_id, "pieces-root", detail)
        return None
    if entry["path"].rsplit("/", 1)[-1].lower() == (name or "").lower():
        return Link(record_id, file_id, "name-and-size", detail)
    return None


def _reader_of(reader: Any, file_id: int) -> Callable[[int, int], bytes]:
    return lambda offset, length: reader.read(file_id, offset, length)


def _via_torrent_links(records: list[Any], links: list[Link]) -> list[Link]:
    """A resume record whose info-hash is a torrent's in the case describes that torrent's content."""
    linked: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        linked[link.record_id].append(link)
    by_infohash: dict[str, list[Link]] = defaultdict(list)
    torrent_ids = set()
    for record in records:
        if record.kind == "torrent":
            torrent_ids.add(record.id)
            # a v2-only torrent is known to v1-era records by its SHA-256 cut to 20 bytes (libtorrent's info_hash_t)
            for value in (record.infohash, record.infohash_v2, (record.infohash_v2 or "")[:40]):
                if value:
                    by_infohash[value.lower()] += linked.get(record.id, [])
    found = []
    for record in records:
        if record.id in torrent_ids:
            continue
        for value in (record.infohash, record.infohash_v2):
            for link in by_infohash.get((value or "").lower(), []):
                found.append(Link(record.id, link.file_id, "torrent", {**link.detail, "basis_of_torrent": link.basis}))
    return found
