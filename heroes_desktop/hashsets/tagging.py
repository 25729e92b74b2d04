"""Examiners' categories and bookmarks on files: what the VICS export and training scores read.

A tag row is never changed or deleted, so the history of a file's tags stays in the case. A later tag of the same
slot (the file's category, or one bookmark name) supersedes an earlier one; a withdrawal is a ``tag.withdrawn``
custody event naming the tag, and the tag stays listed, marked withdrawn. The *current* tags of a file are the
latest of each slot, unless withdrawn.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import custody_events, files, matches, media, tags
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES, normalise_category

MAX_BOOKMARK_LENGTH = 200


def parse_label(label: str | None) -> tuple[str | None, str | None]:
    """``(category, None)`` for a Project VIC category, ``(None, bookmark)`` for a bookmark name; refuses the rest.

    A bookmark name is non-empty, has no control characters, is not a near-miss of a category (``CAT-9``) and fits
    on a line of a listing.
    """
    text = (label or "").strip()
    if not text:
        raise UsageError(f"an empty category or bookmark name: give one of {', '.join(CATEGORIES)} or a name")
    try:
        category = normalise_category(text)
    except ValueError:
        category = None
    else:
        if category in CATEGORIES:
            return category, None
        raise UsageError(f"{label!r} is not an examiner's category: give one of {', '.join(CATEGORIES)}")
    if re.fullmatch(r"CAT[-_ ]?\d*", text.upper()):
        raise UsageError(f"{label!r} is neither a category ({', '.join(CATEGORIES)}) nor a bookmark name")
    if any(unicodedata.category(character).startswith("C") for character in text):
        raise UsageError(f"{label!r}: a bookmark name cannot hold control characters")
    if len(text) > MAX_BOOKMARK_LENGTH:
        raise UsageError(f"a bookmark name of at most {MAX_BOOKMARK_LENGTH} characters, not {len(text)}")
    return None, text


def _require_files(connection: Connection, file_ids: Sequence[int]) -> None:
    known = set(connection.execute(select(files.c.id).where(files.c.id.in_(list(file_ids)))).scalars())
    unknown = [file_id for file_id in dict.fromkeys(file_ids) if file_id not in known]
    if unknown:
        raise UsageError(f"no file with id {', '.join(map(str, unknown))} in this case; nothing tagged")


ORIGINS = ("examiner", "hash-set", "suggestion-accepted", "suggestion-overridden")


def _origins(connection: Connection, file_ids: Sequence[int], category: str | None) -> dict[int, str]:
    """Where each categorisation comes from, for the custody chain (AI suggestions and examiner decisions stay
    apart): ``hash-set`` when a hash set already gives the file this category, ``suggestion-accepted`` or
    ``suggestion-overridden`` when image triage suggested a category, else the ``examiner``'s own."""
    if category is None:
        return {file_id: "examiner" for file_id in file_ids}
    listed = list(file_ids)
    from_sets = {row.file_id: row.category for row in connection.execute(
        select(matches.c.file_id, matches.c.category).where(matches.c.file_id.in_(listed)))}
    suggested = dict(connection.execute(select(media.c.file_id, media.c.suggested_category).where(
        media.c.file_id.in_(listed))).all())
    origins = {}
    for file_id in listed:
        if _same_category(from_sets.get(file_id), category):
            origins[file_id] = "hash-set"
        elif suggested.get(file_id):
            accepted = _same_category(suggested[file_id], category)
            origins[file_id] = "suggestion-accepted" if accepted else "suggestion-overridden"
        else:
            origins[file_id] = "examiner"
    return origins


def _same_category(value: object, category: str) -> bool:
    try:
        return value is not None and normalise_category(value) == category
    except ValueError:  # a label no category reads as
        return False


def tag_files(case: Case, file_ids: Sequence[int], label: str, note: str = "", *,
              context: Mapping[str, Any] | None = None,
              per_file: Mapping[int, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Categorise (``CAT-0`` ... ``CAT-5``) or bookmark (any other name) files, one custody event each, naming
    the categorisation's origin (see :func:`_origins`).

    ``context`` (for every file) and ``per_file`` (by file id) add to each event's details how the decision was
    reached, e.g. ``{"via": "near-duplicate group", "carried_from": 12, "distance": 4}``; they cannot replace the
    tag's own fields or its origin. Every id is checked first: if any is not a file of the case, nothing is tagged.
    """
    category, bookmark = parse_label(label)
    if not file_ids:
        raise UsageError("no file id given")
    with case.reading() as connection:
        _require_files(connection, file_ids)
        origins = _origins(connection, list(dict.fromkeys(file_ids)), category)
    results = []
    for file_id in dict.fromkeys(file_ids):
        details: dict[str, Any] = {**(context or {}), **((per_file or {}).get(file_id) or {})}
        details.update(file_id=file_id, category=category, bookmark=bookmark, note=note, origin=origins[file_id])
        with case.change("file.tagged", details) as connection:
            details["tag_id"] = connection.execute(insert(tags).values(
                file_id=file_id, category=category, bookmark=bookmark, note=note,
                actor=case.actor.name if case.actor else "", time=utc_now_iso())).inserted_primary_key[0]
        results.append(details)
    return results


def tag_file(case: Case, file_id: int, label: str, note: str = "") -> dict[str, Any]:
    """One file: see :func:`tag_files`."""
    return tag_files(case, [file_id], label, note)[0]


def withdraw_tags(case: Case, file_ids: Sequence[int], label: str | None = None,
                  reason: str = "") -> list[dict[str, Any]]:
    """Withdraw the current tags of files (only the one of ``label`` when given): a ``tag.withdrawn`` custody event
    per tag; the tag rows stay. A file with no such current tag is a usage error, and then nothing is withdrawn."""
    category, bookmark = parse_label(label) if label is not None else (None, None)
    with case.reading() as connection:
        _require_files(connection, file_ids)
        rows = [row for row in annotated_tags(connection, file_ids) if row["current"]
                and (label is None or (row["category"], _fold(row["bookmark"])) == (category, _fold(bookmark)))]
    missing = [file_id for file_id in dict.fromkeys(file_ids) if not any(row["file_id"] == file_id for row in rows)]
    if missing:
        what = f"a current tag {label!r}" if label is not None else "a current tag"
        raise UsageError(f"file {', '.join(map(str, missing))} has no {what}; nothing withdrawn")
    withdrawn = []
    for row in rows:
        details = {"tag_id": row["id"], "file_id": row["file_id"], "category": row["category"],
                   "bookmark": row["bookmark"], "reason": reason}
        case.record("tag.withdrawn", details)
        withdrawn.append(details)
    return withdrawn


def _fold(bookmark: str | None) -> str | None:
    return bookmark.strip().casefold() if bookmark else None


def _withdrawn_ids(connection: Connection) -> dict[int, dict[str, Any]]:
    """Tag id -> its withdrawal (who, when), read from the custody log, which is where withdrawals live."""
    events = connection.execute(select(custody_events.c.details, custody_events.c.actor, custody_events.c.time)
                                .where(custody_events.c.action == "tag.withdrawn").order_by(custody_events.c.seq))
    return {int(json.loads(details)["tag_id"]): {"withdrawn_by": actor, "withdrawn_at": time}
            for details, actor, time in events}


def annotated_tags(connection: Connection, file_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Every tag (of ``file_ids`` when given) with its path and whether it is current, superseded or withdrawn:
    the one definition of those words, for ``heroes tags`` and the window alike."""
    query = select(tags, files.c.path).join(files, files.c.id == tags.c.file_id).order_by(tags.c.id)
    if file_ids is not None:
        query = query.where(tags.c.file_id.in_(list(file_ids)))
    rows = [dict(row._mapping) for row in connection.execute(query)]
    withdrawn = _withdrawn_ids(connection)
    latest: dict[tuple[int, str | None], int] = {}
    for row in rows:  # in id order: the last of a slot is its latest
        slot = "category" if row["category"] else _fold(row["bookmark"])
        latest[(row["file_id"], slot)] = row["id"]
    for row in rows:
        slot = "category" if row["category"] else _fold(row["bookmark"])
        row.update(withdrawn.get(row["id"], {"withdrawn_by": None, "withdrawn_at": None}))
        row["withdrawn"] = row["id"] in withdrawn
        row["current"] = latest[(row["file_id"], slot)] == row["id"] and not row["withdrawn"] and (
            bool(row["category"]) or bool(row["bookmark"]))  # a label-less row (older versions) is never current
        row["status"] = ("current" if row["current"] else "withdrawn" if row["withdrawn"]
                         else "superseded" if row["category"] or row["bookmark"] else "empty")
    return rows


def current_tags(connection: Connection) -> list[dict[str, Any]]:
    """The current tags (latest of each file's slot, not withdrawn), in the order they were given."""
    return [row for row in annotated_tags(connection) if row["current"]]


def list_tags(case: Case, *, current_only: bool = False) -> list[dict[str, Any]]:
    """Every tag with its path and ``status`` (``current``, ``superseded``, ``withdrawn``, or ``empty`` for a
    label-less row an older version let through); or only the current ones."""
    with case.reading() as connection:
        rows = annotated_tags(connection)
    return [row for row in rows if row["current"]] if current_only else rows
