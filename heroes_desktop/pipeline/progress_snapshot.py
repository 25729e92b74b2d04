"""The ingest's progress as a snapshot in the case, written by the run itself on each commit, so that any reader
(the window's ingest panel, a second window, a script) sees how far a run is without talking to its process.

One row per run in ``ingest_progress``: the phase, entries found, items and bytes done of how many, the rate and
time left, per-stage counts and the first failures with their reasons. The window polls :func:`latest_progress` on
a timer (house style 7: a status snapshot polled, not a signal per file).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files, ingest_progress, ingest_runs
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.progress import Progress, ProgressCallback
from heroes_desktop.pipeline.ingest_lock import is_held

FAILURES_KEPT = 200  # failures listed in the snapshot (the count goes on beyond them)
REASON_CHARS = 300


@dataclass(frozen=True)
class Failure:
    """One item a stage (or its worker) failed on, and why."""

    file_id: int | None  # None for a container member (its row is made in the same commit)
    path: str
    stage: str | None  # None: the whole item failed (its worker crashed, ran out of time or memory)
    reason: str

    def as_json(self) -> list[Any]:
        return [self.file_id, self.path, self.stage, self.reason]


@dataclass(frozen=True)
class IngestProgress:
    """Where a run stands, as its last commit left it. ``status``: running, finished or interrupted (a run whose
    process was killed stays ``running`` until the next ingest; the window knows its own process)."""

    run_id: int
    status: str
    started_at: str
    finished_at: str | None
    updated_at: str | None
    phase: str = "starting"  # starting (opening evidence, scanning volumes), walk, items, then case-level stages
    stages: tuple[str, ...] = ()
    entries_found: int = 0
    volumes_total: int = 0
    volumes_done: int = 0
    items_total: int = 0
    items_done: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    bytes_per_second: float = 0.0
    items_per_second: float = 0.0
    seconds_left: float | None = None
    elapsed_s: float = 0.0
    failed: int = 0  # items that failed
    failures_total: int = 0  # failures of a stage (or a whole item), all of them, listed or not
    stage_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # stage -> status -> items
    failures: tuple[Failure, ...] = ()
    nodes: dict[str, int] = field(default_factory=dict)  # a cluster run: items done by each node

    @property
    def running(self) -> bool:
        return self.status == "running"


class ProgressRecorder:
    """A progress callback that passes each report on and writes the run's snapshot into the case.

    The ingest calls it after each walk batch and each commit of results; ``note_results`` is told what a batch
    held just before it is committed (per-stage counts and failures come from there, not from a scan of the case).
    """

    def __init__(self, case: Case, run_id: int, forward: ProgressCallback, stages: Sequence[str]) -> None:
        self._case = case
        self._run_id = run_id
        self._forward = forward
        self._started = time.monotonic()
        with case.reading() as connection:
            self._entries_before = int(connection.execute(select(func.count()).select_from(files)).scalar_one())
        self._state: dict[str, Any] = {"phase": "starting", "stages": list(stages), "entries_found":
                                       self._entries_before, "volumes_total": 0, "volumes_done": 0, "items_total": 0,
                                       "items_done": 0, "bytes_total": 0, "bytes_done": 0, "bytes_per_second": 0.0,
                                       "items_per_second": 0.0, "seconds_left": None, "failed": 0,
                                       "stage_counts": {}, "failures": []}
        self._members = 0

    def __call__(self, report: Progress) -> None:
        self._forward(report)
        state = self._state
        state["phase"] = report.phase or state["phase"]
        if report.phase == "walk":
            state.update(volumes_total=report.items_total, volumes_done=report.items_done,
                         entries_found=self._entries_before + report.bytes_done)  # the walk counts entries there
        elif report.phase == "items":
            state.update(items_total=report.items_total, items_done=report.items_done,
                         bytes_total=report.bytes_total, bytes_done=report.bytes_done, failed=report.failed,
                         bytes_per_second=report.bytes_per_second,
                         items_per_second=report.items_done / report.elapsed, seconds_left=report.seconds_left,
                         nodes=dict(report.nodes))
        self._write()

    def note_results(self, batch: Iterable[tuple[Any, Any]]) -> None:
        """Count what a batch of (row, ItemResult) about to be committed holds, stage by stage."""
        for row, result in batch:
            self._count(row.id, row.path, result)

    def _count(self, file_id: int | None, path: str, result: Any) -> None:
        counts: dict[str, dict[str, int]] = self._state["stage_counts"]
        for stage, (status, error, _seconds) in result.stage_status.items():
            by_status = counts.setdefault(stage, {})
            by_status[status] = by_status.get(status, 0) + 1
            if status == "failed":
                self._fail(Failure(file_id, path, stage, str(error or "failed")[:REASON_CHARS]))
        if result.status == "failed" and not any(status == "failed" for status, _, _ in result.stage_status.values()):
            self._fail(Failure(file_id, path, None, str(result.error or "failed")[:REASON_CHARS]))
        for member in result.members:
            self._members += 1
            self._count(None, (member.entry or {}).get("path", path), member)

    def _fail(self, failure: Failure) -> None:
        kept = self._state["failures"]
        self._state["failures_total"] = self._state.get("failures_total", 0) + 1
        if len(kept) < FAILURES_KEPT:
            kept.append(failure.as_json())

    def _write(self) -> None:
        snapshot = {**self._state, "elapsed_s": time.monotonic() - self._started}
        snapshot["entries_found"] = snapshot["entries_found"] + self._members
        with self._case.bulk() as connection:  # bracketed by the run's custody events, like its results
            connection.execute(insert(ingest_progress).prefix_with("OR REPLACE").values(
                run_id=self._run_id, updated_at=utc_now_iso(), snapshot=json.dumps(snapshot, default=str)))


def note_results(progress: ProgressCallback, batch: Iterable[tuple[Any, Any]]) -> None:
    """The ingest's hook before each commit: tell the recorder (when the callback is one) what is committed."""
    if isinstance(progress, ProgressRecorder):
        progress.note_results(batch)


def _progress_of(run: Any, row: Any | None) -> IngestProgress:
    stages = tuple(json.loads(run.stages or "[]"))
    if row is None:
        return IngestProgress(run_id=run.id, status=run.status, started_at=run.started_at,
                              finished_at=run.finished_at, updated_at=None, stages=stages)
    data = json.loads(row.snapshot)
    failures = tuple(Failure(*item) for item in data.get("failures", []))
    return IngestProgress(
        run_id=run.id, status=run.status, started_at=run.started_at, finished_at=run.finished_at,
        updated_at=row.updated_at, phase=str(data.get("phase") or "starting"),
        stages=tuple(data.get("stages") or stages), entries_found=int(data.get("entries_found", 0)),
        volumes_total=int(data.get("volumes_total", 0)), volumes_done=int(data.get("volumes_done", 0)),
        items_total=int(data.get("items_total", 0)), items_done=int(data.get("items_done", 0)),
        bytes_total=int(data.get("bytes_total", 0)), bytes_done=int(data.get("bytes_done", 0)),
        bytes_per_second=float(data.get("bytes_per_second", 0.0)),
        items_per_second=float(data.get("items_per_second", 0.0)), seconds_left=data.get("seconds_left"),
        elapsed_s=float(data.get("elapsed_s", 0.0)), failed=int(data.get("failed", 0)),
        failures_total=int(data.get("failures_total", len(failures))),
        stage_counts={str(k): {str(s): int(n) for s, n in v.items()} for k, v in data.get("stage_counts", {}).items()},
        failures=failures, nodes={str(name): int(count) for name, count in (data.get("nodes") or {}).items()})


def latest_progress(case: Case) -> IngestProgress | None:
    """The most recent run's snapshot (None when the case was never ingested); two indexed lookups."""
    with case.reading() as connection:
        run = connection.execute(select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(1)).first()
        if run is None:
            return None
        row = connection.execute(select(ingest_progress).where(ingest_progress.c.run_id == run.id)).first()
    return _progress_of(_true_status(case, run), row)


def run_progress(case: Case, run_id: int) -> IngestProgress | None:
    """One run's snapshot (None for a run id the case does not hold)."""
    with case.reading() as connection:
        run = connection.execute(select(ingest_runs).where(ingest_runs.c.id == run_id)).first()
        if run is None:
            return None
        row = connection.execute(select(ingest_progress).where(ingest_progress.c.run_id == run_id)).first()
    return _progress_of(_true_status(case, run), row)


def _true_status(case: Case, run: Any) -> Any:
    """A run listed as running that no process ingests (its lock is free) was killed: say so, before the next
    ingest marks it (see ``close_killed_runs``). The row is read again after the lock, in case it just closed."""
    if run.status != "running" or is_held(case.path):
        return run
    with case.reading() as connection:
        run = connection.execute(select(ingest_runs).where(ingest_runs.c.id == run.id)).first()
    return SimpleNamespace(**{**run._asdict(), "status": "killed"}) if run.status == "running" else run


def failures(case: Case, run_id: int, limit: int = 100) -> list[tuple[int | None, str, str | None, str]]:
    """The run's failures as (file_id, path, stage, reason), in the order they were committed (the first
    ``FAILURES_KEPT`` of them; the snapshot's ``failures_total`` counts them all)."""
    progress = run_progress(case, run_id)
    if progress is None:
        return []
    return [(f.file_id, f.path, f.stage, f.reason) for f in progress.failures[:max(0, limit)]]
