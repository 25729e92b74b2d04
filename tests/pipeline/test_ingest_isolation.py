"""A worker that crashes or hangs on one item fails that item with the reason; the run goes on."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool
from tests.conftest import PASSPHRASE
from tests.pipeline import worker_tasks


class SabotagingPool(WorkerPool):
    """The real pool, except that a task holding ``crash.bin`` or ``hang.bin`` crashes or hangs its worker.

    This uses the executor seam the ingest offers: stages and scheduler are untouched.
    """

    def submit_limited(self, limits: TaskLimits, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        names = {getattr(job, "name", "") for job in (args[0] if args and isinstance(args[0], list) else [])}
        if "crash.bin" in names:
            return super().submit_limited(limits, worker_tasks.crash_natively)
        if "hang.bin" in names:
            return super().submit_limited(TaskLimits(seconds=1.0), worker_tasks.hang, 120)
        return super().submit_limited(limits, fn, *args, **kwargs)


def test_crashing_and_hanging_items_fail_alone(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    for index in range(30):
        (folder / f"ok{index:02d}.txt").write_text(f"file {index}\n")
    (folder / "crash.bin").write_bytes(b"\x00" * 100)
    (folder / "hang.bin").write_bytes(b"\x01" * 100)
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder)
        pool = SabotagingPool(2)
        summary = ingest(case, IngestOptions(jobs=2), executor=pool)
        assert summary.status == "finished" and pool.replaced >= 2
        records = {record["name"]: record for record in iter_files(case)}
    assert records["crash.bin"]["status"] == "failed" and "SIGSEGV" in records["crash.bin"]["error"]
    assert records["hang.bin"]["status"] == "failed" and "TaskTimedOut" in records["hang.bin"]["error"]
    assert all(records[f"ok{index:02d}.txt"]["status"] == "ok" for index in range(30))
