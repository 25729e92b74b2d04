"""The training case's P2P story, benign like the rest: the laptop's µTorrent shared a folder of the user's own
photographs (a torrent of three pictures from Pictures, some in the known set), its resume.dat names that torrent,
and eMule's search history holds the terms typed. The answer key says which case files are the torrent's content,
so a trainee (and ``heroes training check``) can see that "this torrent's content is on the disk" is found.

Placed after every other item, so that its draws from the seeded generator do not move the others.
"""

from __future__ import annotations

import hashlib
from typing import Any

from heroes_desktop.training.placement import Placer

PIECE_LENGTH = 16 * 1024
TORRENT_FILES = 3
SHARED_BOOKMARK = "p2p-shared"  # the trainee's task: bookmark the pictures the laptop shared
SEARCH_TERMS = (("holiday pictures lima", "fotos del viaje a lima", "harbour sunset"),
                ("fotos vacaciones", "rocket launch photos", "coffee beans macro"))


def _bencode(value: Any) -> bytes:
    from fastbencode import bencode

    return bencode(value)


def _torrent(name: str, members: list[tuple[str, bytes]], created: int) -> tuple[bytes, str]:
    """A BitTorrent v1 multi-file torrent of ``members`` and its info-hash."""
    stream = b"".join(data for _, data in members)
    pieces = b"".join(hashlib.sha1(stream[i:i + PIECE_LENGTH]).digest() for i in range(0, len(stream), PIECE_LENGTH))
    info = {b"name": name.encode(), b"piece length": PIECE_LENGTH, b"pieces": pieces,
            b"files": [{b"length": len(data), b"path": [member.encode()]} for member, data in members]}
    torrent = {b"announce": b"udp://tracker.training.invalid:6969/announce", b"created by": b"uTorrent/3.6",
               b"creation date": created, b"info": info}
    return _bencode(torrent), hashlib.sha1(_bencode(info)).hexdigest()


def _search_strings(terms: tuple[str, ...]) -> bytes:
    """eMule's AC_SearchStrings.dat: UTF-16LE with a byte-order mark, one term per CRLF line."""
    return b"\xff\xfe" + "".join(term + "\r\n" for term in terms).encode("utf-16-le")


def place_p2p(placer: Placer, laptop_user: str) -> None:
    """The torrent, the µTorrent resume.dat that names it, and eMule's search history, on the laptop."""
    pictures = [item for item in placer.files if item.volume == "ntfs" and not item.deleted
                and item.path.startswith(f"/Users/{laptop_user}/Pictures/") and len(item.data) > 2 * PIECE_LENGTH]
    chosen = sorted(placer.rng.sample(pictures, min(TORRENT_FILES, len(pictures))), key=lambda item: item.path)
    created = placer.clock - 20 * 86_400
    members = [(item.path.rsplit("/", 1)[1], item.data) for item in chosen]
    data, infohash = _torrent("Pictures", members, created)
    content = [item.key_id for item in chosen]
    roaming = f"/Users/{laptop_user}/AppData/Roaming/uTorrent"
    placer.add("p2p-torrent", "ntfs", f"{roaming}/Pictures.torrent", data, "p2p",
               {"p2p": {"kind": "torrent", "client": "torrent", "infohash": infohash, "content": content}})
    for item in chosen:
        item.tasks["bookmark"] = SHARED_BOOKMARK
    resume = _bencode({b".fileguard": b"0" * 40, b"Pictures.torrent": {
        b"caption": b"Pictures", b"path": f"C:\\Users\\{laptop_user}\\Pictures".encode(),
        b"info": bytes.fromhex(infohash), b"added_on": created + 60, b"completed_on": created + 60,
        b"uploaded": sum(len(d) for _, d in members) * 3, b"downloaded": 0}})
    placer.add("p2p-resume", "ntfs", f"{roaming}/resume.dat", resume, "p2p",
               {"p2p": {"kind": "resume", "client": "utorrent", "infohash": infohash, "content": content}})
    terms = SEARCH_TERMS[placer.rng.randrange(len(SEARCH_TERMS))]
    placer.add("p2p-search", "ntfs", f"/Users/{laptop_user}/AppData/Local/eMule/config/AC_SearchStrings.dat",
               _search_strings(terms), "p2p", {"p2p": {"kind": "search", "client": "emule", "terms": list(terms)}})
