"""What every P2P parser returns: one record per shared, downloaded or searched-for thing, and the parser catalogue
entry that says which evidence files a parser reads.

Parsers are pure functions of a file's bytes (no I/O, no case access), so that they run in the ingest workers under
the usual time and memory limits and are tested on bytes a test writes from the format's description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# Record kinds, as `heroes p2p --json` prints them.
KINDS = ("torrent", "resume", "known", "part", "search", "shared-folder", "download", "setting")


@dataclass(frozen=True)
class P2PRecord:
    """One thing a client recorded.

    ``times`` maps what happened (``added``, ``completed``, ``last_seen``, ``last_shared``, ``searched``) to an ISO
    8601 UTC time; ``details`` holds what else the client kept (``save_path``, ``uploaded``, ``downloaded``,
    ``ratio``, ``requests``, ``accepted``, ``files`` of a torrent, ``piece_length``, ...), with JSON-ready values.
    """

    client: str  # "emule", "utorrent", "bittorrent", "qbittorrent", "transmission", "shareaza", "ares", "torrent"
    kind: str  # one of KINDS
    name: str | None = None
    size: int | None = None
    infohash: str | None = None  # BitTorrent v1 info-hash, SHA-1, 40 lower-case hex digits
    infohash_v2: str | None = None  # BitTorrent v2 info-hash, SHA-256, 64 lower-case hex digits
    ed2k: str | None = None  # eDonkey hash, MD4, 32 lower-case hex digits
    times: Mapping[str, str] = field(default_factory=dict)
    details: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordParser:
    """A parser and the evidence files it reads.

    ``matches`` receives the file's path in the evidence, lower case with '/' separators (for example
    ``/users/ann/appdata/local/emule/config/known.met``) and answers whether this parser reads it; ``parse`` receives
    the file's bytes and returns its records, or raises :class:`heroes_desktop.p2p.errors.MalformedRecord` with the
    reason. ``parse_at``, where a client keeps part of a record in the file's name (Transmission's info-hash),
    receives the bytes and the path as the evidence spells it, and is used instead of ``parse``.
    """

    client: str
    description: str
    matches: Callable[[str], bool]
    parse: Callable[[bytes], list[P2PRecord]]
    parse_at: Callable[[bytes, str], list[P2PRecord]] | None = None

    def read(self, data: bytes, path: str) -> list[P2PRecord]:
        """The records of the file at ``path`` whose bytes are ``data``."""
        return self.parse_at(data, path) if self.parse_at is not None else self.parse(data)
