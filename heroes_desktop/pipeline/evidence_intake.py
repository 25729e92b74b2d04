"""``evidence add``: recognise the evidence, hash it in one read pass in a worker, scan its volumes, and record it
with its custody event and notes on what was found (raw data with nothing to walk, the same content as evidence
already in the case).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, or_, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, evidence_manifests
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.evidence.errors import DuplicateEvidence, EvidenceError, UnsupportedEvidence
from heroes_desktop.evidence.folder_manifest import FolderManifest, hash_folder
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource, identify
from heroes_desktop.pipeline.errors import PipelineError, TaskFailed
from heroes_desktop.pipeline.shared_progress import SharedProgress
from heroes_desktop.pipeline.volume_records import scan_notes, scanned_volumes, store_volumes
from heroes_desktop.pipeline.walk_tasks import describe_task, scan_volumes_task
from heroes_desktop.pipeline.worker_pool import WorkerPool

PROGRESS_SECONDS = 0.25  # how often evidence add reports the hashing


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    label: str
    format: str
    paths: list[str]
    size: int | None
    md5: str | None
    sha1: str | None
    sha256: str | None
    stored_md5: str | None
    stored_sha1: str | None
    verified: bool | None
    metadata: dict[str, Any]
    read_errors: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)  # from ``evidence add``: what was found, duplicates

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def source_of(row: Any) -> EvidenceSource:
    return EvidenceSource(EvidenceFormat(row.format), tuple(json.loads(row.paths)))


def _record(row: Any) -> EvidenceRecord:
    return EvidenceRecord(
        id=row.id, label=row.label, format=row.format, paths=json.loads(row.paths), size=row.size, md5=row.md5,
        sha1=row.sha1, sha256=row.sha256, stored_md5=row.stored_md5, stored_sha1=row.stored_sha1,
        verified=row.verified, metadata=json.loads(row.metadata), read_errors=json.loads(row.read_errors),
    )


def list_evidence(case: Case) -> list[EvidenceRecord]:
    with case.reading() as connection:
        return [_record(row) for row in connection.execute(select(evidence).order_by(evidence.c.id))]


def duplicate_notes(case: Case, description: dict[str, Any], folder: bool = False) -> list[str]:
    """A note for each evidence item already in the case with the same MD5 or SHA-256 (a second copy of an image,
    or of a folder: its manifest's SHA-256). Folders are compared with folders only: an image's hash and a
    manifest's are not the same kind of digest (an empty folder and an empty file would read as copies)."""
    digests = {key: description[key] for key in ("md5", "sha256") if description.get(key)}
    if not digests:
        return []
    same_kind = evidence.c.format == "folder" if folder else evidence.c.format != "folder"
    with case.reading() as connection:
        rows = connection.execute(select(evidence.c.id, evidence.c.label).where(
            or_(*[evidence.c[key] == value for key, value in digests.items()]), same_kind)
            .order_by(evidence.c.id)).all()
    return [f"same content as evidence {row.id} ({row.label})" for row in rows]


def _hash_with_progress(pool: WorkerPool, source: EvidenceSource,
                        progress: Callable[[int, int], None] | None) -> dict[str, Any]:
    """The worker's description of the image; ``progress(bytes_done, bytes_total)`` a few times a second meanwhile."""
    if progress is None:
        return pool.submit(describe_task, source).result()
    shared = SharedProgress()
    try:
        future = pool.submit(describe_task, source, shared.name)
        while True:
            try:
                return future.result(timeout=PROGRESS_SECONDS)
            except FuturesTimeout:
                progress(*shared.read())
    finally:
        shared.close()


def add_evidence(case: Case, path: Path, label: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> EvidenceRecord:
    """Register ``path`` (first segment, image, virtual disk or folder); images are hashed in full and E01 hashes
    checked; a virtual disk's files (extents, parents) are each hashed too and recorded in its metadata. An image's
    volumes are scanned at once, so that the record's ``notes`` say when there is nothing to walk; a copy of
    evidence already in the case is accepted with a note naming it."""
    source = identify(Path(path))
    with case.reading() as connection:
        given = source.first.resolve()
        for row in connection.execute(select(evidence.c.id, evidence.c.label, evidence.c.paths)):
            paths = json.loads(row.paths)
            if paths == list(source.paths) or (paths and Path(paths[0]).resolve() == given):
                raise DuplicateEvidence(f"{path} is already evidence {row.id} ({row.label!r}) in this case")
    description: dict[str, Any] = {"size": None, "md5": None, "sha1": None, "sha256": None, "stored_md5": None,
                                   "stored_sha1": None, "verified": None, "metadata": {}, "read_errors": []}
    scan: list[dict[str, Any]] | None = None
    manifest: FolderManifest | None = None
    if source.format is EvidenceFormat.FOLDER:  # each file hashed: the manifest stands for the folder's hash
        manifest = hash_folder(Path(source.paths[0]), progress)
        description.update(size=manifest.bytes, sha256=manifest.digest, metadata={"manifest": {
            "files": len(manifest.entries), "bytes": manifest.bytes, "sha256": manifest.digest,
            "digest_of": "the lines '<sha256>  <size>  <path>' of every file, sorted by path",
            "access_times_kept": manifest.access_times_kept, "unreadable": len(manifest.problems)}},
            read_errors=[{"path": problem} for problem in manifest.problems[:1000]])
    else:
        pool = WorkerPool(1)
        try:
            description = _hash_with_progress(pool, source, progress)
            scan = scanned_volumes(pool.submit(scan_volumes_task, source), _Unsaved(description["size"]))
        except PipelineError as error:
            unsupported = f"{UnsupportedEvidence.__name__}: "  # the worker's reader said why, clearly: pass it on
            if isinstance(error, TaskFailed) and str(error).startswith(unsupported):
                raise UnsupportedEvidence(str(error).removeprefix(unsupported)) from error
            raise EvidenceError(f"{source.first}: the image could not be read: {error}") from error
        finally:
            pool.shutdown(cancel_futures=True)
    row = {
        "label": label or source.first.name, "format": source.format.value, "paths": json.dumps(list(source.paths)),
        "size": description["size"], "md5": description["md5"], "sha1": description["sha1"],
        "sha256": description["sha256"], "stored_md5": description["stored_md5"],
        "stored_sha1": description["stored_sha1"], "verified": description["verified"],
        "metadata": json.dumps(description["metadata"], sort_keys=True),
        "read_errors": json.dumps(description["read_errors"]), "added_at": utc_now_iso(),
        "added_by": case.actor.name if case.actor else "",
    }
    notes = [*duplicate_notes(case, description, folder=manifest is not None),
             *(scan_notes(scan) if scan is not None else []),
             *(manifest.notes() if manifest is not None else [])]
    details = {key: value for key, value in row.items() if key not in ("paths", "metadata", "read_errors")}
    details.update(paths=list(source.paths), metadata=description["metadata"], read_errors=description["read_errors"],
                   notes=notes)
    with case.change("evidence.added", details) as connection:
        evidence_id = connection.execute(insert(evidence).values(**row)).inserted_primary_key[0]
        details["evidence_id"] = evidence_id
        if manifest is not None:
            rows = [{"evidence_id": evidence_id, "path": entry.path, "size": entry.size, "sha256": entry.sha256}
                    for entry in manifest.entries]
            for start in range(0, len(rows), 10_000):
                connection.execute(insert(evidence_manifests), rows[start:start + 10_000])
    if scan is not None:  # as ``evidence unlock`` and ``ingest`` would scan them (an interruption here: ingest does)
        scanned = {"evidence_id": evidence_id, "volumes": [
            {key: record[key] for key in ("index", "offset", "length", "fs_type", "status", "encryption")}
            for record in scan]}
        with case.change("volumes.scanned", scanned) as connection:
            store_volumes(connection, _Unsaved(description["size"], evidence_id), scan, None)
    with case.reading() as connection:
        record = _record(connection.execute(select(evidence).where(evidence.c.id == evidence_id)).one())
    return dataclasses.replace(record, notes=notes)


@dataclass(frozen=True)
class _Unsaved:
    """The two fields of an evidence row that the volume records need, before the row exists."""

    size: int | None
    id: int = 0
