"""qBittorrent BT_backup/*.fastresume (libtorrent resume data plus qBt- keys) and qBittorrent.ini/.conf, written by
this test as qBittorrent writes them, for a hybrid torrent made by torrent_maker."""

from __future__ import annotations

import pytest

from heroes_desktop.p2p import qbittorrent, torrent
from heroes_desktop.p2p.errors import MalformedRecord
from tests.p2p.torrent_maker import bencode, make_torrent


@pytest.fixture
def made(tmp_path):
    root = tmp_path / "Album"
    root.mkdir()
    (root / "01 Intro.flac").write_bytes(b"\x01" * 40_000)
    (root / "02 Song.flac").write_bytes(b"\x02" * 20_000)
    return make_torrent(root, version="hybrid", piece_length=16 * 1024)


def fastresume(made, **extra) -> bytes:
    resume = {
        "file-format": "libtorrent resume file", "file-version": 1,
        "info-hash": bytes.fromhex(made.infohash), "info-hash2": bytes.fromhex(made.infohash_v2),
        "name": "Album", "save_path": "/home/ann/Downloads", "qBt-savePath": "/home/ann/Music",
        "added_time": 1_700_000_000, "completed_time": 1_700_000_600, "last_seen_complete": 0,
        "total_uploaded": 1000, "total_downloaded": 60_000, "active_time": 700, "seeding_time": 100,
        "finished_time": 100, "qBt-category": "music", "qBt-tags": ["flac", "ann"],
        "pieces": b"\x01\x01\x01\x00\x01\x00", "trackers": [["udp://tracker.example.org:1337/announce"]],
    }
    resume.update(extra)
    return bencode(resume)


def test_fastresume(made):
    [record] = qbittorrent.parse_fastresume(fastresume(made))
    parsed = torrent.parse_torrent(made.data)
    assert record.client == "qbittorrent" and record.kind == "resume" and record.name == "Album"
    assert record.infohash == parsed.infohash and record.infohash_v2 == parsed.infohash_v2
    assert record.times == {"added": "2023-11-14T22:13:20Z", "completed": "2023-11-14T22:23:20Z"}
    d = record.details
    assert d["save_path"] == "/home/ann/Music" and d["category"] == "music" and d["tags"] == ["flac", "ann"]
    assert (d["uploaded"], d["downloaded"], d["active_seconds"], d["seed_seconds"]) == (1000, 60_000, 700, 100)
    assert (d["pieces_had"], d["piece_count"]) == (4, 6)
    assert d["trackers"] == ["udp://tracker.example.org:1337/announce"]


def test_fastresume_v2_only_and_name_from_info(made):
    data = bencode({"info-hash": bytes(20), "info-hash2": bytes.fromhex(made.infohash_v2),
                    "info": {"name": "Album", "piece length": 16384}})
    [record] = qbittorrent.parse_fastresume(data)
    assert record.infohash is None and record.infohash_v2 == made.infohash_v2 and record.name == "Album"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"d4:name1:xe", "neither 'info-hash'"),
    (b"d9:info-hash3:abce", "not 20"),
    (b"d10:added_time1:x9:info-hash20:" + bytes(20) + b"e", "not an integer"),
    (b"d9:info-hash20:" + bytes(10), "truncated"),
])
def test_malformed_fastresume(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        qbittorrent.parse_fastresume(data)


INI = """\ufeff[BitTorrent]
Session\\DefaultSavePath=C:/Users/Ann/Downloads
Session\\TempPath=C:/Users/Ann/Downloads/temp/
Session\\TempPathEnabled=true
Session\\Port=51234

[LegalNotice]
Accepted=true

[Preferences]
Downloads\\SavePath="C:/Users/Ann/My Downloads"
Connection\\PortRangeMin=6881
Downloads\\ScanDirsV2=@Variant(\\0\\0\\0\\x1c\\0\\0\\0\\0)
General\\Locale=es
"""


def test_settings():
    records = qbittorrent.parse_settings(INI.encode("utf-8"))
    folders = [(r.name, r.details["role"]) for r in records if r.kind == "shared-folder"]
    assert folders == [("C:/Users/Ann/Downloads", "download"), ("C:/Users/Ann/Downloads/temp/", "temp"),
                       ("C:/Users/Ann/My Downloads", "download")]
    settings = {r.name: r.details["value"] for r in records if r.kind == "setting"}
    assert settings == {"Session\\Port": "51234", "Session\\TempPathEnabled": "true",
                        "Connection\\PortRangeMin": "6881", "General\\Locale": "es"}


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"[Other]\nx=1\n", "no \\[BitTorrent\\]"),
    (b"no section header\n", "not an INI file"),
])
def test_malformed_settings(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        qbittorrent.parse_settings(data)


def test_matchers():
    fastresume_parser, settings_parser = qbittorrent.parsers()
    hexname = "ab" * 20
    assert fastresume_parser.matches(f"/users/ann/appdata/local/qbittorrent/bt_backup/{hexname}.fastresume")
    assert fastresume_parser.matches(f"/home/ann/.local/share/qbittorrent/bt_backup/{hexname}.fastresume")
    assert fastresume_parser.matches(f"/home/ann/.local/share/data/qbittorrent/bt_backup/{hexname}.fastresume")
    assert not fastresume_parser.matches(f"/home/ann/{hexname}.fastresume")
    assert settings_parser.matches("/home/ann/.config/qbittorrent/qbittorrent.conf")
    assert settings_parser.matches("/users/ann/appdata/roaming/qbittorrent/qbittorrent.ini")
    assert not settings_parser.matches("/home/ann/backup/qbittorrent.conf")
