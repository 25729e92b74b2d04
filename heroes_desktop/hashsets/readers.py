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
        found = False
        for algorithm, value in digests:
            digest = str(value or "").strip().lower()
            if digest and _is_digest(digest, algorithm):
                found = True
                yield Entry(algorithm, digest, category, label)
            elif digest:
                report.skip(f"Media[{index}]", f"malformed {algorithm.upper()} {digest[:80]!r}")
        if not found and not any(value for _, value in digests):
            report.skip(f"Media[{index}]", "no MD5 or SHA1")
