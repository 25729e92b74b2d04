"""Text that an SQLite database no longer shows but still holds: deleted records in freelist pages, freeblocks and
unallocated space of its pages, older versions of pages in its ``-wal``, and the content of a transaction that a
hot ``-journal`` rolls back.

What is recovered is runs of printable text (in the database's own encoding) of at least ``MIN_RUN_CHARS``
characters, each with the page and offset it was found at: carving, not record parsing, so a run may begin with a
byte or two of the record's header and a record whose text was overwritten is not seen. A run the live database
still holds (the merged pages with their free space zeroed) is left out: records copied by a page split or kept in
superseded -wal frames while still live; so is a long run (``MIN_CONTAINED_CHARS``) whose middle is part of live
text, which can hide a deleted long message that live text quotes whole. Everything here is marked *recovered, not
live* wherever it is shown or indexed; none of it is part of the database's current state.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from heroes_desktop.stages.sqlite_format import (BTREE_PAGE_TYPES, DatabaseHeader, JournalSummary, SqliteFormatError,
                                                 WalSummary, btree_free_areas, free_areas, journal_pages,
                                                 newest_wal_pages, page_bytes, parse_header)

MIN_RUN_CHARS = 4
MIN_WIDE_SCRIPT_CHARS = 8  # UTF-16 runs in Han, Hangul or kana: random bytes decode to these a third of the time
_WIDE_SCRIPTS = ("cjk", "hangul")  # Han with kana (Japanese mixes them), and Hangul
MAX_RUN_CHARS = 2000
MAX_RUNS = 20_000
MAX_LIVE_TEXTS = 4_000_000  # texts of the live database kept to tell recovered text from live text
LIVE_PREFIX_CHARS = 3
MIN_CONTAINED_CHARS = 24  # a run this long whose middle is part of live text is a copy of it, not recovered
RECOVERED_MARK = "recovered, not live"
_UTF8_RUN = re.compile(
    rb"(?:[\x09\x0a\x0d\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})"
    rb"{%d,}" % MIN_RUN_CHARS)
_CANDIDATE = re.compile("[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]{%d,}" % MIN_RUN_CHARS)
_SPACES = re.compile(r"\s+")
_BREAKS = str.maketrans("\t\n\r", "   ")


class RecoveryDeadline(Exception):
    """The time for recovering text is spent; what was found so far is kept."""


@dataclass(frozen=True)
class RecoveredText:
    """One run of text found outside the database's live records."""

    source: str  # database (the main file), -wal frame N, or -journal
    page: int
    offset: int  # of the run's first byte, from the start of the page
    area: str  # freeblock, unallocated, freelist leaf, freelist trunk, superseded page, uncommitted, stale, ...
    text: str

    def label(self) -> str:
        where = f"page {self.page}, offset {self.offset}"
        return f"{RECOVERED_MARK}: {where}, {self.area}" if self.source == "database" else \
            f"{RECOVERED_MARK}: {self.source}, {where}, {self.area}"

    def line(self) -> str:
        """The run as one line of the indexed text, its mark first."""
        return f"[{self.label()}] {self.text}"


@dataclass
class Recovery:
    runs: list[RecoveredText] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # damage met on the way (a freelist that loops, a cut file)
    complete: bool = True  # False when a limit (time, number of runs) stopped the search early


def _printable_pieces(text: str, start: int) -> Iterator[tuple[int, str]]:
    """Runs of printable characters (tabs and line breaks allowed) inside ``text``, offsets in characters."""
    if text.translate(_BREAKS).isprintable():  # the usual case, decided in C
        yield start, text
        return
    begin = None
    for index, char in enumerate(text + "\x00"):
        if char.isprintable() or char in "\t\n\r":
            if begin is None:
                begin = index
        elif begin is not None:
            yield start + begin, text[begin:index]
            begin = None


def _keep(text: str) -> str | None:
    """The run on one line, or None when it is too short or holds no letter or digit."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) < MIN_RUN_CHARS or not any(char.isalnum() for char in text):
        return None
    return text[:MAX_RUN_CHARS]


def text_runs(data: bytes, encoding: str) -> Iterator[tuple[int, str]]:
    """(byte offset, text) of every printable run in ``data`` in the database's encoding.

    UTF-16 text may start at either byte alignment, so both are read; a run read at the wrong alignment from
    ASCII-range text shows as characters whose low byte is zero, and is dropped; a run is cut where its script
    changes, and a run in Han, Hangul or kana needs ``MIN_WIDE_SCRIPT_CHARS`` (binary bytes read as UTF-16 give
    short runs of those often)."""
    if encoding == "utf-8":
        for match in _UTF8_RUN.finditer(data):
            decoded = match.group().decode("utf-8")
            for start, piece in _printable_pieces(decoded, 0):
                kept = _keep(piece)
                if kept is not None:
                    yield match.start() + len(decoded[:start].encode("utf-8")), kept
        return
    for alignment in (0, 1):
        usable = data[alignment:len(data) - (len(data) - alignment) % 2]
        decoded = usable.decode(encoding, errors="replace")
        for match in _CANDIDATE.finditer(decoded):
            for start, piece in _printable_pieces(match.group(), match.start()):
                for begin, segment, script in _one_script_segments(piece):
                    kept = _keep(segment)
                    if kept is None or sum(1 for char in kept if ord(char) & 0xFF == 0) * 2 >= len(kept):
                        continue
                    if script not in _WIDE_SCRIPTS or len(kept) >= MIN_WIDE_SCRIPT_CHARS:
                        yield alignment + 2 * (start + begin), kept


_SCRIPT_BLOCKS = ((0x0250, "latin"), (0x0370, "other"), (0x0400, "greek"), (0x0530, "cyrillic"),
                  (0x0590, "armenian"), (0x0600, "hebrew"), (0x0700, "arabic"), (0x1E00, "block"), (0x1F00, "latin"),
                  (0x2000, "greek"), (0x2070, None), (0x20A0, "other"), (0x2150, None), (0x3000, "other"),
                  (0x3040, None), (0x3100, "cjk"), (0x4E00, "other"), (0xA000, "cjk"), (0xAC00, "other"),
                  (0xD7B0, "hangul"), (0xFF00, "other"), (0x10000, "other"), (0x1F000, "other"), (0x1FB00, None))


def _script(char: str) -> str | None:
    """A coarse script of ``char``; None for characters that join any script (ASCII digits, spaces and
    punctuation, general punctuation, symbols, emoji). Between U+0700 and U+1E00 (Indic, Thai, Georgian, ...)
    each block of 128 characters counts as a script."""
    code = ord(char)
    if code < 0x80 and not char.isalpha():
        return None
    for end, name in _SCRIPT_BLOCKS:
        if code < end:
            return f"block {code >> 7}" if name == "block" else name
    return "other"


def _one_script_segments(text: str) -> Iterator[tuple[int, str, str | None]]:
    """The parts of ``text`` in one script (with the characters that join any), without those of no script
    text is written in: UTF-16 read from binary bytes decodes to printable characters of scattered scripts,
    which real text seldom mixes inside one run."""
    begin, current = 0, None
    for index, char in enumerate(text):
        script = _script(char)
        if script is None or script == current:
            continue
        if current is not None:
            if current != "other":
                yield begin, text[begin:index], current
            begin = index
        current = script
    if current != "other":
        yield begin, text[begin:], current


class _Collector:
    """Gathers the runs, each text once per page (an older version of a page in the -wal repeats what an even
    older one held) and none that the live database still holds, and enforces the time and count limits."""

    def __init__(self, recovery: Recovery, deadline: float) -> None:
        self.recovery, self.deadline = recovery, deadline
        self._reported: dict[int, str] = {}
        self.live: set[str] = set()
        self.live_blob = ""  # every live run, joined by NULs

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise RecoveryDeadline("the time for recovering text ran out")

    def add(self, run: RecoveredText) -> None:
        if len(self.recovery.runs) >= MAX_RUNS:
            raise RecoveryDeadline(f"more than {MAX_RUNS} recovered runs")
        reported = self._reported.get(run.page, "")
        if run.text in reported or _is_live(run.text, self.live, self.live_blob):
            return
        self._reported[run.page] = reported + "\x00" + run.text
        self.recovery.runs.append(run)


def _page_runs(page: bytes, encoding: str, number: int) -> list[str]:
    """The texts of a whole page (page 1 without the database header)."""
    return [text for _offset, text in text_runs(page[100:] if number == 1 else page, encoding)]


def _absent(text: str, present: str) -> bool:
    return text not in present


def _prefix_cuts(text: str) -> range:
    """How many leading characters may be a stray byte of the record's header (a serial type that is printable)."""
    return range(min(LIVE_PREFIX_CHARS, len(text) - MIN_RUN_CHARS) + 1)


def _live_forms(text: str) -> Iterator[str]:
    """A live run without up to ``LIVE_PREFIX_CHARS`` leading characters, and without its last one too (the next
    cell's payload length, when that byte is printable)."""
    for cut in _prefix_cuts(text):
        yield text[cut:]
        if len(text) - cut > MIN_RUN_CHARS:
            yield text[cut:-1]


def _is_live(text: str, live: set[str], blob: str) -> bool:
    """The run is live text: equal to a live run once stray header bytes are cut from either end, or, for a long
    run, its middle is part of the live text (a copy left behind by a page split, cut at a page's end)."""
    for end_cut in _prefix_cuts(text):
        trimmed = text[:len(text) - end_cut]
        if any(trimmed[cut:] in live for cut in _prefix_cuts(trimmed)):
            return True
    core = text[LIVE_PREFIX_CHARS:len(text) - LIVE_PREFIX_CHARS]
    return len(text) >= MIN_CONTAINED_CHARS and bool(blob) and core in blob


def _live_database(data: bytes, header: DatabaseHeader, wal: bytes | None, wal_summary: WalSummary | None,
                   journal: bytes | None, journal_summary: JournalSummary | None) -> bytearray:
    """The database's bytes as it reads now, with every free area zeroed: the file's pages, with the newest
    committed -wal frames over them, or with the journal's original pages over them (the rolled-back state)."""
    live = bytearray(data)
    size = header.page_size
    overlay: dict[int, bytes] = {}
    if wal is not None and wal_summary is not None:
        overlay = {page: wal[frame.offset:frame.offset + size]
                   for page, frame in newest_wal_pages(wal_summary).items()}
    if journal is not None and journal_summary is not None:
        overlay.update(journal_pages(journal, journal_summary))
        del live[journal_summary.original_pages * size:]
    for page, content in overlay.items():
        if len(live) < page * size:
            live.extend(bytes(page * size - len(live)))
        live[(page - 1) * size:page * size] = content.ljust(size, b"\x00")
    areas, _problems = free_areas(live, parse_header(live))  # type: ignore[arg-type]
    for area in areas:
        start = (area.page - 1) * size + area.offset
        live[start:start + area.length] = bytes(area.length)
    return live


def _collect_live(live: bytearray, header: DatabaseHeader, collector: _Collector) -> None:
    """The texts of the live database, each also without its first characters (see ``_prefix_cuts``), so that a
    record that is both live and left in free space (moved by an update, or copied to another page by a split)
    is not listed as recovered."""
    texts: list[str] = []
    for page in range(1, -(-len(live) // header.page_size) + 1):
        collector.check()
        for text in _page_runs(page_bytes(live, header, page), header.encoding, page):  # type: ignore[arg-type]
            collector.live.update(_live_forms(text))
            texts.append(text)
        if len(collector.live) > MAX_LIVE_TEXTS:
            collector.live.clear()
            collector.recovery.problems.append(f"the live database holds more than {MAX_LIVE_TEXTS} texts: recovered"
                                               " text is not checked against it and may repeat live text")
            return
    collector.live_blob = "\x00".join(texts)


def _from_database(data: bytes, header: DatabaseHeader, collector: _Collector) -> None:
    areas, problems = free_areas(data, header)
    collector.recovery.problems += problems
    for area in areas:
        collector.check()
        page_start = (area.page - 1) * header.page_size
        piece = data[page_start + area.offset:page_start + area.offset + area.length]
        for offset, text in text_runs(piece, header.encoding):
            collector.add(RecoveredText("database", area.page, area.offset + offset, area.kind, text))


def _from_wal(data: bytes, header: DatabaseHeader, wal: bytes, summary: WalSummary, collector: _Collector) -> None:
    """Free areas of the pages the merged database reads from the -wal, and the text of every other frame (older
    versions of a page, frames after the last commit, stale frames of an earlier WAL) that the newest version of
    its page no longer holds."""
    newest = newest_wal_pages(summary)
    current: dict[int, str] = {}

    def current_text(page: int) -> str:
        if page not in current:
            frame = newest.get(page)
            content = wal[frame.offset:frame.offset + summary.page_size] if frame else page_bytes(data, header, page)
            current[page] = "\x00".join(_page_runs(content, header.encoding, page))
        return current[page]

    for frame in summary.frames:
        collector.check()
        content = wal[frame.offset:frame.offset + summary.page_size]
        source = f"-wal frame {frame.index + 1}"
        if newest.get(frame.page) == frame:
            for area in btree_free_areas(content, frame.page, header.usable_size):
                piece = content[area.offset:area.offset + area.length]
                for offset, text in text_runs(piece, header.encoding):
                    collector.add(RecoveredText(source, frame.page, area.offset + offset, area.kind, text))
            continue
        area = {"committed": "superseded by a later frame", "uncommitted": "after the last commit",
                "stale": "stale, from before a checkpoint", "damaged": "not applied, damaged"}[frame.state]
        if content[:1] and content[100 if frame.page == 1 else 0] not in BTREE_PAGE_TYPES:
            area += ", not a b-tree page"
        base = 100 if frame.page == 1 else 0
        present = current_text(frame.page)
        for offset, text in text_runs(content[base:], header.encoding):
            if _absent(text, present):
                collector.add(RecoveredText(source, frame.page, base + offset, area, text))


def _from_journal(data: bytes, header: DatabaseHeader, journal: bytes, summary: JournalSummary,
                  collector: _Collector) -> None:
    """The text of the unfinished transaction: what the database file's pages hold that their original content
    in the journal does not, and pages the transaction added past the database's original size."""
    for page, original in journal_pages(journal, summary):
        collector.check()
        changed = page_bytes(data, header, page)
        present = "\x00".join(_page_runs(original, header.encoding, page))
        base = 100 if page == 1 else 0
        for offset, text in text_runs(changed[base:], header.encoding):
            if _absent(text, present):
                collector.add(RecoveredText("database", page, base + offset, "uncommitted, rolled back", text))
    for page in range(summary.original_pages + 1, -(-len(data) // header.page_size) + 1):
        collector.check()
        for offset, text in text_runs(page_bytes(data, header, page), header.encoding):
            collector.add(RecoveredText("database", page, offset, "uncommitted, rolled back (added page)", text))


def recover_text(data: bytes, header: DatabaseHeader, *, wal: bytes | None = None,
                 wal_summary: WalSummary | None = None, journal: bytes | None = None,
                 journal_summary: JournalSummary | None = None, seconds: float = 30.0) -> Recovery:
    """Every recovered run of the database ``data`` (and of its -wal or hot -journal when given with their
    summaries) that the live database does not hold, in file order; stops, keeping what it found, when
    ``seconds`` or ``MAX_RUNS`` is reached."""
    recovery = Recovery()
    collector = _Collector(recovery, time.monotonic() + seconds)
    try:
        try:
            live = _live_database(data, header, wal, wal_summary, journal, journal_summary)
        except SqliteFormatError as error:
            recovery.problems.append(f"the live state cannot be laid out ({error}): recovered text is not checked "
                                     "against it and may repeat live text")
        else:
            _collect_live(live, header, collector)
            del live
        if journal is not None and journal_summary is not None:
            _from_journal(data, header, journal, journal_summary, collector)
        _from_database(data, header, collector)
        if wal is not None and wal_summary is not None:
            _from_wal(data, header, wal, wal_summary, collector)
    except RecoveryDeadline as stop:
        recovery.complete = False
        recovery.problems.append(f"recovery stopped early: {stop}")
    return recovery
