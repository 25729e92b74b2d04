"""``heroes media``: the case's image and video triage results, most urgent first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.acpic.untriaged import NOT_TRIAGED, untriaged_of, untriaged_record
from heroes_desktop.case.schema import files, media, media_frames


def iter_media(case: Case, *, min_score: float = 0.0, category: str | None = None, kind: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
    """One record per image or video, as the CLI contract lists them: first those that could not be triaged
    (``suggested_category`` "not triaged", the reason in ``reasons``, no score), then by triage score, highest
    first. The untriaged ones are left out when a filter on the score or the category is given."""
    if not min_score and category in (None, NOT_TRIAGED) and (limit is None or limit > 0):
        with case.reading() as connection:
            for item in untriaged_of(connection, kind=kind):
                if limit is not None and limit <= 0:
                    return
                yield untriaged_record(item)
                limit = None if limit is None else limit - 1
        if category == NOT_TRIAGED or limit == 0:
            return
    query = (select(media, files.c.path).join(files, files.c.id == media.c.file_id)
             .where(media.c.triage_score >= min_score)
             .order_by(media.c.triage_score.desc(), media.c.file_id))
    if category:
        query = query.where(media.c.suggested_category == category)
    if kind:
        query = query.where(media.c.kind == kind)
    if limit:
        query = query.limit(limit)
    with case.reading() as connection:
        for row in connection.execute(query):
            models = json.loads(row.models)
            yield {"file_id": row.file_id, "path": row.path, "kind": row.kind, "faces": json.loads(row.faces),
                   "detections": json.loads(row.detections), "context": json.loads(row.context),
                   "triage_score": row.triage_score, "suggested_category": row.suggested_category,
                   "reasons": json.loads(row.reasons),
                   "models": [{"id": model_id, "sha256": digest} for model_id, digest in sorted(models.items())],
                   "width": row.width, "height": row.height, "frames": row.frames}


def video_frames(case: Case, file_id: int) -> list[dict[str, Any]]:
    """A video's analysed key frames, in order."""
    with case.reading() as connection:
        rows = connection.execute(select(media_frames).where(media_frames.c.file_id == file_id)
                                  .order_by(media_frames.c.frame_index)).all()
    return [{"frame_index": row.frame_index, "seconds": row.seconds, "reason": row.reason,
             "faces": json.loads(row.faces), "detections": json.loads(row.detections),
             "context": json.loads(row.context), "triage_score": row.triage_score,
             "suggested_category": row.suggested_category, "reasons": json.loads(row.reasons)} for row in rows]


def thumbnail(case: Case, file_id: int, frame_index: int | None = None) -> bytes | None:
    """The stored JPEG thumbnail of an image, or of one of a video's frames."""
    with case.reading() as connection:
        if frame_index is None:
            return connection.execute(select(media.c.thumbnail).where(media.c.file_id == file_id)).scalar()
        return connection.execute(select(media_frames.c.thumbnail).where(
            media_frames.c.file_id == file_id, media_frames.c.frame_index == frame_index)).scalar()
