"""Progress reports and cancellation through plain callbacks and tokens (no Qt), for the CLI and the GUI alike."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Progress:
    """A snapshot: what is done, of how much, and how fast."""

    phase: str = ""
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)
    nodes: dict[str, int] = field(default_factory=dict)  # a cluster run: items done by each node, by its name

    @property
    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    @property
    def bytes_per_second(self) -> float:
        return self.bytes_done / self.elapsed

    @property
    def seconds_left(self) -> float | None:
        if not self.bytes_total or not self.bytes_done:
            return None
        return max(self.bytes_total - self.bytes_done, 0) / self.bytes_per_second


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The default callback: report nothing."""


class CancelToken:
    """Set from any thread (a Ctrl-C handler, a GUI button); checked by long operations between items."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
