"""A database from evidence, copied with its ``-wal`` and ``-journal`` into a private folder and opened there so
that SQLite reads the state the app itself would read next: the ``-wal``'s committed transactions merged in, an
unfinished transaction of a hot ``-journal`` rolled back.

Why this way (measured with SQLite 3.40): a WAL database copied with its ``-wal`` and opened ``mode=ro`` reads the
merged state, makes its ``-shm`` in the private folder and never checkpoints (a read-write connection would fold
the ``-wal`` into the copy and delete it on close). A hot journal cannot be rolled back read-only (SQLite answers
``SQLITE_READONLY_ROLLBACK``), so a copy with one is opened read-write: SQLite rolls the copy back, and
``query_only`` then refuses every other write. Without companions the copy is opened ``immutable`` as before.
A file cut short (fewer pages than its header states) is refused by SQLite as malformed unless
``writable_schema`` is on: it is turned on for such a file only, so that the tables in the pages that remain read.

The folder is made with mode 0700 and the copies with 0600, in the process's private folder for transient copies
(:mod:`heroes_desktop.core.transient`: memory-backed where the machine has it, swept of a killed worker's leftovers);
``close`` removes the folder and all in it (the ``-shm`` SQLite made too). The evidence itself is never opened
here: only bytes already read reach this module.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from heroes_desktop.core import transient
from heroes_desktop.stages.sqlite_format import (DatabaseHeader, JournalSummary, SqliteFormatError, WalSummary,
                                                 is_hot_journal, parse_header, parse_journal, parse_wal)

WAL_SUFFIX, JOURNAL_SUFFIX = "-wal", "-journal"  # the companions' keys, as ``pipeline.companion_files`` names them
COPY_NAME = "evidence.sqlite"


@dataclass
class Companions:
    """What the companions were found to hold, and what was done with them."""

    wal: bytes | None = None  # a -wal whose header is valid (its frames are carved for recovered text)
    wal_summary: WalSummary | None = None
    wal_applied: bool = False  # SQLite reads it: the database is in WAL mode
    journal: bytes | None = None  # a hot -journal that is rolled back
    journal_summary: JournalSummary | None = None
    notes: list[str] = field(default_factory=list)  # what was read, for the examiner
    problems: list[str] = field(default_factory=list)  # damage: why the merged state may lack content


def _write_private(path: Path, data: bytes) -> None:
    """``data`` in a new file only this user can read (never an existing file, never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as file:
        file.write(data)


def _wal_notes(summary: WalSummary, found: Companions) -> None:
    states = [frame.state for frame in summary.frames]
    found.notes.append(f"merged with its -wal: {summary.transactions} committed transactions in "
                       f"{states.count('committed')} frames not yet checkpointed into the database file")
    if states.count("uncommitted"):
        found.notes.append(f"{states.count('uncommitted')} -wal frames after the last commit are not applied "
                           "(a transaction that never committed)")
    if states.count("stale"):
        found.notes.append(f"{states.count('stale')} -wal frames are left from before the last checkpoint "
                           "(not applied; their text is listed as recovered)")
    found.problems += summary.problems


def examine_companions(header: DatabaseHeader, companions: Mapping[str, bytes]) -> Companions:
    """Decide which companions SQLite is to read: a -wal whose header is valid (for a WAL-mode database), a
    -journal that is hot (for a rollback-mode one); the rest are noted and left out of the copy."""
    found = Companions()
    wal, journal = companions.get(WAL_SUFFIX), companions.get(JOURNAL_SUFFIX)
    if wal:
        try:
            summary = parse_wal(wal, header.page_size)
        except SqliteFormatError as error:
            found.problems.append(f"its -wal file is damaged and not applied: {error}")
        else:
            found.wal, found.wal_summary, found.wal_applied = wal, summary, header.wal_mode
            if header.wal_mode:
                _wal_notes(summary, found)
            else:
                found.notes.append("a -wal file lies beside it, but the database is not in WAL mode: SQLite does "
                                   "not read it (its text is listed as recovered)")
    if journal and header.wal_mode:
        found.notes.append("a -journal file lies beside the WAL-mode database: SQLite does not read it")
    elif journal and not is_hot_journal(journal):
        found.notes.append("its -journal file holds no unfinished transaction (its header is cleared)")
    elif journal:
        try:
            summary = parse_journal(journal)
        except SqliteFormatError as error:
            found.problems.append(f"its -journal file is damaged and not rolled back: {error}")
        else:
            found.journal, found.journal_summary = journal, summary
            found.notes.append(f"a hot -journal: the unfinished last transaction ({len(summary.pages)} pages) is "
                               "rolled back on the private copy; its text is listed as recovered")
    return found


def _remove(held: list[sqlite3.Connection], directory: str) -> None:
    """Close the copy's connection (where this thread may) and remove its folder."""
    for connection in held:
        try:
            connection.close()
        except sqlite3.ProgrammingError:  # collected in another thread than the one that opened it
            pass
    held.clear()
    shutil.rmtree(directory, ignore_errors=True)


class PrivateCopy:
    """The database (and the companions SQLite is to read) in a private folder, opened as described above."""

    def __init__(self, data: bytes, companions: Mapping[str, bytes] | None = None, *,
                 temp_root: str | os.PathLike[str] | None = None, check_same_thread: bool = True) -> None:
        self.header = parse_header(data)
        self.found = examine_companions(self.header, companions or {})
        self.pages_in_file = -(-len(data) // self.header.page_size)
        self.cut_short = self.pages_in_file < self.header.page_count
        if temp_root is None:  # mode 0700, in this process's transient folder
            needed = len(data) + len(self.found.wal or b"") + len(self.found.journal or b"")
            self.directory: str | None = transient.make_private_folder("sqlite-", 2 * needed)  # the -shm, a rollback
        else:
            self.directory = tempfile.mkdtemp(prefix="heroes-sqlite-", dir=temp_root)  # mode 0700
        self.connection: sqlite3.Connection | None = None
        self._held: list[sqlite3.Connection] = []
        # the folder goes with the object too: a copy whose owner drops it unclosed (a viewer's read job whose
        # result came too late) is removed when it is collected, or at exit
        self._removal = weakref.finalize(self, _remove, self._held, self.directory)
        try:
            path = Path(self.directory).resolve() / COPY_NAME
            _write_private(path, data)
            if self.found.wal is not None and self.found.wal_applied:
                _write_private(Path(f"{path}{WAL_SUFFIX}"), self.found.wal)
                mode = "ro"
            elif self.found.journal is not None:
                _write_private(Path(f"{path}{JOURNAL_SUFFIX}"), self.found.journal)
                mode = "rw"
            else:
                mode = "ro&immutable=1"
            self.uri = f"{path.as_uri()}?mode={mode}"
            self.connection = sqlite3.connect(self.uri, uri=True, check_same_thread=check_same_thread)
            self._held.append(self.connection)
            if self.cut_short:
                # SQLite refuses a file shorter than its header states unless the schema is "writable"; the
                # connection still writes nothing (query_only), and reads what the pages that are there hold
                self.connection.execute("PRAGMA writable_schema=ON")
            if self.found.journal is not None:
                self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls the copy back
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the connection and remove the private folder with everything in it."""
        self.connection = self.directory = None
        self._removal()

    def __enter__(self) -> PrivateCopy:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
