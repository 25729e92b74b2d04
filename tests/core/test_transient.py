"""Transient copies: one private folder per process on memory-backed storage, removed after use; the folders of
processes that are gone are swept, those of live ones kept."""

from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from heroes_desktop.core import transient


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _dead_pid_and_stamp() -> tuple[int, str]:
    """A process that has started and ended, with the start time its folder would be named by."""
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    process = context.Process(target=_report_stamp, args=(queue,))
    process.start()
    stamp = queue.get()
    process.join()
    return process.pid, stamp


def _report_stamp(queue) -> None:  # type: ignore[no-untyped-def]
    queue.put(transient._stamp(os.getpid()))


def test_a_use_gets_its_own_private_folder_on_memory_backed_storage_removed_after() -> None:
    if not transient.MEMORY_BACKED.is_dir():
        pytest.skip("no /dev/shm on this machine")
    with transient.private_folder("test-") as folder:
        (folder / "copy").write_bytes(b"x")
        assert folder.parent.parent == transient.MEMORY_BACKED / f"heroes-{os.getuid()}"
        assert folder.parent.name == f"{os.getpid()}-{transient._stamp(os.getpid())}"
        assert {_mode(folder), _mode(folder.parent), _mode(folder.parent.parent)} == {0o700}
    assert not folder.exists()
    with pytest.raises(RuntimeError), transient.private_folder("test-") as failing:
        raise RuntimeError("the tool failed")
    assert not failing.exists()


def test_sweep_removes_the_folders_of_processes_that_are_gone(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "root"
    monkeypatch.setattr(transient, "roots", lambda: [root])
    live = transient.process_folder()
    pid, stamp = _dead_pid_and_stamp()
    dead = root / f"{pid}-{stamp}"
    reused = root / f"{os.getpid()}-12345.00"  # this pid, but another start time: a crashed run's pid reused
    stranger = root / "not-a-process-folder"
    for folder in (dead, reused, stranger):
        (folder / "inner").mkdir(parents=True)
        (folder / "inner" / "copy.sqlite").write_bytes(b"derived from evidence")
    assert transient.sweep() == 2
    assert live.is_dir() and stranger.is_dir() and not dead.exists() and not reused.exists()


def test_a_root_that_is_a_link_is_refused_and_the_next_one_used(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    planted = tmp_path / "planted"
    planted.symlink_to(elsewhere)
    second = tmp_path / "second"
    monkeypatch.setattr(transient, "roots", lambda: [planted, second])
    folder = transient.make_private_folder("test-")
    assert Path(folder).parent.parent == second and list(elsewhere.iterdir()) == []
    monkeypatch.setattr(transient, "roots", lambda: [planted])
    with pytest.raises(transient.TransientError, match="not a folder"):
        transient.make_private_folder("test-")


def test_a_copy_too_big_for_memory_goes_to_the_next_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not transient.MEMORY_BACKED.is_dir():
        pytest.skip("no /dev/shm on this machine")
    shm = transient.MEMORY_BACKED / f"heroes-{os.getuid()}"
    monkeypatch.setattr(transient, "roots", lambda: [shm, tmp_path / "disk"])
    monkeypatch.setattr(transient, "MEMORY_SHARE", 1e-12)
    assert Path(transient.make_private_folder("test-", 4096)).parent.parent == tmp_path / "disk"
