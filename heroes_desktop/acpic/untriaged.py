"""Pictures and videos that image triage could not rank: the media (or video) stage failed on them, skipped them
or never ran, so they have no media row. An examiner relying on triage must still see them, first, with why.

A picture is known by its MIME type; the NTFS metadata files at a volume's root (``$MFT``, ``$UpCase``,
``$Secure:$SDS``, ``$Extend\\...``), which content sniffing sometimes takes for a picture, are not pictures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, or_, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files, media, stage_runs

NOT_TRIAGED = "not triaged"
NTFS_METADATA = frozenset({"$MFT", "$MFTMirr", "$LogFile", "$Volume", "$AttrDef", "$Bitmap", "$Boot", "$BadClus",
                           "$Secure", "$UpCase", "$Extend", "$Quota", "$ObjId", "$Reparse", "$RmMetadata",
                           "$TxfLog", "$Txf", "$Tops", "$Deleted", "$Repair"})
STAGE_OF_KIND = {"image": "media", "video": "video"}


@dataclass(frozen=True)
class Untriaged:
    file_id: int
    path: str
    kind: str  # image, video
    reason: str  # "media: image file is truncated", ...


def is_filesystem_metadata(path: str, parent_id: int | None = None) -> bool:
    """An NTFS system file at a volume's root (or a stream of one, or anything under ``$Extend``)."""
    if parent_id is not None or not path.startswith("/$"):
        return False
    first = path[1:].split("/", 1)[0].split(":", 1)[0]
    return first in NTFS_METADATA


def iter_untriaged(case: Case, *, kind: str | None = None) -> Iterator[Untriaged]:
    """Every picture or video of the case without a triage result, in file order, with the reason."""
    with case.reading() as connection:
        yield from untriaged_of(connection, kind=kind)


def untriaged_of(connection: Any, *, kind: str | None = None,
                 file_ids: Sequence[int] | None = None) -> Iterator[Untriaged]:
    """Like :func:`iter_untriaged`, on an open connection, optionally for ``file_ids`` only (at most 900)."""
    kinds = [kind] if kind else ["image", "video"]
    wanted = or_(*[files.c.mime.like(f"{name}/%") for name in kinds])
    query = (select(files.c.id, files.c.path, files.c.mime, files.c.parent_id, files.c.status, files.c.error,
                    files.c.stages_done, stage_runs.c.stage, stage_runs.c.status.label("stage_status"),
                    stage_runs.c.error.label("stage_error"))
             .outerjoin(media, media.c.file_id == files.c.id)
             .outerjoin(stage_runs, and_(stage_runs.c.file_id == files.c.id, stage_runs.c.stage == case(
                 (files.c.mime.like("video/%"), "video"), else_="media")))
             .where(media.c.file_id.is_(None), wanted, files.c.size > 0, files.c.realloc.is_(False))
             .order_by(files.c.id))
    if file_ids is not None:
        query = query.where(files.c.id.in_(list(file_ids)))
    for row in connection.execute(query):
        if is_filesystem_metadata(row.path, row.parent_id):
            continue
        item_kind = "video" if (row.mime or "").startswith("video/") else "image"
        stage = STAGE_OF_KIND[item_kind]
        yield Untriaged(row.id, row.path, item_kind, _reason(stage, row))


def _reason(stage: str, row: Any) -> str:
    if row.stage_status == "failed":
        return f"{stage}: {row.stage_error or 'failed'}"
    if row.stage_status == "skipped":
        return f"{stage}: not a picture it could decode (skipped)" if stage == "media" else \
            f"{stage}: not a video it could decode (skipped)"
    if row.status == "pending":
        return f"{stage}: not processed yet (the ingest has not reached it)"
    if row.status == "failed" and row.error:
        return f"{stage}: item failed: {row.error}"
    return f"{stage}: stage not run on it (not installed, not asked for, or the item is larger than its limit)"


def untriaged_record(item: Untriaged) -> dict[str, Any]:
    """The item as ``heroes media --json`` lists it."""
    return {"file_id": item.file_id, "path": item.path, "kind": item.kind, "faces": [], "detections": [],
            "context": [], "triage_score": None, "suggested_category": NOT_TRIAGED, "reasons": [item.reason],
            "models": [], "width": None, "height": None, "frames": None}
