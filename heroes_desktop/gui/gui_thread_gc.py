"""Cyclic garbage collection on the GUI thread only, while the window's background jobs exist.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is crossed. A cycle that
holds a Qt wrapper (a closed dialog and its slots' closures) collected in a job thread deletes its C++ object off
the GUI thread, and the process dies with a segmentation fault: the suite died so, "Garbage-collecting" in a
``heroes-read`` thread that was decoding JSON. As Anki does (aqt's ``GarbageCollector``), automatic collection is
off while any :class:`~heroes_desktop.gui.jobs.Jobs` exists, and the GUI thread collects on a timer by the same
thresholds the automatic collector uses; when the last one is shut down, automatic collection is back.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

CHECK_MS = 1000

_holders = 0
_timer: QTimer | None = None


def hold() -> None:
    """Called on the GUI thread when a Jobs starts: the first one turns automatic collection over to the timer."""
    global _holders, _timer
    if _holders == 0:
        gc.disable()
        _timer = QTimer()
        _timer.timeout.connect(collect_by_thresholds)
        _timer.start(CHECK_MS)
    _holders += 1


def release() -> None:
    """Called when a Jobs is shut down: the last one turns automatic collection back on (no collection here: a
    full one stops the GUI thread for 100 ms and more while a window closes)."""
    global _holders
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0:
        release_all()


def release_all() -> None:
    """Automatic collection back, whatever still holds it (a Jobs never shut down)."""
    global _holders, _timer
    _holders = 0
    if _timer is None:
        return
    _timer.stop()
    _timer = None
    gc.enable()


def collect_by_thresholds() -> None:
    """The collections the automatic collector would have made by now, youngest generation first."""
    threshold = gc.get_threshold()
    young, middle, old = gc.get_count()
    if young > threshold[0]:
        gc.collect(0)
        if middle > threshold[1]:
            gc.collect(1)
            if old > threshold[2]:
                gc.collect(2)
