"""Transmission resume/*.resume (bencoded, the info-hash in the file name) and settings.json, written by this test
as Transmission writes them, for a v1 torrent made by torrent_maker."""

from __future__ import annotations

import json

import pytest

from heroes_desktop.p2p import torrent, transmission
from heroes_desktop.p2p.errors import MalformedRecord
from tests.p2p.torrent_maker import bencode, make_torrent


@pytest.fixture
def made(tmp_path):
    path = tmp_path / "debian.iso"
    path.write_bytes(b"\x00\x01" * 30_000)
    return make_torrent(path, piece_length=16 * 1024)


def resume(**extra) -> bytes:
    data = {"added-date": 1_700_000_000, "done-date": 1_700_001_000, "activity-date": 1_700_002_000,
            "destination": "/home/ann/Downloads", "incomplete-dir": "/home/ann/Incomplete", "downloaded": 60_000,
            "uploaded": 120_000, "corrupt": 0, "name": "debian.iso", "paused": 0, "labels": ["linux"],
            "seeding-time-seconds": 1000, "progress": {"have": "all", "time-checked": [1_700_001_000]},
            "max-peers": 50, "ratio-limit": {"ratio-limit": "2.000000", "ratio-mode": 0}}
    data.update(extra)
    return bencode(data)


def test_resume_with_infohash_from_the_name(made):
    path = f"/home/ann/.config/transmission/resume/{made.infohash}.resume"
    [record] = transmission.parse_resume(resume(), path)
    assert record.client == "transmission" and record.kind == "resume" and record.name == "debian.iso"
    assert record.infohash == torrent.parse_torrent(made.data).infohash
    assert record.times == {"added": "2023-11-14T22:13:20Z", "completed": "2023-11-14T22:30:00Z",
                            "last_active": "2023-11-14T22:46:40Z"}
    d = record.details
    assert d["save_path"] == "/home/ann/Downloads" and d["incomplete_dir"] == "/home/ann/Incomplete"
    assert (d["downloaded"], d["uploaded"], d["seed_seconds"]) == (60_000, 120_000, 1000)
    assert d["complete"] is True and d["paused"] is False and d["labels"] == ["linux"]


def test_old_resume_name_gives_the_prefix(made):
    path = f"/home/ann/.config/transmission/resume/debian.iso.{made.infohash[:16]}.resume"
    [record] = transmission.parse_resume(resume(progress={"pieces": b"\xff\x80"}), path)
    assert record.infohash is None and record.details["infohash_prefix"] == made.infohash[:16]
    assert record.details["pieces_had"] == 9 and record.details["complete"] is False
    # Without a path (as the catalogue's parse calls it) there is no info-hash.
    assert transmission.parsers()[0].parse(resume())[0].infohash is None


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"d4:name", "truncated"),
    (b"d10:added-date1:xe", "not an integer"),
    (b"d8:progress3:abce", "not a dictionary"),
    (b"d3:fooi1ee", "none of the keys"),
])
def test_malformed_resume(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        transmission.parse_resume(data)


def test_settings():
    data = json.dumps({"download-dir": "/home/ann/Downloads", "incomplete-dir": "/home/ann/.incomplete",
                       "incomplete-dir-enabled": False, "watch-dir": "/home/ann/watch", "peer-port": 51413,
                       "rpc-port": 9091, "ratio-limit": 2.0}, indent=4).encode()
    records = transmission.parse_settings(data)
    assert [(r.name, r.details["role"]) for r in records if r.kind == "shared-folder"] == [
        ("/home/ann/Downloads", "download"), ("/home/ann/.incomplete", "incomplete"), ("/home/ann/watch", "watch")]
    assert {r.name: r.details["value"] for r in records if r.kind == "setting"} == {
        "peer-port": 51413, "rpc-port": 9091, "incomplete-dir-enabled": False}


@pytest.mark.parametrize("data, reason", [(b"", "empty file"), (b"{\"download-dir\": ", "not JSON"),
                                          (b"[1, 2]", "not an object"), (b"\xff\xfe{}", "not JSON")])
def test_malformed_settings(data, reason):
    with pytest.raises(MalformedRecord, match=reason):
        transmission.parse_settings(data)


def test_matchers():
    resume_parser, settings_parser = transmission.parsers()
    assert resume_parser.matches("/home/ann/.config/transmission/resume/" + "ab" * 20 + ".resume")
    daemon = "/var/lib/transmission-daemon/.config/transmission-daemon"
    assert resume_parser.matches(f"{daemon}/resume/x.0123456789abcdef.resume")
    assert resume_parser.matches("/users/ann/appdata/local/transmission/resume/" + "ab" * 20 + ".resume")
    assert not resume_parser.matches("/home/ann/resume/cv.resume")
    assert settings_parser.matches("/home/ann/.config/transmission/settings.json")
    assert settings_parser.matches("/home/ann/.config/transmission-daemon/settings.json")
    assert not settings_parser.matches("/home/ann/.config/code/settings.json")
