"""The ``video`` stage: key frames of every video (scene changes and a regular sample), each triaged as an image;
the video carries its strongest frames' results and links to all of them. A corrupt video is recorded as failed
with a reason, or analysed up to the damage."""

from __future__ import annotations

import io
from typing import Any

from heroes_desktop.pipeline.stage import ItemInfo, NotApplicable, StageLimits, StageOutput, StageRun, WholeContentRun
from heroes_desktop.stages.media import MediaStage, store_media

STRONGEST_FRAMES = 3


def _merge(frames: list[dict[str, Any]]) -> dict[str, Any]:
    """The video's own record: the strongest frames' faces, detections and context, and the best triage."""
    ranked = sorted(frames, key=lambda frame: (-frame["triage_score"], frame["index"]))
    top = ranked[:STRONGEST_FRAMES]
    best = ranked[0]

    def tagged(key: str) -> list[dict[str, Any]]:
        return [{**entry, "frame": frame["index"]} for frame in top for entry in frame[key]]

    return {"faces": tagged("faces"), "detections": tagged("detections"), "context": tagged("context"),
            "triage_score": best["triage_score"], "suggested_category": best["suggested_category"],
            "reasons": [f"frame {best['index']} at {best['seconds']:.1f} s: {reason}" for reason in best["reasons"]],
            "strongest_frames": [frame["index"] for frame in top]}


def audio_streams(data: bytes) -> int | None:
    """How many audio streams the container declares (PyAV, from memory: nothing written to disk); None when it
    cannot say. The review panes show "audio present" before anything is played, and nothing plays by itself."""
    import av

    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            return len(container.streams.audio)
    except Exception:  # noqa: BLE001 - damaged or unknown containers: the frames were read by OpenCV already
        return None


class _VideoRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        from heroes_desktop.acpic.analysis import analyse_images, models_used, thumbnail
        from heroes_desktop.acpic.video_frames import read_key_frames

        try:
            info, key_frames = read_key_frames(data)
        except ValueError as error:
            if "not a readable video" in str(error) and not (self.item.mime or "").startswith("video/"):
                raise NotApplicable() from None
            raise
        records = analyse_images([frame.image for frame in key_frames], self.item.settings.get("device", "cpu"))
        frames = [{"index": frame.index, "seconds": round(frame.seconds, 3), "reason": frame.reason, **record,
                   "thumbnail": thumbnail(frame.image).hex()} for frame, record in zip(key_frames, records)]
        details = {key: value for key, value in vars(info).items()} if hasattr(info, "__dict__") else {}
        details["audio_streams"] = audio_streams(data)
        merged = _merge(frames)
        first = key_frames[0].image
        return StageOutput(data={"kind": "video", "width": details.get("width"), "height": details.get("height"),
                                 **merged, "frames": frames, "details": details, "models": models_used(),
                                 "thumbnail": thumbnail(first).hex()})


class VideoStage(MediaStage):
    name = "video"
    limits = StageLimits(max_bytes=1024 * 2**20, seconds=600.0, memory_mb=3072)

    def _accepts(self, item: ItemInfo) -> bool:
        return (item.mime or "").startswith("video/")

    def _open(self, item: ItemInfo) -> StageRun:
        return _VideoRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        store_media(connection, file_id, data, run_id)
