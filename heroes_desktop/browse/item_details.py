"""Everything the case holds about one item, for the metadata, entities, matches and text viewers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import TEXT_SOURCES, text_index_rowid
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.tagging import annotated_tags  # the one definition of current, superseded, withdrawn

MEDIA_JSON = ("faces", "detections", "context", "reasons", "models", "details")


@dataclass(frozen=True)
class StageResult:
    stage: str
    status: str  # ok, failed, skipped
    error: str | None
    seconds: float | None


@dataclass(frozen=True)
class TextInfo:
    source: str  # text, ocr
    chars: int
    language: str | None


@dataclass(frozen=True)
class ItemDetails:
    """One item: ``record`` has every column of its files row plus its volume's partition, file system and
    snapshot; ``custody`` the events whose details name it; ``tags`` current, superseded and withdrawn ones."""

    file_id: int
    record: dict[str, Any]
    stages: list[StageResult] = field(default_factory=list)
    custody: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, Any] | None = None
    texts: list[TextInfo] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


def item_details(case: Case, file_id: int) -> ItemDetails:
    """The details of one file; an id that is not a file of the case is a :class:`UsageError`."""
    with case.reading() as connection:
        record = _record(connection, file_id)
        stages = [StageResult(*row) for row in connection.exec_driver_sql(
            "SELECT stage, status, error, seconds FROM stage_runs WHERE file_id = ? ORDER BY stage", (file_id,))]
        entities = [dict(zip(("label", "text", "normalized", "source", "start", "end", "category"), row))
                    for row in connection.exec_driver_sql(
                        'SELECT label, text, normalized, source, start, "end", category FROM entities '
                        "WHERE file_id = ? ORDER BY source, start, id", (file_id,))]
        matches = [dict(zip(("hashset", "kind", "distance", "category", "label", "algorithm", "value",
                             "known_good"), row))
                   for row in connection.exec_driver_sql(
                       "SELECT h.name, m.kind, m.distance, coalesce(m.category, e.category, h.category), e.label, "
                       "e.algorithm, e.value, h.known_good FROM matches m JOIN hashsets h ON h.id = m.hashset_id "
                       "JOIN hashset_entries e ON e.id = m.entry_id WHERE m.file_id = ? ORDER BY m.distance, m.id",
                       (file_id,))]
        for match in matches:
            match["known_good"] = bool(match["known_good"])
        tags = [{key: row[key] for key in ("id", "category", "bookmark", "note", "actor", "time", "status",
                                           "withdrawn_by", "withdrawn_at")}
                for row in annotated_tags(connection, [file_id])]
        texts = [TextInfo(source, int(chars), language) for source, chars, language in connection.exec_driver_sql(
            "SELECT source, chars, language FROM texts WHERE file_id = ? ORDER BY source", (file_id,))]
        warnings = [{"stage": stage, "message": message} for stage, message in connection.exec_driver_sql(
            "SELECT stage, message FROM warnings WHERE file_id = ? ORDER BY id", (file_id,))]
        return ItemDetails(file_id, record, stages, _custody(connection, file_id), entities, matches, tags,
                           _media(connection, file_id), texts, warnings)


def _record(connection: Connection, file_id: int) -> dict[str, Any]:
    result = connection.exec_driver_sql(
        "SELECT f.*, v.partition AS partition, v.fs_type AS fs_type, v.snapshot AS snapshot "
        "FROM files f JOIN volumes v ON v.id = f.volume_id WHERE f.id = ?", (file_id,))
    row = result.first()
    if row is None:
        raise UsageError(f"no file with id {file_id} in this case")
    record = dict(row._mapping)
    for flag in ("deleted", "extension_mismatch", "encrypted", "realloc"):
        if record.get(flag) is not None:
            record[flag] = bool(record[flag])
    return record


def _custody(connection: Connection, file_id: int) -> list[dict[str, Any]]:
    """Custody events whose details name this file (``file_id``, or in a ``file_ids`` list)."""
    rows = connection.exec_driver_sql(
        "SELECT seq, time, actor, action, details FROM custody_events "
        "WHERE instr(details, '\"file_id') > 0 AND (json_extract(details, '$.file_id') = ? "
        "OR EXISTS (SELECT 1 FROM json_each(details, '$.file_ids') WHERE value = ?)) ORDER BY seq",
        (file_id, file_id))
    return [{"seq": seq, "time": time, "actor": actor, "action": action, "details": json.loads(details)}
            for seq, time, actor, action, details in rows]


def _media(connection: Connection, file_id: int) -> dict[str, Any] | None:
    result = connection.exec_driver_sql(
        "SELECT kind, width, height, faces, detections, context, triage_score, suggested_category, reasons, models, "
        "frames, details FROM media WHERE file_id = ?", (file_id,))
    row = result.first()
    if row is None:
        return None
    media = dict(row._mapping)
    for key in MEDIA_JSON:
        if media.get(key) is not None:
            media[key] = json.loads(media[key])
    media["frame_list"] = [
        {"frame_index": index, "seconds": seconds, "reason": reason, "triage_score": score,
         "suggested_category": category}
        for index, seconds, reason, score, category in connection.exec_driver_sql(
            "SELECT frame_index, seconds, reason, triage_score, suggested_category FROM media_frames "
            "WHERE file_id = ? ORDER BY frame_index", (file_id,))]
    return media


def item_text(case: Case, file_id: int, source: str = "text") -> str:
    """The stored extracted (``text``) or recognised (``ocr``) text of a file; empty when there is none.

    The full-text index holds the words, at the row ``text_index_rowid(file_id, source)``: one lookup however
    many texts the case holds.
    """
    if source not in TEXT_SOURCES:
        return ""
    with case.reading() as connection:
        body = connection.exec_driver_sql("SELECT body FROM text_index WHERE rowid = ?",
                                          (text_index_rowid(file_id, source),)).scalar()
    return body or ""


def thumbnail_bytes(case: Case, file_id: int, frame_index: int | None = None) -> bytes | None:
    """The JPEG thumbnail made at ingest (long side 256) of an image, or of one of a video's key frames."""
    with case.reading() as connection:
        if frame_index is None:
            return connection.exec_driver_sql("SELECT thumbnail FROM media WHERE file_id = ?", (file_id,)).scalar()
        return connection.exec_driver_sql(
            "SELECT thumbnail FROM media_frames WHERE file_id = ? AND frame_index = ?",
            (file_id, frame_index)).scalar()


def video_key_frames(case: Case, file_id: int) -> list[tuple[float | None, bytes]]:
    """A video's analysed key frames as (seconds into the video, JPEG thumbnail), in order: what the window shows
    instead of playing it (nothing plays on its own)."""
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT seconds, thumbnail FROM media_frames WHERE file_id = ? AND thumbnail IS NOT NULL "
            "ORDER BY frame_index", (file_id,)).all()
    return [(seconds, bytes(thumbnail)) for seconds, thumbnail in rows]
