"""Signed checkpoints of the custody head, kept outside the case file.

A checkpoint pins (case id, seq, head hash) under a supervisor's signature. Verifying a case against a later
checkpoint detects a case rolled back to an older copy, a truncated chain, or a chain rewritten after the
checkpoint, none of which the case file alone can reveal.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.case.errors import CheckpointUnreadable
from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey, key_id_of, verify_signature

CHECKPOINT_FORMAT = "heroes-custody-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    case_id: str
    seq: int
    head_hash: str
    time: str
    actor: str
    role: str
    key_id: str
    public_key: str
    format: str = CHECKPOINT_FORMAT

    def signed_bytes(self) -> bytes:
        return canonical_json(asdict(self))


def make_checkpoint(case_id: str, head: CustodyEvent, actor: Actor, key: SigningKey, time: str) -> dict[str, Any]:
    """The checkpoint document for ``head``, signed by ``key``."""
    checkpoint = Checkpoint(
        case_id=case_id, seq=head.seq, head_hash=head.hash, time=time, actor=actor.name, role=actor.role.value,
        key_id=key.key_id, public_key=key.public_key.hex(),
    )
    return {**asdict(checkpoint), "signature": key.sign(checkpoint.signed_bytes()).hex()}


def write_checkpoint(document: dict[str, Any], out: Path) -> None:
    """Write atomically; never overwrite an existing checkpoint."""
    if os.path.lexists(out):  # a symbolic link, even a broken or looping one, is something already there
        raise CheckpointUnreadable(f"{out} already exists; checkpoints are never overwritten")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".checkpoint-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, indent=2, sort_keys=True)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, out)  # never replaces: a file that appeared meanwhile stays as it was
        except FileExistsError:
            raise CheckpointUnreadable(f"{out} already exists; checkpoints are never overwritten") from None
    finally:
        os.unlink(temporary)


def read_checkpoint(path: Path) -> Checkpoint:
    """Load and check a checkpoint's own signature (not yet against a case)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        signature = bytes.fromhex(document.pop("signature"))
        checkpoint = Checkpoint(**document)
        public_key = bytes.fromhex(checkpoint.public_key)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointUnreadable(f"checkpoint {path} is unreadable: {error}") from error
    if checkpoint.format != CHECKPOINT_FORMAT:
        raise CheckpointUnreadable(f"checkpoint {path} has unknown format {checkpoint.format!r}")
    if key_id_of(public_key) != checkpoint.key_id or not verify_signature(
        public_key, signature, checkpoint.signed_bytes()
    ):
        raise CheckpointUnreadable(f"checkpoint {path} has an invalid signature")
    return checkpoint


def compare_with_chain(checkpoint: Checkpoint, case_id: str, events: list[CustodyEvent]) -> str | None:
    """Why the chain contradicts ``checkpoint`` (rollback, truncation, rewrite, foreign key), or None."""
    if checkpoint.case_id != case_id:
        return f"the checkpoint belongs to case {checkpoint.case_id}, not to this case ({case_id})"
    if len(events) < checkpoint.seq:
        return (
            f"the case has been rolled back or truncated: the checkpoint made at {checkpoint.time} by "
            f"{checkpoint.actor} records {checkpoint.seq} events, the case holds {len(events)}"
        )
    if events[checkpoint.seq - 1].hash != checkpoint.head_hash:
        return f"event {checkpoint.seq} differs from the checkpoint: the chain was rewritten after it was taken"
    registered = {
        event.key_id: event.details.get("public_key") for event in events if event.action == "signer.registered"
    }
    if registered.get(checkpoint.key_id) != checkpoint.public_key:
        return f"the checkpoint is signed by key {checkpoint.key_id}, which is not a signer of this case"
    return None
