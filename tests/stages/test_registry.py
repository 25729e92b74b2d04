"""The stage registry is explicit, ordered and strict."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from heroes_desktop.pipeline.errors import UnknownStage
from heroes_desktop.pipeline.registry import StageRef, StageRegistry, default_registry
from heroes_desktop.pipeline.stage import ItemInfo, StageLimits
from heroes_desktop.stages.hashing import HashStage
from tests.conftest import REPO


def test_default_registry_runs_head_stages_first() -> None:
    registry = default_registry()
    assert registry.names()[:2] == ["filetype", "hash"]
    assert [stage.name for stage in registry.select(["hash", "filetype"])] == ["filetype", "hash"]


def test_duplicate_and_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="two stages"):
        StageRegistry([HashStage(), HashStage()])
    with pytest.raises(UnknownStage, match="nope"):
        default_registry().select(["hash", "nope"])


def _modules_after(program: str) -> tuple[object, list[str]]:
    """What ``program`` printed (JSON) and the modules it left in ``sys.modules``, from a fresh interpreter."""
    code = f"import json, sys\n{program}\nprint(json.dumps([result, sorted(sys.modules)]))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    result, modules = json.loads(run.stdout)
    return result, modules


def test_names_and_modules_come_without_importing_a_stage() -> None:
    result, modules = _modules_after(
        "from heroes_desktop.pipeline.registry import default_registry\n"
        "registry = default_registry()\nresult = [registry.names(), registry.modules(['hash', 'ocr'])]")
    names, stage_modules = result
    assert names == ["filetype", "hash", "phash", "dates", "p2p", "text", "ocr", "media", "video"]
    assert stage_modules == ["heroes_desktop.stages.hashing", "heroes_desktop.stages.ocr"]
    assert [name for name in modules if name.startswith("heroes_desktop.stages.")] == []


def test_selecting_a_stage_imports_that_stage_only() -> None:
    result, modules = _modules_after(
        "from heroes_desktop.pipeline.registry import default_registry\n"
        "result = [type(stage).__name__ for stage in default_registry().select(['hash'])]")
    assert result == ["HashStage"]
    assert [name for name in modules if name.startswith("heroes_desktop.stages.")] == ["heroes_desktop.stages.hashing"]
    assert not {"pytesseract", "PIL", "imagehash", "magic"} & {name.split(".")[0] for name in modules}


def test_the_worker_preload_holds_no_stage() -> None:
    """Each ingest preloads the stages it runs (``WorkerPool(preload=...)``); the common preload has none."""
    _, modules = _modules_after("import heroes_desktop.pipeline.worker_preload\nresult = None")
    assert "heroes_desktop.pipeline.item_processor" in modules
    assert [name for name in modules if name.startswith("heroes_desktop.stages.")] == []


def test_a_reference_must_name_its_stage() -> None:
    registry = StageRegistry([StageRef("checksum", "heroes_desktop.stages.hashing", "HashStage")])
    assert registry.names() == ["checksum"]
    with pytest.raises(ValueError, match="registered as 'checksum'"):
        registry.select(["checksum"])
    with pytest.raises(ValueError, match="two stages"):
        StageRegistry([HashStage(), StageRef("hash", "heroes_desktop.stages.hashing", "HashStage")])


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
