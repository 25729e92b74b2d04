"""Makes real ``.torrent`` files from files a test wrote, as BEP 3 (v1), BEP 52 (v2) and BEP 47 (pad files) describe
them and as libtorrent / qBittorrent write them: v1 single- and multi-file, v2-only, and hybrid with a pad file after
every file but the last that does not end on a piece boundary.

Written from the specifications alone, with its own bencoder and merkle code, so that the parser is checked against
something it did not produce.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

BLOCK = 16 * 1024


def bencode(value: object) -> bytes:
    """BEP 3 bencoding; dictionary keys sorted as raw strings."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list | tuple):
        return b"l" + b"".join(bencode(item) for item in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode("utf-8") if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


@dataclass
class MadeTorrent:
    data: bytes  # the .torrent file
    info: dict
    infohash: str | None  # SHA-1 of bencode(info), hex (v1 and hybrid)
    infohash_v2: str | None  # SHA-256 of bencode(info), hex (v2 and hybrid)
    files: list[tuple[str, int, bool]]  # (path, length, is pad file) in v1 stream order, or file tree order
    pieces_roots: dict[str, str]  # path -> v2 pieces root hex


def _leaf_hashes(content: bytes) -> list[bytes]:
    return [hashlib.sha256(content[i:i + BLOCK]).digest() for i in range(0, len(content), BLOCK)]


def _tree_layers(leaves: list[bytes]) -> list[list[bytes]]:
    """All layers of the full tree, leaves first, the leaf layer padded with zero hashes to a power of two."""
    width = 1
    while width < len(leaves):
        width *= 2
    layers = [leaves + [bytes(32)] * (width - len(leaves))]
    while len(layers[-1]) > 1:
        below = layers[-1]
        layers.append([hashlib.sha256(below[i] + below[i + 1]).digest() for i in range(0, len(below), 2)])
    return layers


def v2_root_and_layer(content: bytes, piece_length: int) -> tuple[bytes, bytes]:
    """(pieces root, piece layer bytes) of a file, BEP 52; the layer is empty for a file of one piece or less."""
    leaves = _leaf_hashes(content)
    blocks_per_piece = piece_length // BLOCK
    if len(content) <= piece_length:
        return _tree_layers(leaves)[-1][0], b""
    # A file larger than a piece: its tree covers whole pieces, so the leaf count is at least a piece's worth.
    while len(leaves) % blocks_per_piece:
        leaves.append(bytes(32))
    layers = _tree_layers(leaves)
    level = blocks_per_piece.bit_length() - 1  # the layer whose nodes are piece roots
    piece_count = -(-len(content) // piece_length)
    return layers[-1][0], b"".join(layers[level][:piece_count])


def _walk(root: Path) -> list[tuple[list[str], bytes]]:
    if root.is_file():
        return [([root.name], root.read_bytes())]
    out = []
    for path in sorted(root.rglob("*"), key=lambda p: [part.encode("utf-8") for part in p.relative_to(root).parts]):
        if path.is_file():
            out.append((list(path.relative_to(root).parts), path.read_bytes()))
    return out


def make_torrent(root: Path, *, version: str = "v1", piece_length: int = 32 * 1024,
                 announce: str = "udp://tracker.example.org:1337/announce", comment: str | None = "made by a test",
                 created_by: str = "torrent_maker 1.0", creation_date: int = 1_700_000_000, private: bool = False,
                 extra_info: dict | None = None) -> MadeTorrent:
    """A torrent of the file or folder ``root``; version "v1", "v2" or "hybrid"."""
    assert version in ("v1", "v2", "hybrid")
    entries = _walk(root)
    single = root.is_file()
    info: dict = {"name": root.name, "piece length": piece_length}
    roots: dict[str, str] = {}
    layers: dict[bytes, bytes] = {}
    if version in ("v2", "hybrid"):
        info["meta version"] = 2
        tree: dict = {}
        for parts, content in entries:
            node = tree
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            leaf: dict = {"length": len(content)}
            if content:
                root_hash, layer = v2_root_and_layer(content, piece_length)
                leaf["pieces root"] = root_hash
                roots["/".join(parts)] = root_hash.hex()
                if layer:
                    layers[root_hash] = layer
            node[parts[-1]] = {"": leaf}
        info["file tree"] = tree
    stream_files: list[tuple[str, int, bool]] = []
    if version in ("v1", "hybrid"):
        stream = b""
        v1_list = []
        for index, (parts, content) in enumerate(entries):
            v1_list.append({"length": len(content), "path": parts})
            stream += content
            stream_files.append(("/".join(parts), len(content), False))
            tail = len(content) % piece_length
            if version == "hybrid" and tail and index < len(entries) - 1:
                pad = piece_length - tail
                v1_list.append({"attr": "p", "length": pad, "path": [".pad", str(pad)]})
                stream += bytes(pad)
                stream_files.append((f".pad/{pad}", pad, True))
        info["pieces"] = b"".join(hashlib.sha1(stream[i:i + piece_length]).digest()
                                  for i in range(0, len(stream), piece_length))
        if single:
            info["length"] = len(entries[0][1])
        else:
            info["files"] = v1_list
    else:
        stream_files = [("/".join(p), len(c), False) for p, c in entries]
    if private:
        info["private"] = 1
    info.update(extra_info or {})
    top: dict = {"announce": announce, "created by": created_by, "creation date": creation_date, "info": info}
    if comment is not None:
        top["comment"] = comment
    if layers:
        top["piece layers"] = layers
    encoded_info = bencode(info)
    return MadeTorrent(
        data=bencode(top),
        info=info,
        infohash=hashlib.sha1(encoded_info).hexdigest() if "pieces" in info else None,
        infohash_v2=hashlib.sha256(encoded_info).hexdigest() if version != "v1" else None,
        files=stream_files,
        pieces_roots=roots,
    )
