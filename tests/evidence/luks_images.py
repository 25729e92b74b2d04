"""Encrypted test evidence: LUKS1 volumes holding a real file system, and MBR disks around them.

``cryptsetup open`` and ``cryptsetup reencrypt`` both map the volume through device-mapper, which this machine does
not have. So ``cryptsetup luksFormat`` writes the real header and key slot for a volume key chosen here
(``--volume-key-file``), and the payload is encrypted here with that key exactly as dm-crypt would:
aes-xts-plain64, 512-byte sectors numbered from the payload's start.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tests.evidence.builders import make_ext4_image

SECTOR = 512
MIB = 2**20
TOOLS_PATH = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
LUKS_PASSWORD = "Tr0ub4dor&3-luks"
PLANTED = {  # inside the LUKS volume of make_luks_disk
    "/plans/meeting.txt": b"the shipment leaves the port on friday at 04:00\n" * 40,
    "/plans/ledger.bin": random.Random(12).randbytes(70_000),
    "/notes.txt": b"call the lawyer\n",
}
PLAIN_FILE = b"nothing to hide here\n"  # /public.txt on the plain partition
LUKS_PARTITION = 3  # TSK's partition addresses: 0 the table, 1 the gap before partition 1, then 2 and 3
LUKS_OFFSET = 5 * MIB


def write_tree(folder: Path, contents: dict[str, bytes]) -> Path:
    for path, data in contents.items():
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def make_luks_disk(folder: Path) -> Path:
    """An MBR disk, read-only: partition 1 a plain ext4 file system holding /public.txt, partition 2 a LUKS1
    volume (10 MiB at 5 MiB) holding an ext4 file system with ``PLANTED``, unlocked by ``LUKS_PASSWORD``."""
    plain = make_ext4_image(folder / "plain.ext4", write_tree(folder / "plain", {"/public.txt": PLAIN_FILE}), 4)
    inner = make_ext4_image(folder / "inner.ext4", write_tree(folder / "secret", PLANTED), 8)
    volume = make_luks1_volume(folder / "secret.luks", inner, LUKS_PASSWORD)
    disk = folder / "disk.raw"
    assert make_mbr_disk(disk, plain, volume) == [MIB, LUKS_OFFSET]
    os.chmod(disk, 0o444)
    return disk


def make_luks1_volume(volume: Path, inner: Path, password: str, *, version: int = 1) -> Path:
    """``volume``: a LUKS volume whose plaintext is ``inner``'s bytes, unlocked by ``password``."""
    plaintext = inner.read_bytes()
    assert len(plaintext) % SECTOR == 0
    secrets = volume.parent / f".{volume.name}.keys"
    secrets.mkdir(exist_ok=True)
    key_file, volume_key_file = secrets / "password", secrets / "volume-key"
    key_file.write_text(password)
    volume_key = os.urandom(64)
    volume_key_file.write_bytes(volume_key)
    payload = 4096 * SECTOR  # cryptsetup's LUKS1 default (2 MiB, 1 MiB aligned)
    with volume.open("wb") as stream:
        stream.truncate(payload + len(plaintext) + (16 * MIB if version == 2 else 0))
    subprocess.run(["cryptsetup", "luksFormat", "--type", f"luks{version}", "--batch-mode",
                    "--pbkdf-force-iterations", "1000", *(["--pbkdf", "pbkdf2"] if version == 2 else []),
                    "--cipher", "aes-xts-plain64", "--key-size", "512", "--hash", "sha256",
                    "--key-file", str(key_file), "--volume-key-file", str(volume_key_file), str(volume)],
                   check=True, capture_output=True, env=TOOLS_PATH)
    for path in (key_file, volume_key_file):
        path.unlink()
    secrets.rmdir()
    if version == 1:
        with volume.open("r+b") as stream:
            stream.seek(payload)
            stream.write(_xts_plain64(volume_key, plaintext))
    return volume


def _xts_plain64(key: bytes, plaintext: bytes) -> bytes:
    out = bytearray()
    for sector in range(len(plaintext) // SECTOR):
        encryptor = Cipher(algorithms.AES(key), modes.XTS(sector.to_bytes(16, "little"))).encryptor()
        out += encryptor.update(plaintext[sector * SECTOR:(sector + 1) * SECTOR]) + encryptor.finalize()
    return bytes(out)


def make_mbr_disk(disk: Path, *volumes: Path) -> list[int]:
    """An MBR disk (sfdisk) whose partitions 1, 2, ... hold ``volumes``' bytes; returns their byte offsets."""
    offsets, position = [], MIB
    for volume in volumes:
        offsets.append(position)
        position += -(-volume.stat().st_size // MIB) * MIB
    with disk.open("wb") as stream:
        stream.truncate(position)
    script = "label: dos\n" + "".join(f"start={offset // SECTOR}, size={volume.stat().st_size // SECTOR}, type=83\n"
                                      for offset, volume in zip(offsets, volumes, strict=True))
    subprocess.run(["sfdisk", "--quiet", str(disk)], input=script.encode(), check=True, capture_output=True,
                   env=TOOLS_PATH)
    with disk.open("r+b") as stream:
        for offset, volume in zip(offsets, volumes, strict=True):
            stream.seek(offset)
            stream.write(volume.read_bytes())
    return offsets
