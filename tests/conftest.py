"""Shared fixtures: an isolated profile folder, people with real signing keys, and real encrypted cases."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key

if TYPE_CHECKING:
    from heroes_desktop.training.demo import DemoResult

REPO = Path(__file__).resolve().parents[1]
SHARED_TESTDATA = REPO.parent / "shared" / "testdata"
PASSPHRASE = "correct horse battery staple"
KEY_PASSPHRASE = "key passphrase of the person"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own HEROES_HOME, so no test touches a real profile."""
    home = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv("HEROES_HOME", str(home))
    return home


@pytest.fixture
def examiner() -> Actor:
    return Actor("Ana Examiner", Role.EXAMINER)


@pytest.fixture
def supervisor() -> Actor:
    return Actor("Sam Supervisor", Role.SUPERVISOR)


@pytest.fixture
def examiner_key(isolated_profile: Path, examiner: Actor) -> SigningKey:
    return load_or_create_signing_key(isolated_profile, examiner.name, KEY_PASSPHRASE)


@pytest.fixture
def supervisor_key(isolated_profile: Path, supervisor: Actor) -> SigningKey:
    return load_or_create_signing_key(isolated_profile, supervisor.name, KEY_PASSPHRASE)


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "case" / "operation.heroes"


@pytest.fixture
def new_case(case_path: Path, examiner: Actor, examiner_key: SigningKey) -> Iterator[Case]:
    case = Case.create(case_path, PASSPHRASE, examiner, examiner_key, title="Operation Test", number="2026-001")
    yield case
    case.close()


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running the real ``heroes`` command in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEROES_")}
    env.update(HEROES_HOME=str(home), HEROES_PASSPHRASE=PASSPHRASE, HEROES_KEY_PASSPHRASE=KEY_PASSPHRASE)
    env.update(extra)
    return env


HEROES_COMMAND = [sys.executable, "-m", "heroes_desktop"]


def _copy_demo(built: "DemoResult", folder: Path) -> "DemoResult":
    """A private copy of a built demo case (the case file and the demo's profile; the evidence it was made from is
    shared, read-only, with the original build)."""
    import dataclasses
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    case_path = folder / built.case_path.name
    shutil.copy2(built.case_path, case_path)
    shutil.copytree(built.case_path.parent / "profile", folder / "profile")
    return dataclasses.replace(built, case_path=case_path, summary={**built.summary, "case": str(case_path),
                                                                   "profile": str(folder / "profile")})


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> "DemoResult":
    """The demo case, built once per test session by the same core call as ``heroes demo`` (seed 1). Tests that
    change a case take a copy (``demo_case``); this one stays as built."""
    from heroes_desktop.training.demo import run_demo

    home = tmp_path_factory.mktemp("demo-home")
    previous = os.environ.get("HEROES_HOME")
    os.environ["HEROES_HOME"] = str(home)
    try:
        return run_demo(tmp_path_factory.mktemp("demo"), seed=1, jobs=2)
    finally:
        if previous is None:
            os.environ.pop("HEROES_HOME", None)
        else:
            os.environ["HEROES_HOME"] = previous


@pytest.fixture(scope="module")
def demo_case(demo_build: "DemoResult", tmp_path_factory: pytest.TempPathFactory) -> "DemoResult":
    """This test module's own copy of the demo case, free to tag and change."""
    return _copy_demo(demo_build, tmp_path_factory.mktemp("demo-copy"))


def open_demo_case(demo: "DemoResult", mode: str = "read-write", purpose: str = "test") -> tuple[Case, Actor, Path]:
    """The demo case opened as its examiner, as the window opens it: (case, actor, profile of the signing key)."""
    from heroes_desktop.case.case_file import OpenMode
    from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE

    profile = demo.case_path.parent / "profile"
    actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(profile, actor.name, DEMO_KEY_PASSPHRASE)
    case = Case.open(demo.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode(mode), actor=actor, key=key,
                     purpose=purpose)
    return case, actor, profile
