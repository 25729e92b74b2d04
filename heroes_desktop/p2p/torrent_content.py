"""What a torrent says about its files' content, kept so that the case's files can be recognised later without
the torrent's bytes: each file's size, v2 ``pieces root``, and a few v1 pieces that lie inside that file alone
(or inside it and the BEP 47 pad file after it, which is zeros), spread over the file.

The ``p2p`` stage computes these keys in the worker; the ``p2p-content`` case stage reads a candidate file's
bytes at the sampled places (a few pieces, not the whole file) and hashes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from heroes_desktop.p2p.torrent import file_pieces_root, parse_torrent, piece_spans

SAMPLES_PER_FILE = 8  # pieces compared per file: every one must match for a "pieces" link to be all-matched
MAX_FILES = 10_000  # files of one torrent given keys; a torrent of more lists the rest without content keys


def content_keys(data: bytes) -> dict[str, Any]:
    """The keys of every real (not padding) file of the torrent in ``data``."""
    info = parse_torrent(data)
    checkable: dict[int, list[tuple[int, int, int, int]]] = {}  # file -> (piece, start, length, pad after)
    for piece, parts in enumerate(piece_spans(info)):
        real = [(index, start, length) for index, start, length in parts if not info.files[index].padding]
        if len(real) != 1:
            continue  # a piece across two real files is only checkable with both: not sampled
        index, start, length = real[0]
        position = [i for i, _, _ in parts].index(index)
        if any(not info.files[i].padding for i, _, _ in parts[position + 1:]) or position != 0:
            continue
        pad = sum(part_length for _, _, part_length in parts[1:])
        checkable.setdefault(index, []).append((piece, start, length, pad))
    entries = []
    for index, entry in enumerate(info.files):
        if entry.padding or len(entries) >= MAX_FILES:
            continue
        pieces = checkable.get(index, [])
        chosen = _spread(pieces, SAMPLES_PER_FILE)
        entries.append({
            "index": index, "path": entry.path, "size": entry.length, "pieces_root": entry.pieces_root,
            "pieces_in_file": len(pieces),
            "samples": [{"piece": piece, "start": start, "length": length, "pad": pad,
                         "sha1": info.pieces[piece].hex()} for piece, start, length, pad in chosen]})
    return {"piece_length": info.piece_length, "meta_version": info.meta_version, "files": entries}


def _spread(items: list[Any], count: int) -> list[Any]:
    """At most ``count`` items evenly spread from first to last."""
    if len(items) <= count:
        return items
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


def pieces_root_of(read: Callable[[int, int], bytes], size: int, piece_length: int) -> str | None:
    """The BEP 52 root of a case file's content (None for an empty file)."""
    return file_pieces_root(read, size, piece_length)
