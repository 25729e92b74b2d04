"""Builds one file system image per partition from a list of planted files, without mounting anything.

NTFS: mkntfs, then libntfs-3g (see ntfs_writer). FAT32: mkfs.fat with a seeded volume ID, then mtools (mmd, mcopy
keeping modification times, mdel/mrd for deletions). ext4: mke2fs -d from a staging folder with a seeded UUID
and hash seed, then debugfs for deletions.

Each builder returns what it wrote and deleted, in order (see recovery): the answer key works out from it what a
deletion leaves for The Sleuth Kit. Only NTFS writes a file after a deletion (`PlantedFile.written_after`).
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from heroes_desktop.training.errors import TrainingError
from heroes_desktop.training.ntfs_writer import folders_of, format_ntfs, populate_in_worker
from heroes_desktop.training.planted import PlantedFile
from heroes_desktop.training.recovery import Operation
from heroes_desktop.training.tools import run_tool


def _stage_files(staging: Path, planted: Iterable[PlantedFile]) -> dict[str, Path]:
    """Writes each file's content under `staging` at its volume path, with its modification time."""
    sources = {}
    for item in planted:
        target = staging / item.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)
        os.utime(target, (item.mtime, item.mtime))
        sources[item.path] = target
        for name, content in sorted(item.streams.items()):
            stream = target.with_name(f"{target.name}.stream-{name}")
            stream.write_bytes(content)
            sources[f"{item.path}:{name}"] = stream
    return sources


def _deleted_folders(planted: list[PlantedFile]) -> list[str]:
    """Folders whose every file is deleted: the folder itself is deleted too, deepest first."""
    kept = {folder for item in planted if not item.deleted for folder in folders_of([item.path])}
    gone = {folder for item in planted if item.deleted for folder in folders_of([item.path])} - kept
    return sorted(gone, key=lambda folder: -folder.count("/"))


def _late_writes(planted: list[PlantedFile]) -> list[PlantedFile]:
    """The files written after a deletion, each naming a deleted file of the same list."""
    deleted = {item.path for item in planted if item.deleted}
    late = [item for item in planted if item.written_after]
    for item in late:
        if item.written_after not in deleted or item.deleted:
            raise TrainingError(f"{item.path} is to be written after deleting {item.written_after}, which is not a "
                                "deleted file of its volume (or it is deleted itself)")
    return late


def _in_order(planted: list[PlantedFile]) -> list[Operation]:
    """The log of a builder that writes every folder and file, then deletes the files, then the emptied folders."""
    if _late_writes(planted):
        raise TrainingError("only the NTFS builder writes a file after a deletion")
    paths = [item.path for item in planted]
    return ([Operation("write", folder) for folder in folders_of(paths)] + [Operation("write", p) for p in paths]
            + [Operation("delete", item.path) for item in planted if item.deleted]
            + [Operation("delete", folder) for folder in _deleted_folders(planted)])


def build_ntfs(image: Path, size: int, start_sector: int, planted: list[PlantedFile], label: str, serial: int,
               clock: int, staging: Path) -> list[Operation]:
    """Files first, then each late file after the deletion it follows, then the other deletions."""
    format_ntfs(image, size, start_sector, label, serial, clock)
    sources = _stage_files(staging, planted)
    entries = {item.path: {"path": item.path, "source": str(sources[item.path]), "mtime": item.mtime,
                           "streams": {name: str(sources[f"{item.path}:{name}"]) for name in item.streams}}
               for item in planted}
    late = _late_writes(planted)
    first_deleted = {item.written_after for item in late}
    plan = {
        "folders": folders_of(item.path for item in planted),
        "files": [entries[item.path] for item in planted if not item.written_after],
        "then": [step for item in late for step in ({"delete": item.written_after}, {"write": entries[item.path]})]
                + [{"delete": item.path} for item in planted if item.deleted and item.path not in first_deleted]
                + [{"delete": folder} for folder in _deleted_folders(planted)],
        "folder_time": clock,
    }
    return [Operation(**op) for op in populate_in_worker(image, plan, clock)]


def build_fat32(image: Path, size: int, start_sector: int, planted: list[PlantedFile], label: str, serial: int,
                clock: int, staging: Path) -> list[Operation]:
    log = _in_order(planted)
    with open(image, "wb") as handle:
        handle.truncate(size)
    run_tool(["mkfs.fat", "-F", "32", "-s", "1", "-n", label, "-i", f"{serial & 0xFFFFFFFF:08X}", "-h",
              str(start_sector), "--invariant", str(image)], clock)
    sources = _stage_files(staging, planted)
    mtools = ["-i", str(image)]
    folders = [f"::{folder}" for folder in folders_of(item.path for item in planted)]
    if folders:
        run_tool(["mmd", *mtools, *folders], clock)
    by_folder: dict[str, list[str]] = defaultdict(list)  # one mcopy per folder, files in planted order
    for item in planted:
        by_folder[item.path.rpartition("/")[0] + "/"].append(str(sources[item.path]))
    for folder, files in by_folder.items():
        run_tool(["mcopy", "-m", *mtools, *files, f"::{folder}"], clock)
    deleted = [f"::{item.path}" for item in planted if item.deleted]
    if deleted:
        run_tool(["mdel", *mtools, *deleted], clock)
    emptied = [f"::{folder}" for folder in _deleted_folders(planted)]
    if emptied:
        run_tool(["mrd", *mtools, *emptied], clock)
    return log


def build_ext4(image: Path, size: int, planted: list[PlantedFile], label: str, serial: int, clock: int,
               staging: Path) -> list[Operation]:
    log = _in_order(planted)
    _stage_files(staging, planted)
    for folder in folders_of(item.path for item in planted):
        os.utime(staging / folder.lstrip("/"), (clock, clock))
    os.utime(staging, (clock, clock))
    volume_uuid = str(uuid.UUID(int=serial & ((1 << 128) - 1)))
    hash_seed = str(uuid.UUID(int=(serial * 31 + 7) & ((1 << 128) - 1)))
    with open(image, "wb") as handle:
        handle.truncate(size)
    run_tool(["mke2fs", "-q", "-F", "-t", "ext4", "-L", label, "-U", volume_uuid, "-E",
              f"hash_seed={hash_seed},root_owner=0:0", "-d", str(staging), str(image)], clock)
    # mke2fs copies each staged file's inode change time, which is the kernel's clock: set it from the seed.
    stamped = ["/"] + folders_of(item.path for item in planted) + [item.path for item in planted]
    # mke2fs copies the owner too: the files of a home belong to its user (1000), whoever ran the generator.
    commands = [f"sif {path} {field} {value}" for path in stamped
                for field, value in (("ctime", f"@{clock}"), ("ctime_extra", "0"),
                                     ("uid", "1000" if path.startswith("/home/") else "0"),
                                     ("gid", "1000" if path.startswith("/home/") else "0"))]
    commands += [f"rm {item.path}" for item in planted if item.deleted]
    commands += [f"rmdir {folder}" for folder in _deleted_folders(planted)]
    run_tool(["debugfs", "-w", "-f", "-", str(image)], clock, stdin="\n".join(commands) + "\n")
    return log
