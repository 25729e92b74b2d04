"""Shareaza's Library1.dat written by this test as ``CLibrary::Save`` writes it through MFC's ``CArchive``: the
FILETIME, the version, the dictionary and map sizes, then folders and files in ``CLibraryFolder::Serialize`` /
``CLibraryFile::Serialize`` order; strings framed as MFC frames them (0xFF 0xFFFE marker, length, UTF-16LE), counts as
``WriteCount``, hashes as a uint32 validity flag and the bytes. The writer is built from that description alone."""

from __future__ import annotations

import hashlib
import random
import struct

import pytest

from heroes_desktop.p2p import shareaza
from heroes_desktop.p2p.errors import MalformedRecord

TRI_UNKNOWN, TRI_FALSE, TRI_TRUE = 0, 1, 2
FT_2020 = 132_223_104_000_000_000  # 2020-01-01T00:00:00Z as FILETIME


def cstring(text: str) -> bytes:
    """An MFC Unicode CString: 0xFF, 0xFFFE, then the length (byte, or 0xFF and a word) and UTF-16LE."""
    if not text:
        return b"\x00"
    raw = text.encode("utf-16-le")
    chars = len(raw) // 2
    length = bytes([chars]) if chars < 0xFF else b"\xff" + struct.pack("<H", chars)
    return b"\xff" + struct.pack("<H", 0xFFFE) + length + raw


def count(n: int) -> bytes:
    return struct.pack("<H", n) if n < 0xFFFF else b"\xff\xff" + struct.pack("<I", n)


def u32(v: int) -> bytes:
    return struct.pack("<I", v)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v)


def hash_field(digest: bytes | None) -> bytes:
    return u32(0) if digest is None else u32(1) + digest


def xml(name: str, attributes: dict[str, str], children: list[bytes] = ()) -> bytes:
    body = cstring(name) + cstring("") + count(len(attributes))
    body += b"".join(cstring(k) + cstring(v) for k, v in attributes.items())
    return body + count(len(children)) + b"".join(children)


def library_file(name: str, size: int, shared: int, *, sha1: bytes | None = None, ed2k: bytes | None = None,
                 bth: bytes | None = None, metadata: bytes | None = None, rating: int = 0, comments: str = "",
                 hits: int = 0, uploads: int = 0, sources: list[str] = ()) -> bytes:
    """A CLibraryFile as version 29 stores it."""
    out = cstring(name) + u32(7) + u64(size) + u64(FT_2020) + u32(shared) + u64(0)
    out += hash_field(sha1) + hash_field(None) + hash_field(hashlib.md5(name.encode()).digest()) + hash_field(ed2k)
    out += hash_field(bth) + u32(TRI_TRUE)
    out += (cstring("http://www.limewire.com/schemas/audio.xsd") + metadata) if metadata else cstring("")
    out += u32(rating) + cstring(comments) + cstring("") + u32(1) + u64(FT_2020 + 10_000_000)
    out += u32(hits) + u32(uploads) + u32(0) + u32(0)
    return out + count(len(sources)) + b"".join(cstring(url) + u64(FT_2020) for url in sources)


def library_folder(path: str, shared: int, folders: list[bytes], files: list[bytes]) -> bytes:
    return (cstring(path) + u32(shared) + u32(1) + count(len(folders)) + b"".join(folders) + count(len(files))
            + b"".join(files))


def library(folders: list[bytes], version: int = 29, saved: int = FT_2020) -> bytes:
    head = u64(saved) + u32(version) + u32(3) + u32(5) + u64(0) + u32(0)  # words; next index; map sizes
    return head + count(len(folders)) + b"".join(folders)


SHA1 = hashlib.sha1(b"song").digest()
ED2K = bytes.fromhex("31d6cfe0d16ae931b73c59d7e0c089c0")
BTH = hashlib.sha1(b"torrent").digest()


def _sample() -> bytes:
    song = library_file("Canción.mp3", 4_000_000, TRI_UNKNOWN, sha1=SHA1, ed2k=ED2K, bth=BTH,
                        metadata=xml("audio", {"Title": "Canción", "artist": "Banda"}, [xml("extra", {})]),
                        rating=4, comments="buena", hits=12, uploads=3, sources=["http://example.org/c.mp3"])
    private = library_file("notas.txt", 10, TRI_UNKNOWN)
    sub = library_folder("C:\\Users\\Ana\\Música\\Privado", TRI_FALSE, [], [private])
    return library([library_folder("C:\\Users\\Ana\\Música", TRI_TRUE, [sub], [song])])


def test_library_gives_folders_and_files_with_their_hashes_and_share_state() -> None:
    root, sub, private, song = shareaza.parse_library(_sample())
    assert (root.kind, root.name, root.details["shared"]) == ("shared-folder", "C:\\Users\\Ana\\Música", "true")
    assert (sub.name, sub.details["shared"]) == ("C:\\Users\\Ana\\Música\\Privado", "false")
    assert private.name == "notas.txt" and private.details["shared"] == "false"  # inherited from its folder
    assert (song.client, song.kind, song.name, song.size) == ("shareaza", "known", "Canción.mp3", 4_000_000)
    assert song.details["path"] == "C:\\Users\\Ana\\Música\\Canción.mp3"
    assert (song.ed2k, song.infohash, song.details["sha1"]) == (ED2K.hex(), BTH.hex(), SHA1.hex())
    assert song.details["md5"] == hashlib.md5("Canción.mp3".encode()).hexdigest() and "tiger" not in song.details
    assert song.details["metadata"] == {"title": "Canción", "artist": "Banda"}
    assert (song.details["rating"], song.details["comments"]) == (4, "buena")
    assert (song.details["hits"], song.details["uploads"], song.details["shared"]) == (12, 3, "true")
    assert song.details["sources"] == ["http://example.org/c.mp3"]
    assert song.times == {"modified": "2020-01-01T00:00:00Z", "metadata_changed": "2020-01-01T00:00:01Z"}
    assert song.details["library_saved"] == "2020-01-01T00:00:00Z"


def test_version_20_library_has_no_virtual_size_or_bittorrent_hash() -> None:
    name = "foto.jpg"
    file_v20 = (cstring(name) + u32(1) + u64(5000) + u64(FT_2020) + u32(TRI_TRUE) + hash_field(SHA1)
                + hash_field(None) + hash_field(None) + hash_field(ED2K) + u32(TRI_UNKNOWN)
                + cstring("http://www.shareaza.com/schemas/image.xsd") + u32(1) + xml("image", {"width": "640"})
                + u32(0) + cstring("") + cstring("") + u32(0) + u32(0) + u32(0) + u32(1) + count(0))
    head = u64(0) + u32(20) + u32(2)
    data = head + count(1) + cstring("D:\\Fotos") + u32(TRI_UNKNOWN) + u32(0) + count(0) + count(1) + file_v20
    folder, photo = shareaza.parse_library(data)
    assert folder.details["shared"] == "true"  # unknown all the way up is shared (CLibraryFolder::IsShared)
    assert (photo.name, photo.size, photo.ed2k, photo.infohash) == (name, 5000, ED2K.hex(), None)
    assert photo.details["metadata"] == {"width": "640"} and photo.details["bogus"] is True
    assert "library_saved" not in photo.details


def test_long_and_ansi_strings() -> None:
    long_name = "x" * 300 + ".avi"
    data = library([library_folder("C:\\a", TRI_TRUE, [], [library_file(long_name, 1, TRI_TRUE)])])
    assert shareaza.parse_library(data)[1].name == long_name
    ansi = u64(0) + u32(29) + u32(0) + u32(0) + bytes(12) + count(1) + bytes([4]) + b"C:\\b" + u32(2) + u32(0)
    assert shareaza.parse_library(ansi + count(0) + count(0))[0].name == "C:\\b"


def _nested(depth: int) -> bytes:
    inner = library_folder("C:\\d", TRI_TRUE, [], [])
    for _ in range(depth):
        inner = library_folder("C:\\d", TRI_TRUE, [inner], [])
    return library([inner])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (u64(0) + u32(30) + bytes(40), "unknown library version 30 (1 to 29 expected) at offset 8"),
        (_sample()[:-7], "truncated"),
        (u64(0) + u32(29) + bytes(20) + b"\xff\xff" + u32(0x7FFFFFFF) + bytes(40), "root folder count 2147483647"),
        (library([b"\xff\xfe\xff\x02" + b"\x00\xd8a\x00" + u32(2) + u32(0) + count(0) + count(0)]), "bad UTF-16"),
        (_nested(70), "folders nested deeper than 64"),
        (library([cstring("C:\\a") + u32(2) + u32(0) + count(0) + count(5000)]), "file count 5000 cannot fit"),
    ],
    ids=["version", "truncated", "huge-count", "bad-utf16", "too-deep", "file-count"],
)
def test_malformed_library_fails_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="Shareaza library") as excinfo:
        shareaza.parse_library(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


def test_every_truncation_raises_only_malformed_record() -> None:
    sample = _sample()
    for cut in range(len(sample)):
        with pytest.raises(MalformedRecord):
            shareaza.parse_library(sample[:cut])


def test_paths_claimed() -> None:
    (parser,) = shareaza.parsers()
    assert parser.matches("/users/ana/appdata/roaming/shareaza/data/library1.dat")
    assert parser.matches("/program files/shareaza/data/library2.dat")
    assert not parser.matches("/users/ana/games/data/library1.dat")


def test_damaged_library_raises_only_malformed_record() -> None:
    sample, rng = _sample(), random.Random(29)
    for _ in range(400):
        buf = bytearray(sample)
        for _ in range(rng.randint(1, 3)):
            buf[rng.randrange(12, len(buf))] = rng.randrange(256)
        try:
            shareaza.parse_library(bytes(buf))
        except MalformedRecord as exc:
            assert "offset" in str(exc)
