"""Sizes as people read them, the same in the command line and the window."""

from __future__ import annotations


def readable_size(value: float | int | None) -> str:
    """1536 -> ``1.5 KiB``; exact bytes stay in JSON and CSV."""
    if value is None:
        return "-"
    if value < 1024:
        return f"{int(value)} B"
    amount = float(value)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        amount /= 1024
        if amount < 1024 or unit == "PiB":
            return f"{amount:.1f} {unit}"
    return f"{amount:.1f} PiB"
