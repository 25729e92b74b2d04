"""eMule's binary records (known.met, part.met, cancelled.met) read from files this test writes byte for byte as the
clients write them: eMule's ``CTag::WriteTagToFile`` (type, uint16 name length 1, ID) and aMule's
``WriteNewEd2kTag`` (type | 0x80, ID, short string and small integer types), from the layouts in eMule's
``KnownFile.cpp``/``PartFile.cpp``/``KnownFileList.cpp``. The writer below is built from that description alone."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import struct
import time

import pytest

from heroes_desktop.p2p import emule
from heroes_desktop.p2p.errors import MalformedRecord

# --- a writer from the format description --------------------------------------------------------------------------


def u16(v: int) -> bytes:
    return struct.pack("<H", v)


def u32(v: int) -> bytes:
    return struct.pack("<I", v)


def u64(v: int) -> bytes:
    return struct.pack("<Q", v)


def met_string(text: str) -> bytes:
    """utf8strOptBOM: plain bytes when ASCII, else a UTF-8 byte-order mark and UTF-8; uint16 length first."""
    raw = text.encode("ascii") if text.isascii() else b"\xef\xbb\xbf" + text.encode("utf-8")
    return u16(len(raw)) + raw


def emule_tag(tag_type: int, tag_id: int, payload: bytes) -> bytes:
    """eMule's file tag: type, name length 1, the one-byte ID, the value."""
    return bytes([tag_type]) + u16(1) + bytes([tag_id]) + payload


def named_tag(tag_type: int, name: bytes, payload: bytes) -> bytes:
    return bytes([tag_type]) + u16(len(name)) + name + payload


def amule_tag(tag_type: int, tag_id: int, payload: bytes) -> bytes:
    """The newer ED2K form: type with the 0x80 flag, then the ID byte."""
    return bytes([tag_type | 0x80, tag_id]) + payload


def str_tag(tag_id: int, text: str) -> bytes:
    return emule_tag(0x02, tag_id, met_string(text))


def int_tag(tag_id: int, value: int) -> bytes:
    return emule_tag(0x03, tag_id, u32(value))


def int64_tag(tag_id: int, value: int) -> bytes:
    return emule_tag(0x0B, tag_id, u64(value))


def short_str_tag(tag_id: int, text: str) -> bytes:
    raw = text.encode("utf-8")
    assert 1 <= len(raw) <= 16
    return amule_tag(0x11 + len(raw) - 1, tag_id, raw)


def hashset(ed2k: bytes, parts: list[bytes]) -> bytes:
    return ed2k + u16(len(parts)) + b"".join(parts)


def known_record(date: int, ed2k: bytes, parts: list[bytes], tags: list[bytes]) -> bytes:
    return u32(date) + hashset(ed2k, parts) + u32(len(tags)) + b"".join(tags)


def known_met(records: list[bytes], header: int = 0x0E) -> bytes:
    return bytes([header]) + u32(len(records)) + b"".join(records)


def gap_tags(index: int, start: int, end_exclusive: int, large: bool = False) -> list[bytes]:
    """SavePartFile's gap pair: names FT_GAPSTART/FT_GAPEND followed by the decimal index."""
    number = str(index).encode("ascii")
    kind, pack = (0x0B, u64) if large else (0x03, u32)
    return [named_tag(kind, b"\x09" + number, pack(start)), named_tag(kind, b"\x0a" + number, pack(end_exclusive))]


ED2K_A = bytes.fromhex("a54c5e562d5e03ca7d77961eb9a745a4")
ED2K_B = bytes.fromhex("5e249b96f9a46a18fc2489b005bf2667")
PART_1 = bytes.fromhex("b3f5ce2a06bf403bfb9bfff68bddc4d9")
PART_2 = bytes.fromhex("509aa30c9ea8fc136b1159df2f35b8a9")
AICH = "JXQ5QSTZ2ZRUZ3X3HFN2XMGZKRDHNUXT"
T_WRITTEN = 1_600_000_000  # 2020-09-13T12:26:40Z
T_SHARED = 1_700_000_000  # 2023-11-14T22:13:20Z


def _sample_known() -> bytes:
    first = known_record(T_WRITTEN, ED2K_A, [PART_1, PART_2], [
        str_tag(0x01, "Canción española.mp3"),
        int_tag(0x02, 12_345_678),
        str_tag(0x27, AICH),
        int_tag(0x34, T_SHARED),
        named_tag(0x07, b"unknown blob", u32(3) + b"xyz"),  # skipped
        emule_tag(0x04, 0x77, struct.pack("<f", 1.5)),  # unknown ID, skipped
        int_tag(0x50, 1000),
        int_tag(0x54, 1),
        int_tag(0x51, 42),
        int_tag(0x52, 17),
        int_tag(0x19, 5),
        int_tag(0x21, T_SHARED + 5 * 3600),  # the next Kad source publication, five hours on
    ])
    second = known_record(0, ED2K_B, [], [
        short_str_tag(0x01, "photo.jpg"),
        amule_tag(0x08, 0x02, u16(40_000)),
        amule_tag(0x09, 0x51, bytes([3])),
        amule_tag(0x03, 0x28, u32(T_SHARED)),
        amule_tag(0x05, 0x60, b"\x01"),  # bool
        amule_tag(0x06, 0x61, u16(9) + b"\xff\x01"),  # bool array of 9: 9 // 8 + 1 bytes
        amule_tag(0x01, 0x62, PART_1),  # hash16
        amule_tag(0x0A, 0x63, bytes([2]) + b"ab"),  # bsob
        short_str_tag(0x03, "Image"),
    ])
    return known_met([first, second])


# --- known.met ------------------------------------------------------------------------------------------------------


def test_known_met_reads_every_field_of_both_tag_forms() -> None:
    first, second = emule.parse_known_met(_sample_known())
    assert (first.client, first.kind) == ("emule", "known")
    assert first.name == "Canción española.mp3"
    assert first.size == 12_345_678
    assert first.ed2k == ED2K_A.hex()
    assert first.times == {"last_written": "2020-09-13T12:26:40Z", "last_shared": "2023-11-14T22:13:20Z",
                           "kad_published": "2023-11-14T22:13:20Z"}
    assert first.details["uploaded"] == 1000 + (1 << 32)
    assert (first.details["requests"], first.details["accepted"]) == (42, 17)
    assert first.details["aich_hash"] == AICH
    assert first.details["part_hashes"] == 2
    assert first.details["upload_priority"] == 5
    assert second.name == "photo.jpg" and second.size == 40_000 and second.ed2k == ED2K_B.hex()
    assert second.times == {"last_seen": "2023-11-14T22:13:20Z"}  # date 0: no last_written
    assert second.details["requests"] == 3 and second.details["file_type"] == "Image"
    assert second.details["part_hashes"] == 0 and "uploaded" not in second.details


def test_known_met_with_large_files_has_64_bit_sizes() -> None:
    size = 5 * 1024**3 + 7
    parts = [bytes([i % 256]) * 16 for i in range(size // 9_728_000 + 1)]
    data = known_met([
        known_record(T_WRITTEN, ED2K_A, parts, [str_tag(0x01, "big.iso"), int64_tag(0x02, size)]),
        known_record(T_WRITTEN, ED2K_B, [], [str_tag(0x01, "hi.iso"), int_tag(0x02, 5), int_tag(0x3A, 2)]),
    ], header=0x0F)
    big, split = emule.parse_known_met(data)
    assert big.size == size and big.details["part_hashes"] == len(parts)
    assert split.size == 5 + (2 << 32)  # FT_FILESIZE with FT_FILESIZE_HI


def test_known_met_names_in_the_ansi_code_page_and_a_second_name() -> None:
    ansi_name = emule_tag(0x02, 0x01, u16(13) + "Año nuevo.mp3".encode("cp1252"))
    data = known_met([known_record(T_WRITTEN, ED2K_A, [], [ansi_name, str_tag(0x01, "other.mp3")])])
    (record,) = emule.parse_known_met(data)
    assert record.name == "Año nuevo.mp3"
    assert record.details["other_names"] == ["other.mp3"]
    assert record.size is None


def test_a_time_in_a_64_bit_tag_past_any_calendar_is_no_time() -> None:
    data = known_met([known_record(T_WRITTEN, ED2K_A, [], [str_tag(0x01, "a"), int64_tag(0x34, 2**63)])])
    (record,) = emule.parse_known_met(data)
    assert record.times == {"last_written": "2020-09-13T12:26:40Z"}


def test_empty_known_met_has_no_records() -> None:
    assert emule.parse_known_met(known_met([])) == []
    assert emule.parse_known_met(known_met([], header=0x0F)) == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x0d" + u32(0), "bad header 0x0D"),
        (b"", "header needs 1 bytes"),
        (_sample_known()[:-3], "truncated"),
        (known_met([known_record(1, ED2K_A, [], [bytes([0x0C]) + u16(1) + b"\x01" + b"x" * 8])]),
         "unknown tag type 0x0C (its length cannot be known) at offset 31"),
        (known_met([u32(1) + ED2K_A + u16(2) + PART_1]), "part hash count 2 cannot fit"),
        (known_met([u32(1) + ED2K_A + u16(0) + u32(1000) + int_tag(0x02, 1)]), "tag count 1000 cannot fit"),
        (known_met([known_record(1, ED2K_A, [], [emule_tag(0x07, 0x99, u32(0xFFFFFFF0) + b"abc")])]),
         "blob needs 4294967280 bytes"),
        (known_met([known_record(1, ED2K_A, [], [emule_tag(0x02, 0x01, u16(50) + b"short")])]), "string needs 50"),
    ],
    ids=["bad-header", "empty", "truncated", "unknown-tag-type", "part-hashes", "tag-count", "blob", "string"],
)
def test_malformed_known_met_fails_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="known.met") as excinfo:
        emule.parse_known_met(data)
    assert reason in str(excinfo.value)
    assert "offset" in str(excinfo.value)


def test_huge_record_count_is_refused_before_reading() -> None:
    data = b"\x0e" + u32(0xFFFFFFFF) + bytes(95)
    started = time.perf_counter()
    with pytest.raises(MalformedRecord, match="record count 4294967295 cannot fit in the 95 bytes left at offset 1"):
        emule.parse_known_met(data)
    assert time.perf_counter() - started < 0.05


def _mutants(data: bytes, count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = [data[:cut] for cut in range(len(data))]
    for _ in range(count):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        out.append(bytes(buf))
    return out


@pytest.mark.parametrize("parse", [emule.parse_known_met, emule.parse_part_met])
def test_truncated_and_damaged_files_raise_only_malformed_record(parse) -> None:  # noqa: ANN001
    sample = _sample_known() if parse is emule.parse_known_met else _sample_part()
    started = time.perf_counter()
    for mutant in _mutants(sample, 400, seed=21):
        try:
            records = parse(mutant)
        except MalformedRecord as exc:
            assert "offset" in str(exc)
        else:
            assert all(r.client == "emule" for r in records)
    assert time.perf_counter() - started < 5


# --- part.met -------------------------------------------------------------------------------------------------------

PART_SIZE = 20_000_000


def _sample_part(version: int = 0xE0) -> bytes:
    large = version == 0xE2
    size_tag = int64_tag(0x02, PART_SIZE) if large else int_tag(0x02, PART_SIZE)
    tags = [
        str_tag(0x01, "Película de vacaciones.avi"),
        size_tag,
        int_tag(0x08, 2_400_000),
        int_tag(0x14, 1),
        int_tag(0x18, 2),
        int_tag(0x05, T_SHARED),
        int_tag(0x53, 3),
        str_tag(0x12, "001.part"),
        named_tag(0x03, b"unknown", u32(9)),
        *gap_tags(0, 0, 1000, large),
        *gap_tags(1, 5000, 6000, large),
        *gap_tags(2, 5500, 6500, large),  # overlaps gap 1: the union counts once
        *gap_tags(3, PART_SIZE - 10, PART_SIZE + 500, large),  # clipped to the file's end
        named_tag(0x03, b"\x094", u32(7000)),  # a start without its end: eMule drops it
    ]
    return bytes([version]) + u32(T_WRITTEN) + hashset(ED2K_A, [PART_1, PART_2, PART_1]) + u32(len(tags)) + b"".join(
        tags)


@pytest.mark.parametrize("version", [0xE0, 0xE2])
def test_part_met_downloaded_bytes_come_from_the_gaps(version: int) -> None:
    (record,) = emule.parse_part_met(_sample_part(version))
    assert (record.client, record.kind) == ("emule", "part")
    assert record.name == "Película de vacaciones.avi"
    assert record.size == PART_SIZE and record.ed2k == ED2K_A.hex()
    missing = 1000 + (6500 - 5000) + 10
    assert record.details["missing"] == missing
    assert record.details["downloaded"] == PART_SIZE - missing
    assert record.details["gaps"] == 5
    assert record.details["transferred"] == 2_400_000
    assert record.details["paused"] is True
    assert record.details["download_priority"] == 2 and record.details["category"] == 3
    assert record.details["part_file"] == "001.part" and record.details["part_hashes"] == 3
    assert record.times == {"last_written": "2020-09-13T12:26:40Z", "last_seen_complete": "2023-11-14T22:13:20Z"}


def test_part_met_without_gaps_reports_no_computed_download() -> None:
    data = b"\xe0" + u32(T_WRITTEN) + hashset(ED2K_B, []) + u32(2) + str_tag(0x01, "a.txt") + int_tag(0x02, 10)
    (record,) = emule.parse_part_met(data)
    assert record.name == "a.txt" and record.size == 10 and "downloaded" not in record.details


def test_part_met_of_eMule_048_split_layout() -> None:
    tags = [str_tag(0x01, "split.bin"), int_tag(0x02, 100), *gap_tags(0, 50, 100)]
    data = b"\xe1" + u32(0) + hashset(ED2K_B, []) + u32(len(tags)) + b"".join(tags)
    (record,) = emule.parse_part_met(data)
    assert record.ed2k == ED2K_B.hex() and record.details["downloaded"] == 50 and record.times == {}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x0e" + bytes(40), "bad version 0x0E"),
        (_sample_part()[:-5], "truncated"),
        (b"\xe0" + u32(1) + hashset(ED2K_A, []) + u32(1) + int_tag(0x01, 5), "file name tag is not a string"),
        (b"\xe0" + u32(1) + hashset(ED2K_A, []) + u32(0x7FFFFFFF) + bytes(30), "tag count 2147483647 cannot fit"),
    ],
    ids=["bad-version", "truncated", "name-not-string", "tag-count"],
)
def test_malformed_part_met_fails_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="part.met") as excinfo:
        emule.parse_part_met(data)
    assert reason in str(excinfo.value) and "offset" in str(excinfo.value)


# --- cancelled.met --------------------------------------------------------------------------------------------------


def test_cancelled_met_keeps_the_seeded_hash_of_each_download() -> None:
    seed = 0x01020304
    hashed = hashlib.md5(u32(seed) + ED2K_A).digest()
    data = bytes([0x0F, 0x01]) + u32(seed) + u32(2) + hashed + b"\x00" + ED2K_B + b"\x01" + int_tag(0x70, 1)
    first, second = emule.parse_cancelled_met(data)
    assert first.kind == "download" and first.details == {"cancelled": True, "seed": seed,
                                                           "hashed_ed2k": hashed.hex()}
    assert emule.cancelled_key(seed, ED2K_A.hex()) == first.details["hashed_ed2k"]
    assert second.details["hashed_ed2k"] == ED2K_B.hex() and second.ed2k is None


def test_old_cancelled_met_has_plain_ed2k_hashes() -> None:
    (record,) = emule.parse_cancelled_met(b"\x0e" + u32(1) + ED2K_A + b"\x00")
    assert record.ed2k == ED2K_A.hex() and record.details == {"cancelled": True}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes([0x0F, 0x02]) + u32(1) + u32(0), "unknown version 2"),
        (b"\x10" + u32(0), "bad header 0x10"),
        (bytes([0x0F, 0x01]) + u32(1) + u32(0xFFFFFF) + bytes(20), "record count 16777215 cannot fit"),
        (b"\x0e" + u32(1) + ED2K_A + b"\x05" + int_tag(0x70, 1), "tag count 5 cannot fit"),
    ],
    ids=["version", "bad-header", "record-count", "tag-count"],
)
def test_malformed_cancelled_met_fails_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match="cancelled.met") as excinfo:
        emule.parse_cancelled_met(data)
    assert reason in str(excinfo.value)


def test_records_are_json_ready() -> None:
    records = [*emule.parse_known_met(_sample_known()), *emule.parse_part_met(_sample_part(0xE2))]
    for record in records:
        assert json.loads(json.dumps(dataclasses.asdict(record)))["ed2k"] == record.ed2k
