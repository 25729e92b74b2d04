"""Import hash sets into a case (with their provenance and a custody event) and export categorised files as VICS."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, files, hashset_entries, hashsets, matches, tags
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.hashsets.categories import KNOWN_GOOD, normalise_category
from heroes_desktop.hashsets.errors import HashSetError, HashSetFormatError, HashSetNotFound
from heroes_desktop.hashsets.formats import FORMATS
from heroes_desktop.hashsets.readers import (
    UNSUPPORTED,
    ReadReport,
    read_digest_list,
    read_ed2k_list,
    read_nsrl,
    read_perceptual_list,
    read_vics,
    sniff_format,
)
from heroes_desktop.hashsets.tagging import current_tags

INSERT_CHUNK = 10_000
VICS_CONTEXT = "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Cases"


@dataclass(frozen=True)
class ImportReport:
    hashset_id: int
    name: str
    format: str
    entries: int
    malformed: int
    examples: list[str]
    source_sha256: str
    duplicates: int = 0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _sha256(path: Path) -> str:
    return file_sha256(path)


def import_hashset(case: Case, path: Path, format: str, name: str, category: str | None = None) -> ImportReport:
    """Read ``path`` as ``format`` into the case; malformed entries are counted and reported.

    A file that looks like another format is refused before anything is stored (a usage error naming what it looks
    like), and so is a file of which no entry is valid: a set is only ever stored with entries. An entry given
    twice (a VICS ``MediaFiles[].MD5`` repeating its ``Media.MD5``, a list holding a line twice) is stored once.
    """
    if format not in FORMATS:
        raise HashSetFormatError(f"unknown hash-set format {format!r}; expected one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.is_file():
        raise HashSetError(f"{path}: no such file")
    try:
        set_category = normalise_category(category)
    except ValueError as error:
        raise HashSetFormatError(str(error)) from None
    if not name.strip():
        raise HashSetFormatError("a hash set needs a name (--name)")
    sniffed = sniff_format(path)
    if sniffed.format in UNSUPPORTED:
        raise HashSetFormatError(f"{path.name} looks like {sniffed.description}: {UNSUPPORTED[sniffed.format]}")
    if sniffed.format is not None and sniffed.format != format and not _same_shape(sniffed.format, format):
        raise HashSetFormatError(f"{path.name} looks like {sniffed.description}, not --format {format}: "
                                 f"import it with --format {sniffed.format}")
    known_good = format == "nsrl"
    report = ReadReport()
    readers = {"vics": lambda: read_vics(path, report), "nsrl": lambda: read_nsrl(path, report),
               "phash": lambda: read_perceptual_list(path, report), "ed2k": lambda: read_ed2k_list(path, report)}
    entries = readers.get(format, lambda: read_digest_list(path, format, report))()
    details: dict[str, Any] = {"name": name, "format": format, "source_path": str(path.resolve()),
                               "source_sha256": _sha256(path), "category": set_category, "known_good": known_good}
    with case.change("hashset.imported", details) as connection:
        if connection.execute(select(hashsets.c.id).where(hashsets.c.name == name)).first():
            raise HashSetError(f"a hash set named {name!r} is already in this case")
        hashset_id = connection.execute(insert(hashsets).values(
            name=name, format=format, source_path=details["source_path"], source_sha256=details["source_sha256"],
            category=set_category or (KNOWN_GOOD if known_good else None), known_good=known_good, entries=0,
            malformed=0, imported_at=utc_now_iso(), imported_by=case.actor.name if case.actor else "",
        )).inserted_primary_key[0]
        count, chunk = 0, []
        try:
            for entry in entries:
                chunk.append({"hashset_id": hashset_id, "algorithm": entry.algorithm, "value": entry.value,
                              "category": entry.category, "label": entry.label})
                if len(chunk) >= INSERT_CHUNK:
                    connection.execute(insert(hashset_entries), chunk)
                    count, chunk = count + len(chunk), []
        except (ValueError, json.JSONDecodeError, OSError, sqlite3.Error) as error:
            raise HashSetFormatError(f"{path} is not a readable {format} hash set: {error}") from None
        if chunk:
            connection.execute(insert(hashset_entries), chunk)
            count += len(chunk)
        duplicates = 0 if known_good else _drop_duplicate_entries(connection, hashset_id)  # RDS: SELECT DISTINCT
        count -= duplicates
        if count == 0:  # the transaction rolls back: no empty set is left behind
            first = f" (first: {report.examples[0]})" if report.examples else ""
            raise HashSetError(f"{path.name}: no valid {format} entries, {report.malformed} malformed "
                               f"{'entries' if format in ('vics', 'nsrl') else 'lines'}{first}; nothing imported")
        connection.execute(hashsets.update().where(hashsets.c.id == hashset_id).values(
            entries=count, malformed=report.malformed))
        details.update(hashset_id=hashset_id, entries=count, malformed=report.malformed, duplicates=duplicates,
                       malformed_examples=report.examples)
    return ImportReport(hashset_id, name, format, count, report.malformed, report.examples, details["source_sha256"],
                        duplicates)


def _same_shape(sniffed: str, format: str) -> bool:
    """A list of bare 32-hex values looks like MD5s and may as well be ED2K hashes: --format ed2k decides (a list of
    ed2k:// links is still refused as --format md5)."""
    return sniffed == "md5" and format == "ed2k"


def _drop_duplicate_entries(connection: Connection, hashset_id: int) -> int:
    """Keep the first entry of each (algorithm, value) of a set; the number dropped."""
    first = (select(func.min(hashset_entries.c.id)).where(hashset_entries.c.hashset_id == hashset_id)
             .group_by(hashset_entries.c.algorithm, hashset_entries.c.value))
    result = connection.execute(delete(hashset_entries).where(hashset_entries.c.hashset_id == hashset_id,
                                                              hashset_entries.c.id.not_in(first)))
    return int(result.rowcount or 0)


def remove_hashset(case: Case, name: str) -> dict[str, Any]:
    """Remove a hash set, its entries and its matches, with a ``hashset.removed`` custody event."""
    details: dict[str, Any] = {"name": name}
    with case.change("hashset.removed", details) as connection:
        row = connection.execute(select(hashsets).where(hashsets.c.name == name)).first()
        if row is None:
            known = [n for (n,) in connection.execute(select(hashsets.c.name).order_by(hashsets.c.id))]
            raise HashSetNotFound(f"no hash set named {name!r} in this case"
                                  + (f" (there are: {', '.join(map(repr, known))})" if known else " (it has none)"))
        removed_matches = connection.execute(delete(matches).where(matches.c.hashset_id == row.id)).rowcount
        stored = connection.execute(delete(hashset_entries).where(hashset_entries.c.hashset_id == row.id)).rowcount
        connection.execute(delete(hashsets).where(hashsets.c.id == row.id))
        details.update(hashset_id=row.id, format=row.format, source_path=row.source_path,
                       source_sha256=row.source_sha256, entries=int(stored or 0), matches=int(removed_matches or 0))
    return details


def list_hashsets(case: Case) -> list[dict[str, Any]]:
    with case.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(select(hashsets).order_by(hashsets.c.id))]


def categorised_files(case: Case) -> list[dict[str, Any]]:
    """Files with a category: an examiner's current tag wins over a hash-set match; one record per file."""
    chosen: dict[int, str] = {}
    with case.reading() as connection:
        for file_id, category in connection.execute(
                select(matches.c.file_id, matches.c.category).where(matches.c.category.like("CAT-%"))
                .order_by(matches.c.distance.desc())):
            chosen[file_id] = category
        for tag in current_tags(connection):
            if tag["category"]:
                chosen[tag["file_id"]] = tag["category"]
        rows = connection.execute(select(files).where(files.c.id.in_(list(chosen)))).all() if chosen else []
    return [{**dict(row._mapping), "category": chosen[row.id]} for row in rows if row.md5]


def export_vics(case: Case, out: Path) -> dict[str, Any]:
    """The case's categorised files as VICS 2.0 JSON (one Media per distinct MD5), written as the new file ``out``
    (an existing one is never overwritten: :class:`~heroes_desktop.exports.errors.ExportError`)."""
    media: dict[str, dict[str, Any]] = {}
    for row in categorised_files(case):
        item = media.setdefault(row["md5"], {
            "MediaID": len(media) + 1, "Category": int(row["category"].removeprefix("CAT-")), "MD5": row["md5"].upper(),
            "SHA1": (row["sha1"] or "").upper(), "MediaSize": row["size"], "IsPrecategorized": False,
            "MediaFiles": [],
        })
        item["MediaFiles"].append({"MD5": row["md5"].upper(), "FileName": row["name"], "FilePath": row["path"],
                                   "Deleted": bool(row["deleted"])})
    meta = case.meta()
    document = {"@odata.context": VICS_CONTEXT, "value": [{
        "CaseID": case.case_id, "CaseNumber": meta.get("number", ""), "SourceApplicationName": "HEROES Desktop",
        "Media": list(media.values()),
    }]}
    from heroes_desktop.exports.new_file import write_new_file  # noqa: PLC0415 - exports imports this module

    sha256 = write_new_file(Path(out), json.dumps(document, indent=2, sort_keys=True).encode("utf-8"))
    case.record("hashset.exported", {"format": "vics", "out": str(out), "media": len(media), "sha256": sha256})
    return document


def entry_counts(case: Case) -> dict[str, int]:
    with case.reading() as connection:
        return dict(connection.execute(select(hashset_entries.c.algorithm, func.count())
                                       .group_by(hashset_entries.c.algorithm)).all())


NO_EVIDENCE = "no evidence yet: add evidence first (`heroes evidence add CASE PATH`)"


def why_no_matches(case: Case) -> str:
    """Why ``heroes matches`` lists nothing, and the next step, in one line."""
    with case.reading() as connection:
        has_evidence = connection.execute(select(exists().select_from(evidence))).scalar()
        has_sets = connection.execute(select(exists().select_from(hashsets))).scalar()
        has_hashes = connection.execute(select(exists().where(files.c.md5.is_not(None)))).scalar()
    if not has_evidence:
        return f"no matches found: {NO_EVIDENCE}"
    if not has_sets:
        return "no matches found: no hash set imported yet (`heroes hashset import CASE FILE --format F --name N`)"
    if not has_hashes:
        return "no matches found: no file hashed yet: run `heroes ingest CASE` (the hash and phash stages)"
    return "no matches found: none of the case's files is in its hash sets"


def why_no_tags(case: Case, current_only: bool = False) -> str:
    """Why ``heroes tags`` (``--current``) lists nothing, and the next step, in one line."""
    with case.reading() as connection:
        has_evidence = connection.execute(select(exists().select_from(evidence))).scalar()
        has_tags = connection.execute(select(exists().select_from(tags))).scalar()
    if not has_evidence:
        return f"no tags found: {NO_EVIDENCE}"
    if current_only and has_tags:
        return "no current tags found: each was superseded or withdrawn (`heroes tags CASE` lists them all)"
    return "no tags found: none given yet (`heroes tag CASE FILE_ID... --category CAT-1`)"
