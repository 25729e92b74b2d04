"""Cyclic garbage collection never runs in a job thread (where it would delete Qt objects off the GUI thread and
crash the process), yet garbage is still collected, on the GUI thread, and automatic collection is back once the
jobs are shut down."""

from __future__ import annotations

import gc
import threading

from heroes_desktop.gui.jobs import Jobs


def _make_cyclic_garbage() -> int:
    for _ in range(200_000):
        node: list = []
        node.append(node)
    return 1


def test_collections_run_on_the_gui_thread_only(qtbot) -> None:
    threads: list[str] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.collect()
    gc.callbacks.append(note)
    jobs = Jobs()
    try:
        done: list[int] = []
        for index in range(4):
            jobs.read(f"garbage {index}", _make_cyclic_garbage, done.append)
        qtbot.waitUntil(lambda: len(done) == 4, timeout=60_000)
        assert [name for name in threads if name != threading.main_thread().name] == []
        qtbot.waitUntil(lambda: threading.main_thread().name in threads, timeout=10_000)
    finally:
        jobs.shutdown(wait=True)
        gc.callbacks.remove(note)
    assert gc.isenabled()
