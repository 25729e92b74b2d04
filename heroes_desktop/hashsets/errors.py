"""Errors of the hashsets package."""

from heroes_desktop.core.errors import ExitCode, HeroesError


class HashSetError(HeroesError):
    """A hash set cannot be imported or exported as asked."""


class HashSetFormatError(HashSetError):
    """The file is not in the format named (a usage problem, not a damaged case)."""

    exit_code = ExitCode.USAGE


class HashSetNotFound(HashSetError):
    """No hash set of the name given (a usage problem: the names are listed by ``heroes hashset list``)."""

    exit_code = ExitCode.USAGE
