"""The SQLite file formats read byte by byte (https://www.sqlite.org/fileformat2.html): the database header, the
freelist, the unused space inside b-tree pages, and the ``-wal`` and rollback ``-journal`` files beside a database.

Pure Python over bytes already in memory: nothing here opens a file or runs SQLite, so hostile input can raise
:class:`SqliteFormatError` but cannot crash the process. Every length read from the input is checked against the
input before it is used.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}
BTREE_PAGE_TYPES = {2: 12, 5: 12, 10: 8, 13: 8}  # page type -> b-tree page header length (interior 12, leaf 8)
WAL_MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # the byte order of the checksum words
WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
WAL_VERSION = 3007000
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
JOURNAL_HEADER_BYTES = 28


class SqliteFormatError(ValueError):
    """The bytes are not the SQLite structure they claim to be, or are damaged past reading."""


@dataclass(frozen=True)
class DatabaseHeader:
    page_size: int
    usable_size: int  # the page size less the bytes reserved at the end of each page (encryption extensions)
    page_count: int  # pages the header (or, where it is stale, the file's length) says the database has
    freelist_trunk: int  # first freelist trunk page, 0 when the freelist is empty
    freelist_count: int
    encoding: str  # utf-8, utf-16-le or utf-16-be: how the database stores its text
    auto_vacuum: bool  # pointer-map pages are present
    wal_mode: bool  # the file format numbers say WAL (2, 2)


def parse_header(data: bytes) -> DatabaseHeader:
    """The database header of ``data`` (the main file's bytes)."""
    if not data.startswith(SQLITE_HEADER):
        raise SqliteFormatError("not an SQLite database: the 'SQLite format 3' header is missing")
    if len(data) < HEADER_BYTES:
        raise SqliteFormatError(f"the database header is cut short: {len(data)} of {HEADER_BYTES} bytes")
    raw_size = struct.unpack_from(">H", data, 16)[0]
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        raise SqliteFormatError(f"the header's page size {raw_size} is not a power of two from 512 to 65536")
    usable = page_size - data[20]
    if usable < 480:
        raise SqliteFormatError(f"the header reserves {data[20]} bytes of each {page_size}-byte page")
    change_counter, stated_pages, trunk, free_count = struct.unpack_from(">IIII", data, 24)
    valid_for = struct.unpack_from(">I", data, 92)[0]
    page_count = stated_pages if stated_pages and valid_for == change_counter else -(-len(data) // page_size)
    encoding = ENCODINGS.get(struct.unpack_from(">I", data, 56)[0], "utf-8")  # 0 in an empty database: UTF-8
    return DatabaseHeader(page_size, usable, page_count, trunk, free_count, encoding,
                          struct.unpack_from(">I", data, 52)[0] != 0, data[18:20] == b"\x02\x02")


def page_bytes(data: bytes, header: DatabaseHeader, number: int) -> bytes:
    """Page ``number`` (1-based); shorter (or empty) when the file is cut short."""
    start = (number - 1) * header.page_size
    return data[start:start + header.page_size]


@dataclass(frozen=True)
class FreeArea:
    """Bytes that hold no live content: where deleted records survive until SQLite reuses the space."""

    page: int
    offset: int  # from the start of the page
    length: int
    kind: str  # freelist trunk, freelist leaf, freeblock, unallocated


def freelist_pages(data: bytes, header: DatabaseHeader) -> tuple[dict[int, str], list[str]]:
    """The pages on the freelist (page -> ``freelist trunk`` or ``freelist leaf``) and what was wrong with it.

    The trunk chain is followed while it stays inside the file and does not loop; a damaged freelist yields the
    pages found up to the damage and a problem saying where it stopped."""
    pages: dict[int, str] = {}
    problems: list[str] = []
    trunk, leaf_slots = header.freelist_trunk, (header.usable_size - 8) // 4
    while trunk:
        if not 1 < trunk <= header.page_count or trunk in pages:
            problems.append(f"the freelist points to page {trunk}, outside the database or already listed")
            break
        page = page_bytes(data, header, trunk)
        if len(page) < 8:
            problems.append(f"freelist trunk page {trunk} lies past the end of the file")
            break
        pages[trunk] = "freelist trunk"
        following, count = struct.unpack_from(">II", page, 0)
        if count > leaf_slots:
            problems.append(f"freelist trunk page {trunk} claims {count} leaf pages, more than a page holds")
            count = leaf_slots
        for (leaf,) in struct.iter_unpack(">I", page[8:8 + 4 * count]):
            if 1 < leaf <= header.page_count and leaf not in pages:
                pages[leaf] = "freelist leaf"
        trunk = following
    listed = len(pages)
    if listed != header.freelist_count and not problems:
        problems.append(f"the header counts {header.freelist_count} freelist pages, the freelist holds {listed}")
    return pages, problems


def pointer_map_pages(header: DatabaseHeader) -> set[int]:
    """The pointer-map pages of an auto-vacuum database (page 2, then every ``usable / 5 + 1`` pages)."""
    if not header.auto_vacuum:
        return set()
    step = header.usable_size // 5 + 1
    return set(range(2, header.page_count + 1, step))


def btree_free_areas(page: bytes, number: int, usable_size: int) -> list[FreeArea]:
    """The unallocated gap (between the cell pointers and the cell content) and the freeblocks of a b-tree page;
    an empty list for a page that is not a well-formed b-tree page (overflow pages, damage)."""
    base = HEADER_BYTES if number == 1 else 0
    if len(page) < base + 8:
        return []
    header_length = BTREE_PAGE_TYPES.get(page[base])
    if header_length is None:
        return []
    first_freeblock, cells, content_start = struct.unpack_from(">HHH", page, base + 1)
    content_start = content_start or 65536
    pointers_end = base + header_length + 2 * cells
    end = min(usable_size, len(page))
    if pointers_end > content_start or content_start > end:
        return []
    areas = [FreeArea(number, pointers_end, content_start - pointers_end, "unallocated")] \
        if content_start > pointers_end else []
    seen: set[int] = set()
    offset = first_freeblock
    while offset and offset not in seen and content_start <= offset <= end - 4:
        seen.add(offset)
        following, size = struct.unpack_from(">HH", page, offset)
        if size < 4 or offset + size > end:
            break
        areas.append(FreeArea(number, offset + 4, size - 4, "freeblock"))  # its first 4 bytes: the chain
        if following and following <= offset:
            break  # freeblocks are kept in ascending order: a backward link is damage
        offset = following
    return areas


def free_areas(data: bytes, header: DatabaseHeader) -> tuple[list[FreeArea], list[str]]:
    """Every free area of the database file, page by page, and the problems met on the way.

    Freelist pages are free whole (a trunk page past its list of leaves); every other page is read as a b-tree
    page when its first byte says it is one and its header is consistent. Overflow pages start with a page number
    below 2^24 (a zero first byte), so they are never taken for b-tree pages."""
    freelist, problems = freelist_pages(data, header)
    skipped = pointer_map_pages(header)
    pages_in_file = -(-len(data) // header.page_size)
    if pages_in_file < header.page_count:
        problems.append(f"the file is cut short: {pages_in_file} of the {header.page_count} pages the header states")
    areas: list[FreeArea] = []
    for number in range(1, min(pages_in_file, header.page_count) + 1):
        page = page_bytes(data, header, number)
        kind = freelist.get(number)
        if kind == "freelist trunk":
            count = min(struct.unpack_from(">I", page, 4)[0], (header.usable_size - 8) // 4) if len(page) >= 8 else 0
            start = 8 + 4 * count
            areas.append(FreeArea(number, start, max(0, min(len(page), header.usable_size) - start), kind))
        elif kind == "freelist leaf":
            areas.append(FreeArea(number, 0, min(len(page), header.usable_size), kind))
        elif number not in skipped:
            areas += btree_free_areas(page, number, header.usable_size)
    return [area for area in areas if area.length > 0], problems


# ------------------------------------------------------------------------------------------------------ the -wal


@dataclass(frozen=True)
class WalFrame:
    index: int  # 0-based position in the file
    page: int
    offset: int  # of the page's bytes in the -wal file
    commit: bool  # the last frame of a transaction (it states the database's size after it)
    state: str  # committed, uncommitted (after the last commit), damaged (fails its checksum), stale (old salt)


@dataclass(frozen=True)
class WalSummary:
    page_size: int
    frames: tuple[WalFrame, ...]
    problems: tuple[str, ...]  # damage: frames that fail their checksum, a torn last frame

    @property
    def committed(self) -> tuple[WalFrame, ...]:
        return tuple(frame for frame in self.frames if frame.state == "committed")

    @property
    def transactions(self) -> int:
        return sum(frame.commit for frame in self.committed)


def _checksum(data: bytes, order: str, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & mask
        s1 = (s1 + words[index + 1] + s0) & mask
    return s0, s1


def parse_wal(wal: bytes, page_size: int | None = None) -> WalSummary:
    """The frames of a ``-wal`` file with their state, as SQLite's recovery reads them: frames are valid while
    their salts match the header and their running checksum holds; only frames up to the last valid commit frame
    are applied. Raises :class:`SqliteFormatError` when the header itself is not a valid WAL header (SQLite then
    ignores the whole file). ``page_size``: the database's, which the WAL's must equal."""
    if len(wal) < WAL_HEADER_BYTES:
        raise SqliteFormatError(f"the -wal file is {len(wal)} bytes, shorter than a WAL header")
    magic, version, wal_page_size, _sequence, salt1, salt2, check1, check2 = struct.unpack_from(">8I", wal, 0)
    order = WAL_MAGICS.get(magic)
    if order is None:
        raise SqliteFormatError("the -wal file does not start with the WAL magic number")
    if version != WAL_VERSION:
        raise SqliteFormatError(f"the -wal file states format version {version}, not {WAL_VERSION}")
    if wal_page_size < 512 or wal_page_size > 65536 or wal_page_size & (wal_page_size - 1):
        raise SqliteFormatError(f"the -wal file states a page size of {wal_page_size}")
    if page_size is not None and wal_page_size != page_size:
        raise SqliteFormatError(f"the -wal file's pages are {wal_page_size} bytes, the database's {page_size}")
    sums = _checksum(wal[:24], order, 0, 0)
    if sums != (check1, check2):
        raise SqliteFormatError("the -wal file's header fails its checksum")
    frame_bytes = WAL_FRAME_HEADER_BYTES + wal_page_size
    frames: list[WalFrame] = []
    problems: list[str] = []
    chain_ok = True
    for index, start in enumerate(range(WAL_HEADER_BYTES, len(wal), frame_bytes)):
        if start + frame_bytes > len(wal):
            problems.append(f"the -wal file ends inside frame {index + 1} (a torn write)")
            break
        page, size_after, frame_salt1, frame_salt2, frame_check1, frame_check2 = struct.unpack_from(">6I", wal, start)
        body = start + WAL_FRAME_HEADER_BYTES
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            state = "stale"
            chain_ok = False
        elif not chain_ok:
            state = "damaged"
        else:
            sums = _checksum(wal[start:start + 8] + wal[body:body + wal_page_size], order, *sums)
            if sums != (frame_check1, frame_check2) or page == 0:
                state, chain_ok = "damaged", False
                problems.append(f"frame {index + 1} of the -wal file (page {page}) fails its checksum: it and the "
                                "frames after it are not applied")
            else:
                state = "valid"
        frames.append(WalFrame(index, page, body, size_after != 0, state))
    last_commit = max((frame.index for frame in frames if frame.state == "valid" and frame.commit), default=-1)
    settled = tuple(WalFrame(frame.index, frame.page, frame.offset, frame.commit,
                             ("committed" if frame.index <= last_commit else "uncommitted")
                             if frame.state == "valid" else frame.state) for frame in frames)
    return WalSummary(wal_page_size, settled, tuple(problems))


def newest_wal_pages(summary: WalSummary) -> dict[int, WalFrame]:
    """Page -> its newest committed frame: the version of the page the merged database reads."""
    newest: dict[int, WalFrame] = {}
    for frame in summary.committed:
        newest[frame.page] = frame
    return newest


# ----------------------------------------------------------------------------------------------- the -journal


@dataclass(frozen=True)
class JournalSummary:
    page_size: int
    original_pages: int  # the database's size in pages before the transaction
    pages: dict[int, int]  # page -> offset of its original content in the journal


def is_hot_journal(journal: bytes) -> bool:
    """The journal still holds a transaction to roll back: its header has not been cleared (SQLite zeroes or
    truncates the header, or deletes the file, when the transaction commits)."""
    return journal.startswith(JOURNAL_MAGIC)


def parse_journal(journal: bytes) -> JournalSummary:
    """The pages a hot rollback journal holds (the content they had before the unfinished transaction); the first
    segment only, as SQLite writes one segment per sync and small transactions need one."""
    if len(journal) < JOURNAL_HEADER_BYTES or not is_hot_journal(journal):
        raise SqliteFormatError("the -journal file holds no rollback journal header")
    records, _nonce, original_pages, sector, page_size = struct.unpack_from(">5I", journal, 8)
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise SqliteFormatError(f"the -journal file states a page size of {page_size}")
    if sector < JOURNAL_HEADER_BYTES or sector > 65536:
        raise SqliteFormatError(f"the -journal file states a sector size of {sector}")
    record_bytes = 4 + page_size + 4
    available = max(0, (len(journal) - sector) // record_bytes)
    count = available if records in (0, 0xFFFFFFFF) else min(records, available)
    pages: dict[int, int] = {}
    for index in range(count):
        start = sector + index * record_bytes
        page = struct.unpack_from(">I", journal, start)[0]
        if page and page not in pages:  # the first copy is the original; a page is journalled once
            pages[page] = start + 4
    return JournalSummary(page_size, original_pages, pages)


def journal_pages(journal: bytes, summary: JournalSummary) -> Iterator[tuple[int, bytes]]:
    """(page, its original content) for each page in the journal."""
    for page, offset in summary.pages.items():
        yield page, journal[offset:offset + summary.page_size]
