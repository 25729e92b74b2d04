"""Full-text search in the encrypted case (SQLite FTS5): phrases, AND/OR/NOT, prefixes, diacritic- and
case-insensitive, ranked by bm25, with highlighted snippets and filters on the files found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError

SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class Hit:
    file_id: int
    path: str
    snippet: str
    score: float
    source: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def search(case: Case, query: str, *, limit: int = 100, mime_prefix: str | None = None,
           deleted: bool | None = None, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """Hits for an FTS5 ``query`` (``"bus station" AND madr*``, ``NOT``, ``OR``), best first.

    ``score`` is bm25's, negated so that a larger score is a better hit.
    """
    if not query.strip():
        raise UsageError("an empty search")
    conditions, parameters = ["text_index MATCH :query"], {"query": query, "limit": limit, "open": marks[0],
                                                           "close": marks[1]}
    if mime_prefix:
        conditions.append("f.mime LIKE :mime")
        parameters["mime"] = mime_prefix.replace("%", "").replace("_", "\\_") + "%"
    if deleted is not None:
        conditions.append("f.deleted = :deleted")
        parameters["deleted"] = int(deleted)
    statement = text(
        "SELECT text_index.file_id AS file_id, f.path AS path, text_index.source AS source, "
        f"snippet(text_index, 0, :open, :close, '…', {SNIPPET_TOKENS}) AS snippet, bm25(text_index) AS rank "
        "FROM text_index JOIN files f ON f.id = text_index.file_id "
        f"WHERE {' AND '.join(conditions)} ORDER BY rank LIMIT :limit"
    )
    try:
        with case.reading() as connection:
            rows = connection.execute(statement, parameters).all()
    except OperationalError as error:
        message = str(error.orig).lower()
        if any(sign in message for sign in ("fts5", "syntax", "unterminated", "no such column", "special query")):
            raise UsageError(f"not a valid search: {query!r} ({error.orig})") from None
        raise
    return [Hit(int(row.file_id), row.path, row.snippet.replace("\n", " "), -float(row.rank), row.source)
            for row in rows]
