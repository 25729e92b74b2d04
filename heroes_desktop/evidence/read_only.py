"""Opening evidence read-only, without changing even its access times where the OS allows it."""

from __future__ import annotations

import os
from typing import BinaryIO


def open_read_only(path: str, *, directory: bool = False) -> int:
    """An OS file descriptor opened read-only, without updating access times where the OS allows it."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (os.O_DIRECTORY if directory else 0)
    noatime = getattr(os, "O_NOATIME", 0)
    if noatime:
        try:
            return os.open(path, flags | noatime)
        except PermissionError:
            pass
    return os.open(path, flags)


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
