"""Read an entry's content in chunks, once, from an image's file system or from a folder (worker side)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytsk3

from heroes_desktop.evidence.apfs_container import ends_in_apfs
from heroes_desktop.evidence.apfs_content import iter_apfs_content
from heroes_desktop.evidence.errors import ContentReadError, first_line
from heroes_desktop.evidence.raw_names import resolve_stored_path
from heroes_desktop.evidence.readers import open_read_only
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.evidence.tsk_image import TskImage, open_tsk_file_system
from heroes_desktop.evidence.volume_stack import VolumeSpec

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ContentRef:
    """Where an entry's bytes are: a TSK address in a file system at ``fs_offset``, or a path under a folder."""

    source: EvidenceSource
    fs_offset: int | None
    path: str
    size: int
    meta_addr: int | None = None
    attr_type: int | None = None
    attr_id: int | None = None
    layers: str = "[]"  # the volume's layers (JSON), when its file system is not read straight from the image
    volume_length: int = 0
    secrets: tuple[tuple[int, str], ...] = ()  # (layer position, key) for the layers that need one

    @property
    def volume(self) -> VolumeSpec:
        return VolumeSpec(self.fs_offset or 0, self.volume_length, self.layers)


class OpenFileSystems:
    """Per-worker cache of opened images and file systems, so a batch of items opens each once."""

    def __init__(self, capacity: int = 4) -> None:
        self._capacity = capacity
        self._open: dict[tuple[Any, ...], tuple[TskImage, pytsk3.FS_Info]] = {}

    def get(self, source: EvidenceSource, spec: VolumeSpec,
            secrets: tuple[tuple[int, str], ...] = ()) -> pytsk3.FS_Info:
        key = (source.paths, spec, secrets)
        if key not in self._open:
            if len(self._open) >= self._capacity:
                _, (image, _fs) = self._open.popitem()
                image.close()
            self._open[key] = open_tsk_file_system(source, spec, dict(secrets))
        return self._open[key][1]


_CACHE = OpenFileSystems()


def iter_content(ref: ContentRef, chunk_size: int = CHUNK) -> Iterator[bytes]:
    """Yield the entry's bytes in order; raises :class:`ContentReadError` where reading stops early."""
    if ref.source.format is EvidenceFormat.FOLDER:
        try:
            path = resolve_stored_path(Path(ref.source.paths[0]), ref.path)
        except OSError as error:
            raise ContentReadError(f"cannot open: {error}", 0) from None
        yield from _folder_chunks(path, ref.size, chunk_size)
        return
    assert ref.fs_offset is not None and ref.meta_addr is not None
    if ends_in_apfs(ref.volume):  # APFS volumes: libfsapfs, not TSK
        yield from iter_apfs_content(ref.source, ref.volume, ref.secrets, ref.meta_addr, ref.attr_id, ref.size,
                                     chunk_size)
        return
    fs = _CACHE.get(ref.source, ref.volume, ref.secrets)
    try:
        handle = fs.open_meta(inode=ref.meta_addr)
    except OSError as error:
        raise ContentReadError(f"cannot open inode {ref.meta_addr}: {first_line(error)}", 0) from None
    offset = 0
    while offset < ref.size:
        length = min(chunk_size, ref.size - offset)
        try:
            if ref.attr_type is not None:
                data = handle.read_random(offset, length, ref.attr_type, ref.attr_id)
            else:
                data = handle.read_random(offset, length)
        except OSError as error:
            raise ContentReadError(f"read failed at offset {offset}: {first_line(error)}",
                                   offset) from None
        if not data:
            if offset == 0 and _has_no_runs(handle, ref):
                return  # nothing allocated (NTFS $BadClus:$Bad): no bytes to read, as icat reads none
            raise ContentReadError(f"content ends at offset {offset} of {ref.size}", offset)
        offset += len(data)
        yield data


def _has_no_runs(handle: pytsk3.File, ref: ContentRef) -> bool:
    """Whether the attribute read is non-resident with not one data run: a wholly sparse stream."""
    for attribute in handle:
        info = attribute.info
        if ref.attr_type is not None and (int(info.type), int(info.id)) != (ref.attr_type, ref.attr_id):
            continue
        if ref.attr_type is None and (int(info.type) != 128 or info.name):
            continue
        return bool(int(info.flags) & int(pytsk3.TSK_FS_ATTR_NONRES)) and not any(True for _ in attribute)
    return False


def _folder_chunks(path: Path, size: int, chunk_size: int) -> Iterator[bytes]:
    try:
        descriptor = open_read_only(str(path))
    except OSError as error:
        raise ContentReadError(f"cannot open: {error}", 0) from None
    try:
        offset = 0
        while True:
            data = os.pread(descriptor, chunk_size, offset)
            if not data:
                break
            offset += len(data)
            yield data
        if offset < size:
            raise ContentReadError(f"file shrank while read: {offset} of {size} bytes", offset)
    finally:
        os.close(descriptor)
