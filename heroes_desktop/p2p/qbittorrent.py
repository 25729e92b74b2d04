"""qBittorrent records: each torrent's libtorrent resume data (``BT_backup/<info-hash>.fastresume``) and the
program's settings (``qBittorrent.ini`` on Windows, ``qBittorrent.conf`` elsewhere).

A ``.fastresume`` is libtorrent's bencoded resume dictionary (``write_resume_data``): ``info-hash`` (20 bytes, v1) and
``info-hash2`` (32 bytes, v2), ``name``, ``save_path``, ``added_time`` / ``completed_time`` / ``last_seen_complete``
(Unix seconds), ``total_uploaded`` / ``total_downloaded`` (bytes), ``active_time`` / ``seeding_time`` /
``finished_time`` (seconds), ``pieces`` (one byte per piece, bit 0 set when it is had) and ``trackers``; qBittorrent
adds ``qBt-savePath``, ``qBt-category``, ``qBt-tags`` and ``qBt-name``. The settings are a Qt INI file whose keys
carry their group (``Session\\DefaultSavePath`` in ``[BitTorrent]``, ``Downloads\\SavePath`` in ``[Preferences]``).
"""

from __future__ import annotations

import configparser

from heroes_desktop.p2p import bencode
from heroes_desktop.p2p.errors import MalformedRecord, require_size
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "qbittorrent"
MAX_INI_BYTES = 16 * 1024 * 1024

_TIMES = {b"added_time": "added", b"completed_time": "completed", b"last_seen_complete": "last_seen_complete",
          b"last_download": "last_download", b"last_upload": "last_upload"}
_COUNTS = {b"total_downloaded": "downloaded", b"total_uploaded": "uploaded", b"active_time": "active_seconds",
           b"seeding_time": "seed_seconds", b"finished_time": "finished_seconds"}


def parse_fastresume(data: bytes) -> list[P2PRecord]:
    """A ``.fastresume``: one ``resume`` record."""
    what = "qBittorrent .fastresume"
    top = bencode.decode_dict(data, what)
    v1 = bencode.get_bytes(top, b"info-hash", what, size=20)
    v2 = bencode.get_bytes(top, b"info-hash2", what, size=32)
    if v1 is None and v2 is None:
        raise MalformedRecord(f"{what}: neither 'info-hash' nor 'info-hash2' (not libtorrent resume data)")
    times = bencode.get_times(top, _TIMES, what)
    details: dict[str, object] = {}
    save_path = bencode.get_text(top, b"qBt-savePath", what) or bencode.get_text(top, b"save_path", what)
    if save_path:
        details["save_path"] = save_path
    for key, name in _COUNTS.items():
        value = bencode.get_int(top, key, what)
        if value is not None:
            details[name] = value
    category = bencode.get_text(top, b"qBt-category", what)
    if category:
        details["category"] = category
    tags = [bencode.text(t) for t in bencode.get_list(top, b"qBt-tags", what) or [] if isinstance(t, bytes)]
    if tags:
        details["tags"] = tags
    pieces = bencode.get_bytes(top, b"pieces", what)
    if pieces is not None:
        details["pieces_had"] = sum(byte & 1 for byte in pieces)
        details["piece_count"] = len(pieces)
    trackers = [bencode.text(url) for tier in bencode.get_list(top, b"trackers", what) or []
                for url in (tier if isinstance(tier, list) else [tier]) if isinstance(url, bytes)]
    if trackers:
        details["trackers"] = trackers[:100]
    name = bencode.get_text(top, b"qBt-name", what) or bencode.get_text(top, b"name", what)
    info = bencode.get_dict(top, b"info", what)  # libtorrent 2 keeps the metadata in the resume data
    if not name and info is not None:
        name = bencode.get_text(info, b"name.utf-8", what) or bencode.get_text(info, b"name", what)
    return [P2PRecord(client=CLIENT, kind="resume", name=name or None,
                      infohash=v1.hex() if v1 and any(v1) else None,
                      infohash_v2=v2.hex() if v2 and any(v2) else None, times=times, details=details)]


# qBittorrent.ini / .conf: (section, key) -> folder role, or a plain setting. Keys compare without case.
_FOLDERS = {
    ("bittorrent", "session\\defaultsavepath"): "download",
    ("bittorrent", "session\\temppath"): "temp",
    ("bittorrent", "session\\torrentexportdirectory"): "torrents",
    ("bittorrent", "session\\finishedtorrentexportdirectory"): "completed-torrents",
    ("preferences", "downloads\\savepath"): "download",
    ("preferences", "downloads\\temppath"): "temp",
    ("preferences", "downloads\\torrentexportdir"): "torrents",
    ("preferences", "downloads\\finishedtorrentexportdir"): "completed-torrents",
}
_SETTINGS = {
    ("bittorrent", "session\\port"): "Session\\Port",
    ("bittorrent", "session\\temppathenabled"): "Session\\TempPathEnabled",
    ("bittorrent", "session\\interface"): "Session\\Interface",
    ("preferences", "connection\\portrangemin"): "Connection\\PortRangeMin",
    ("preferences", "downloads\\temppathenabled"): "Downloads\\TempPathEnabled",
    ("preferences", "general\\locale"): "General\\Locale",
    ("preferences", "webui\\username"): "WebUI\\Username",
    ("preferences", "webui\\port"): "WebUI\\Port",
}


def parse_settings(data: bytes) -> list[P2PRecord]:
    """``qBittorrent.ini`` / ``qBittorrent.conf``: folders (``shared-folder`` records) and ports (``setting``)."""
    what = "qBittorrent settings"
    require_size(data, what, MAX_INI_BYTES)
    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    try:
        parser.read_string(data.decode("utf-8-sig", errors="replace"))
    except configparser.Error as error:
        raise MalformedRecord(f"{what}: not an INI file ({error.__class__.__name__})") from error
    sections = {name.lower(): parser[name] for name in parser.sections()}
    if not sections.keys() & {"bittorrent", "preferences"}:
        raise MalformedRecord(f"{what}: no [BitTorrent] or [Preferences] section (not qBittorrent's settings)")
    records = []
    for (section, key), role in _FOLDERS.items():
        value = _value(sections, section, key)
        if value:
            records.append(P2PRecord(client=CLIENT, kind="shared-folder", name=value,
                                     details={"path": value, "role": role, "source": "qBittorrent settings",
                                              "key": key}))
    for (section, key), name in _SETTINGS.items():
        value = _value(sections, section, key)
        if value:
            records.append(P2PRecord(client=CLIENT, kind="setting", name=name, details={"value": value}))
    return records


def _value(sections: dict[str, configparser.SectionProxy], section: str, key: str) -> str | None:
    """A Qt INI value: surrounding quotes removed, ``@Variant(...)`` binary values left out."""
    if section not in sections:
        return None
    value = sections[section].get(key)
    if value is None:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return None if value.startswith("@") else value


def _is_fastresume(path: str) -> bool:
    return path.endswith(".fastresume") and "/bt_backup/" in path


def _is_settings(path: str) -> bool:
    folder, _, base = path.rpartition("/")
    return base in ("qbittorrent.ini", "qbittorrent.conf") and "qbittorrent" in folder.rsplit("/", 1)[-1]


def parsers() -> list[RecordParser]:
    """The qBittorrent parsers, for the p2p stage's catalogue."""
    return [
        RecordParser(CLIENT, "qBittorrent BT_backup/*.fastresume (torrents held, save paths, times, totals)",
                     _is_fastresume, parse_fastresume),
        RecordParser(CLIENT, "qBittorrent qBittorrent.ini / .conf (folders, port)", _is_settings, parse_settings),
    ]
