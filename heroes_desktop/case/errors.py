"""Errors of the case package."""

from __future__ import annotations

from heroes_desktop.core.errors import ExitCode, HeroesError


class CaseError(HeroesError):
    """A problem with a case file."""


class CaseAccessDenied(CaseError):
    """The case cannot be opened: a wrong passphrase, or a file that is not a case (exit 3).

    A case file that the passphrase opens but that is damaged or truncated is :class:`CaseDamaged` (exit 4).
    """

    exit_code = ExitCode.ACCESS_DENIED


class CaseExists(CaseError):
    """``case create`` refuses to overwrite anything."""


class CaseFormatTooNew(CaseError):
    """The case was written by a newer program whose format this one does not know."""


class ReadOnlyCase(CaseError):
    """A change was attempted in a session that may not change case data (read-only or review)."""


class CaseOnReadOnlyStorage(ReadOnlyCase):
    """A change was asked of a case on read-only storage (a DVD, a write-blocked drive, a read-only share)."""


class CaseDiskFull(CaseError):
    """The drive that holds the case (or its ``-wal``) has no space left: the change in progress was rolled back,
    everything committed before it stands (exit 1)."""


class CustodyIntegrityError(CaseError):
    """The custody chain, or the case file under it, does not verify."""

    exit_code = ExitCode.INTEGRITY

    def __init__(self, message: str, first_bad_seq: int | None = None) -> None:
        super().__init__(message)
        self.first_bad_seq = first_bad_seq


class CheckpointUnreadable(CaseError):
    """A checkpoint file is missing, malformed or wrongly signed."""

    exit_code = ExitCode.INTEGRITY


class CaseDamaged(CustodyIntegrityError):
    """The case file itself does not verify: a page fails its authentication, or the file is truncated (exit 4).

    ``pages`` names the pages that failed, where SQLCipher can tell.
    """

    def __init__(self, message: str, pages: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.pages = pages


class PortableCaseReadOnly(ReadOnlyCase):
    """A portable case (exported for a prosecutor) was opened for changes: it opens read-only."""
