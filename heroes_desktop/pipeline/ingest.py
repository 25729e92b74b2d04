"""``heroes ingest``: scan volumes, walk file systems, and run the stages on every item, resumably.

Work runs in worker processes; this process is the one writer. Results are committed in batches; each step leaves
a durable marker (volumes scanned, file system walked, item processed), so an interrupted run (Ctrl-C or
``kill -9``) resumes where it stopped and ends with the same result as an uninterrupted one. The run is bracketed by
custody events (``ingest.started``, with the stages and their settings, then ``ingest.finished`` or
``ingest.interrupted``) and every row it writes carries its run id.

One ingest runs at a time per case (:mod:`.ingest_lock`). Evidence that cannot be opened (moved, unplugged) is
skipped, named in the summary's ``unreadable``, a warning row and the closing custody event, and left unscanned,
unwalked and pending, so that a later ingest does its work once it is back (:mod:`.evidence_check`).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import json
import os
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, cast, func, insert, or_, select, update

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.migrations import folder_of
from heroes_desktop.case.schema import evidence, files, ingest_runs, stage_runs, volume_secrets, volumes, warnings
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import HeroesError, UsageError
from heroes_desktop.core.progress import CancelToken, Progress, ProgressCallback, no_progress
from heroes_desktop.evidence.containers import ContainerLimits
from heroes_desktop.evidence.content import ContentRef
from heroes_desktop.evidence.volume_stack import VolumeSpec
from heroes_desktop.pipeline.evidence_check import EvidenceAvailability
from heroes_desktop.pipeline.evidence_intake import source_of
from heroes_desktop.pipeline.errors import ExecutorExhausted
from heroes_desktop.pipeline.ingest_lock import ingest_lock
from heroes_desktop.pipeline.companion_files import companion_paths, companion_rows
from heroes_desktop.pipeline.item_status import decide_status
from heroes_desktop.pipeline.item_processor import ItemJob, ItemResult, process_items
from heroes_desktop.pipeline.lost_evidence import reopen_lost_evidence
from heroes_desktop.pipeline.post_stages import POST_STAGES
from heroes_desktop.pipeline.progress_snapshot import ProgressRecorder, note_results
from heroes_desktop.pipeline.registry import default_registry
from heroes_desktop.pipeline.stage import Stage
from heroes_desktop.pipeline.stage_settings import clear_stages, validate_stage_settings
from heroes_desktop.pipeline.volume_records import failed_scan, store_volumes
from heroes_desktop.pipeline.walk_tasks import scan_volumes_task, walk_task
from heroes_desktop.pipeline.intake_check import check_intake_manifests
from heroes_desktop.pipeline.item_budget import task_limits
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

EMPTY_HASHES = {
    "md5": "d41d8cd98f00b204e9800998ecf8427e",
    "sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "ed2k": "31d6cfe0d16ae931b73c59d7e0c089c0",  # MD4 of nothing
}
CONTENT_KINDS = ("file", "virtual", "stream")


@dataclass(frozen=True)
class IngestOptions:
    jobs: int | None = None
    stages: tuple[str, ...] | None = None  # None: every installed stage
    memory_mb: int = 2048  # per worker
    seconds_base: float = 120.0  # per item, plus the time to read it at min_rate
    min_rate: float = 8 * 2**20
    walk_seconds: float = 4 * 3600.0  # per walk batch
    walk_batch: int = 20_000  # entries per walk task and commit
    container_limits: ContainerLimits = ContainerLimits()
    batch_items: int = 512  # results per commit
    batch_seconds: float = 1.0
    task_items: int = 64  # small items per worker task
    task_bytes: int = 64 * 2**20
    window_per_job: int = 3  # tasks in flight per worker
    stage_settings: dict[str, Any] = field(default_factory=dict)  # e.g. {"ocr_languages": "eng+spa"}
    rerun: tuple[str, ...] = ()  # stages whose results are replaced: run again on every item that had them
    wait: bool = False  # wait for another ingest of the case to finish instead of refusing to start
    cluster: str | None = None  # tls://HOST:PORT: item batches run on that Dask cluster (heroes_desktop.cluster)
    tls_dir: str | None = None  # the workstation's cluster certificates (default: $HEROES_CLUSTER_TLS)

    def __post_init__(self) -> None:
        if self.jobs is not None and (isinstance(self.jobs, bool) or not isinstance(self.jobs, int)
                                      or self.jobs < 1):
            raise UsageError(f"--jobs must be a whole number of worker processes, 1 or more, not {self.jobs}")
        if self.jobs is not None and self.jobs > max_jobs():
            raise UsageError(f"--jobs {self.jobs:,} is more worker processes than this machine can hold (at most "
                             f"{max_jobs()}: {os.cpu_count() or 1} cores, each worker holds up to "
                             f"{self.memory_mb:,} MiB)")
        if self.cluster is not None and not str(self.cluster).startswith("tls://"):
            raise UsageError(f"--cluster must be tls://HOST:PORT (TLS is required), not {self.cluster!r}")


@dataclass
class IngestSummary:
    run_id: int
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    items: int = 0
    unreadable: list[str] = field(default_factory=list)  # evidence that could not be opened, named, with why
    outcomes: dict[str, int] = field(default_factory=lambda: {"ok": 0, "partial": 0, "failed": 0})  # this run's items

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class IngestError(HeroesError):
    pass


def ingest(case: Case, options: IngestOptions = IngestOptions(), progress: ProgressCallback = no_progress,
           cancel: CancelToken | None = None, executor: Executor | None = None) -> IngestSummary:
    """Walk every evidence item and run the stages; resumable, cancellable, with progress reports.

    Raises :class:`IngestAlreadyRunning` when another process ingests the case, :class:`UsageError` for settings
    that cannot work here. Evidence that cannot be opened is reported in the summary's ``unreadable``."""
    with ingest_lock(case.path, wait=options.wait):
        return _ingest(case, options, progress, cancel or CancelToken(), executor)


def _ingest(case: Case, options: IngestOptions, progress: ProgressCallback, cancel: CancelToken,
            executor: Executor | None) -> IngestSummary:
    requested = options.stages
    if requested is not None and options.rerun:
        requested = tuple(dict.fromkeys([*requested, *options.rerun]))  # a stage to re-run is a stage to run
    post_stages = [name for name in POST_STAGES if requested is None or name in requested]
    item_stages = None if requested is None else tuple(name for name in requested if name not in POST_STAGES)
    selected = default_registry().select(item_stages)
    not_installed = {stage.name: reason for stage in selected if (reason := stage.unavailable())}
    if requested is not None and not_installed:
        raise UsageError("; ".join(f"stage {name} is not installed: {why}" for name, why in not_installed.items()))
    selected = [stage for stage in selected if stage.name not in not_installed]
    stage_names = tuple(stage.name for stage in selected)
    rerun = _rerun_stages(options.rerun, stage_names)
    validate_stage_settings(stage_names, options.stage_settings)
    options = _with_device(options, stage_names)
    models: dict[str, str] = {}
    for stage in selected:
        models.update(stage.models())
    started = time.monotonic()
    details = {"stages": [*stage_names, *post_stages], "jobs": options.jobs, "stages_not_installed": not_installed,
               "device": options.stage_settings.get("device"), **_inference(options, stage_names),
               "settings": json.loads(json.dumps(options.stage_settings, sort_keys=True, default=str)),
               "rerun": list(rerun)}
    close_killed_runs(case)
    with case.change("ingest.started", details, models=models) as connection:
        details["rerun_items"] = clear_stages(connection, [name for name in rerun if name in stage_names])
        run_id = connection.execute(insert(ingest_runs).values(
            started_at=utc_now_iso(), status="running", stages=json.dumps(stage_names), jobs=options.jobs or 0,
        )).inserted_primary_key[0]
    progress = ProgressRecorder(case, run_id, progress, [*stage_names, *post_stages])  # the snapshot on each commit
    with case.reading() as connection:
        availability = EvidenceAvailability(connection.execute(select(evidence)).all())
    availability.check_all()
    reopen_lost_evidence(case, availability)
    pool = executor or WorkerPool(options.jobs, default_limits=TaskLimits(memory_mb=options.memory_mb),
                                  preload=default_registry().modules(stage_names))  # only the stages that run
    summary = IngestSummary(run_id=run_id, status="interrupted")
    failure: str | None = None  # why the run ended early, when it did (recorded in ingest.interrupted)
    items_pool: Executor = pool  # where item batches run: this pool, or a cluster (the walk stays here)
    try:
        if options.cluster:
            from heroes_desktop.cluster.client import open_cluster

            items_pool = open_cluster(case, run_id, options.cluster, options.tls_dir, local=pool)
        _scan_volumes(case, pool, run_id, cancel, availability)
        _walk(case, pool, run_id, options, cancel, progress, availability)
        _process(case, items_pool, run_id, stage_names, options, cancel, progress, summary, availability)
        if not cancel.cancelled:
            for name in post_stages:
                if not cancel.cancelled:
                    progress(Progress(phase=name))  # the bar names the case-level stage while it runs
                    _run_post_stage(case, pool, run_id, cancel, name)
            if not cancel.cancelled:
                check_intake_manifests(case, run_id)  # folder evidence: files changed since they were added
        summary.status = "interrupted" if cancel.cancelled else "finished"
    except KeyboardInterrupt:
        cancel.cancel()
        failure = "interrupted by the user (Ctrl-C)"
    except BaseException as error:
        failure = f"{type(error).__name__}: {error}"[:2000]
        raise
    finally:
        if items_pool is not pool:
            items_pool.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True, cancel_futures=True)
        summary.seconds = time.monotonic() - started
        summary.counts = file_counts(case)
        summary.unreadable = availability.descriptions()
        closing = {"run_id": run_id, **summary.as_json(), **({"reason": failure} if failure else {})}
        with case.change(f"ingest.{summary.status}", closing) as connection:
            connection.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
                finished_at=utc_now_iso(), status=summary.status, counts=json.dumps(summary.counts)))
            for evidence_id, reason in sorted(availability.reasons.items()):
                connection.execute(insert(warnings).values(
                    evidence_id=evidence_id, stage="ingest", run_id=run_id,
                    message=f"evidence unreadable: {reason}; its work waits for an ingest once it can be read"))
    return summary


def max_jobs() -> int:
    """The most worker processes an ingest may start: four per core, never fewer than 8 (a thousand workers would
    exhaust memory and process slots before a single item ran)."""
    return max(8, 4 * (os.cpu_count() or 1))


def close_killed_runs(case: Case) -> list[int]:
    """Runs still marked running when an ingest starts (it holds the lock, so none is) ended without closing: the
    process was killed or crashed. They are marked ``killed`` in one custody event; their committed work stands and
    the new run resumes it. Returns their ids."""
    with case.reading() as connection:
        stale = [int(run_id) for (run_id,) in connection.execute(
            select(ingest_runs.c.id).where(ingest_runs.c.status == "running").order_by(ingest_runs.c.id))]
    if stale:
        with case.change("ingest.killed", {"run_ids": stale, "reason": KILLED_REASON}) as connection:
            connection.execute(update(ingest_runs).where(ingest_runs.c.id.in_(stale)).values(status="killed"))
    return stale


KILLED_REASON = ("the process ended without closing the run (killed or crashed); its committed work is kept and "
                 "the next ingest resumes it")


def _rerun_stages(rerun: tuple[str, ...], stage_names: tuple[str, ...]) -> tuple[str, ...]:
    """The stages to run again, checked: known and installed (case-level stages run on every ingest anyway)."""
    item_stages = tuple(dict.fromkeys(name for name in rerun if name not in POST_STAGES))
    default_registry().select(item_stages)  # an unknown name is a usage error
    missing = [name for name in item_stages if name not in stage_names]
    if missing:
        raise UsageError(f"cannot re-run {', '.join(missing)}: not installed")
    return tuple(dict.fromkeys(rerun))


def _run_post_stage(case: Case, pool: Executor, run_id: int, cancel: CancelToken, name: str) -> None:
    """A case-level stage that fails is recorded with its reason; the items' results and the run stand."""
    try:
        POST_STAGES[name](case, pool, run_id, cancel)
    except (HeroesError, ArithmeticError, ValueError, RuntimeError) as error:
        case.record(f"{name}.failed", {"run_id": run_id, "error": f"{type(error).__name__}: {error}"[:1000]})


def _inference(options: IngestOptions, stage_names: tuple[str, ...]) -> dict[str, Any]:
    """``{"inference": ...}``: where the image stages' models actually run (:func:`inference_record`), when one
    runs; the custody event then says which execution providers the sessions got, not only the device asked."""
    if not {"media", "video"} & set(stage_names):
        return {}
    from heroes_desktop.acpic.analysis import context_model_ids, onnx_model_ids
    from heroes_desktop.models.runtime import inference_record

    return {"inference": inference_record(options.stage_settings.get("device", "cpu"), onnx_model_ids(),
                                          context_model_ids())}


def _with_device(options: IngestOptions, stage_names: tuple[str, ...]) -> IngestOptions:
    """Resolve ``device`` (auto, cpu, cuda) once, in the main process, when an image stage will run."""
    if not {"media", "video"} & set(stage_names):
        return options
    from heroes_desktop.models.runtime import resolve_device

    device = resolve_device(options.stage_settings.get("device", "auto"))
    return dataclasses.replace(options, stage_settings={**options.stage_settings, "device": device})


FILE_STATUSES = ("pending", "ok", "partial", "failed")


def file_counts(case: Case) -> dict[str, int]:
    """Entries by status, deleted entries and container members, in one scan without a sorter (a GROUP BY over
    millions of rows would sort them in memory: the case keeps temporary data in RAM, never on disk)."""
    with case.reading() as connection:
        row = connection.execute(select(func.count(), *[
            func.coalesce(func.sum(cast(condition, Integer)), 0, type_=Integer)
            for condition in (files.c.deleted.is_(True), files.c.parent_id.is_not(None),
                              *[files.c.status == status for status in FILE_STATUSES])])).one()
    total, deleted, members, *by_status = (int(value) for value in row)
    counts = {"files": total, "deleted": deleted, "container_members": members}
    counts.update({status: count for status, count in zip(FILE_STATUSES, by_status, strict=True) if count})
    return counts


# ----------------------------------------------------------------------------------------------------- volumes

def _scan_volumes(case: Case, pool: Executor, run_id: int, cancel: CancelToken,
                  availability: EvidenceAvailability) -> None:
    """Scan the volumes of evidence not scanned yet; a scan that fails because the evidence cannot be opened is not
    stored (the next ingest scans it again), one that fails on readable evidence is stored as ``failed``."""
    with case.reading() as connection:
        pending = connection.execute(select(evidence).where(evidence.c.volumes_scanned.is_(False))).all()
    futures = {pool.submit(scan_volumes_task, source_of(row)): row
               for row in pending if availability.unreadable(row.id) is None}
    for future, row in futures.items():
        if cancel.cancelled:
            return
        try:
            records = future.result()
        except Exception as error:  # noqa: BLE001 - recorded below, the run goes on
            if availability.unreadable(row.id) is not None:
                continue
            records = failed_scan(row, error)
        with case.bulk() as connection:
            store_volumes(connection, row, records, run_id)


# -------------------------------------------------------------------------------------------------------- walk

def _walk(case: Case, pool: Executor, run_id: int, options: IngestOptions, cancel: CancelToken,
          progress: ProgressCallback, availability: EvidenceAvailability) -> None:
    """Walk every volume not walked yet, batch after batch; each batch is committed with the cursor that says where
    the walk goes on, so memory stays flat however large the file system, and an interrupted walk resumes. A batch
    that fails because the evidence cannot be opened is not stored: the walk resumes there in a later ingest."""
    with case.reading() as connection:
        pending = connection.execute(
            select(volumes, evidence.c.format, evidence.c.paths)
            .join(evidence, evidence.c.id == volumes.c.evidence_id)
            .where(volumes.c.walked.is_(False), volumes.c.status == "ok")
        ).all()
        secrets = volume_secrets_of(connection)
    limits = TaskLimits(seconds=options.walk_seconds, memory_mb=max(options.memory_mb, 4096))
    pending = [row for row in pending if availability.unreadable(row.evidence_id) is None]
    state = {row.id: (row, json.loads(row.walk_cursor) if row.walk_cursor else None, int(row.walk_entries or 0))
             for row in pending}
    report = Progress(phase="walk", items_total=len(pending))

    def submit(volume_id: int) -> Future:
        row, cursor, _ = state[volume_id]
        return _submit(pool, limits, walk_task, source_of(row), volume_spec(row), cursor, options.walk_batch,
                       layer_keys(volume_spec(row), secrets.get(volume_id)))

    futures = {submit(volume_id): volume_id for volume_id in state}
    while futures and not cancel.cancelled:
        done, _ = wait(list(futures), timeout=0.5, return_when=FIRST_COMPLETED)
        for future in done:
            volume_id = futures.pop(future)
            row, _, stored = state[volume_id]
            try:
                entries, problems, cursor = future.result()
            except Exception as error:  # noqa: BLE001 - a file system that crashes its parser is recorded
                entries, problems, cursor = [], [f"walk failed after {stored} entries: {type(error).__name__}: "
                                                  f"{error}"], None
            if cursor is None and not entries and problems and availability.unreadable(row.evidence_id):
                report.items_done += 1  # not walked: the evidence cannot be opened now
                progress(report)
                continue
            state[volume_id] = (row, cursor, stored + len(entries))
            if cursor is not None and not cancel.cancelled:
                futures[submit(volume_id)] = volume_id  # the worker walks on while this batch is committed
            _store_walk(case, row, entries, problems, run_id, stored, cursor)
            if cursor is None:
                report.items_done += 1
            report.bytes_done += len(entries)
            progress(report)


def volume_spec(row: Any) -> VolumeSpec:
    return VolumeSpec(int(row.offset), int(row.length or 0), row.layers or "[]")


def layer_keys(spec: VolumeSpec, secret: dict[str, str] | None) -> dict[int, str]:
    """The volume's key for each of its layers (a layer that needs none ignores it)."""
    return {position: secret["secret"] for position in range(len(spec.layer_list))} if secret else {}


def volume_secrets_of(connection: Connection) -> dict[int, dict[str, str]]:
    """The keys of unlocked volumes, by volume id (they stay in this process and the workers' task arguments)."""
    return {row.volume_id: {"kind": row.kind, "secret": row.secret}
            for row in connection.execute(select(volume_secrets))}


def _store_walk(case: Case, volume: Any, entries: list[dict[str, Any]], problems: list[str], run_id: int,
                first_ordinal: int, cursor: dict[str, Any] | None) -> None:
    """One batch of a walk, its problems and the cursor after it, in one transaction."""
    rows = []
    for ordinal, entry in enumerate(entries, start=first_ordinal):
        content = entry["kind"] in CONTENT_KINDS and entry["size"] > 0 and not entry.get("realloc")
        row = {**entry, "evidence_id": volume.evidence_id, "volume_id": volume.id, "ordinal": ordinal,
               "status": "pending" if content else "ok", "run_id": run_id,
               "md5": None, "sha1": None, "sha256": None, "ed2k": None, "mime": None,  # every row, the same keys
               "folder": folder_of(entry["path"])}
        if entry["kind"] in CONTENT_KINDS and entry["size"] == 0 and not entry["deleted"]:
            row.update(EMPTY_HASHES, mime="inode/x-empty")
        rows.append(row)
    with case.bulk() as connection:
        if rows:  # one prepared statement and plain tuples: the writer is the walk's bottleneck at scale
            columns = list(rows[0])
            quoted = ", ".join(f'"{column}"' for column in columns)
            statement = (f"INSERT OR IGNORE INTO files ({quoted}) "
                         f"VALUES ({', '.join('?' * len(columns))})")
            connection.exec_driver_sql(statement, [tuple(row[column] for column in columns) for row in rows])
        for problem in problems:
            connection.execute(insert(warnings).values(evidence_id=volume.evidence_id, stage="walk",
                                                       message=problem, run_id=run_id))
        known = json.loads(connection.execute(select(volumes.c.walk_problems).where(
            volumes.c.id == volume.id)).scalar_one() or "[]")
        connection.execute(update(volumes).where(volumes.c.id == volume.id).values(
            walked=cursor is None, walk_cursor=json.dumps(cursor) if cursor is not None else None,
            walk_entries=first_ordinal + len(entries), walk_problems=json.dumps(known + problems)))


# ----------------------------------------------------------------------------------------------------- content

def _pending_query(stage_names: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Content items never processed, or missing one of the asked stages (``--stages`` added later)."""
    missing = [func.instr(func.coalesce(files.c.stages_done, ""), f",{name},") == 0 for name in stage_names]
    return (
        select(files.c.id, files.c.path, files.c.name, files.c.kind, files.c.size, files.c.meta_addr,
               files.c.attr_type, files.c.attr_id, files.c.mime, files.c.stages_done, files.c.volume_id,
               files.c.deleted,
               volumes.c.offset, volumes.c.length, volumes.c.layers, evidence.c.format, evidence.c.paths)
        .join(volumes, volumes.c.id == files.c.volume_id)
        .join(evidence, evidence.c.id == files.c.evidence_id)
        .where(files.c.parent_id.is_(None), files.c.kind.in_(CONTENT_KINDS), files.c.size > 0,
               files.c.realloc.is_(False), or_(files.c.status == "pending", *missing))
    )


def _pending_query_of(stage_names: tuple[str, ...], skipped: list[int]):  # type: ignore[no-untyped-def]
    """The pending items, without those of the evidence that cannot be read now."""
    query = _pending_query(stage_names).add_columns(files.c.evidence_id)
    return query.where(files.c.evidence_id.not_in(skipped)) if skipped else query


def _pending_items(case: Case, large: int, stage_names: tuple[str, ...], skipped: list[int]) -> Iterator[Any]:
    """Items still to process: the large ones first, largest first (so that no worker is left finishing a big
    file alone at the end), then the rest in walk order, a page at a time."""
    with case.reading() as connection:
        big = connection.execute(
            _pending_query_of(stage_names, skipped).where(files.c.size >= large).order_by(files.c.size.desc())).all()
    yield from big
    last_id = 0
    while True:
        with case.reading() as connection:
            rows = connection.execute(
                _pending_query_of(stage_names, skipped).where(and_(files.c.size < large, files.c.id > last_id))
                .order_by(files.c.id)
                .limit(5000)
            ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def _task_batches(rows: Iterator[Any], options: IngestOptions) -> Iterator[list[Any]]:
    """Group small items into one task (fewer round trips); a large item travels alone."""
    batch: list[Any] = []
    size = 0
    for row in rows:
        if batch and (len(batch) >= options.task_items or size + row.size > options.task_bytes):
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += row.size
    if batch:
        yield batch


def _process(case: Case, pool: Executor, run_id: int, stage_names: tuple[str, ...], options: IngestOptions,
             cancel: CancelToken, progress: ProgressCallback, summary: IngestSummary,
             availability: EvidenceAvailability) -> None:
    """Run the stages on every pending item; results of items whose evidence cannot be opened are dropped (the
    items stay pending for a later ingest)."""
    skipped = sorted(availability.reasons)
    with case.reading() as connection:
        todo = _pending_query_of(stage_names, skipped).subquery()
        total_items, total_bytes = connection.execute(
            select(func.count(), func.coalesce(func.sum(todo.c.size), 0))).one()
        secrets = volume_secrets_of(connection)
        candidates = companion_paths(connection)  # the walk is complete: every companion is known by now
    stages = {stage.name: stage for stage in default_registry().select(stage_names)}  # once per run
    report = Progress(phase="items", items_total=int(total_items), bytes_total=int(total_bytes))
    window = max(1, (getattr(pool, "jobs", None) or options.jobs or 1) * options.window_per_job)
    in_flight: dict[Future, list[Any]] = {}
    retry: collections.deque[Any] = collections.deque()
    results: list[tuple[Any, ItemResult]] = []
    last_commit = time.monotonic()
    batches = _task_batches(_pending_items(case, options.task_bytes // 4, stage_names, skipped), options)
    exhausted = False
    while True:
        while not cancel.cancelled and len(in_flight) < window:
            rows = [retry.popleft()] if retry else (None if exhausted else next(batches, None))
            if rows is None:
                exhausted = True
                break
            rows = [row for row in rows if row.evidence_id not in availability.reasons]
            if rows:
                with case.reading() as connection:
                    companions = companion_rows(connection, rows, candidates)
                in_flight[_submit_rows(pool, rows, stage_names, options, secrets, companions)] = rows
        if not in_flight:
            break
        done, _ = wait(list(in_flight), timeout=0.5, return_when=FIRST_COMPLETED)
        for future in done:
            rows = in_flight.pop(future)
            try:
                outcomes = future.result()
            except ExecutorExhausted:
                raise  # nowhere left to run items (a cluster without nodes): stop, the items stay pending
            except Exception as error:  # noqa: BLE001 - a crashed, hung or failing worker
                if len(rows) > 1:
                    retry.extend(rows)  # run them one by one, so that only the culprit fails
                    continue
                reason = f"{type(error).__name__}: {error}"
                outcomes = [ItemResult(status="failed", error=reason, content_error=reason, content_failed=True)]
            for row, outcome in zip(rows, outcomes, strict=True):
                if ((outcome.content_error or outcome.content_failed) and availability.unreadable(row.evidence_id)):
                    continue  # the evidence went away: the item stays pending
                results.append((row, outcome))
                report.items_done += 1
                report.bytes_done += row.size
                summary.items += 1
                summary.bytes += row.size
        if results and (len(results) >= options.batch_items
                        or time.monotonic() - last_commit > options.batch_seconds):
            note_results(progress, results)
            report.failed += _commit(case, results, run_id, stages, summary.outcomes)
            results, last_commit = [], time.monotonic()
            _node_counts(pool, report)
            progress(report)
    if results:
        note_results(progress, results)
        report.failed += _commit(case, results, run_id, stages, summary.outcomes)
    _node_counts(pool, report)
    progress(report)


def _node_counts(pool: Executor, report: Progress) -> None:
    """A cluster's items done per node, for the progress line (a local pool has none)."""
    counts = getattr(pool, "node_counts", None)
    if counts is not None:
        report.nodes = counts()


def _submit(pool: Executor, limits: TaskLimits, function: Any, *args: Any) -> Future:
    submit_limited = getattr(pool, "submit_limited", None)
    return submit_limited(limits, function, *args) if submit_limited else pool.submit(function, *args)


def _missing_stages(row: Any, stage_names: tuple[str, ...]) -> tuple[str, ...]:
    done = set((row.stages_done or "").strip(",").split(","))
    return tuple(name for name in stage_names if name not in done)


def _stages_done(row: Any, stage_names: tuple[str, ...]) -> str:
    done = [name for name in (row.stages_done or "").strip(",").split(",") if name]
    return "," + ",".join(dict.fromkeys([*done, *stage_names])) + ","


def content_ref(row: Any, secrets: dict[int, dict[str, str]]) -> ContentRef:
    """Where a file row's bytes are, with the key of its volume when the volume was unlocked."""
    spec = volume_spec(row)
    keys = tuple(sorted(layer_keys(spec, secrets.get(row.volume_id)).items()))
    return ContentRef(source=source_of(row), fs_offset=row.offset, path=row.path, size=row.size,
                      meta_addr=row.meta_addr, attr_type=row.attr_type, attr_id=row.attr_id, layers=spec.layers,
                      volume_length=spec.length, secrets=keys)


def _submit_rows(pool: Executor, rows: list[Any], stage_names: tuple[str, ...], options: IngestOptions,
                 secrets: dict[int, dict[str, str]], companions: dict[int, list[tuple[str, Any]]]) -> Future:
    """One task for ``rows``; each item travels with the content of its companions (an SQLite -wal, -journal)."""
    jobs = [
        ItemJob(file_id=row.id, ref=content_ref(row, secrets),
                name=row.name, kind=row.kind, stages=_missing_stages(row, stage_names),
                container_limits=options.container_limits, mime=row.mime, settings=options.stage_settings,
                companions=tuple((suffix, content_ref(other, secrets)) for suffix, other in companions.get(row.id, ())))
        for row in rows
    ]
    extra = sum(other.size for found in companions.values() for _suffix, other in found)
    by_name = _stages_by_name(stage_names)
    limits = task_limits(rows, lambda row: [by_name[name] for name in _missing_stages(row, stage_names)],
                         options.seconds_base, options.min_rate, options.memory_mb, extra)
    return _submit(pool, limits, process_items, jobs)


@functools.lru_cache(maxsize=16)
def _stages_by_name(stage_names: tuple[str, ...]) -> dict[str, Stage]:
    return {stage.name: stage for stage in default_registry().select(stage_names)}


RESULT_COLUMNS_ALWAYS = ("container", "encrypted")


def _json_or_none(value: dict[str, Any] | None) -> str | None:
    return json.dumps(value, sort_keys=True, default=str) if value else None


def _earlier_stage_runs(case: Case, batch: list[tuple[Any, ItemResult]]) -> dict[int, dict[str, tuple[str, Any]]]:
    """The stage runs of earlier ingests of the batch's items that have some (an ingest adding a stage, a resume)."""
    ids = [row.id for row, _ in batch if (row.stages_done or "").strip(",")]
    found: dict[int, dict[str, tuple[str, Any]]] = {}
    with case.reading() as connection:
        for start in range(0, len(ids), 900):
            for file_id, stage, status, error in connection.execute(
                    select(stage_runs.c.file_id, stage_runs.c.stage, stage_runs.c.status, stage_runs.c.error)
                    .where(stage_runs.c.file_id.in_(ids[start:start + 900]))):
                found.setdefault(file_id, {})[stage] = (status, error)
    return found


def _decided(result: ItemResult, earlier: dict[str, tuple[str, Any]]) -> ItemResult:
    """``result`` with its status decided over all of the item's stage runs, earlier ingests' included."""
    runs = {**earlier, **{stage: (status, error) for stage, (status, error, _) in result.stage_status.items()}}
    decided = decide_status(runs, result.content_error, result.content_failed)
    return dataclasses.replace(result, status=decided.status, error=decided.error)


def _commit(case: Case, batch: list[tuple[Any, ItemResult]], run_id: int, stages: dict[str, Stage],
            outcomes: dict[str, int] | None = None) -> int:
    """One transaction for a batch of results, with one executemany per statement (the writer is the bottleneck)."""
    stage_names = tuple(stages)
    groups: dict[tuple[tuple[str, ...], bool], list[dict[str, Any]]] = {}
    stage_rows, warning_rows = [], []
    earlier = _earlier_stage_runs(case, batch)
    batch = [(row, _decided(result, earlier.get(row.id, {}))) for row, result in batch]
    for row, result in batch:
        if outcomes is not None:
            outcomes[result.status] = outcomes.get(result.status, 0) + 1
        ran = _missing_stages(row, stage_names)
        columns = tuple(dict.fromkeys([c for name in ran for c in stages[name].writes] + list(RESULT_COLUMNS_ALWAYS)))
        # encryption an earlier stage found stays found unless a stage that judges it ran again
        keep_encrypted = not any("encrypted" in stages[name].writes for name in ran)
        groups.setdefault((columns, keep_encrypted), []).append({
            "b_id": row.id, "status": result.status, "error": result.error, "run_id": run_id,
            "stages_done": _stages_done(row, stage_names), **{column: result.columns.get(column) for column in columns}})
        stage_rows += [{"file_id": row.id, "stage": stage, "status": status, "error": error, "seconds": seconds,
                        "data": _kept_data(stages.get(stage), result.stage_data.get(stage)), "run_id": run_id}
                       for stage, (status, error, seconds) in result.stage_status.items()]
        warning_rows += [{"file_id": row.id, "stage": stage, "message": message, "run_id": run_id}
                         for stage, message in result.warnings]
    with case.bulk() as connection:
        for (columns, keep_encrypted), updates in groups.items():
            values: dict[str, Any] = {name: bindparam(name) for name in ("status", "error", "run_id", "stages_done",
                                                                           *columns)}
            if keep_encrypted:
                values["encrypted"] = func.coalesce(bindparam("encrypted"), files.c.encrypted)
            statement = update(files).where(files.c.id == bindparam("b_id")).values(values)
            connection.execute(statement, updates)
        if stage_rows:
            connection.execute(insert(stage_runs).prefix_with("OR REPLACE"), stage_rows)
        if warning_rows:
            connection.execute(insert(warnings), warning_rows)
        for row, result in batch:
            _store_own_data(connection, stages, row.id, result, run_id)
            _store_members(connection, stages, row.id, result.members, run_id)
    return sum(result.status == "failed" for _, result in batch)


def _kept_data(stage: Stage | None, data: dict[str, Any] | None) -> str | None:
    """What stage_runs.data keeps: the stage's findings, unless the stage stores them in tables of its own."""
    return None if stage is not None and stage.stores_its_data else _json_or_none(data)


def _store_own_data(connection: Connection, stages: dict[str, Stage], file_id: int, result: ItemResult,
                    run_id: int) -> None:
    for name, data in result.stage_data.items():
        stage = stages.get(name)
        if stage is not None and stage.stores_its_data:
            stage.store(connection, file_id, data, run_id)


def _store_members(connection: Connection, stages: dict[str, Stage], parent_id: int, members: list[ItemResult],
                   run_id: int) -> None:
    """Insert a container's members, or, when a later run added stages, update the members already there."""
    if not members:
        return
    evidence_id, volume_id, deleted = connection.execute(
        select(files.c.evidence_id, files.c.volume_id, files.c.deleted).where(files.c.id == parent_id)).one()
    for member in members:
        entry = dict(member.entry or {})
        existing = connection.execute(select(files.c.id).where(
            files.c.parent_id == parent_id, files.c.ordinal == entry["ordinal"])).scalar()
        if existing is None:
            values = {**entry, "evidence_id": evidence_id, "volume_id": volume_id, "parent_id": parent_id,
                      "deleted": deleted, "status": member.status, "error": member.error, "run_id": run_id,
                      "folder": folder_of(entry["path"]), **member.columns}
            member_id = connection.execute(insert(files).values(**values)).inserted_primary_key[0]
        else:
            member_id = existing
            earlier = {stage: (status, error) for stage, status, error in connection.execute(
                select(stage_runs.c.stage, stage_runs.c.status, stage_runs.c.error)
                .where(stage_runs.c.file_id == member_id))}
            member = _decided(member, earlier)
            columns = {**member.columns, "encrypted": func.coalesce(member.columns.get("encrypted"),
                                                                   files.c.encrypted)}
            connection.execute(update(files).where(files.c.id == member_id).values(
                status=member.status, error=member.error, run_id=run_id, **columns))
        for stage, (status, error, seconds) in member.stage_status.items():
            connection.execute(insert(stage_runs).prefix_with("OR REPLACE").values(
                file_id=member_id, stage=stage, status=status, error=error, seconds=seconds, run_id=run_id,
                data=_kept_data(stages.get(stage), member.stage_data.get(stage))))
        _store_own_data(connection, stages, member_id, member, run_id)
        for stage, message in member.warnings:
            connection.execute(insert(warnings).values(file_id=member_id, stage=stage, message=message,
                                                       run_id=run_id))
        _store_members(connection, stages, member_id, member.members, run_id)
