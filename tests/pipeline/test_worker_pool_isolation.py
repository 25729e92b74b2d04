"""Workers hold no passphrase, die with their children, refuse the network, and leave no transient copy behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from heroes_desktop.pipeline.errors import TaskTimedOut
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool
from tests.conftest import REPO
from tests.pipeline import isolation_tasks

SECRET = "sesame-" + os.urandom(6).hex()


@pytest.fixture
def pool():  # type: ignore[no-untyped-def]
    pool = WorkerPool(1)
    yield pool
    pool.shutdown(cancel_futures=True)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_worker_and_its_children_hold_no_passphrase() -> None:
    """In a fresh interpreter (its fork server not yet started) whose environment holds both passphrases."""
    program = textwrap.dedent("""
        import json
        from heroes_desktop.pipeline.worker_pool import WorkerPool
        from tests.pipeline import isolation_tasks
        pool = WorkerPool(1)
        try:
            print(json.dumps(pool.submit(isolation_tasks.environment).result(timeout=60)))
        finally:
            pool.shutdown()
        """)
    env = {**os.environ, "HEROES_PASSPHRASE": SECRET, "HEROES_KEY_PASSPHRASE": SECRET + "-key",
           "SOME_OTHER_VARIABLE": "kept out too"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    for where, text in seen.items():
        assert SECRET not in text and "HEROES_PASSPHRASE" not in text, where
        assert "SOME_OTHER_VARIABLE" not in text, where
    assert "PATH=" in seen["child"] and "OMP_THREAD_LIMIT=" in seen["child"]


def test_a_killed_worker_takes_its_children_with_it(pool: WorkerPool, tmp_path: Path) -> None:
    pid_file = tmp_path / "sleeper.pid"
    hung = pool.submit_limited(TaskLimits(seconds=2), isolation_tasks.spawn_sleeper, str(pid_file))
    with pytest.raises(TaskTimedOut):
        hung.result(timeout=60)
    sleeper = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while not _gone(sleeper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(sleeper), "the killed worker's child lives on as an orphan"


def test_a_killed_worker_leaves_no_transient_copy(pool: WorkerPool, tmp_path: Path) -> None:
    path_file = tmp_path / "copy.path"
    hung = pool.submit_limited(TaskLimits(seconds=2), isolation_tasks.hold_transient_copy, str(path_file))
    with pytest.raises(TaskTimedOut):
        hung.result(timeout=60)
    copy, spilled = map(Path, json.loads(path_file.read_text()))
    assert copy.parent == spilled.parent  # a worker's temporary folder is its transient folder
    assert not copy.exists() and not spilled.exists() and not copy.parent.exists()


def test_a_worker_cannot_reach_the_network(pool: WorkerPool) -> None:
    outcomes = pool.submit(isolation_tasks.try_network).result(timeout=60)
    assert len(outcomes) == 3
    assert all(outcome.startswith("NetworkRefused: heroes: network access refused") for outcome in outcomes), outcomes
    assert pool.submit(isolation_tasks.local_socket_pair).result(timeout=60) == b"ping"


def test_workers_and_their_children_die_with_the_main_process(tmp_path: Path) -> None:
    """``kill -9`` of the main process alone: its workers would go on with their task (the fork server stays up
    while any worker lives), and a hung parser would hold evidence for good; they kill their own group instead."""
    pid_file = tmp_path / "sleeper.pid"
    program = textwrap.dedent(f"""
        import time
        from heroes_desktop.pipeline.worker_pool import WorkerPool
        from tests.pipeline import isolation_tasks
        pool = WorkerPool(1)
        pool.submit(isolation_tasks.spawn_sleeper, {str(pid_file)!r})
        time.sleep(120)
        """)
    main = subprocess.Popen([sys.executable, "-c", program], cwd=REPO, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        sleeper = int(pid_file.read_text())
        worker = psutil.Process(sleeper).ppid()
    finally:
        main.kill()
        main.wait()
    deadline = time.monotonic() + 10
    while not (_gone(worker) and _gone(sleeper)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(worker) and _gone(sleeper)
