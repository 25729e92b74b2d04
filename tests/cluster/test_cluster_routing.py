"""Which batches go to GPU nodes: those holding pictures or videos that the media or video stage will run on."""

from __future__ import annotations

from heroes_desktop.cluster.client import _needs_gpu
from heroes_desktop.pipeline.item_processor import ItemJob


def test_only_batches_with_pictures_or_videos_need_a_gpu() -> None:
    def job(name: str, mime: str | None = None, stages: tuple[str, ...] = ("hash", "media")) -> ItemJob:
        return ItemJob(file_id=1, ref=None, name=name, kind="file", stages=stages, mime=mime)  # type: ignore[arg-type]

    assert _needs_gpu(job("a.JPG")) and _needs_gpu(job("clip", "video/mp4"))
    assert not _needs_gpu(job("notes.txt")) and not _needs_gpu(job("x.jpg", "text/plain"))
    assert not _needs_gpu(job("a.jpg", stages=("hash",)))
