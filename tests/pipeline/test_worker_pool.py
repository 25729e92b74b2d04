"""Workers that crash, hang or balloon are replaced; only their task fails, and the pool goes on."""

from __future__ import annotations

import pytest

from heroes_desktop.pipeline.errors import TaskFailed, TaskOutOfMemory, TaskTimedOut, WorkerLost
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool
from tests.pipeline import worker_tasks


@pytest.fixture
def pool():  # type: ignore[no-untyped-def]
    pool = WorkerPool(2)
    yield pool
    pool.shutdown(cancel_futures=True)


def test_results_come_back(pool: WorkerPool) -> None:
    futures = [pool.submit(worker_tasks.square, n) for n in range(50)]
    assert [future.result(timeout=60) for future in futures] == [n * n for n in range(50)]


def test_native_crash_fails_only_its_task(pool: WorkerPool) -> None:
    crashed = pool.submit(worker_tasks.crash_natively)
    after = [pool.submit(worker_tasks.square, n) for n in range(10)]
    with pytest.raises(WorkerLost, match="SIGSEGV"):
        crashed.result(timeout=60)
    assert [future.result(timeout=60) for future in after] == [n * n for n in range(10)]
    assert pool.replaced == 1


def test_hung_task_is_killed_at_its_budget(pool: WorkerPool) -> None:
    hung = pool.submit_limited(TaskLimits(seconds=1), worker_tasks.hang, 60)
    quick = pool.submit_limited(TaskLimits(seconds=10), worker_tasks.hang, 0.1)
    with pytest.raises(TaskTimedOut):
        hung.result(timeout=30)
    assert quick.result(timeout=30) == "woke up"


def test_memory_budget_kills_the_worker(pool: WorkerPool) -> None:
    greedy = pool.submit_limited(TaskLimits(memory_mb=300), worker_tasks.balloon, 600)
    with pytest.raises(TaskOutOfMemory):
        greedy.result(timeout=60)
    assert pool.submit(worker_tasks.square, 3).result(timeout=30) == 9


def test_exception_in_task_is_carried_back(pool: WorkerPool) -> None:
    with pytest.raises(TaskFailed, match="ValueError: bad input"):
        pool.submit(worker_tasks.fail).result(timeout=30)


def test_work_runs_in_other_processes(pool: WorkerPool) -> None:
    import os

    assert pool.submit(worker_tasks.pid).result(timeout=30) != os.getpid()
