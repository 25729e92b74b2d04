"""Faults on the cluster: an item that crashes its stage worker fails alone; a node lost mid-run changes nothing."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.cluster.client import ClusterExecutor
from heroes_desktop.core.progress import Progress
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.worker_pool import TaskLimits
from tests.cluster.conftest import STAGES
from tests.conftest import PASSPHRASE
from tests.pipeline import worker_tasks

COMPARED = ("path", "status", "md5", "sha256", "mime")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "seized"
    folder.mkdir()
    for index in range(count):
        (folder / f"ok{index:02d}.txt").write_text(f"file {index}\n" * (index + 1))
    return folder


def test_a_poison_item_fails_alone(tmp_path: Path, cluster: Any, certs: Path, examiner: Actor,
                                   examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch holding ``crash.bin`` segfaults the node's stage worker (the Dask worker lives on): the ingest runs
    that batch's items one by one on the cluster, and only the culprit is marked failed, with the signal."""
    real = ClusterExecutor.submit_limited

    def sabotaged(self: ClusterExecutor, limits: TaskLimits, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        names = {getattr(job, "name", "") for job in (args[0] if args and isinstance(args[0], list) else [])}
        if "crash.bin" in names:
            return real(self, limits, worker_tasks.crash_natively)
        return real(self, limits, fn, *args, **kwargs)

    monkeypatch.setattr(ClusterExecutor, "submit_limited", sabotaged)
    folder = _folder(tmp_path, 12)
    (folder / "crash.bin").write_bytes(b"\x00" * 100)
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder)
        summary = ingest(case, IngestOptions(jobs=1, stages=STAGES, cluster=cluster.scheduler_address,
                                             tls_dir=str(certs), task_items=4))
        records = {record["name"]: record for record in iter_files(case)}
    assert summary.status == "finished"
    assert records["crash.bin"]["status"] == "failed" and "SIGSEGV" in records["crash.bin"]["error"]
    assert all(records[f"ok{index:02d}.txt"]["status"] == "ok" for index in range(12))


def test_a_node_lost_mid_run_changes_nothing(tmp_path: Path, certs: Path, examiner: Actor,
                                             examiner_key: SigningKey) -> None:
    """One of two nodes leaves while batches run on it: they run on the other, and the case is the local one."""
    import dask
    from distributed import LocalCluster

    from heroes_desktop.cluster.node import PRELOAD, close_pool
    from tests.cluster.conftest import lab_security

    folder = _folder(tmp_path, 40)
    with Case.create(tmp_path / "local.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder)
        ingest(case, IngestOptions(jobs=2, stages=STAGES))
        expected = {record["path"]: {c: record.get(c) for c in COMPARED} for record in iter_files(case)}
    with dask.config.set({"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tls", host="127.0.0.1",
                             security=lab_security(certs), dashboard_address="127.0.0.1:0", preload=[PRELOAD])
    victim = local.workers[0]
    lost: list[str] = []

    def progress(report: Any) -> None:
        if isinstance(report, Progress) and report.phase == "items" and report.items_done and not lost:
            lost.append(victim.address)
            local.sync(victim.close, executor_wait=False)

    try:
        with Case.create(tmp_path / "cluster.heroes", PASSPHRASE, examiner, examiner_key) as case:
            add_evidence(case, folder)
            summary = ingest(case, IngestOptions(jobs=1, stages=STAGES, cluster=local.scheduler_address,
                                                 tls_dir=str(certs), task_items=2, batch_seconds=0.0),
                             progress=progress)
            got = {record["path"]: {c: record.get(c) for c in COMPARED} for record in iter_files(case)}
            nodes = [event.details["node"] for event in case.events() if event.action == "cluster.batch"]
    finally:
        for worker in local.workers.values():
            close_pool(worker)
        close_pool(victim)
        local.close()
    assert lost and summary.status == "finished"
    assert got == expected
    assert nodes[-1] != lost[0]  # the last batches ran on the node that stayed


def test_a_restarted_node_takes_the_work_of_the_one_it_replaces(tmp_path: Path, certs: Path, examiner: Actor,
                                                                examiner_key: SigningKey) -> None:
    """The only node goes and another comes in its place (a nanny restarts a crashed worker under a new address):
    the batches bound to the old one are sent to the new one, which is checked and admitted, and the run ends."""
    import dask
    from distributed import LocalCluster, Worker

    from heroes_desktop.cluster.node import PRELOAD, close_pool
    from tests.cluster.conftest import lab_security

    folder = _folder(tmp_path, 16)
    with dask.config.set({"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False}):
        local = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls", host="127.0.0.1",
                             security=lab_security(certs), dashboard_address="127.0.0.1:0", preload=[PRELOAD])
    first = next(iter(local.workers.values()))
    started: list[Any] = []

    async def replacement() -> Any:
        return await Worker(local.scheduler_address, security=lab_security(certs), nthreads=1, preload=[PRELOAD],
                            host="127.0.0.1", name="replacement")

    def progress(report: Any) -> None:
        if isinstance(report, Progress) and report.phase == "items" and report.items_done and not started:
            local.sync(first.close, executor_wait=False)
            started.append(local.sync(replacement))

    try:
        with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
            add_evidence(case, folder)
            summary = ingest(case, IngestOptions(jobs=1, stages=STAGES, cluster=local.scheduler_address,
                                                 tls_dir=str(certs), task_items=2, batch_seconds=0.0),
                             progress=progress)
            statuses = {record["name"]: record["status"] for record in iter_files(case)}
            names = [event.details["name"] for event in case.events() if event.action == "cluster.batch"]
    finally:
        for worker in [first, *started]:
            close_pool(worker)
        if started:
            local.sync(started[0].close)
        local.close()
    assert started and summary.status == "finished"
    assert set(statuses.values()) == {"ok"} and "replacement" in names
