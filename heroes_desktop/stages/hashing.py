"""The ``hash`` stage: MD5, SHA-1, SHA-256 and the eDonkey hash (ED2K) of every byte, in one pass."""

from __future__ import annotations

from heroes_desktop.core.hashing import MultiHasher
from heroes_desktop.pipeline.stage import ItemInfo, Stage, StageLimits, StageOutput, StageRun


class _HashRun(StageRun):
    def __init__(self) -> None:
        self._hasher = MultiHasher()

    def feed(self, chunk: bytes) -> None:
        self._hasher.update(chunk)

    def finish(self) -> StageOutput:
        return StageOutput(columns=self._hasher.hexdigests())


class HashStage(Stage):
    name = "hash"
    writes = ("md5", "sha1", "sha256", "ed2k")
    limits = StageLimits(max_bytes=None, seconds=30.0, memory_mb=64)  # plus the time to read it (item_budget)

    def _open(self, item: ItemInfo) -> StageRun:
        return _HashRun()
