"""File hashes computed together in one pass over the bytes: MD5, SHA-1, SHA-256 and the eDonkey hash (ED2K).

The ED2K hash names a file on the eDonkey 2000 network and in eMule, MLDonkey, Shareaza and aMule; P2P clients'
records (``known.met``, ``.part.met``, ``ed2k://`` links) carry it, and hash sets of P2P material are published in
it. It is MD4 over blocks of 9,500 KiB (9,728,000 bytes):

* a file shorter than one block: the MD4 of its bytes (so the empty file is ``31d6cfe0d16ae931b73c59d7e0c089c0``);
* otherwise: the MD4 of the concatenated MD4s of its blocks, the last one partial.

Clients disagree on a file whose size is an exact multiple of the block size. The *red* convention (eMule and the
clients that follow it, and so what eMule's ``known.met`` and most published links hold) ends such a file with one
more, empty block: the list of block digests gets ``MD4(b"")`` appended, and a file of exactly one block is
``MD4(MD4(block) + MD4(b""))``. The *blue* convention (eDonkey 2000 0.5.0 to 1.4.3 and MLDonkey, per the AniDB wiki's
list) appends nothing, so a file of exactly one block is the MD4 of that block. Published check values (the AniDB
wiki's table of files of zeros; go-ed2k's documentation of the two conventions), verified by the tests:

==========================  ======================================  ======================================
9,728,000 zero bytes        red ``fc21d9af828f92a8df64beac3357425d``  blue ``d7def262a127cd79096a108e7a9fc138``
19,456,000 zero bytes       red ``114b21c63a74b6ca922291a11177dd5c``  blue ``194ee9e4fa79b2ee9f8829284c466051``
==========================  ======================================  ======================================

The case stores the red hash (the one eMule computes and its records carry); :meth:`Ed2kHasher.blue_hexdigest`
gives the other for the rare file where they differ.

MD4 is not in ``hashlib`` where OpenSSL 3 leaves it out (its legacy provider), so it comes from pycryptodomex,
imported when the first ED2K hasher is made, not at start-up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

FILE_CHUNK = 1 << 20
ED2K_BLOCK = 9_728_000  # 9,500 KiB


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks (lowercase hex)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(FILE_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _md4() -> Any:
    from Cryptodome.Hash import MD4  # noqa: PLC0415 - loaded only where an ED2K hash is computed

    return MD4


class Ed2kHasher:
    """The eDonkey hash of the bytes fed (lowercase hex), red convention by :meth:`hexdigest`; see the module."""

    __slots__ = ("_block", "_block_digests", "_filled", "_md4")

    def __init__(self) -> None:
        self._md4 = _md4()
        self._block = self._md4.new()
        self._filled = 0  # bytes of the current block fed so far
        self._block_digests: list[bytes] = []  # of the full blocks before the current one

    def update(self, data: bytes | memoryview) -> None:
        """Feed bytes; a chunk that straddles a block boundary is split by zero-copy memoryview slices."""
        view = data if isinstance(data, memoryview) else memoryview(data)
        while len(view):
            if self._filled == ED2K_BLOCK:  # a block is closed only once a byte follows it: see hexdigest
                self._block_digests.append(self._block.digest())
                self._block, self._filled = self._md4.new(), 0
            take = min(len(view), ED2K_BLOCK - self._filled)
            self._block.update(view[:take] if take < len(view) else view)
            self._filled += take
            view = view[take:]

    def hexdigest(self) -> str:
        """The red ED2K hash: a size that is a multiple of the block size ends with the MD4 of an empty block."""
        return self._combine(red=True)

    def blue_hexdigest(self) -> str:
        """The blue ED2K hash (MLDonkey's): no empty block after a last full one."""
        return self._combine(red=False)

    def _combine(self, *, red: bool) -> str:
        digests = [*self._block_digests, self._block.digest()]
        if red and self._filled == ED2K_BLOCK:
            digests.append(self._md4.new().digest())
        if len(digests) == 1:  # shorter than one block (or exactly one, blue): the MD4 of the bytes themselves
            return self._block.hexdigest()
        return str(self._md4.new(b"".join(digests)).hexdigest())


class MultiHasher:
    """Feed bytes once; get every file digest (lowercase hex): MD5, SHA-1, SHA-256 and, unless ``ed2k=False``,
    the ED2K hash (the hash of a whole evidence image needs no ED2K)."""

    __slots__ = ("_ed2k", "_md5", "_sha1", "_sha256", "size")

    def __init__(self, *, ed2k: bool = True) -> None:
        self._md5, self._sha1, self._sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
        self._ed2k = Ed2kHasher() if ed2k else None
        self.size = 0

    def update(self, data: bytes | memoryview) -> None:
        self._md5.update(data)
        self._sha1.update(data)
        self._sha256.update(data)
        if self._ed2k is not None:
            self._ed2k.update(data)
        self.size += len(data)

    def hexdigests(self) -> dict[str, str]:
        digests = {"md5": self._md5.hexdigest(), "sha1": self._sha1.hexdigest(), "sha256": self._sha256.hexdigest()}
        if self._ed2k is not None:
            digests["ed2k"] = self._ed2k.hexdigest()
        return digests
