"""Virtual disks (VMDK, VHD, VHDX, QCOW) read through the libyal bindings, read-only, with their parent chains.

Each binding reads through Python file objects opened here read-only (never a path it opens itself), and each chain
found by ``identify`` is checked again here against what the binding reads from the files (identifiers, names).
Where an installed libyal version misreads a layout silently, the read is corrected (``qcow_clusters``,
``vhdx_blocks``); nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from heroes_desktop.evidence.errors import ImageReadError, UnsupportedEvidence
from heroes_desktop.evidence.qcow_clusters import CompressedClusterFix, QcowLayer
from heroes_desktop.evidence.read_only import open_file_object
from heroes_desktop.evidence.vhdx_blocks import VhdxBlockMap
from heroes_desktop.evidence.virtual_layout import resolve_beside


def _first_sentence(error: BaseException) -> str:
    """libyal errors chain every layer's message in one line; the first two say what failed."""
    return " ".join(str(error).split(". ")[:2])[:300]


class VirtualDiskReader:
    """Common part of the libyal readers: read-only file objects, bounded reads, errors with their offset."""

    container_format = "virtual disk"

    def __init__(self, paths: tuple[str, ...]) -> None:
        self.paths = paths
        self.size = 0
        self._files: list[BinaryIO] = []
        self._handles: list[Any] = []
        self._top: Any = None

    def _file(self, path: str | Path) -> BinaryIO:
        stream = open_file_object(str(path))
        self._files.append(stream)
        return stream

    @contextmanager
    def _refusing(self, path: str | Path, what: str) -> Iterator[None]:
        """A binding's failure while opening becomes a clear refusal; the files opened so far are closed."""
        try:
            yield
        except (OSError, ValueError) as error:
            self.close()
            raise UnsupportedEvidence(f"{path}: {what}: {_first_sentence(error)}") from error

    def _opened(self, handle: Any, path: str) -> Any:
        """``handle`` (a libyal file or handle object) opened on ``path`` read-only."""
        with self._refusing(path, f"{self.container_format} cannot be opened"):
            handle.open_file_object(self._file(path), "r")
        self._handles.append(handle)
        return handle

    def _fail(self, message: str) -> UnsupportedEvidence:
        self.close()
        return UnsupportedEvidence(message)

    def _raw_read(self, offset: int, length: int) -> bytes:
        return bytes(self._top.read_buffer_at_offset(length, offset))

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        length = min(length, self.size - offset)
        try:
            data = self._raw_read(offset, length)
        except (OSError, ValueError) as error:
            raise ImageReadError(f"{self.container_format}: could not read at offset {offset}: "
                                 f"{_first_sentence(error)}", offset) from error
        if len(data) != length:
            raise ImageReadError(f"{self.container_format}: {len(data)} of {length} bytes at offset {offset}",
                                 offset)
        return data

    def metadata(self) -> dict[str, Any]:
        return {"container_format": self.container_format}

    def close(self) -> None:
        for handle in reversed(self._handles):
            try:
                handle.close()
            except (OSError, ValueError):
                pass
        for stream in self._files:
            stream.close()
        self._handles, self._files = [], []


_VMDK_FORMATS = {1: "vmdk split flat", 2: "vmdk split sparse", 6: "vmdk flat", 7: "vmdk sparse",
                 8: "vmdk stream-optimized", 9: "vmdk vmfs flat", 15: "vmdk vmfs sparse", 16: "vmdk vmfs sparse"}
_VMDK_EXTENT_TYPES = {1: "flat", 2: "sparse", 3: "vmfs flat", 4: "vmfs sparse", 5: "vmfs raw", 6: "vmfs rdm"}
_VMDK_ZERO_EXTENT = 7


@dataclass
class _VmdkLayer:
    path: Path
    handle: Any
    extents: list[dict[str, Any]]

    @property
    def container_format(self) -> str:
        return _VMDK_FORMATS.get(self.handle.get_disk_type(), "vmdk")

    def describe(self) -> dict[str, Any]:
        return {"path": str(self.path), "container_format": self.container_format,
                "content_identifier": f"{self.handle.get_content_identifier():08x}", "extents": self.extents}


class VmdkReader(VirtualDiskReader):
    """A VMDK (sparse, split, stream-optimized, flat) through libvmdk; a snapshot reads through its parents."""

    container_format = "vmdk"

    def __init__(self, paths: tuple[str, ...]) -> None:
        import pyvmdk

        super().__init__(paths)
        members, path = {Path(p) for p in paths}, Path(paths[0])
        self._layers: list[_VmdkLayer] = []
        for _ in paths:
            self._layers.append(self._layer(self._opened(pyvmdk.handle(), str(path)), path, members))
            parent_name = self._layers[-1].handle.get_parent_filename()
            if not parent_name:
                break
            parent = resolve_beside(path, parent_name)
            if parent not in members:
                raise self._fail(f"{path}: its parent {parent_name} is not among the evidence files")
            path = parent
        else:
            raise self._fail(f"{paths[0]}: its parent chain is longer than its files (it loops)")
        for child, parent_layer in reversed(list(zip(self._layers, self._layers[1:]))):
            expected = child.handle.get_parent_content_identifier()
            actual = parent_layer.handle.get_content_identifier()
            if expected != actual:
                raise self._fail(f"{child.path}: parent {parent_layer.path.name} has content ID {actual:08x}, the "
                                 f"child expects {expected:08x} (the parent changed after the snapshot)")
            with self._refusing(child.path, "libvmdk cannot attach its parent"):
                child.handle.set_parent(parent_layer.handle)
        self._top = self._layers[0].handle
        self.container_format = self._layers[0].container_format
        self.size = int(self._top.get_media_size())

    def _layer(self, handle: Any, path: Path, members: set[Path]) -> _VmdkLayer:
        """One descriptor's handle with its extent files opened (they must be among the evidence files)."""
        extents = []
        with self._refusing(path, "libvmdk cannot read its extent descriptors"):
            descriptors = [handle.get_extent_descriptor(i) for i in range(handle.get_number_of_extents())]
        for extent in descriptors:
            if extent.get_type() == _VMDK_ZERO_EXTENT:
                raise self._fail(f"{path}: ZERO extents are not supported by libvmdk")
            found = resolve_beside(path, extent.get_filename())
            if found not in members:
                raise self._fail(f"{path}: its extent {extent.get_filename()} is not among the evidence files")
            extents.append({"path": str(found), "type": _VMDK_EXTENT_TYPES.get(extent.get_type(), "other"),
                            "size": int(extent.get_size())})
        with self._refusing(path, "libvmdk cannot open its extents"):
            handle.open_extent_data_files_as_file_objects([self._file(extent["path"]) for extent in extents])
        return _VmdkLayer(path, handle, extents)

    def metadata(self) -> dict[str, Any]:
        top = self._layers[0].describe()
        return {"container_format": top["container_format"], "extents": top["extents"],
                "content_identifier": top["content_identifier"],
                "parents": [layer.describe() for layer in self._layers[1:]]}


_VHD_TYPES = {2: "fixed", 3: "dynamic", 4: "differencing"}


class VhdiReader(VirtualDiskReader):
    """A VHD or VHDX (fixed, dynamic, differencing) through libvhdi; a differencing disk reads through its parents.

    ``kind`` is "vhd" or "vhdx" (libvhdi reports version 1.0 for both).
    """

    def __init__(self, paths: tuple[str, ...], kind: str) -> None:
        import pyvhdi

        super().__init__(paths)
        self._kind = self.container_format = kind
        chain = [self._opened(pyvhdi.file(), path) for path in paths]
        for index in reversed(range(len(chain) - 1)):
            child, parent = chain[index], chain[index + 1]
            expected, actual = child.get_parent_identifier(), parent.get_identifier()
            if expected is None or expected != actual:
                raise self._fail(f"{paths[index]}: {Path(paths[index + 1]).name} is not its parent "
                                 f"(identifier {actual}, the child expects {expected})")
            with self._refusing(paths[index], "libvhdi cannot attach its parent"):
                child.set_parent(parent)
        if chain[-1].get_parent_identifier() is not None:
            raise self._fail(f"{paths[-1]}: a differencing disk whose parent {chain[-1].get_parent_filename()} "
                             "is not among the evidence files")
        try:
            self._blocks = [VhdxBlockMap.read(stream.fileno(), path) if kind == "vhdx" else None
                            for stream, path in zip(self._files, paths)]
        except UnsupportedEvidence:
            self.close()
            raise
        self._chain, self._top = chain, chain[0]
        self.container_format = self._format_of(chain[0])
        self.size = int(self._top.get_media_size())

    def _raw_read(self, offset: int, length: int) -> bytes:
        return self._layer_read(0, offset, length)

    def _layer_read(self, level: int, offset: int, length: int) -> bytes:
        """Layer ``level`` as libvhdi reads it, with the VHDX blocks it misreads (see vhdx_blocks) read here."""
        data = bytes(self._chain[level].read_buffer_at_offset(length, offset))
        blocks = self._blocks[level]
        if blocks is None:
            return data
        patched = None
        for span in blocks.spans(offset, offset + len(data)):
            if span.how == "parent":
                piece = self._layer_read(level + 1, span.start, span.end - span.start)
            elif span.how == "zeros":
                piece = bytes(span.end - span.start)
            else:
                if span.how == "bitmap" and self._misread_below(level + 1, span.start, span.end):
                    raise ImageReadError(f"{self.paths[level]}: libvhdi would read this range through a parent "
                                         "block it misreads", span.start)
                continue
            if len(piece) != span.end - span.start:
                raise ImageReadError(f"{self.paths[level + 1]}: the parent ended early", span.start)
            patched = patched if patched is not None else bytearray(data)
            patched[span.start - offset:span.end - offset] = piece
        return bytes(patched) if patched is not None else data

    def _misread_below(self, level: int, start: int, end: int) -> bool:
        """Would libvhdi, reading [start, end) through its own parent links, meet a block it misreads?"""
        return any(any(span.how in ("parent", "zeros") for span in blocks.spans(start, end))
                   for blocks in self._blocks[level:] if blocks is not None)

    def _format_of(self, handle: Any) -> str:
        return f"{self._kind} {_VHD_TYPES.get(handle.get_disk_type(), 'unknown')}"

    def metadata(self) -> dict[str, Any]:
        return {"container_format": self.container_format, "identifier": self._top.get_identifier(),
                "bytes_per_sector": int(self._top.get_bytes_per_sector()),
                "parents": [{"path": path, "identifier": handle.get_identifier(),
                             "container_format": self._format_of(handle)}
                            for path, handle in zip(self.paths[1:], self._chain[1:])]}


class QcowReader(VirtualDiskReader):
    """A QCOW (version 1, 2 or 3) through libqcow; an overlay reads through its backing files.

    Compressed clusters that libqcow misreads are decoded by :mod:`qcow_clusters`.
    """

    container_format = "qcow"

    def __init__(self, paths: tuple[str, ...]) -> None:
        import pyqcow

        super().__init__(paths)
        chain = [self._opened(pyqcow.file(), path) for path in paths]
        for index in reversed(range(len(chain) - 1)):
            if not chain[index].get_backing_filename():
                raise self._fail(f"{paths[index]}: has no backing file, yet {Path(paths[index + 1]).name} follows it")
            with self._refusing(paths[index], "libqcow cannot attach its backing file"):
                chain[index].set_parent(chain[index + 1])
        if chain[-1].get_backing_filename():
            raise self._fail(f"{paths[-1]}: its backing file {chain[-1].get_backing_filename()} is not among the "
                             "evidence files")
        try:
            layers = [QcowLayer.read(stream.fileno(), path) for stream, path in zip(self._files, paths)]
        except UnsupportedEvidence:
            self.close()
            raise
        self._versions = [layer.version for layer in layers]
        self._fix, self._top = CompressedClusterFix(layers), chain[0]
        self.container_format = self._format_of(layers[0].version)
        self.size = int(self._top.get_media_size())

    @staticmethod
    def _format_of(version: int) -> str:
        return "qcow v1" if version == 1 else f"qcow2 v{version}"

    def _raw_read(self, offset: int, length: int) -> bytes:
        return self._fix.patch(offset, bytes(self._top.read_buffer_at_offset(length, offset)))

    def metadata(self) -> dict[str, Any]:
        return {"container_format": self.container_format,
                "parents": [{"path": path, "container_format": self._format_of(version)}
                            for path, version in zip(self.paths[1:], self._versions[1:])]}
