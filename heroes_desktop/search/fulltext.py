"""Full-text search in the encrypted case (SQLite FTS5): phrases, AND/OR/NOT, prefixes, diacritic- and
case-insensitive, ranked by bm25, with highlighted snippets and filters on the files found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError

_AND_NOT = re.compile(r"\s+AND\s+NOT\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")  # outside quoted phrases
SNIPPET_TOKENS = 16
TOPIC_MIN_WEIGHT = 0.25  # a document is "about" a topic when the topic holds at least this share of it


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
           deleted: bool | None = None, entity: str | None = None, entity_label: str | None = None,
           topic: int | None = None, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """Hits for an FTS5 ``query`` (``"bus station" AND madr*``, ``NOT``, ``OR``), best first.

    Filters keep files of a MIME prefix, deleted (or not) files, files naming an entity (its normalised text,
    case-insensitive, optionally of one label), and files about a topic of the latest topic model.
    ``score`` is bm25's, negated so that a larger score is a better hit.
    """
    if not query.strip():
        raise UsageError("an empty search")
    query = _AND_NOT.sub(" NOT ", query)  # examiners write "a AND NOT b"; FTS5's NOT is already binary
    conditions, parameters = ["text_index MATCH :query"], {"query": query, "limit": limit, "open": marks[0],
                                                           "close": marks[1]}
    if mime_prefix:
        conditions.append("f.mime LIKE :mime")
        parameters["mime"] = mime_prefix.replace("%", "").replace("_", "\\_") + "%"
    if deleted is not None:
        conditions.append("f.deleted = :deleted")
        parameters["deleted"] = int(deleted)
    if entity or entity_label:
        clauses = ["e.file_id = f.id"]
        if entity:
            clauses.append("e.normalized = :entity COLLATE NOCASE")
            parameters["entity"] = " ".join(entity.split())
        if entity_label:
            clauses.append("e.label = :label")
            parameters["label"] = entity_label.upper()
        conditions.append(f"EXISTS (SELECT 1 FROM entities e WHERE {' AND '.join(clauses)})")
    if topic is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM document_topics d WHERE d.file_id = f.id AND d.topic = :topic "
            "AND d.weight >= :topic_weight AND d.model_id = (SELECT MAX(id) FROM topic_models))")
        parameters.update(topic=topic, topic_weight=TOPIC_MIN_WEIGHT)
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
