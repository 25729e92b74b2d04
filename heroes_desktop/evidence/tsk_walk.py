"""Walk a file system with The Sleuth Kit as ``fls -r -p`` does: every name, allocated or deleted, with content
read as ``icat`` reads it.

What pytsk3's directory listing leaves out is recovered here:

- a deleted NTFS name usually comes without metadata (TSK drops it because freeing an MFT record increments its
  sequence number); the record is opened by address and kept when its sequence number shows it was only freed, so
  the deleted file keeps its size, times, data runs and alternate data streams;
- a deleted name whose metadata entry now belongs to another file (allocated again, or freed again after a reuse)
  is listed with ``realloc`` and no content of its own, so the other file's bytes are never attributed to it;
- deleted folders are opened by address and walked like live ones; NTFS named ``$DATA`` streams of files and
  folders, live or deleted, are entries of their own, and so is an HFS+ file's resource fork (``FILE:rsrc``).

The walk is resumable: :func:`walk_batch` lists up to a number of entries and leaves a :class:`WalkCursor` saying
where to go on, so a file system of millions of entries travels to the writer in bounded batches.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytsk3

from heroes_desktop.evidence.entries import Entry, iso_utc
from heroes_desktop.evidence.errors import first_line
from heroes_desktop.evidence.walk_cursor import Frame, WalkCursor, walk_depth_first

MAX_DEPTH = 256

_KINDS = {
    int(pytsk3.TSK_FS_NAME_TYPE_REG): "file",
    int(pytsk3.TSK_FS_NAME_TYPE_DIR): "dir",
    int(pytsk3.TSK_FS_NAME_TYPE_LNK): "link",
    int(pytsk3.TSK_FS_NAME_TYPE_VIRT): "virtual",
    int(pytsk3.TSK_FS_NAME_TYPE_VIRT_DIR): "dir",
}
_META_KINDS = {
    int(pytsk3.TSK_FS_META_TYPE_REG): "file",
    int(pytsk3.TSK_FS_META_TYPE_DIR): "dir",
    int(pytsk3.TSK_FS_META_TYPE_LNK): "link",
    int(pytsk3.TSK_FS_META_TYPE_VIRT): "virtual",
    int(pytsk3.TSK_FS_META_TYPE_VIRT_DIR): "dir",
}
_DIR_META = (int(pytsk3.TSK_FS_META_TYPE_DIR), int(pytsk3.TSK_FS_META_TYPE_VIRT_DIR))
_NTFS_DATA = int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_DATA)
_HFS_RSRC = int(pytsk3.TSK_FS_ATTR_TYPE_HFS_RSRC)
_NAME_UNALLOC = int(pytsk3.TSK_FS_NAME_FLAG_UNALLOC)
_META_ALLOC = int(pytsk3.TSK_FS_META_FLAG_ALLOC)
_META_UNALLOC = int(pytsk3.TSK_FS_META_FLAG_UNALLOC)
_HAVE_SEQ = int(pytsk3.TSK_FS_INFO_FLAG_HAVE_SEQ)


def _decode(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def sequence_follows(name_seq: int, meta_seq: int) -> bool:
    """Whether an MFT record with sequence ``meta_seq`` is still the one a name with ``name_seq`` pointed to: the
    same, or one more (freeing a record increments its sequence number, skipping 0)."""
    following = (name_seq + 1) & 0xFFFF or 1
    return meta_seq in (name_seq, following)


class TskWalker:
    """Lists one file system's entries in a fixed depth-first order, resumably."""

    def __init__(self, fs: pytsk3.FS_Info, problems: list[str]) -> None:
        self.fs = fs
        self.problems = problems
        self.has_sequence = bool(int(fs.info.flags) & _HAVE_SEQ)
        self.is_ntfs = int(fs.info.ftype) == int(pytsk3.TSK_FS_TYPE_NTFS) or "NTFS" in str(fs.info.ftype)
        self.is_hfs = int(fs.info.ftype) == int(pytsk3.TSK_FS_TYPE_HFS)

    # -------------------------------------------------------------------------------------------- the walk

    def walk(self, cursor: WalkCursor, limit: int) -> list[Entry]:
        """Up to about ``limit`` entries from where ``cursor`` stands; the cursor is moved past them (a child's
        streams always travel with it, so a batch may end a few entries past the limit)."""
        root_address = int(self.fs.info.root_inum)
        return walk_depth_first(cursor, limit, root_address, lambda: [self._root_entry(root_address)], self._list)

    def _root_entry(self, address: int) -> Entry:
        meta_file = self.fs.open_meta(inode=address)
        entry = Entry(path="/", name="", kind="dir", size=0, deleted=False, inode=str(address), meta_addr=address)
        self._set_times(entry, meta_file.info.meta)
        return entry

    def _list(self, frame: Frame, entries: list[Entry], pushed: list[Frame], cursor: WalkCursor,
              limit: int) -> int | None:
        """Entries of one directory from ``frame.position`` on; the position to resume at, or None when done."""
        try:
            directory = self.fs.open_dir(inode=int(frame.ref))
        except OSError as error:
            self.problems.append(f"{frame.path or '/'}: cannot open directory: {first_line(error)}")
            return None
        index = -1
        try:
            for index, child in enumerate(directory):
                if index < frame.position:
                    continue
                if len(entries) >= limit:
                    return index
                self._child(child, frame, entries, pushed, cursor)
        except OSError as error:
            self.problems.append(f"{frame.path or '/'}: directory unreadable after entry {index}: "
                                 f"{first_line(error)}")
        return None

    def _child(self, child: pytsk3.File, frame: Frame, entries: list[Entry], pushed: list[Frame],
               cursor: WalkCursor) -> None:
        name_info = child.info.name
        if name_info is None:
            return
        name = _decode(name_info.name)
        if name in (".", ".."):
            return
        path = f"{frame.path}/{name}"
        try:
            meta_file, realloc = self._metadata(child)
            entry = self._entry(name_info, meta_file, realloc, path, name)
        except (OSError, AttributeError) as error:
            self.problems.append(f"{path}: entry unreadable: {first_line(error)}")
            return
        if meta_file is None or realloc:
            entries.append(entry)
            return
        if self.is_ntfs and entry.kind in ("file", "dir"):
            try:
                unnamed, named, streams = self._streams(meta_file, entry)
            except OSError as error:
                self.problems.append(f"{path}: streams unreadable: {first_line(error)}")
                unnamed, named, streams = True, True, []
            if unnamed or entry.kind == "dir" or not named:  # like fls: a file of named streams only is
                entries.append(entry)                           # listed as those streams
            entries.extend(streams)
        else:
            entries.append(entry)
        if self.is_hfs and entry.kind == "file":
            try:
                entries.extend(self._resource_fork(meta_file, entry))
            except OSError as error:
                self.problems.append(f"{path}: resource fork unreadable: {first_line(error)}")
        meta = meta_file.info.meta
        address = entry.meta_addr
        if (entry.kind == "dir" and meta is not None and int(meta.type) in _DIR_META and address is not None
                and address not in cursor.visited):
            if frame.depth + 1 > MAX_DEPTH:
                self.problems.append(f"{path}: deeper than {MAX_DEPTH} folders: not walked")
                return
            cursor.visited.add(address)
            pushed.append(Frame(address, path, frame.depth + 1))

    # ------------------------------------------------------------------------------------------- metadata

    def _metadata(self, child: pytsk3.File) -> tuple[pytsk3.File | None, bool]:
        """The file holding the name's metadata (opened by address when the listing left it out), and whether that
        metadata now belongs to another file."""
        name_info = child.info.name
        meta_file: pytsk3.File | None = child if child.info.meta is not None else None
        if meta_file is None:
            address = int(name_info.meta_addr)
            if address == 0 and not self.is_ntfs:  # no inode: a name that kept nothing else
                return None, False
            try:
                meta_file = self.fs.open_meta(inode=address)
            except OSError:
                return None, False
            if meta_file.info.meta is None:
                return None, False
        meta = meta_file.info.meta
        if not int(name_info.flags) & _NAME_UNALLOC:
            return meta_file, False
        if int(meta.flags) & _META_ALLOC:
            return meta_file, True  # the entry was given to another file (TSK's "realloc")
        if self.has_sequence and not sequence_follows(int(name_info.meta_seq), int(meta.seq)):
            return meta_file, True  # freed, reused and freed again since this name pointed to it
        return meta_file, False

    def _entry(self, name_info: pytsk3.TSK_FS_NAME, meta_file: pytsk3.File | None, realloc: bool, path: str,
               name: str) -> Entry:
        meta = meta_file.info.meta if meta_file is not None else None
        kind = _KINDS.get(int(name_info.type), "other")
        if kind == "other" and meta is not None:
            kind = _META_KINDS.get(int(meta.type), "other")
        name_flags = int(name_info.flags)
        deleted = bool(name_flags & _NAME_UNALLOC)
        address = int(meta.addr) if meta is not None else int(name_info.meta_addr)
        flags = f"name={name_flags}"
        if meta is not None and not realloc:
            deleted = deleted or bool(int(meta.flags) & _META_UNALLOC)
            flags += f",meta={int(meta.flags)}"
        entry = Entry(path=path, name=name, kind=kind, size=0, deleted=deleted, inode=str(address),
                      meta_addr=address, flags=flags + (",realloc" if realloc else ""), realloc=realloc)
        if meta is not None and not realloc:
            entry.size = max(int(meta.size), 0)
            self._set_times(entry, meta)
        return entry

    @staticmethod
    def _set_times(entry: Entry, meta: pytsk3.TSK_FS_META | None) -> None:
        if meta is None:
            return
        entry.mtime = iso_utc(meta.mtime, getattr(meta, "mtime_nano", 0))
        entry.atime = iso_utc(meta.atime, getattr(meta, "atime_nano", 0))
        entry.ctime = iso_utc(meta.ctime, getattr(meta, "ctime_nano", 0))
        entry.crtime = iso_utc(meta.crtime, getattr(meta, "crtime_nano", 0))

    @staticmethod
    def _streams(meta_file: pytsk3.File, entry: Entry) -> tuple[bool, bool, list[Entry]]:
        """Whether the file has an unnamed ``$DATA`` attribute, whether it has named ones, and those (alternate
        data streams) as entries of their own (``FILE:STREAM``). A file of named indexes only (``$ObjId``) keeps
        its own entry: fls prints it as ``$ObjId:$O``, an index, not content."""
        unnamed, named, streams = False, False, []
        for attribute in meta_file:
            attribute_info = attribute.info
            if int(attribute_info.type) != _NTFS_DATA:
                continue
            stream = _decode(attribute_info.name) if attribute_info.name else ""
            if stream in ("", "$Data"):
                unnamed = True
                continue
            named = True
            streams.append(Entry(
                path=f"{entry.path}:{stream}", name=f"{entry.name}:{stream}", kind="stream",
                size=int(attribute_info.size), deleted=entry.deleted,
                inode=f"{entry.meta_addr}-{int(attribute_info.type)}-{int(attribute_info.id)}",
                meta_addr=entry.meta_addr, attr_type=int(attribute_info.type), attr_id=int(attribute_info.id),
                mtime=entry.mtime, atime=entry.atime, ctime=entry.ctime, crtime=entry.crtime, flags=entry.flags,
            ))
        return unnamed, named, streams

    @staticmethod
    def _resource_fork(meta_file: pytsk3.File, entry: Entry) -> Iterator[Entry]:
        """An HFS+ file's resource fork, when it holds anything, as the entry ``FILE:rsrc``."""
        for attribute in meta_file:
            attribute_info = attribute.info
            if int(attribute_info.type) != _HFS_RSRC or int(attribute_info.size) <= 0:
                continue
            yield Entry(
                path=f"{entry.path}:rsrc", name=f"{entry.name}:rsrc", kind="stream",
                size=int(attribute_info.size), deleted=entry.deleted,
                inode=f"{entry.meta_addr}-{_HFS_RSRC}-{int(attribute_info.id)}",
                meta_addr=entry.meta_addr, attr_type=_HFS_RSRC, attr_id=int(attribute_info.id),
                mtime=entry.mtime, atime=entry.atime, ctime=entry.ctime, crtime=entry.crtime, flags=entry.flags,
            )


def walk_batch(fs: pytsk3.FS_Info, cursor: WalkCursor, limit: int, problems: list[str]) -> list[Entry]:
    """The next entries of a walk (at most about ``limit``); ``cursor`` is advanced and empty once it is done."""
    return TskWalker(fs, problems).walk(cursor, limit)


def walk_file_system(fs: pytsk3.FS_Info, problems: list[str], batch: int = 50_000) -> Iterator[Entry]:
    """Every entry of a file system in walk order (the whole walk, batch after batch)."""
    walker, cursor = TskWalker(fs, problems), WalkCursor()
    while True:
        yield from walker.walk(cursor, batch)
        if not cursor.stack:
            return
