"""After an ingest: each hashed file of folder evidence against the manifest made when the folder was added.

A file whose SHA-256 now differs from its intake hash changed on the evidence drive after intake (or the drive is
not the one added); one in the manifest that the walk no longer finds went missing. Either is a warning on the
item and one ``evidence.changed_since_intake`` custody event per run that finds any, naming the first ones; a run
that finds nothing new records nothing. Cheap: one indexed join over the manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, insert, select

from heroes_desktop.case.schema import evidence_manifests, files, volumes, warnings

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case

STAGE = "intake-check"
NAMED = 20


def check_intake_manifests(case: Case, run_id: int) -> dict[str, Any] | None:
    """Warn of files that differ from, or are missing against, their evidence's intake manifest; the event's details
    or None when nothing differs (or nothing new differs since an earlier run said so)."""
    with case.reading() as connection:
        changed = connection.execute(
            select(files.c.id, files.c.evidence_id, files.c.path, files.c.sha256, evidence_manifests.c.sha256)
            .join(evidence_manifests, and_(evidence_manifests.c.evidence_id == files.c.evidence_id,
                                           evidence_manifests.c.path == files.c.path))
            .where(files.c.parent_id.is_(None), files.c.sha256.is_not(None),
                   files.c.sha256 != evidence_manifests.c.sha256)).all()
        walked = _walked_evidence(connection)
        missing = [row for row in connection.execute(
            select(evidence_manifests.c.evidence_id, evidence_manifests.c.path)
            .outerjoin(files, and_(files.c.evidence_id == evidence_manifests.c.evidence_id,
                                   files.c.path == evidence_manifests.c.path, files.c.parent_id.is_(None)))
            .where(files.c.id.is_(None))) if row.evidence_id in walked]
        warned = {(row.file_id, row.message) for row in connection.execute(
            select(warnings.c.file_id, warnings.c.message).where(warnings.c.stage == STAGE))}
    rows = [{"evidence_id": evidence_id, "file_id": file_id, "stage": STAGE, "run_id": run_id,
             "message": f"changed since intake: SHA-256 {now} now, {then} when the evidence was added"}
            for file_id, evidence_id, _path, now, then in changed]
    rows += [{"evidence_id": evidence_id, "file_id": None, "stage": STAGE, "run_id": run_id,
              "message": f"{path}: hashed at intake, not found by the walk"} for evidence_id, path in missing]
    new = [row for row in rows if (row["file_id"], row["message"]) not in warned]
    if not new:
        return None
    details = {"run_id": run_id, "changed": len(changed), "missing": len(missing),
               "first_changed": [path for _id, _evidence, path, _now, _then in changed[:NAMED]],
               "first_missing": [path for _evidence, path in missing[:NAMED]]}
    with case.change("evidence.changed_since_intake", details) as connection:
        connection.execute(insert(warnings), new)
    return details


def _walked_evidence(connection: Any) -> set[int]:
    """Evidence whose every volume is walked: only there is a file the walk did not find missing."""
    walked: dict[int, bool] = {}
    for evidence_id, done in connection.execute(select(volumes.c.evidence_id, volumes.c.walked)):
        walked[evidence_id] = walked.get(evidence_id, True) and bool(done)
    return {evidence_id for evidence_id, done in walked.items() if done}


__all__ = ["check_intake_manifests"]
