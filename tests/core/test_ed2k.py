"""The eDonkey hash (ED2K) against published values, at and around the 9,728,000-byte block boundary, and fed in
chunks that straddle it."""

from __future__ import annotations

import hashlib
import random

import pytest
from Cryptodome.Hash import MD4

from heroes_desktop.core.hashing import ED2K_BLOCK, Ed2kHasher, MultiHasher

EMPTY_MD4 = "31d6cfe0d16ae931b73c59d7e0c089c0"  # RFC 1320, appendix A.5: MD4("")


def _md4(data: bytes) -> bytes:
    return MD4.new(data).digest()


def _ed2k(data: bytes | memoryview, chunk: int | None = None) -> Ed2kHasher:
    hasher = Ed2kHasher()
    if chunk is None:
        hasher.update(data)
    else:
        view = memoryview(data)
        for start in range(0, len(view), chunk):
            hasher.update(view[start:start + chunk])
    return hasher


def test_rfc_1320_vectors_are_the_ed2k_of_files_under_one_block() -> None:
    """RFC 1320 appendix A.5: a file shorter than one block hashes as the MD4 of its bytes."""
    assert _ed2k(b"").hexdigest() == EMPTY_MD4
    assert _ed2k(b"abc").hexdigest() == "a448017aaf21d8525fc10ae87aa6729d"
    assert _ed2k(b"message digest").hexdigest() == "d9130a8164549fe818874806e1c7014b"
    assert _ed2k(b"test").hexdigest() == "db346d691d7acc4dc2625db19f9e3f52"  # ed2k://|file|notes.txt|4|DB34...|/


def test_published_values_of_files_of_zeros() -> None:
    """The AniDB wiki's table of files of zeros, both conventions; the case stores the red one (eMule's)."""
    one = _ed2k(bytes(ED2K_BLOCK))
    assert one.hexdigest() == "fc21d9af828f92a8df64beac3357425d"
    assert one.blue_hexdigest() == "d7def262a127cd79096a108e7a9fc138"
    two = _ed2k(bytes(2 * ED2K_BLOCK))
    assert two.hexdigest() == "114b21c63a74b6ca922291a11177dd5c"
    assert two.blue_hexdigest() == "194ee9e4fa79b2ee9f8829284c466051"


def test_block_boundaries_follow_the_definition() -> None:
    data = random.Random(21).randbytes(2 * ED2K_BLOCK + 10)
    first, second = data[:ED2K_BLOCK], data[ED2K_BLOCK:2 * ED2K_BLOCK]
    just_under = _ed2k(data[:ED2K_BLOCK - 1])
    assert just_under.hexdigest() == just_under.blue_hexdigest() == MD4.new(data[:ED2K_BLOCK - 1]).hexdigest()
    exactly = _ed2k(first)
    assert exactly.hexdigest() == MD4.new(_md4(first) + _md4(b"")).hexdigest()
    assert exactly.blue_hexdigest() == MD4.new(first).hexdigest()
    one_more = _ed2k(data[:ED2K_BLOCK + 1])
    expected = MD4.new(_md4(first) + _md4(data[ED2K_BLOCK:ED2K_BLOCK + 1])).hexdigest()
    assert one_more.hexdigest() == one_more.blue_hexdigest() == expected
    two = _ed2k(data[:2 * ED2K_BLOCK])
    assert two.hexdigest() == MD4.new(_md4(first) + _md4(second) + _md4(b"")).hexdigest()
    assert two.blue_hexdigest() == MD4.new(_md4(first) + _md4(second)).hexdigest()
    assert _ed2k(data).hexdigest() == MD4.new(_md4(first) + _md4(second) + _md4(data[-10:])).hexdigest()


@pytest.mark.parametrize("chunk", [1 << 20, 4_999_999, ED2K_BLOCK - 1, ED2K_BLOCK + 7, 3 * ED2K_BLOCK])
def test_chunks_that_straddle_the_boundary_give_the_one_shot_hash(chunk: int) -> None:
    data = random.Random(chunk).randbytes(2 * ED2K_BLOCK + 12_345)
    whole = _ed2k(data)
    assert _ed2k(data, chunk).hexdigest() == whole.hexdigest()
    exact = memoryview(data)[:2 * ED2K_BLOCK]
    assert _ed2k(exact, chunk).hexdigest() == _ed2k(bytes(exact)).hexdigest()


def test_odd_small_chunks_and_a_digest_read_midway() -> None:
    data = random.Random(7).randbytes(ED2K_BLOCK + 3)
    hasher, position, sizes = Ed2kHasher(), 0, [1, 3, 4093, 65_537, 999_983]
    while position < len(data):
        size = sizes[position % len(sizes)]
        hasher.update(data[position:position + size])
        position += size
        if position == ED2K_BLOCK - 1:
            hasher.hexdigest()  # reading the digest does not end the hash
    assert hasher.hexdigest() == _ed2k(data).hexdigest()
    hasher.update(b"")
    assert hasher.hexdigest() == _ed2k(data).hexdigest()


def test_multihasher_adds_ed2k_in_the_same_pass() -> None:
    data = random.Random(3).randbytes(ED2K_BLOCK + 100)
    hasher = MultiHasher()
    for start in range(0, len(data), 1 << 20):
        hasher.update(memoryview(data)[start:start + (1 << 20)])
    assert hasher.hexdigests() == {"md5": hashlib.md5(data).hexdigest(), "sha1": hashlib.sha1(data).hexdigest(),
                                   "sha256": hashlib.sha256(data).hexdigest(), "ed2k": _ed2k(data).hexdigest()}
    assert hasher.size == len(data)
    assert "ed2k" not in MultiHasher(ed2k=False).hexdigests()
