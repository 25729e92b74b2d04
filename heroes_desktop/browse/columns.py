"""The file table's columns: the fields of ``heroes files --json`` and the analysis results beside them."""

from __future__ import annotations

from dataclasses import dataclass

FILTER_KINDS = ("text", "number", "bool", "time", "choice")


@dataclass(frozen=True)
class Column:
    """One column: its key (a field of :class:`~heroes_desktop.browse.file_query.FileRow`), an English title the
    window translates, whether it sorts, and which filter it takes."""

    key: str
    title: str
    sortable: bool
    filter_kind: str


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", True, "number"),
    Column("evidence_id", "Evidence", True, "number"),
    Column("partition", "Partition", True, "number"),
    Column("fs_type", "File system", True, "choice"),
    Column("snapshot", "Snapshot", True, "choice"),
    Column("path", "Path", True, "text"),
    Column("name", "Name", True, "text"),
    Column("folder", "Folder", True, "text"),
    Column("kind", "Kind", True, "choice"),
    Column("size", "Size", True, "number"),
    Column("deleted", "Deleted", True, "bool"),
    Column("realloc", "Reallocated", True, "bool"),
    Column("inode", "Inode", True, "text"),
    Column("mtime", "Modified", True, "time"),
    Column("atime", "Accessed", True, "time"),
    Column("ctime", "Changed", True, "time"),
    Column("crtime", "Created", True, "time"),
    Column("md5", "MD5", True, "text"),
    Column("sha1", "SHA-1", True, "text"),
    Column("sha256", "SHA-256", True, "text"),
    Column("ed2k", "ED2K", True, "text"),
    Column("mime", "Type", True, "text"),
    Column("extension_mismatch", "Extension mismatch", True, "bool"),
    Column("container", "Container", True, "choice"),
    Column("encrypted", "Encrypted", True, "bool"),
    Column("parent_id", "Container item", True, "number"),
    Column("status", "Status", True, "choice"),
    Column("error", "Error", True, "text"),
    Column("hash_hits", "Hash hits", True, "number"),
    Column("hash_category", "Hash-set category", True, "choice"),
    Column("category", "Category", True, "choice"),
    Column("triage_score", "Triage score", True, "number"),
    Column("tags", "Bookmarks", True, "text"),
)

COLUMN_KEYS: tuple[str, ...] = tuple(column.key for column in COLUMNS)
BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}


def column(key: str) -> Column:
    """The column of ``key``; a ``KeyError`` names the keys there are."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"no column {key!r}: one of {', '.join(COLUMN_KEYS)}") from None
