"""The files an SQLite database keeps beside it in the evidence: ``name-wal`` and ``name-journal`` in the same
folder of the same file system (or container), found in the case by path so that the database is read with them.

A companion must be a plain file with the database's own deleted state (a deleted ``-wal`` beside a live database
belongs to an earlier generation of it) whose name entry was not reallocated. Lookups go through the ``files_path``
index, a batch of items at a time; :func:`companion_paths` lists once per run the paths that can be companions at all,
so that the batches of an evidence without any (most of them) cost no query.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from heroes_desktop.case.schema import evidence, files, volumes

COMPANION_SUFFIXES = ("-wal", "-journal")
LOOKUP_CHUNK = 400  # paths per query, within SQLite's bound-parameter limit


def _companion_query(paths: Sequence[str]):  # type: ignore[no-untyped-def]
    return (select(files.c.id, files.c.path, files.c.name, files.c.kind, files.c.size, files.c.meta_addr,
                   files.c.attr_type, files.c.attr_id, files.c.volume_id, files.c.parent_id, files.c.deleted,
                   volumes.c.offset, volumes.c.length, volumes.c.layers, evidence.c.format, evidence.c.paths)
            .join(volumes, volumes.c.id == files.c.volume_id)
            .join(evidence, evidence.c.id == files.c.evidence_id)
            .where(files.c.path.in_(list(paths)), files.c.kind.in_(("file", "member")),
                   files.c.realloc.is_(False)))


def companion_paths(connection: Connection) -> frozenset[str]:
    """The paths of the case's top-level files named like a companion (``…-wal``, ``…-journal``): one scan, once
    per run (LIKE is case-blind, so this is a superset of what the exact lookups below can match)."""
    named = or_(*[files.c.name.like(f"%{suffix}") for suffix in COMPANION_SUFFIXES])
    return frozenset(connection.execute(select(files.c.path).where(
        files.c.parent_id.is_(None), files.c.kind == "file", named)).scalars())


def companion_rows(connection: Connection, items: Sequence[Any],
                   candidates: Collection[str] | None = None) -> dict[int, list[tuple[str, Any]]]:
    """For each item row (with ``id``, ``path``, ``volume_id``, ``deleted`` and optionally ``parent_id``), its
    companions as (suffix, file row with what ``ingest.content_ref`` needs), by the item's id. ``candidates``
    (from :func:`companion_paths`) narrows the lookup to paths that exist; none left, no query."""
    wanted = {(item.volume_id, getattr(item, "parent_id", None), bool(item.deleted), item.path + suffix):
              (item.id, suffix) for item in items for suffix in COMPANION_SUFFIXES
              if candidates is None or item.path + suffix in candidates}
    paths = sorted({key[3] for key in wanted})
    found: dict[int, list[tuple[str, Any]]] = {}
    for start in range(0, len(paths), LOOKUP_CHUNK):
        for row in connection.execute(_companion_query(paths[start:start + LOOKUP_CHUNK])):
            match = wanted.get((row.volume_id, row.parent_id, bool(row.deleted), row.path))
            if match is not None and row.size > 0 and row.id != match[0]:
                found.setdefault(match[0], []).append((match[1], row))
    return found


def companion_ids(connection: Connection, file_id: int) -> dict[str, tuple[int, int]]:
    """The companions of one file: suffix -> (file id, size)."""
    item = connection.execute(select(files.c.id, files.c.path, files.c.volume_id, files.c.parent_id,
                                     files.c.deleted).where(files.c.id == file_id)).first()
    if item is None:
        return {}
    return {suffix: (int(row.id), int(row.size)) for suffix, row in companion_rows(connection, [item]).get(file_id, [])}
