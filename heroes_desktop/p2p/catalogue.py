"""The catalogue of P2P record parsers: which parser reads an evidence file, chosen by the file's path.

The ``p2p`` stage asks :func:`parser_for` for every item; only files a client writes (``known.met``,
``resume.dat``, ``*.fastresume``, ``*.torrent``, ...) get a parser, everything else is not for the stage.
"""

from __future__ import annotations

from functools import cache

from heroes_desktop.p2p.records import RecordParser


@cache
def all_parsers() -> tuple[RecordParser, ...]:
    """Every parser this build ships, most specific first (a client's own files before the generic torrent)."""
    from heroes_desktop.p2p import ares, emule, qbittorrent, shareaza, torrent, transmission, utorrent

    found: list[RecordParser] = []
    for module in (emule, shareaza, ares, utorrent, qbittorrent, transmission, torrent):
        found.extend(module.parsers())
    return tuple(found)


def parser_for(path: str) -> RecordParser | None:
    """The parser for the evidence file at ``path`` (any case, '/' or '\\' separators), or None."""
    lowered = path.replace("\\", "/").lower()
    for parser in all_parsers():
        if parser.matches(lowered):
            return parser
    return None


def descriptions() -> list[tuple[str, str]]:
    """(client, what it reads) for every parser, for help texts and the report's method section."""
    return [(parser.client, parser.description) for parser in all_parsers()]
