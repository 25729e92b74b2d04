"""The explicit stage registry: built at start-up from a list, never filled by import side effects.

The default registry names each stage by its module and class, and imports a stage's module (and the libraries it
needs: Tesseract's wrapper, PIL, magic, ...) only when that stage is selected, so that listing the stage names
(``heroes --help``) or running a few of them (``--stages hash``) costs nothing for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from heroes_desktop.pipeline.errors import UnknownStage
from heroes_desktop.pipeline.stage import Stage


@dataclass(frozen=True)
class StageRef:
    """A stage known by name, module and class, not imported until it is selected."""

    name: str
    module: str
    class_name: str

    def load(self) -> Stage:
        stage_class = getattr(importlib.import_module(self.module), self.class_name)
        stage = stage_class()
        if stage.name != self.name:
            raise ValueError(f"{self.module}.{self.class_name} is named {stage.name!r}, registered as {self.name!r}")
        return stage


class StageRegistry:
    """Stages by name, in the order they run; a :class:`StageRef` becomes its stage when first selected."""

    def __init__(self, stages: Iterable[Stage | StageRef]) -> None:
        self._stages: dict[str, Stage | StageRef] = {}
        for stage in stages:
            if stage.name in self._stages:
                raise ValueError(f"two stages are named {stage.name!r}")
            self._stages[stage.name] = stage

    def names(self) -> list[str]:
        return list(self._stages)

    def select(self, names: Iterable[str] | None = None) -> list[Stage]:
        """The named stages in registry order (all of them for None); unknown names are an error."""
        return [self._loaded(name) for name in self._selected_names(names)]

    def modules(self, names: Iterable[str] | None = None) -> list[str]:
        """The modules that hold the named stages (for a worker's preload), without importing them."""
        stages = [self._stages[name] for name in self._selected_names(names)]
        modules = [stage.module if isinstance(stage, StageRef) else type(stage).__module__ for stage in stages]
        return list(dict.fromkeys(modules))

    def _selected_names(self, names: Iterable[str] | None) -> list[str]:
        if names is None:
            return list(self._stages)
        wanted = list(dict.fromkeys(names))
        unknown = [name for name in wanted if name not in self._stages]
        if unknown:
            raise UnknownStage(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(self._stages)}")
        return [name for name in self._stages if name in wanted]

    def _loaded(self, name: str) -> Stage:
        stage = self._stages[name]
        if isinstance(stage, StageRef):
            stage = self._stages[name] = stage.load()
        return stage


def default_registry() -> StageRegistry:
    """Every stage this build ships, in running order (head stages first)."""
    return StageRegistry([
        StageRef("filetype", "heroes_desktop.stages.filetype", "FileTypeStage"),
        StageRef("hash", "heroes_desktop.stages.hashing", "HashStage"),
        StageRef("phash", "heroes_desktop.stages.perceptual", "PerceptualHashStage"),
        StageRef("dates", "heroes_desktop.stages.dates", "DatesStage"),
        StageRef("p2p", "heroes_desktop.stages.p2p", "P2PStage"),
        StageRef("text", "heroes_desktop.stages.text", "TextStage"),
        StageRef("ocr", "heroes_desktop.stages.ocr", "OcrStage"),
        StageRef("media", "heroes_desktop.stages.media", "MediaStage"),
        StageRef("video", "heroes_desktop.stages.video", "VideoStage"),
    ])
