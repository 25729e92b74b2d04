"""A case: one SQLCipher file, opened in one of three modes, with every change recorded in its custody chain.

- ``READ_WRITE``: an examiner's working session. One writer engine (a single connection) owns all writes; every
  change commits in the same transaction as the custody event that records it.
- ``REVIEW``: a supervisor's session. Case data is read through read-only connections; the only writes possible
  are appends to the custody chain (review signatures, checkpoints), enforced by an SQLite authorizer.
- ``READ_ONLY``: viewers (info, log, verify, the GUI's views): the file is never changed. These also work from
  read-only storage (a DVD, a write-blocked drive, a read-only share), where the other two modes are refused.

Every open checks that the file is whole: a truncated file, or a page whose HMAC fails, is :class:`CaseDamaged`
(exit 4), never mistaken for a wrong passphrase (exit 3).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import DBAPIError

from heroes_desktop.case import failed_opens, migrations
from heroes_desktop.case.checkpoint import compare_with_chain, make_checkpoint, read_checkpoint, write_checkpoint
from heroes_desktop.case.custody import (
    CASE_CREATED,
    CustodyEvent,
    VerificationReport,
    append_event,
    check_side_records,
    read_events,
    verify_chain,
)
from heroes_desktop.case.engine import (
    CIPHER_SETTINGS,
    PAGE_SIZE,
    DatabaseError,
    RawConnection,
    connect,
    failed_pages,
    make_engine,
    on_read_only_storage,
    wal_files,
)
from heroes_desktop.case.errors import (
    CaseAccessDenied,
    CaseDiskFull,
    CaseDamaged,
    CaseError,
    CaseExists,
    CaseOnReadOnlyStorage,
    CustodyIntegrityError,
    PortableCaseReadOnly,
    ReadOnlyCase,
)
from heroes_desktop.case.modes import OpenMode
from heroes_desktop.case.schema import CUSTODY_TABLES, case_meta, custody_events, evidence, files, signers
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.path_kinds import kind_of, shortened
from heroes_desktop.core.versions import component_versions, sqlcipher_version
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.identity.passphrase_policy import WeakPassphrase, check_passphrase

APPLICATION = "heroes-desktop-case"
WAL_SUFFIXES = ("-wal", "-shm", "-journal")
# Every page's HMAC is checked when a case is opened up to this size (SQLCipher checks ~100 MB in 0.3 s);
# larger cases are checked in full by ``info`` and ``verify``, and damage met by any query is reported as such.
CHECK_PAGES_ON_OPEN_BYTES = 256 * 1024 * 1024
# A portable case (heroes_desktop.exports.portable) names the case it was exported from here; it opens read-only.
PORTABLE_OF = "portable_of"
# A training or demo case (its passphrase is printed in the class material): exempt from the passphrase policy.
TRAINING = "training"


@dataclass(frozen=True)
class CaseInfo:
    """What ``heroes case info`` shows."""

    path: str
    case_id: str
    title: str
    number: str
    created_at: str
    format_version: int
    people: list[dict[str, str]]
    counts: dict[str, int]
    custody_head: dict[str, Any]
    cipher: dict[str, Any]
    file_size: int
    evidence: list[dict[str, Any]] = field(default_factory=list)
    storage: str = "writable"  # "read-only" when opened from read-only storage (DVD, write blocker, share)
    pages_checked: bool = False  # every page's HMAC was verified for this answer
    training: bool = False  # a training or demo case, made with a printed passphrase

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Case:
    """An open case file. Create with :meth:`create` or :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(
        self,
        path: Path,
        mode: OpenMode,
        case_id: str,
        reader: Engine,
        writer: Engine | None,
        actor: Actor | None,
        key: SigningKey | None,
        *,
        read_only_storage: bool = False,
        diagnose: Callable[[], RawConnection] | None = None,
        pages_checked: bool = False,
    ) -> None:
        self.path = path
        self.mode = mode
        self.case_id = case_id
        self._reader = reader
        self._writer = writer
        self.actor = actor
        self._key = key
        self.read_only_storage = read_only_storage
        self._immutable = False  # opened with SQLite's immutable flag (read-only storage, no -wal)
        self._diagnose = diagnose
        self.pages_checked = pages_checked

    # ----------------------------------------------------------------------------------------------- lifecycle

    @classmethod
    def create(
        cls, path: Path, passphrase: str, actor: Actor, key: SigningKey, *, title: str = "", number: str = "",
        training: bool = False,
    ) -> Case:
        """Create a new encrypted case; refuses to touch an existing file.

        The passphrase must meet the lab's passphrase policy (:class:`WeakPassphrase`, exit 2), except for a
        ``training`` case (class and demo cases, whose passphrases are printed), which is marked as one.
        """
        path = Path(path)
        if actor.role.reviews_only:
            raise ReadOnlyCase("a supervisor reviews cases and does not create them")
        if any(Path(str(path) + suffix).exists() for suffix in ("", *WAL_SUFFIXES)):
            raise CaseExists(f"{path} already exists; a new case never overwrites a file")
        if not passphrase:
            raise CaseError("a case needs a non-empty passphrase")
        for name, value, longest in (("--title", title, MAX_TITLE_CHARACTERS), ("--number", number, 100)):
            if len(value) > longest or any(not character.isprintable() for character in value):
                raise UsageError(f"{name} must be at most {longest} printable characters on one line (given: "
                                 f"{len(value):,} characters)")
        refuse_raw_key_form(passphrase)
        if not training:
            check_case_passphrase(passphrase, actor, title=title, number=number)
        path.parent.mkdir(parents=True, exist_ok=True)
        case_id = str(uuid.uuid4())
        writer = make_engine(path, passphrase, read_only=False)
        try:
            with writer.begin() as connection:
                for migration in migrations.MIGRATIONS:
                    migrations.apply(connection, migration)
                meta = {
                    "application": APPLICATION,
                    "case_id": case_id,
                    "title": title,
                    "number": number,
                    "created_at": utc_now_iso(),
                    "created_by": actor.name,
                }
                if training:
                    meta[TRAINING] = "true"
                connection.execute(insert(case_meta), [{"key": k, "value": v} for k, v in meta.items()])
                details = {
                    "case_id": case_id,
                    "title": title,
                    "number": number,
                    "format_version": migrations.latest_version(),
                    "cipher": {**CIPHER_SETTINGS, "cipher_version": sqlcipher_version()},
                }
                append_event(connection, case_id, actor, key, CASE_CREATED, details, component_versions())
        except BaseException:
            writer.dispose()
            for suffix in ("", *WAL_SUFFIXES):
                Path(str(path) + suffix).unlink(missing_ok=True)
            raise
        failed_opens.remember_case(path)
        return cls(path, OpenMode.READ_WRITE, case_id, writer, writer, actor, key,
                   diagnose=lambda: connect(path, passphrase, read_only=True, check_key=False), pages_checked=True)

    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        *,
        mode: OpenMode = OpenMode.READ_ONLY,
        actor: Actor | None = None,
        key: SigningKey | None = None,
        purpose: str = "",
    ) -> Case:
        """Open an existing case. A wrong passphrase or a file that is not a case changes nothing on disk.

        Raises :class:`CaseAccessDenied` (wrong passphrase, not a case), :class:`CaseDamaged` (truncated, or a page
        fails its authentication) and, for a session that may write, :class:`CaseOnReadOnlyStorage`.
        """
        path = Path(path)
        if mode is not OpenMode.READ_ONLY and (actor is None or key is None):
            raise CaseError(f"a {mode.value} session needs an actor and their signing key")
        if mode is OpenMode.READ_WRITE and actor is not None and actor.role.reviews_only:
            mode = OpenMode.REVIEW
        read_only_storage = path.is_file() and on_read_only_storage(path)
        # immutable only where SQLite cannot make the -wal/-shm a reader needs, and never over a pending -wal
        immutable = read_only_storage and not _has_pending_wal(path) and not _folder_writable(path)
        check_pages = path.is_file() and path.stat().st_size <= CHECK_PAGES_ON_OPEN_BYTES
        try:
            case_id, probed = _probe(path, passphrase, immutable=immutable, check_pages=check_pages)
        except _CannotOpen:
            if immutable or not read_only_storage or _has_pending_wal(path):
                raise
            immutable = True  # a read-only file whose -shm cannot be made or written: nothing writes it either
            case_id, probed = _probe(path, passphrase, immutable=immutable, check_pages=check_pages)
        if mode is OpenMode.READ_WRITE or (read_only_storage and mode is not OpenMode.READ_ONLY):
            probed.close()  # a read-write session reads through its writer
        if read_only_storage and mode is not OpenMode.READ_ONLY:
            raise read_only_storage_refusal(path, mode)
        reader = None
        if mode is not OpenMode.READ_WRITE:  # the probe's connection is the reader's first: one key derivation less
            reader = make_engine(path, passphrase, read_only=True, pool_size=2, immutable=immutable, first=probed)
        writer = None
        if mode is OpenMode.READ_WRITE:
            writer = make_engine(path, passphrase, read_only=False)
        elif mode is OpenMode.REVIEW:
            writer = make_engine(path, passphrase, read_only=False, writable_tables=CUSTODY_TABLES)

        def diagnose() -> RawConnection:
            return connect(path, passphrase, read_only=True, immutable=immutable, check_key=False)

        case = cls(path, mode, case_id, reader or writer, writer, actor, key,  # type: ignore[arg-type]
                   read_only_storage=read_only_storage, diagnose=diagnose, pages_checked=check_pages)
        case._immutable = immutable
        try:
            case._after_open(purpose)
        except BaseException:
            case.close()
            raise
        return case

    def _after_open(self, purpose: str) -> None:
        with self._translate_damage():
            with self._reader.connect() as connection:
                pending = migrations.pending(connection)
                portable_of = connection.execute(
                    select(case_meta.c.value).where(case_meta.c.key == PORTABLE_OF)).scalar()
            if portable_of and self.mode is OpenMode.READ_WRITE:
                raise PortableCaseReadOnly(
                    f"{self.path}: this is a portable case exported from case {portable_of}: it opens read-only")
            if pending and self.mode is not OpenMode.READ_WRITE:
                raise CaseError(
                    f"this case has format version {migrations.latest_version() - len(pending)} and needs an upgrade;"
                    f" an examiner must open it read-write once: heroes case upgrade {shlex.quote(shortened(str(self.path)))}"
                )
            if self._writer is None:
                return
            failed_opens.remember_case(self.path)
            for migration in pending:
                details = {"version": migration.version, "name": migration.name}
                with self.change("case.migrated", details) as connection:
                    migrations.apply(connection, migration)
            attempts = failed_opens.claim_failed_opens(self.path)
            if attempts:
                self.record("case.failed_opens", {"count": failed_opens.attempts_count(attempts),
                                                   "attempts": attempts, "source": failed_opens.SOURCE_NOTE})
            failed_opens.forget_claimed_failed_opens(self.path)
            if self.mode is OpenMode.READ_WRITE:
                self.record("case.opened", {"mode": self.mode.value, "purpose": purpose})

    def close(self) -> None:
        for engine in {id(e): e for e in (self._reader, self._writer) if e is not None}.values():
            engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------------- writing

    @contextmanager
    def change(
        self, action: str, details: dict[str, Any], *, models: Mapping[str, str] | None = None
    ) -> Iterator[Connection]:
        """A write transaction whose custody event (``action``, ``details``) commits with it.

        The body may add to ``details`` (counts, ids) before the event is written at the end.
        """
        if self.mode is not OpenMode.READ_WRITE or self._writer is None:
            raise ReadOnlyCase(f"this {self.mode.value} session cannot change case data ({action})")
        with self._translate_damage(), self._writer.begin() as connection:
            yield connection
            self._append(connection, action, details, models)

    @contextmanager
    def bulk(self) -> Iterator[Connection]:
        """A write transaction without an event of its own, for the bulk results of an operation.

        Only for work bracketed by custody events (``ingest.started`` ... ``ingest.finished``): the rows carry the
        operation's run id, and the closing event records what the operation committed.
        """
        if self.mode is not OpenMode.READ_WRITE or self._writer is None:
            raise ReadOnlyCase(f"this {self.mode.value} session cannot change case data")
        with self._translate_damage(), self._writer.begin() as connection:
            yield connection

    def record(
        self, action: str, details: Mapping[str, Any], *, models: Mapping[str, str] | None = None
    ) -> CustodyEvent:
        """Append one custody event on its own (read-write and review sessions)."""
        if self._writer is None or self.mode is OpenMode.READ_ONLY:
            raise ReadOnlyCase(f"this {self.mode.value} session cannot record events ({action})")
        with self._translate_damage(), self._writer.begin() as connection:
            return self._append(connection, action, details, models)[-1]

    def _append(
        self, connection: Connection, action: str, details: Mapping[str, Any], models: Mapping[str, str] | None
    ) -> list[CustodyEvent]:
        assert self.actor is not None and self._key is not None
        versions: dict[str, Any] = dict(component_versions())
        if models:
            versions["models"] = dict(models)
        return append_event(connection, self.case_id, self.actor, self._key, action, details, versions)

    # ------------------------------------------------------------------------------------------------- reading

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read connection (read-only in review and read-only sessions)."""
        if self._immutable and _has_pending_wal(self.path):
            raise CaseError(
                f"{self.path}: another program has begun changing this case, opened as unchangeable read-only"
                " storage; open it again"
            )
        with self._translate_damage(), self._reader.connect() as connection:
            yield connection

    def events(self) -> list[CustodyEvent]:
        with self.reading() as connection:
            return read_events(connection)

    @property
    def signing_key(self) -> SigningKey | None:
        """The session's own signing key (unlocked when the case was opened), for what it signs outside the chain:
        reports, portable cases. None in a read-only session."""
        return self._key

    def meta(self) -> dict[str, str]:
        with self.reading() as connection:
            return {row.key: row.value for row in connection.execute(select(case_meta))}

    def info(self) -> CaseInfo:
        """What ``case info`` shows; every page's HMAC is checked first (raises :class:`CaseDamaged`)."""
        self.check_pages()
        with self.reading() as connection:
            meta = {row.key: row.value for row in connection.execute(select(case_meta))}
            people = [
                {"name": row.actor, "role": row.role}
                for row in connection.execute(
                    select(custody_events.c.actor, custody_events.c.role).distinct().order_by(custody_events.c.actor)
                )
            ]
            event_count = connection.execute(select(func.count()).select_from(custody_events)).scalar_one()
            signer_count = connection.execute(select(func.count()).select_from(signers)).scalar_one()
            head = connection.execute(
                select(custody_events.c.seq, custody_events.c.hash, custody_events.c.time)
                .order_by(custody_events.c.seq.desc())
                .limit(1)
            ).first()
            cipher = {
                "cipher_version": connection.exec_driver_sql("PRAGMA cipher_version").scalar(),
                **CIPHER_SETTINGS,
            }
            format_version = migrations.current_version(connection)
            evidence_rows = [
                {"id": row.id, "label": row.label, "format": row.format, "size": row.size, "md5": row.md5,
                 "verified": row.verified}
                for row in connection.execute(select(evidence).order_by(evidence.c.id))
            ]
            file_count = connection.execute(select(func.count()).select_from(files)).scalar_one()
            deleted_count = connection.execute(select(func.count()).where(files.c.deleted.is_(True))).scalar_one()
        return CaseInfo(
            path=str(self.path),
            case_id=self.case_id,
            title=meta.get("title", ""),
            number=meta.get("number", ""),
            created_at=meta.get("created_at", ""),
            format_version=format_version,
            people=people,
            counts={"custody_events": int(event_count), "signers": int(signer_count), "files": int(file_count),
                    "deleted_files": int(deleted_count)},
            custody_head={"seq": head.seq, "hash": head.hash, "time": head.time} if head else {},
            cipher=cipher,
            file_size=self.path.stat().st_size,
            evidence=evidence_rows,
            storage="read-only" if self.read_only_storage else "writable",
            pages_checked=self.pages_checked,
            training=meta.get(TRAINING) == "true",
        )

    def check_pages(self) -> None:
        """Check every page's HMAC (and that the file is whole) unless done at open; raises :class:`CaseDamaged`."""
        if self.pages_checked or self._diagnose is None:
            return
        damage = _describe_damage(self.path, self._diagnose, writer_may_be_active=not self.read_only_storage)
        if damage is not None:
            raise damage
        self.pages_checked = True

    # ----------------------------------------------------------------------------------------------- integrity

    def verify(self, *, checkpoint: Path | None = None, file_integrity: bool = True) -> VerificationReport:
        """Verify the custody chain, its side records, optionally a checkpoint, and the file's own integrity.

        A damaged file (a page failing its HMAC, a truncated file) raises :class:`CaseDamaged`.
        """
        if file_integrity:
            self.check_pages()
        with self.reading() as connection:
            events = read_events(connection)
            report = verify_chain(self.case_id, events)
            if report.ok:
                check_side_records(connection, report, events)
            if file_integrity:
                report.problems.extend(_file_integrity_problems(connection))
        if checkpoint is not None:
            contradiction = compare_with_chain(read_checkpoint(checkpoint), self.case_id, events)
            if contradiction is not None:
                report.problems.append(contradiction)
        return report

    def sign_review(self, note: str = "", details: Mapping[str, Any] | None = None) -> CustodyEvent:
        """A supervisor's signed review of the chain as it stands; refused when the chain does not verify.

        ``details`` adds to the event what the review found (``{"blind_review": ...}``, the blind second review's
        result); it cannot replace the note or the reviewed head.
        """
        if self.actor is None or self.actor.role is not Role.SUPERVISOR:
            raise CaseError("only a supervisor signs a review")
        report = self.verify()
        if not report.ok:
            raise CustodyIntegrityError(
                f"review not signed: {report.reason or '; '.join(report.problems)}", report.first_bad_seq
            )
        return self.record(
            "review.signed",
            {**(details or {}), "note": note, "reviewed_head_seq": report.head_seq,
             "reviewed_head_hash": report.head_hash},
        )

    def checkpoint(self, out: Path) -> dict[str, Any]:
        """Record that a checkpoint is taken, then write a signed checkpoint of that very event to ``out``.

        The recording comes first so that the checkpoint also covers its signer's registration in the chain.
        """
        if self.actor is None or self._key is None:
            raise CaseError("a checkpoint is signed: it needs an actor and their key")
        if os.path.lexists(out):
            raise CaseExists(f"{out} already exists; checkpoints are never overwritten")
        report = verify_chain(self.case_id, self.events())
        if not report.ok:
            raise CustodyIntegrityError(f"no checkpoint taken: {report.reason}", report.first_bad_seq)
        head = self.record("custody.checkpoint", {"out": str(out), "verified_up_to_seq": report.head_seq})
        document = make_checkpoint(self.case_id, head, self.actor, self._key, utc_now_iso())
        write_checkpoint(document, Path(out))
        return document

    @contextmanager
    def _translate_damage(self) -> Iterator[None]:
        """Back-end errors that mean damage or read-only storage, as the case package's errors, on one line."""
        try:
            yield
        except DBAPIError as error:
            if not isinstance(error.orig, DatabaseError):
                raise
            message = str(error.orig).lower()
            if "readonly" in message or "read-only" in message:
                where = "its storage is read-only" if on_read_only_storage(self.path) else "it is read-only"
                raise ReadOnlyCase(f"{self.path}: the case cannot be changed: {where}") from None
            if "database or disk is full" in message:
                raise CaseDiskFull(f"{self.path}: no space left on the case's drive ({_free_space(self.path)} free); "
                                   "what was committed before is kept: free space and run the command again (an "
                                   "ingest resumes where it stopped)") from None
            if "disk i/o" in message:
                raise CaseError(f"{self.path}: the case file cannot be read (disk I/O error: was its drive removed?)")
            if _looks_damaged(message):
                damage = None
                if self._diagnose is not None:
                    damage = _describe_damage(self.path, self._diagnose, writer_may_be_active=True)
                raise damage or CaseDamaged(f"{self.path}: the case file is damaged ({error.orig})") from None
            raise


def _free_space(path: Path) -> str:
    try:
        usage = shutil.disk_usage(path.parent)
    except OSError:
        return "unknown"
    return f"{usage.free / 2**20:.1f} MiB"


MAX_TITLE_CHARACTERS = 300  # a case title is a line on reports and in the window, not a document


# SQLCipher takes a key of the form x'<64 hex>' (or x'<96 hex>', key and salt) as raw key bytes and skips the
# key derivation: such a "passphrase" is never a passphrase, and it would bypass the PBKDF2 work an attacker pays.
_RAW_KEY_FORM = re.compile(r"x'[0-9a-f]*'", re.IGNORECASE)


def refuse_raw_key_form(passphrase: str, what: str = "case passphrase") -> None:
    """Refuse a new passphrase SQLCipher would read as a raw key (:class:`WeakPassphrase`, exit 2)."""
    if _RAW_KEY_FORM.fullmatch(passphrase):
        raise WeakPassphrase(f"{what} refused: the form x'<hex digits>' is read by SQLCipher as a raw key without "
                             "key derivation. Suggestion: choose a passphrase of several words instead")


def check_case_passphrase(passphrase: str, actor: Actor, *, title: str = "", number: str = "",
                          what: str = "case passphrase") -> None:
    """Refuse a new case passphrase weaker than the lab's policy (:class:`WeakPassphrase`, exit 2); the examiner's
    name and the case's title and number are taken as known to an attacker. Called by :meth:`Case.create`, and by
    the CLI and the GUI before a signing key is made for the new case."""
    refuse_raw_key_form(passphrase, what)
    check_passphrase(passphrase, what=what, user_inputs=(actor.name, title, number))


def refuse_writes_on_read_only_storage(path: Path, passphrase: str, mode: OpenMode) -> None:
    """Before a session that would write asks for a signing key: refuse it when the case is on read-only storage.

    The case is probed read-only first, so that a wrong passphrase (exit 3) or damage (exit 4) is told as such.
    """
    path = Path(path)
    if mode is OpenMode.READ_ONLY or not path.is_file() or not on_read_only_storage(path):
        return
    Case.open(path, passphrase, mode=OpenMode.READ_ONLY).close()
    raise read_only_storage_refusal(path, mode)


def read_only_storage_refusal(path: Path, mode: OpenMode) -> CaseOnReadOnlyStorage:
    return CaseOnReadOnlyStorage(
        f"{path}: the case is on read-only storage and cannot be changed here ({mode.value} session refused);"
        " it can still be read (case info, custody log and verify, files, search); copy it to writable storage"
        " to work on it"
    )


def _looks_damaged(message: str) -> bool:
    message = message.lower()
    return any(sign in message for sign in ("malformed", "not a database", "corrupt"))


def _first_page_damage(path: Path, size: int, open_raw: Callable[[], RawConnection]) -> CaseDamaged | None:
    """Page 1 failed, as with a wrong key: but if the key authenticates the other pages, page 1 is damaged.

    Asked only of files that look like SQLCipher and are small enough to check on open (a wrong key fails them all).
    """
    if size > CHECK_PAGES_ON_OPEN_BYTES or size < 2 * PAGE_SIZE:
        return None
    if not failed_opens.looks_encrypted(failed_opens.read_first_page(path), size):
        return None
    connection = open_raw()
    try:
        pages, _ = failed_pages(connection)
    except DatabaseError:
        return None
    finally:
        connection.close()
    if 1 not in pages or len(pages) >= size // PAGE_SIZE:
        return None
    their = "its" if len(pages) == 1 else "their"
    return CaseDamaged(
        f"{path}: the case file is damaged: {_pages_text(pages)} failed {their} authentication", tuple(pages)
    )


class _CannotOpen(CaseError):
    """SQLite could not open the file (as distinct from a wrong key or damage)."""


def _folder_writable(path: Path) -> bool:
    return os.access(path.resolve().parent, os.W_OK | os.X_OK)


def _has_pending_wal(path: Path) -> bool:
    """A non-empty ``-wal``: committed changes not yet in the main file (a writer may be active, or crashed)."""
    wal = wal_files(path)[0]
    return wal.is_file() and wal.stat().st_size > 0


def _describe_damage(
    path: Path, open_raw: Callable[[], RawConnection], *, writer_may_be_active: bool, close: bool = True
) -> CaseDamaged | None:
    """Ask SQLCipher which pages fail their HMAC, and whether the file is a whole number of pages.

    A reader may catch a page in the middle of a checkpoint's write while a writer is active, so a failure found
    then is only reported when it is found again a moment later.
    """
    size = path.stat().st_size
    if size % PAGE_SIZE:
        return CaseDamaged(
            f"{path}: the case file is damaged (truncated: {size} bytes, not a whole number of pages)",
            (size // PAGE_SIZE + 1,),
        )
    connection = open_raw()
    try:
        pages, _ = failed_pages(connection)
        if pages and writer_may_be_active and _has_pending_wal(path):
            time.sleep(0.2)
            again, _ = failed_pages(connection)
            pages = sorted(set(pages) & set(again))
        if not pages:
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                connection.execute("SELECT count(*) FROM custody_events").fetchone()
            except DatabaseError as error:
                if "malformed" in str(error).lower() or "corrupt" in str(error).lower():
                    return CaseDamaged(
                        f"{path}: the case file is damaged (truncated: {size} bytes, {_whole_pages(size)}"
                        ", but pages the case needs are missing)"
                    )
            return None
    finally:
        if close:
            connection.close()
    their = "its" if len(pages) == 1 else "their"
    return CaseDamaged(
        f"{path}: the case file is damaged: {_pages_text(pages)} failed {their} authentication", tuple(pages)
    )


def _whole_pages(size: int) -> str:
    count = size // PAGE_SIZE
    return f"{count} whole page" + ("" if count == 1 else "s")


def _pages_text(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    shown = ", ".join(map(str, pages[:5]))
    more = f" and {len(pages) - 5} more" if len(pages) > 5 else ""
    return f"{len(pages)} pages ({shown}{more})"


def _file_integrity_problems(connection: Connection) -> list[str]:
    """SQLite's own structural check (the pages' HMACs are checked by :meth:`Case.check_pages`)."""
    integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    return [] if integrity == ["ok"] else ["SQLite integrity_check: " + "; ".join(map(str, integrity[:5]))]


# First bytes of files that are often given where a case is expected, named in the refusal.
_KNOWN_FORMATS = (
    (b"SQLite format 3\x00", "a plain, unencrypted SQLite database"),
    (b"EVF\x09\x0d\x0a\xff\x00", "an EWF (E01) evidence image"),
    (b"EVF2\x0d\x0a\x81\x00", "an EWF2 (Ex01) evidence image"),
    (b"LVF\x09\x0d\x0a\xff\x00", "an EWF logical (L01) evidence file"),
    (b"KDMV", "a VMDK disk image"),
    (b"QFI\xfb", "a QCOW disk image"),
    (b"vhdxfile", "a VHDX disk image"),
    (b"conectix", "a VHD disk image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
)


def _known_format(first_page: bytes) -> str | None:
    for magic, name in _KNOWN_FORMATS:
        if first_page.startswith(magic):
            return name
    return None


def _probe(path: Path, passphrase: str, *, immutable: bool, check_pages: bool) -> tuple[str, RawConnection]:
    """Check that ``path`` is a whole case this passphrase opens, read-only; note and refuse a failed attempt.

    Returns the case id and the keyed read-only connection that checked it, still open, for the caller to reuse
    (keying a connection derives the key again: a tenth of a second) or close.

    Wrong passphrase and "not a case" are :class:`CaseAccessDenied` (exit 3); a file the passphrase opens but
    that is truncated or fails page authentication is :class:`CaseDamaged` (exit 4).
    """

    def refuse(reason: str) -> CaseAccessDenied:
        failed_opens.note_failed_open(path, reason)
        return CaseAccessDenied(f"{path}: {reason}")

    def open_raw() -> RawConnection:
        return connect(path, passphrase, read_only=True, immutable=immutable, check_key=False)

    if not path.is_file():
        kind = kind_of(path)
        what = "no such case file" if kind == "missing" else f"{kind}, not a case file"
        raise CaseAccessDenied(f"{shortened(str(path))}: {'a folder, not a case file' if kind == 'folder' else what}")
    size = path.stat().st_size
    if size == 0:
        raise refuse("not a case file (an empty file)")
    try:
        known = _known_format(failed_opens.read_first_page(path))
    except OSError as error:
        raise CaseError(f"{path}: the case file cannot be read ({error.strerror or error})") from None
    if known:
        raise refuse(f"not a case file ({known})")
    if size < PAGE_SIZE:
        raise refuse(f"not a case file, or one truncated inside its first page ({size} bytes)")
    try:
        connection = connect(path, passphrase, read_only=True, immutable=immutable)
    except DatabaseError as error:
        name = getattr(error, "sqlite_errorname", "")
        if name == "SQLITE_CORRUPT":  # the key opened page 1, so this is a case the passphrase opens; it is damaged
            raise _describe_damage(path, open_raw, writer_may_be_active=not immutable) or CaseDamaged(
                f"{path}: the case file is damaged ({error})") from None
        if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            if immutable is False and _has_pending_wal(path) and on_read_only_storage(path):
                raise CaseError(
                    f"{path}: the case is on read-only storage with changes still in its -wal file that SQLite"
                    " cannot read there; copy the case with its -wal and -shm files to writable storage"
                ) from None
            raise _CannotOpen(f"{path}: the case file cannot be opened ({error})") from None
        damaged_first_page = _first_page_damage(path, size, open_raw)
        if damaged_first_page is not None:
            raise damaged_first_page from None
        partial = f" (and its size, {size} bytes, is not a whole number of pages)" if size % PAGE_SIZE else ""
        raise refuse("wrong passphrase, or not a HEROES case file" + partial) from None
    try:
        try:
            if check_pages or size % PAGE_SIZE:
                damage = _describe_damage(path, lambda: connection, writer_may_be_active=not immutable, close=False)
                if damage is not None:
                    raise damage
            rows = dict(connection.execute(
                "SELECT key, value FROM case_meta WHERE key IN ('application', 'case_id')"))
            connection.execute("SELECT seq, hash FROM custody_events ORDER BY seq DESC LIMIT 1").fetchall()
        except DatabaseError as error:
            if "no such table" in str(error):
                raise refuse("not a HEROES case file (an encrypted database of another kind)") from None
            raise _describe_damage(path, open_raw, writer_may_be_active=not immutable) or CaseDamaged(
                f"{path}: the case file is damaged ({error})") from None
    except BaseException:
        connection.close()
        raise
    if rows.get("application") != APPLICATION or not rows.get("case_id"):
        connection.close()
        raise refuse("not a HEROES case file")
    return rows["case_id"], connection


__all__ = ["Case", "CaseInfo", "OpenMode", "check_case_passphrase", "refuse_writes_on_read_only_storage"]
