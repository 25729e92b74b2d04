"""Shareaza's library (``Library1.dat``/``Library2.dat``, two alternating copies): the shared folders and every file in
them, with the hashes Shareaza computed (SHA-1, Tiger, MD5, ED2K, BitTorrent), its share state, hit and upload
counts, sources and metadata.

The layout is Shareaza's MFC ``CArchive`` serialisation, from its source (github.com/ivan386/Shareaza, library version
``LIBRARY_SER_VERSION`` 29): ``shareaza/Library.cpp`` (``CLibrary::Save``/``Serialize``: a FILETIME, the version,
``CLibraryDictionary``, ``CLibraryMaps::Serialize1``, ``CLibraryFolders``), ``shareaza/SharedFolder.cpp``
(``CLibraryFolder::Serialize``), ``shareaza/SharedFile.cpp`` (``CLibraryFile::Serialize``, ``CSharedSource``),
``shareaza/XML.cpp`` (``CXMLElement``), ``shareaza/Hashes/Compatibility.hpp`` (hashes) and ``shareaza/Shareaza.idl``
(``TRISTATE``); MFC's ``AfxReadStringLength`` and ``CArchive::ReadCount`` for strings and counts. IPED's
``ShareazaLibraryDatParser`` reads it the same way. Reading stops after the folders: the album tree, history and
ghost files that follow hold no file a folder does not.

Counts are checked against the remaining bytes, folders and XML elements have a nesting limit, and the read is one
pass.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from heroes_desktop.p2p.byte_reader import ByteReader
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "shareaza"
MAX_VERSION = 29  # LIBRARY_SER_VERSION; Shareaza refuses a newer one
MAX_DEPTH = 64  # folders (a Windows path holds fewer) and XML elements
TRISTATE = {0: "unknown", 1: "false", 2: "true"}
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)
_WHAT = "Shareaza library"
# Smallest encodings of a counted item, to refuse a count before reading on.
_MIN_FOLDER_BYTES = 1 + 4 + 2 + 2
_MIN_FILE_BYTES = 1 + 4 + 4 + 8 + 1 + 4
_MIN_XML_BYTES = 2
_MIN_SOURCE_BYTES = 1 + 4


def filetime(value: int) -> str | None:
    """A Windows FILETIME (100 ns since 1601) as ISO 8601 UTC; 0 (never) is no time."""
    if value <= 0:
        return None
    try:
        moment = _FILETIME_EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Archive(ByteReader):
    """An MFC ``CArchive`` being loaded: little-endian numbers, MFC strings and counts, bounds checked."""

    def __init__(self, data: bytes, version: int = 0) -> None:
        super().__init__(data, _WHAT)
        self.version = version

    def count(self, field: str, min_item_bytes: int) -> int:
        """``CArchive::ReadCount``: a WORD, or 0xFFFF and a DWORD (and 0xFFFFFFFF and a QWORD on 64-bit MFC)."""
        offset = self.pos
        value = self.uint(2, field)
        if value == 0xFFFF:
            value = self.uint(4, field)
            if value == 0xFFFFFFFF:
                value = self.uint(8, field)
        return self.fitting(field, value, min_item_bytes, offset)

    def string(self, field: str) -> str:
        """A ``CString`` as ``AfxReadStringLength`` frames it: ANSI, or UTF-16LE after the 0xFFFE marker."""
        offset = self.pos
        unicode, length = False, self.uint(1, field)
        if length == 0xFF:
            length = self.uint(2, field)
            if length == 0xFFFE:
                unicode, length = True, self.uint(1, field)
                if length == 0xFF:
                    length = self.uint(2, field)
            if length == 0xFFFF:
                length = self.uint(4, field)
                if length == 0xFFFFFFFF:
                    length = self.uint(8, field)
        if not unicode:
            raw = self.take(length, field)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode("cp1252", errors="replace")
        raw = self.take(2 * length, field)
        try:
            return raw.decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise self.fail(f"{field}: bad UTF-16 ({exc.reason})", offset) from exc

    def hash(self, size: int, field: str) -> str | None:
        """A hash as ``SerializeIn`` reads it: a uint32 validity flag, then the bytes when valid."""
        return self.take(size, field).hex() if self.uint(4, field + " flag") else None


def _xml(ar: _Archive, depth: int) -> tuple[str, dict[str, str]]:
    """A ``CXMLElement``: name, value, attributes, child elements (read and dropped)."""
    if depth > MAX_DEPTH:
        raise ar.fail(f"metadata nested deeper than {MAX_DEPTH}")
    name = ar.string("metadata element name")
    ar.string("metadata element value")
    attributes = {}
    for _ in range(ar.count("metadata attribute count", _MIN_XML_BYTES)):
        key, value = ar.string("metadata attribute name"), ar.string("metadata attribute value")
        if key:
            attributes[key.lower()] = value
    for _ in range(ar.count("metadata element count", _MIN_XML_BYTES + 4)):
        _xml(ar, depth + 1)
    return name, attributes


def _set(details: dict[str, object], key: str, value: object) -> None:
    if value not in (None, "", 0):
        details[key] = value


def _file(ar: _Archive, folder: str, folder_shared: str) -> P2PRecord:
    """One ``CLibraryFile`` in the layout of the archive's version."""
    v = ar.version
    name = ar.string("file name")
    index = ar.uint(4, "file index")
    size = ar.uint(8 if v >= 17 else 4, "file size")
    modified = filetime(ar.uint(8, "file time"))
    shared = TRISTATE.get(ar.uint(4, "file shared"), "unknown") if v >= 5 else (
        "unknown" if ar.uint(1, "file shared") else "false")
    if v >= 21 and ar.uint(8, "virtual size"):
        ar.uint(8, "virtual base")
    details: dict[str, object] = {"path": folder.rstrip("\\") + "\\" + name, "index": index}
    _set(details, "sha1", ar.hash(20, "SHA-1"))
    if v >= 8:
        _set(details, "tiger", ar.hash(24, "Tiger"))
    ed2k = bth = None
    if v >= 11:
        _set(details, "md5", ar.hash(16, "MD5"))
        ed2k = ar.hash(16, "ED2K")
    if v >= 26:
        bth = ar.hash(20, "BitTorrent hash")
    if v >= 4:
        details["verified"] = TRISTATE.get(ar.uint(4, "verify"), "unknown")
    uri, auto, metadata_time = ar.string("schema URI"), True, 0
    if uri:
        if v < 27:
            auto = ar.uint(4, "metadata auto") != 0
            if not auto:
                metadata_time = ar.uint(8, "metadata time")
        element, attributes = _xml(ar, 0)
        details["schema"] = uri
        _set(details, "metadata", attributes)
        _set(details, "metadata_element", element)
    if v >= 13:
        rating, comments = ar.uint(4, "rating"), ar.string("comments")
        _set(details, "rating", rating)
        _set(details, "comments", comments)
        if v >= 16:
            _set(details, "share_tags", ar.string("share tags"))
        if v >= 27:
            ar.uint(4, "metadata auto")
            metadata_time = ar.uint(8, "metadata time")
        elif auto and (rating or comments):
            metadata_time = ar.uint(8, "metadata time")
    details["hits"] = ar.uint(4, "hits total")
    details["uploads"] = ar.uint(4, "uploads total")
    if v >= 14:
        ar.uint(4, "cached preview")
    if v >= 20:
        _set(details, "bogus", ar.uint(4, "bogus") != 0)
    sources = []
    if v >= 2:
        for _ in range(ar.count("source count", _MIN_SOURCE_BYTES)):
            sources.append(ar.string("source URL"))
            ar.uint(8 if v >= 10 else 4, "source time")
    _set(details, "sources", sources)
    details["shared"] = folder_shared if shared == "unknown" else shared
    times = {key: value for key, value in (("modified", modified), ("metadata_changed", filetime(metadata_time)))
             if value}
    return P2PRecord(client=CLIENT, kind="known", name=name, size=size, ed2k=ed2k, infohash=bth, times=times,
                     details=details)


def _folder(ar: _Archive, records: list[P2PRecord], parent_shared: str, depth: int) -> None:
    """One ``CLibraryFolder`` and, recursively, its folders and files; a folder of unknown state inherits it."""
    if depth > MAX_DEPTH:
        raise ar.fail(f"folders nested deeper than {MAX_DEPTH}")
    path = ar.string("folder path")
    if ar.version >= 5:
        state = TRISTATE.get(ar.uint(4, "folder shared"), "unknown")
    else:
        state = "unknown" if ar.uint(1, "folder shared") else "false"
    if ar.version >= 3:
        ar.uint(4, "folder expanded")
    shared = parent_shared if state == "unknown" else state
    records.append(P2PRecord(client=CLIENT, kind="shared-folder", name=path,
                             details={"path": path, "shared": shared, "role": "library"}))
    for _ in range(ar.count("folder count", _MIN_FOLDER_BYTES)):
        _folder(ar, records, shared, depth + 1)
    for _ in range(ar.count("file count", _MIN_FILE_BYTES)):
        records.append(_file(ar, path, shared))


def parse_library(data: bytes) -> list[P2PRecord]:
    """``Library1.dat``/``Library2.dat``: the library's folders (``shared-folder``) and files (``known``)."""
    ar = _Archive(data)
    saved = filetime(ar.uint(8, "save time"))
    ar.version = ar.uint(4, "version")
    if not 1 <= ar.version <= MAX_VERSION:
        raise ar.fail(f"unknown library version {ar.version} (1 to {MAX_VERSION} expected)", 8)
    if ar.version >= 29:
        ar.uint(4, "dictionary word count")
    ar.uint(4, "next index")
    if ar.version >= 28:
        ar.take(12, "map sizes")
    records: list[P2PRecord] = []
    for _ in range(ar.count("root folder count", _MIN_FOLDER_BYTES)):
        _folder(ar, records, "true", 0)  # a root folder is shared unless set otherwise (CLibraryFolder)
    if saved:
        records = [_with_saved(r, saved) for r in records]
    return records


def _with_saved(record: P2PRecord, saved: str) -> P2PRecord:
    return P2PRecord(client=record.client, kind=record.kind, name=record.name, size=record.size, ed2k=record.ed2k,
                     infohash=record.infohash, times=dict(record.times), details={**record.details,
                                                                                 "library_saved": saved})


def _is_library(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in ("library1.dat", "library2.dat") and "shareaza" in path


def parsers() -> list[RecordParser]:
    """The Shareaza record parser, for the p2p stage's catalogue."""
    return [RecordParser(CLIENT, "Shareaza Library1.dat/Library2.dat (library folders and files)", _is_library,
                         parse_library)]
