"""The ``text`` stage: the words of documents (plain text in any encoding, HTML, PDF, DOCX, ODT, e-mail, mbox),
kept in the case and indexed for ``heroes search``."""

from __future__ import annotations

from typing import Any

from heroes_desktop.pipeline.stage import (
    CompanionReadError,
    ItemInfo,
    NotApplicable,
    Stage,
    StageLimits,
    StageOutput,
    StageRun,
    WholeContentRun,
)
from heroes_desktop.stages.text_extraction import MAX_TEXT_CHARS, extractor_for, sqlite_database_text
from heroes_desktop.stages.text_store import store_text


def _companion_bytes(item: ItemInfo) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of the item's companions (an SQLite -wal and -journal), and why any could not be read."""
    found, problems = {}, []
    for suffix, companion in item.companions.items():
        try:
            found[suffix] = companion.read()
        except CompanionReadError as error:
            problems.append(str(error))
    return found, problems


class _TextRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        extract = extractor_for(self.item.mime, self.item.name)
        if extract is None:
            raise NotApplicable()
        unread: list[str] = []
        try:
            if extract is sqlite_database_text:
                companions, unread = _companion_bytes(self.item)
                found = sqlite_database_text(data, companions)
            else:
                found = extract(data)
        except ValueError as error:
            if extract.__name__ == "decode_text":  # "text" that is binary: typed by name, not by content
                raise NotApplicable() from error
            raise
        body = found.text[:MAX_TEXT_CHARS]
        notes = list(found.notes) + (["text truncated"] if len(found.text) > MAX_TEXT_CHARS else [])
        columns = {"encrypted": True} if found.encrypted else {}
        problems = unread + found.problems
        return StageOutput(columns=columns, data={"text": body, "encoding": found.encoding, "pages": found.pages,
                                                  "encrypted": found.encrypted, "notes": notes + unread},
                           incomplete="; ".join(problems) or None)


class TextStage(Stage):
    name = "text"
    writes = ("encrypted",)
    limits = StageLimits(max_bytes=64 * 2**20, seconds=120.0, memory_mb=1536)

    def _accepts(self, item: ItemInfo) -> bool:
        return extractor_for(item.mime, item.name) is not None

    def _open(self, item: ItemInfo) -> StageRun:
        return _TextRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        store_text(connection, file_id, "text", data, run_id)
