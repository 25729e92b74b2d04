"""What a path given on the command line or in a dialog really is, in words, before anything opens it.

Opening a named pipe blocks until someone writes to it, a device is no file to parse, a symbolic link may loop: a
hostile or mistaken path must be told apart from a missing one and refused in one line, never waited on."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_PATH_CHARACTERS = 4096  # Linux's PATH_MAX; a component may have 255 bytes
MAX_NAME_BYTES = 255


# What stat(2) says a path is, in words; errno values as words (ELOOP, ENAMETOOLONG, ENOTDIR: part of it a file)
_KINDS = {stat.S_IFREG: "file", stat.S_IFDIR: "folder", stat.S_IFIFO: "a named pipe (FIFO)",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
_ERRORS = {errno.ELOOP: "a symbolic link that loops", errno.ENAMETOOLONG: "a path too long for the system",
           errno.ENOTDIR: "missing"}


def kind_of(path: str | os.PathLike) -> str:
    """``"file"``, ``"folder"``, ``"missing"``, or what else it is in words ("a named pipe (FIFO)", ...)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if os.path.islink(path) else "missing"
    except OSError as error:
        if error.errno in _ERRORS:
            return _ERRORS[error.errno]
        raise
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def shortened(text: str, keep: int = 120) -> str:
    """A path fit for a one-line message: its start and its end around an ellipsis when longer than ``keep``."""
    return text if len(text) <= keep else f"{text[:keep * 2 // 3]}…{text[-(keep // 3):]} ({len(text):,} characters)"


def length_problem(text: str) -> str | None:
    """Why ``text`` cannot be a path on this system (empty, too long, a name too long), or None."""
    if text == "":
        return "an empty path"
    if len(text) > MAX_PATH_CHARACTERS:
        return f"a path of {len(text):,} characters (at most {MAX_PATH_CHARACTERS:,})"
    longest = max((len(part.encode("utf-8", "surrogateescape")) for part in Path(text).parts), default=0)
    if longest > MAX_NAME_BYTES:
        return f"a path with a name of {longest:,} bytes (at most {MAX_NAME_BYTES})"
    return None


__all__ = ["kind_of", "length_problem", "shortened"]
