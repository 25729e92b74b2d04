"""Start-up stays cheap (issue 19): a command imports the libraries of what it does, not of every command.

Each check runs the real entry point in a fresh interpreter and looks at what it imported; nothing here is timed
(``scripts/bench_startup.py`` gives the figures).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE, REPO, cli_env

# Libraries of the analysis stages, the models and the report writer: seconds of imports between them.
HEAVY = ("gensim", "spacy", "torch", "onnxruntime", "cv2", "ultralytics", "fitz", "pymupdf", "scipy", "sklearn",
         "networkx", "pytesseract", "imagehash", "PIL", "numpy", "magic", "docx")
# What neither --help nor --version needs: no case is opened, no stage is loaded.
NO_CASE = ("sqlalchemy", "cryptography", "heroes_desktop.case.case_file", "heroes_desktop.pipeline.ingest",
           "heroes_desktop.stages")
# The program's own modules over those libraries (the light ones beside them, such as ``nlp.labels``, are allowed).
ANALYSIS = ("heroes_desktop.stages", "heroes_desktop.pipeline.ingest", "heroes_desktop.pipeline.worker_pool",
            "heroes_desktop.nlp.entity_stage", "heroes_desktop.nlp.topics", "heroes_desktop.reports.writer",
            "heroes_desktop.models.runtime", "heroes_desktop.evidence.content", "heroes_desktop.review",
            "heroes_desktop.training.demo")


def imported_by(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    """The names in ``sys.modules`` after ``heroes ARGS`` ran in a fresh interpreter (its output dropped)."""
    program = textwrap.dedent(
        f"""
        import contextlib, io, json, sys
        from heroes_desktop.cli.main import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main({args!r})
        print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, env=env,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0, (args, report["code"])
    return report["modules"]


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    """The modules of ``modules`` that are one of ``names`` or inside one of them."""
    return [module for module in modules if any(module == name or module.startswith(name + ".") for name in names)]


@pytest.fixture
def closed_case(case_path: Path, examiner: Actor, examiner_key: SigningKey) -> Path:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key, title="Start-up"):
        pass
    return case_path


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["ingest", "--help"], ["case", "info", "--help"]],
                         ids=" ".join)
def test_help_and_version_load_no_case_and_no_stage(args: list[str]) -> None:
    modules = imported_by(args)
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, NO_CASE) == []
    assert loaded(modules, ANALYSIS) == []


def test_case_info_loads_the_case_file_and_nothing_of_the_analysis(closed_case: Path, isolated_profile: Path) -> None:
    modules = imported_by(["case", "info", str(closed_case)], env=cli_env(isolated_profile))
    assert "heroes_desktop.case.case_file" in modules
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, ANALYSIS) == []


def test_the_stage_names_come_without_importing_a_stage() -> None:
    """The help's epilog names the stages (``stage_names``); the registry imports a stage only to run it."""
    program = ("import json, sys; from heroes_desktop.cli.main import stage_names; names = stage_names(); "
               "print(json.dumps([names, sorted(sys.modules)]))")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    names, modules = json.loads(result.stdout)
    assert {"hash", "filetype", "phash", "text", "ocr", "media", "video", "hashsets", "entities", "topics"} <= set(names)
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, ("heroes_desktop.stages", "heroes_desktop.pipeline.ingest")) == []


def test_importtime_of_version_names_no_heavy_library() -> None:
    """The same promise read from ``-X importtime`` of the real program, as the issue measured it."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "heroes_desktop", "--version"],
                            capture_output=True, text=True, cwd=REPO, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("heroes-desktop ")
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:") and "|" in line]
    assert "heroes_desktop.cli.main" in imported
    assert loaded(imported, HEAVY) == []
