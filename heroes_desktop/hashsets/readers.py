"""Readers of hash-set files: each yields entries and counts what it had to skip. Malformed lines never stop them."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes_desktop.hashsets.categories import normalise_category

DIGEST_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64}
PERCEPTUAL_ALGORITHMS = ("phash", "dhash", "ahash", "whash")
_HEX = re.compile(r"^[0-9a-fA-F]+$")


@dataclass
class Entry:
    algorithm: str  # md5, sha1, sha256, phash, dhash, ahash, whash
    value: str  # lowercase hex
    category: str | None = None
    label: str | None = None


@dataclass
class ReadReport:
    malformed: int = 0
    examples: list[str] = field(default_factory=list)

    def skip(self, where: str, why: str) -> None:
        self.malformed += 1
        if len(self.examples) < 20:
            self.examples.append(f"{where}: {why}")


def _is_digest(value: str, algorithm: str) -> bool:
    return len(value) == DIGEST_LENGTHS[algorithm] and bool(_HEX.match(value))


def read_digest_list(path: Path, algorithm: str, report: ReadReport) -> Iterator[Entry]:
    """One digest per line, or ``md5sum``-style ``DIGEST  NAME`` lines; ``#`` starts a comment."""
    with path.open("r", encoding="utf-8", errors="replace") as stream:
        for number, line in enumerate(stream, start=1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            digest, _, rest = text.partition(" ")
            digest = digest.lstrip("\\").lower()
            if not _is_digest(digest, algorithm):
                report.skip(f"line {number}", f"not an {algorithm.upper()} digest: {text[:80]!r}")
                continue
            yield Entry(algorithm, digest, label=rest.strip().lstrip("*") or None)


def read_perceptual_list(path: Path, report: ReadReport) -> Iterator[Entry]:
    """``HEX`` or ``HEX,CATEGORY`` or ``ALGORITHM:HEX CATEGORY`` per line (64-bit hashes; pHash when unnamed)."""
    with path.open("r", encoding="utf-8", errors="replace") as stream:
        for number, line in enumerate(stream, start=1):
            text = line.split("#", 1)[0].strip()
            if not text:
                continue
            fields = [part for part in re.split(r"[,;\t ]+", text) if part]
            algorithm, _, value = fields[0].rpartition(":")
            algorithm = (algorithm or "phash").lower()
            if algorithm not in PERCEPTUAL_ALGORITHMS:
                report.skip(f"line {number}", f"unknown perceptual hash {algorithm!r}")
                continue
            if len(value) != 16 or not _HEX.match(value):
                report.skip(f"line {number}", f"not a 64-bit hex hash: {value[:40]!r}")
                continue
            try:
                category = normalise_category(fields[1]) if len(fields) > 1 else None
            except ValueError as error:
                report.skip(f"line {number}", str(error))
                continue
            yield Entry(algorithm, value.lower(), category)


def read_nsrl(path: Path, report: ReadReport) -> Iterator[Entry]:
    """NSRL RDS v3 (its SQLite distribution): every distinct MD5, SHA-1 and SHA-256 of its FILE table."""
    uri = f"file:{path.resolve()}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        columns = {row[1].lower() for row in connection.execute("PRAGMA table_info(FILE)")}
        if not columns:
            raise ValueError(f"{path} has no FILE table: not an NSRL RDS v3 database")
        for algorithm in ("sha256", "sha1", "md5"):
            if algorithm not in columns:
                continue
            for (value,) in connection.execute(f"SELECT DISTINCT {algorithm} FROM FILE"):
                digest = str(value or "").strip().lower()
                if _is_digest(digest, algorithm):
                    yield Entry(algorithm, digest)
                elif digest:
                    report.skip(f"FILE.{algorithm}", f"malformed digest {digest[:80]!r}")
    finally:
        connection.close()


def _media_items(document: Any) -> Iterator[dict[str, Any]]:
    """Media entries of VICS 1.x (``value`` holds Media) or 2.0 (``value`` holds Cases with ``Media``)."""
    for item in document.get("value", []) if isinstance(document, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("Media"), list):
            yield from (media for media in item["Media"] if isinstance(media, dict))
        elif isinstance(item, dict):
            yield item


def read_vics(path: Path, report: ReadReport) -> Iterator[Entry]:
    """Project VIC VICS JSON, 1.x (``odata.metadata``) or 2.0 (``@odata.context``)."""
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(document, dict) or not ({"odata.metadata", "@odata.context"} & set(document)):
        raise ValueError(f"{path} is not VICS JSON (no odata.metadata or @odata.context)")
    for index, media in enumerate(_media_items(document)):
        try:
            category = normalise_category(media.get("Category"))
        except ValueError as error:
            report.skip(f"Media[{index}]", str(error))
            continue
        label = str(media.get("MediaID")) if media.get("MediaID") is not None else None
        digests = [("md5", media.get("MD5")), ("sha1", media.get("SHA1"))]
        digests += [("md5", file.get("MD5")) for file in media.get("MediaFiles") or [] if isinstance(file, dict)]
        found, given = False, set()
        for algorithm, value in digests:
            digest = str(value or "").strip().lower()
            if (algorithm, digest) in given:
                continue  # a MediaFiles[].MD5 repeats its Media's MD5 (every VICS 2.0 export does): one entry
            given.add((algorithm, digest))
            if digest and _is_digest(digest, algorithm):
                found = True
                yield Entry(algorithm, digest, category, label)
            elif digest:
                report.skip(f"Media[{index}]", f"malformed {algorithm.upper()} {digest[:80]!r}")
        if not found and not any(value for _, value in digests):
            report.skip(f"Media[{index}]", "no MD5 or SHA1")


# ---- what a file looks like ---------------------------------------------------------------------------------------

SNIFF_BYTES = 1 << 16  # enough of a file to tell the formats apart; a VICS header comes first
SNIFF_LINES = 200
FORMAT_NAMES = {"vics": "a VICS JSON hash set", "nsrl": "an NSRL RDS database", "md5": "an MD5 list",
                "sha1": "a SHA-1 list", "sha256": "a SHA-256 list", "phash": "a perceptual-hash list",
                "ed2k": "a list of eD2k links"}
UNSUPPORTED = {"ed2k": "eD2k hash lists cannot be imported yet (no eD2k hash of the case's files is computed)"}
_LINE_FORMATS = {32: "md5", 40: "sha1", 64: "sha256", 16: "phash"}


@dataclass(frozen=True)
class Sniffed:
    """What a hash-set file looks like: the import format it fits (None: none of them), in words."""

    format: str | None
    description: str


def sniff_format(path: Path) -> Sniffed:
    """Tell the hash-set formats apart from the file's first bytes (SQLite header, JSON keys, line shapes)."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if not head:
        return Sniffed(None, "an empty file")
    if head.startswith(b"SQLite format 3\0"):
        return _sniff_sqlite(path)
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith(("{", "[")):
        if '"@odata.context"' in text:
            return Sniffed("vics", "VICS JSON 2.0 (@odata.context)")
        if '"odata.metadata"' in text:
            return Sniffed("vics", "VICS JSON 1.x (odata.metadata)")
        return Sniffed(None, "JSON without odata.metadata or @odata.context (not VICS)")
    if b"\0" in head:
        return Sniffed(None, "binary data, not a hash-set file")
    return _sniff_lines(text.splitlines()[:SNIFF_LINES])


def _sniff_sqlite(path: Path) -> Sniffed:
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True)
        try:
            columns = {row[1].lower() for row in connection.execute("PRAGMA table_info(FILE)")}
        finally:
            connection.close()
    except sqlite3.Error:
        return Sniffed(None, "a damaged SQLite database")
    if columns & set(DIGEST_LENGTHS):
        return Sniffed("nsrl", "an NSRL RDS v3 database (SQLite, FILE table)")
    return Sniffed(None, "an SQLite database without NSRL's FILE table")


def _sniff_lines(lines: list[str]) -> Sniffed:
    """The digest kind most of the first lines hold (``DIGEST [NAME]``, ``HEX[,CAT]``, ``ALGORITHM:HEX``)."""
    kinds: dict[str, int] = {}
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if text.lower().startswith("ed2k://|file|"):
            kinds["ed2k"] = kinds.get("ed2k", 0) + 1
            continue
        first = re.split(r"[,;\t ]+", text)[0]
        prefix, _, value = first.rpartition(":")
        value = value.lstrip("\\").lower()
        if prefix and prefix.lower() in PERCEPTUAL_ALGORITHMS:
            kind = "phash"
        elif prefix or not _HEX.match(value):
            kind = "other"
        else:
            kind = _LINE_FORMATS.get(len(value), "other")
        kinds[kind] = kinds.get(kind, 0) + 1
    digests = {kind: count for kind, count in kinds.items() if kind != "other"}
    if not digests:
        return Sniffed(None, "text without hash values" if kinds else "a file of comments only")
    kind = max(digests, key=digests.__getitem__)
    return Sniffed(kind, FORMAT_NAMES[kind] + f" ({digests[kind]} of the first {sum(kinds.values())} lines)")
