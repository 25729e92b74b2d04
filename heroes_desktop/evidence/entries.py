"""A file-system entry as the walk reports it: plain, picklable, the same for images, folders and containers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any


@dataclass
class Entry:
    path: str  # full path inside its file system, "/"-separated, starting with "/"; streams as "FILE:STREAM"
    name: str
    kind: str  # "file", "dir", "link", "virtual", "stream", "other"
    size: int
    deleted: bool
    inode: str | None = None  # TSK address string: "37", or "32-128-3" for an NTFS stream
    meta_addr: int | None = None
    attr_type: int | None = None
    attr_id: int | None = None
    mtime: str | None = None
    atime: str | None = None
    ctime: str | None = None
    crtime: str | None = None
    flags: str = ""
    realloc: bool = False  # a deleted name whose metadata entry now belongs to another file: no content of its own

    @property
    def has_content(self) -> bool:
        return self.kind in ("file", "virtual", "stream") and self.size > 0 and not self.realloc

    def as_row(self) -> dict[str, Any]:
        return dict(self.__dict__)  # every field is a plain value: no need for asdict's deep copy


@functools.lru_cache(maxsize=65536)  # the files of a folder often share their times
def iso_utc(seconds: int | float | None, nanoseconds: int = 0) -> str | None:
    """POSIX seconds (+ nanoseconds) as ISO 8601 UTC; None for an unset (0) or impossible time."""
    if not seconds:
        return None
    try:
        moment = datetime.fromtimestamp(int(seconds), tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    fraction = f".{int(nanoseconds):09d}".rstrip("0").rstrip(".") if nanoseconds else ""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:" \
           f"{moment.second:02d}{fraction}Z"
