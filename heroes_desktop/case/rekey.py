"""Changing a case's passphrase (``heroes case rekey``) without ever leaving a half-re-encrypted case.

SQLCipher's ``PRAGMA rekey`` rewrites every page of the file in place: a crash part-way leaves pages under two keys.
So the case is never rekeyed where it lies. With the case's ingest lock held and no other connection open (the
case is switched out of WAL mode, which SQLite refuses while anyone else has it open, so the ``-wal`` is merged
and gone), an exclusive lock keeps every other program out while a byte copy is made beside the case. The copy is
rekeyed, the ``case.rekeyed`` custody event is appended to it under the new passphrase, it is opened and its
custody chain verified, flushed to disk, and only then renamed over the case (an atomic rename, then the folder
flushed). A crash at any moment leaves the old case (whole, under the old passphrase) or the new one (whole,
under the new), never a mixture; a copy left by a crash is named ``.CASE.rekey-*`` and removed by the next rekey.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import WAL_SUFFIXES, Case, check_case_passphrase
from heroes_desktop.case.engine import CIPHER_SETTINGS, DatabaseError, _quote_passphrase, connect, make_engine
from heroes_desktop.case.errors import CaseError, CustodyIntegrityError, ReadOnlyCase
from heroes_desktop.case.custody import append_event
from heroes_desktop.case.modes import OpenMode
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.versions import component_versions, sqlcipher_version
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey

CASE_REKEYED = "case.rekeyed"
COPY_INFIX = ".rekey-"
LOCK_WAIT_MS = 2_000
_CHUNK = 4 * 1024 * 1024


class CaseInUse(CaseError):
    """Another program has the case open, so it cannot be re-encrypted now (exit 1)."""


def rekey_case(path: Path, passphrase: str, new_passphrase: str, actor: Actor, key: SigningKey, *,
               before_replace: Callable[[Path], None] | None = None) -> dict[str, Any]:
    """Re-encrypt the case at ``path`` under ``new_passphrase`` (checked by the lab's passphrase policy).

    Returns the ``case.rekeyed`` event's details. ``before_replace(copy)`` is called when the verified copy is
    ready, just before it is renamed over the case (for tests that crash there).
    """
    from heroes_desktop.pipeline.ingest_lock import ingest_lock  # the case's lock, shared with ingest

    path = Path(path)
    if actor.role.reviews_only:
        raise ReadOnlyCase("a supervisor reviews cases and does not change their passphrase")
    if new_passphrase == passphrase:
        raise UsageError("the new passphrase is the case's current passphrase")
    with ingest_lock(path):
        with Case.open(path, passphrase, mode=OpenMode.READ_ONLY) as case:  # wrong passphrase: exit 3
            if case.read_only_storage:
                raise ReadOnlyCase(f"{path}: the case is on read-only storage; its passphrase cannot change there")
            report = case.verify()
            if not report.ok:
                raise CustodyIntegrityError(
                    f"passphrase not changed: the custody chain does not verify "
                    f"({report.reason or '; '.join(report.problems)})", report.first_bad_seq)
            meta, case_id = case.meta(), case.case_id
        check_case_passphrase(new_passphrase, actor, title=meta.get("title", ""), number=meta.get("number", ""),
                              what="new case passphrase")
        _remove_stale_copies(path)
        details: dict[str, Any] = {
            "previous_head_seq": report.head_seq,
            "previous_head_hash": report.head_hash,
            "cipher": {**CIPHER_SETTINGS, "cipher_version": sqlcipher_version()},
            "method": "re-encrypted copy, verified, renamed over the case",
        }
        copy = path.with_name(f".{path.name}{COPY_INFIX}{uuid.uuid4().hex[:12]}")
        # Every descriptor of the case stays open until SQLite's connection is closed: closing any descriptor of
        # a file drops all of this process's POSIX locks on it, SQLite's exclusive lock included.
        source = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        holder = None
        try:
            holder = _hold_exclusively(path, passphrase)
            _copy_bytes(source, copy)
            _rekey_copy(copy, passphrase, new_passphrase)
            _append_rekeyed(copy, new_passphrase, case_id, actor, key, details)
            _check_copy(copy, new_passphrase, case_id, report.head_seq + 1)
            _fsync(copy)
            if before_replace is not None:
                before_replace(copy)
            os.replace(copy, path)
            _fsync(path.parent)
        except BaseException:
            _remove(copy)
            raise
        finally:
            if holder is not None:
                holder.close()  # the old file's lock; nothing was written through it
            os.close(source)
    return details


def _hold_exclusively(path: Path, passphrase: str):  # type: ignore[no-untyped-def]
    """A connection to the case holding SQLite's exclusive lock, the ``-wal`` merged into the file and removed."""
    holder = connect(path, passphrase, read_only=False)
    try:
        holder.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        try:
            holder.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            mode = holder.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise DatabaseError("database is locked")
            holder.execute("BEGIN EXCLUSIVE")
        except DatabaseError as error:
            if "locked" not in str(error).lower() and "busy" not in str(error).lower():
                raise
            raise CaseInUse(f"{path}: another program has this case open (the desktop application, an ingest or"
                            " another command): close it, then change the passphrase") from None
    except BaseException:
        holder.close()
        raise
    return holder


def _copy_bytes(source: int, copy: Path) -> None:
    offset = 0
    with open(copy, "xb") as out:
        os.chmod(copy, 0o600)
        while chunk := os.pread(source, _CHUNK, offset):
            out.write(chunk)
            offset += len(chunk)


def _rekey_copy(copy: Path, passphrase: str, new_passphrase: str) -> None:
    connection = connect(copy, passphrase, read_only=False)
    try:
        connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        connection.execute(f"PRAGMA rekey = {_quote_passphrase(new_passphrase)}")
    finally:
        connection.close()


def _append_rekeyed(copy: Path, new_passphrase: str, case_id: str, actor: Actor, key: SigningKey,
                    details: dict[str, Any]) -> None:
    engine = make_engine(copy, new_passphrase, read_only=False)
    try:
        with engine.begin() as connection:
            append_event(connection, case_id, actor, key, CASE_REKEYED, details, component_versions())
    finally:
        engine.dispose()
    connection = connect(copy, new_passphrase, read_only=False)
    try:
        connection.execute("PRAGMA journal_mode = DELETE").fetchone()  # the -wal merged in: one whole file
    finally:
        connection.close()
    left = [suffix for suffix in WAL_SUFFIXES if Path(str(copy) + suffix).exists()]
    if left:
        raise CaseError(f"{copy}: the re-encrypted copy still has {', '.join(left)} beside it; passphrase not changed")


def _check_copy(copy: Path, new_passphrase: str, case_id: str, head_seq: int) -> None:
    with Case.open(copy, new_passphrase, mode=OpenMode.READ_ONLY) as fresh:
        report = fresh.verify()
        if fresh.case_id != case_id or not report.ok or report.head_seq != head_seq:
            raise CustodyIntegrityError(
                f"passphrase not changed: the re-encrypted copy does not verify "
                f"({report.reason or '; '.join(report.problems) or 'another case or head'})", report.first_bad_seq)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(copy: Path) -> None:
    for suffix in ("", *WAL_SUFFIXES):
        Path(str(copy) + suffix).unlink(missing_ok=True)


def _remove_stale_copies(path: Path) -> None:
    """Copies left by a rekey that crashed before its rename (encrypted under a passphrase never put in use)."""
    for stale in path.parent.glob(f".{path.name}{COPY_INFIX}*"):
        stale.unlink(missing_ok=True)


__all__ = ["CASE_REKEYED", "CaseInUse", "rekey_case"]
