"""Fixtures for window tests over the demo case: a copy per test (decisions never reach another test), the crash
handler watched for unexpected errors, and a session opened as the window opens one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.gui import errors
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE, DemoResult
from tests.conftest import _copy_demo, open_demo_case


@pytest.fixture
def demo(demo_build: DemoResult, tmp_path: Path) -> DemoResult:
    """A copy of the demo case for this test alone: decisions here never reach another test."""
    return _copy_demo(demo_build, tmp_path / "demo")


@pytest.fixture
def unexpected() -> Iterator[list[str]]:
    """What reached the crash handler during the test (it must stay empty)."""
    seen: list[str] = []
    errors.install_handler(lambda error, where, details: seen.append(f"{where}: {details}"))
    yield seen
    errors.install_handler(None)


def open_demo_session(demo: DemoResult, mode: str = "read-write", purpose: str = "window test") -> CaseSession:
    case, actor, profile = open_demo_case(demo, mode, purpose=purpose)
    return CaseSession(case, actor, Jobs(), DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE, key_profile=profile)


@pytest.fixture
def session(demo: DemoResult, unexpected: list[str]) -> Iterator[CaseSession]:
    opened = open_demo_session(demo)
    yield opened
    opened.close()
    assert not unexpected


def demo_ids_by_name(case: object) -> dict[str, int]:
    """The demo's pictures by file name (ids change between builds: look them up by name)."""
    queued = triage_queue(case, include_reviewed=True)  # type: ignore[arg-type]
    return {review.name: file_id for file_id, review in review_items(case, queued).items()}  # type: ignore[arg-type]
