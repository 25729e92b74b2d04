"""Unlock encrypted volumes with a password or recovery key, so that the next ingest walks them.

BitLocker and LUKS volumes are given their decryption layer (:mod:`heroes_desktop.evidence.encrypted_volumes`); an
encrypted APFS volume already has its ``apfs`` layer, which takes the key. The key is tried in a worker process
(libbde, libluksde and libfsapfs are native code). A key that opens a volume is kept in the encrypted case
(``volume_secrets``) and the volume gets its layers, in one transaction with the ``volume.unlocked`` custody event;
a key that does not is recorded as ``volume.unlock-failed``. The key itself is in no custody event, message or
listing: only its kind (``password`` or ``recovery-key``) is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, volume_secrets, volumes
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError
from heroes_desktop.evidence.encrypted_volumes import (
    KEY_KINDS, LAYER_OF_ENCRYPTION, PASSWORD, RECOVERY_KEY, EncryptedVolumeUnreadable, VolumeKeyRejected, layer_for,
    recovery_password,
)
from heroes_desktop.evidence.errors import EvidenceError
from heroes_desktop.evidence.sources import EvidenceSource
from heroes_desktop.evidence.tsk_image import open_tsk_file_system
from heroes_desktop.evidence.volume_stack import VolumeSpec, open_volume
from heroes_desktop.evidence.volumes import fs_type_name
from heroes_desktop.pipeline.errors import PipelineError
from heroes_desktop.pipeline.evidence_intake import source_of
from heroes_desktop.pipeline.volume_records import scanned_volumes, store_volumes
from heroes_desktop.pipeline.walk_tasks import scan_volumes_task
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

UNLOCK_LIMITS = TaskLimits(seconds=600.0, memory_mb=2048)  # BitLocker derives its key in 2^20 SHA-256 rounds
UNLOCKED, WRONG_KEY, UNREADABLE, SKIPPED = "unlocked", "wrong-key", "unreadable", "skipped"


@dataclass(frozen=True)
class LockedVolume:
    """An encrypted volume not unlocked yet."""

    volume_id: int
    evidence_id: int
    partition: int | None
    offset: int
    length: int
    encryption: str
    layers: str = "[]"  # what the volume is reached through already (an APFS volume's own layer takes the key)
    fs_type: str | None = None  # known before unlocking for APFS volumes
    description: str = ""

    def spec_with(self, kind: str) -> VolumeSpec | None:
        """The volume's layers with the one that decrypts it last, or None when nothing here decrypts it."""
        layers = json.loads(self.layers or "[]")
        if self.encryption in LAYER_OF_ENCRYPTION:
            layers.append(layer_for(self.encryption, kind))
        elif not layers:
            return None
        return VolumeSpec(self.offset, self.length, json.dumps(layers))

    def describe(self) -> str:
        where = "whole image" if self.partition is None else f"partition {self.partition}"
        which = f", {self.description}" if self.layers != "[]" else ""  # one of an APFS container's volumes
        return f"{where} ({self.encryption}, {self.length} bytes at offset {self.offset}{which})"


@dataclass(frozen=True)
class UnlockResult:
    """What a key did to one locked volume: ``unlocked``, ``wrong-key``, ``unreadable`` or ``skipped``."""

    volume: LockedVolume
    outcome: str
    fs_type: str | None = None
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"evidence_id": self.volume.evidence_id, "volume_id": self.volume.volume_id,
                "partition": self.volume.partition, "encryption": self.volume.encryption, "outcome": self.outcome,
                "fs_type": self.fs_type, "message": self.message}


# ------------------------------------------------------------------------------------------------ worker side

def try_key_task(source: EvidenceSource, spec: VolumeSpec, secret: str, fs_type: str | None) -> dict[str, Any]:
    """Open the volume through its layers with ``secret`` and name the file system TSK finds inside (or, when it is
    known already, as for an APFS volume, let the layers opening be the proof)."""
    secrets = {position: secret for position in range(len(spec.layer_list))}  # as ingest's layer_keys gives it
    try:
        if fs_type is not None:
            open_volume(source, spec, secrets).close()
            return {"outcome": UNLOCKED, "fs_type": fs_type, "message": ""}
        image, fs = open_tsk_file_system(source, spec, secrets)
    except VolumeKeyRejected as error:
        return {"outcome": WRONG_KEY, "fs_type": None, "message": str(error)}
    except EvidenceError as error:
        return {"outcome": UNREADABLE, "fs_type": None, "message": str(error)}
    except OSError as error:  # unlocked, but TSK knows no file system inside
        return {"outcome": UNLOCKED, "fs_type": None,
                "message": f"unlocked; no file system TSK recognises inside: {str(error).splitlines()[0][:200]}"}
    try:
        return {"outcome": UNLOCKED, "fs_type": fs_type_name(fs), "message": ""}
    finally:
        image.close()


# ------------------------------------------------------------------------------------------------- main side

@contextmanager
def _pool_or(pool: Executor | None) -> Iterator[Executor]:
    own = pool is None
    pool = pool or WorkerPool(1, default_limits=UNLOCK_LIMITS)
    try:
        yield pool
    finally:
        if own:
            pool.shutdown(cancel_futures=True)


def _evidence_row(case: Case, evidence_id: int) -> Any:
    with case.reading() as connection:
        row = connection.execute(select(evidence).where(evidence.c.id == evidence_id)).first()
    if row is None:
        raise UsageError(f"evidence {evidence_id} is not in this case")
    return row


def scan_evidence_volumes(case: Case, evidence_id: int, pool: Executor | None = None) -> None:
    """Find the volumes of one evidence item now (as ``ingest`` would), with a ``volumes.scanned`` event."""
    row = _evidence_row(case, evidence_id)
    if row.volumes_scanned:
        return
    with _pool_or(pool) as workers:
        records = scanned_volumes(workers.submit(scan_volumes_task, source_of(row)), row)
    details = {"evidence_id": evidence_id, "volumes": [
        {key: record[key] for key in ("index", "offset", "length", "fs_type", "status", "encryption")}
        for record in records]}
    with case.change("volumes.scanned", details) as connection:
        if not connection.execute(select(evidence.c.volumes_scanned).where(evidence.c.id == evidence_id)).scalar():
            store_volumes(connection, row, records, None)


def locked_volumes(case: Case, evidence_id: int, pool: Executor | None = None) -> list[LockedVolume]:
    """The evidence item's encrypted volumes still locked (its volumes are scanned first if they were not)."""
    scan_evidence_volumes(case, evidence_id, pool)
    with case.reading() as connection:
        rows = connection.execute(select(volumes).where(
            volumes.c.evidence_id == evidence_id, volumes.c.status == "encrypted").order_by(volumes.c.id)).all()
    return [LockedVolume(row.id, evidence_id, row.partition, int(row.offset), int(row.length or 0),
                         row.encryption or "", row.layers or "[]", row.fs_type, row.description or "")
            for row in rows]


def unlock_volumes(case: Case, evidence_id: int, key: str, kind: str = PASSWORD,
                   pool: Executor | None = None) -> list[UnlockResult]:
    """Try ``key`` on each locked volume of the evidence item; keep it for the volumes it opens."""
    if kind not in KEY_KINDS:
        raise UsageError(f"a volume key is a {' or a '.join(KEY_KINDS)}, not {kind!r}")
    if not key:
        raise UsageError("an empty volume key is not allowed")
    row = _evidence_row(case, evidence_id)
    with _pool_or(pool) as workers:
        candidates = locked_volumes(case, evidence_id, workers)
        results = []
        for volume in candidates:
            spec = volume.spec_with(kind)
            try:
                secret = _key_for(volume, spec, kind, key)
            except VolumeKeyRejected as error:  # not tried at all: no event
                results.append(UnlockResult(volume, SKIPPED, message=str(error)))
                continue
            assert spec is not None
            future = _submit(workers, try_key_task, source_of(row), spec, secret, volume.fs_type)
            try:
                outcome = future.result()
            except PipelineError as error:  # the worker crashed or ran out of time: the volume stays locked
                outcome = {"outcome": UNREADABLE, "fs_type": None, "message": f"{type(error).__name__}: {error}"}
            result = UnlockResult(volume, outcome["outcome"], outcome["fs_type"],
                                  _without(_without(outcome["message"], key), secret))
            _record(case, result, spec, kind, secret)
            results.append(result)
    return results


def _key_for(volume: LockedVolume, spec: VolumeSpec | None, kind: str, key: str) -> str:
    """The key as the volume's layer takes it; refuses one the volume cannot take (a mistyped BitLocker recovery
    password is caught here, before any key derivation)."""
    if spec is None:
        raise VolumeKeyRejected(f"no layer decrypts {volume.encryption or 'these'} volumes")
    if kind == RECOVERY_KEY and volume.encryption == "LUKS":
        raise VolumeKeyRejected("a LUKS volume takes a password, not a recovery key")
    if kind == RECOVERY_KEY and LAYER_OF_ENCRYPTION.get(volume.encryption) == "bitlocker":
        return recovery_password(key)
    return key


def _submit(pool: Executor, function: Any, *args: Any) -> Any:
    submit_limited = getattr(pool, "submit_limited", None)
    return submit_limited(UNLOCK_LIMITS, function, *args) if submit_limited else pool.submit(function, *args)


def _without(message: str, key: str) -> str:
    return message.replace(key, "[key]") if key else message


def _record(case: Case, result: UnlockResult, spec: VolumeSpec, kind: str, key: str) -> None:
    """The key and the volume's new layer with ``volume.unlocked``, or ``volume.unlock-failed`` alone."""
    volume = result.volume
    details: dict[str, Any] = {"evidence_id": volume.evidence_id, "volume_id": volume.volume_id,
                               "partition": volume.partition, "encryption": volume.encryption, "kind": kind}
    if result.outcome != UNLOCKED:
        case.record("volume.unlock-failed", {**details, "reason": result.outcome, "error": result.message})
        return
    readable = result.fs_type is not None
    with case.change("volume.unlocked", {**details, "fs_type": result.fs_type}) as connection:
        connection.execute(insert(volume_secrets).prefix_with("OR REPLACE").values(
            volume_id=volume.volume_id, kind=kind, secret=key, added_at=utc_now_iso(),
            added_by=case.actor.name if case.actor else ""))
        connection.execute(update(volumes).where(volumes.c.id == volume.volume_id).values(
            layers=spec.layers, status="ok" if readable else "unknown", fs_type=result.fs_type,
            error=None if readable else result.message, walked=not readable, walk_cursor=None, walk_entries=0))


def unlock_error(results: list[UnlockResult]) -> EvidenceError | None:
    """The one-line error when the key opened none of the volumes (exit 1 for a wrong key, 5 when a volume's
    metadata cannot be read at all), else None."""
    if not results or any(result.outcome == UNLOCKED for result in results):
        return None
    summary = "; ".join(f"{result.volume.describe()}: {result.message}" for result in results)
    if all(result.outcome == UNREADABLE for result in results):
        return EncryptedVolumeUnreadable(f"no volume unlocked: {summary}")
    return VolumeKeyRejected(f"no volume unlocked; they stay encrypted: {summary}")
