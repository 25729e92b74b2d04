"""µTorrent / BitTorrent resume.dat and settings.dat, bencoded by this test as the clients write them (a dictionary of
``.torrent`` names to state, with ``.fileguard`` and ``rec`` beside them), for torrents made by torrent_maker."""

from __future__ import annotations

import pytest

from heroes_desktop.p2p import torrent, utorrent
from heroes_desktop.p2p.errors import MalformedRecord
from tests.p2p.torrent_maker import bencode, make_torrent


@pytest.fixture
def made(tmp_path):
    path = tmp_path / "Holiday.mkv"
    path.write_bytes(bytes(range(256)) * 300)
    return make_torrent(path, piece_length=16 * 1024)


def resume_dat(made) -> bytes:
    return bencode({
        ".fileguard": "0123456789ABCDEF0123456789ABCDEF01234567",
        "rec": {"torrent": "x"},
        "Holiday.mkv.torrent": {
            "caption": "Holiday.mkv", "path": "C:\\Users\\Ann\\Downloads\\Holiday.mkv",
            "info": bytes.fromhex(made.infohash), "added_on": 1_700_000_000, "completed_on": 1_700_003_600,
            "last seen complete": 1_700_007_200, "time": 1_700_000_100, "downloaded": 76_800, "uploaded": 12_345,
            "seedtime": 3600, "runtime": 7200, "label": "films", "labels": ["films", "2023"],
            "have": b"\xf8", "trackers": ["udp://tracker.example.org:1337/announce"], "blocksize": 16384,
        },
    })


def test_resume_dat_refers_to_the_torrent(made):
    [record] = utorrent.parse_resume(resume_dat(made))
    assert record.client == "utorrent" and record.kind == "resume" and record.name == "Holiday.mkv"
    assert record.infohash == made.infohash == torrent.parse_torrent(made.data).infohash
    assert record.times == {"added": "2023-11-14T22:13:20Z", "completed": "2023-11-14T23:13:20Z",
                            "last_seen_complete": "2023-11-15T00:13:20Z"}
    details = record.details
    assert details["save_path"] == "C:\\Users\\Ann\\Downloads\\Holiday.mkv"
    assert details["torrent_file"] == "Holiday.mkv.torrent"
    assert (details["downloaded"], details["uploaded"], details["seed_seconds"]) == (76_800, 12_345, 3600)
    assert details["labels"] == ["films", "2023"] and details["pieces_had"] == 5
    assert details["trackers"] == ["udp://tracker.example.org:1337/announce"]


def test_settings_dat():
    data = bencode({".fileguard": "AB", "dir_active_download": "D:\\Incoming", "dir_active_download_flag": 1,
                    "dir_completed_download": "D:\\Done", "dir_torrent_files": "D:\\Torrents", "bind_port": 51413,
                    "settings_saved_systime": 1_700_000_000, "gui.alternate_color": 1})
    records = utorrent.parse_settings(data, client="bittorrent")
    folders = {(r.kind, r.name, r.details["role"]) for r in records if r.kind == "shared-folder"}
    assert folders == {("shared-folder", "D:\\Incoming", "download"), ("shared-folder", "D:\\Done", "completed"),
                       ("shared-folder", "D:\\Torrents", "torrents")}
    settings = {r.name: r.details["value"] for r in records if r.kind == "setting"}
    assert settings == {"bind_port": 51413, "settings_saved_systime": "2023-11-14T22:13:20Z"}
    assert all(r.client == "bittorrent" for r in records)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"d19:Holiday.mkv.torrentd4:infoi1eee", "'info' is a int"),
    (b"d19:Holiday.mkv.torrentd4:info3:abcee", "not 20"),
    (b"d19:Holiday.mkv.torrentd8:added_on3:abcee", "not an integer"),
    (b"d19:Holiday.mkv.torrentd", "truncated"),
    (b"li1ee", "not a dictionary"),
])
def test_malformed_resume(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        utorrent.parse_resume(data)


def test_malformed_settings():
    with pytest.raises(MalformedRecord, match="bind_port"):
        utorrent.parse_settings(bencode({"bind_port": ["x"]}))
    with pytest.raises(MalformedRecord, match="empty"):
        utorrent.parse_settings(b"")


def test_matchers_name_the_client():
    by_client = {(p.client, p.description.split()[1]): p for p in utorrent.parsers()}
    resume, settings = by_client["utorrent", "resume.dat"], by_client["utorrent", "settings.dat"]
    assert resume.matches("/users/ann/appdata/roaming/utorrent/resume.dat")
    assert resume.matches("/users/ann/appdata/roaming/utorrent/resume.dat.old")
    assert not resume.matches("/users/ann/appdata/roaming/bittorrent/resume.dat")
    assert not resume.matches("/users/ann/documents/resume.dat")
    assert settings.matches("/users/ann/appdata/roaming/utorrent/settings.dat")
    bt = by_client["bittorrent", "resume.dat"]
    assert bt.matches("/users/ann/appdata/roaming/bittorrent/resume.dat")
    assert bt.parse(bencode({"x.torrent": {"caption": "x"}}))[0].client == "bittorrent"
