"""Where extracted and recognised text goes: the ``texts`` table and the FTS5 index (main process, writer)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, text

from heroes_desktop.case.schema import text_index_rowid, texts


def store_text(connection: Any, file_id: int, source: str, data: dict[str, Any], run_id: int) -> None:
    """Replace the file's text of this ``source`` (``text`` or ``ocr``) and its index entry.

    The index entry is the row ``text_index_rowid(file_id, source)``: replaced by rowid, since a lookup by file id
    would scan the whole index for every text stored (quadratic over an ingest)."""
    rowid = text_index_rowid(file_id, source)
    connection.execute(texts.delete().where(texts.c.file_id == file_id, texts.c.source == source))
    connection.execute(text("DELETE FROM text_index WHERE rowid = :r"), {"r": rowid})
    connection.execute(insert(texts).values(
        file_id=file_id, source=source, encoding=data.get("encoding"), pages=data.get("pages"),
        chars=len(data["text"]), encrypted=bool(data.get("encrypted")), notes="; ".join(data.get("notes", [])),
        run_id=run_id))
    if data["text"].strip():
        connection.execute(text("INSERT INTO text_index (rowid, body, file_id, source) VALUES (:r, :b, :f, :s)"),
                           {"r": rowid, "b": data["text"], "f": file_id, "s": source})
