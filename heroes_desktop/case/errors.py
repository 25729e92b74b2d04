"""Errors of the case package."""

from __future__ import annotations

from heroes_desktop.core.errors import ExitCode, HeroesError


class CaseError(HeroesError):
    """A problem with a case file."""


class CaseAccessDenied(CaseError):
    """The case cannot be opened: wrong passphrase, not a case file, or a damaged (e.g. truncated) file."""

    exit_code = ExitCode.ACCESS_DENIED


class CaseExists(CaseError):
    """``case create`` refuses to overwrite anything."""


class CaseFormatTooNew(CaseError):
    """The case was written by a newer program whose format this one does not know."""


class ReadOnlyCase(CaseError):
    """A change was attempted in a session that may not change case data (read-only or review)."""


class CustodyIntegrityError(CaseError):
    """The custody chain, or the case file under it, does not verify."""

    exit_code = ExitCode.INTEGRITY

    def __init__(self, message: str, first_bad_seq: int | None = None) -> None:
        super().__init__(message)
        self.first_bad_seq = first_bad_seq


class CheckpointUnreadable(CaseError):
    """A checkpoint file is missing, malformed or wrongly signed."""

    exit_code = ExitCode.INTEGRITY
