"""Writes files, folders, alternate data streams and deletions into an NTFS image without mounting it.

`mkntfs` formats the image; then libntfs-3g (the library behind ntfs-3g and ntfscp, from Debian's `ntfs-3g`) is
driven through ctypes: the same calls `ntfscp` makes, plus the directory creation, deletion and time setting that
no ntfsprogs tool offers without a FUSE mount. Everything it writes is the generator's own image, never evidence.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import struct
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from heroes_desktop.training.errors import BuildToolMissing, TrainingError
from heroes_desktop.training.tools import frozen_clock_env, run_tool

_AT_DATA = 0x80
_S_IFDIR = 0o040000
_S_IFREG = 0o100000
_NTFS_EPOCH_OFFSET = 11644473600  # seconds from 1601-01-01 to 1970-01-01
_SERIAL_OFFSET = 0x48  # the volume serial number in the NTFS boot sector


def ntfs_time(unix_seconds: int) -> int:
    """Unix seconds as an NTFS FILETIME (100 ns since 1601)."""
    return (unix_seconds + _NTFS_EPOCH_OFFSET) * 10_000_000


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("ntfs-3g") or "libntfs-3g.so.89"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError as error:
        raise BuildToolMissing("libntfs-3g is not installed (Debian package ntfs-3g)") from error
    lib.ntfs_mount.restype = ctypes.c_void_p
    lib.ntfs_mount.argtypes = [ctypes.c_char_p, ctypes.c_ulong]
    lib.ntfs_umount.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.ntfs_pathname_to_inode.restype = ctypes.c_void_p
    lib.ntfs_pathname_to_inode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
    lib.ntfs_create.restype = ctypes.c_void_p
    lib.ntfs_create.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint8, ctypes.c_uint32]
    lib.ntfs_inode_close.argtypes = [ctypes.c_void_p]
    lib.ntfs_attr_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint8,
                                  ctypes.c_void_p, ctypes.c_int64]
    lib.ntfs_attr_open.restype = ctypes.c_void_p
    lib.ntfs_attr_open.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32]
    lib.ntfs_attr_pwrite.restype = ctypes.c_int64
    lib.ntfs_attr_pwrite.argtypes = [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p]
    lib.ntfs_attr_close.argtypes = [ctypes.c_void_p]
    lib.ntfs_inode_set_times.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
    lib.ntfs_delete.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                                ctypes.c_void_p, ctypes.c_uint8]
    return lib


def format_ntfs(image: Path, size: int, start_sector: int, label: str, serial: int, clock: int) -> None:
    """A fresh NTFS file system filling `image`, with its boot sector's serial number set from the seed."""
    with open(image, "wb") as handle:
        handle.truncate(size)
    run_tool(["mkntfs", "--quiet", "--force", "--fast", "--zero-time", "--label", label, "--sector-size", "512",
              "--partition-start", str(start_sector), "--heads", "255", "--sectors-per-track", "63", str(image)],
             clock)
    _set_serial(image, size, serial)


def _set_serial(image: Path, size: int, serial: int) -> None:
    """mkntfs picks a random serial; the boot sector and its backup in the last sector get the seeded one."""
    packed = struct.pack("<Q", serial)
    with open(image, "r+b") as handle:
        for boot_sector in (0, size - 512):
            handle.seek(boot_sector + _SERIAL_OFFSET)
            handle.write(packed)


class NtfsVolume:
    """An NTFS image opened read-write through libntfs-3g; use as a context manager so it is always unmounted."""

    def __init__(self, image: Path) -> None:
        self._lib = _library()
        self._image = image
        self._volume: int | None = None
        self.log: list[dict[str, Any]] = []  # each file or folder created and each deletion, with its MFT record

    def __enter__(self) -> NtfsVolume:
        volume = self._lib.ntfs_mount(str(self._image).encode(), 0)
        if not volume:
            raise TrainingError(f"libntfs-3g cannot open {self._image}: errno {ctypes.get_errno()}")
        self._volume = volume
        return self

    def __exit__(self, *exc: object) -> None:
        if self._volume:
            self._lib.ntfs_umount(self._volume, 0)
            self._volume = None

    def _name(self, text: str) -> tuple[ctypes.Array[ctypes.c_char], int]:
        encoded = text.encode("utf-16-le")
        return ctypes.create_string_buffer(encoded, len(encoded) + 2), len(encoded) // 2

    def _open(self, path: str) -> int:
        inode = self._lib.ntfs_pathname_to_inode(self._volume, None, path.encode())
        if not inode:
            raise TrainingError(f"NTFS path not found in the training image: {path}")
        return int(inode)

    def _create(self, path: str, mode: int) -> int:
        parent_path, _, name = path.rstrip("/").rpartition("/")
        parent = self._open(parent_path or "/")
        try:
            buffer, length = self._name(name)
            inode = self._lib.ntfs_create(parent, 0, buffer, length, mode)
            if not inode:
                raise TrainingError(f"cannot create {path} in the NTFS image: errno {ctypes.get_errno()}")
            self.log.append({"action": "write", "path": path, "record": _record_number(int(inode))})
            return int(inode)
        finally:
            self._lib.ntfs_inode_close(parent)

    def make_folders(self, path: str) -> None:
        """Each missing folder along `path`, like `mkdir -p`."""
        built = ""
        for part in [p for p in path.split("/") if p]:
            built += "/" + part
            inode = self._lib.ntfs_pathname_to_inode(self._volume, None, built.encode())
            if not inode:
                inode = self._create(built, _S_IFDIR)
            self._lib.ntfs_inode_close(inode)

    def _write_attribute(self, inode: int, data: bytes, stream: str | None) -> None:
        name, length = self._name(stream) if stream else (None, 0)
        if stream and self._lib.ntfs_attr_add(inode, _AT_DATA, name, length, None, 0) != 0:
            raise TrainingError(f"cannot add stream {stream}: errno {ctypes.get_errno()}")
        attribute = self._lib.ntfs_attr_open(inode, _AT_DATA, name, length)
        if not attribute:
            raise TrainingError(f"cannot open the data attribute: errno {ctypes.get_errno()}")
        try:
            if data and self._lib.ntfs_attr_pwrite(attribute, 0, len(data), data) != len(data):
                raise TrainingError(f"short write into the NTFS image: errno {ctypes.get_errno()}")
        finally:
            self._lib.ntfs_attr_close(attribute)

    def write_file(self, path: str, data: bytes, streams: dict[str, bytes] | None = None) -> None:
        """A new file with its content and any alternate data streams."""
        self.make_folders(path.rpartition("/")[0])
        inode = self._create(path, _S_IFREG)
        try:
            self._write_attribute(inode, data, None)
            for stream, content in sorted((streams or {}).items()):
                self._write_attribute(inode, content, stream)
        finally:
            self._lib.ntfs_inode_close(inode)

    def set_times(self, path: str, unix_seconds: int) -> None:
        """Creation, modification and access times (the MFT change time is the library's clock; see the docs)."""
        inode = self._open(path)
        try:
            value = struct.pack("<QQQ", *([ntfs_time(unix_seconds)] * 3))
            if self._lib.ntfs_inode_set_times(inode, value, len(value), 0) != 0:
                raise TrainingError(f"cannot set the times of {path}: errno {ctypes.get_errno()}")
        finally:
            self._lib.ntfs_inode_close(inode)

    def delete(self, path: str) -> None:
        """Unlinks a file or an empty folder; its MFT record is freed but stays readable until reused."""
        parent_path, _, name = path.rstrip("/").rpartition("/")
        # The file first: looking it up opens and closes its folder, and libntfs-3g must never hold two open copies
        # of one inode (a stale one stays in its inode cache and is written back later, index entries and all).
        inode = self._open(path)
        parent = self._open(parent_path or "/")
        record = _record_number(inode)
        buffer, length = self._name(name)
        # ntfs_delete closes both inodes, whether or not it succeeds.
        if self._lib.ntfs_delete(self._volume, path.encode(), inode, parent, buffer, length) != 0:
            raise TrainingError(f"cannot delete {path} from the NTFS image: errno {ctypes.get_errno()}")
        self.log.append({"action": "delete", "path": path, "record": record})


def _record_number(inode: int) -> int:
    """The MFT record number of an open inode: libntfs-3g's `ntfs_inode` starts with it (u64 mft_no)."""
    return ctypes.c_uint64.from_address(inode).value


def folders_of(paths: Iterable[str]) -> list[str]:
    """Every folder above the given paths, parents before children."""
    folders = set()
    for path in paths:
        parts = [p for p in path.split("/") if p][:-1]
        for depth in range(1, len(parts) + 1):
            folders.add("/" + "/".join(parts[:depth]))
    return sorted(folders, key=lambda folder: (folder.count("/"), folder))


def _write_entry(volume: NtfsVolume, entry: dict[str, Any]) -> None:
    streams = {name: Path(source).read_bytes() for name, source in entry.get("streams", {}).items()}
    volume.write_file(entry["path"], Path(entry["source"]).read_bytes(), streams)


def populate(image: Path, plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Writes the plan's folders and files and sets every time, then, in a second mount, makes its later steps in
    order: deletions, and files written after a deletion. Returns each creation and deletion, in order, with its
    MFT record.

    Plan: {"folders": [path, ...] (parents first), "files": [{"path", "source", "mtime", "streams": {name:
    source}}], "then": [{"delete": path} | {"write": file}, ...], "folder_time": seconds}. A deleted folder comes
    after the files inside it. Mounting again is what a restart does: libntfs-3g then hands out the lowest free MFT
    record, as Windows does, instead of the one after the last it gave.
    """
    with NtfsVolume(image) as volume:
        for folder in plan["folders"]:
            volume.make_folders(folder)
        for entry in plan["files"]:
            _write_entry(volume, entry)
        for entry in plan["files"]:
            volume.set_times(entry["path"], entry["mtime"])
        for folder in plan["folders"]:
            volume.set_times(folder, plan["folder_time"])
        log = volume.log
    with NtfsVolume(image) as volume:
        for step in plan.get("then", []):
            if "delete" in step:
                volume.delete(step["delete"])
            else:
                _write_entry(volume, step["write"])
                volume.set_times(step["write"]["path"], step["write"]["mtime"])
        return log + volume.log


def populate_in_worker(image: Path, plan: dict[str, Any], clock: int) -> list[dict[str, Any]]:
    """`populate` in a child process under the frozen clock: libntfs-3g is native code and reads the clock."""
    plan_file, log_file = image.with_suffix(".plan.json"), image.with_suffix(".log.json")
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "heroes_desktop.training.ntfs_writer", str(image),
                                 str(plan_file), str(log_file)], capture_output=True, text=True, check=False,
                                env=frozen_clock_env(clock))
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines()
            raise TrainingError(f"writing the NTFS volume failed: {lines[-1] if lines else result.returncode}")
        return json.loads(log_file.read_text(encoding="utf-8"))
    finally:
        plan_file.unlink(missing_ok=True)
        log_file.unlink(missing_ok=True)


if __name__ == "__main__":
    operations = populate(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    Path(sys.argv[3]).write_text(json.dumps(operations), encoding="utf-8")
