"""Full-text search in the encrypted case (SQLite FTS5): phrases, AND/OR/NOT, prefixes, diacritic- and
case-insensitive, identifiers in any common form, ranked by bm25, with highlighted snippets and filters on the
files found. What the examiner types is rewritten by :mod:`heroes_desktop.search.query_syntax`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import TEXT_INDEX_FILE_ID, TEXT_SOURCES, text_index_rowid
from heroes_desktop.core.errors import UsageError
from heroes_desktop.search.query_syntax import MAX_CASE_FORMS, PHONE_SUFFIX, CompiledQuery, compile_query

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


_SUFFIX_FORMS = text("SELECT DISTINCT text FROM entities WHERE label = 'PHONE' AND normalized LIKE :digits "
                     "LIMIT :limit")
_FORMS = text("SELECT DISTINCT text FROM entities WHERE label = :label AND normalized IN :values LIMIT :limit"
              ).bindparams(bindparam("values", expanding=True))


def compile_for_case(connection: Connection, query: str) -> CompiledQuery:
    """``query`` as FTS5, each identifier also matching the forms in which the entities stage found it here (a
    number typed without its country code: every phone number found here that ends in it)."""
    def forms_in_case(label: str, values: Sequence[str]) -> list[str]:
        exact = [value for value in values if not value.startswith(PHONE_SUFFIX)]
        forms = [row[0] for row in connection.execute(
            _FORMS, {"label": label, "values": exact, "limit": MAX_CASE_FORMS})] if exact else []
        for value in values:
            if value.startswith(PHONE_SUFFIX):
                forms += [row[0] for row in connection.execute(_SUFFIX_FORMS, {
                    "digits": "%" + value.removeprefix(PHONE_SUFFIX), "limit": MAX_CASE_FORMS})]
        return forms
    return compile_query(query, forms_in_case)


def like_prefix(prefix: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) for the values that start with ``prefix``, every character of it literal:
    ``heroes search --mime`` reads ``_``, ``%`` and ``\\`` as ``heroes files --mime`` does."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filters(mime_prefix: str | None, deleted: bool | None, entity: str | None, entity_label: str | None,
             topic: int | None) -> tuple[list[str], dict[str, Any], bool]:
    """SQL conditions on the file ``f`` of a hit, their parameters, and whether the files table is needed."""
    conditions: list[str] = []
    parameters: dict[str, Any] = {}
    if mime_prefix:
        conditions.append("f.mime LIKE :mime ESCAPE '\\'")
        parameters["mime"] = like_prefix(mime_prefix)
    if deleted is not None:
        conditions.append("f.deleted = :deleted")
        parameters["deleted"] = int(deleted)
    needs_files = bool(conditions)
    if entity or entity_label:
        clauses = [f"e.file_id = {TEXT_INDEX_FILE_ID}"]
        if entity:
            clauses.append("e.normalized = :entity COLLATE NOCASE")
            parameters["entity"] = " ".join(entity.split())
        if entity_label:
            clauses.append("e.label = :label")
            parameters["label"] = entity_label.upper()
        conditions.append(f"EXISTS (SELECT 1 FROM entities e WHERE {' AND '.join(clauses)})")
    if topic is not None:
        conditions.append(
            f"EXISTS (SELECT 1 FROM document_topics d WHERE d.file_id = {TEXT_INDEX_FILE_ID} AND d.topic = :topic "
            "AND d.weight >= :topic_weight AND d.model_id = (SELECT MAX(id) FROM topic_models))")
        parameters.update(topic=topic, topic_weight=TOPIC_MIN_WEIGHT)
    return conditions, parameters, needs_files


def _run(case: Case, query: str, columns: str, tail: str, parameters: dict[str, Any], conditions: list[str],
         needs_files: bool) -> list[Any]:
    """Compile and run one search over text_index; FTS5's complaints become one-line usage errors.

    Run with exec_driver_sql: at a million hits, a text() statement's row processing costs more than the search."""
    joined = f"JOIN files f ON f.id = {TEXT_INDEX_FILE_ID} " if needs_files else ""
    statement = (f"SELECT {columns} FROM text_index {joined}"
                 f"WHERE {' AND '.join(['text_index MATCH :query', *conditions])} {tail}")
    with case.reading() as connection:
        compiled = compile_for_case(connection, query)
        try:
            return connection.exec_driver_sql(statement, {**parameters, "query": compiled.fts}).all()
        except OperationalError as error:
            message = str(error.orig).lower()
            if any(sign in message for sign in ("fts5", "syntax", "unterminated", "no such column",
                                                "special query")):
                raise UsageError(f"not a valid search {query!r} ({str(error.orig).splitlines()[0]})") from None
            raise


def search(case: Case, query: str, *, limit: int = 100, mime_prefix: str | None = None,
           deleted: bool | None = None, entity: str | None = None, entity_label: str | None = None,
           topic: int | None = None, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """Hits for a search (``"bus station" AND madr*``, ``NOT``, ``OR``, ``vim-pandoc``, ``+34 600 123 456``),
    best first; one hit per text (extracted or OCR) that matches.

    Filters keep files of a MIME prefix, deleted (or not) files, files naming an entity (its normalised text,
    case-insensitive, optionally of one label), and files about a topic of the latest topic model.
    ``score`` is bm25's, negated so that a larger score is a better hit.

    Ranked first, described after: the hits are ranked by bm25 alone, and the snippets and paths are made only for
    the ``limit`` best (a snippet re-reads and re-tokenises its text, so making one for every match before the sort
    cost most of a frequent word's search: 238 ms median at 1,000,000 documents before, see
    ``scripts/bench_fca.py --only search``).
    """
    conditions, parameters, needs_files = _filters(mime_prefix, deleted, entity, entity_label, topic)
    parameters.update(limit=limit)
    ranked = _run(case, query, "text_index.rowid, bm25(text_index) AS rank", "ORDER BY rank LIMIT :limit",
                  parameters, conditions, needs_files)
    if not ranked:
        return []
    rowids = [int(rowid) for rowid, _ in ranked]
    described = _describe(case, query, rowids, marks)
    hits = []
    for rowid, rank in ranked:
        if rowid in described:
            file_id, path, source, snippet = described[rowid]
            hits.append(Hit(file_id, path, snippet, -float(rank), source))
    return hits


def _describe(case: Case, query: str, rowids: Sequence[int],
              marks: tuple[str, str]) -> dict[int, tuple[int, str, str, str]]:
    """rowid -> (file id, path, source, snippet) of the given text_index rows, looked up by rowid."""
    parameters: dict[str, Any] = {f"r{number}": rowid for number, rowid in enumerate(rowids)}
    condition = f"text_index.rowid IN ({', '.join(':' + name for name in parameters)})"
    parameters.update(open=marks[0], close=marks[1])
    rows = _run(case, query, f"text_index.rowid, {TEXT_INDEX_FILE_ID}, f.path, text_index.source, "
                f"snippet(text_index, 0, :open, :close, '…', {SNIPPET_TOKENS})", "", parameters, [condition], True)
    return {int(rowid): (int(file_id), path, source, snippet.replace("\n", " "))
            for rowid, file_id, path, source, snippet in rows}


def hit_ids(case: Case, query: str, *, limit: int | None = None, mime_prefix: str | None = None,
            deleted: bool | None = None, entity: str | None = None, entity_label: str | None = None,
            topic: int | None = None, ranked: bool = True) -> list[int]:
    """The ids of the files a search finds, best first, each once (for a table filter: no snippets, no paths).

    Same query syntax and filters as :func:`search`; ``limit`` caps the files returned (None: all of them).
    The file id is read from each hit's rowid, never from the stored text; ``ranked=False`` skips bm25 too (the
    ids then come in id order), for a table sorted by another column.
    """
    conditions, parameters, needs_files = _filters(mime_prefix, deleted, entity, entity_label, topic)
    if not ranked and limit is None:
        rows = _run(case, query, f"DISTINCT {TEXT_INDEX_FILE_ID} AS file_id", "ORDER BY file_id", parameters,
                    conditions, needs_files)
        return [int(file_id) for file_id, in rows]
    columns = f"{TEXT_INDEX_FILE_ID}, bm25(text_index) AS rank"
    if limit is None:  # sorting here is twice as fast as FTS5's ORDER BY rank, which re-reads rows in rank order
        rows = sorted(_run(case, query, columns, "", parameters, conditions, needs_files), key=itemgetter(1))
    else:
        parameters["rows"] = 2 * limit  # a file has at most an extracted and an OCR text
        rows = _run(case, query, columns, "ORDER BY rank LIMIT :rows", parameters, conditions, needs_files)
    ids = list(dict.fromkeys(int(file_id) for file_id, _ in rows))
    return ids if limit is None else ids[:limit]


def snippets_for(case: Case, query: str, file_ids: Sequence[int], *,
                 marks: tuple[str, str] = ("[", "]")) -> dict[int, str]:
    """The search's snippet in each of ``file_ids`` that it matches (its extracted text first, else its OCR), for
    the rows a window shows: looked up by rowid, so a page costs the same on the thousandth hit as on the first."""
    if not file_ids:
        return {}
    rowids = [text_index_rowid(file_id, source) for file_id in dict.fromkeys(file_ids) for source in TEXT_SOURCES]
    parameters: dict[str, Any] = {f"r{number}": rowid for number, rowid in enumerate(rowids)}
    parameters.update(open=marks[0], close=marks[1])
    condition = f"text_index.rowid IN ({', '.join(':' + name for name in parameters if name.startswith('r'))})"
    rows = _run(case, query, f"text_index.rowid, snippet(text_index, 0, :open, :close, '…', {SNIPPET_TOKENS})",
                "ORDER BY text_index.rowid", parameters, [condition], False)
    found: dict[int, str] = {}
    for rowid, snippet in rows:
        found.setdefault(int(rowid) >> 1, snippet.replace("\n", " "))
    return found
