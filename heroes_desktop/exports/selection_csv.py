"""What the examiner selected (rows of the file table, events of the timeline) as a CSV file for their own notes,
recorded in the custody chain with the file's SHA-256.

Exact values are written (bytes, ISO 8601 UTC times, full hashes). A text cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading ``'``, as
OWASP advises against CSV injection; the custody event says so.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_desktop.browse.file_query import rows_for
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.exports.errors import ExportError, NothingToExport

FILE_COLUMNS = ("id", "evidence_id", "partition", "fs_type", "inode", "path", "name", "kind", "size", "deleted",
                "mtime", "atime", "ctime", "crtime", "md5", "sha1", "sha256", "ed2k", "mime", "extension_mismatch",
                "hash_hits", "hash_category", "category", "tags", "triage_score", "status")
EVENT_COLUMNS = ("time", "kind", "file_id", "path", "detail")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_READ = 2000


@dataclass(frozen=True)
class SelectionExport:
    """What was written: where, how many rows, and the SHA-256 the custody event records."""

    path: Path
    rows: int
    sha256: str
    what: str

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "rows": self.rows, "sha256": self.sha256, "what": self.what}


def safe_cell(value: Any) -> str:
    """A CSV cell: exact text, ``true``/``false``, empty for None; a formula-like text cell gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple, set)):
        value = ";".join(str(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_rows_csv(case: Case, out: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *,
                    what: str) -> SelectionExport:
    """Write ``rows`` (their ``columns``, in order) to ``out`` and record ``export.selection`` in the custody chain.
    ``out`` must not exist: an export is never overwritten, and nothing partial is left when writing fails."""
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out} already exists; an export is never overwritten")
    if not out.parent.is_dir():
        raise ExportError(f"no such folder: {out.parent}")
    partial = out.with_name(out.name + ".partial")
    count = 0
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([safe_cell(row.get(column)) for column in columns])
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        if count == 0:
            raise NothingToExport("nothing is selected: select rows first")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    digest = file_sha256(out)
    case.record("export.selection", {"what": what, "out": str(out), "rows": count, "columns": list(columns),
                                     "sha256": digest, "formula_cells": "prefixed with '"})
    return SelectionExport(out, count, digest, what)


def file_rows(case: Case, ids: Sequence[int]) -> Iterable[dict[str, Any]]:
    """The file table's rows of ``ids`` (in that order), read a batch at a time."""
    for first in range(0, len(ids), ROWS_PER_READ):
        for row in rows_for(case, ids[first:first + ROWS_PER_READ]):
            yield {key: getattr(row, key, None) for key in FILE_COLUMNS}


def export_files_csv(case: Case, out: Path, ids: Sequence[int]) -> SelectionExport:
    """The selected rows of the file table."""
    if not ids:
        raise NothingToExport("no file is selected: select rows of the file table first")
    return export_rows_csv(case, out, FILE_COLUMNS, file_rows(case, list(ids)), what="file table selection")


def export_events_csv(case: Case, out: Path, events: Iterable[Any]) -> SelectionExport:
    """Timeline events (``TimelineEvent`` objects or their ``as_json()`` dicts)."""
    records = [event if isinstance(event, Mapping) else event.as_json() for event in events]
    if not records:
        raise NothingToExport("no event is selected: select events of the timeline first")
    return export_rows_csv(case, out, EVENT_COLUMNS, records, what="timeline selection")
