"""File entries as the ``heroes files`` contract shows them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files, volumes

FILE_FIELDS = ("id", "evidence_id", "partition", "fs_type", "path", "name", "size", "deleted", "inode", "mtime",
               "atime", "ctime", "crtime", "md5", "sha1", "sha256", "ed2k", "mime", "extension_mismatch", "status",
               "error")


def iter_files(case: Case, *, deleted_only: bool = False, mime_prefix: str | None = None,
               evidence_id: int | None = None) -> Iterator[dict[str, Any]]:
    query = (
        select(files, volumes.c.partition, volumes.c.fs_type, volumes.c.snapshot)
        .join(volumes, volumes.c.id == files.c.volume_id)
        .order_by(files.c.id)
    )
    if deleted_only:
        query = query.where(files.c.deleted.is_(True))
    if mime_prefix:
        query = query.where(files.c.mime.startswith(mime_prefix, autoescape=True))
    if evidence_id is not None:
        query = query.where(files.c.evidence_id == evidence_id)
    with case.reading() as connection:
        for row in connection.execute(query.execution_options(yield_per=2000)):
            record = {name: getattr(row, name) for name in FILE_FIELDS}
            record["deleted"] = bool(record["deleted"])
            record["extension_mismatch"] = bool(record["extension_mismatch"])
            record["realloc"] = bool(row.realloc)
            record["snapshot"] = row.snapshot
            record.update(kind=row.kind, parent_id=row.parent_id, container=row.container,
                          encrypted=bool(row.encrypted))
            yield record
