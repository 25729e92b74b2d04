"""File names that are not valid UTF-8 (a Linux folder may hold any bytes but ``/`` and NUL in a name).

Python lists such a name with its undecodable bytes as lone surrogates (``surrogateescape``); the case file, the
custody log and every report need valid text. The stored name shows each undecodable byte as ``\\xNN`` (the rest
of the name as it is), the raw bytes are recorded in the entry's flags as hex, and a reader finds the file again
from the stored path by listing the folder and matching names the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

RAW_NAME_FLAG = "raw_name="


def is_undecodable(name: str) -> bool:
    """Whether ``name`` (as listed by the OS) carries bytes that are not UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def printable_name(name: str) -> str:
    """``name`` as valid text: undecodable bytes as ``\\xNN``, everything else unchanged."""
    if not is_undecodable(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def raw_name_flag(name: str) -> str:
    """The flag recording a name's raw bytes (hex), or "" for a name that is valid UTF-8."""
    return f"{RAW_NAME_FLAG}{os.fsencode(name).hex()}" if is_undecodable(name) else ""


class AmbiguousName(OSError):
    """Two names in one folder read the same once escaped (a literal ``\\xff`` beside a byte 0xff)."""


def resolve_stored_path(root: Path, stored: str) -> Path:
    """The real path under ``root`` of an entry stored as ``stored`` ("/"-separated, names as
    :func:`printable_name` gives them); a name without a backslash is taken as it is, without listing."""
    path = root
    for component in stored.strip("/").split("/"):
        if not component:
            continue
        if "\\" not in component:
            path = path / component
            continue
        matches = [name for name in os.listdir(path) if printable_name(name) == component]
        if len(matches) > 1:
            raise AmbiguousName(f"{len(matches)} names in {printable_name(str(path))} read as {component!r}")
        path = path / (matches[0] if matches else component)
    return path
