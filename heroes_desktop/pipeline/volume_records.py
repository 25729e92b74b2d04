"""An evidence item's volumes as a scan found them: stored with a warning for each one that cannot be walked.

Shared by ``ingest`` (which scans the volumes it has not scanned yet), ``evidence add`` (which scans at once, to say
what it found) and volume unlocking.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from sqlalchemy import Connection, insert, update

from heroes_desktop.case.schema import evidence, volumes, warnings


def failed_scan(row: Any, error: BaseException) -> list[dict[str, Any]]:
    """The one ``failed`` record of a scan that raised (the image opened, but its volumes could not be read)."""
    return [{"index": None, "offset": 0, "length": row.size or 0, "description": "whole image",
             "fs_type": None, "status": "failed", "encryption": None, "volume_system": None,
             "error": f"volume scan failed: {type(error).__name__}: {error}"}]


def scanned_volumes(future: Future, row: Any) -> list[dict[str, Any]]:
    """A volume scan's records, or one ``failed`` record saying why the scan failed."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - the evidence is recorded as unreadable, the run goes on
        return failed_scan(row, error)


def store_volumes(connection: Connection, row: Any, records: list[dict[str, Any]], run_id: int | None) -> None:
    """An evidence item's volumes, a warning for each one that cannot be walked, and its scanned marker."""
    for record in records:
        connection.execute(insert(volumes).values(
            evidence_id=row.id, partition=record["index"], offset=record["offset"],
            length=record["length"], description=record["description"],
            volume_system=record["volume_system"], fs_type=record["fs_type"], status=record["status"],
            encryption=record["encryption"], error=record["error"], walked=record["status"] != "ok",
            layers=record.get("layers") or "[]", snapshot=record.get("snapshot"),
        ))
        if record["status"] != "ok" or record["error"]:  # an ok volume may still be cut at the image end
            message = record["error"] or f"{record['encryption']} volume: contents are encrypted"
            connection.execute(insert(warnings).values(
                evidence_id=row.id, stage="walk", run_id=run_id,
                message=f"partition {record['index']} at offset {record['offset']} ({record['length']} "
                        f"bytes): {record['status']}: {message}"))
    connection.execute(update(evidence).where(evidence.c.id == row.id).values(volumes_scanned=True))


def scan_notes(records: list[dict[str, Any]]) -> list[str]:
    """What an examiner should know about a scan's result: nothing to walk, or volumes that cannot be walked."""
    walkable = [record for record in records if record["status"] == "ok"]
    if not walkable and all(record["volume_system"] is None and record["encryption"] is None
                            and record["status"] != "failed" for record in records):
        return ["no volume system and no file system found: added as raw data; nothing to walk"]
    notes = []
    for record in records:
        where = "whole image" if record["index"] is None else f"partition {record['index']}"
        if record["error"] and "past the image end" in record["error"]:
            notes.append(f"{where}: {record['error']}")
        elif record["status"] == "failed":
            notes.append(f"volumes could not be read: {record['error']}")
        elif record["status"] != "ok" and record["encryption"] is None:
            notes.append(f"{where} ({record['length']} bytes at offset {record['offset']}): no file system found; "
                         "not walked")
    if not walkable and not any(record["encryption"] for record in records):
        notes.append("no file system found: nothing to walk")
    return notes
