"""The one private folder for transient copies a native tool needs by path (a database SQLite opens, a video FFmpeg
reads): on memory-backed storage where the machine has it, removed after use, and swept of crashed runs' leftovers.

Why: nothing derived from evidence may reach a disk outside the encrypted case. ``/dev/shm`` is RAM (tmpfs): a copy
made there never reaches a disk, and one left by a process killed before its cleanup (by the pool's time or memory
watchdog, by a crash) lasts only until the next start of the program sweeps it (or a reboot). Where there is no
``/dev/shm`` (or a copy would not fit in it), the profile folder is used, else the system's temporary folder.

Layout, every level made with mode 0700 and checked to be this account's own folder (not a link)::

    /dev/shm/heroes-<uid>/             the root (``<profile>/transient`` in the profile folder)
        <pid>-<start time>/            one per process: a worker, the main process
            sqlite-XXXXXXXX/           one per use (``private_folder``), removed after it

The process folder is named by the pid *and* the process's start time, so a leftover is told from a live folder
even once its pid is reused: :func:`sweep` removes the folders whose process is gone.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from heroes_desktop.core.errors import HeroesError

MEMORY_BACKED = Path("/dev/shm")
ROOT_PREFIX = "heroes-"
PROFILE_SUBFOLDER = "transient"
MEMORY_SHARE = 0.25  # a copy goes to RAM only while it is under this share of the memory available now


class TransientError(HeroesError):
    """No private folder could be made (a root that is not this account's own, or no room anywhere)."""


_process_folders: dict[tuple[int, str], Path] = {}  # (pid, root) -> this process's folder in that root


def _user_tag() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else (os.environ.get("USERNAME") or "user")


def _profile_root() -> Path | None:
    """``transient`` in the profile folder (not made here: a sweep must not create a profile)."""
    from heroes_desktop.identity.profile import PROFILE_ENV

    configured = os.environ.get(PROFILE_ENV)
    if configured:
        return Path(configured) / PROFILE_SUBFOLDER
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("heroes-desktop", appauthor=False)) / PROFILE_SUBFOLDER
    except (ImportError, OSError):
        return None


def roots() -> list[Path]:
    """The candidate roots, best first: memory-backed storage, the profile folder, the system's temporary folder."""
    found = []
    if MEMORY_BACKED.is_dir() and os.access(MEMORY_BACKED, os.W_OK | os.X_OK):
        found.append(MEMORY_BACKED / f"{ROOT_PREFIX}{_user_tag()}")
    profile = _profile_root()
    if profile is not None:
        found.append(profile)
    found.append(Path(tempfile.gettempdir()) / f"{ROOT_PREFIX}{_user_tag()}")
    return found


def _private_dir(path: Path) -> Path:
    """``path`` as a folder only this account can use: made 0700, or an existing one checked (never a link)."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise TransientError(f"{path} is not a folder (a link or a file is in the way)")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise TransientError(f"{path} belongs to another account")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def _stamp(pid: int) -> str | None:
    """The process's start time as its folder names it; None when there is no such process."""
    import psutil  # here, not at the top: the command line's start-up sweep usually finds nothing to look at

    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except psutil.NoSuchProcess:
        return None
    except psutil.Error:
        return "?"  # it exists but cannot be looked at: treated as alive


def _room(root: Path, needed_bytes: int) -> bool:
    if needed_bytes <= 0:
        return True
    try:
        usage = shutil.disk_usage(root.parent)
    except OSError:
        return False
    if usage.free < 2 * needed_bytes:
        return False
    if root.is_relative_to(MEMORY_BACKED):  # tmpfs takes RAM: never more than a share of what is free
        import psutil

        return needed_bytes <= psutil.virtual_memory().available * MEMORY_SHARE
    return True


def process_folder(needed_bytes: int = 0) -> Path:
    """This process's folder in the best root with room for ``needed_bytes`` (made on first use)."""
    pid = os.getpid()
    problems = []
    for root in roots():
        if not _room(root, needed_bytes):
            problems.append(f"{root}: no room for {needed_bytes} bytes")
            continue
        key = (pid, str(root))
        folder = _process_folders.get(key)
        if folder is not None and folder.is_dir():
            return folder
        try:
            root.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _private_dir(root)
            folder = _private_dir(root / f"{pid}-{_stamp(pid)}")
        except (OSError, TransientError) as error:
            problems.append(str(error))
            continue
        if not _process_folders:
            atexit.register(remove_own)
        _process_folders[key] = folder
        return folder
    raise TransientError("no private folder for a transient copy: " + "; ".join(problems))


def make_private_folder(prefix: str, needed_bytes: int = 0) -> str:
    """A new folder (0700) for one use, in this process's folder; the caller removes it (``shutil.rmtree``)."""
    return tempfile.mkdtemp(prefix=prefix, dir=process_folder(needed_bytes))


@contextlib.contextmanager
def private_folder(prefix: str, needed_bytes: int = 0) -> Iterator[Path]:
    """A new folder (0700) for one use, removed with all in it when the block ends (an error included)."""
    folder = make_private_folder(prefix, needed_bytes)
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _owner(name: str) -> tuple[int, str] | None:
    pid, _, stamp = name.partition("-")
    return (int(pid), stamp) if pid.isdigit() and stamp else None


def _is_leftover(name: str) -> bool:
    owner = _owner(name)
    if owner is None:
        return False  # not a process folder: not ours to judge
    alive = _stamp(owner[0])
    return alive is None or (alive != "?" and alive != owner[1])


def sweep(pid: int | None = None) -> int:
    """Remove the process folders whose process is gone (only ``pid``'s when given); returns how many.

    Cheap (a listing of each root that exists): called when the command line starts and when a worker pool
    starts (an ingest, the viewer), and for a worker the pool has just killed.
    """
    removed = 0
    for root in roots():
        try:
            names = os.listdir(root)
        except OSError:
            continue
        for name in names:
            if pid is not None and not name.startswith(f"{pid}-"):
                continue
            if _is_leftover(name):
                shutil.rmtree(root / name, ignore_errors=True)
                removed += 1
    return removed


def remove_own() -> None:
    """Remove this process's folders (at a clean exit)."""
    pid = os.getpid()
    for (owner, _root), folder in list(_process_folders.items()):
        if owner == pid:
            shutil.rmtree(folder, ignore_errors=True)
            del _process_folders[(owner, _root)]
