"""Walk a logical folder (an export, a mounted share) without following links and without touching it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from heroes_desktop.evidence.entries import Entry, iso_utc


def _entry(path: str, name: str, info: os.stat_result) -> Entry:
    mode = info.st_mode
    kind = "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "link" if stat.S_ISLNK(mode) else "other"
    birth = getattr(info, "st_birthtime", None)
    return Entry(
        path=path, name=name, kind=kind, size=info.st_size if kind == "file" else 0, deleted=False,
        inode=str(info.st_ino), meta_addr=info.st_ino,
        mtime=iso_utc(info.st_mtime_ns // 10**9, info.st_mtime_ns % 10**9),
        atime=iso_utc(info.st_atime_ns // 10**9, info.st_atime_ns % 10**9),
        ctime=iso_utc(info.st_ctime_ns // 10**9, info.st_ctime_ns % 10**9),
        crtime=iso_utc(birth) if birth else None,
    )


def walk_folder(root: Path, problems: list[str]) -> Iterator[Entry]:
    """Every entry under ``root``, paths relative to it (``/`` is the root itself); symlinks are not followed."""
    yield _entry("/", "", os.lstat(root))
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            children = sorted(os.scandir(folder), key=lambda item: item.name)
        except OSError as error:
            problems.append(f"{prefix or '/'}: folder unreadable: {error}")
            continue
        for child in children:
            path = f"{prefix}/{child.name}"
            try:
                entry = _entry(path, child.name, child.stat(follow_symlinks=False))
            except OSError as error:
                problems.append(f"{path}: unreadable: {error}")
                continue
            yield entry
            if entry.kind == "dir":
                stack.append((Path(child.path), path))
