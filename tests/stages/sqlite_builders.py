"""SQLite databases as apps leave them, built with the standard library: WAL mode with the newest transactions
still only in the ``-wal`` (copied while the writer is open, before any checkpoint), deleted rows left in free
space (``secure_delete`` off, as Debian's SQLite has it on by default), and a hot rollback ``-journal`` from a
writer that died inside its transaction."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

SMS_SCHEMA = ("CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, "
              "type INTEGER, body TEXT)")
FIRST_DATE = 1_614_834_367_000  # 2021-03-04T05:06:07Z in milliseconds


def _insert(connection: sqlite3.Connection, bodies: Sequence[str], start: int) -> None:
    connection.executemany("INSERT INTO sms (thread_id, address, date, type, body) VALUES (1, ?, ?, 1, ?)",
                           [("+34600123456", FIRST_DATE + 1000 * (start + index), body)
                            for index, body in enumerate(bodies)])
    connection.commit()


def wal_database(folder: Path, name: str, checkpointed: Sequence[str], wal_only: Sequence[str], *,
                 deleted: Sequence[str] = (), deleted_in_wal: Sequence[str] = (), encoding: str | None = None,
                 page_size: int = 4096) -> tuple[Path, Path]:
    """``folder/name`` and ``folder/name-wal``: ``checkpointed`` messages (and ``deleted`` ones, deleted and
    checkpointed) in the database file, ``wal_only`` ones (and ``deleted_in_wal``, inserted and deleted there)
    only in the -wal. The writer is still open when the files are copied, so nothing is checkpointed."""
    work = folder.parent / f".{name}.work"
    work.mkdir(parents=True, exist_ok=True)
    source = work / name
    connection = sqlite3.connect(source)
    if encoding:
        connection.execute(f"PRAGMA encoding='{encoding}'")
    connection.execute(f"PRAGMA page_size={page_size}")
    connection.execute("PRAGMA secure_delete=OFF")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute(SMS_SCHEMA)
    _insert(connection, [*checkpointed, *deleted], 0)
    for body in deleted:
        connection.execute("DELETE FROM sms WHERE body = ?", (body,))
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if deleted_in_wal:
        _insert(connection, deleted_in_wal, 1000)
        for body in deleted_in_wal:
            connection.execute("DELETE FROM sms WHERE body = ?", (body,))
        connection.commit()
    _insert(connection, wal_only, 2000)
    folder.mkdir(parents=True, exist_ok=True)
    database, wal = folder / name, folder / f"{name}-wal"
    shutil.copyfile(source, database)
    shutil.copyfile(f"{source}-wal", wal)
    connection.close()
    shutil.rmtree(work)
    return database, wal


def deleted_rows_database(path: Path, live: Sequence[str], deleted: Sequence[str], *,
                          drop_table_rows: Sequence[str] = ()) -> Path:
    """A rollback-mode database with ``deleted`` messages deleted (their bytes left in freeblocks) and a table
    of ``drop_table_rows`` dropped (its pages on the freelist)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA page_size=1024")
    connection.execute("PRAGMA secure_delete=OFF")
    connection.execute(SMS_SCHEMA)
    if drop_table_rows:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.executemany("INSERT INTO notes VALUES (?)", [(body,) for body in drop_table_rows])
    _insert(connection, [*live[:1], *deleted, *live[1:]], 0)
    for body in deleted:
        connection.execute("DELETE FROM sms WHERE body = ?", (body,))
    if drop_table_rows:
        connection.execute("DROP TABLE notes")
    connection.commit()
    connection.close()
    return path


def hot_journal_database(path: Path, committed: Sequence[str], uncommitted: str) -> tuple[Path, Path]:
    """``path`` and ``path-journal`` as a writer leaves them when it dies inside a transaction that rewrote every
    message to ``uncommitted``: the database file already holds the new text (its cache spilled), the journal the
    pages as they were committed."""
    script = textwrap.dedent(f"""
        import os, sqlite3
        connection = sqlite3.connect({str(path)!r}, isolation_level=None)
        connection.execute("PRAGMA page_size=1024")
        connection.execute("PRAGMA secure_delete=OFF")
        connection.execute({SMS_SCHEMA!r})
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO sms (thread_id, address, date, type, body) VALUES (1, 'x', 0, 1, ?)",
                               [(body,) for body in {list(committed)!r}])
        connection.execute("COMMIT")
        connection.execute("PRAGMA cache_size=1")
        connection.execute("BEGIN")
        connection.execute("UPDATE sms SET body = ?", ({uncommitted!r},))
        connection.execute("INSERT INTO sms (thread_id, address, date, type, body) VALUES (1, 'x', 0, 1, ?)",
                           ({uncommitted!r} * 40,))
        os._exit(0)  # no commit, no rollback: the journal stays hot
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    journal = Path(f"{path}-journal")
    assert journal.stat().st_size > 0
    return path, journal


def sha256_tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path -> its SHA-256 and modification time."""
    import hashlib

    return {str(path.relative_to(folder)): f"{hashlib.sha256(path.read_bytes()).hexdigest()} {path.stat().st_mtime_ns}"
            for path in sorted(folder.rglob("*")) if path.is_file()}
