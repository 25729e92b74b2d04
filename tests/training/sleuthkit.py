"""The Sleuth Kit's own tools, Debian's `fls` and `icat`, as the independent judge of what a deletion leaves."""

from __future__ import annotations

from typing import Any

from tests.evidence.tsk_reference import ReferenceEntry, fls_names, icat_md5, tsk_tools_missing

__all__ = ["deleted_names_of", "icat_md5", "names", "tsk_tools_missing"]

names = fls_names  # every name `fls -r -p` lists on the file system at a sector offset


def deleted_names_of(item: dict[str, Any], listing: list[ReferenceEntry]) -> list[ReferenceEntry]:
    """The deleted names at a key item's path; on FAT also under the short name whose first letter is lost."""
    wanted = {item["path"].casefold()}
    if item["fs_type"] == "fat32":
        folder, _, name = item["path"].rpartition("/")
        wanted.add(f"{folder}/_{name[1:]}".casefold())
    return [entry for entry in listing if entry.deleted and entry.path.casefold() in wanted]
