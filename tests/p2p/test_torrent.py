"""``.torrent`` files made by tests/p2p/torrent_maker.py from files this test writes: v1 single and multi-file, v2 and
hybrid with pad files; info-hashes, file offsets, v1 piece checks and v2 roots; damaged files."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from heroes_desktop.p2p import bencode, torrent
from heroes_desktop.p2p.errors import MalformedRecord
from tests.p2p.torrent_maker import bencode as make_bencode
from tests.p2p.torrent_maker import make_torrent, v2_root_and_layer

PIECE = 32 * 1024


def content(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "Holiday Pics"
    (root / "sub").mkdir(parents=True)
    (root / "a.jpg").write_bytes(content(50_000, 1))  # 1.5 pieces
    (root / "b.txt").write_bytes(content(10, 2))
    (root / "empty.dat").write_bytes(b"")
    (root / "sub" / "c.bin").write_bytes(content(3 * PIECE, 3))  # whole pieces
    (root / "sub" / "d.bin").write_bytes(content(PIECE + 7, 4))
    return root


def reader(path):
    data = path.read_bytes()
    return lambda offset, length: data[offset:offset + length]


def test_bencode_of_a_known_info_dict_gives_its_published_shape():
    # BEP 3's own example shapes, checked against the maker's independent encoder.
    assert make_bencode({"cow": "moo", "spam": "eggs"}) == b"d3:cow3:moo4:spam4:eggse"
    assert make_bencode(["spam", "eggs", 3, -3]) == b"l4:spam4:eggsi3ei-3ee"
    assert bencode.decode(b"d3:cow3:moo4:spam4:eggse", "t") == {b"cow": b"moo", b"spam": b"eggs"}


def test_v1_single_file(tmp_path):
    path = tmp_path / "Song.mp3"
    path.write_bytes(content(100_000, 9))
    made = make_torrent(path, piece_length=PIECE, private=True)
    info = torrent.parse_torrent(made.data)
    assert info.infohash == made.infohash == hashlib.sha1(make_bencode(made.info)).hexdigest()
    assert info.infohash_v2 is None and info.meta_version == 1
    assert info.name == "Song.mp3" and info.total_size == 100_000 and info.piece_length == PIECE
    assert info.files == (torrent.TorrentFile("Song.mp3", 100_000, 0),)
    assert len(info.pieces) == 4 and info.pieces[0] == hashlib.sha1(path.read_bytes()[:PIECE]).digest()
    assert info.private and info.announce == "udp://tracker.example.org:1337/announce"
    assert info.creation_date == "2023-11-14T22:13:20Z" and info.created_by == "torrent_maker 1.0"
    assert torrent.verify_file_pieces(info, 0, reader(path)) == (4, 4)
    assert info.problems == ()


def test_v1_multi_file_offsets_and_pieces_across_files(folder):
    made = make_torrent(folder, piece_length=PIECE)
    info = torrent.parse_torrent(made.data)
    assert info.infohash == made.infohash
    assert [(f.path, f.length, f.padding) for f in info.files] == made.files
    offsets = [f.offset for f in info.files]
    assert offsets == [0, 50_000, 50_010, 50_010, 50_010 + 3 * PIECE]
    readers = {i: reader(folder / f.path) for i, f in enumerate(info.files)}
    # With every file, every piece checks.
    results = torrent.verify_pieces(info, readers)
    assert all(m == c and c > 0 for i, (m, c) in results.items() if info.files[i].length)
    # a.jpg alone: only its first piece lies wholly inside it (the second runs into b.txt and c.bin).
    assert torrent.verify_file_pieces(info, 0, readers[0]) == (1, 1)
    # A changed byte in c.bin fails the pieces it touches.
    data = bytearray((folder / "sub" / "c.bin").read_bytes())
    data[PIECE + 5] ^= 1
    readers[3] = lambda offset, length: bytes(data[offset:offset + length])
    matched, compared = torrent.verify_pieces(info, readers)[3]
    assert compared == 4 and matched == 3
    spans = torrent.piece_spans(info)
    assert spans[1] == [(0, PIECE, 50_000 - PIECE), (1, 0, 10), (3, 0, 2 * PIECE - 50_010)]


def test_v2_only_roots_and_infohash(folder):
    made = make_torrent(folder, version="v2", piece_length=PIECE)
    info = torrent.parse_torrent(made.data)
    assert info.infohash is None and info.infohash_v2 == made.infohash_v2 and info.meta_version == 2
    assert [f.path for f in info.files] == ["a.jpg", "b.txt", "empty.dat", "sub/c.bin", "sub/d.bin"]
    assert all(f.offset is None for f in info.files)
    for index, f in enumerate(info.files):
        assert f.pieces_root == made.pieces_roots.get(f.path)
        if f.length:
            assert torrent.file_pieces_root(reader(folder / f.path), f.length, PIECE) == f.pieces_root
            assert torrent.verify_v2_file(info, index, reader(folder / f.path))
    assert torrent.file_pieces_root(reader(folder / "empty.dat"), 0, PIECE) is None
    assert info.problems == ()


@pytest.mark.parametrize("size", [1, 16 * 1024, 16 * 1024 + 1, 3 * 16 * 1024, PIECE, PIECE + 1, 5 * PIECE + 100,
                                  8 * PIECE])
def test_v2_root_against_the_makers_full_tree(size):
    data = content(size, size)
    expected, _ = v2_root_and_layer(data, PIECE)
    assert torrent.file_pieces_root(lambda o, n: data[o:o + n], size, PIECE) == expected.hex()


def test_v2_root_of_one_block_is_its_sha256():
    data = b"hello"
    assert torrent.file_pieces_root(lambda o, n: data[o:o + n], 5, PIECE) == hashlib.sha256(data).hexdigest()


def test_hybrid_with_pad_files(folder):
    made = make_torrent(folder, version="hybrid", piece_length=PIECE, comment=None)
    info = torrent.parse_torrent(made.data)
    assert info.infohash == made.infohash and info.infohash_v2 == made.infohash_v2
    assert info.infohash_v2 == hashlib.sha256(make_bencode(made.info)).hexdigest()
    assert [(f.path, f.length, f.padding) for f in info.files] == made.files
    pads = [f for f in info.files if f.padding]
    assert pads and all(f.attr == "p" and f.path.startswith(".pad/") for f in pads)
    real = [(i, f) for i, f in enumerate(info.files) if not f.padding]
    assert all(f.offset % PIECE == 0 for _, f in real if f.length)  # pad files align every file to a piece
    assert info.total_size == sum(f.length for _, f in real) == 50_000 + 10 + 3 * PIECE + PIECE + 7
    for index, f in real:
        assert f.pieces_root == made.pieces_roots.get(f.path)
        if f.length:  # every file is checkable alone: its last piece runs only into zeros of a pad file
            matched, compared = torrent.verify_file_pieces(info, index, reader(folder / f.path))
            assert matched == compared == -(-f.length // PIECE)
    assert info.problems == ()


def test_record_and_details(folder):
    made = make_torrent(folder, version="hybrid", piece_length=PIECE)
    [record] = torrent.parse_torrent_records(made.data)
    assert record.client == "torrent" and record.kind == "torrent" and record.name == "Holiday Pics"
    assert record.infohash == made.infohash and record.infohash_v2 == made.infohash_v2
    assert record.times == {"created": "2023-11-14T22:13:20Z"}
    assert record.details["file_count"] == 5 and len(record.details["files"]) == 5
    assert {"path": "sub/c.bin", "size": 3 * PIECE} in record.details["files"]
    assert record.details["comment"] == "made by a test" and record.details["private"] is False
    json.dumps(dict(record.details))


def test_file_list_in_details_is_bounded(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(1005):
        (root / f"f{i:04}").write_bytes(b"x")
    [record] = torrent.parse_torrent_records(make_torrent(root, piece_length=PIECE).data)
    assert record.details["file_count"] == 1005 and len(record.details["files"]) == 1000


def test_infohash_of_noncanonical_info_is_over_the_stored_bytes():
    # Keys out of order (against BEP 3, as some tools write): the hash is of the bytes as stored.
    raw_info = b"d4:name1:x12:piece lengthi16384e6:lengthi1e6:pieces20:" + bytes(20) + b"e"
    data = b"d4:info" + raw_info + b"e"
    info = torrent.parse_torrent(data)
    assert info.infohash == hashlib.sha1(raw_info).hexdigest() and info.name == "x"


def test_undecodable_name_keeps_raw_hex(tmp_path):
    raw = "Canción".encode("cp1252")
    info = {"name": raw, "piece length": PIECE, "length": 1, "pieces": bytes(20)}
    parsed = torrent.parse_torrent(make_bencode({"info": info}))
    assert parsed.name == "Canci\ufffdn" and parsed.name_raw_hex == raw.hex()


def test_piece_count_that_does_not_fit_is_a_problem_not_a_failure():
    info = {"name": "x", "piece length": PIECE, "length": 3 * PIECE, "pieces": bytes(20)}
    parsed = torrent.parse_torrent(make_bencode({"info": info}))
    assert parsed.problems and "3 expected" in parsed.problems[0]


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"d4:infod4:name1:x", "truncated"),
    (b"d8:announce3:abce", "no 'info'"),
    (b"d4:infoi3ee", "not a dictionary"),
    (b"d4:infod4:name1:x12:piece lengthi0e6:pieces0:ee", "piece length"),
    (b"d4:infod6:lengthi1e4:name1:x12:piece lengthi16384e6:pieces3:abcee", "multiple of 20"),
    (b"d4:infod4:name1:x12:piece lengthi16384eee", "neither v1"),
    (b"d4:infod5:filesl3:abce4:name1:x12:piece lengthi16384e6:pieces0:ee", "file 0"),
    (b"d4:infod6:lengthi-1e4:name1:x12:piece lengthi16384e6:pieces0:ee", "outside"),
    (b"d4:infod9:file treed1:xd0:d6:lengthi1eeee12:meta versioni2e4:name1:x12:piece lengthi1000eee",
     "power of two"),
    (b"d4:infod4:name3:abc12:piece lengthi16384e6:pieces0:ee" + b"x", "after the bencoded value"),
])
def test_malformed_torrents(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        torrent.parse_torrent(data)


def test_bad_v2_root_size_is_malformed():
    info = {"name": "x", "piece length": PIECE, "meta version": 2,
            "file tree": {"x": {"": {"length": 5, "pieces root": b"short"}}}}
    with pytest.raises(MalformedRecord, match="not 32"):
        torrent.parse_torrent(make_bencode({"info": info}))


def test_deep_nesting_is_refused():
    with pytest.raises(MalformedRecord, match="nested deeper"):
        torrent.parse_torrent(b"d4:info" + b"l" * 5000 + b"e" * 5000 + b"e")


def test_matcher():
    [parser] = torrent.parsers()
    assert parser.matches("/users/ann/appdata/roaming/utorrent/ubuntu.iso.torrent")
    assert parser.matches("/home/ann/.config/transmission/torrents/" + "ab" * 20 + ".torrent")
    assert not parser.matches("/users/ann/appdata/roaming/utorrent/resume.dat")
    assert parser.client == "torrent" and parser.parse is torrent.parse_torrent_records
