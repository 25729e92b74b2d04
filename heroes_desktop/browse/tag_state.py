"""The examiners' current tags of every file, read once for a query: category and bookmark names by file id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from heroes_desktop.hashsets.tagging import annotated_tags  # the one definition of "current"; see read_tag_state


@dataclass(frozen=True)
class TagState:
    """Current (latest of its slot, not withdrawn) categories and bookmarks, as :mod:`hashsets.tagging` decides."""

    category: dict[int, str] = field(default_factory=dict)
    bookmarks: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def bookmark_text(self, file_id: int) -> str | None:
        """The file's bookmark names, comma-joined in the order given; None without any."""
        names = self.bookmarks.get(file_id)
        return ", ".join(names) if names else None


def read_tag_state(connection: Connection, file_ids: Sequence[int] | None = None) -> TagState:
    """Every file's current tags, or only those of ``file_ids`` (withdrawals read from the custody log, where they
    live). Uses tagging's own annotation, so that "current" means here what it means to the CLI and the export."""
    category: dict[int, str] = {}
    bookmarks: dict[int, list[str]] = {}
    for row in annotated_tags(connection, file_ids):
        if not row["current"]:
            continue
        if row["category"]:
            category[row["file_id"]] = row["category"]
        elif row["bookmark"]:
            bookmarks.setdefault(row["file_id"], []).append(row["bookmark"])
    return TagState(category, {file_id: tuple(names) for file_id, names in bookmarks.items()})
