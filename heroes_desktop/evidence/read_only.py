"""Opening evidence read-only, without changing even its access times where the OS allows it."""

from __future__ import annotations

import os
from typing import BinaryIO


_ACCESS_TIME_REFUSED = [0]  # opens in this process whose O_NOATIME the system refused (not the file's owner)


def open_read_only(path: str, *, directory: bool = False) -> int:
    """An OS file descriptor opened read-only, without updating access times where the OS allows it. O_NOATIME is
    allowed only to the file's owner (or root): any other open is counted (:func:`access_time_refusals`) so that
    the caller can say that reading may have changed access times, never silently."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (os.O_DIRECTORY if directory else 0)
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(path, flags | noatime)
        except PermissionError:
            _ACCESS_TIME_REFUSED[0] += 1
    return os.open(path, flags)


def access_time_refusals() -> int:
    """How many opens in this process could not keep access times (O_NOATIME refused) so far."""
    return _ACCESS_TIME_REFUSED[0]


def mounted_read_only(path: str) -> bool:
    """Whether ``path`` is on a file system mounted read-only: reading it cannot change any time stamp."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def open_file_object(path: str) -> BinaryIO:
    """A buffered binary file object over :func:`open_read_only`, for bindings that read through Python files."""
    return os.fdopen(open_read_only(path), "rb")


def read_at(path: str, offset: int, length: int) -> bytes:
    """Up to ``length`` bytes of ``path`` at ``offset``; none past its end (header fields may point anywhere)."""
    descriptor = open_read_only(path)
    try:
        return os.pread(descriptor, length, offset) if 0 <= offset < os.fstat(descriptor).st_size else b""
    finally:
        os.close(descriptor)
