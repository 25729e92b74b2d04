"""Background work for the window: reads on a small thread pool, case writes on one writer thread, every result
posted back to the GUI thread. A frozen window is a bug, so nothing here runs a core call on the GUI thread.

A job whose result no longer matters (a sort superseded by the next one) is cancelled: its callbacks never run.
``background`` reads (counts, lists beside the table, polls) wait while an examiner's read runs, so that on two
cores the file table's query never shares the machine with a count of every category.
Compare Anki's ``CollectionOp`` over its single collection executor, and napari's thread workers.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from heroes_desktop.gui import gui_thread_gc

T = TypeVar("T")
READ_THREADS = 3
TIMINGS_KEPT = 500
QUIET_WAIT_S = 5.0  # a background read waits at most this long for the examiner's reads to finish


@dataclass
class Job(Generic[T]):
    """A submitted piece of work; ``cancel()`` drops its result (a read not started yet is never started; a
    write, and work already running, runs to its end)."""

    name: str
    on_done: Callable[[T], None] | None
    on_error: Callable[[BaseException], None] | None
    cancelled: bool = False
    future: Future | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelled = True


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from a worker thread is delivered there (queued)."""

    finished = Signal(object, object, object)  # job, result, error

    @Slot(object, object, object)
    def deliver(self, job: Job, result: Any, error: BaseException | None) -> None:
        if job.cancelled:
            return
        if error is not None:
            if job.on_error is not None:
                job.on_error(error)
            else:
                from heroes_desktop.gui.errors import report_unexpected
                report_unexpected(error, job.name)
        elif job.on_done is not None:
            job.on_done(result)


class Jobs(QObject):
    """Runs core calls off the GUI thread. ``read`` for queries, ``write`` for anything that changes the case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.finished.connect(self._relay.deliver)
        self._readers = ThreadPoolExecutor(READ_THREADS, thread_name_prefix="heroes-read")
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="heroes-write")
        self._background = ThreadPoolExecutor(1, thread_name_prefix="heroes-background")
        self._lock = threading.Lock()
        self._foreground = 0  # reads and writes the examiner is waiting for
        self._quiet = threading.Condition(self._lock)
        self._running = 0
        self._closed = False
        self.timings: deque[tuple[str, float, float]] = deque(maxlen=TIMINGS_KEPT)  # (job, queued s, ran s)
        self._holds_collector = True
        gui_thread_gc.hold()  # no cyclic collection in the job threads: it would delete Qt objects there

    def read(self, name: str, work: Callable[[], T], on_done: Callable[[T], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, *, background: bool = False) -> Job[T]:
        """A read off the GUI thread; ``background`` for what may wait until the examiner's reads are done."""
        if background:
            return self._submit(self._background, name, work, on_done, on_error, wait_quiet=True)
        return self._submit(self._readers, name, work, on_done, on_error, foreground=True)

    def write(self, name: str, work: Callable[[], T], on_done: Callable[[T], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Job[T]:
        return self._submit(self._writer, name, work, on_done, on_error, foreground=True)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running > 0

    def _submit(self, executor: ThreadPoolExecutor, name: str, work: Callable[[], T],
                on_done: Callable[[T], None] | None, on_error: Callable[[BaseException], None] | None, *,
                foreground: bool = False, wait_quiet: bool = False) -> Job[T]:
        job: Job[T] = Job(name, on_done, on_error)
        if self._closed:
            job.cancelled = True
            return job
        with self._lock:
            self._running += 1
            self._foreground += foreground
        submitted = time.perf_counter()
        skippable = executor is not self._writer  # a write always runs, once submitted

        def run() -> None:
            result: Any = None
            error: BaseException | None = None
            if wait_quiet:
                with self._quiet:
                    self._quiet.wait_for(lambda: self._foreground == 0 or self._closed, timeout=QUIET_WAIT_S)
            started = time.perf_counter()
            try:
                if not (job.cancelled and skippable):  # a read nobody waits for any more is not started
                    result = work()
            except BaseException as caught:  # noqa: BLE001 - delivered to the GUI thread, never swallowed
                error = caught
            finally:
                self.timings.append((name, started - submitted, time.perf_counter() - started))
            if not self._closed:
                self._relay.finished.emit(job, result, error)

        def finished(_future: Future) -> None:  # run, or cancelled unrun at shutdown: either way no longer busy
            with self._lock:
                self._running -= 1
                self._foreground -= foreground
                if not self._foreground:
                    self._quiet.notify_all()

        job.future = executor.submit(run)
        job.future.add_done_callback(finished)
        return job

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking work; with ``wait``, let running writes finish (a tag half-made is never left behind)."""
        self._closed = True
        with self._quiet:
            self._quiet.notify_all()
        self._readers.shutdown(wait=wait, cancel_futures=True)
        self._background.shutdown(wait=wait, cancel_futures=True)
        self._writer.shutdown(wait=wait)
        if self._holds_collector:
            self._holds_collector = False
            gui_thread_gc.release()
