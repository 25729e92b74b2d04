"""eMule and aMule records: the files a machine shared (``known.met``), the downloads in progress (``*.part.met``),
the downloads it cancelled (``cancelled.met``), the search terms typed (``AC_SearchStrings.dat``) and the folders it
shared or downloaded into (``shareddir.dat``, ``preferences.ini``, aMule's ``amule.conf``).

The layouts follow the clients' own readers and writers, not guesses:

- eMule 0.50a (github.com/SomeSupport/eMule): ``opcodes.h`` (header, version and tag IDs, tag types),
  ``packets.cpp`` ``CTag::CTag(CFileDataIO*)`` and ``CTag::WriteTagToFile`` (tag layout), ``SafeFile.cpp``
  ``CFileDataIO::ReadString`` (string encodings), ``KnownFile.cpp`` ``LoadFromFile``/``WriteToFile``,
  ``KnownFileList.cpp`` ``LoadKnownFiles``/``LoadCancelledFiles``, ``PartFile.cpp`` ``LoadPartFile``/``SavePartFile``
  (gap tags), ``CustomAutoComplete.cpp`` ``LoadList``/``SaveList`` and ``Preferences.cpp`` (shared folders, ini keys);
- aMule (github.com/amule-project/amule): ``src/Tag.cpp``, ``src/include/tags/FileTags.h``,
  ``src/include/tags/TagTypes.h``, ``src/include/common/DataFileVersion.h``, ``src/KnownFile.cpp`` (``FT_LASTSEEN``)
  and ``src/Preferences.cpp`` (UTF-8 ``shareddir.dat``, ``/eMule/IncomingDir`` and ``/eMule/TempDir``).

Every count is checked against the bytes that remain before anything is read or allocated, and every parser is one
pass over its input.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from heroes_desktop.p2p.byte_reader import ByteReader, unix_time_iso
from heroes_desktop.p2p.errors import MalformedRecord
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "emule"

# known.met headers (opcodes.h MET_HEADER, MET_HEADER_I64TAGS) and part.met versions (PARTFILE_*).
MET_HEADER = 0x0E
MET_HEADER_I64TAGS = 0x0F
PARTFILE_VERSION = 0xE0
PARTFILE_SPLITTEDVERSION = 0xE1
PARTFILE_VERSION_LARGEFILE = 0xE2
# cancelled.met (KnownFileList.cpp): MET_HEADER + 1 and version 1; the old layout starts with MET_HEADER.
CANCELLED_HEADER = 0x0F
CANCELLED_VERSION = 0x01

# Tag types (opcodes.h TAGTYPE_*).
TAGTYPE_HASH16 = 0x01
TAGTYPE_STRING = 0x02
TAGTYPE_UINT32 = 0x03
TAGTYPE_FLOAT32 = 0x04
TAGTYPE_BOOL = 0x05
TAGTYPE_BOOLARRAY = 0x06
TAGTYPE_BLOB = 0x07
TAGTYPE_UINT16 = 0x08
TAGTYPE_UINT8 = 0x09
TAGTYPE_BSOB = 0x0A
TAGTYPE_UINT64 = 0x0B
TAGTYPE_STR1 = 0x11
TAGTYPE_STR16 = 0x20

# Tag IDs (opcodes.h FT_*; FT_LASTSEEN is aMule's, FileTags.h).
FT_FILENAME = 0x01
FT_FILESIZE = 0x02
FT_FILETYPE = 0x03
FT_FILEFORMAT = 0x04
FT_LASTSEENCOMPLETE = 0x05
FT_TRANSFERRED = 0x08
FT_GAPSTART = 0x09
FT_GAPEND = 0x0A
FT_PARTFILENAME = 0x12
FT_STATUS = 0x14
FT_DLPRIORITY = 0x18
FT_ULPRIORITY = 0x19
FT_COMPRESSION = 0x1A
FT_CORRUPTED = 0x1B
FT_KADLASTPUBLISHSRC = 0x21
FT_DL_ACTIVE_TIME = 0x23
FT_CORRUPTEDPARTS = 0x24
FT_AICH_HASH = 0x27
FT_LASTSEEN = 0x28
FT_LASTSHARED = 0x34
FT_FILESIZE_HI = 0x3A
FT_ATTRANSFERRED = 0x50
FT_ATREQUESTED = 0x51
FT_ATACCEPTED = 0x52
FT_CATEGORY = 0x53
FT_ATTRANSFERREDHI = 0x54
FT_MEDIA_ARTIST = 0xD0
FT_MEDIA_ALBUM = 0xD1
FT_MEDIA_TITLE = 0xD2
FT_MEDIA_LENGTH = 0xD3
FT_MEDIA_BITRATE = 0xD4
FT_MEDIA_CODEC = 0xD5
FT_FILECOMMENT = 0xF6
FT_FILERATING = 0xF7

# eMule stores the next Kad source publication, five hours after the last one (opcodes.h KADEMLIAREPUBLISHTIMES).
KAD_REPUBLISH_SECONDS = 5 * 60 * 60

# The smallest encodings, used to refuse a count the remaining bytes cannot hold before reading on.
_MIN_TAG_BYTES = 3  # type | 0x80, one-byte ID, one-byte value
_MIN_KNOWN_RECORD_BYTES = 4 + 16 + 2 + 4  # date, hash, part-hash count, tag count
_MIN_CANCELLED_RECORD_BYTES = 16 + 1  # hash of the hash, tag count

# Metadata tags copied into a record's details, by ID, when they hold the named kind of value.
_STRING_DETAILS = {
    FT_FILETYPE: "file_type",
    FT_FILEFORMAT: "file_format",
    FT_PARTFILENAME: "part_file",
    FT_AICH_HASH: "aich_hash",
    FT_CORRUPTEDPARTS: "corrupted_parts",
    FT_MEDIA_ARTIST: "media_artist",
    FT_MEDIA_ALBUM: "media_album",
    FT_MEDIA_TITLE: "media_title",
    FT_MEDIA_CODEC: "media_codec",
    FT_FILECOMMENT: "comment",
}
_INT_DETAILS = {
    FT_ATREQUESTED: "requests",
    FT_ATACCEPTED: "accepted",
    FT_ULPRIORITY: "upload_priority",
    FT_DLPRIORITY: "download_priority",
    FT_CATEGORY: "category",
    FT_DL_ACTIVE_TIME: "active_seconds",
    FT_COMPRESSION: "compression_gain",
    FT_CORRUPTED: "corruption_loss",
    FT_MEDIA_LENGTH: "media_length",
    FT_MEDIA_BITRATE: "media_bitrate",
    FT_FILERATING: "rating",
}

# Windows-1252 leaves these bytes undefined; Windows' own conversion maps them to the same code point.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16LE_BOM = b"\xff\xfe"


class _Reader(ByteReader):
    """A ``known.met``/``part.met`` cursor: counts of one, two or four bytes, checked against what is left."""

    def count(self, field: str, width: int, min_item_bytes: int) -> int:
        """Read a count and refuse it when the remaining bytes cannot hold that many items."""
        offset = self.pos
        value = self.u32(field) if width == 4 else self.u16(field) if width == 2 else self.u8(field)
        return self.fitting(field, value, min_item_bytes, offset)


@dataclass(frozen=True)
class Tag:
    """One eMule tag: a one-byte ID or a string name, and its value (int, str, bytes, float or bool)."""

    name_id: int | None
    name: bytes | None
    value: int | str | bytes | float | bool

    @property
    def is_int(self) -> bool:
        return isinstance(self.value, int) and not isinstance(self.value, bool)


def ansi(raw: bytes) -> str:
    """Decode bytes of the Windows ANSI code page as eMule's hosts most often had it (Windows-1252)."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in _CP1252_UNDEFINED else bytes((b,)).decode("cp1252") for b in raw)


def decode_met_string(raw: bytes) -> str:
    """A string as ``CFileDataIO::ReadString`` reads it: UTF-8 after a BOM, else UTF-8 if valid, else ANSI."""
    body = raw[3:] if raw.startswith(_UTF8_BOM) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return ansi(raw)


def read_tag(reader: _Reader) -> Tag:
    """Read one tag in either of eMule's name encodings (``0x80`` flag and ID, or uint16 length and name)."""
    start = reader.pos
    tag_type = reader.u8("tag type")
    name_id: int | None = None
    name: bytes | None = None
    if tag_type & 0x80:
        tag_type &= 0x7F
        name_id = reader.u8("tag ID")
    else:
        length = reader.u16("tag name length")
        if length == 1:
            name_id = reader.u8("tag ID")
        else:
            name = reader.take(length, "tag name")
    value: int | str | bytes | float | bool
    if tag_type == TAGTYPE_STRING:
        value = decode_met_string(reader.take(reader.u16("string length"), "string"))
    elif TAGTYPE_STR1 <= tag_type <= TAGTYPE_STR16:
        value = decode_met_string(reader.take(tag_type - TAGTYPE_STR1 + 1, "short string"))
    elif tag_type == TAGTYPE_UINT32:
        value = reader.u32("uint32 value")
    elif tag_type == TAGTYPE_UINT64:
        value = reader.u64("uint64 value")
    elif tag_type == TAGTYPE_UINT16:
        value = reader.u16("uint16 value")
    elif tag_type == TAGTYPE_UINT8:
        value = reader.u8("uint8 value")
    elif tag_type == TAGTYPE_FLOAT32:
        value = struct.unpack("<f", reader.take(4, "float value"))[0]
    elif tag_type == TAGTYPE_HASH16:
        value = reader.take(16, "hash value")
    elif tag_type == TAGTYPE_BOOL:
        value = reader.u8("bool value") != 0
    elif tag_type == TAGTYPE_BOOLARRAY:
        # Both clients skip len/8 + 1 bytes (packets.cpp, Tag.cpp).
        value = reader.take(reader.u16("bool array length") // 8 + 1, "bool array")
    elif tag_type == TAGTYPE_BLOB:
        value = reader.take(reader.u32("blob length"), "blob")
    elif tag_type == TAGTYPE_BSOB:
        value = reader.take(reader.u8("bsob length"), "bsob")
    else:
        raise reader.fail(f"unknown tag type 0x{tag_type:02X} (its length cannot be known)", start)
    return Tag(name_id, name, value)


def read_tags(reader: _Reader, count: int) -> Iterator[Tag]:
    """Read ``count`` tags, the count already checked against the remaining bytes."""
    for _ in range(count):
        yield read_tag(reader)


iso_time = unix_time_iso  # eMule stores 32-bit Unix seconds; aMule 64-bit ones in some tags


def _set_time(times: dict[str, str], key: str, seconds: int) -> None:
    text = iso_time(seconds)
    if text is not None:
        times[key] = text


@dataclass
class _FileEntry:
    """What a known.met record or a part.met carries before it becomes a :class:`P2PRecord`."""

    date: int
    ed2k: str
    part_hashes: int
    names: list[str]
    size_lo: int | None = None
    size_hi: int = 0
    uploaded_lo: int | None = None
    uploaded_hi: int = 0
    times: dict[str, str] = field(default_factory=dict)
    details: dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int | None:
        return None if self.size_lo is None else self.size_lo | (self.size_hi << 32)

    def take_tag(self, tag: Tag) -> bool:
        """Use a tag the two kinds of file share; False when it is not one of them."""
        key, value = tag.name_id, tag.value
        if key is None:
            return False
        if key == FT_FILENAME and isinstance(value, str):
            self.names.append(value)
        elif key == FT_FILESIZE and tag.is_int:
            self.size_lo = int(value)
        elif key == FT_FILESIZE_HI and tag.is_int:
            self.size_hi = int(value)
        elif key == FT_ATTRANSFERRED and tag.is_int:
            self.uploaded_lo = int(value)
        elif key == FT_ATTRANSFERREDHI and tag.is_int:
            self.uploaded_hi = int(value)
        elif key == FT_KADLASTPUBLISHSRC and tag.is_int and int(value) > KAD_REPUBLISH_SECONDS:
            _set_time(self.times, "kad_published", int(value) - KAD_REPUBLISH_SECONDS)
        elif key in _STRING_DETAILS and isinstance(value, str):
            self.details[_STRING_DETAILS[key]] = value
        elif key in _INT_DETAILS and tag.is_int:
            self.details[_INT_DETAILS[key]] = int(value)
        else:
            return False
        return True

    def record(self, kind: str) -> P2PRecord:
        _set_time(self.times, "last_written", self.date)
        details = dict(self.details)
        details["part_hashes"] = self.part_hashes
        if self.uploaded_lo is not None:
            details["uploaded"] = self.uploaded_lo | (self.uploaded_hi << 32)
        if len(self.names) > 1:
            details["other_names"] = self.names[1:]
        return P2PRecord(
            client=CLIENT,
            kind=kind,
            name=self.names[0] if self.names else None,
            size=self.size,
            ed2k=self.ed2k,
            times=dict(self.times),
            details=details,
        )


def _read_hashset(reader: _Reader) -> tuple[str, int]:
    """The file's ED2K hash and its part hashes (``CFileIdentifier::LoadMD4HashsetFromFile``)."""
    ed2k = reader.take(16, "ED2K hash").hex()
    parts = reader.count("part hash count", 2, 16)
    reader.take(16 * parts, "part hashes")
    return ed2k, parts


def _read_known_entry(reader: _Reader) -> P2PRecord:
    date = reader.u32("last-written date")
    ed2k, parts = _read_hashset(reader)
    entry = _FileEntry(date=date, ed2k=ed2k, part_hashes=parts, names=[])
    for tag in read_tags(reader, reader.count("tag count", 4, _MIN_TAG_BYTES)):
        if entry.take_tag(tag) or not tag.is_int:
            continue
        if tag.name_id == FT_LASTSHARED:
            _set_time(entry.times, "last_shared", int(tag.value))
        elif tag.name_id == FT_LASTSEEN:
            _set_time(entry.times, "last_seen", int(tag.value))
    return entry.record("known")


def parse_known_met(data: bytes) -> list[P2PRecord]:
    """``known.met``: every file the client hashed for sharing, with its upload statistics."""
    reader = _Reader(data, "known.met")
    header = reader.u8("header")
    if header not in (MET_HEADER, MET_HEADER_I64TAGS):
        raise reader.fail(f"bad header 0x{header:02X} (0x0E or 0x0F expected)", 0)
    count = reader.count("record count", 4, _MIN_KNOWN_RECORD_BYTES)
    # Bytes after the last record are left alone, as LoadKnownFiles leaves them.
    return [_read_known_entry(reader) for _ in range(count)]


def _is_new_style(data: bytes, version: int) -> bool:
    """eDonkey's split part.met layouts, which eMule still imports (``LoadPartFile``)."""
    return version == PARTFILE_SPLITTEDVERSION or data[24:28] == b"\x00\x00\x02\x01"


def _gap_key(name: bytes) -> int:
    """The number after the gap tag's first byte, read as ``atoi`` does (leading digits, else 0)."""
    digits = bytearray()
    for byte in name[1:]:
        if not 0x30 <= byte <= 0x39:
            break
        digits.append(byte)
    return int(digits) if digits else 0


def missing_bytes(gaps: dict[int, list[int]], size: int) -> int:
    """Bytes still missing: the union of the gaps eMule would accept (both ends, start <= end, inside the file)."""
    spans = []
    for start, end in gaps.values():
        if start < 0 or end < 0 or start > end or start >= size:
            continue
        spans.append((start, min(end, size - 1)))
    spans.sort()
    missing, covered_to = 0, -1
    for start, end in spans:
        if end <= covered_to:
            continue
        missing += end - max(start, covered_to + 1) + 1
        covered_to = end
    return missing


def parse_part_met(data: bytes) -> list[P2PRecord]:
    """``NNN.part.met``: one download in progress, with the bytes it still lacks (its gaps)."""
    reader = _Reader(data, "part.met")
    version = reader.u8("version")
    if version not in (PARTFILE_VERSION, PARTFILE_SPLITTEDVERSION, PARTFILE_VERSION_LARGEFILE):
        raise reader.fail(f"bad version 0x{version:02X} (0xE0, 0xE1 or 0xE2 expected)", 0)
    date = 0
    if not _is_new_style(data, version):
        date = reader.u32("last-written date")
        ed2k, parts = _read_hashset(reader)
    elif reader.u32("split-layout marker") == 0:
        ed2k, parts = _read_hashset(reader)
    else:
        reader.pos = 2
        date = reader.u32("last-written date")
        ed2k, parts = reader.take(16, "ED2K hash").hex(), 0
    entry = _FileEntry(date=date, ed2k=ed2k, part_hashes=parts, names=[])
    gaps: dict[int, list[int]] = {}
    for tag in read_tags(reader, reader.count("tag count", 4, _MIN_TAG_BYTES)):
        if entry.take_tag(tag):
            continue
        if tag.name is not None and tag.name[:1] in (b"\x09", b"\x0a") and tag.is_int:
            bounds = gaps.setdefault(_gap_key(tag.name), [-1, -1])
            if tag.name[0] == FT_GAPSTART:
                bounds[0] = int(tag.value)
            else:
                bounds[1] = int(tag.value) - 1  # stored as the first byte after the gap
        elif tag.name_id == FT_FILENAME:
            raise reader.fail("file name tag is not a string")
        elif tag.name_id == FT_TRANSFERRED and tag.is_int:
            entry.details["transferred"] = int(tag.value)
        elif tag.name_id == FT_STATUS and tag.is_int:
            entry.details["paused"] = int(tag.value) != 0
        elif tag.name_id == FT_LASTSEENCOMPLETE and tag.is_int:
            _set_time(entry.times, "last_seen_complete", int(tag.value))
    size = entry.size
    if gaps and size is not None:
        missing = missing_bytes(gaps, size)
        entry.details.update(gaps=len(gaps), missing=missing, downloaded=size - missing)
    return [entry.record("part")]


def parse_cancelled_met(data: bytes) -> list[P2PRecord]:
    """``cancelled.met``: downloads the user cancelled, kept as MD5(seed, ED2K hash) since eMule 0.47."""
    reader = _Reader(data, "cancelled.met")
    header = reader.u8("header")
    seed: int | None = None
    if header == CANCELLED_HEADER:
        version = reader.u8("version")
        if version > CANCELLED_VERSION:
            raise reader.fail(f"unknown version {version}", 1)
        seed = reader.u32("seed")
    elif header != MET_HEADER:
        raise reader.fail(f"bad header 0x{header:02X} (0x0E or 0x0F expected)", 0)
    records = []
    for _ in range(reader.count("record count", 4, _MIN_CANCELLED_RECORD_BYTES)):
        digest = reader.take(16, "hash").hex()
        for _tag in read_tags(reader, reader.count("tag count", 1, _MIN_TAG_BYTES)):
            pass  # reserved for later versions (LoadCancelledFiles reads and drops them)
        if seed is None:
            records.append(P2PRecord(client=CLIENT, kind="download", ed2k=digest, details={"cancelled": True}))
        else:
            details = {"cancelled": True, "seed": seed, "hashed_ed2k": digest}
            records.append(P2PRecord(client=CLIENT, kind="download", details=details))
    return records


def cancelled_key(seed: int, ed2k: str) -> str:
    """The hash cancelled.met keeps for an ED2K hash: MD5 of the uint32 seed and the 16 hash bytes."""
    return hashlib.md5(seed.to_bytes(4, "little") + bytes.fromhex(ed2k)).hexdigest()


def _utf16_text(data: bytes, what: str) -> str:
    """UTF-16LE after its byte-order mark, strictly: an odd length or a lone surrogate is a damaged file."""
    body = data[2:]
    if len(body) % 2:
        raise MalformedRecord(f"{what}: odd number of UTF-16 bytes at offset {len(data) - 1} (truncated)")
    try:
        return body.decode("utf-16-le")
    except UnicodeDecodeError as exc:
        raise MalformedRecord(f"{what}: bad UTF-16 ({exc.reason}) at offset {exc.start + 2}") from exc


def _text_lines(data: bytes, what: str) -> list[str]:
    """Lines of a text file eMule or aMule wrote: UTF-16LE with BOM, UTF-8 (BOM optional), or ANSI."""
    if data.startswith(_UTF16LE_BOM):
        text = _utf16_text(data, what)
    elif data.startswith(_UTF8_BOM):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedRecord(f"{what}: bad UTF-8 ({exc.reason}) at offset {exc.start + 3}") from exc
    else:
        nul = data.find(0)
        if nul >= 0:
            raise MalformedRecord(f"{what}: NUL byte at offset {nul} in a text file without byte-order mark")
        text = "\n".join(decode_met_string(line) for line in data.split(b"\n"))
    return text.split("\n")


def parse_search_strings(data: bytes) -> list[P2PRecord]:
    """``AC_SearchStrings.dat``: the search box's history, UTF-16LE with BOM, one term a line, newest first."""
    if not data.startswith(_UTF16LE_BOM):
        raise MalformedRecord("AC_SearchStrings.dat: no UTF-16LE byte-order mark at offset 0")
    records = []
    for line in _utf16_text(data, "AC_SearchStrings.dat").split("\n"):
        term = line.strip(" \r\n")
        if term:
            details = {"position": len(records)}
            records.append(P2PRecord(client=CLIENT, kind="search", name=term, details=details))
    return records


def _folder(path: str, source: str, role: str) -> P2PRecord:
    return P2PRecord(client=CLIENT, kind="shared-folder", name=path, details={"path": path, "role": role,
                                                                              "source": source})


def parse_shared_dirs(data: bytes) -> list[P2PRecord]:
    """``shareddir.dat``: the folders shared, one a line (eMule: UTF-16LE with BOM; aMule: UTF-8)."""
    lines = _text_lines(data, "shareddir.dat")
    return [_folder(path, "shareddir.dat", "shared") for path in (line.strip(" \t\r\n") for line in lines) if path]


# preferences.ini / amule.conf keys of the [eMule] section (Preferences.cpp), matched without regard to case.
_FOLDER_KEYS = {"incomingdir": "incoming", "tempdir": "temp", "tempdirs": "temp"}
_SETTING_KEYS = {"nick": "Nick", "appversion": "AppVersion"}


def parse_preferences(data: bytes) -> list[P2PRecord]:
    """``preferences.ini`` (eMule) or ``amule.conf``: download and temporary folders, nick and version."""
    what = "preferences"
    lines = _text_lines(data, what)
    records: list[P2PRecord] = []
    section, seen_section = None, False
    for line in lines:
        text = line.strip(" \t\r")
        if text.startswith("[") and text.endswith("]"):
            section = text[1:-1].strip().lower()
            seen_section = seen_section or section == "emule"
            continue
        if section != "emule" or "=" not in text:
            continue
        key, _, value = text.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key in _FOLDER_KEYS:
            records += [_folder(p.strip(), what, _FOLDER_KEYS[key]) for p in value.split("|") if p.strip()]
        elif key in _SETTING_KEYS and value:
            name = _SETTING_KEYS[key]
            records.append(P2PRecord(client=CLIENT, kind="setting", name=name, details={"value": value}))
    if not seen_section:
        raise MalformedRecord(f"{what}: no [eMule] section (not an eMule or aMule configuration) at offset 0")
    return records


def _base(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _is_known_met(path: str) -> bool:
    return _base(path) == "known.met"


def _is_part_met(path: str) -> bool:
    return _base(path).endswith((".part.met", ".part.met.bak"))


def _is_cancelled_met(path: str) -> bool:
    return _base(path) == "cancelled.met"


def _is_search_strings(path: str) -> bool:
    return _base(path) == "ac_searchstrings.dat"


def _is_shared_dirs(path: str) -> bool:
    return _base(path) in ("shareddir.dat", "shareddir-explicit.dat", "shareddir-recursive.dat")


def _is_preferences(path: str) -> bool:
    base = _base(path)
    if base == "amule.conf":
        return "/.amule/" in path or path.startswith(".amule/")
    folder = path.rsplit("/", 1)[0]
    return base == "preferences.ini" and ("emule" in folder or "amule" in folder)


def parsers() -> list[RecordParser]:
    """The eMule/aMule record parsers, for the p2p stage's catalogue."""
    return [
        RecordParser(CLIENT, "eMule/aMule known.met (shared and hashed files)", _is_known_met, parse_known_met),
        RecordParser(CLIENT, "eMule/aMule .part.met (downloads in progress)", _is_part_met, parse_part_met),
        RecordParser(CLIENT, "eMule cancelled.met (cancelled downloads)", _is_cancelled_met, parse_cancelled_met),
        RecordParser(CLIENT, "eMule AC_SearchStrings.dat (search terms)", _is_search_strings, parse_search_strings),
        RecordParser(CLIENT, "eMule/aMule shareddir.dat (shared folders)", _is_shared_dirs, parse_shared_dirs),
        RecordParser(CLIENT, "eMule preferences.ini / aMule amule.conf (folders, nick)", _is_preferences,
                     parse_preferences),
    ]
