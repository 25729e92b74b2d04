"""Evidence that earlier versions recorded as scanned or walked while it could not be opened, made pending again.

Before issue 13 a scan or walk of moved or unplugged evidence was stored as its result (a ``failed`` whole-image
volume, a volume marked walked with no entries), so later ingests never did that work. Once such evidence opens
again, those markers are undone, with a custody event saying which, and the ingest scans and walks it as new.
Only failures whose message says the files could not be opened are undone; a damaged file system stays recorded.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select, update

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, volumes
from heroes_desktop.pipeline.evidence_check import EvidenceAvailability

CANNOT_OPEN = ("No such file or directory", "Permission denied", "libewf cannot open")


def _could_not_open(message: str | None) -> bool:
    return bool(message) and any(sign in message for sign in CANNOT_OPEN)


def reopen_lost_evidence(case: Case, availability: EvidenceAvailability) -> dict[str, Any]:
    """Undo the scanned and walked markers that a failure to open readable-again evidence left; what was undone."""
    with case.reading() as connection:
        rows = connection.execute(select(volumes)).all()
    by_evidence: dict[int, list[Any]] = {}
    for row in rows:
        by_evidence.setdefault(row.evidence_id, []).append(row)
    rescan = [evidence_id for evidence_id, found in sorted(by_evidence.items())
              if len(found) == 1 and found[0].status == "failed" and found[0].partition is None
              and (found[0].error or "").startswith("volume scan failed") and _could_not_open(found[0].error)
              and availability.unreadable(evidence_id) is None]
    rewalk = [row.id for row in rows
              if row.status == "ok" and row.walked and not row.walk_entries
              and any(_could_not_open(problem) for problem in json.loads(row.walk_problems or "[]"))
              and availability.unreadable(row.evidence_id) is None]
    if not rescan and not rewalk:
        return {}
    details = {"rescan_evidence": rescan, "rewalk_volumes": rewalk}
    with case.change("ingest.lost-evidence-reopened", details) as connection:
        if rescan:
            connection.execute(delete(volumes).where(volumes.c.evidence_id.in_(rescan)))
            connection.execute(update(evidence).where(evidence.c.id.in_(rescan)).values(volumes_scanned=False))
        if rewalk:
            connection.execute(update(volumes).where(volumes.c.id.in_(rewalk)).values(
                walked=False, walk_cursor=None, walk_problems="[]"))
    return details
