"""Readers of hash-set files: each yields entries and counts what it had to skip. Malformed lines never stop them.

A hash set comes from outside the lab as often as from it, so its readers take the same care as the evidence's:
an NSRL database is opened read-only with its schema untrusted, only the stored columns of a real ``FILE`` table
are read (never a view, a generated column or a virtual table: SQL from the file is never run), and a value is
read up to a length no digest needs; a text list is read line by line with a cap on a line's length, in the
encoding its byte-order mark names (UTF-8 otherwise, invalid bytes replaced).
"""

from __future__ import annotations

import codecs
import json
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes_desktop.hashsets.categories import normalise_category

DIGEST_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "ed2k": 32}
PERCEPTUAL_ALGORITHMS = ("phash", "dhash", "ahash", "whash")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
MAX_LINE_CHARS = 4096  # far more than a digest and a file name need; the rest of a longer line is skipped
MAX_NSRL_VALUE_CHARS = 256  # of one NSRL value read (a digest is 64 at most)
NSRL_LENGTH_LIMIT = 1 << 20  # no value of an NSRL database is longer: SQLite refuses to load one that is
NSRL_COLUMNS = ("sha256", "sha1", "md5")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class Entry:
    algorithm: str  # md5, sha1, sha256, ed2k, phash, dhash, ahash, whash
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


def _encoding(path: Path) -> tuple[str, int]:
    """The text encoding a file's byte-order mark names (UTF-8 without one) and the mark's length."""
    with path.open("rb") as stream:
        head = stream.read(4)
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding, len(mark)
    return "utf-8", 0


def _lines(path: Path, report: ReadReport) -> Iterator[tuple[int, str]]:
    """(line number, text) of a text hash list, each line cut at ``MAX_LINE_CHARS`` (a longer one is skipped whole,
    and counted as malformed): a file of one endless line cannot fill the memory."""
    encoding, skip = _encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline=None) as stream:
        if skip:
            stream.read(1)  # the byte-order mark, decoded as U+FEFF
        number = 0
        while line := stream.readline(MAX_LINE_CHARS + 1):
            number += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                while (rest := stream.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                    pass
                report.skip(f"line {number}", f"longer than {MAX_LINE_CHARS} characters: {line[:40]!r}...")
                continue
            yield number, line


def read_digest_list(path: Path, algorithm: str, report: ReadReport) -> Iterator[Entry]:
    """One digest per line, or ``md5sum``-style ``DIGEST  NAME`` lines; ``#`` starts a comment."""
    for number, line in _lines(path, report):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        digest, _, rest = text.partition(" ")
        digest = digest.lstrip("\\").lower()
        if not _is_digest(digest, algorithm):
            report.skip(f"line {number}", f"not an {algorithm.upper()} digest: {text[:80]!r}")
            continue
        yield Entry(algorithm, digest, label=rest.strip().lstrip("*") or None)


ED2K_LINK = re.compile(r"^ed2k://\|file\|([^|]*)\|([^|]*)\|([^|]*)\|", re.IGNORECASE)


def read_ed2k_list(path: Path, report: ReadReport) -> Iterator[Entry]:
    """One eDonkey hash per line: an ``ed2k://|file|NAME|SIZE|HASH|...|/`` link (its name, percent-decoded, kept as
    the entry's label with its size) or a bare 32-hex hash, optionally followed by a name; ``#`` starts a comment
    outside a link (a link's name may hold one)."""
    for number, line in _lines(path, report):
        text = line.strip()
        if text.lower().startswith("ed2k://"):
            entry, why = _ed2k_link(text)
            if entry is None:
                report.skip(f"line {number}", f"{why}: {text[:80]!r}")
            else:
                yield entry
            continue
        text = text.split("#", 1)[0].strip()
        if not text:
            continue
        digest, _, rest = text.partition(" ")
        digest = digest.lower()
        if not _is_digest(digest, "ed2k"):
            report.skip(f"line {number}", f"neither an ed2k:// file link nor an ED2K hash: {text[:80]!r}")
            continue
        yield Entry("ed2k", digest, label=rest.strip() or None)


def _ed2k_link(text: str) -> tuple[Entry | None, str]:
    """The entry of an ``ed2k://|file|...`` link, or why there is none (a server or search link, a bad field)."""
    fields = ED2K_LINK.match(text)
    if fields is None:
        return None, "not an ed2k://|file|NAME|SIZE|HASH|/ link"
    name, size, digest = urllib.parse.unquote(fields[1]).strip(), fields[2].strip(), fields[3].strip().lower()
    if not _is_digest(digest, "ed2k"):
        return None, "an ed2k link whose hash is not 32 hex digits"
    if not size.isdecimal():
        return None, "an ed2k link whose size is not a number of bytes"
    label = f"{name} ({int(size)} bytes)" if name else f"{int(size)} bytes"
    return Entry("ed2k", digest, label=label), ""


def read_perceptual_list(path: Path, report: ReadReport) -> Iterator[Entry]:
    """``HEX`` or ``HEX,CATEGORY`` or ``ALGORITHM:HEX CATEGORY`` per line (64-bit hashes; pHash when unnamed)."""
    for number, line in _lines(path, report):
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


def _open_nsrl(path: Path) -> sqlite3.Connection:
    """The database read-only (its path percent-encoded in the URI), its schema untrusted, no long value loaded."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, NSRL_LENGTH_LIMIT)
    connection.execute("PRAGMA query_only=ON")
    connection.execute("PRAGMA trusted_schema=OFF")
    connection.execute("PRAGMA cell_size_check=ON")
    return connection


def _nsrl_columns(connection: sqlite3.Connection) -> tuple[list[str], str | None]:
    """The digest columns the ``FILE`` table stores, in the order they are read, or why there are none: FILE is
    missing, is a view or a virtual table, or stores no digest column (generated ones are not read)."""
    kinds = {str(name).lower(): kind for _schema, name, kind, *_rest in connection.execute("PRAGMA main.table_list")}
    kind = kinds.get("file")
    if kind is None:
        return [], "has no FILE table"
    if kind != "table":
        return [], f"has a FILE {kind}, not a table, and its SQL is not run"
    stored = {str(name).lower() for _cid, name, _type, _nn, _default, _pk, hidden
              in connection.execute('PRAGMA main.table_xinfo("FILE")') if hidden == 0}
    columns = [column for column in NSRL_COLUMNS if column in stored]
    return columns, None if columns else "has a FILE table that stores none of the columns sha256, sha1, md5"


def read_nsrl(path: Path, report: ReadReport) -> Iterator[Entry]:
    """NSRL RDS v3 (its SQLite distribution): every distinct MD5, SHA-1 and SHA-256 of its FILE table.

    Raises ValueError (or sqlite3.Error, a value longer than any digest: ``string or blob too big``) for a file
    that is not one."""
    connection = _open_nsrl(path)
    try:
        columns, why_not = _nsrl_columns(connection)
        if why_not:
            raise ValueError(f"{path.name} {why_not}: not an NSRL RDS v3 database")
        for algorithm in columns:
            query = (f'SELECT DISTINCT CASE typeof("{algorithm}") WHEN \'text\' THEN '  # noqa: S608 - fixed names
                     f'substr("{algorithm}", 1, {MAX_NSRL_VALUE_CHARS}) END FROM main."FILE"')
            for (value,) in connection.execute(query):
                digest = str(value or "").strip().lower()
                if _is_digest(digest, algorithm):
                    yield Entry(algorithm, digest)
                elif digest:
                    report.skip(f"FILE.{algorithm}", f"malformed digest {digest[:80]!r}")
    except sqlite3.DataError as error:
        raise ValueError(f"{path.name} holds a value longer than {NSRL_LENGTH_LIMIT} bytes ({error}): "
                         "not an NSRL RDS v3 database") from None
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
        digests = [("md5", media.get("MD5")), ("sha1", media.get("SHA1")), ("ed2k", _ed2k_field(media))]
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
            report.skip(f"Media[{index}]", "no MD5, SHA1 or ED2K")


_ED2K_KEYS = ("ed2k", "edonkey", "ed2khash")


def _ed2k_field(media: dict[str, Any]) -> Any:
    """A Media's eDonkey hash: the VICS data models name none, so the key exporters add (``ED2K``, ``Ed2k``,
    ``EDonkey``...) is taken in any case."""
    return next((value for key, value in media.items() if isinstance(key, str) and key.lower() in _ED2K_KEYS), None)


# ---- what a file looks like ---------------------------------------------------------------------------------------

SNIFF_BYTES = 1 << 16  # enough of a file to tell the formats apart; a VICS header comes first
SNIFF_LINES = 200
FORMAT_NAMES = {"vics": "a VICS JSON hash set", "nsrl": "an NSRL RDS database", "md5": "an MD5 list",
                "sha1": "a SHA-1 list", "sha256": "a SHA-256 list", "phash": "a perceptual-hash list",
                "ed2k": "a list of eD2k links"}
UNSUPPORTED: dict[str, str] = {}  # formats recognised but not imported (none now), with the reason
_LINE_FORMATS = {32: "md5", 40: "sha1", 64: "sha256", 16: "phash"}  # a bare 32-hex hash may be an ED2K too


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
    marked = next((encoding for mark, encoding in _BOMS if head.startswith(mark)), None)
    if marked is not None and marked != "utf-8":  # UTF-16 or UTF-32 text: its NULs are not binary
        head = head.decode(marked, errors="replace").lstrip("\ufeff").encode("utf-8")
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
        connection = _open_nsrl(path)
        try:
            columns, why_not = _nsrl_columns(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        return Sniffed(None, "a damaged SQLite database")
    if columns:
        return Sniffed("nsrl", "an NSRL RDS v3 database (SQLite, FILE table)")
    return Sniffed(None, f"an SQLite database without NSRL's FILE table: it {why_not}")


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
