"""Walk a logical folder (an export, a mounted share) without following links and without touching it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from heroes_desktop.evidence.entries import Entry, iso_utc
from heroes_desktop.evidence.raw_names import printable_name, raw_name_flag
from heroes_desktop.evidence.readers import open_read_only
from heroes_desktop.evidence.walk_cursor import Frame, WalkCursor


def _entry(path: str, name: str, info: os.stat_result) -> Entry:
    """``path`` is already printable; ``name`` as listed (a name that is not UTF-8: escaped, its bytes flagged)."""
    mode = info.st_mode
    kind = "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "link" if stat.S_ISLNK(mode) else "other"
    birth = getattr(info, "st_birthtime", None)
    return Entry(
        path=path, name=printable_name(name), kind=kind, size=info.st_size if kind == "file" else 0, deleted=False,
        inode=str(info.st_ino), meta_addr=info.st_ino,
        mtime=iso_utc(info.st_mtime_ns // 10**9, info.st_mtime_ns % 10**9),
        atime=iso_utc(info.st_atime_ns // 10**9, info.st_atime_ns % 10**9),
        ctime=iso_utc(info.st_ctime_ns // 10**9, info.st_ctime_ns % 10**9),
        crtime=iso_utc(birth) if birth else None, flags=raw_name_flag(name),
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


def walk_folder_batch(root: Path, cursor: WalkCursor, limit: int, problems: list[str]) -> list[Entry]:
    """The next entries under ``root`` (paths relative to it, ``/`` the root itself) from where ``cursor`` stands;
    symlinks are not followed. The cursor is advanced past them."""
    entries: list[Entry] = []
    if not cursor.started:
        entries.append(_entry("/", "", os.lstat(root)))
        cursor.started, cursor.stack = True, [Frame("", "", 0)]
    while cursor.stack and len(entries) < limit:
        frame = cursor.stack.pop()
        try:
            children = _list_without_atime(root / frame.ref if frame.ref else root)
        except OSError as error:
            problems.append(f"{frame.path or '/'}: folder unreadable: {error}")
            continue
        pushed = []
        index = frame.position
        while index < len(children) and len(entries) < limit:
            name, info = children[index]
            index += 1
            path = f"{frame.path}/{printable_name(name)}"
            if isinstance(info, OSError):
                problems.append(f"{path}: unreadable: {info}")
                continue
            entry = _entry(path, name, info)
            entries.append(entry)
            if entry.kind == "dir":
                ref = f"{frame.ref}/{name}" if frame.ref else name  # the real name, to list it
                pushed.append(Frame(ref, path, frame.depth + 1))
        cursor.stack.extend(pushed)
        if index < len(children):
            frame.position = index
            cursor.stack.append(frame)
    return entries


def walk_folder(root: Path, problems: list[str], batch: int = 50_000) -> Iterator[Entry]:
    """Every entry under ``root`` in walk order."""
    cursor = WalkCursor()
    while True:
        yield from walk_folder_batch(root, cursor, batch, problems)
        if not cursor.stack:
            return
