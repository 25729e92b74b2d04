"""Errors of the identity package."""

from heroes_desktop.core.errors import ExitCode, HeroesError


class IdentityError(HeroesError):
    """A problem with a person's identity or signing key."""


class WrongKeyPassphrase(IdentityError):
    """The passphrase does not unlock the person's signing key."""

    exit_code = ExitCode.ACCESS_DENIED


class KeyFileUnreadable(IdentityError):
    """The key file exists but is not a signing key this program wrote (damaged or foreign)."""

    exit_code = ExitCode.ACCESS_DENIED
