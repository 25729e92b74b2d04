"""The ``media`` stage: ACPIC triage of every image (sensitive content, faces with age and gender, context),
with a thumbnail, stored in the case for ``heroes media``. Models come from the registry, hash-checked; when one
is missing or altered the stage reports itself not installed instead of being skipped silently."""

from __future__ import annotations

import json
from typing import Any

from PIL import Image
from sqlalchemy import delete, insert

from heroes_desktop.case.schema import media, media_frames
from heroes_desktop.pipeline.stage import (
    ItemInfo,
    NotApplicable,
    Stage,
    StageLimits,
    StageOutput,
    StageRun,
    WholeContentRun,
)


class _MediaRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        from heroes_desktop.acpic.analysis import analyse_images, decode_picture, models_used, thumbnail

        try:
            image, incomplete = decode_picture(data)
        except (Image.UnidentifiedImageError, OSError, SyntaxError) as error:
            if isinstance(error, Image.UnidentifiedImageError):
                raise NotApplicable() from None
            raise ValueError(f"image cannot be decoded: {error}") from None
        record = analyse_images([image], self.item.settings.get("device", "cpu"))[0]
        return StageOutput(data={"kind": "image", "width": int(image.shape[1]), "height": int(image.shape[0]),
                                 **record, "models": models_used(), "thumbnail": thumbnail(image).hex()},
                           incomplete=incomplete)


def store_media(connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
    """Replace the item's media row (and a video's frames) with this run's results (main process, writer)."""
    connection.execute(delete(media_frames).where(media_frames.c.file_id == file_id))
    connection.execute(delete(media).where(media.c.file_id == file_id))
    connection.execute(insert(media).values(
        file_id=file_id, kind=data["kind"], width=data.get("width"), height=data.get("height"),
        faces=json.dumps(data["faces"]), detections=json.dumps(data["detections"]),
        context=json.dumps(data["context"]), triage_score=data["triage_score"],
        suggested_category=data["suggested_category"], reasons=json.dumps(data["reasons"]),
        models=json.dumps(data["models"]), frames=len(data.get("frames", [])) or None,
        details=json.dumps(data.get("details") or {}),
        thumbnail=bytes.fromhex(data["thumbnail"]) if data.get("thumbnail") else None, run_id=run_id))
    frames = [{"file_id": file_id, "frame_index": frame["index"], "seconds": frame["seconds"],
               "reason": frame["reason"], "faces": json.dumps(frame["faces"]),
               "detections": json.dumps(frame["detections"]), "context": json.dumps(frame["context"]),
               "triage_score": frame["triage_score"], "suggested_category": frame["suggested_category"],
               "reasons": json.dumps(frame["reasons"]),
               "thumbnail": bytes.fromhex(frame["thumbnail"]) if frame.get("thumbnail") else None}
              for frame in data.get("frames", [])]
    if frames:
        connection.execute(insert(media_frames), frames)


class MediaStage(Stage):
    name = "media"
    limits = StageLimits(max_bytes=128 * 2**20, seconds=120.0, memory_mb=2048)

    def _accepts(self, item: ItemInfo) -> bool:
        return (item.mime or "").startswith("image/")

    def unavailable(self) -> str | None:
        from heroes_desktop.acpic.analysis import missing_models

        missing = missing_models()
        return f"models not installed: {', '.join(missing)}" if missing else None

    def models(self) -> dict[str, str]:
        from heroes_desktop.acpic.analysis import models_used

        return models_used()

    def _open(self, item: ItemInfo) -> StageRun:
        return _MediaRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        store_media(connection, file_id, data, run_id)
