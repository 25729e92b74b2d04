"""MD5, SHA-1 and SHA-256 computed together in one pass over the bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

FILE_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks (lowercase hex)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(FILE_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class MultiHasher:
    """Feed bytes once; get all three digests (lowercase hex)."""

    __slots__ = ("_md5", "_sha1", "_sha256", "size")

    def __init__(self) -> None:
        self._md5, self._sha1, self._sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
        self.size = 0

    def update(self, data: bytes | memoryview) -> None:
        self._md5.update(data)
        self._sha1.update(data)
        self._sha256.update(data)
        self.size += len(data)

    def hexdigests(self) -> dict[str, str]:
        return {"md5": self._md5.hexdigest(), "sha1": self._sha1.hexdigest(), "sha256": self._sha256.hexdigest()}
