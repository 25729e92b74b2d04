"""7z members: each member gets its own bytes (shared names included), a member whose data is missing or corrupt is
a failed member with its reason (never an empty file), and the member limit holds (issue 20)."""

from __future__ import annotations

import binascii
import hashlib
import io
import struct
from pathlib import Path

import py7zr

from heroes_desktop.evidence.containers import ContainerLimits, expand
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.evidence.conftest import ingest_paths


def _seven_zip(members: list[tuple[str, bytes]], *, plain_header: bool = False, copy: bool = False) -> bytearray:
    """A 7z of ``members`` in order (a name may repeat); ``plain_header`` leaves the header uncompressed so that a
    test can edit it, ``copy`` stores the data uncompressed so that a test can corrupt one member's bytes."""
    buffer = io.BytesIO()
    filters = [{"id": py7zr.FILTER_COPY}] if copy else None
    with py7zr.SevenZipFile(buffer, "w", filters=filters) as archive:
        if plain_header:
            archive.set_encoded_header_mode(False)
        for name, data in members:
            archive.writestr(data, name)
    return bytearray(buffer.getvalue())


def _fix_header_crcs(data: bytearray) -> bytes:
    """Recompute the next-header and start-header CRCs after a test edited the header."""
    offset, size = struct.unpack("<QQ", data[12:28])
    data[28:32] = struct.pack("<I", binascii.crc32(bytes(data[32 + offset:32 + offset + size])))
    data[8:12] = struct.pack("<I", binascii.crc32(bytes(data[12:32])))
    return bytes(data)


def test_members_sharing_a_name_each_get_their_own_bytes() -> None:
    data = bytes(_seven_zip([("a.txt", b"first copy"), ("a.txt", b"second, different copy"), ("a.txt_0", b"x")]))
    expansion = expand(data, "7z", "dup.7z", ContainerLimits())
    assert expansion.error is None
    assert [(m.name, m.data) for m in expansion.members] == [
        ("a.txt", b"first copy"), ("a.txt", b"second, different copy"), ("a.txt_0", b"x")]


def test_second_member_of_the_same_name_is_hashed(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "dup.7z").write_bytes(bytes(_seven_zip([("a.txt", b"first copy\n"), ("a.txt", b"second copy\n")])))
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder, jobs=1,
                           stages=("filetype", "hash"))
    members = sorted(r["md5"] for r in records if r["path"] == "/dup.7z/a.txt")
    assert members == sorted(hashlib.md5(text).hexdigest() for text in (b"first copy\n", b"second copy\n"))


def test_a_member_whose_stored_name_py7zr_normalises_keeps_its_bytes() -> None:
    """py7zr writes "/a.txt" as "a.txt": the member was looked up by its stored name and silently came out empty."""
    data = _seven_zip([("xa.txt", b"payload"), ("other.txt", b"second")], plain_header=True)
    old, new = "xa.txt".encode("utf-16-le"), "/a.txt".encode("utf-16-le")
    assert data.count(old) == 1
    data[:] = data.replace(old, new)
    expansion = expand(_fix_header_crcs(data), "7z", "names.7z", ContainerLimits())
    assert [(m.name, m.data, m.error) for m in expansion.members] == [("a.txt", b"payload", None),
                                                                    ("other.txt", b"second", None)]


def test_a_corrupt_member_is_failed_with_its_reason_and_the_earlier_ones_are_kept() -> None:
    data = _seven_zip([("a.txt", b"A" * 1000), ("b.txt", b"B" * 1000), ("c.txt", b"C" * 1000)], copy=True)
    at = bytes(data).index(b"B" * 1000)
    data[at + 500] ^= 0xFF  # b.txt's stored bytes no longer match its CRC
    expansion = expand(bytes(data), "7z", "corrupt.7z", ContainerLimits())
    members = {m.name: m for m in expansion.members}
    assert members["a.txt"].data == b"A" * 1000 and members["a.txt"].error is None
    for name in ("b.txt", "c.txt"):
        assert members[name].data is None, name  # never an empty file
        assert "7z member not extracted" in (members[name].error or ""), name
    assert "CrcError" in (members["b.txt"].error or "")
    assert expansion.error and "partly unreadable" in expansion.error


def test_the_member_limit_holds_for_7z() -> None:
    data = bytes(_seven_zip([(f"f{i}.txt", b"%d" % i) for i in range(150)]))
    expansion = expand(data, "7z", "many.7z", ContainerLimits(max_members=100))
    assert len(expansion.members) == 100
    assert [m.data for m in expansion.members[:3]] == [b"0", b"1", b"2"]
    assert expansion.error == "holds more than 100 members"
