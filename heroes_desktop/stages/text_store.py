"""Where extracted and recognised text goes: the ``texts`` table and the FTS5 index (main process, writer)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, text

from heroes_desktop.case.schema import texts


def store_text(connection: Any, file_id: int, source: str, data: dict[str, Any], run_id: int) -> None:
    """Replace the file's text of this ``source`` (``text`` or ``ocr``) and its index entry."""
    connection.execute(texts.delete().where(texts.c.file_id == file_id, texts.c.source == source))
    connection.execute(text("DELETE FROM text_index WHERE file_id = :f AND source = :s"), {"f": file_id, "s": source})
    connection.execute(insert(texts).values(
        file_id=file_id, source=source, encoding=data.get("encoding"), pages=data.get("pages"),
        chars=len(data["text"]), encrypted=bool(data.get("encrypted")), notes="; ".join(data.get("notes", [])),
        run_id=run_id))
    if data["text"].strip():
        connection.execute(text("INSERT INTO text_index (body, file_id, source) VALUES (:b, :f, :s)"),
                           {"b": data["text"], "f": file_id, "s": source})
