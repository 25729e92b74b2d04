"""Walk an APFS volume with libfsapfs, giving the same entries, in resumable batches, as the TSK walk gives.

TSK has no APFS pool support in Python, so an APFS volume (the ``apfs`` layer) is listed here: every name depth
first in the volume's own directory order, identifiers as inodes, times in UTC with nanoseconds, and each extended
attribute (the resource fork is ``com.apple.ResourceFork``) as a ``kind="stream"`` entry ``FILE:NAME`` that travels
with its file. A live APFS volume has no deleted names to list. The cursor is a :class:`WalkCursor` whose frames
hold directory identifiers, with the semantics of :func:`heroes_desktop.evidence.tsk_walk.walk_batch`.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from typing import Any

from heroes_desktop.evidence.entries import Entry, iso_utc
from heroes_desktop.evidence.errors import first_line
from heroes_desktop.evidence.tsk_walk import MAX_DEPTH
from heroes_desktop.evidence.walk_cursor import Frame, WalkCursor, walk_depth_first

ROOT_IDENTIFIER = 2  # APFS's root directory
# attributes that are part of the file itself, not streams: a symbolic link's target, compressed data's header
INTERNAL_ATTRIBUTES = frozenset({"com.apple.fs.symlink", "com.apple.decmpfs"})


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "link"
    return "other"


def _iso_ns(nanoseconds: int | None) -> str | None:
    if not nanoseconds:
        return None
    seconds, fraction = divmod(int(nanoseconds), 1_000_000_000)
    return iso_utc(seconds, fraction)


class ApfsWalker:
    """Lists one APFS volume's entries in a fixed depth-first order, resumably."""

    def __init__(self, volume: Any, problems: list[str]) -> None:
        self.volume = volume
        self.problems = problems

    def walk(self, cursor: WalkCursor, limit: int) -> list[Entry]:
        """Up to about ``limit`` entries from where ``cursor`` stands; the cursor is moved past them (a file's
        streams always travel with it, so a batch may end a few entries past the limit)."""
        def root_entries() -> list[Entry]:
            root = self.volume.get_file_entry_by_identifier(ROOT_IDENTIFIER)
            entry = self._entry(root, "/", "")
            return [entry, *self._streams(root, entry)]

        return walk_depth_first(cursor, limit, ROOT_IDENTIFIER, root_entries, self._list)

    def _list(self, frame: Frame, entries: list[Entry], pushed: list[Frame], cursor: WalkCursor,
              limit: int) -> int | None:
        """Entries of one directory from ``frame.position`` on; the position to resume at, or None when done."""
        try:
            directory = self.volume.get_file_entry_by_identifier(int(frame.ref))
            count = int(directory.number_of_sub_file_entries)
        except OSError as error:
            self.problems.append(f"{frame.path or '/'}: cannot open directory: {first_line(error)}")
            return None
        for index in range(frame.position, count):
            if len(entries) >= limit:
                return index
            try:
                child = directory.get_sub_file_entry(index)
            except OSError as error:
                self.problems.append(f"{frame.path or '/'}: entry {index} unreadable: {first_line(error)}")
                continue
            self._child(child, frame, entries, pushed, cursor)
        return None

    def _child(self, child: Any, frame: Frame, entries: list[Entry], pushed: list[Frame],
               cursor: WalkCursor) -> None:
        name = child.name or ""
        path = f"{frame.path}/{name}"
        try:
            entry = self._entry(child, path, name)
        except OSError as error:
            self.problems.append(f"{path}: entry unreadable: {first_line(error)}")
            return
        entries.append(entry)
        try:
            entries.extend(self._streams(child, entry))
        except OSError as error:
            self.problems.append(f"{path}: extended attributes unreadable: {first_line(error)}")
        address = entry.meta_addr
        if entry.kind == "dir" and address is not None and address not in cursor.visited:
            if frame.depth + 1 > MAX_DEPTH:
                self.problems.append(f"{path}: deeper than {MAX_DEPTH} folders: not walked")
                return
            cursor.visited.add(address)
            pushed.append(Frame(address, path, frame.depth + 1))

    @staticmethod
    def _entry(file_entry: Any, path: str, name: str) -> Entry:
        identifier = int(file_entry.identifier)
        kind = _kind(int(file_entry.file_mode))
        return Entry(
            path=path, name=name, kind=kind, size=int(file_entry.size or 0) if kind != "dir" else 0,
            deleted=False, inode=str(identifier), meta_addr=identifier,
            mtime=_iso_ns(file_entry.get_modification_time_as_integer()),
            atime=_iso_ns(file_entry.get_access_time_as_integer()),
            ctime=_iso_ns(file_entry.get_inode_change_time_as_integer()),
            crtime=_iso_ns(file_entry.get_creation_time_as_integer()),
            flags=f"mode={int(file_entry.file_mode):o}",
        )

    @staticmethod
    def _streams(file_entry: Any, entry: Entry) -> Iterator[Entry]:
        """Extended attributes as entries (``FILE:NAME``); ``attr_id`` is the attribute's position in the file's
        list, which the content reader opens again."""
        for index in range(int(file_entry.number_of_extended_attributes)):
            attribute = file_entry.get_extended_attribute(index)
            name = attribute.name or ""
            if name in INTERNAL_ATTRIBUTES:
                continue
            yield Entry(
                path=f"{entry.path}:{name}", name=f"{entry.name}:{name}", kind="stream",
                size=int(attribute.size or 0), deleted=False, inode=f"{entry.meta_addr}-xattr-{index}",
                meta_addr=entry.meta_addr, attr_id=index,
                mtime=entry.mtime, atime=entry.atime, ctime=entry.ctime, crtime=entry.crtime, flags=entry.flags,
            )


def walk_apfs_batch(volume: Any, cursor: WalkCursor, limit: int, problems: list[str]) -> list[Entry]:
    """The next entries of an APFS volume's walk (at most about ``limit``); ``cursor`` is advanced and its stack
    empty once the walk is done."""
    return ApfsWalker(volume, problems).walk(cursor, limit)
