"""The explicit stage registry: built at start-up from a list, never filled by import side effects."""

from __future__ import annotations

from collections.abc import Iterable

from heroes_desktop.pipeline.errors import UnknownStage
from heroes_desktop.pipeline.stage import Stage


class StageRegistry:
    """Stages by name, in the order they run."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self._stages: dict[str, Stage] = {}
        for stage in stages:
            if stage.name in self._stages:
                raise ValueError(f"two stages are named {stage.name!r}")
            self._stages[stage.name] = stage

    def names(self) -> list[str]:
        return list(self._stages)

    def select(self, names: Iterable[str] | None = None) -> list[Stage]:
        """The named stages in registry order (all of them for None); unknown names are an error."""
        if names is None:
            return list(self._stages.values())
        wanted = list(dict.fromkeys(names))
        unknown = [name for name in wanted if name not in self._stages]
        if unknown:
            raise UnknownStage(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(self._stages)}")
        return [stage for name, stage in self._stages.items() if name in wanted]


def default_registry() -> StageRegistry:
    """Every stage this build ships, in running order (head stages first)."""
    from heroes_desktop.stages.dates import DatesStage
    from heroes_desktop.stages.filetype import FileTypeStage
    from heroes_desktop.stages.hashing import HashStage
    from heroes_desktop.stages.media import MediaStage
    from heroes_desktop.stages.ocr import OcrStage
    from heroes_desktop.stages.perceptual import PerceptualHashStage
    from heroes_desktop.stages.text import TextStage
    from heroes_desktop.stages.video import VideoStage

    return StageRegistry([FileTypeStage(), HashStage(), PerceptualHashStage(), DatesStage(), TextStage(), OcrStage(),
                          MediaStage(), VideoStage()])
