"""GUI tests run offscreen (no display here, none in CI) with pytest-qt's ``qtbot``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from heroes_desktop.gui import gui_thread_gc  # noqa: E402 - after the platform is chosen


@pytest.fixture(autouse=True)
def _automatic_collection_back_after_each_test() -> Iterator[None]:
    """A test that leaves a Jobs open must not leave the rest of the suite without cyclic collection."""
    yield
    gui_thread_gc.release_all()
