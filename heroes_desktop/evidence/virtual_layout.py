"""Which files make up a virtual disk (VMDK, VHD, VHDX, QCOW): its extents and its parent or backing chain.

Read from the headers in plain Python, because ``identify`` runs in the main process and also on files that are not
evidence at all; the libyal readers (``virtual_disks``, in workers) open the same files later and check the chain
again.
A parent is looked for only beside the file that names it (as a relative path, then by its base name): the absolute
path stored in a disk is a path on the suspect's machine and may name an unrelated file on the examiner's.
"""

from __future__ import annotations

import os
import re
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from heroes_desktop.evidence.errors import UnsupportedEvidence
from heroes_desktop.evidence.read_only import read_at

MAX_CHAIN = 32  # parents followed at most: a loop guard
DESCRIPTOR_LIMIT = 1 << 20  # a VMDK descriptor is a few hundred bytes; larger text is not one
HEAD_SIZE = 1024

QCOW_MAGIC = b"QFI\xfb"
VHDX_MAGIC = b"vhdxfile"
VMDK_SPARSE_MAGIC = b"KDMV"
VMDK_DESCRIPTOR_MARK = b"# Disk DescriptorFile"
VHD_COOKIE = b"conectix"


@dataclass(frozen=True)
class VirtualDiskLayout:
    """A virtual disk's kind ("vmdk", "vhd", "vhdx", "qcow") and its files: the given one first."""

    kind: str
    paths: tuple[str, ...]


def detect_kind(path: Path, head: bytes) -> str | None:
    """The virtual disk kind of ``path`` from its signatures (``head``: its first bytes), or None."""
    if head.startswith(QCOW_MAGIC):
        return "qcow"
    if head.startswith(VHDX_MAGIC):
        return "vhdx"
    if head.startswith(VMDK_SPARSE_MAGIC):
        return "vmdk"
    if VMDK_DESCRIPTOR_MARK in head[:HEAD_SIZE] and path.stat().st_size <= DESCRIPTOR_LIMIT:
        return "vmdk"
    if head.startswith(VHD_COOKIE) or _vhd_footer(path) is not None:
        return "vhd"
    return None


def layout(path: Path, kind: str) -> VirtualDiskLayout:
    """Every file of the virtual disk ``path``: extents, then parents (each parent's own extents after it)."""
    files, current, seen = [], path, set()
    for _ in range(MAX_CHAIN):
        if current in seen:
            raise UnsupportedEvidence(f"{path}: its parent chain loops back to {current}")
        seen.add(current)
        if kind == "vmdk":
            extents, parent = _vmdk_files(current)
            files.extend([current, *[extent for extent in extents if extent != current]])
        else:
            files.append(current)
            parent = {"vhd": _vhd_parent, "vhdx": _vhdx_parent, "qcow": _qcow_backing}[kind](current)
        if parent is None:
            return VirtualDiskLayout(kind, tuple(str(file) for file in files))
        current = parent
    raise UnsupportedEvidence(f"{path}: more than {MAX_CHAIN} parents")


def resolve_beside(container: Path, name: str) -> Path | None:
    """The file that ``container`` names ``name``: the relative path as written, else the base name, beside it."""
    posix = name.replace("\\", "/")
    candidates = [Path(posix.rsplit("/", 1)[-1])]
    if not PureWindowsPath(name).drive and not posix.startswith("/"):
        candidates.insert(0, Path(posix))
    for candidate in candidates:
        found = Path(os.path.normpath(container.parent.absolute() / candidate))
        if candidate.name and found.is_file():
            return found
    return None


def _read(path: Path, offset: int, length: int) -> bytes:
    return read_at(str(path), offset, length)


def _decode(data: bytes) -> str:
    return data.split(b"\x00", 1)[0].decode("utf-8", "surrogateescape")


# ------------------------------------------------------------------------------------------------------------ VMDK

_EXTENT_LINE = re.compile(r'^\s*(?:RW|RDONLY|NOACCESS)\s+\d+\s+(\w+)(?:\s+"([^"]*)")?', re.MULTILINE)
_PARENT_CID = re.compile(r"^\s*parentCID\s*=\s*([0-9a-fA-F]+)", re.MULTILINE)
_PARENT_HINT = re.compile(r'^\s*parentFileNameHint\s*=\s*"([^"]*)"', re.MULTILINE)


def _vmdk_files(path: Path) -> tuple[list[Path], Path | None]:
    """A VMDK's extent files (from its descriptor, embedded or not) and its parent for a snapshot (delta) disk."""
    descriptor = _vmdk_descriptor(path)
    if descriptor is None:
        owner = _descriptor_naming(path)
        hint = f"; add its descriptor {owner.name} instead" if owner else "; add its descriptor file instead"
        raise UnsupportedEvidence(f"{path}: a VMDK extent without a descriptor{hint}")
    extents = []
    for extent_type, name in _EXTENT_LINE.findall(descriptor):
        if extent_type.upper() == "ZERO" or not name:
            continue
        extent = resolve_beside(path, name)
        if extent is None:
            raise UnsupportedEvidence(f"{path}: its extent {name} is missing (looked beside it)")
        extents.append(extent)
    if not extents:
        raise UnsupportedEvidence(f"{path}: a VMDK descriptor without extent files")
    parent_cid = _PARENT_CID.search(descriptor)
    if parent_cid is None or parent_cid[1].lower() == "ffffffff":
        return extents, None
    hint = _PARENT_HINT.search(descriptor)
    parent = resolve_beside(path, hint[1]) if hint else None
    if parent is None:
        name = hint[1] if hint else "(no parentFileNameHint)"
        raise UnsupportedEvidence(f"{path}: a VMDK snapshot needs its parent {name}; put it beside the child")
    return extents, parent


def _vmdk_descriptor(path: Path) -> str | None:
    """The descriptor text of a descriptor file or of a sparse extent that embeds one (None: a bare extent)."""
    head = _read(path, 0, HEAD_SIZE)
    if not head.startswith(VMDK_SPARSE_MAGIC):
        return _decode(_read(path, 0, DESCRIPTOR_LIMIT))
    if len(head) < 44:
        raise UnsupportedEvidence(f"{path}: a truncated VMDK sparse header")
    offset, size = struct.unpack_from("<QQ", head, 28)  # descriptorOffset, descriptorSize, in sectors
    if offset == 0 or size == 0:
        return None
    if size * 512 > DESCRIPTOR_LIMIT:
        raise UnsupportedEvidence(f"{path}: implausible VMDK descriptor size ({size} sectors)")
    text = _read(path, offset * 512, size * 512)
    return _decode(text) if VMDK_DESCRIPTOR_MARK in text[:HEAD_SIZE] else None  # qemu reserves an empty area


def _descriptor_naming(extent: Path) -> Path | None:
    """A small ``.vmdk`` descriptor beside ``extent`` that lists it, to tell the examiner which file to add."""
    for candidate in sorted(extent.parent.glob("*.vmdk")):
        if candidate != extent and candidate.stat().st_size <= DESCRIPTOR_LIMIT:
            text = _read(candidate, 0, DESCRIPTOR_LIMIT)
            if VMDK_DESCRIPTOR_MARK in text[:HEAD_SIZE] and f'"{extent.name}"'.encode() in text:
                return candidate
    return None


# ------------------------------------------------------------------------------------------------------------- VHD

_VHD_DIFFERENCING = 4
_VHD_LOCATOR_CODES = {b"W2ru": "utf-16-le", b"W2ku": "utf-16-le", b"Wi2r": "utf-16-le", b"Wi2k": "utf-16-le",
                      b"MacX": "utf-8", b"Mac ": "utf-8"}


def _vhd_footer(path: Path) -> bytes | None:
    """The 512-byte VHD footer at the end (511 bytes for old writers), or its copy at 0 in a dynamic disk."""
    size = path.stat().st_size
    if size < 511:
        return None
    tail = _read(path, max(0, size - 512), 512)
    for footer in (tail, tail[1:]):
        if footer.startswith(VHD_COOKIE):
            return footer
    head = _read(path, 0, 512)
    return head if head.startswith(VHD_COOKIE) and len(head) == 512 else None


def _vhd_parent(path: Path) -> Path | None:
    footer = _vhd_footer(path)
    if footer is None or len(footer) < 84:
        raise UnsupportedEvidence(f"{path}: no VHD footer")
    if struct.unpack_from(">I", footer, 60)[0] != _VHD_DIFFERENCING:
        return None
    header = _read(path, struct.unpack_from(">Q", footer, 16)[0], 1024)
    if not header.startswith(b"cxsparse") or len(header) < 768:
        raise UnsupportedEvidence(f"{path}: a differencing VHD without its dynamic disk header")
    parent_id = header[40:56]
    names = []
    for index in range(8):
        code, _space, length, _reserved, offset = struct.unpack_from(">4sIIIQ", header, 576 + 24 * index)
        if code in _VHD_LOCATOR_CODES and 0 < length <= 4096:
            names.append(_read(path, offset, length).decode(_VHD_LOCATOR_CODES[code], "replace").rstrip("\x00"))
    names.append(header[64:576].decode("utf-16-be", "replace").rstrip("\x00"))
    names = [re.sub(r"^file://[^/]*", "", name) for name in names if name]
    return _matching_parent(path, names, parent_id, _vhd_identifier)


def _vhd_identifier(path: Path) -> bytes | None:
    footer = _vhd_footer(path)
    return footer[68:84] if footer is not None and len(footer) >= 84 else None


def _matching_parent(child: Path, names: list[str], expected: bytes,
                     identifier_of: Callable[[Path], bytes | None]) -> Path:
    """The first named file beside ``child`` whose identifier is ``expected``; a clear error otherwise."""
    found = []
    for name in names:
        candidate = resolve_beside(child, name)
        if candidate is not None and candidate not in found:
            found.append(candidate)
            if identifier_of(candidate) == expected:
                return candidate
    wanted = names[0] if names else "(unnamed)"
    if found:
        raise UnsupportedEvidence(f"{child}: {found[0].name} beside it is not its parent (identifier differs; "
                                  f"expected {uuid.UUID(bytes=expected)})")
    raise UnsupportedEvidence(f"{child}: a differencing disk needs its parent {wanted}; put it beside the child")


# ------------------------------------------------------------------------------------------------------------ VHDX

VHDX_BAT_REGION = uuid.UUID("2dc27766-f623-4200-9d64-115e9bfd4a08")
VHDX_METADATA_REGION = uuid.UUID("8b7ca206-4790-4b9a-b8fe-575f050f886e")
VHDX_FILE_PARAMETERS = uuid.UUID("caa16737-fa36-4d43-b3b6-33f0aa44e76b")
VHDX_VIRTUAL_DISK_SIZE = uuid.UUID("2fa54224-cd1b-4876-b211-5dbed83bf4b8")
VHDX_LOGICAL_SECTOR_SIZE = uuid.UUID("8141bf1d-a96f-4709-ba47-f233a8faab5f")
VHDX_PARENT_LOCATOR = uuid.UUID("a8d35f2d-b30b-454d-abf7-d3d84834ab0c")
VHDX_HAS_PARENT = 0x2

ReadAt = Callable[[int, int], bytes]  # (offset, length) -> bytes


def _vhdx_parent(path: Path) -> Path | None:
    items = vhdx_metadata(lambda offset, length: _read(path, offset, length), str(path))
    if not struct.unpack_from("<I", items[VHDX_FILE_PARAMETERS], 4)[0] & VHDX_HAS_PARENT:
        return None
    entries = _vhdx_locator_entries(items.get(VHDX_PARENT_LOCATOR, b""))
    try:
        expected = uuid.UUID(entries.get("parent_linkage", "").strip("{}")).bytes
    except ValueError as error:
        raise UnsupportedEvidence(f"{path}: a differencing VHDX without a readable parent linkage") from error
    names = [entries[key] for key in ("relative_path", "absolute_win32_path", "volume_path") if key in entries]
    return _matching_parent(path, names, expected, _vhdx_data_write_guid)


def vhdx_regions(read: ReadAt, name: str) -> dict[uuid.UUID, tuple[int, int]]:
    """A VHDX's regions (offset, length) by GUID, from the region table at 192 KiB or its copy at 256 KiB."""
    for table_offset in (0x30000, 0x40000):
        table = read(table_offset, 65536)
        if not table.startswith(b"regi") or len(table) < 16:
            continue
        count = min(struct.unpack_from("<I", table, 8)[0], 2047)
        regions = {}
        for index in range(count):
            guid, offset, length, _required = struct.unpack_from("<16sQII", table, 16 + 32 * index)
            regions[uuid.UUID(bytes_le=guid)] = (offset, length)
        return regions
    raise UnsupportedEvidence(f"{name}: VHDX without a readable region table")


def vhdx_metadata(read: ReadAt, name: str) -> dict[uuid.UUID, bytes]:
    """A VHDX's metadata items by GUID; the file parameters item is always there."""
    offset, length = vhdx_regions(read, name).get(VHDX_METADATA_REGION, (0, 0))
    region = read(offset, min(length, 1 << 24)) if offset else b""
    if not region.startswith(b"metadata") or len(region) < 32:
        raise UnsupportedEvidence(f"{name}: VHDX without a readable metadata table")
    items = {}
    for index in range(min(struct.unpack_from("<H", region, 10)[0], 2047)):
        guid, item_offset, item_length = struct.unpack_from("<16sII", region, 32 + 32 * index)
        items[uuid.UUID(bytes_le=guid)] = region[item_offset:item_offset + item_length]
    if len(items.get(VHDX_FILE_PARAMETERS, b"")) < 8:
        raise UnsupportedEvidence(f"{name}: VHDX without file parameters")
    return items


def _vhdx_locator_entries(locator: bytes) -> dict[str, str]:
    """A VHDX parent locator's key-value pairs (``parent_linkage``, ``relative_path``, ...)."""
    if len(locator) < 20:
        return {}
    entries = {}
    for index in range(struct.unpack_from("<H", locator, 18)[0]):
        if 20 + 12 * (index + 1) > len(locator):
            break
        key_offset, value_offset, key_length, value_length = struct.unpack_from("<IIHH", locator, 20 + 12 * index)
        key = locator[key_offset:key_offset + key_length].decode("utf-16-le", "replace")
        entries[key] = locator[value_offset:value_offset + value_length].decode("utf-16-le", "replace")
    return entries


def _vhdx_data_write_guid(path: Path) -> bytes | None:
    """The DataWriteGuid of the current header (the one with the larger sequence number), as parents are linked."""
    headers = []
    for offset in (0x10000, 0x20000):
        header = _read(path, offset, 64)
        if header.startswith(b"head") and len(header) == 64:
            headers.append((struct.unpack_from("<Q", header, 8)[0], uuid.UUID(bytes_le=header[32:48]).bytes))
    return max(headers)[1] if headers else None


# ------------------------------------------------------------------------------------------------------------ QCOW

def _qcow_backing(path: Path) -> Path | None:
    header = _read(path, 0, 20)
    if len(header) < 20:
        raise UnsupportedEvidence(f"{path}: a truncated QCOW header")
    offset, size = struct.unpack_from(">QI", header, 8)  # backing_file_offset, backing_file_size
    if offset == 0 or size == 0:
        return None
    if size > 1023:
        raise UnsupportedEvidence(f"{path}: implausible QCOW backing file name size ({size})")
    name = _decode(_read(path, offset, size))
    backing = resolve_beside(path, name)
    if backing is None:
        raise UnsupportedEvidence(f"{path}: its backing file {name} is missing; put it beside the image")
    if not _read(backing, 0, 4).startswith(QCOW_MAGIC):
        raise UnsupportedEvidence(f"{path}: its backing file {backing.name} is not a QCOW image (libqcow reads only "
                                  "QCOW backing files)")
    return backing
