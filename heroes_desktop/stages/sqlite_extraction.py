"""Text out of an SQLite database found in evidence (chat apps, browsers and SMS stores keep their text in SQLite).

The database and its ``-wal`` and ``-journal`` (read from beside it in the evidence) are copied into a private
temporary directory that is always removed afterwards and opened there so that SQLite reads the merged state
(``stages/sqlite_private``), with the schema untrusted and writes refused, so the evidence is never written and
the file's views and triggers cannot run code. Only the columns a table stores are read: a generated column is an
expression from the evidence's own schema (SQLite would evaluate it for every row: text the file does not hold, or
a ``zeroblob`` of any size), and a text or BLOB value is read up to ``MAX_VALUE_BYTES`` (the connection refuses
any value longer than the file itself, which only a looping overflow chain can claim). After the live tables
comes the text recovered from the file's free space, the ``-wal``'s superseded frames and a rolled-back
transaction (``stages/sqlite_recovery``), every line of it marked as recovered, not live.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping

from heroes_desktop.stages.sqlite_format import SQLITE_HEADER, SqliteFormatError
from heroes_desktop.stages.sqlite_private import PrivateCopy
from heroes_desktop.stages.sqlite_recovery import RECOVERED_MARK, Recovery, recover_text
from heroes_desktop.stages.text_extraction import MAX_TEXT_CHARS, Extracted

MAX_ROWS_PER_TABLE = 200_000
MAX_VALUE_BYTES = 1 << 20  # of one text or BLOB value: text beyond it is not read, a BLOB is cut there
MIN_LENGTH_LIMIT = 1 << 20
STORED_COLUMN = 0  # PRAGMA table_xinfo's "hidden": 1 hidden (virtual tables), 2 generated virtual, 3 generated stored
PROGRESS_EVERY_OPS = 10_000
MIN_PRINTABLE_SHARE = 0.9
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\x00": None})


class _Deadline:
    """Progress handler for SQLite: asks it to abort once the time budget is spent, and remembers that it did."""

    def __init__(self, seconds: float) -> None:
        self.ends_at = time.monotonic() + seconds
        self.expired = False

    def __call__(self) -> int:
        if time.monotonic() > self.ends_at:
            self.expired = True
        return 1 if self.expired else 0

    def check(self) -> None:
        """Raise once the budget is spent (also called between rows, where SQLite's handler does not run)."""
        if self.expired or time.monotonic() > self.ends_at:
            self.expired = True
            raise ValueError("SQLite read took too long")


def _decode_text(raw: bytes) -> str:
    """The connection's text factory: invalid UTF-8 in a TEXT value is replaced, not fatal."""
    return raw.decode("utf-8", errors="replace")


def _blob_as_text(blob: bytes) -> str | None:
    """A BLOB's content when it is UTF-8 text that is mostly printable (apps often store text as BLOB); a BLOB cut
    at ``MAX_VALUE_BYTES`` may end inside a character, which is dropped."""
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(blob) < MAX_VALUE_BYTES or error.start < len(blob) - 3:
            return None
        text = blob[:error.start].decode("utf-8")
    if not text.strip():
        return None
    printable = sum(1 for char in text if char.isprintable() or char.isspace())
    return text if printable >= MIN_PRINTABLE_SHARE * len(text) else None


def _row_line(row: tuple[object, ...]) -> str:
    """The row's text values joined by `` | `` on one line; numbers and binary BLOBs are left out."""
    values = []
    for value in row:
        text = value if isinstance(value, str) else _blob_as_text(value) if isinstance(value, bytes) else None
        if text and text.strip():
            values.append(text.translate(_ONE_LINE))
    return " | ".join(values)


def _configure(connection: sqlite3.Connection, deadline: _Deadline, longest: int) -> None:
    """Make the connection refuse writes, trust nothing in the schema, abort at the deadline, and refuse a value
    longer than ``longest`` bytes (the database with its companions: no stored value can be longer)."""
    connection.text_factory = _decode_text
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max(MIN_LENGTH_LIMIT, longest))
    connection.set_progress_handler(deadline, PROGRESS_EVERY_OPS)
    connection.execute("PRAGMA query_only=ON")
    connection.execute("PRAGMA trusted_schema=OFF")
    connection.execute("PRAGMA cell_size_check=ON")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _real_tables(connection: sqlite3.Connection) -> tuple[list[str], int]:
    """Names of ordinary tables, sorted, and the number of virtual tables skipped (their modules may be missing,
    and a module's code is not the file's content). SQLite's own ``table_list`` says which is which, not the text
    of the ``CREATE`` statement."""
    rows = connection.execute("PRAGMA main.table_list").fetchall()  # schema, name, type, ncol, wr, strict
    tables, virtual = [], 0
    for _schema, name, kind, *_rest in rows:
        if not isinstance(name, str) or name.startswith("sqlite_"):
            continue
        if kind == "virtual":
            virtual += 1
        elif kind in ("table", "shadow"):
            tables.append(name)
    return sorted(tables), virtual


def _stored_columns(connection: sqlite3.Connection, table: str) -> tuple[list[str], int]:
    """The table's stored columns, in order, and how many generated columns are left out."""
    rows = connection.execute(f"PRAGMA main.table_xinfo({_quoted(table)})").fetchall()
    stored = [name for _cid, name, _type, _notnull, _default, _pk, hidden in rows if hidden == STORED_COLUMN]
    return stored, len(rows) - len(stored)


def _table_rows(connection: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple[object, ...]]:
    """The stored columns' text and BLOB values (numbers and NULLs as None), each cut at ``MAX_VALUE_BYTES``."""
    values = ", ".join(f"CASE typeof({column}) WHEN 'text' THEN substr({column}, 1, {MAX_VALUE_BYTES}) "
                       f"WHEN 'blob' THEN substr({column}, 1, {MAX_VALUE_BYTES}) END"
                       for column in map(_quoted, columns))
    cursor = connection.execute(  # noqa: S608 - names quoted, read from the schema
        f"SELECT {values} FROM main.{_quoted(table)} LIMIT {MAX_ROWS_PER_TABLE + 1}")
    while batch := cursor.fetchmany(1000):
        yield from batch


def _read_tables(connection: sqlite3.Connection, deadline: _Deadline, cut_short: bool = False) -> Extracted:
    """Each table as ``## name`` and one line per row; a corrupt table becomes a note when others read."""
    tables, virtual = _real_tables(connection)
    if cut_short and not tables:
        raise ValueError("SQLite database unreadable: the file is cut short and no table is left in what remains")
    lines: list[str] = []
    notes: list[str] = []
    chars = rows_read = 0
    failed: list[str] = []
    generated = 0
    for table in tables:
        lines.append(f"## {table}")
        rows_in_table = 0
        try:
            columns, left_out = _stored_columns(connection, table)
            generated += left_out
            for row in _table_rows(connection, table, columns) if columns else ():
                deadline.check()
                if rows_in_table == MAX_ROWS_PER_TABLE:
                    notes.append(f"table {table!r} truncated at {MAX_ROWS_PER_TABLE} rows")
                    break
                rows_in_table += 1
                line = _row_line(row)
                if line:
                    lines.append(line)
                    chars += len(line) + 1
                if chars > MAX_TEXT_CHARS:
                    break
        except sqlite3.Error as error:
            deadline.check()
            failed.append(table)
            notes.append(f"table {table!r} unreadable: {error}")
        rows_read += rows_in_table
        if chars > MAX_TEXT_CHARS:
            notes.append(f"truncated at {MAX_TEXT_CHARS} characters")
            break
    if tables and len(failed) == len(tables):
        raise ValueError(f"SQLite database unreadable: {notes[0]}")
    encoding = connection.execute("PRAGMA encoding").fetchone()[0]
    notes.insert(0, f"{len(tables)} tables, {rows_read} rows")
    if virtual:
        notes.append(f"{virtual} virtual tables skipped")
    if generated:
        notes.append(f"{generated} generated columns not read (computed by the file's schema, not stored in it)")
    return Extracted("\n".join(lines)[:MAX_TEXT_CHARS], encoding=encoding, notes=notes)


def _recovered_section(recovery: Recovery) -> list[str]:
    """The recovered runs as the last section of the text, every line marked as not live."""
    if not recovery.runs:
        return []
    return [f"## recovered text ({RECOVERED_MARK}: deleted or superseded content, {len(recovery.runs)} runs)",
            *(run.line() for run in recovery.runs)]


def _finish(extracted: Extracted, copy: PrivateCopy, recovery: Recovery) -> Extracted:
    """Add the recovered section, the notes on the companions, and the damage that makes the text incomplete."""
    found, header = copy.found, copy.header
    section = _recovered_section(recovery)
    if section:
        extracted.text = "\n".join([extracted.text, *section]) if extracted.text else "\n".join(section)
        extracted.text = extracted.text[:MAX_TEXT_CHARS]
        extracted.notes.append(f"{len(recovery.runs)} recovered text runs ({RECOVERED_MARK})")
    extracted.notes += found.notes + recovery.problems
    if header.wal_mode and not found.wal_applied:
        extracted.notes.append("WAL-mode database read without -wal content (none was found beside it)")
    if copy.cut_short:
        extracted.problems.append(f"the database file is cut short: {copy.pages_in_file} of the "
                                  f"{header.page_count} pages its header states")
    extracted.problems += found.problems
    extracted.problems += [note for note in extracted.notes if note.startswith("table ") and "unreadable" in note]
    return extracted


def sqlite_text(data: bytes, seconds: float = 60.0, temp_root: str | os.PathLike[str] | None = None,
                companions: Mapping[str, bytes] | None = None) -> Extracted:
    """The text values of every ordinary table in the merged state (the database with its ``-wal`` and hot
    ``-journal`` from ``companions``, keyed by suffix), read from a private copy that is always removed, then the
    text recovered from free space and superseded pages, marked as not live.

    ``temp_root`` picks where the private directory is made (default: the system's temporary folder).
    Raises ValueError for input that is not SQLite (encrypted databases included), is corrupt, or takes too long;
    damage that leaves part readable is listed in ``problems`` of the result.
    """
    if not data.startswith(SQLITE_HEADER):
        raise ValueError("not an SQLite database: 'SQLite format 3' header missing (possibly encrypted)")
    deadline = _Deadline(seconds)
    try:
        with PrivateCopy(data, companions, temp_root=temp_root) as copy:
            assert copy.connection is not None
            _configure(copy.connection, deadline, len(data) + sum(map(len, (companions or {}).values())))
            extracted = _read_tables(copy.connection, deadline, copy.cut_short)
    except SqliteFormatError as error:
        raise ValueError(f"SQLite database unreadable: {error}") from error
    except sqlite3.Error as error:
        if deadline.expired:
            raise ValueError("SQLite read took too long") from error
        raise ValueError(f"SQLite database unreadable: {error}") from error
    found = copy.found
    recovery = recover_text(data, copy.header, wal=found.wal, wal_summary=found.wal_summary, journal=found.journal,
                            journal_summary=found.journal_summary,
                            seconds=max(0.0, deadline.ends_at - time.monotonic()))
    return _finish(extracted, copy, recovery)
