"""A progress bar on stderr, drawn only on a terminal: phase, items, bytes, rate and an honest time left.

- One line of at most 80 columns (fewer on a narrower terminal), redrawn in place with ``\\r``.
- The rate is smoothed (an exponential moving average of the recent rate, not the average since the start), and
  the time left reads "time left unknown" until there are a few seconds and a few percent of data to go on.
- A quiet phase (the case-level stages: hashsets, entities, topics) keeps moving: a ticker redraws the line each
  second with a spinner, the phase name and the time spent in it.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from typing import TextIO

from heroes_desktop.core.progress import Progress

MAX_COLUMNS = 80
MIN_SECONDS_FOR_ETA = 3.0
MIN_SHARE_FOR_ETA = 0.01
SMOOTHING = 0.3  # weight of the newest rate sample
SPINNER = "|/-\\"


def _size(value: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"  # pragma: no cover


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


@dataclass
class RateEstimate:
    """Smoothed throughput of one phase, in bytes (or items, when the phase has no byte total) per second."""

    rate: float | None = None
    last_time: float | None = None
    last_amount: float = 0.0
    phase_started: float = 0.0

    def update(self, amount: float, now: float) -> None:
        if self.last_time is None:
            self.last_time, self.last_amount, self.phase_started = now, amount, now
            return
        elapsed = now - self.last_time
        if elapsed < 0.5:
            return
        sample = max(amount - self.last_amount, 0.0) / elapsed
        self.rate = sample if self.rate is None else SMOOTHING * sample + (1 - SMOOTHING) * self.rate
        self.last_time, self.last_amount = now, amount

    def seconds_left(self, done: float, total: float, now: float) -> float | None:
        """None until the estimate can be trusted: a few seconds into the phase and a few percent done."""
        if not total or self.rate is None or self.rate <= 0:
            return None
        if now - self.phase_started < MIN_SECONDS_FOR_ETA or done / total < MIN_SHARE_FOR_ETA:
            return None
        return max(total - done, 0.0) / self.rate


def render_line(progress: Progress, *, width: int = MAX_COLUMNS, rate: float | None = None,
                seconds_left: float | None = None, phase_seconds: float = 0.0, tick: int = 0,
                detail: str = "") -> str:
    """The progress line for ``progress``, at most ``width`` characters (pure, for tests)."""
    phase = (progress.phase or "working")[:10]
    optional = ""  # the first thing left out when the line is too long, after the rate
    if progress.phase == "walk":
        counts = f"{progress.items_done}/{progress.items_total} file systems, {progress.bytes_done:,} entries"
        share = progress.items_done / progress.items_total if progress.items_total else None
        speed = f"{rate:,.0f} entries/s" if rate else ""
    elif progress.bytes_total:
        optional = f"{progress.items_done}/{progress.items_total}"
        counts = f"{_size(progress.bytes_done)}/{_size(progress.bytes_total)}"
        share = progress.bytes_done / progress.bytes_total
        speed = f"{_size(rate)}/s" if rate else ""
    elif progress.items_total:
        counts = f"{progress.items_done}/{progress.items_total} items"
        share = progress.items_done / progress.items_total
        speed = f"{rate:.1f} items/s" if rate else ""
    else:  # a phase without totals: a spinner and the time spent in it
        words = f"{phase} {detail}".strip()
        return f"{SPINNER[tick % len(SPINNER)]} {words} ... {_duration(phase_seconds)}"[:width]
    share = min(max(share or 0.0, 0.0), 1.0)
    left = "time left unknown" if seconds_left is None else f"{_duration(seconds_left)} left"
    failed = f"{progress.failed} failed" if progress.failed else ""
    nodes = ("nodes " + " ".join(f"{name}:{count}" for name, count in progress.nodes.items())
             if progress.nodes else "")  # a cluster run: items done by each node
    parts = [optional, counts, speed, left, failed, nodes]
    bar_width = 16
    while True:
        bar = "#" * int(share * bar_width)
        line = f"{phase:<6} [{bar:<{bar_width}}] {share:4.0%} " + " ".join(part for part in parts if part)
        if len(line) <= width:
            return line
        if bar_width > 8:
            bar_width -= 4
        elif nodes and nodes in parts:
            parts.remove(nodes)
        elif speed and speed in parts:
            parts.remove(speed)
        elif optional and optional in parts:
            parts.remove(optional)
        else:
            return line[:width]


class TerminalProgress:
    """The CLI's progress callback; draws only when ``stream`` (stderr) is a terminal."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, tick_seconds: float = 1.0):
        self._stream = stream or sys.stderr
        if enabled is None:
            enabled = self._stream.isatty() and os.environ.get("TERM") != "dumb"
        self._enabled = enabled
        self._lock = threading.Lock()
        self._last_draw = 0.0
        self._drawn = 0
        self._tick = 0
        self._last_update = 0.0
        self._progress: Progress | None = None
        self._phase = None
        self._estimate = RateEstimate()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._tick_seconds = tick_seconds
        self._detail = ""

    @property
    def width(self) -> int:
        return min(shutil.get_terminal_size((MAX_COLUMNS, 24)).columns - 1, MAX_COLUMNS)

    def __call__(self, progress: Progress) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        with self._lock:
            if progress.phase != self._phase:
                self._phase, self._estimate = progress.phase, RateEstimate()
            amount = progress.bytes_done if progress.bytes_total or progress.phase == "walk" else progress.items_done
            self._estimate.update(amount, now)
            self._progress = progress
            self._last_update = now
            if now - self._last_draw >= 0.2:
                self._draw(now)
        self._start_ticker()

    def phase(self, name: str, detail: str = "") -> None:
        """Name a phase that reports no counts (a case-level stage, hashing in a worker): a moving spinner."""
        self._detail = detail
        self(Progress(phase=name))

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._keep_moving, name="progress-ticker", daemon=True)
            self._ticker.start()

    def _keep_moving(self) -> None:
        while not self._stop.wait(self._tick_seconds):
            with self._lock:
                if self._progress is not None and time.monotonic() - self._last_draw >= self._tick_seconds:
                    self._draw(time.monotonic())

    def _draw(self, now: float) -> None:
        progress = self._progress
        assert progress is not None
        self._tick += 1
        estimate = self._estimate
        if progress.bytes_total or progress.phase == "walk":
            done, total = progress.bytes_done, progress.bytes_total
        else:
            done, total = progress.items_done, progress.items_total
        if progress.items_total and progress.items_done >= progress.items_total and now - self._last_update > 2:
            # the phase is complete and the core is quiet (the case-level stages): keep the line moving
            waited = _duration(now - self._last_update)
            line = f"{SPINNER[self._tick % len(SPINNER)]} {progress.phase or 'work'} done; " \
                   f"case-level stages (hashsets, entities, topics) ... {waited}"[:self.width]
        else:
            line = render_line(progress, width=self.width, rate=estimate.rate,
                           seconds_left=estimate.seconds_left(done, total, now),
                               phase_seconds=now - (estimate.phase_started or now), tick=self._tick,
                               detail=self._detail)
        try:
            self._stream.write("\r" + line + " " * max(self._drawn - len(line), 0))
            self._stream.flush()
        except (OSError, ValueError):
            self._enabled = False
        self._drawn = len(line)
        self._last_draw = now

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            if self._enabled and self._drawn:
                try:
                    self._stream.write("\r" + " " * self._drawn + "\r")
                    self._stream.flush()
                except (OSError, ValueError):
                    pass
            self._drawn = 0
