"""Errors of the reports package."""

from __future__ import annotations

from heroes_desktop.core.errors import ExitCode, HeroesError


class ReportError(HeroesError):
    """A report could not be written (exit 1); nothing partial is left at its path."""


class ReportVerificationFailed(ReportError):
    """A report does not verify against its signature or its case (exit 4, as a custody failure)."""

    exit_code = ExitCode.INTEGRITY


class ReportCancelled(ReportError):
    """The examiner cancelled the report before it was written; nothing was written."""
