"""Examiners' categories and bookmarks on files: what the VICS export and training scores read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.errors import CaseError
from heroes_desktop.case.schema import files, tags
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES, normalise_category


def tag_file(case: Case, file_id: int, label: str, note: str = "") -> dict[str, Any]:
    """Categorise (``CAT-0`` ... ``CAT-5``) or bookmark (any other name) a file, with its custody event."""
    try:
        category, bookmark = normalise_category(label), None
    except ValueError:
        category, bookmark = None, label.strip()
        if not bookmark or bookmark.upper().startswith("CAT"):
            raise UsageError(f"{label!r} is neither a category ({', '.join(CATEGORIES)}) nor a bookmark name") from None
    details = {"file_id": file_id, "category": category, "bookmark": bookmark, "note": note}
    with case.change("file.tagged", details) as connection:
        if connection.execute(select(files.c.id).where(files.c.id == file_id)).first() is None:
            raise CaseError(f"no file with id {file_id} in this case")
        connection.execute(insert(tags).values(file_id=file_id, category=category, bookmark=bookmark, note=note,
                                               actor=case.actor.name if case.actor else "", time=utc_now_iso()))
    return details


def list_tags(case: Case) -> list[dict[str, Any]]:
    with case.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(
            select(tags, files.c.path).join(files, files.c.id == tags.c.file_id).order_by(tags.c.id))]
