"""The stage registry is explicit, ordered and strict."""

from __future__ import annotations

import pytest

from heroes_desktop.pipeline.errors import UnknownStage
from heroes_desktop.pipeline.registry import StageRegistry, default_registry
from heroes_desktop.pipeline.stage import ItemInfo, StageLimits
from heroes_desktop.stages.hashing import HashStage


def test_default_registry_runs_head_stages_first() -> None:
    registry = default_registry()
    assert registry.names()[:2] == ["filetype", "hash"]
    assert [stage.name for stage in registry.select(["hash", "filetype"])] == ["filetype", "hash"]


def test_duplicate_and_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="two stages"):
        StageRegistry([HashStage(), HashStage()])
    with pytest.raises(UnknownStage, match="nope"):
        default_registry().select(["hash", "nope"])


def test_stage_declares_and_enforces_its_limits() -> None:
    class SmallHash(HashStage):
        name = "small-hash"
        limits = StageLimits(max_bytes=10)

    stage = SmallHash()
    assert stage.accepts(ItemInfo("a", "/a", 10, "file"))
    assert not stage.accepts(ItemInfo("a", "/a", 11, "file"))
    assert not stage.accepts(ItemInfo("d", "/d", 0, "dir"))


def test_undeclared_columns_are_refused() -> None:
    class Sloppy(HashStage):
        name = "sloppy"
        writes = ("md5",)

    run = Sloppy().open(ItemInfo("a", "/a", 3, "file"))
    run.feed(b"abc")
    with pytest.raises(RuntimeError, match="undeclared"):
        run.finish()
