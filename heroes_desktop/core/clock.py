"""UTC timestamps in the one format the case file and its JSON output use."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now_iso() -> str:
    """The current time as ISO 8601 UTC with microseconds and a ``Z`` suffix."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
