"""BitTorrent metainfo (``.torrent``) files: what was shared or fetched, its info-hashes, and the piece hashes that link
a torrent to content found on a device.

Formats, from the BitTorrent specifications: BEP 3 (v1 metainfo, ``info`` with ``pieces``, ``length`` or ``files``),
BEP 12 (``announce-list``), BEP 27 (``private``), BEP 47 (``attr`` with ``p`` for pad files) and BEP 52 (v2:
``meta version`` 2, ``file tree`` with per-file ``pieces root``, SHA-256 merkle trees over 16 KiB blocks; a hybrid
torrent has both the v1 and the v2 keys). The info-hashes are computed over the ``info`` bytes exactly as stored,
located by a span scan, so a torrent whose encoding is not canonical still gets the hash the clients use.

BitComet's ``_____padding_file_`` entries (before BEP 47) count as pad files too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from heroes_desktop.p2p import bencode
from heroes_desktop.p2p.byte_reader import unix_time_iso
from heroes_desktop.p2p.errors import MalformedRecord, P2PError
from heroes_desktop.p2p.records import P2PRecord, RecordParser

CLIENT = "torrent"
WHAT = ".torrent"
BLOCK_SIZE = 16 * 1024  # BEP 52 merkle leaf
MAX_PIECE_LENGTH = 2**31  # clients stop at 16-256 MiB; beyond this a length is damage, not a choice
MAX_FILE_LENGTH = 2**62
MAX_LISTED_FILES = 1000  # files named in a record's details; the count says how many there are

ReadRange = Callable[[int, int], bytes]  # (offset, length) -> the bytes there (fewer at the end of the data)


@dataclass(frozen=True)
class TorrentFile:
    """One file of a torrent. ``path`` is below the torrent's folder ``name`` (for a single-file torrent: the name),
    components joined with '/'; ``offset`` is where it starts in the v1 piece stream (None in a v2-only torrent);
    ``pieces_root`` is its v2 merkle root in hex (None in v1 or for an empty file)."""

    path: str
    length: int
    offset: int | None
    padding: bool = False
    pieces_root: str | None = None
    attr: str = ""
    path_raw_hex: str | None = None  # the path's bytes when they are not UTF-8


@dataclass(frozen=True)
class TorrentInfo:
    """What a ``.torrent`` says. ``pieces`` are the v1 SHA-1 piece hashes (20 bytes each); ``total_size`` leaves pad
    files out; ``problems`` lists inconsistencies that do not stop the reading (a piece count that does not fit the
    size, a v2 file without its root)."""

    name: str
    infohash: str | None
    infohash_v2: str | None
    piece_length: int
    pieces: tuple[bytes, ...]
    files: tuple[TorrentFile, ...]
    total_size: int
    meta_version: int = 1
    announce: str | None = None
    announce_list: tuple[str, ...] = ()
    comment: str | None = None
    created_by: str | None = None
    creation_date: str | None = None
    private: bool = False
    source: str | None = None
    name_raw_hex: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)


def parse_torrent(data: bytes) -> TorrentInfo:
    """Read a ``.torrent``'s bytes; raises MalformedRecord with the reason when it is not a readable torrent."""
    top = bencode.decode_dict(data, WHAT)
    info = bencode.get_dict(top, b"info", WHAT)
    if info is None:
        raise MalformedRecord(f"{WHAT}: no 'info' dictionary at offset 0")
    span = bencode.dict_value_span(data, b"info", WHAT)
    assert span is not None  # decode found the key, so the scan does
    raw_info = data[span[0]:span[1]]

    what = f"{WHAT} info"
    meta_version = bencode.get_int(info, b"meta version", what, minimum=1, maximum=2**31) or 1
    piece_length = bencode.get_int(info, b"piece length", what, minimum=1, maximum=MAX_PIECE_LENGTH)
    if piece_length is None:
        raise MalformedRecord(f"{what}: no 'piece length'")
    raw_name = bencode.get_bytes(info, b"name.utf-8", what) or bencode.get_bytes(info, b"name", what) or b""
    problems: list[str] = []

    pieces_blob = bencode.get_bytes(info, b"pieces", what)
    has_v1 = pieces_blob is not None
    has_v2 = meta_version == 2
    if not has_v1 and not has_v2:
        raise MalformedRecord(f"{what}: neither v1 'pieces' nor v2 'meta version' 2")
    if has_v2 and (piece_length < BLOCK_SIZE or piece_length & (piece_length - 1)):
        raise MalformedRecord(f"{what}: v2 'piece length' {piece_length} is not a power of two of at least 16 KiB")

    roots = _v2_files(info, what) if has_v2 else []
    if has_v1:
        if len(pieces_blob) % 20:
            raise MalformedRecord(f"{what}: 'pieces' has {len(pieces_blob)} bytes, not a multiple of 20")
        pieces = tuple(pieces_blob[i:i + 20] for i in range(0, len(pieces_blob), 20))
        files = _v1_files(info, raw_name, what)
        files = _with_roots(files, roots, problems) if has_v2 else files
        stream = sum(f.length for f in files)
        expected = -(-stream // piece_length)
        if expected != len(pieces):
            problems.append(f"{len(pieces)} piece hashes for {stream} bytes in pieces of {piece_length} "
                            f"({expected} expected)")
    else:
        pieces = ()
        files = roots
    for f in files:
        if has_v2 and not f.padding and f.length > 0 and f.pieces_root is None:
            problems.append(f"v2 file '{f.path}' has no 'pieces root'")

    private = bencode.get_int(info, b"private", what, minimum=None, maximum=2**63 - 1)
    created = bencode.get_int(top, b"creation date", WHAT, minimum=None, maximum=2**63 - 1)
    return TorrentInfo(
        name=bencode.text(raw_name),
        infohash=hashlib.sha1(raw_info).hexdigest() if has_v1 else None,
        infohash_v2=hashlib.sha256(raw_info).hexdigest() if has_v2 else None,
        piece_length=piece_length,
        pieces=pieces,
        files=tuple(files),
        total_size=sum(f.length for f in files if not f.padding),
        meta_version=meta_version,
        announce=bencode.get_text(top, b"announce", WHAT),
        announce_list=_announce_list(top),
        comment=bencode.get_text(top, b"comment.utf-8", WHAT) or bencode.get_text(top, b"comment", WHAT),
        created_by=bencode.get_text(top, b"created by", WHAT),
        creation_date=unix_time_iso(created) if created is not None else None,
        private=private == 1,
        source=bencode.get_text(info, b"source", what),
        name_raw_hex=bencode.raw_hex(raw_name),
        problems=tuple(problems),
    )


def _is_padding(attr: str, path: str) -> bool:
    return "p" in attr or path.rsplit("/", 1)[-1].startswith("_____padding_file_")


def _v1_files(info: Mapping[bytes, object], raw_name: bytes, what: str) -> list[TorrentFile]:
    """The v1 files in stream order with their offsets: ``length`` (single file) or ``files`` (BEP 3)."""
    entries = bencode.get_list(info, b"files", what)
    if entries is None:
        length = bencode.get_int(info, b"length", what, maximum=MAX_FILE_LENGTH)
        if length is None:
            raise MalformedRecord(f"{what}: neither 'length' nor 'files'")
        attr = bencode.get_text(info, b"attr", what) or ""
        name = bencode.text(raw_name)
        return [TorrentFile(name, length, 0, _is_padding(attr, name), attr=attr,
                            path_raw_hex=bencode.raw_hex(raw_name))]
    files: list[TorrentFile] = []
    offset = 0
    for index, entry in enumerate(entries):
        where = f"{what} file {index}"
        if not isinstance(entry, dict):
            raise MalformedRecord(f"{where}: a {type(entry).__name__}, not a dictionary")
        length = bencode.get_int(entry, b"length", where, maximum=MAX_FILE_LENGTH)
        if length is None:
            raise MalformedRecord(f"{where}: no 'length'")
        parts = bencode.get_list(entry, b"path.utf-8", where) or bencode.get_list(entry, b"path", where)
        if not parts or not all(isinstance(p, bytes) for p in parts):
            raise MalformedRecord(f"{where}: 'path' is not a non-empty list of strings")
        raw_path = b"/".join(parts)
        path = bencode.text(raw_path)
        attr = bencode.get_text(entry, b"attr", where) or ""
        files.append(TorrentFile(path, length, offset, _is_padding(attr, path), attr=attr,
                                 path_raw_hex=bencode.raw_hex(raw_path)))
        offset += length
    return files


def _v2_files(info: Mapping[bytes, object], what: str) -> list[TorrentFile]:
    """The v2 files of the ``file tree`` in its (sorted) order, each with its ``pieces root`` (BEP 52)."""
    tree = bencode.get_dict(info, b"file tree", what)
    if tree is None:
        raise MalformedRecord(f"{what}: 'meta version' 2 without a 'file tree'")
    files: list[TorrentFile] = []
    _walk_tree(tree, [], files, what)  # depth is bounded by the decoder's nesting limit
    return files


def _walk_tree(node: Mapping[bytes, object], prefix: list[bytes], files: list[TorrentFile], what: str) -> None:
    for key, value in node.items():
        where = f"{what} file tree '{bencode.text(b'/'.join(prefix + [key]))}'"
        if not isinstance(value, dict):
            raise MalformedRecord(f"{where}: a {type(value).__name__}, not a dictionary")
        if key != b"":
            _walk_tree(value, prefix + [key], files, what)
        elif not prefix:
            raise MalformedRecord(f"{where}: a file with no name")
        else:
            files.append(_v2_file(prefix, value, where))


def _v2_file(parts: list[bytes], leaf: Mapping[bytes, object], where: str) -> TorrentFile:
    length = bencode.get_int(leaf, b"length", where, maximum=MAX_FILE_LENGTH)
    if length is None:
        raise MalformedRecord(f"{where}: no 'length'")
    root = bencode.get_bytes(leaf, b"pieces root", where, size=32)
    raw_path = b"/".join(parts)
    attr = bencode.get_text(leaf, b"attr", where) or ""
    return TorrentFile(bencode.text(raw_path), length, None, "p" in attr, root.hex() if root else None, attr,
                       bencode.raw_hex(raw_path))


def _with_roots(v1_files: list[TorrentFile], v2_files: list[TorrentFile], problems: list[str]) -> list[TorrentFile]:
    """A hybrid torrent's v1 files (which carry the offsets) with the v2 roots of the same paths."""
    roots = {f.path: f.pieces_root for f in v2_files}
    real = [f for f in v1_files if not f.padding]
    if len(real) != len(v2_files) or any(f.path not in roots for f in real):
        problems.append("the v1 file list and the v2 file tree name different files")
    return [f if f.padding else TorrentFile(f.path, f.length, f.offset, False, roots.get(f.path), f.attr,
                                            f.path_raw_hex) for f in v1_files]


def _announce_list(top: Mapping[bytes, object]) -> tuple[str, ...]:
    tiers = bencode.get_list(top, b"announce-list", WHAT) or []
    urls: list[str] = []
    for tier in tiers:
        for url in tier if isinstance(tier, list) else [tier]:
            if isinstance(url, bytes) and bencode.text(url) not in urls:
                urls.append(bencode.text(url))
    return tuple(urls)


# Linking content to a torrent: v1 piece checks and v2 file roots.

def piece_spans(info: TorrentInfo) -> list[list[tuple[int, int, int]]]:
    """For each v1 piece, the (file index, start in file, length) parts it covers, pad files included."""
    spans: list[list[tuple[int, int, int]]] = []
    if not info.pieces:
        return spans
    files = [(i, f) for i, f in enumerate(info.files) if f.length > 0 and f.offset is not None]
    cursor = 0
    for index in range(len(info.pieces)):
        start = index * info.piece_length
        end = start + info.piece_length
        parts: list[tuple[int, int, int]] = []
        while cursor < len(files) and files[cursor][1].offset + files[cursor][1].length <= start:
            cursor += 1
        scan = cursor
        while scan < len(files) and files[scan][1].offset < end:
            file_index, f = files[scan]
            lo, hi = max(start, f.offset), min(end, f.offset + f.length)
            parts.append((file_index, lo - f.offset, hi - lo))
            scan += 1
        spans.append(parts)
    return spans


def verify_pieces(info: TorrentInfo, readers: Mapping[int, ReadRange | None]) -> dict[int, tuple[int, int]]:
    """Check every v1 piece whose files all have a reader (pad files read as zeros); for each file index with a
    reader, (pieces that matched, pieces compared) among the pieces that touch it."""
    results = {i: [0, 0] for i, r in readers.items() if r is not None}
    for index, parts in enumerate(piece_spans(info)):
        if not parts or not all(info.files[i].padding or readers.get(i) is not None for i, _, _ in parts):
            continue
        digest = hashlib.sha1()
        for file_index, start, length in parts:
            if info.files[file_index].padding:
                digest.update(bytes(length))
            else:
                digest.update(readers[file_index](start, length)[:length])  # type: ignore[misc]
        matched = digest.digest() == info.pieces[index]
        for file_index in {i for i, _, _ in parts if i in results}:
            results[file_index][0] += matched
            results[file_index][1] += 1
    return {i: (m, c) for i, (m, c) in results.items()}


def verify_file_pieces(info: TorrentInfo, file_index: int, read_range: ReadRange) -> tuple[int, int]:
    """(matched, compared) over the v1 pieces that lie inside one file (and its pad files)."""
    return verify_pieces(info, {file_index: read_range})[file_index]


def file_pieces_root(read_range: ReadRange, length: int, piece_length: int) -> str | None:
    """The BEP 52 ``pieces root`` of a file's content, in hex; None for an empty file (which has no root).

    Leaves are the SHA-256 of each 16 KiB block (the last one as long as it is); a file of one piece or less is one
    tree over its blocks padded with zero hashes to a power of two; a larger file's tree has a subtree per piece (the
    last padded with zero hashes) whose roots are padded to a power of two with the root of an all-zero piece.
    """
    if piece_length < BLOCK_SIZE or piece_length & (piece_length - 1):
        raise P2PError(f"v2 piece length {piece_length} is not a power of two of at least 16 KiB")
    if length <= 0:
        return None
    blocks_per_piece = piece_length // BLOCK_SIZE
    if length <= piece_length:
        return _merkle_root(_block_hashes(read_range, 0, length), 1 << (-(-length // BLOCK_SIZE) - 1).bit_length(),
                            bytes(32)).hex()
    piece_roots = []
    for start in range(0, length, piece_length):
        leaves = _block_hashes(read_range, start, min(piece_length, length - start))
        piece_roots.append(_merkle_root(leaves, blocks_per_piece, bytes(32)))
    pad = _merkle_root([], blocks_per_piece, bytes(32))
    return _merkle_root(piece_roots, 1 << (len(piece_roots) - 1).bit_length(), pad).hex()


def _block_hashes(read_range: ReadRange, start: int, length: int) -> list[bytes]:
    data = read_range(start, length)[:length]  # a short read hashes what is there: the root then differs
    return [hashlib.sha256(data[i:i + BLOCK_SIZE]).digest() for i in range(0, len(data), BLOCK_SIZE)]


def _merkle_root(leaves: list[bytes], width: int, pad: bytes) -> bytes:
    """The root of a binary SHA-256 tree of ``width`` (a power of two) leaves: ``leaves`` then ``pad``."""
    layer = leaves + [pad] * (width - len(leaves))
    while len(layer) > 1:
        layer = [hashlib.sha256(layer[i] + layer[i + 1]).digest() for i in range(0, len(layer), 2)]
    return layer[0]


def verify_v2_file(info: TorrentInfo, file_index: int, read_range: ReadRange) -> bool | None:
    """Whether a file's content has the ``pieces root`` the torrent gives it; None when the torrent gives none."""
    f = info.files[file_index]
    if f.pieces_root is None or info.meta_version != 2:
        return None
    return file_pieces_root(read_range, f.length, info.piece_length) == f.pieces_root


# The record.

def parse_torrent_records(data: bytes) -> list[P2PRecord]:
    """One ``torrent`` record for a ``.torrent`` file."""
    info = parse_torrent(data)
    real = [f for f in info.files if not f.padding]
    details: dict[str, object] = {
        "files": [{"path": f.path, "size": f.length} for f in real[:MAX_LISTED_FILES]],
        "file_count": len(real),
        "piece_length": info.piece_length,
        "announce": info.announce,
        "comment": info.comment,
        "created_by": info.created_by,
        "private": info.private,
        "meta_version": info.meta_version,
    }
    if info.announce_list:
        details["announce_list"] = list(info.announce_list)
    if info.source:
        details["source"] = info.source
    if info.name_raw_hex:
        details["name_raw_hex"] = info.name_raw_hex
    if info.problems:
        details["problems"] = list(info.problems)
    return [P2PRecord(client=CLIENT, kind="torrent", name=info.name, size=info.total_size, infohash=info.infohash,
                      infohash_v2=info.infohash_v2,
                      times={"created": info.creation_date} if info.creation_date else {}, details=details)]


def _is_torrent(path: str) -> bool:
    return path.endswith(".torrent")


def parsers() -> list[RecordParser]:
    """The ``.torrent`` parser, for the p2p stage's catalogue."""
    return [RecordParser(CLIENT, "BitTorrent .torrent metainfo (v1, v2, hybrid)", _is_torrent, parse_torrent_records)]
