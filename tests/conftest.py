"""Shared fixtures: an isolated profile folder, people with real signing keys, and real encrypted cases."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key

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
