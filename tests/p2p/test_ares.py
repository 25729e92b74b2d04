"""Ares Galaxy's ShareL.dat, ShareH.dat and TorrentH.dat, written by this test as Ares writes them
(``set_cached_metas``, ``set_trusted_metas``, ``storeTorrentReference``): the signature, then each record's header and
detail block enciphered with ``e67`` (the output byte drives the running key), implemented here from that
description."""

from __future__ import annotations

import hashlib
import random
import struct
import time

import pytest

from heroes_desktop.p2p import ares
from heroes_desktop.p2p.errors import MalformedRecord


def e67(plain: bytes, key: int) -> bytes:
    """Ares' encipher: byte XOR the key's high byte, the key advanced with the enciphered byte, 16 bits."""
    out = bytearray()
    for byte in plain:
        enciphered = byte ^ (key >> 8)
        out.append(enciphered)
        key = ((enciphered + key) * 23219 + 36126) & 0xFFFF
    return bytes(out)


def field(kind: int, value: bytes) -> bytes:
    return bytes([kind]) + struct.pack("<H", len(value)) + value


def sharel_record(sha1: bytes, mime: int, size: int, details: bytes) -> bytes:
    header = sha1 + bytes([mime]) + struct.pack("<IQIIIH", 0, size, 0, 0, 0, len(details))
    return e67(header, 13871) + e67(details, 13872)


def shareh_record(sha1: bytes, shared: bool, details: bytes) -> bytes:
    return e67(sha1 + bytes([int(shared)]) + struct.pack("<H", len(details)), 13871) + e67(details, 13872)


def torrenth_record(date: int, mime: int, size: int, seeds: int, infohash: bytes, details: bytes) -> bytes:
    header = struct.pack("<IBQI", date, mime, size, seeds) + infohash + struct.pack("<H", len(details))
    return e67(header, 12971) + e67(details, 13175)


SHA1_A = hashlib.sha1(b"a").digest()
SHA1_B = hashlib.sha1(b"b").digest()
PATH = "C:\\Users\\Ana\\Mis documentos\\My Shared Folder\\Canción del verano.mp3"


def _sharel() -> bytes:
    details = (field(1, PATH.encode("utf-8")) + field(2, "Canción del verano".encode("utf-8")) + field(3, b"Banda")
               + field(4, b"") + field(5, b"Pop") + field(6, b"2009") + field(7, b"") + field(8, b"es")
               + field(9, b"") + field(10, "comentario año".encode("utf-8")) + field(18, SHA1_B)
               + field(17, SHA1_A))
    return (b"__ARESDB1.04L_" + sharel_record(SHA1_A, 1, 4_567_890, details)
            + sharel_record(SHA1_B, 7, 0, b"")  # no details: Ares skips it
            + sharel_record(SHA1_B, 7, 12_000, field(1, b"D:\\fotos\\playa.jpg")))


def test_sharel_gives_each_shared_file_with_path_size_and_sha1() -> None:
    song, photo = ares.parse_sharel(_sharel())
    assert (song.client, song.kind) == ("ares", "known")
    assert song.name == "Canción del verano.mp3" and song.size == 4_567_890
    assert song.details["path"] == PATH and song.details["sha1"] == SHA1_A.hex()
    assert song.details["title"] == "Canción del verano" and song.details["artist"] == "Banda"
    assert song.details["comment"] == "comentario año" and song.details["language"] == "es"
    assert song.details["media_type"] == "audio" and song.details["corrupt"] is True
    assert song.details["hash_of_part_hashes"] == SHA1_B.hex()
    assert "album" not in song.details  # empty fields are not kept
    assert photo.name == "playa.jpg" and photo.size == 12_000 and photo.details["media_type"] == "image"


def test_shareh_gives_the_shared_flag_and_the_date_added() -> None:
    details = field(2, "Vídeo de la boda".encode("utf-8")) + field(5, b"Home") + field(11, struct.pack("<I",
                                                                                                       1_300_000_000))
    data = b"__ARESDB1.02H_" + shareh_record(SHA1_A, True, details) + shareh_record(SHA1_B, False, field(2, b"x"))
    first, second = ares.parse_shareh(data)
    assert first.name == "Vídeo de la boda" and first.details["shared"] is True
    assert first.details["sha1"] == SHA1_A.hex() and first.times == {"added": "2011-03-13T07:06:40Z"}
    assert second.details["shared"] is False and second.times == {}


def test_torrenth_gives_info_hash_title_seeds_and_trackers() -> None:
    infohash = hashlib.sha1(b"info").digest()
    details = (field(1, "Colección de paisajes".encode("utf-8"))
               + field(2, b"udp://tracker.example:80\x00http://t2.example/announce\x00") + field(3, infohash))
    data = b"__ARESDB1.02H_" + torrenth_record(1_400_000_000, 7, 9_999_999, 25, infohash, details)
    (record,) = ares.parse_torrenth(data)
    assert (record.kind, record.infohash, record.size) == ("torrent", infohash.hex(), 9_999_999)
    assert record.name == "Colección de paisajes" and record.times == {"added": "2014-05-13T16:53:20Z"}
    assert record.details == {"media_type": "image", "seeds": 25, "verified": True,
                              "trackers": ["udp://tracker.example:80", "http://t2.example/announce"]}


def test_empty_files_have_no_records() -> None:
    assert ares.parse_sharel(b"__ARESDB1.04L_") == []
    assert ares.parse_shareh(b"__ARESDB1.02H_") == []


@pytest.mark.parametrize(
    ("parse", "data", "reason"),
    [
        (ares.parse_sharel, b"__ARESDB1.02H_" + bytes(60), "bad signature at offset 0"),
        (ares.parse_shareh, b"", "bad signature"),
        (ares.parse_sharel, _sharel()[:-4], "truncated"),
        (ares.parse_sharel, _sharel()[:30], "record header needs 47 bytes, 16 left at offset 14"),
        (ares.parse_shareh, b"__ARESDB1.02H_" + e67(SHA1_A + b"\x01" + struct.pack("<H", 5000), 13871) + bytes(9),
         "detail length 5000 over 1024 at offset 35"),
        (ares.parse_shareh, b"__ARESDB1.02H_" + shareh_record(SHA1_A, True, b"\x02\xff\x00abc"),
         "detail field 2 of 255 bytes overruns its block at offset 37"),
    ],
    ids=["wrong-signature", "empty", "truncated-details", "truncated-header", "detail-too-long", "field-overrun"],
)
def test_malformed_ares_files_fail_with_their_reason(parse, data: bytes, reason: str) -> None:  # noqa: ANN001
    with pytest.raises(MalformedRecord) as excinfo:
        parse(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


def test_damaged_sharel_raises_only_malformed_record_and_stays_fast() -> None:
    sample, rng = _sharel(), random.Random(7)
    mutants = [sample[:cut] for cut in range(len(sample))]
    for _ in range(300):
        buf = bytearray(sample)
        buf[rng.randrange(14, len(buf))] = rng.randrange(256)
        mutants.append(bytes(buf))
    started = time.perf_counter()
    for mutant in mutants:
        try:
            ares.parse_sharel(mutant)
        except MalformedRecord as exc:
            assert "offset" in str(exc)
    assert time.perf_counter() - started < 5


def test_paths_claimed() -> None:
    claims = {p.description: p for p in ares.parsers()}
    assert len(claims) == 3
    base = "/users/ana/appdata/local/ares/data/"
    for name, parse in (("sharel.dat", ares.parse_sharel), ("shareh.dat", ares.parse_shareh),
                        ("torrenth.dat", ares.parse_torrenth)):
        assert [p.parse for p in ares.parsers() if p.matches(base + name)] == [parse]
    assert not any(p.matches(base + "sharel.dat.bak") for p in ares.parsers())
