"""The per-person profile folder: ``HEROES_HOME`` when set, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PROFILE_ENV = "HEROES_HOME"
LAB_STORE_ENV = "HEROES_LAB_STORE"  # the lab trust store folder, when not ``lab`` in the profile folder


def profile_dir() -> Path:
    """The profile folder, created (owner-only) when missing."""
    configured = os.environ.get(PROFILE_ENV)
    folder = Path(configured) if configured else Path(platformdirs.user_data_dir("heroes-desktop", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
