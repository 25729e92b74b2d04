"""Errors of the p2p package."""

from heroes_desktop.core.errors import HeroesError


class P2PError(HeroesError):
    """A P2P record or hash cannot be read or computed as asked."""


class MalformedRecord(P2PError):
    """A client's record file is damaged, truncated or not in the format its name says; the file fails alone."""


def require_size(data: bytes, what: str, limit: int, unit: str = "") -> None:
    """Refuse an empty record file, or one past ``limit`` bytes, before any parsing."""
    if not data:
        raise MalformedRecord(f"{what}: empty file at offset 0")
    if len(data) > limit:
        kind = f"{unit} " if unit else ""
        raise MalformedRecord(f"{what}: {len(data)} bytes, over the {limit} {kind}limit at offset 0")
