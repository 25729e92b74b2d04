"""Volume systems (MBR with extended partitions, GPT, ...) and what each partition holds.

A partition whose file system TSK does not know is recorded as ``unknown`` with its offset and size; an encrypted one
(BitLocker, BitLocker To Go, LUKS) is recorded as encrypted, even when TSK could read an unencrypted reader volume
around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytsk3

BITLOCKER_TO_GO_GUID = bytes.fromhex("3bd66749292ed84a8399f6a339e3d001")  # 4967d63b-2e29-4ad8-8399-f6a339e3d001


@dataclass(frozen=True)
class VolumeRecord:
    """A partition (``index`` None for a whole image without partition table)."""

    index: int | None
    offset: int
    length: int
    description: str
    fs_type: str | None
    status: str  # "ok", "unknown", "encrypted"
    encryption: str | None = None
    volume_system: str | None = None
    error: str | None = None
    layers: str = "[]"  # JSON: how the file system is reached past the partition (see volume_stack)
    snapshot: str | None = None  # "vss1", ... for a shadow-copy store; None for a live volume


def encryption_of(boot_sector: bytes) -> str | None:
    """The encryption a volume's first sector shows, if any."""
    if boot_sector[3:11] == b"-FVE-FS-":
        return "BitLocker"
    if boot_sector[424:440] == BITLOCKER_TO_GO_GUID:
        return "BitLocker To Go"
    if boot_sector[:6] == b"LUKS\xba\xbe":
        return "LUKS"
    return None


def _enum_names(prefix: str) -> dict[int, str]:
    names: dict[int, str] = {}
    for attribute in dir(pytsk3):
        if attribute.startswith(prefix) and not attribute.endswith(("_DETECT", "_ENUM", "_UNSUPP")):
            names.setdefault(int(getattr(pytsk3, attribute)), attribute.removeprefix(prefix).lower())
    return names


_FS_TYPES = _enum_names("TSK_FS_TYPE_")
_VS_TYPES = _enum_names("TSK_VS_TYPE_")


def fs_type_name(fs: pytsk3.FS_Info) -> str:
    return _FS_TYPES.get(int(fs.info.ftype), f"tsk-{int(fs.info.ftype)}")


def _probe(image: pytsk3.Img_Info, index: int | None, offset: int, length: int, description: str,
           volume_system: str | None) -> VolumeRecord:
    encryption = encryption_of(image.read(offset, 512))
    if encryption is not None:
        return VolumeRecord(index, offset, length, description, None, "encrypted", encryption, volume_system)
    try:
        fs = pytsk3.FS_Info(image, offset=offset)
    except OSError as error:
        return VolumeRecord(index, offset, length, description, None, "unknown", None, volume_system,
                            f"no file system TSK recognises: {str(error).splitlines()[0][:200]}")
    return VolumeRecord(index, offset, length, description, fs_type_name(fs), "ok", None, volume_system)


def discover_volumes(image: pytsk3.Img_Info) -> list[VolumeRecord]:
    """Every allocated partition with what it holds, or the whole image when there is no partition table."""
    try:
        volume_system = pytsk3.Volume_Info(image)
    except OSError:
        return [_probe(image, None, 0, image.get_size(), "whole image", None)]
    block_size = volume_system.info.block_size
    vs_name = _VS_TYPES.get(int(volume_system.info.vstype), "unknown")
    records = []
    for partition in volume_system:
        if not partition.flags & pytsk3.TSK_VS_PART_FLAG_ALLOC:
            continue
        description = partition.desc.decode("utf-8", "replace") if isinstance(partition.desc, bytes) else str(
            partition.desc)
        records.append(_probe(image, int(partition.addr), partition.start * block_size, partition.len * block_size,
                              description, vs_name))
    if not records:  # a partition table with nothing in it: try the whole image
        records.append(_probe(image, None, 0, image.get_size(), "whole image", vs_name))
    return records
