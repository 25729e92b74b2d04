"""A progress bar on stderr, drawn only when stderr is a terminal: items, bytes, rate and time left."""

from __future__ import annotations

import sys
import time

from heroes_desktop.core.progress import Progress


def _size(value: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


class TerminalProgress:
    def __init__(self) -> None:
        self._enabled = sys.stderr.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        if not self._enabled or time.monotonic() - self._last < 0.2:
            return
        self._last = time.monotonic()
        share = progress.bytes_done / progress.bytes_total if progress.bytes_total else 0.0
        bar = "#" * int(share * 30)
        left = progress.seconds_left
        eta = f"{int(left // 60)}m{int(left % 60):02d}s left" if left is not None else ""
        sys.stderr.write(
            f"\r{progress.phase:6} [{bar:<30}] {progress.items_done}/{progress.items_total} items "
            f"{_size(progress.bytes_done)}/{_size(progress.bytes_total)} {_size(progress.bytes_per_second)}/s "
            f"{eta} {progress.failed} failed   "
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self._enabled:
            sys.stderr.write("\n")
