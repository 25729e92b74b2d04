"""A portable case: a new encrypted case holding only chosen items of a case, for a prosecutor or a defence expert.

It carries the items' rows (with the file rows that contain them, ids unchanged so that every finding lines up),
their evidence and volume rows (metadata and hashes only: the evidence's bytes stay behind), what the stages found
(stage runs, texts and their full-text rows, identifiers, image and video triage with thumbnails, hash-set matches
with their sets and only the matched entries), the current tags and notes, and each item's bytes in
``carried_content``, checked against the SHA-256 its ingest recorded. It has its own passphrase, opens read-only,
and its custody chain starts, after its creation, with a signed ``portable.created`` event naming the source case
and the head of the source's chain (which must verify first).

Not carried: topic models (they describe the whole case), lab dictionaries, volume keys, superseded or withdrawn
tags (a withdrawal lives in the source's custody chain; the history stays in the source case).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from heroes_desktop.case.case_file import PORTABLE_OF, WAL_SUFFIXES, Case, check_case_passphrase
from heroes_desktop.case.errors import CaseError, CustodyIntegrityError
from heroes_desktop.case.schema import (
    carried_content,
    case_meta,
    entities,
    entity_runs,
    evidence,
    file_dates,
    files,
    hashset_entries,
    hashsets,
    ingest_runs,
    matches,
    media,
    media_frames,
    stage_runs,
    tags,
    text_index_rowid,
    texts,
    volumes,
    warnings,
)
from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.exports.errors import ExportError, NothingToExport
from heroes_desktop.hashsets.tagging import annotated_tags

ITEM_RULES = ("bookmarked", "categorised", "all")
CHUNK = 8 * 2**20  # an item's bytes are read, hashed and written this much at a time
# SQLite keeps one value (and one row) under 1,000,000,000 bytes: an item larger than this is not carried.
MAX_CARRIED_BYTES = 900 * 2**20
CARRIED_KINDS = frozenset({"file", "virtual", "stream", "member"})  # entries whose bytes are their own
PORTABLE_HEAD = "portable_head"
PORTABLE_ITEMS = "portable_items"
_IDS_PER_QUERY = 500

# Findings copied for the chosen items, by the column naming their file.
_FINDINGS: tuple[tuple[Table, str], ...] = (
    (stage_runs, "file_id"), (warnings, "file_id"), (texts, "file_id"), (entity_runs, "file_id"),
    (entities, "file_id"), (media, "file_id"), (media_frames, "file_id"), (file_dates, "file_id"),
)


def export_portable(case: Case, out: Path, passphrase: str, *, items: str = "bookmarked",
                    file_ids: Sequence[int] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Write a portable case of ``case``'s chosen items to ``out``, encrypted with ``passphrase``.

    ``items`` chooses the files with a current bookmark (``bookmarked``), a current category (``categorised``),
    or every file (``all``); ``file_ids`` chooses them instead. ``progress(done, total)`` follows the items whose
    bytes are carried; ``cancelled()`` is asked between them. Raises :class:`NothingToExport` when nothing is
    chosen, :class:`ExportError` when the portable case cannot be written (nothing is left at ``out`` then), and
    :class:`CustodyIntegrityError` when the source's custody chain does not verify.
    """
    out = Path(out)
    rule = "file_ids" if file_ids is not None else items
    _check_request(case, out, passphrase, items)
    report = case.verify(file_integrity=False)
    if not report.ok:
        raise CustodyIntegrityError(
            f"no portable case exported: the custody chain of the source case does not verify "
            f"({report.reason or '; '.join(report.problems)})", report.first_bad_seq)
    with case.reading() as connection:
        chosen = _chosen_ids(connection, items, file_ids)
        copy = _rows_to_copy(connection, chosen)
    meta = case.meta()
    digest = items_digest(copy.chosen_rows)
    details = {
        "source_case_id": case.case_id,
        "source_title": meta.get("title", ""),
        "source_number": meta.get("number", ""),
        "source_head_seq": report.head_seq,
        "source_head_hash": report.head_hash,
        "selection": rule,
        "chosen": len(chosen),
        "items_sha256": digest,
        "containers": len(copy.files) - len(chosen),
        "evidence_bytes": "absent: only the chosen items' bytes are carried (carried_content)",
    }
    try:
        portable = Case.create(out, passphrase, case.actor, case.signing_key,  # type: ignore[arg-type]
                               title=f"{meta.get('title', '')} (portable)".strip(),
                               number=meta.get("number", ""))
    except CaseError as error:
        raise ExportError(f"the portable case cannot be created at {out}: {error}") from None
    try:
        with portable.change("portable.created", details) as target:
            target.execute(insert(case_meta), [
                {"key": PORTABLE_OF, "value": case.case_id},
                {"key": PORTABLE_HEAD, "value": report.head_hash},
                {"key": PORTABLE_ITEMS, "value": json.dumps(sorted(chosen))},
            ])
        counts: dict[str, Any] = {}
        with portable.change("portable.items_copied", counts) as target:
            counts["rows"] = _copy_rows(target, copy)
        carried: dict[str, Any] = {}
        with portable.change("portable.content_carried", carried) as target:
            carried.update(_carry_content(case, target, copy.chosen_rows, progress, cancelled))
        result = {"out": str(out), "case_id": portable.case_id, **details, "files": len(chosen), **counts,
                  **carried}
    except BaseException:
        portable.close()
        _remove(out)
        raise
    portable.close()
    return result


def items_digest(rows: Iterable[dict[str, Any]]) -> str:
    """SHA-256 of the canonical JSON list ``[[file id, sha256 or null], ...]`` of the chosen items, by id."""
    listed = sorted([int(row["id"]), row["sha256"]] for row in rows)
    return hashlib.sha256(canonical_json(listed)).hexdigest()


# ------------------------------------------------------------------------------------------------- choosing

def _check_request(case: Case, out: Path, passphrase: str, items: str) -> None:
    if any(Path(str(out) + suffix).exists() for suffix in ("", *WAL_SUFFIXES)):
        raise ExportError(f"{out} already exists; an export is never overwritten")
    if not passphrase:  # the rule Case.create applies to every case
        raise ExportError("a portable case needs a non-empty passphrase of its own")
    if items not in ITEM_RULES:
        raise ExportError(f"items must be one of {', '.join(ITEM_RULES)}, not {items!r}")
    if case.actor is None or case.signing_key is None:
        raise ExportError("a portable case's custody chain is signed: open the source case with your signing key")
    meta = case.meta()  # the lab's passphrase policy, before any work: the title and number count as known
    check_case_passphrase(passphrase, case.actor, title=meta.get("title", ""), number=meta.get("number", ""),
                          what="portable case passphrase")


def _chosen_ids(connection: Connection, items: str, file_ids: Sequence[int] | None) -> list[int]:
    if file_ids is not None:
        wanted = sorted({int(file_id) for file_id in file_ids})
        known = {int(row[0]) for chunk in _chunks(wanted)
                 for row in connection.execute(select(files.c.id).where(files.c.id.in_(chunk)))}
        unknown = [file_id for file_id in wanted if file_id not in known]
        if unknown:
            raise ExportError(f"no file with id {', '.join(map(str, unknown[:10]))} in this case; nothing exported")
        chosen = wanted
    elif items == "all":
        chosen = [int(file_id) for file_id in connection.execute(select(files.c.id).order_by(files.c.id)).scalars()]
    else:
        slot = "bookmark" if items == "bookmarked" else "category"
        chosen = sorted({int(row["file_id"]) for row in annotated_tags(connection) if row["current"] and row[slot]})
    if not chosen:
        what = "given" if file_ids is not None else {"bookmarked": "with a current bookmark",
                                                     "categorised": "with a current category",
                                                     "all": "in the case"}[items]
        raise NothingToExport(f"no file {what}: nothing to export")
    return chosen


class _Copy:
    """The rows of the source case that the portable case holds, read once."""

    def __init__(self) -> None:
        self.files: list[dict[str, Any]] = []  # the chosen items and their containers, containers first
        self.chosen_rows: list[dict[str, Any]] = []
        self.tables: list[tuple[Table, list[dict[str, Any]]]] = []  # in an order the foreign keys allow
        self.text_index: list[tuple[int, str, int, str]] = []


def _rows_to_copy(connection: Connection, chosen: list[int]) -> _Copy:
    copy = _Copy()
    by_id = {row["id"]: row for row in _rows(connection, files, files.c.id, chosen)}
    wanting = {row["parent_id"] for row in by_id.values() if row["parent_id"] is not None} - set(by_id)
    while wanting:  # the containers of container members, up to the top-level entry
        found = _rows(connection, files, files.c.id, wanting)
        by_id.update((row["id"], row) for row in found)
        wanting = {row["parent_id"] for row in found if row["parent_id"] is not None} - set(by_id)
    copy.files = sorted(by_id.values(), key=lambda row: (_depth(row, by_id), row["id"]))
    chosen_set = set(chosen)
    copy.chosen_rows = [row for row in copy.files if row["id"] in chosen_set]
    findings = [(table, _rows(connection, table, table.c[column], chosen)) for table, column in _FINDINGS]
    match_rows = _rows(connection, matches, matches.c.file_id, chosen)
    current = [row for row in annotated_tags(connection, chosen) if row["current"]]
    tag_rows = [{column.name: row[column.name] for column in tags.columns} for row in current]
    run_ids = {row.get("run_id") for row in copy.files}
    for _, rows in findings:
        run_ids.update(row.get("run_id") for row in rows)
    copy.tables = [
        (evidence, _rows(connection, evidence, evidence.c.id, {row["evidence_id"] for row in copy.files})),
        (volumes, _rows(connection, volumes, volumes.c.id, {row["volume_id"] for row in copy.files})),
        (ingest_runs, _rows(connection, ingest_runs, ingest_runs.c.id, run_ids - {None})),
        (files, copy.files),
        *findings,
        (hashsets, _rows(connection, hashsets, hashsets.c.id, {row["hashset_id"] for row in match_rows})),
        (hashset_entries, _rows(connection, hashset_entries, hashset_entries.c.id,
                                {row["entry_id"] for row in match_rows})),
        (matches, match_rows),
        (tags, tag_rows),
    ]
    for row in dict(findings)[texts]:
        rowid = text_index_rowid(row["file_id"], row["source"])
        indexed = connection.exec_driver_sql(
            "SELECT rowid, body, file_id, source FROM text_index WHERE rowid = ?", (rowid,)).first()
        if indexed is not None:
            copy.text_index.append(tuple(indexed))  # type: ignore[arg-type]
    return copy


def _depth(row: dict[str, Any], by_id: dict[int, dict[str, Any]]) -> int:
    depth = 0
    while row["parent_id"] is not None:
        row, depth = by_id[row["parent_id"]], depth + 1
    return depth


def _rows(connection: Connection, table: Table, column: Any, ids: Iterable[int]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(ids)):
        found.extend(dict(row._mapping) for row in connection.execute(select(table).where(column.in_(chunk))))
    return found


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _IDS_PER_QUERY):
        yield values[start:start + _IDS_PER_QUERY]


# -------------------------------------------------------------------------------------------------- writing

def _copy_rows(target: Connection, copy: _Copy) -> dict[str, int]:
    counts = {}
    for table, rows in copy.tables:
        if rows:
            target.execute(insert(table), rows)
        counts[table.name] = len(rows)
    for rowid, body, file_id, source in copy.text_index:
        target.exec_driver_sql("INSERT INTO text_index (rowid, body, file_id, source) VALUES (?, ?, ?, ?)",
                               (rowid, body, file_id, source))
    counts["text_index"] = len(copy.text_index)
    return counts


def _carry_content(case: Case, target: Connection, chosen: list[dict[str, Any]],
                   progress: Callable[[int, int], None] | None,
                   cancelled: Callable[[], bool] | None) -> dict[str, Any]:
    """Each chosen item's bytes into ``carried_content``, read through the source's content reader (evidence is
    read in a worker process, and only read), hashed as they pass and checked against the file row's SHA-256."""
    from heroes_desktop.browse.item_content import ItemContentReader  # noqa: PLC0415 - the worker side loads late

    items = [row for row in chosen if row["kind"] in CARRIED_KINDS and not row["realloc"]]
    raw = target.connection.driver_connection
    total_bytes = 0
    with ItemContentReader(case, cache_bytes=CHUNK) as reader:
        for done, row in enumerate(items):
            if cancelled is not None and cancelled():
                raise ExportError("the portable export was cancelled; nothing was written")
            if progress is not None:
                progress(done, len(items))
            total_bytes += _carry_one(reader, target, raw, row)
    if progress is not None:
        progress(len(items), len(items))
    return {"carried": len(items), "carried_bytes": total_bytes,
            "not_carried": len(chosen) - len(items)}


def _carry_one(reader: Any, target: Connection, raw: Any, row: dict[str, Any]) -> int:
    file_id, name = int(row["id"]), f"file {row['id']} ({row['path']})"
    try:
        size = reader.size(file_id)
    except Exception as error:  # noqa: BLE001 - the reader's and the evidence layer's errors, named for this item
        raise ExportError(f"{name}: its bytes cannot be read: {_one_line(error)}") from None
    if size > MAX_CARRIED_BYTES:
        raise ExportError(f"{name} is {size} bytes: a portable case carries items of at most "
                          f"{MAX_CARRIED_BYTES} bytes; leave it out (choose the items with file ids)")
    target.exec_driver_sql("INSERT INTO carried_content (file_id, data, sha256) VALUES (?, zeroblob(?), '')",
                           (file_id, size))
    digest = hashlib.sha256()
    blob = raw.open_blob("carried_content", "data", file_id)
    try:
        for offset in range(0, size, CHUNK):
            try:
                data = reader.read(file_id, offset, min(CHUNK, size - offset))
            except Exception as error:  # noqa: BLE001 - as above
                raise ExportError(f"{name}: its bytes cannot be read at offset {offset}: "
                                  f"{_one_line(error)}") from None
            if len(data) != min(CHUNK, size - offset):
                raise ExportError(f"{name}: only {offset + len(data)} of its {size} bytes could be read")
            digest.update(data)
            blob.write(data)
    finally:
        blob.close()
    sha256 = digest.hexdigest()
    if row["sha256"] and row["sha256"] != sha256:
        raise ExportError(f"{name}: the bytes read now (SHA-256 {sha256}) differ from those hashed at ingest "
                          f"(SHA-256 {row['sha256']}); no portable case written")
    target.execute(carried_content.update().where(carried_content.c.file_id == file_id).values(sha256=sha256))
    return size


def _one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _remove(out: Path) -> None:
    for suffix in ("", *WAL_SUFFIXES):
        Path(str(out) + suffix).unlink(missing_ok=True)


__all__ = ["ITEM_RULES", "MAX_CARRIED_BYTES", "export_portable", "items_digest"]
