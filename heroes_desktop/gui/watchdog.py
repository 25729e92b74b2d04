"""An event-loop watchdog: how long the GUI thread went without returning to its event loop, and where it was.

A timer on the GUI thread stamps the time every few milliseconds; a plain thread watches the stamp and, when it
is older than the threshold, samples the GUI thread's stack. Each stall is recorded with its length and the
innermost frames of the call that held the loop, so a test can assert "no call on the GUI thread took longer
than 100 ms" and name the slowest one, and the application can log stalls in the field.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer

TICK_MS = 5


@dataclass
class Stall:
    """One stretch in which the GUI thread did not return to its event loop."""

    seconds: float
    where: list[str] = field(default_factory=list)  # "file:line in function", innermost last

    def describe(self) -> str:
        place = self.where[-1] if self.where else "unknown"
        return f"{self.seconds * 1000:.0f} ms in {place}"


class EventLoopWatchdog(QObject):
    """Records every stall of the GUI thread longer than ``threshold_s`` while it runs (``start`` / ``stop``)."""

    def __init__(self, threshold_s: float = 0.1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold_s = threshold_s
        self.stalls: list[Stall] = []
        self.longest_s = 0.0  # the longest gap seen, stall or not
        self._stamp = time.perf_counter()
        self._gui_thread = threading.get_ident()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._current: Stall | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        self._gui_thread = threading.get_ident()
        self._stamp = time.perf_counter()
        self._stop.clear()
        self._timer.start()
        self._thread = threading.Thread(target=self._watch, name="heroes-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._close_stall(time.perf_counter())

    def slowest(self) -> Stall | None:
        return max(self.stalls, key=lambda stall: stall.seconds, default=None)

    def _tick(self) -> None:
        now = time.perf_counter()
        with self._lock:
            gap = now - self._stamp
            self.longest_s = max(self.longest_s, gap)
            self._stamp = now
            if self._current is not None:
                self._current.seconds = gap
                self.stalls.append(self._current)
                self._current = None

    def _close_stall(self, now: float) -> None:
        with self._lock:
            if self._current is not None:
                self._current.seconds = now - self._stamp
                self.stalls.append(self._current)
                self._current = None

    def _watch(self) -> None:
        while not self._stop.wait(TICK_MS / 1000):
            with self._lock:
                late = time.perf_counter() - self._stamp
                if late < self.threshold_s or self._current is not None:
                    continue
                frame = sys._current_frames().get(self._gui_thread)
                where = [f"{entry.filename}:{entry.lineno} in {entry.name}"
                         for entry in traceback.extract_stack(frame)[-6:]] if frame is not None else []
                self._current = Stall(late, where)
