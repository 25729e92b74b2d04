"""GUI tests run offscreen (no display here, none in CI) with pytest-qt's ``qtbot``."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
