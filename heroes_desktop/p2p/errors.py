"""Errors of the p2p package."""

from heroes_desktop.core.errors import HeroesError


class P2PError(HeroesError):
    """A P2P record or hash cannot be read or computed as asked."""


class MalformedRecord(P2PError):
    """A client's record file is damaged, truncated or not in the format its name says; the file fails alone."""
