"""Evidence built for tests with real tools: ext4 images made by ``mke2fs -d`` from a generated folder."""

from __future__ import annotations

import gzip
import io
import random
import subprocess
import zipfile
from pathlib import Path


def populate(folder: Path, files: int, seed: int = 5) -> None:
    """A deterministic tree of small text and binary files, with a few containers."""
    rng = random.Random(seed)
    for index in range(files):
        target = folder / f"dir{index % 17:02d}" / f"sub{index % 5}" / f"file{index:05d}.{rng.choice(['txt', 'bin'])}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".txt":
            target.write_text(f"note {index}: meeting at {rng.randint(1, 12)} o'clock\n" * rng.randint(1, 50))
        else:
            target.write_bytes(rng.randbytes(rng.randint(1, 40_000)))
    for index in range(5):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"inner{index}.txt", f"inside zip {index}\n" * 100)
            archive.writestr("data.bin", rng.randbytes(5000))
        (folder / f"bundle{index}.zip").write_bytes(buffer.getvalue())
    (folder / "log.txt.gz").write_bytes(gzip.compress(b"compressed log line\n" * 500))


def make_ext4_image(image: Path, source: Path, size_mib: int) -> Path:
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-d", str(source), str(image), f"{size_mib}M"], check=True,
                   env={"E2FSPROGS_FAKE_TIME": "1700000000", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    return image
