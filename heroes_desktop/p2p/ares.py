"""Ares Galaxy records: the library of shared files with their paths (``ShareL.dat``), the metadata and shared flag
of each file the user kept (``ShareH.dat``) and the torrents it downloaded (``TorrentH.dat``).

The layouts are Ares' own, from its source (github.com/CWBudde/AresGalaxy): ``helper_library_db.pas``
(``get_cached_metas``/``set_cached_metas`` for ShareL.dat, ``get_trusted_metas``/``set_trusted_metas`` for
ShareH.dat), ``thread_dht.pas`` and ``BitTorrent/thread_bitTorrent.pas`` (``storeTorrentReference``) for TorrentH.dat,
``helper_crypt.pas`` (``e67``/``d67``, the cipher) and ``const_ares.pas`` (media types). IPED's ``AresDecoder`` reads
the first two the same way.

Each file is a 14-byte signature, then records of a fixed-size header and a block of detail fields (kind byte,
uint16 length, bytes), both obscured with Ares' 16-bit running-key cipher. Every length is checked against the bytes
that remain; the cipher and the fields are one pass over the input.
"""

from __future__ import annotations


from heroes_desktop.p2p.byte_reader import unix_time_iso
from heroes_desktop.p2p.errors import MalformedRecord
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "ares"

SHAREL_SIGNATURE = b"__ARESDB1.04L_"
SHAREH_SIGNATURE = b"__ARESDB1.02H_"  # TorrentH.dat carries the same signature
SIGNATURE_BYTES = 14

# Cipher seeds (helper_library_db.pas, thread_bitTorrent.pas).
HEADER_KEY = 13871
DETAIL_KEY = 13872
TORRENT_HEADER_KEY = 12971
TORRENT_DETAIL_KEY = 13175

SHAREL_HEADER_BYTES = 47  # sha1 20, media type 1, zero 4, size 8, param1..3 12, detail length 2
SHAREH_HEADER_BYTES = 23  # sha1 20, shared 1, detail length 2
TORRENT_HEADER_BYTES = 39  # date 4, media type 1, size 8, seeds 4, info-hash 20, detail length 2
# Ares stops at a longer detail block (get_cached_metas: 2048, get_trusted_metas: 1024); here it is damage.
SHAREL_MAX_DETAIL = 2048
SHAREH_MAX_DETAIL = 1024
TORRENT_MAX_DETAIL = 65535

MEDIA_TYPES = {0: "other", 1: "audio", 2: "audio", 3: "software", 4: "audio", 5: "video", 6: "document", 7: "image"}

# Detail field kinds of ShareL.dat / ShareH.dat and the details they fill.
_TEXT_FIELDS = {
    1: "path",
    2: "title",
    3: "artist",
    4: "album",
    5: "category",
    6: "year",
    7: "video_info",
    8: "language",
    9: "url",
    10: "comment",
}
FIELD_FILE_DATE = 11
FIELD_CORRUPT = 17
FIELD_HASH_OF_PART_HASHES = 18
# TorrentH.dat's detail kinds.
TORRENT_TITLE = 1
TORRENT_TRACKERS = 2
TORRENT_HASH = 3


def decrypt(data: bytes, key: int) -> bytes:
    """Ares' ``d67``: each byte XOR the key's high byte; the key then runs on the enciphered byte (16-bit)."""
    out = bytearray(len(data))
    for index, byte in enumerate(data):
        out[index] = byte ^ (key >> 8)
        key = ((byte + key) * 23219 + 36126) & 0xFFFF
    return bytes(out)


def _text(raw: bytes) -> str:
    """Ares keeps its strings in UTF-8 (``widestrtoutf8str``); older entries may be in the ANSI code page."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _fields(block: bytes, what: str, offset: int) -> list[tuple[int, bytes]]:
    """A detail block's fields (kind, uint16 length, bytes), each length checked against the block."""
    fields, pos = [], 0
    while len(block) - pos >= 3:
        kind, length = block[pos], int.from_bytes(block[pos + 1:pos + 3], "little")
        pos += 3
        if length > len(block) - pos:
            raise MalformedRecord(
                f"{what}: detail field {kind} of {length} bytes overruns its block at offset {offset + pos - 3}")
        fields.append((kind, block[pos:pos + length]))
        pos += length
    return fields


def _records(data: bytes, what: str, signature: bytes, header_bytes: int, header_key: int,
             detail_key: int, max_detail: int) -> list[tuple[bytes, bytes, int]]:
    """Each record's decrypted header and detail block, and the block's offset; a header with no details is skipped
    as Ares skips it."""
    if data[:SIGNATURE_BYTES] != signature:
        raise MalformedRecord(f"{what}: bad signature at offset 0 ({signature.decode()} expected)")
    out, pos = [], SIGNATURE_BYTES
    while pos < len(data):
        if len(data) - pos < header_bytes:
            raise MalformedRecord(
                f"{what}: record header needs {header_bytes} bytes, {len(data) - pos} left at offset {pos} (truncated)")
        header = decrypt(data[pos:pos + header_bytes], header_key)
        length = int.from_bytes(header[-2:], "little")
        start = pos + header_bytes
        if length > max_detail:
            raise MalformedRecord(f"{what}: detail length {length} over {max_detail} at offset {start - 2}")
        if length > len(data) - start:
            raise MalformedRecord(
                f"{what}: details need {length} bytes, {len(data) - start} left at offset {start} (truncated)")
        if length:
            out.append((header, decrypt(data[start:start + length], detail_key), start))
        pos = start + length
    return out


def _library_details(fields: list[tuple[int, bytes]], details: dict[str, object], times: dict[str, str]) -> None:
    for kind, value in fields:
        if kind in _TEXT_FIELDS and value:
            details[_TEXT_FIELDS[kind]] = _text(value)
        elif kind == FIELD_FILE_DATE and len(value) == 4:
            added = unix_time_iso(int.from_bytes(value, "little"))
            if added:
                times["added"] = added
        elif kind == FIELD_CORRUPT:
            details["corrupt"] = True
        elif kind == FIELD_HASH_OF_PART_HASHES and value:
            details["hash_of_part_hashes"] = value.hex()


def _file_name(details: dict[str, object]) -> str | None:
    path = details.get("path")
    if isinstance(path, str) and path:
        return path.replace("\\", "/").rsplit("/", 1)[-1]
    title = details.get("title")
    return title if isinstance(title, str) else None


def parse_sharel(data: bytes) -> list[P2PRecord]:
    """``ShareL.dat``: every file of the shared library, with its path, size, SHA-1 and metadata."""
    records = []
    for header, block, offset in _records(data, "ShareL.dat", SHAREL_SIGNATURE, SHAREL_HEADER_BYTES, HEADER_KEY,
                                          DETAIL_KEY, SHAREL_MAX_DETAIL):
        details: dict[str, object] = {"sha1": header[:20].hex(), "media_type": MEDIA_TYPES.get(header[20], "other"),
                                      "shared": True}
        times: dict[str, str] = {}
        _library_details(_fields(block, "ShareL.dat", offset), details, times)
        records.append(P2PRecord(client=CLIENT, kind="known", name=_file_name(details),
                                 size=int.from_bytes(header[25:33], "little"), times=times, details=details))
    return records


def parse_shareh(data: bytes) -> list[P2PRecord]:
    """``ShareH.dat``: the metadata the user kept for each file, whether it is shared, and when it was added."""
    records = []
    for header, block, offset in _records(data, "ShareH.dat", SHAREH_SIGNATURE, SHAREH_HEADER_BYTES, HEADER_KEY,
                                          DETAIL_KEY, SHAREH_MAX_DETAIL):
        details: dict[str, object] = {"sha1": header[:20].hex(), "shared": header[20] == 1}
        times: dict[str, str] = {}
        _library_details(_fields(block, "ShareH.dat", offset), details, times)
        records.append(P2PRecord(client=CLIENT, kind="known", name=_file_name(details), times=times,
                                 details=details))
    return records


def parse_torrenth(data: bytes) -> list[P2PRecord]:
    """``TorrentH.dat``: torrents Ares downloaded and offers on its DHT, with info-hash, size, seeds and trackers."""
    records = []
    for header, block, offset in _records(data, "TorrentH.dat", SHAREH_SIGNATURE, TORRENT_HEADER_BYTES,
                                          TORRENT_HEADER_KEY, TORRENT_DETAIL_KEY, TORRENT_MAX_DETAIL):
        infohash = header[17:37].hex()
        details: dict[str, object] = {"media_type": MEDIA_TYPES.get(header[4], "other"),
                                      "seeds": int.from_bytes(header[13:17], "little")}
        name = None
        for kind, value in _fields(block, "TorrentH.dat", offset):
            if kind == TORRENT_TITLE and value:
                name = _text(value)
            elif kind == TORRENT_TRACKERS and value:
                details["trackers"] = [_text(url) for url in value.split(b"\x00") if url]
            elif kind == TORRENT_HASH:
                details["verified"] = value.hex() == infohash  # Ares drops the entry when they differ
        times = {}
        added = unix_time_iso(int.from_bytes(header[:4], "little"))
        if added:
            times["added"] = added
        records.append(P2PRecord(client=CLIENT, kind="torrent", name=name, size=int.from_bytes(header[5:13], "little"),
                                 infohash=infohash, times=times, details=details))
    return records


def _is_sharel(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "sharel.dat"


def _is_shareh(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "shareh.dat"


def _is_torrenth(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "torrenth.dat"


def parsers() -> list[RecordParser]:
    """The Ares Galaxy record parsers, for the p2p stage's catalogue."""
    return [
        RecordParser(CLIENT, "Ares ShareL.dat (shared library)", _is_sharel, parse_sharel),
        RecordParser(CLIENT, "Ares ShareH.dat (kept metadata)", _is_shareh, parse_shareh),
        RecordParser(CLIENT, "Ares TorrentH.dat (torrents)", _is_torrenth, parse_torrenth),
    ]
