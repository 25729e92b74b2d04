"""µTorrent and BitTorrent (the same program under two names) records: the torrents it held (``resume.dat``) and
where it kept them (``settings.dat``).

Both files are one bencoded dictionary. ``resume.dat`` maps each torrent's ``.torrent`` file name to its state:
``caption`` (the name shown), ``path`` (where the content is saved), ``info`` (the 20-byte v1 info-hash),
``added_on`` / ``completed_on`` / ``last seen complete`` (Unix seconds), ``downloaded`` / ``uploaded`` (bytes),
``seedtime`` / ``runtime`` (seconds), ``label`` / ``labels``, ``have`` (a bitfield of the pieces held) and
``trackers``; the entries ``.fileguard`` (a checksum of the file) and ``rec`` are not torrents and are skipped (as
IPED's BitTorrentResumeDatParser does). ``settings.dat`` holds the folders (``dir_active_download``,
``dir_completed_download``, ``dir_torrent_files``, ...), the listening port (``bind_port``) and times such as
``settings_saved_systime`` and ``born_on``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from heroes_desktop.p2p import bencode
from heroes_desktop.p2p.byte_reader import unix_time_iso
from heroes_desktop.p2p.errors import MalformedRecord
from heroes_desktop.p2p.records import P2PRecord, RecordParser

_SKIPPED_KEYS = (b".fileguard", b"rec")
_TIMES = {b"added_on": "added", b"completed_on": "completed", b"last seen complete": "last_seen_complete"}
_COUNTS = {b"downloaded": "downloaded", b"uploaded": "uploaded", b"seedtime": "seed_seconds",
           b"runtime": "run_seconds", b"corrupt": "corrupt", b"waste": "waste"}

# settings.dat: folders (role, as the settings dialog names them) and plain settings.
_FOLDER_KEYS = {
    b"dir_active_download": "download",
    b"dir_completed_download": "completed",
    b"dir_torrent_files": "torrents",
    b"dir_completed_torrents": "completed-torrents",
    b"dir_autoload": "watch",
}
_SETTING_KEYS = (b"bind_port", b"runs_since_born", b"webui.username", b"language")
_SETTING_TIMES = (b"settings_saved_systime", b"born_on", b"install_time")


def parse_resume(data: bytes, client: str = "utorrent") -> list[P2PRecord]:
    """``resume.dat``: one ``resume`` record per torrent the client held."""
    what = f"{client} resume.dat"
    top = bencode.decode_dict(data, what)
    records = []
    for key, entry in top.items():
        if key in _SKIPPED_KEYS or not isinstance(entry, dict):
            continue
        records.append(_resume_record(bencode.text(key), entry, f"{what} '{bencode.text(key)}'", client))
    return records


def _resume_record(torrent_file: str, entry: Mapping[bytes, object], what: str, client: str) -> P2PRecord:
    infohash = bencode.get_bytes(entry, b"info", what, size=20)
    times = bencode.get_times(entry, _TIMES, what)
    details: dict[str, object] = {"torrent_file": torrent_file}
    save_path = bencode.get_text(entry, b"path", what)
    if save_path is not None:
        details["save_path"] = save_path
    for key, name in _COUNTS.items():
        value = bencode.get_int(entry, key, what)
        if value is not None:
            details[name] = value
    labels = [bencode.text(x) for x in bencode.get_list(entry, b"labels", what) or [] if isinstance(x, bytes)]
    label = bencode.get_text(entry, b"label", what)
    if label and label not in labels:
        labels.insert(0, label)
    if labels:
        details["labels"] = labels
    have = bencode.get_bytes(entry, b"have", what)
    if have is not None:
        details["pieces_had"] = sum(bin(byte).count("1") for byte in have)
    trackers = [bencode.text(t) for t in bencode.get_list(entry, b"trackers", what) or [] if isinstance(t, bytes)]
    if trackers:
        details["trackers"] = trackers[:100]
    stamp = bencode.get_int(entry, b"time", what, minimum=None)
    if stamp is not None and (iso := unix_time_iso(stamp)):
        details["time"] = iso  # stored as "time"; IPED shows it as such, its meaning is not documented
    name = bencode.get_text(entry, b"caption", what) or torrent_file.removesuffix(".torrent")
    return P2PRecord(client=client, kind="resume", name=name, infohash=infohash.hex() if infohash else None,
                     times=times, details=details)


def parse_settings(data: bytes, client: str = "utorrent") -> list[P2PRecord]:
    """``settings.dat``: the folders (``shared-folder`` records with their role) and the port and times
    (``setting`` records)."""
    what = f"{client} settings.dat"
    top = bencode.decode_dict(data, what)
    records = []
    for key, role in _FOLDER_KEYS.items():
        folder = bencode.get_text(top, key, what)
        if folder:
            records.append(P2PRecord(client=client, kind="shared-folder", name=folder,
                                     details={"path": folder, "role": role, "source": "settings.dat",
                                              "key": key.decode()}))
    for key in _SETTING_KEYS:
        value = top.get(key)
        if isinstance(value, bytes):
            value = bencode.text(value)
        elif not isinstance(value, int):
            if value is not None:
                raise MalformedRecord(f"{what}: '{key.decode()}' is a {type(value).__name__}")
            continue
        records.append(P2PRecord(client=client, kind="setting", name=key.decode(), details={"value": value}))
    for key in _SETTING_TIMES:
        seconds = bencode.get_int(top, key, what, minimum=None)
        if seconds is not None and (iso := unix_time_iso(seconds)):
            records.append(P2PRecord(client=client, kind="setting", name=key.decode(), details={"value": iso}))
    return records


def _matcher(folder: str, base_names: tuple[str, ...]) -> Callable[[str], bool]:
    def matches(path: str) -> bool:
        return path.rsplit("/", 1)[-1] in base_names and (f"/{folder}/" in path or path.startswith(f"{folder}/"))
    return matches


def parsers() -> list[RecordParser]:
    """The µTorrent and BitTorrent parsers, for the p2p stage's catalogue: the folder the file lies in
    (``.../utorrent/...`` or ``.../bittorrent/...``) names the client."""
    out = []
    for client in ("utorrent", "bittorrent"):
        label = "µTorrent" if client == "utorrent" else "BitTorrent"
        out += [
            RecordParser(client, f"{label} resume.dat (torrents held, save paths, times, totals)",
                         _matcher(client, ("resume.dat", "resume.dat.old")), partial(parse_resume, client=client)),
            RecordParser(client, f"{label} settings.dat (folders, port)",
                         _matcher(client, ("settings.dat", "settings.dat.old")),
                         partial(parse_settings, client=client)),
        ]
    return out
