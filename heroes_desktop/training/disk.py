"""The training disk: an MBR with an NTFS, a FAT32 and an ext4 partition, assembled from per-partition images,
and its E01 copy made by ewfacquire."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from heroes_desktop.training.tools import run_tool

SECTOR = 512
MIB = 1024 * 1024


@dataclass(frozen=True)
class Partition:
    index: int  # as TSK's volume system numbers it and `heroes files` shows it (see tsk_partition_numbers)
    volume: str  # "ntfs", "fat32", "ext4"
    mbr_type: str  # sfdisk type code
    start_sector: int
    size: int  # bytes

    @property
    def offset(self) -> int:
        return self.start_sector * SECTOR


def layout(sizes_mib: dict[str, int]) -> list[Partition]:
    """Partitions one after another from sector 2048 (1 MiB alignment), in NTFS, FAT32, ext4 order."""
    types = {"ntfs": "7", "fat32": "c", "ext4": "83"}
    partitions, start = [], 2048
    for index, volume in enumerate(("ntfs", "fat32", "ext4")):
        size = sizes_mib[volume] * MIB
        partitions.append(Partition(index, volume, types[volume], start, size))
        start += size // SECTOR
    return partitions


def tsk_partition_numbers(disk: Path, partitions: list[Partition]) -> list[Partition]:
    """The partitions renumbered as The Sleuth Kit lists them (its slots count the partition table and the gaps)."""
    import pytsk3

    volume_system = pytsk3.Volume_Info(pytsk3.Img_Info(str(disk)))
    addresses = {int(part.start): int(part.addr) for part in volume_system
                 if part.flags & pytsk3.TSK_VS_PART_FLAG_ALLOC}
    return [replace(p, index=addresses[p.start_sector]) for p in partitions]


def disk_size(partitions: list[Partition]) -> int:
    last = partitions[-1]
    return last.offset + last.size + MIB  # a little unpartitioned space at the end, as real disks have


def assemble(disk: Path, partitions: list[Partition], images: dict[str, Path], disk_id: int, clock: int) -> None:
    """Writes the MBR (sfdisk, with the seeded disk identifier) and copies each partition image into place."""
    with open(disk, "wb") as handle:
        handle.truncate(disk_size(partitions))
    script = ["label: dos", f"label-id: 0x{disk_id & 0xFFFFFFFF:08x}", "unit: sectors", ""]
    script += [f"start={p.start_sector}, size={p.size // SECTOR}, type={p.mbr_type}" for p in partitions]
    run_tool(["sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", str(disk)], clock,
             stdin="\n".join(script) + "\n")
    with open(disk, "r+b") as target:
        for partition in partitions:
            target.seek(partition.offset)
            with open(images[partition.volume], "rb") as source:
                shutil.copyfileobj(source, target, 4 * MIB)


def make_e01(disk: Path, target_stem: Path, clock: int, case_number: str) -> list[Path]:
    """An EnCase 6 E01 set of the disk, deflate-compressed, with its MD5 stored (ewfacquire, unattended)."""
    run_tool(["ewfacquire", "-u", "-t", str(target_stem), "-f", "encase6", "-c", "deflate:fast", "-d", "sha1",
              "-C", case_number, "-D", "HEROES training disk", "-E", "TRAINING-1", "-e", "HEROES generator",
              "-N", "benign training evidence; see answer-key.json", "-S", "1.4 GiB", "-q", str(disk)], clock)
    return sorted(target_stem.parent.glob(target_stem.name + ".E*"))
