"""File systems with deletions, made by the tests: what the shared images do not cover.

NTFS through libntfs-3g (the training generator's writer, run in a child process): deleted files, a deleted folder
tree, a deleted file with an alternate data stream, a deleted resident file, and a freed record reused by a later
file. ext2 through ``mke2fs -d`` and ``debugfs``: a deleted name whose inode is given to a new file (the name stays
in the directory block, pointing at an inode that now belongs to another file: TSK's "realloc").
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NTFS_PLANTED = {  # path -> content, as written before any deletion
    "/reused_first.txt": b"this record is freed and then taken by newcomer.txt\n" * 40,
    "/keep.txt": b"kept\n" * 200,
    "/mult1.dat": b"M" * 5000,
    "/mult1.dat:ADS": b"stream of a deleted file\n",
    "/dir1/mult2.dat": b"two" * 3000,
    "/dir1/dir2/frag3.dat": b"frag3" * 4000,
    "/small.txt": b"resident data",
    "/live_ads.txt": b"live",
    "/live_ads.txt:Zone.Identifier": b"[ZoneTransfer]\r\nZoneId=3\r\n",
}
NTFS_DELETED = ["/reused_first.txt", "/mult1.dat", "/dir1/dir2/frag3.dat", "/dir1/dir2", "/dir1/mult2.dat",
                "/dir1", "/small.txt"]
NTFS_AFTER = {"/newcomer.txt": b"new content in a reused MFT record\n" * 10}

_NTFS_SCRIPT = """
import json, sys
from pathlib import Path
from heroes_desktop.training.ntfs_writer import NtfsVolume, format_ntfs
image, plan = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
format_ntfs(image, 16 * 2**20, 0, "DELETIONS", 0x5EED5EED, 1700000000)
with NtfsVolume(image) as volume:
    for path, (data, streams) in plan["files"].items():
        volume.write_file(path, bytes.fromhex(data), {k: bytes.fromhex(v) for k, v in streams.items()})
for path in plan["delete"]:  # one mount per deletion, as a user's separate actions
    with NtfsVolume(image) as volume:
        volume.delete(path)
with NtfsVolume(image) as volume:
    for path, data in plan["after"].items():
        volume.write_file(path, bytes.fromhex(data))
"""


def make_ntfs_with_deletions(image: Path) -> Path:
    files: dict[str, tuple[str, dict[str, str]]] = {}
    for path, data in NTFS_PLANTED.items():
        base, _, stream = path.partition(":")
        if stream:
            files[base][1][stream] = data.hex()
        else:
            files[path] = (data.hex(), {})
    plan = {"files": files, "delete": NTFS_DELETED, "after": {p: d.hex() for p, d in NTFS_AFTER.items()}}
    plan_file = image.with_suffix(".plan.json")
    plan_file.write_text(json.dumps(plan))
    subprocess.run([sys.executable, "-c", _NTFS_SCRIPT, str(image), str(plan_file)], check=True)
    plan_file.unlink()
    return image


EXT2_OLD = b"the first file, whose inode is taken by the second\n" * 30
EXT2_NEW = b"the second file, in the first one's inode\n" * 20
EXT2_KEPT = b"untouched\n" * 10


def make_ext2_with_reallocation(image: Path, staging: Path) -> Path:
    """``old.txt`` deleted, then ``sub/new.txt`` written into the freed inode (in another folder, so that the old
    name stays in its directory block); ``kept.txt`` untouched."""
    (staging / "sub").mkdir(parents=True, exist_ok=True)
    (staging / "old.txt").write_bytes(EXT2_OLD)
    (staging / "kept.txt").write_bytes(EXT2_KEPT)
    new = staging.parent / "new-source.txt"
    new.write_bytes(EXT2_NEW)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-d", str(staging), str(image), "2048"],
                   check=True, capture_output=True)
    subprocess.run(["debugfs", "-w", "-R", "rm old.txt", str(image)], check=True, capture_output=True)
    commands = staging.parent / "debugfs-commands.txt"
    commands.write_text(f"cd sub\nwrite {new} new.txt\n")
    subprocess.run(["debugfs", "-w", "-f", str(commands), str(image)], check=True, capture_output=True)
    return image


FAT_PLANTED = {"/docs/a.txt": b"alpha " * 400, "/docs/old/b_long_name_file.txt": b"beta content " * 300,
               "/c.bin": bytes(range(256)) * 28, "/keep.txt": b"kept on FAT\n" * 50}


def make_fat_with_deletions(image: Path, fat_bits: int, sectors: int) -> Path:
    """FAT12/16 through mkfs.fat and mtools: a deleted file and a deleted folder with a long-named file in it."""
    subprocess.run(["mkfs.fat", "-C", "-F", str(fat_bits), "-i", "5eed0001", str(image), str(sectors)], check=True,
                   capture_output=True)
    env = {"MTOOLS_SKIP_CHECK": "1", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run(["mmd", "-i", str(image), "::/docs", "::/docs/old"], check=True, env=env)
    for path, data in FAT_PLANTED.items():
        source = image.with_name(image.name + ".src")
        source.write_bytes(data)
        subprocess.run(["mcopy", "-i", str(image), str(source), f"::{path}"], check=True, env=env)
        source.unlink()
    subprocess.run(["mdel", "-i", str(image), "::/c.bin"], check=True, env=env)
    subprocess.run(["mdeltree", "-i", str(image), "::/docs/old"], check=True, env=env)
    return image


def make_ext3_with_deletions(image: Path, staging: Path) -> Path:
    """ext3 (mke2fs -d, then debugfs): a deleted file and a deleted folder holding one."""
    (staging / "gone").mkdir(parents=True, exist_ok=True)
    (staging / "gone" / "inside.txt").write_bytes(b"in a folder that is deleted\n" * 40)
    (staging / "deleted.txt").write_bytes(b"deleted on ext3\n" * 100)
    (staging / "stays.txt").write_bytes(b"stays on ext3\n" * 30)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext3", "-b", "1024", "-d", str(staging), str(image), "4096"],
                   check=True, capture_output=True, env={"E2FSPROGS_FAKE_TIME": "1700000000",
                                                         "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    for command in ("rm deleted.txt", "rm gone/inside.txt", "rmdir gone"):
        subprocess.run(["debugfs", "-w", "-R", command, str(image)], check=True, capture_output=True)
    return image
