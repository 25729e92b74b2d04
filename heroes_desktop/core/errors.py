"""The root of the program's error hierarchy and the exit codes of the command-line contract.

Each package defines a small hierarchy under :class:`HeroesError`; the command line maps any of them to its
``exit_code`` and prints its message on one line, without a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes fixed by ``CLI.md``."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    ACCESS_DENIED = 3  # wrong passphrase, or not a case file
    INTEGRITY = 4  # custody chain or case file does not verify
    EVIDENCE_UNREADABLE = 5


class HeroesError(Exception):
    """Base of every error the program raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE


class UsageError(HeroesError):
    """The caller asked for something malformed (a missing option, no passphrase source, ...)."""

    exit_code = ExitCode.USAGE
