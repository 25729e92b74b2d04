"""A case: one SQLCipher file, opened in one of three modes, with every change recorded in its custody chain.

- ``READ_WRITE``: an examiner's working session. One writer engine (a single connection) owns all writes; every
  change commits in the same transaction as the custody event that records it.
- ``REVIEW``: a supervisor's session. Case data is read through read-only connections; the only writes possible
  are appends to the custody chain (review signatures, checkpoints), enforced by an SQLite authorizer.
- ``READ_ONLY``: viewers (info, log, verify, the GUI's views): the file is never changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
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
from heroes_desktop.case.engine import CIPHER_SETTINGS, PAGE_SIZE, DatabaseError, connect, make_engine
from heroes_desktop.case.errors import (
    CaseAccessDenied,
    CaseError,
    CaseExists,
    CustodyIntegrityError,
    ReadOnlyCase,
)
from heroes_desktop.case.schema import CUSTODY_TABLES, case_meta, custody_events, evidence, files, signers
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.versions import component_versions, sqlcipher_version
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey

APPLICATION = "heroes-desktop-case"
WAL_SUFFIXES = ("-wal", "-shm", "-journal")


class OpenMode(StrEnum):
    READ_WRITE = "read-write"
    REVIEW = "review"
    READ_ONLY = "read-only"


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
    ) -> None:
        self.path = path
        self.mode = mode
        self.case_id = case_id
        self._reader = reader
        self._writer = writer
        self.actor = actor
        self._key = key

    # ----------------------------------------------------------------------------------------------- lifecycle

    @classmethod
    def create(
        cls, path: Path, passphrase: str, actor: Actor, key: SigningKey, *, title: str = "", number: str = ""
    ) -> Case:
        """Create a new encrypted case; refuses to touch an existing file."""
        path = Path(path)
        if actor.role.reviews_only:
            raise ReadOnlyCase("a supervisor reviews cases and does not create them")
        if any(Path(str(path) + suffix).exists() for suffix in ("", *WAL_SUFFIXES)):
            raise CaseExists(f"{path} already exists; a new case never overwrites a file")
        if not passphrase:
            raise CaseError("a case needs a non-empty passphrase")
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
        return cls(path, OpenMode.READ_WRITE, case_id, writer, writer, actor, key)

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
        """Open an existing case. A wrong passphrase or a file that is not a case changes nothing on disk."""
        path = Path(path)
        if mode is not OpenMode.READ_ONLY and (actor is None or key is None):
            raise CaseError(f"a {mode.value} session needs an actor and their signing key")
        if mode is OpenMode.READ_WRITE and actor is not None and actor.role.reviews_only:
            mode = OpenMode.REVIEW
        case_id = _probe(path, passphrase)
        reader = make_engine(path, passphrase, read_only=True, pool_size=2) if mode is not OpenMode.READ_WRITE else None
        writer = None
        if mode is OpenMode.READ_WRITE:
            writer = make_engine(path, passphrase, read_only=False)
        elif mode is OpenMode.REVIEW:
            writer = make_engine(path, passphrase, read_only=False, writable_tables=CUSTODY_TABLES)
        case = cls(path, mode, case_id, reader or writer, writer, actor, key)  # type: ignore[arg-type]
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
            if pending and self.mode is not OpenMode.READ_WRITE:
                raise CaseError(
                    f"this case has format version {migrations.latest_version() - len(pending)} and needs an upgrade;"
                    " an examiner must open it read-write once"
                )
            if self._writer is None:
                return
            for migration in pending:
                details = {"version": migration.version, "name": migration.name}
                with self.change("case.migrated", details) as connection:
                    migrations.apply(connection, migration)
            attempts = failed_opens.claim_failed_opens(self.path)
            if attempts:
                self.record("case.failed_opens", {"count": len(attempts), "attempts": attempts})
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
        with self._translate_damage(), self._reader.connect() as connection:
            yield connection

    def events(self) -> list[CustodyEvent]:
        with self.reading() as connection:
            return read_events(connection)

    def meta(self) -> dict[str, str]:
        with self.reading() as connection:
            return {row.key: row.value for row in connection.execute(select(case_meta))}

    def info(self) -> CaseInfo:
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
        )

    # ----------------------------------------------------------------------------------------------- integrity

    def verify(self, *, checkpoint: Path | None = None, file_integrity: bool = True) -> VerificationReport:
        """Verify the custody chain, its side records, optionally a checkpoint, and the file's own integrity."""
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

    def sign_review(self, note: str = "") -> CustodyEvent:
        """A supervisor's signed review of the chain as it stands; refused when the chain does not verify."""
        if self.actor is None or self.actor.role is not Role.SUPERVISOR:
            raise CaseError("only a supervisor signs a review")
        report = self.verify()
        if not report.ok:
            raise CustodyIntegrityError(
                f"review not signed: {report.reason or '; '.join(report.problems)}", report.first_bad_seq
            )
        return self.record(
            "review.signed",
            {"note": note, "reviewed_head_seq": report.head_seq, "reviewed_head_hash": report.head_hash},
        )

    def checkpoint(self, out: Path) -> dict[str, Any]:
        """Record that a checkpoint is taken, then write a signed checkpoint of that very event to ``out``.

        The recording comes first so that the checkpoint also covers its signer's registration in the chain.
        """
        if self.actor is None or self._key is None:
            raise CaseError("a checkpoint is signed: it needs an actor and their key")
        if Path(out).exists():
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
        try:
            yield
        except DBAPIError as error:
            if isinstance(error.orig, DatabaseError) and _looks_damaged(str(error.orig)):
                raise CaseAccessDenied(f"{self.path}: the case file is damaged ({error.orig})") from None
            raise


def _looks_damaged(message: str) -> bool:
    message = message.lower()
    return any(sign in message for sign in ("malformed", "not a database", "disk i/o", "corrupt"))


def _file_integrity_problems(connection: Connection) -> list[str]:
    problems = []
    integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append("SQLite integrity_check: " + "; ".join(map(str, integrity[:5])))
    cipher = [row[0] for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check")]
    if cipher:
        problems.append("SQLCipher cipher_integrity_check: " + "; ".join(map(str, cipher[:5])))
    return problems


def _probe(path: Path, passphrase: str) -> str:
    """Check that ``path`` is a case this passphrase opens, read-only; note and refuse a failed attempt."""

    def refuse(reason: str) -> CaseAccessDenied:
        if path.is_file():
            failed_opens.note_failed_open(path, reason)
        return CaseAccessDenied(f"{path}: {reason}")

    if not path.is_file():
        raise CaseAccessDenied(f"{path}: no such case file")
    size = path.stat().st_size
    if size == 0 or size % PAGE_SIZE:
        raise refuse("not a case file, or a truncated one (its size is not a whole number of pages)")
    with path.open("rb") as stream:
        if stream.read(16) == b"SQLite format 3\x00":
            raise refuse("not a case file (a plain, unencrypted SQLite database)")
    try:
        connection = connect(path, passphrase, read_only=True)
    except DatabaseError:
        raise refuse("wrong passphrase, or not a HEROES case file") from None
    try:
        rows = dict(connection.execute("SELECT key, value FROM case_meta WHERE key IN ('application', 'case_id')"))
        connection.execute("SELECT seq, hash FROM custody_events ORDER BY seq DESC LIMIT 1").fetchall()
    except DatabaseError as error:
        if "no such table" in str(error):
            raise refuse("not a HEROES case file (an encrypted database of another kind)") from None
        raise refuse(f"the case file is damaged ({error})") from None
    finally:
        connection.close()
    if rows.get("application") != APPLICATION or not rows.get("case_id"):
        raise refuse("not a HEROES case file")
    return rows["case_id"]


__all__ = ["Case", "CaseInfo", "OpenMode"]
