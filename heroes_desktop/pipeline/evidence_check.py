"""Whether an evidence item's files can be opened now.

Evidence that was moved, unplugged or made unreadable is found before any work is given to the workers, and again
after a scan, walk or item fails, so that its failure is never recorded as the evidence's result: it is not marked
scanned or walked, its items stay pending, and a later ingest does the work once the evidence is back. The files
are opened read-only without touching their access times and closed at once (no parser runs here).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from heroes_desktop.evidence.errors import EvidenceError
from heroes_desktop.evidence.read_only import open_read_only
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.pipeline.evidence_intake import source_of

RAW_FORMATS = (EvidenceFormat.RAW, EvidenceFormat.SPLIT_RAW)


class EvidenceUnreadable(EvidenceError):
    """Evidence of the case could not be opened during an ingest (exit 5); the rest was processed."""


def unreadable_reason(source: EvidenceSource, size: int | None = None) -> str | None:
    """Why the evidence cannot be read now (a file missing or that does not open, a raw image whose size changed),
    or None when every file of it opens."""
    folder = source.format is EvidenceFormat.FOLDER
    total = 0
    for path in source.paths:
        try:
            descriptor = open_read_only(path, directory=folder)
        except OSError as error:
            return f"{path}: {error.strerror or error}"
        try:
            total += 0 if folder else os.fstat(descriptor).st_size
        finally:
            os.close(descriptor)
    if source.format in RAW_FORMATS and size is not None and total != size:
        return f"{source.first}: {total} bytes now, {size} bytes when it was added (a segment missing or truncated)"
    return None


class EvidenceAvailability:
    """The run's evidence items that cannot be opened, with why; one found unreadable stays so for the run."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self._rows = {row.id: row for row in rows}
        self.reasons: dict[int, str] = {}

    def unreadable(self, evidence_id: int) -> str | None:
        """Why the item cannot be read (checked again now unless it was found unreadable already), or None."""
        if evidence_id not in self.reasons:
            row = self._rows.get(evidence_id)
            reason = None if row is None else unreadable_reason(source_of(row), row.size)
            if reason is None:
                return None
            self.reasons[evidence_id] = reason
        return self.reasons[evidence_id]

    def check_all(self) -> None:
        for evidence_id in self._rows:
            self.unreadable(evidence_id)

    def descriptions(self) -> list[str]:
        """One line per unreadable item, naming it."""
        return [f"evidence {evidence_id} ({self._rows[evidence_id].label}): {reason}"
                for evidence_id, reason in sorted(self.reasons.items())]
