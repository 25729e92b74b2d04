"""Errors of the exports package."""

from __future__ import annotations

from heroes_desktop.core.errors import HeroesError


class ExportError(HeroesError):
    """An export could not be written (exit 1); nothing partial is left at its path."""


class NothingToExport(ExportError):
    """The items chosen for an export select no file of the case."""
