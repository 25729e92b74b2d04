"""Errors of the evidence package."""

from heroes_desktop.core.errors import ExitCode, HeroesError


def first_line(error: BaseException) -> str:
    """A native library's error as one short line (libyal and TSK messages run over many lines)."""
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


class EvidenceError(HeroesError):
    """Evidence cannot be read as asked."""

    exit_code = ExitCode.EVIDENCE_UNREADABLE


class UnsupportedEvidence(EvidenceError):
    """The path is not evidence this program can open (missing, a device it cannot read, ...)."""


class ImageReadError(EvidenceError):
    """Reading the image failed at a given offset (a corrupt chunk, a missing segment, an I/O error)."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


class DuplicateEvidence(HeroesError):
    """The path is already evidence in the case: a failure (1), not unreadable evidence (5)."""

    exit_code = ExitCode.FAILURE


class ContentReadError(Exception):
    """An entry's content could not be read to the end (``bytes_read`` tells how far it got)."""

    def __init__(self, message: str, bytes_read: int) -> None:
        super().__init__(message)
        self.bytes_read = bytes_read
