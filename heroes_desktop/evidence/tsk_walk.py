"""Walk a file system with The Sleuth Kit: every entry, allocated or deleted, with NTFS alternate data streams."""

from __future__ import annotations

from collections.abc import Iterator

import pytsk3

from heroes_desktop.evidence.entries import Entry, iso_utc

MAX_DEPTH = 256

_KINDS = {
    int(pytsk3.TSK_FS_NAME_TYPE_REG): "file",
    int(pytsk3.TSK_FS_NAME_TYPE_DIR): "dir",
    int(pytsk3.TSK_FS_NAME_TYPE_LNK): "link",
    int(pytsk3.TSK_FS_NAME_TYPE_VIRT): "virtual",
    int(pytsk3.TSK_FS_NAME_TYPE_VIRT_DIR): "dir",
}
_NTFS_DATA = int(pytsk3.TSK_FS_ATTR_TYPE_NTFS_DATA)


def _decode(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _entry(directory_entry: pytsk3.File, path: str, name: str) -> Entry:
    info = directory_entry.info
    meta = info.meta
    name_info = info.name
    kind = _KINDS.get(int(name_info.type), "other") if name_info is not None else "other"
    if meta is not None and kind == "other":
        meta_type = int(meta.type)
        kind = {int(pytsk3.TSK_FS_META_TYPE_REG): "file", int(pytsk3.TSK_FS_META_TYPE_DIR): "dir",
                int(pytsk3.TSK_FS_META_TYPE_LNK): "link", int(pytsk3.TSK_FS_META_TYPE_VIRT): "virtual"}.get(
            meta_type, "other")
    name_flags = int(name_info.flags) if name_info is not None else 0
    deleted = bool(name_flags & int(pytsk3.TSK_FS_NAME_FLAG_UNALLOC))
    if meta is not None and int(meta.flags) & int(pytsk3.TSK_FS_META_FLAG_UNALLOC):
        deleted = True
    meta_addr = int(meta.addr) if meta is not None else int(name_info.meta_addr)
    entry = Entry(path=path, name=name, kind=kind, size=int(meta.size) if meta is not None else 0, deleted=deleted,
                  inode=str(meta_addr), meta_addr=meta_addr, flags=f"name={name_flags}")
    if meta is not None:
        entry.mtime = iso_utc(meta.mtime, getattr(meta, "mtime_nano", 0))
        entry.atime = iso_utc(meta.atime, getattr(meta, "atime_nano", 0))
        entry.ctime = iso_utc(meta.ctime, getattr(meta, "ctime_nano", 0))
        entry.crtime = iso_utc(meta.crtime, getattr(meta, "crtime_nano", 0))
        entry.flags += f",meta={int(meta.flags)}"
    return entry


def _streams(directory_entry: pytsk3.File, entry: Entry) -> Iterator[Entry]:
    """NTFS alternate data streams of a file, as entries of their own (``FILE:STREAM``)."""
    for attribute in directory_entry:
        attribute_info = attribute.info
        if int(attribute_info.type) != _NTFS_DATA or not attribute_info.name:
            continue
        stream = _decode(attribute_info.name)
        if stream in ("", "$Data"):
            continue
        yield Entry(
            path=f"{entry.path}:{stream}", name=f"{entry.name}:{stream}", kind="stream",
            size=int(attribute_info.size), deleted=entry.deleted,
            inode=f"{entry.meta_addr}-{int(attribute_info.type)}-{int(attribute_info.id)}",
            meta_addr=entry.meta_addr, attr_type=int(attribute_info.type), attr_id=int(attribute_info.id),
            mtime=entry.mtime, atime=entry.atime, ctime=entry.ctime, crtime=entry.crtime, flags=entry.flags,
        )


def walk_file_system(fs: pytsk3.FS_Info, problems: list[str]) -> Iterator[Entry]:
    """Depth-first walk from the root; directories already seen (by address) are not entered again."""
    root = fs.open_dir(path="/")
    root_meta = fs.open_meta(inode=fs.info.root_inum)
    root_entry = _entry(root_meta, "/", "")
    root_entry.kind = "dir"
    yield root_entry
    is_ntfs = "NTFS" in str(fs.info.ftype) or int(fs.info.ftype) == int(pytsk3.TSK_FS_TYPE_NTFS)
    visited = {int(fs.info.root_inum)}
    stack: list[tuple[pytsk3.Directory, str, int]] = [(root, "", 0)]
    while stack:
        directory, prefix, depth = stack.pop()
        try:
            children = list(directory)
        except OSError as error:
            problems.append(f"{prefix or '/'}: directory unreadable: {str(error).splitlines()[0][:200]}")
            continue
        for child in children:
            name = _decode(child.info.name.name)
            if name in (".", ".."):
                continue
            path = f"{prefix}/{name}"
            try:
                entry = _entry(child, path, name)
            except (OSError, AttributeError) as error:
                problems.append(f"{path}: entry unreadable: {error}")
                continue
            yield entry
            if is_ntfs and entry.kind == "file" and not entry.deleted:
                try:
                    yield from _streams(child, entry)
                except OSError as error:
                    problems.append(f"{path}: streams unreadable: {error}")
            if entry.kind == "dir" and entry.meta_addr not in visited and depth < MAX_DEPTH:
                visited.add(entry.meta_addr)  # type: ignore[arg-type]
                try:
                    stack.append((child.as_directory(), path, depth + 1))
                except OSError as error:
                    problems.append(f"{path}: cannot open directory: {str(error).splitlines()[0][:200]}")
