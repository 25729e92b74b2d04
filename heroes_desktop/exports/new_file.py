"""Write an export to a path that must not exist yet, atomically: an export is never overwritten (the rule of every
``heroes`` export; CLI.md has no ``--force``) and a reader never sees half of one.

The bytes go to a private temporary file in the destination's own folder, are flushed to the disk, and are then
linked to the destination name, which fails when anything appeared there meanwhile (a file, a link, another
export): there is no moment at which an existing file could be replaced.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from heroes_desktop.exports.errors import ExportError


def refuse_existing(out: Path) -> None:
    """Raise :class:`ExportError` when ``out`` exists (a dangling link too) or its folder does not."""
    if out.exists() or out.is_symlink():
        raise ExportError(f"{out} already exists; an export is never overwritten")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} is not a folder; nothing exported")


def publish_new(temporary: Path, out: Path) -> None:
    """Move the finished ``temporary`` to ``out`` without ever replacing a file that appeared there meanwhile."""
    try:
        os.link(temporary, out)  # fails if out exists: no race with another writer
    except FileExistsError:
        raise ExportError(f"{out} already exists; an export is never overwritten") from None
    except OSError:  # a file system without hard links (FAT, exFAT, some shares)
        if out.exists() or out.is_symlink():
            raise ExportError(f"{out} already exists; an export is never overwritten") from None
        os.replace(temporary, out)
        return
    temporary.unlink()


def write_new_file(out: Path, data: bytes) -> str:
    """Write ``data`` as the new file ``out`` (refused when it exists; nothing is left behind on failure); return
    the SHA-256 of what was written."""
    out = Path(out)
    refuse_existing(out)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as error:
        raise ExportError(f"cannot write in {out.parent}: {error.strerror or error}") from error
    temporary = Path(name)
    try:
        with open(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        publish_new(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"{out}: the export could not be written: {error.strerror or error}") from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()
