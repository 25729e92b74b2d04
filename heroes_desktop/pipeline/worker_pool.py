"""A pool of worker processes with per-task time and memory budgets, behind a ``concurrent.futures`` interface.

Native parsers run here, never in the main process. A worker that crashes, runs past its task's time budget or grows
past its memory budget is killed and replaced; only that task's future fails (with :class:`WorkerLost`,
:class:`TaskTimedOut` or :class:`TaskOutOfMemory`) and the pool goes on. ``submit`` follows
``concurrent.futures.Executor``, so a cluster engine can take the pool's place without touching the stages.

Each worker leads its own process group, and a worker is killed with its whole group: the Tesseract or FFmpeg it
started dies with it instead of living on as an orphan. Workers (and the fork server they come from) get a minimal
environment without passphrases (:mod:`heroes_desktop.core.child_environment`), refuse network connections
(:mod:`heroes_desktop.core.network_guard`), and the private folder of a killed worker's transient copies is removed
at once (:mod:`heroes_desktop.core.transient`), as are those of workers killed in an earlier run when a pool starts.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import multiprocessing.util
import os
import signal
import subprocess
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

import psutil

from heroes_desktop.core import network_guard, transient
from heroes_desktop.core.child_environment import minimal_environment
from heroes_desktop.pipeline.errors import TaskFailed, TaskOutOfMemory, TaskTimedOut, WorkerLost

POLL_SECONDS = 0.05
PRELOAD = "heroes_desktop.pipeline.worker_preload"  # what every worker needs


@dataclass(frozen=True)
class TaskLimits:
    """A task's budget: wall-clock seconds and resident memory of its worker (None: unlimited)."""

    seconds: float | None = None
    memory_mb: int | None = None


@dataclass
class _Task:
    task_id: int
    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    limits: TaskLimits
    future: Future


def _worker_main(connection: multiprocessing.connection.Connection, threads: int) -> None:
    """Run tasks received on ``connection`` until told to stop (``None``).

    ``threads`` caps the OpenMP threads of native code run from here (Tesseract, torch): the pool already keeps
    every core busy with one item each, and nested thread pools would only fight over the same cores. The worker's
    temporary folder is its transient folder, so that whatever a library spills to a temporary file (SQLite's
    sorts of an evidence database, a decoder's buffers) stays in private memory-backed storage and goes with the
    worker when it is killed.
    """
    _leave_main_group()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the main process
    environment = minimal_environment(OMP_THREAD_LIMIT=str(threads))  # what Tesseract and FFmpeg inherit
    try:
        private = str(transient.process_folder())
    except transient.TransientError:
        private = None
    if private is not None:
        environment.update(TMPDIR=private, TMP=private, TEMP=private)
        tempfile.tempdir = private
    os.environ.clear()
    os.environ.update(environment)
    network_guard.install()  # already there when the fork server preloaded it; a no-op then
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        task_id, function, args, kwargs = message
        try:
            outcome = ("ok", function(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - the one catch-all of the per-task loop
            outcome = ("error", f"{type(error).__name__}: {error}", traceback.format_exc(limit=8))
        try:
            connection.send((task_id, outcome))
        except Exception as error:  # noqa: BLE001 - an unpicklable result is the task's failure
            connection.send((task_id, ("error", f"result could not be sent: {error}", "")))


def _leave_main_group() -> None:
    """Lead a new session (so a new process group) that the pool can kill whole, and kill that group when the main
    process dies (a ``kill -9``, a crash): no worker, nor a Tesseract it started, outlives the run that started it
    holding evidence. (The fork server cannot see to it: every worker holds it open.)"""
    try:
        os.setsid()
    except (AttributeError, OSError):  # not POSIX, or already a group leader
        return
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)  # readable once the main process has gone
    if sentinel is None:
        return

    def watch() -> None:
        try:
            multiprocessing.connection.wait([sentinel])
        except OSError:
            pass
        if os.getpgid(0) == os.getpid():  # this worker's own group, never the main process's
            os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="heroes-main-watch", daemon=True).start()


_server_lock = threading.Lock()
_server_processes: list[subprocess.Popen] = []  # held for good: a Popen collected could reap what it started


def _spawn_with_minimal_environment(path: str, args: Sequence[str], passfds: Sequence[int]) -> int:
    """``multiprocessing.util.spawnv_passfds`` with the minimal environment instead of this process's."""
    process = subprocess.Popen(list(args), executable=path, pass_fds=tuple(sorted(map(int, passfds))),
                               close_fds=True, restore_signals=False, env=minimal_environment())
    _server_processes.append(process)
    return process.pid


def _start_fork_server() -> None:
    """Start the fork server (and multiprocessing's resource tracker) with the minimal environment: every worker is
    forked from it and inherits it, whatever this process's environment holds. ``multiprocessing`` has no way to
    pass an environment, so its one spawning function is replaced while it starts them (the process's own
    environment is never touched: other threads may be reading it)."""
    with _server_lock:
        original = multiprocessing.util.spawnv_passfds
        multiprocessing.util.spawnv_passfds = _spawn_with_minimal_environment
        try:
            multiprocessing.forkserver.ensure_running()  # a no-op once they run
        finally:
            multiprocessing.util.spawnv_passfds = original


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, threads: int = 1) -> None:
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(child_end, threads), daemon=True)
        self.process.start()
        child_end.close()
        self.task: _Task | None = None
        self.started = 0.0
        self._ps: psutil.Process | None = None
        self._last_memory_check = 0.0

    def assign(self, task: _Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.connection.send((task.task_id, task.function, task.args, task.kwargs))

    def memory_check_due(self, every: float = 0.25) -> bool:
        """Reading /proc costs: look at a worker's memory a few times a second, not on every wake-up."""
        now = time.monotonic()
        if now - self._last_memory_check < every:
            return False
        self._last_memory_check = now
        return True

    def rss_mb(self) -> float:
        try:
            if self._ps is None:
                self._ps = psutil.Process(self.process.pid)
            return self._ps.memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def kill(self) -> None:
        """Kill the worker with its process group (its Tesseract, FFmpeg), even when the worker itself is already
        gone (its children may not be), and remove the private folder of its transient copies."""
        pid = self.process.pid
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGKILL)  # the worker leads its group; none by that id once all have ended
            except (ProcessLookupError, PermissionError, AttributeError):
                pass
            if self.process.is_alive():  # killed before it could make its own group
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.process.join(timeout=5)
        self.connection.close()
        if pid is not None:
            transient.sweep(pid)


class WorkerPool(Executor):
    """``jobs`` worker processes; tasks are dispatched in submission order."""

    def __init__(self, jobs: int | None = None, *, default_limits: TaskLimits | None = None,
                 preload: Sequence[str] = ()) -> None:
        """``preload``: modules the workers need beyond :mod:`.worker_preload` (the selected stages' modules).

        The fork server imports them once, so that each worker (and each replacement) starts with them loaded. It
        is started by the first pool of a process: a later pool's ``preload`` is imported by its workers instead.
        """
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.default_limits = default_limits or TaskLimits()
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([PRELOAD, *preload])  # takes effect once per process
        transient.sweep()  # leftovers of workers killed before their cleanup, in this run or a crashed one
        _start_fork_server()
        self._queue: collections.deque[_Task] = collections.deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closing = False
        self.threads_per_worker = max(1, (os.cpu_count() or 1) // self.jobs)
        self._workers = [_Worker(self._context, self.threads_per_worker) for _ in range(self.jobs)]
        self.replaced = 0
        self._thread = threading.Thread(target=self._supervise, name="worker-pool", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------------------------------ Executor API

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self.submit_limited(self.default_limits, fn, *args, **kwargs)

    def submit_limited(self, limits: TaskLimits, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("the worker pool is shut down")
            self._queue.append(_Task(next(self._ids), fn, args, kwargs, limits, future))
        self._wake.set()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closing = True
            if cancel_futures:
                while self._queue:
                    self._queue.popleft().future.cancel()
        self._wake.set()
        if wait:
            self._thread.join()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + sum(1 for worker in self._workers if worker.task is not None)

    # ------------------------------------------------------------------------------------------- supervision

    def _supervise(self) -> None:
        while True:
            self._dispatch()
            busy = [worker for worker in self._workers if worker.task is not None]
            with self._lock:
                if self._closing and not busy and not self._queue:
                    break
            waitables = [w.connection for w in busy] + [w.process.sentinel for w in busy]
            ready = multiprocessing.connection.wait(waitables, timeout=POLL_SECONDS) if waitables else []
            if not waitables:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
            for worker in busy:
                self._check(worker, ready)
        for worker in self._workers:
            try:
                worker.connection.send(None)
            except (OSError, ValueError):
                pass
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.kill()
            elif worker.process.pid is not None:
                transient.sweep(worker.process.pid)

    def _dispatch(self) -> None:
        for index, worker in enumerate(self._workers):
            if worker.task is not None:
                continue
            with self._lock:
                task = None
                while self._queue:
                    candidate = self._queue.popleft()
                    if candidate.future.set_running_or_notify_cancel():
                        task = candidate
                        break
            if task is None:
                return
            try:
                worker.assign(task)
            except (OSError, ValueError, BrokenPipeError):
                self._replace(index, task, WorkerLost("the worker was gone before the task started"))

    def _check(self, worker: _Worker, ready: list[Any]) -> None:
        task = worker.task
        assert task is not None
        index = self._workers.index(worker)
        if worker.connection in ready:
            try:
                task_id, outcome = worker.connection.recv()
            except (EOFError, OSError):
                self._replace(index, task, self._lost(worker))
                return
            worker.task = None
            if outcome[0] == "ok":
                task.future.set_result(outcome[1])
            else:
                task.future.set_exception(TaskFailed(outcome[1]))
            return
        if worker.process.sentinel in ready or not worker.process.is_alive():
            self._replace(index, task, self._lost(worker))
            return
        limits = task.limits
        if limits.seconds is not None and time.monotonic() - worker.started > limits.seconds:
            self._replace(index, task, TaskTimedOut(f"ran past its budget of {limits.seconds:.0f} s"))
        elif limits.memory_mb is not None and worker.memory_check_due() and worker.rss_mb() > limits.memory_mb:
            self._replace(index, task, TaskOutOfMemory(f"worker memory grew past {limits.memory_mb} MiB"))

    @staticmethod
    def _lost(worker: _Worker) -> WorkerLost:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return WorkerLost(f"the worker died from signal {name}")
        return WorkerLost(f"the worker exited unexpectedly (exit code {code})")

    def _replace(self, index: int, task: _Task, error: Exception) -> None:
        self._workers[index].kill()
        self._workers[index] = _Worker(self._context, self.threads_per_worker)
        self.replaced += 1
        if not task.future.done():
            task.future.set_exception(error)
