"""Transmission records: each torrent's state (``resume/*.resume``) and the program's settings (``settings.json``);
the ``torrents/*.torrent`` files beside them are read by :mod:`heroes_desktop.p2p.torrent`.

A ``.resume`` is a bencoded dictionary (libtransmission ``resume.cc``, docs/Transmission-Resume-Files.md):
``added-date`` / ``done-date`` / ``activity-date`` (Unix seconds), ``destination`` and ``incomplete-dir``
(folders), ``downloaded`` / ``uploaded`` / ``corrupt`` (bytes), ``name``, ``labels``, ``paused``,
``seeding-time-seconds`` / ``downloading-time-seconds`` and ``progress`` (a dictionary: ``have`` is ``all`` when
complete, ``pieces`` a bitfield). The info-hash is not inside: Transmission 4 names the file ``<40 hex>.resume``,
earlier versions ``<name>.<16 hex>.resume`` (the first 16 digits); :func:`infohash_from_resume_name` reads it.
"""

from __future__ import annotations

import json
import re

from heroes_desktop.p2p import bencode
from heroes_desktop.p2p.errors import MalformedRecord, require_size
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "transmission"
MAX_JSON_BYTES = 16 * 1024 * 1024

_TIMES = {b"added-date": "added", b"done-date": "completed", b"activity-date": "last_active"}
_COUNTS = {b"downloaded": "downloaded", b"uploaded": "uploaded", b"corrupt": "corrupt",
           b"seeding-time-seconds": "seed_seconds", b"downloading-time-seconds": "download_seconds"}
_FULL_NAME = re.compile(r"^([0-9a-f]{40})\.resume$")
_OLD_NAME = re.compile(r"^.*\.([0-9a-f]{16})\.resume$")


def infohash_from_resume_name(path: str) -> tuple[str | None, str | None]:
    """(full v1 info-hash, or None; its first 16 hex digits when only those are in the name, or None)."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if match := _FULL_NAME.match(base):
        return match.group(1), None
    if match := _OLD_NAME.match(base):
        return None, match.group(1)
    return None, None


def parse_resume(data: bytes, path: str | None = None) -> list[P2PRecord]:
    """A ``.resume``: one ``resume`` record; given the file's ``path``, the info-hash (or its prefix) from its name."""
    what = "Transmission .resume"
    top = bencode.decode_dict(data, what)
    times = bencode.get_times(top, _TIMES, what)
    details: dict[str, object] = {}
    for key, name in ((b"destination", "save_path"), (b"incomplete-dir", "incomplete_dir")):
        folder = bencode.get_text(top, key, what)
        if folder:
            details[name] = folder
    for key, name in _COUNTS.items():
        value = bencode.get_int(top, key, what)
        if value is not None:
            details[name] = value
    paused = bencode.get_int(top, b"paused", what)
    if paused is not None:
        details["paused"] = bool(paused)
    labels = [bencode.text(x) for x in bencode.get_list(top, b"labels", what) or [] if isinstance(x, bytes)]
    if labels:
        details["labels"] = labels
    progress = bencode.get_dict(top, b"progress", what)
    if progress is not None:
        have = progress.get(b"have")
        if have == b"all":
            details["complete"] = True
        pieces = progress.get(b"pieces")
        if isinstance(pieces, bytes):
            details["complete"] = pieces == b"all" or details.get("complete", False)
            if pieces != b"all":
                details["pieces_had"] = sum(bin(byte).count("1") for byte in pieces)
    if not times and not details and b"name" not in top:
        raise MalformedRecord(f"{what}: none of the keys Transmission writes (not a resume file)")
    infohash, prefix = infohash_from_resume_name(path) if path else (None, None)
    if prefix:
        details["infohash_prefix"] = prefix
    return [P2PRecord(client=CLIENT, kind="resume", name=bencode.get_text(top, b"name", what), infohash=infohash,
                      times=times, details=details)]


_FOLDER_KEYS = {"download-dir": "download", "incomplete-dir": "incomplete", "watch-dir": "watch"}
_SETTING_KEYS = ("peer-port", "peer-port-random-on-start", "rpc-port", "rpc-username", "rpc-enabled",
                 "incomplete-dir-enabled", "watch-dir-enabled")


def parse_settings(data: bytes) -> list[P2PRecord]:
    """``settings.json``: folders (``shared-folder`` records with their role) and ports (``setting`` records)."""
    what = "Transmission settings.json"
    require_size(data, what, MAX_JSON_BYTES)
    try:
        settings = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise MalformedRecord(f"{what}: not JSON ({error})") from error
    if not isinstance(settings, dict):
        raise MalformedRecord(f"{what}: top level is a {type(settings).__name__}, not an object")
    records = []
    for key, role in _FOLDER_KEYS.items():
        folder = settings.get(key)
        if isinstance(folder, str) and folder:
            records.append(P2PRecord(client=CLIENT, kind="shared-folder", name=folder,
                                     details={"path": folder, "role": role, "source": "settings.json", "key": key}))
    for key in _SETTING_KEYS:
        value = settings.get(key)
        if isinstance(value, str | int | bool) and not isinstance(value, float):
            records.append(P2PRecord(client=CLIENT, kind="setting", name=key, details={"value": value}))
    return records


def _in_transmission_folder(folder: str) -> bool:
    return "transmission" in folder.rsplit("/", 1)[-1]


def _is_resume(path: str) -> bool:
    folder, _, base = path.rpartition("/")
    parent, _, last = folder.rpartition("/")
    return base.endswith(".resume") and last == "resume" and _in_transmission_folder(parent)


def _is_settings(path: str) -> bool:
    folder, _, base = path.rpartition("/")
    return base == "settings.json" and _in_transmission_folder(folder)


def parsers() -> list[RecordParser]:
    """The Transmission parsers, for the p2p stage's catalogue; a resume file's info-hash is in its name, so the
    stage reads it with ``parse_at`` (bytes and path)."""
    return [
        RecordParser(CLIENT, "Transmission resume/*.resume (torrents held, folders, times, totals)", _is_resume,
                     parse_resume, parse_at=parse_resume),
        RecordParser(CLIENT, "Transmission settings.json (folders, port)", _is_settings, parse_settings),
    ]
