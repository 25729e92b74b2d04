"""An SQLite item of the case opened for browsing with the ``-wal`` and ``-journal`` stored beside it in the
evidence, so that the viewer shows the state the app itself would read (``sqlite_browse.SqliteDatabase``)."""

from __future__ import annotations

from collections.abc import Callable

from heroes_desktop.browse.sqlite_browse import MAX_DATABASE_BYTES, SqliteBrowseError, SqliteDatabase
from heroes_desktop.case.case_file import Case

MAX_COMPANION_BYTES = 256 * 2**20

ReadItem = Callable[[int, int, int], bytes]  # (file_id, offset, length) -> bytes, as the viewers read items


def database_companions(case: Case, file_id: int) -> dict[str, tuple[int, int]]:
    """The companions of an item: suffix (``-wal``, ``-journal``) -> (file id, size)."""
    from heroes_desktop.pipeline.companion_files import companion_ids

    with case.reading() as connection:
        return companion_ids(connection, file_id)


def read_companions(companions: dict[str, tuple[int, int]], read: ReadItem) -> dict[str, bytes]:
    """The companions' bytes; one larger than ``MAX_COMPANION_BYTES`` is refused with its reason."""
    found = {}
    for suffix, (companion_id, size) in companions.items():
        if size > MAX_COMPANION_BYTES:
            raise SqliteBrowseError(f"its {suffix} file is {size:,} bytes, more than the {MAX_COMPANION_BYTES:,} "
                                    "bytes the viewer reads beside a database")
        found[suffix] = read(companion_id, 0, size)
    return found


def open_database(case: Case, file_id: int, size: int, read: ReadItem) -> SqliteDatabase:
    """Item ``file_id`` (``size`` bytes) opened with its companions, all read through ``read``."""
    if size > MAX_DATABASE_BYTES:
        raise SqliteBrowseError(f"a database of {size:,} bytes is larger than the {MAX_DATABASE_BYTES:,} bytes the "
                                "viewer opens")
    companions = read_companions(database_companions(case, file_id), read)
    return SqliteDatabase(read(file_id, 0, size), companions=companions)
