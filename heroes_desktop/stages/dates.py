"""The ``dates`` stage: the moments an item states about itself (e-mail Date, document metadata, EXIF), in UTC,
kept in ``file_dates`` for the case's timeline.

It runs after the ``filetype`` head stage and chooses by the MIME type it set (by extension when there is none).
What a file's metadata could not give is a warning of the item; a file of which nothing at all could be read
(a PDF that does not open) fails this stage for that item only.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import insert

from heroes_desktop.case.schema import file_dates
from heroes_desktop.pipeline.stage import (
    ItemInfo,
    NotApplicable,
    Stage,
    StageLimits,
    StageOutput,
    StageRun,
    WholeContentRun,
)
from heroes_desktop.timeline.document_metadata import read_document_metadata

MIME_TYPES = frozenset({"message/rfc822", "application/pdf", "application/x-pdf"})
MIME_PREFIXES = ("image/", "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.")
GENERIC_MIMES = frozenset({"application/zip", "application/octet-stream", "text/plain"})  # decided by the name
EXTENSIONS = (".eml", ".pdf", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
              ".odg", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".webp", ".heic", ".heif")


def takes(mime: str | None, name: str) -> bool:
    """True for e-mail, PDF, OOXML, ODF and image types, and for a generic or missing type with such a name."""
    mime = (mime or "").split(";")[0].strip().lower()
    if mime in MIME_TYPES or mime.startswith(MIME_PREFIXES):
        return True
    return (not mime or mime in GENERIC_MIMES) and name.lower().endswith(EXTENSIONS)


class _DatesRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        found = read_document_metadata(data, self.item.mime, self.item.name)
        if found.format == "none":
            raise NotApplicable()
        failures = [note for note in found.notes if note not in found.absent]
        if failures and not found.dates and not found.fields:
            raise ValueError(" ".join(failures))  # nothing readable at all: this item's stage failed
        return StageOutput(data={"format": found.format, "dates": [asdict(date) for date in found.dates]},
                           warnings=list(found.notes))


class DatesStage(Stage):
    name = "dates"
    limits = StageLimits(max_bytes=256 * 2**20, seconds=60.0, memory_mb=1536)  # images: metadata only

    def _accepts(self, item: ItemInfo) -> bool:
        return takes(item.mime, item.name)

    def _open(self, item: ItemInfo) -> StageRun:
        return _DatesRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        """Replace the file's dates (a re-run never duplicates them)."""
        connection.execute(file_dates.delete().where(file_dates.c.file_id == file_id))
        rows = [{"file_id": file_id, "kind": date["kind"], "time": date["time"], "source": date["source"],
                 "original": date["original"], "assumed_utc": bool(date["assumed_utc"]), "run_id": run_id}
                for date in data.get("dates", [])]
        if rows:
            connection.execute(insert(file_dates), rows)
