"""Walk a logical folder (an export, a mounted share) without following links and without touching it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from heroes_desktop.evidence.entries import Entry, iso_utc
from heroes_desktop.evidence.readers import open_read_only


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


def _list_without_atime(folder: Path) -> list[tuple[str, os.stat_result | OSError]]:
    """Names and lstat results of a folder's children, listed through a descriptor opened with O_NOATIME so that
    listing it leaves its access time alone."""
    descriptor = open_read_only(str(folder), directory=True)
    children: list[tuple[str, os.stat_result | OSError]] = []
    try:
        with os.scandir(descriptor) as entries:
            for entry in entries:
                try:
                    children.append((entry.name, entry.stat(follow_symlinks=False)))
                except OSError as error:
                    children.append((entry.name, error))
    finally:
        os.close(descriptor)
    return sorted(children, key=lambda child: child[0])


def walk_folder(root: Path, problems: list[str]) -> Iterator[Entry]:
    """Every entry under ``root``, paths relative to it (``/`` is the root itself); symlinks are not followed."""
    yield _entry("/", "", os.lstat(root))
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            children = _list_without_atime(folder)
        except OSError as error:
            problems.append(f"{prefix or '/'}: folder unreadable: {error}")
            continue
        for name, info in children:
            path = f"{prefix}/{name}"
            if isinstance(info, OSError):
                problems.append(f"{path}: unreadable: {info}")
                continue
            entry = _entry(path, name, info)
            yield entry
            if entry.kind == "dir":
                stack.append((folder / name, path))
