"""The chain of custody: hash-chained, Ed25519-signed events, and their verification.

Each event's hash is SHA-256 over the canonical JSON of its content (case id, sequence number, time, actor, role,
action, details, component versions, signing key id) and the previous event's hash; the signature is the actor's
Ed25519 signature of that hash. The schema refuses updates and deletions, but only :func:`verify_chain` proves
integrity: it recomputes every hash, link and signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select

from heroes_desktop.case.schema import custody_events, custody_head, signers
from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey, key_id_of, verify_signature

GENESIS_HASH = "0" * 64
SIGNER_REGISTERED = "signer.registered"
CASE_CREATED = "case.created"


@dataclass(frozen=True)
class CustodyEvent:
    """One event of the chain, as stored."""

    seq: int
    time: str
    actor: str
    role: str
    action: str
    details: dict[str, Any]
    versions: dict[str, Any]
    key_id: str
    prev_hash: str
    hash: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        """The CLI contract's JSON form of an event."""
        return {
            "seq": self.seq,
            "time": self.time,
            "actor": self.actor,
            "role": self.role,
            "action": self.action,
            "details": self.details,
            "versions": self.versions,
            "key_id": self.key_id,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "signature": self.signature,
        }


def event_hash(case_id: str, event: CustodyEvent | Mapping[str, Any]) -> str:
    """The SHA-256 that links and signs ``event`` (everything but its own hash and signature)."""
    fields = event.as_json() if isinstance(event, CustodyEvent) else dict(event)
    content = {name: fields[name] for name in _HASHED_FIELDS}
    content["case_id"] = case_id
    return hashlib.sha256(canonical_json(content)).hexdigest()


_HASHED_FIELDS = ("seq", "time", "actor", "role", "action", "details", "versions", "key_id", "prev_hash")


def _row_to_event(row: Any) -> CustodyEvent:
    return CustodyEvent(
        seq=row.seq,
        time=row.time,
        actor=row.actor,
        role=row.role,
        action=row.action,
        details=json.loads(row.details),
        versions=json.loads(row.versions),
        key_id=row.key_id,
        prev_hash=row.prev_hash,
        hash=row.hash,
        signature=row.signature,
    )


def read_events(connection: Connection, after_seq: int = 0) -> list[CustodyEvent]:
    """All events after ``after_seq``, in sequence order."""
    rows = connection.execute(
        select(custody_events).where(custody_events.c.seq > after_seq).order_by(custody_events.c.seq)
    )
    return [_row_to_event(row) for row in rows]


def read_head(connection: Connection) -> tuple[int, str]:
    """The last event's (seq, hash), from the event table itself."""
    row = connection.execute(
        select(custody_events.c.seq, custody_events.c.hash).order_by(custody_events.c.seq.desc()).limit(1)
    ).first()
    return (int(row.seq), str(row.hash)) if row else (0, GENESIS_HASH)


def _insert_event(
    connection: Connection, case_id: str, actor: Actor, key: SigningKey, action: str, details: Mapping[str, Any],
    versions: Mapping[str, Any],
) -> CustodyEvent:
    seq, prev_hash = read_head(connection)
    draft = {
        "seq": seq + 1,
        "time": utc_now_iso(),
        "actor": actor.name,
        "role": actor.role.value,
        "action": action,
        "details": json.loads(canonical_json(dict(details))),
        "versions": json.loads(canonical_json(dict(versions))),
        "key_id": key.key_id,
        "prev_hash": prev_hash,
    }
    digest = event_hash(case_id, draft)
    event = CustodyEvent(**draft, hash=digest, signature=key.sign(bytes.fromhex(digest)).hex())
    stored = event.as_json()
    stored["details"] = canonical_json(event.details).decode("utf-8")
    stored["versions"] = canonical_json(event.versions).decode("utf-8")
    connection.execute(insert(custody_events).values(**stored))
    return event


def append_event(
    connection: Connection,
    case_id: str,
    actor: Actor,
    key: SigningKey,
    action: str,
    details: Mapping[str, Any],
    versions: Mapping[str, Any],
) -> list[CustodyEvent]:
    """Append ``action`` signed by ``key``; a key new to this case is registered first, in its own event.

    The caller owns the (immediate) transaction, so that a change and the event recording it commit together.
    Returns the events written (the registration, if any, then the action).
    """
    written = []
    known = connection.execute(select(signers.c.key_id).where(signers.c.key_id == key.key_id)).first()
    if known is None:
        registration = _insert_event(
            connection, case_id, actor, key, SIGNER_REGISTERED,
            {"actor": actor.name, "key_id": key.key_id, "public_key": key.public_key.hex()}, versions,
        )
        connection.execute(
            insert(signers).values(
                key_id=key.key_id, actor=actor.name, public_key=key.public_key.hex(), registered_seq=registration.seq
            )
        )
        written.append(registration)
    written.append(_insert_event(connection, case_id, actor, key, action, details, versions))
    return written


@dataclass
class VerificationReport:
    """The outcome of verifying a chain: ``ok``, or the first bad event and why."""

    events_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    first_bad_seq: int | None = None
    reason: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and not self.problems

    def fail(self, seq: int, reason: str) -> None:
        if self.first_bad_seq is None:
            self.first_bad_seq, self.reason = seq, reason

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events_checked": self.events_checked,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "problems": self.problems,
        }


def verify_chain(case_id: str, events: Iterable[CustodyEvent]) -> VerificationReport:
    """Recompute every hash, link and signature; stop at the first event that does not verify."""
    chain = list(events)
    report = VerificationReport()
    public_keys: dict[str, bytes] = {}
    previous_hash = GENESIS_HASH
    for position, event in enumerate(chain, start=1):
        problem = _check_event(case_id, chain, position, previous_hash, public_keys)
        if problem is not None:
            report.fail(*problem)
            return report
        report.events_checked, report.head_seq, report.head_hash = position, event.seq, event.hash
        previous_hash = event.hash
    if report.events_checked == 0:
        report.problems.append("the custody chain is empty")
    return report


def _check_event(
    case_id: str, chain: list[CustodyEvent], position: int, previous_hash: str, public_keys: dict[str, bytes]
) -> tuple[int, str] | None:
    """Why the event at ``position`` (1-based) does not verify, or None when it does (registers new keys)."""
    event = chain[position - 1]
    if event.seq != position:
        return position, f"event {position} is missing or out of order (found seq {event.seq} in its place)"
    if event.prev_hash != previous_hash:
        return _diagnose_broken_link(case_id, chain, position, previous_hash)
    if event_hash(case_id, event) != event.hash:
        return position, f"event {position} has been altered: its content does not match its hash"
    if position == 1 and event.action != SIGNER_REGISTERED:
        return 1, "the chain does not start with the registration of the creator's key"
    if event.action == SIGNER_REGISTERED:
        announced = bytes.fromhex(str(event.details.get("public_key", "")))
        if key_id_of(announced) != event.key_id or event.details.get("key_id") != event.key_id:
            return position, f"event {position} registers a key that does not match its key id"
        public_keys.setdefault(event.key_id, announced)
    public_key = public_keys.get(event.key_id)
    if public_key is None:
        return position, f"event {position} is signed by key {event.key_id}, which the chain never registered"
    if not verify_signature(public_key, bytes.fromhex(event.signature), bytes.fromhex(event.hash)):
        return position, f"event {position} has an invalid signature"
    if position == 2 and (event.action != CASE_CREATED or event.details.get("case_id") != case_id):
        return 2, "the chain's second event is not this case's creation"
    return None


def _diagnose_broken_link(
    case_id: str, chain: list[CustodyEvent], position: int, previous_hash: str
) -> tuple[int, str]:
    """Name the event responsible when the event at ``position`` does not link to its predecessor."""
    event = chain[position - 1]
    positions_by_hash = {other.hash: index for index, other in enumerate(chain, start=1)}
    linked_to = positions_by_hash.get(event.prev_hash)
    if linked_to is not None and linked_to < position - 1:
        first = linked_to + 1
        return first, f"event {first} was inserted: event {position} links to event {linked_to}"
    if linked_to is not None and linked_to >= position:
        return position, f"events were reordered: event {position} links to event {linked_to}"
    if event_hash(case_id, event) != event.hash:
        return position, f"event {position} has been altered, or an event before it was removed"
    following = chain[position] if position < len(chain) else None
    if following is not None and following.prev_hash == previous_hash:
        return position, f"event {position} was inserted: event {position + 1} links past it"
    return (
        position - 1,
        f"event {position} does not link to event {position - 1}: event {position - 1} was altered and re-signed,"
        " or events were removed between them",
    )


def check_side_records(connection: Connection, report: VerificationReport, events: list[CustodyEvent]) -> None:
    """Cross-check the head record and the signers table against a verified chain (adds problems)."""
    head = connection.execute(select(custody_head.c.seq, custody_head.c.hash)).first()
    if head is None or (head.seq, head.hash) != (report.head_seq, report.head_hash):
        recorded = f"{head.seq}" if head else "none"
        report.problems.append(
            f"the recorded custody head (seq {recorded}) differs from the chain's last event (seq {report.head_seq}):"
            " events were removed from the end, or the chain was rewritten"
        )
    registered = {
        event.key_id: event.details.get("public_key") for event in events if event.action == SIGNER_REGISTERED
    }
    for row in connection.execute(select(signers.c.key_id, signers.c.public_key)):
        if registered.get(row.key_id) != row.public_key:
            report.problems.append(f"signer {row.key_id} in the signers table does not match its registration event")
