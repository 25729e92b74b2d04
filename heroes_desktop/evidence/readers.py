"""Random-access, read-only readers over an image's logical bytes (raw, split raw, EWF, VMDK, VHD/VHDX, QCOW)."""

from __future__ import annotations

import bisect
import os
from typing import BinaryIO, Protocol

from heroes_desktop.evidence.errors import ImageReadError, UnsupportedEvidence
from heroes_desktop.evidence.read_only import open_file_object, open_read_only
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.evidence.virtual_disks import QcowReader, VhdiReader, VirtualDiskReader, VmdkReader


class ImageReader(Protocol):
    size: int

    def read(self, offset: int, length: int) -> bytes: ...

    def close(self) -> None: ...


class SegmentedRawReader:
    """One or more raw segment files seen as one contiguous image."""

    def __init__(self, paths: tuple[str, ...]) -> None:
        self._descriptors = [open_read_only(path) for path in paths]
        sizes = [os.fstat(fd).st_size for fd in self._descriptors]
        self._starts = [sum(sizes[:index]) for index in range(len(sizes))]
        self._sizes = sizes
        self.size = sum(sizes)

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        length = min(length, self.size - offset)
        parts = []
        index = bisect.bisect_right(self._starts, offset) - 1
        while length > 0 and index < len(self._descriptors):
            within = offset - self._starts[index]
            chunk = os.pread(self._descriptors[index], min(length, self._sizes[index] - within), within)
            if not chunk:
                raise ImageReadError(f"segment {index} ended early", offset)
            parts.append(chunk)
            offset, length = offset + len(chunk), length - len(chunk)
            if offset >= self._starts[index] + self._sizes[index]:
                index += 1
        return b"".join(parts)

    def close(self) -> None:
        for descriptor in self._descriptors:
            os.close(descriptor)
        self._descriptors = []


class EwfReader:
    """An EWF (E01/Ex01) set through libewf, whose stored chunk checksums are checked on read."""

    def __init__(self, paths: tuple[str, ...]) -> None:
        import pyewf

        self._handle = pyewf.handle()
        self._files: list[BinaryIO] = []  # opened here, read-only and without touching access times (libewf's own open would)
        try:
            self._files = [open_file_object(path) for path in paths]
            self._handle.open_file_objects(self._files, "r")
        except (OSError, IOError) as error:
            self._close_files()
            raise UnsupportedEvidence(f"{paths[0]}: libewf cannot open this EWF set: {error}") from error
        self.size = int(self._handle.get_media_size())

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        try:
            return bytes(self._handle.read_buffer_at_offset(min(length, self.size - offset), offset))
        except (OSError, IOError) as error:
            raise ImageReadError(f"libewf could not read at offset {offset}: {error}", offset) from error

    def metadata(self) -> dict[str, object]:
        """Acquisition metadata and the hashes stored in the EWF set."""
        return {
            "headers": dict(self._handle.get_header_values()),
            "stored_hashes": {key.lower(): value.lower() for key, value in self._handle.get_hash_values().items()},
            "bytes_per_sector": int(self._handle.get_bytes_per_sector()),
            "number_of_sectors": int(self._handle.get_number_of_sectors()),
            "chunk_size": int(self._handle.get_chunk_size()),
        }

    def close(self) -> None:
        self._handle.close()
        self._close_files()

    def _close_files(self) -> None:
        for stream in self._files:
            stream.close()
        self._files = []


def open_image(source: EvidenceSource) -> SegmentedRawReader | EwfReader | VirtualDiskReader:
    if source.format is EvidenceFormat.EWF:
        return EwfReader(source.paths)
    if source.format in (EvidenceFormat.RAW, EvidenceFormat.SPLIT_RAW):
        return SegmentedRawReader(source.paths)
    if source.format is EvidenceFormat.VMDK:
        return VmdkReader(source.paths)
    if source.format in (EvidenceFormat.VHD, EvidenceFormat.VHDX):
        return VhdiReader(source.paths, source.format.value)
    if source.format is EvidenceFormat.QCOW:
        return QcowReader(source.paths)
    raise UnsupportedEvidence(f"{source.first} is a folder, not an image")
