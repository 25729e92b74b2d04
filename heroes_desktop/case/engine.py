"""SQLCipher connections and SQLAlchemy engines for a case file.

Every connection is keyed with the case passphrase (SQLCipher 4: PBKDF2-HMAC-SHA512, 256,000 iterations,
HMAC-SHA512 page authentication), keeps temporary tables and indices in memory so that no plaintext ever reaches a
temporary file, and runs in WAL mode with ``synchronous=FULL`` so that a committed transaction survives a crash.

Writers open ``BEGIN IMMEDIATE`` transactions so that reading the custody head and appending to it is atomic even
when two processes share a case. Readers open the file with ``mode=ro`` and ``query_only``; on read-only storage
(a DVD, a write-blocked drive, a read-only share), where SQLite cannot make the ``-wal`` and ``-shm`` files a WAL
reader needs, they open it ``immutable`` as well: nothing can write there, so nothing can change under the reader.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

CIPHER_SETTINGS: dict[str, str | int] = {
    "cipher_page_size": 4096,
    "kdf_iter": 256_000,
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "cipher_hmac_algorithm": "HMAC_SHA512",
}
PAGE_SIZE = int(CIPHER_SETTINGS["cipher_page_size"])
BUSY_TIMEOUT_MS = 60_000

DatabaseError = sqlcipher3.dbapi2.DatabaseError
RawConnection = sqlcipher3.dbapi2.Connection


def _quote_passphrase(passphrase: str) -> str:
    if "\x00" in passphrase:
        raise ValueError("a passphrase cannot contain NUL characters")
    return "'" + passphrase.replace("'", "''") + "'"


def on_read_only_storage(path: Path) -> bool:
    """Whether the case file cannot be written where it is: a read-only mount, an immutable file, no permission.

    Asked of the operating system (``access(2)``), which also answers for root on a read-only file system.
    """
    folder = path.resolve().parent
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK):
        return True
    return any(side.exists() and not os.access(side, os.W_OK) for side in wal_files(path))


def wal_files(path: Path) -> tuple[Path, Path]:
    return Path(str(path) + "-wal"), Path(str(path) + "-shm")


def connect(
    path: Path, passphrase: str, *, read_only: bool, immutable: bool = False, check_key: bool = True
) -> sqlcipher3.dbapi2.Connection:
    """Open and key one DB-API connection; raises ``DatabaseError`` when the key does not decrypt the file.

    ``immutable`` (read-only connections on read-only storage only) tells SQLite that nothing can change the file,
    so it needs no ``-wal``/``-shm`` beside it. ``check_key=False`` skips the first read, for damage diagnosis.
    """
    if immutable and not read_only:
        raise ValueError("only a read-only connection may be immutable")
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}" + ("&immutable=1" if immutable else "")
    connection = sqlcipher3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        connection.isolation_level = None  # transactions are begun explicitly (see begin_immediate)
        connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported by us, not logged to stderr
        connection.execute(f"PRAGMA key = {_quote_passphrase(passphrase)}")
        for name, value in CIPHER_SETTINGS.items():
            connection.execute(f"PRAGMA {name} = {value}")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if check_key:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails here on a wrong key
        if read_only:
            connection.execute("PRAGMA query_only = ON")
        else:
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


_FAILED_PAGE = re.compile(r"HMAC verification failed for page (\d+)")


def failed_pages(connection: sqlcipher3.dbapi2.Connection) -> tuple[list[int], list[str]]:
    """SQLCipher's own check of every page's HMAC in the main file: (pages that failed, other findings)."""
    pages: list[int] = []
    other: list[str] = []
    for (finding,) in connection.execute("PRAGMA cipher_integrity_check"):
        match = _FAILED_PAGE.search(str(finding))
        if match:
            pages.append(int(match.group(1)))
        else:
            other.append(str(finding))
    return pages, other


def restrict_writes_to(tables: Iterable[str]) -> Callable[..., int]:
    """An SQLite authorizer that allows reads everywhere but writes only to ``tables``.

    Used for review sessions: a supervisor may append custody events and nothing else, enforced by SQLite itself.
    """
    writable = frozenset(tables)
    write_actions = {sqlcipher3.dbapi2.SQLITE_INSERT, sqlcipher3.dbapi2.SQLITE_UPDATE, sqlcipher3.dbapi2.SQLITE_DELETE}
    allowed_plain = {
        sqlcipher3.dbapi2.SQLITE_SELECT,
        sqlcipher3.dbapi2.SQLITE_READ,
        sqlcipher3.dbapi2.SQLITE_TRANSACTION,
        sqlcipher3.dbapi2.SQLITE_FUNCTION,
        sqlcipher3.dbapi2.SQLITE_SAVEPOINT,
        sqlcipher3.dbapi2.SQLITE_RECURSIVE,
    }

    def authorize(action: int, arg1: str | None, arg2: str | None, db_name: str | None, source: str | None) -> int:
        if action in write_actions:
            return sqlcipher3.dbapi2.SQLITE_OK if arg1 in writable else sqlcipher3.dbapi2.SQLITE_DENY
        if action in allowed_plain:
            return sqlcipher3.dbapi2.SQLITE_OK
        if action == sqlcipher3.dbapi2.SQLITE_PRAGMA:
            reading = arg2 is None  # a pragma without a value only reads a setting
            allowed = reading or (arg1 or "").lower() in {"query_only", "busy_timeout"}
            return sqlcipher3.dbapi2.SQLITE_OK if allowed else sqlcipher3.dbapi2.SQLITE_DENY
        return sqlcipher3.dbapi2.SQLITE_DENY

    return authorize


def make_engine(
    path: Path,
    passphrase: str,
    *,
    read_only: bool,
    pool_size: int = 1,
    writable_tables: Iterable[str] | None = None,
    immutable: bool = False,
    first: sqlcipher3.dbapi2.Connection | None = None,
) -> Engine:
    """A SQLAlchemy engine over keyed SQLCipher connections.

    A writer engine has exactly one connection (the single writer); ``writable_tables`` narrows what it may write.
    ``first``: a connection already opened with these settings (``connect``), used before any new one is keyed.
    """
    spare = [first] if first is not None else []

    def creator() -> sqlcipher3.dbapi2.Connection:
        connection = spare.pop() if spare else connect(path, passphrase, read_only=read_only, immutable=immutable)
        if writable_tables is not None:
            connection.set_authorizer(restrict_writes_to(writable_tables))
        return connection

    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=BUSY_TIMEOUT_MS / 1000,
    )

    @event.listens_for(engine, "begin")
    def begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
