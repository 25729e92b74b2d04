"""How a case file is opened. Kept apart from :mod:`.case_file` so that naming a mode (every command does, before it
opens a case) does not load SQLCipher and SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum


class OpenMode(StrEnum):
    READ_WRITE = "read-write"
    REVIEW = "review"
    READ_ONLY = "read-only"
