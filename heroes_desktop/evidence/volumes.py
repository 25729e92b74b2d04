"""Volume systems (MBR with extended partitions, GPT, ...) and what each partition holds.

A partition whose file system TSK does not know is recorded as ``unknown`` with its offset and size; an encrypted one
(BitLocker, BitLocker To Go, LUKS) is recorded as encrypted, even when TSK could read an unencrypted reader volume
around it. Volumes reached through layers are records of their own: each shadow-copy store of an NTFS volume (after
the live volume, with its ``snapshot`` name) and each volume of an APFS container (instead of the container).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pytsk3

from heroes_desktop.evidence.apfs_container import ApfsError, is_apfs_container, list_apfs_volumes
from heroes_desktop.evidence.errors import first_line
from heroes_desktop.evidence.shadow_copies import ShadowCopyError, has_shadow_copies, list_stores, open_store
from heroes_desktop.evidence.tsk_image import TskImage
from heroes_desktop.evidence.volume_stack import WindowReader

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


class _ImageBytes:
    """An opened ``Img_Info`` as a reader; closing it leaves the image open for its owner."""

    def __init__(self, image: pytsk3.Img_Info) -> None:
        self._image = image
        self.size = int(image.get_size())

    def read(self, offset: int, length: int) -> bytes:
        return self._image.read(offset, length)

    def close(self) -> None:
        pass


def _probe(image: pytsk3.Img_Info, index: int | None, offset: int, length: int, description: str,
           volume_system: str | None) -> list[VolumeRecord]:
    """What one partition holds: usually one record; an APFS container gives one per volume, an NTFS volume with
    shadow copies one more per store."""
    encryption = encryption_of(image.read(offset, 512))
    if encryption is not None:
        return [VolumeRecord(index, offset, length, description, None, "encrypted", encryption, volume_system)]
    partition = WindowReader(_ImageBytes(image), offset, length)
    if is_apfs_container(partition):
        return _apfs_records(partition, index, offset, length, description, volume_system)
    try:
        fs = pytsk3.FS_Info(image, offset=offset)
    except OSError as error:
        return [VolumeRecord(index, offset, length, description, None, "unknown", None, volume_system,
                             f"no file system TSK recognises: {first_line(error)}")]
    record = VolumeRecord(index, offset, length, description, fs_type_name(fs), "ok", None, volume_system)
    if record.fs_type == "ntfs" and has_shadow_copies(partition):
        return [record, *_shadow_copy_records(partition, record)]
    return [record]


def _whose(index: int | None) -> str:
    return "the whole image" if index is None else f"partition {index}"


def _shadow_copy_records(partition: WindowReader, live: VolumeRecord) -> list[VolumeRecord]:
    """One record per shadow-copy store of the NTFS volume ``live``; a damaged catalog is one record with why."""
    try:
        stores = list_stores(partition)
    except ShadowCopyError as error:
        return [replace(live, description=f"shadow copies of {_whose(live.index)}", fs_type=None, status="unknown",
                        error=str(error), layers=json.dumps([{"type": "vss"}]))]
    records = []
    for store in stores:
        layers = [{"type": "vss", "store": store.index}]
        description = (f"shadow copy {store.index + 1} of {_whose(live.index)} "
                       f"(created {store.created or 'at an unknown time'})")
        fs_type, status, error = _store_file_system(partition, layers[0])
        records.append(replace(live, description=description, fs_type=fs_type, status=status, error=error,
                               layers=json.dumps(layers), snapshot=f"vss{store.index + 1}"))
    return records


def _store_file_system(partition: WindowReader, layer: dict[str, object]) -> tuple[str | None, str, str | None]:
    """(fs type, status, error) of the file system TSK finds in one shadow-copy store."""
    try:
        store = open_store(partition, layer, None)
    except ShadowCopyError as error:
        return None, "unknown", str(error)
    image = TskImage(None, store)  # type: ignore[arg-type]  # a reader needs no source
    try:
        return fs_type_name(pytsk3.FS_Info(image, offset=0)), "ok", None
    except OSError as error:
        return None, "unknown", f"no file system TSK recognises in the shadow copy: {first_line(error)}"
    finally:
        image.close()


def _apfs_records(partition: WindowReader, index: int | None, offset: int, length: int, description: str,
                  volume_system: str | None) -> list[VolumeRecord]:
    """One record per volume of an APFS container; an unreadable container is one record with why."""
    try:
        found = list_apfs_volumes(partition)
    except ApfsError as error:
        found, reason = [], str(error)
    else:
        reason = "APFS container without volumes"
    if not found:
        return [VolumeRecord(index, offset, length, f"{description}: APFS container", "apfs", "unknown", None,
                             volume_system, reason)]
    records = []
    for volume in found:
        status = "unknown" if volume.error else "encrypted" if volume.locked else "ok"
        name = f" {volume.name!r}" if volume.name else ""
        records.append(VolumeRecord(
            index, offset, length, f"APFS volume {volume.index + 1}{name} of {_whose(index)}", "apfs", status,
            "APFS" if volume.locked else None, volume_system, volume.error,
            layers=json.dumps([{"type": "apfs", "volume": volume.index}])))
    return records


def discover_volumes(image: pytsk3.Img_Info) -> list[VolumeRecord]:
    """Every allocated partition with what it holds, or the whole image when there is no partition table."""
    try:
        volume_system = pytsk3.Volume_Info(image)
    except OSError:
        return _probe(image, None, 0, image.get_size(), "whole image", None)
    block_size = volume_system.info.block_size
    vs_name = _VS_TYPES.get(int(volume_system.info.vstype), "unknown")
    size = image.get_size()
    records, outside = [], []
    for partition in volume_system:
        if not partition.flags & pytsk3.TSK_VS_PART_FLAG_ALLOC:
            continue
        description = partition.desc.decode("utf-8", "replace") if isinstance(partition.desc, bytes) else str(
            partition.desc)
        index, start, length = int(partition.addr), partition.start * block_size, partition.len * block_size
        if start >= size:  # a hostile or damaged table: an area not read, said why (its claim can pass 2**63)
            outside.append(VolumeRecord(index, size, 0, description, None, "unknown", None, vs_name,
                                        _past_the_end(start, length, size, "not read")))
            continue
        cut = None
        if start + length > size:
            cut = _past_the_end(start, length, size, f"the {start + length - size} bytes past it are not read")
            length = size - start
        found = _probe(image, index, start, length, description, vs_name)
        records.extend(replace(record, error="; ".join(filter(None, (record.error, cut)))) if cut else record
                       for record in found)
    if not records:  # a partition table with nothing in it (or nothing inside the image): try the whole image
        records.extend(_probe(image, None, 0, size, "whole image", vs_name))
    return records + outside


def _past_the_end(start: int, length: int, size: int, what: str) -> str:
    return (f"past the image end: the partition table claims {length} bytes at offset {start}, the image ends at "
            f"{size}: {what}")
