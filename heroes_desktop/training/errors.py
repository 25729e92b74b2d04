"""Errors of the training package."""

from __future__ import annotations

from heroes_desktop.core.errors import HeroesError


class TrainingError(HeroesError):
    """Building, reading or scoring the training evidence failed."""


class BuildToolMissing(TrainingError):
    """A Debian tool or library the disk builder needs is not installed."""


class AnswerKeyError(TrainingError):
    """An answer key cannot be read or does not have the expected shape."""
