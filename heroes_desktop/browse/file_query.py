"""The file table's query: a scope (a category, a folder), column filters, a full-text search and a sort, answered
in SQL over every row as an array of file ids, and the rows of the few ids a window shows.

Sorting and filtering on the columns of ``files`` run in SQLite on the format-9 indexes (name, size, modified time,
type, folder); the analysis columns (hash hits, hash-set category, triage score) come from the small tables that
hold them, and the examiners' current tags from :mod:`heroes_desktop.hashsets.tagging`, so that a million rows
sort in well under a second without ever building a row object per file.
"""

from __future__ import annotations

import array
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from heroes_desktop.browse.categories import (
    CATEGORY_IDS,
    TAG_CATEGORIES,
    check_category,
    tagged_ids,
)
from heroes_desktop.browse.columns import BY_KEY, COLUMN_KEYS
from heroes_desktop.browse.tag_state import TagState, read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import normalise_category
from heroes_desktop.timeline.kinds import FILE_SYSTEM_TIMES

OPS_BY_KIND: dict[str, tuple[str, ...]] = {
    "text": ("contains", "=", "!="),
    "number": ("=", "!=", ">=", "<="),
    "bool": ("is-true", "is-false"),
    "time": ("=", "!=", ">=", "<="),
    "choice": ("=", "!="),
}
OPS = ("contains", "=", "!=", ">=", "<=", "is-true", "is-false")
RANK = "rank"  # sort key: the search's ranking (best first); the id order without a search

VOLUME_COLUMNS = {"partition": "v.partition", "fs_type": "v.fs_type", "snapshot": "v.snapshot"}
SPARSE_COLUMNS = ("hash_hits", "hash_category", "triage_score", "category", "tags")  # not columns of files
LOWERCASE_COLUMNS = ("md5", "sha1", "sha256", "ed2k", "mime")  # stored lowercase: "=" compares lowercase, on the index
BOOLEAN_COLUMNS = ("deleted", "realloc", "extension_mismatch", "encrypted")  # NULL (not decided) shown as false
ORDER_SQL = {"name": "f.name COLLATE NOCASE",  # the files_name index's collation
             **{key: f"coalesce(f.{key}, 0)" for key in BOOLEAN_COLUMNS}}
SMALL_SET = 20_000  # matches up to this many are sorted by looking them up; more, by walking the sort index
READ_CACHE_KIB = 64 * 1024  # the reading connection's page cache: the sort indexes stay decrypted between queries
TIME_END = "\U0010ffff"  # appended to a time: "<= 2024-01-05" keeps the whole day


@dataclass(frozen=True)
class ColumnFilter:
    """One filter on a column: ``op`` is one of the column's filter kind (see ``OPS_BY_KIND``); ``value`` None with
    ``=`` keeps files without a value, with ``!=`` those with one."""

    key: str
    op: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.key not in BY_KEY:
            raise UsageError(f"no column {self.key!r} to filter: one of {', '.join(COLUMN_KEYS)}")
        allowed = OPS_BY_KIND[BY_KEY[self.key].filter_kind]
        if self.op not in allowed:
            raise UsageError(f"the {self.key} column takes {', '.join(allowed)}, not {self.op!r}")
        if self.op in ("contains", ">=", "<=") and (self.value is None or self.value == ""):
            raise UsageError(f"{self.key} {self.op} needs a value")

    def label(self) -> str:
        """A chip's text: ``name contains "inv"``, ``size >= 1000``, ``deleted``, ``not deleted``."""
        if self.op == "is-true":
            return self.key
        if self.op == "is-false":
            return f"not {self.key}"
        if self.value is None:
            return f"{self.key} is empty" if self.op == "=" else f"{self.key} is not empty"
        value = self.value if isinstance(self.value, (int, float)) and not isinstance(self.value, bool) \
            else json.dumps(str(self.value), ensure_ascii=False)
        return f"{self.key} {self.op} {value}"


@dataclass(frozen=True)
class FolderRef:
    """A place in the evidence tree: a whole evidence item, a volume, or one folder of a volume (its entries
    directly, or with ``recursive`` everything below it too)."""

    evidence_id: int
    volume_id: int | None = None
    folder: str | None = None
    recursive: bool = False


@dataclass(frozen=True)
class Scope:
    """A set of files chosen in another panel: an entity's files (with the entities merged into it), the files
    with an event in a stretch of the timeline, or a list (a topic's documents, the documents behind a link).
    ``label`` is the chip's text. Build one with :meth:`of_entity`, :meth:`of_time` or :meth:`of_ids`."""

    kind: str  # "entity", "time", "ids"
    label: str
    entity: tuple[str, str] | None = None  # (label, normalized)
    start: str | None = None  # ISO 8601 UTC, inclusive
    end: str | None = None  # exclusive
    kinds: tuple[str, ...] = ()  # the timeline's event kinds (empty: every kind)
    ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("entity", "time", "ids"):
            raise UsageError(f"no scope of kind {self.kind!r}: entity, time or ids")
        if self.kind == "entity" and not self.entity:
            raise UsageError("an entity scope needs the entity's label and normalised form")

    @classmethod
    def of_entity(cls, label: str, normalized: str, shown: str | None = None) -> "Scope":
        return cls("entity", f"{label}: {shown or normalized}", entity=(label, normalized))

    @classmethod
    def of_time(cls, start: str | None, end: str | None, kinds: Sequence[str] = (), label: str | None = None
                ) -> "Scope":
        return cls("time", label or f"{start or '…'} – {end or '…'}", start=start, end=end, kinds=tuple(kinds))

    @classmethod
    def of_ids(cls, ids: Iterable[int], label: str) -> "Scope":
        return cls("ids", label, ids=tuple(dict.fromkeys(int(file_id) for file_id in ids)))


@dataclass(frozen=True)
class FileQuery:
    """What the file table shows: ``sort`` is a column key or ``"rank"`` (the search's ranking)."""

    category: str | None = None
    folder: FolderRef | None = None
    scope: Scope | None = None
    filters: tuple[ColumnFilter, ...] = ()
    search: str | None = None
    sort: str = "id"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.category is not None:
            check_category(self.category)
        if self.sort != RANK and self.sort not in BY_KEY:
            raise UsageError(f"cannot sort by {self.sort!r}: one of {', '.join(COLUMN_KEYS)} or {RANK}")
        if self.folder is not None and self.folder.folder is not None and self.folder.volume_id is None:
            raise UsageError("a folder needs its volume")


@dataclass(frozen=True)
class FileRow:
    """One row of the file table: an attribute per column key (see :data:`columns.COLUMNS`)."""

    id: int
    evidence_id: int
    partition: int | None
    fs_type: str | None
    snapshot: str | None
    path: str
    name: str
    folder: str | None
    kind: str
    size: int
    deleted: bool
    realloc: bool
    inode: str | None
    mtime: str | None
    atime: str | None
    ctime: str | None
    crtime: str | None
    md5: str | None
    sha1: str | None
    sha256: str | None
    ed2k: str | None
    mime: str | None
    extension_mismatch: bool
    container: str | None
    encrypted: bool
    parent_id: int | None
    status: str
    error: str | None
    hash_hits: int = 0
    hash_category: str | None = None
    category: str | None = None
    triage_score: float | None = None
    tags: str | None = None
    volume_id: int = field(default=0, compare=False)

    def value(self, key: str) -> Any:
        """The value of a column key."""
        if key not in BY_KEY:
            raise KeyError(f"no column {key!r}")
        return getattr(self, key)


_FILE_ROW_FIELDS = tuple(item.name for item in fields(FileRow))
_SELECTED = [key for key in _FILE_ROW_FIELDS if key not in SPARSE_COLUMNS]


# --------------------------------------------------------------------------------------------------- matching ids

def matching_ids(case: Case, query: FileQuery) -> array.array:
    """Every file id the query selects, in its sort order (ties by id), as ``array("q")``.

    The ids travel from SQLite as one JSON array (a row per id costs more than the query). A sort on an indexed
    column walks its covering index; with a filter that keeps many files, the matching set is computed first (on
    whatever index its conditions have) and the sort index is walked keeping those, so that SQLite never looks up
    a million rows in index order. A search the full-text index cannot read raises :class:`UsageError`.
    """
    hits = _search_hits(case, query.search, ranked=query.sort == RANK) if query.search else None
    with case.reading() as connection:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        conditions = _conditions(query, hits)
        matching, parameters = conditions.matching()
        filtered = bool(conditions.rows or conditions.sources)
        tags = read_tag_state(connection) if _needs_tags(query) else None
        keep = _python_filter(query, tags)
        if query.sort in SPARSE_COLUMNS or query.sort in (RANK, "id"):
            ids = _apply(_ids(connection, matching, parameters), keep)
            if query.sort == "id":
                ordered: Sequence[int] = sorted(ids)
            elif query.sort == RANK:
                ordered = _rank_order(ids, hits)
            else:
                ordered = _sparse_order(sorted(ids), _sparse_values(connection, query.sort, tags))
            return array.array("q", reversed(ordered) if query.descending else ordered)
        direction = " DESC" if query.descending else ""
        order = ORDER_SQL.get(query.sort) or VOLUME_COLUMNS.get(query.sort) or f"f.{query.sort}"
        order_by = f"{order}{direction}, f.id{direction}"
        index = sort_indexes(connection).get(query.sort)
        if index is not None:
            walk = f"SELECT f.id AS id FROM files f INDEXED BY {index} ORDER BY {order_by}"
            if not filtered:
                return _apply(_ids(connection, walk, ()), keep)
            chosen = _apply(_ids(connection, matching, parameters), keep)
            if len(chosen) > SMALL_SET:
                wanted = set(chosen)
                return array.array("q", [file_id for file_id in _ids(connection, walk, ()) if file_id in wanted])
            return _ids(connection, "SELECT f.id AS id FROM files f WHERE f.id IN (SELECT value FROM json_each(?)) "
                                    f"ORDER BY {order_by}", (json.dumps(list(chosen)),))
        join = " JOIN volumes v ON v.id = f.volume_id" if query.sort in VOLUME_COLUMNS else ""
        where = f" WHERE f.id IN ({matching})" if filtered else ""
        return _apply(_ids(connection, f"SELECT f.id AS id FROM files f{join}{where} ORDER BY {order_by}",
                           parameters), keep)


def sort_indexes(connection: Connection) -> dict[str, str]:
    """Column key -> a full index of ``files`` on that column alone (with its collation matching the sort): the
    format-9 ones, and any a later format adds (path, times), which a sort then walks instead of the table."""
    found: dict[str, str] = {}
    for name, partial in connection.exec_driver_sql(
            "SELECT name, sql LIKE '% WHERE %' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files' "
            "AND sql IS NOT NULL").all():
        if partial:
            continue
        columns = connection.exec_driver_sql(f"SELECT name, coll FROM pragma_index_xinfo('{name}') "
                                             "WHERE key = 1").all()
        if len(columns) != 1 or columns[0][0] is None:
            continue
        key, collation = columns[0]
        wanted = "NOCASE" if key == "name" else "BINARY"
        if key in BY_KEY and key not in VOLUME_COLUMNS and str(collation).upper() == wanted:
            found.setdefault(key, name)
    return found


def _ids(connection: Connection, sql: str, parameters: Sequence[Any]) -> array.array:
    """Run an id query (its column named ``id``) and take its ids, in its order, as one JSON array."""
    text = connection.exec_driver_sql(f"SELECT json_group_array(id) FROM ({sql})", tuple(parameters)).scalar()
    return array.array("q", json.loads(text or "[]"))


def _apply(ids: array.array, keep: tuple[set[int], bool] | None) -> array.array:
    """Keep (or drop, when the flag is False) the ids of a set computed in Python."""
    if keep is None:
        return ids
    chosen, inside = keep
    return array.array("q", [i for i in ids if (i in chosen) is inside])


def _search_hits(case: Case, text: str, *, ranked: bool) -> list[int]:
    """The files a full-text search finds: best first when the table is sorted by rank, else in id order (bm25
    over a word in most documents costs seconds at a million)."""
    from heroes_desktop.search.fulltext import hit_ids

    return hit_ids(case, text, ranked=ranked)


def _rank_order(ids: Iterable[int], hits: list[int] | None) -> list[int]:
    if hits is None:
        return list(ids)
    present = set(ids)
    return [file_id for file_id in hits if file_id in present]


def _sparse_order(ids: Iterable[int], values: dict[int, Any]) -> list[int]:
    """Files without a value first (as SQLite sorts NULL), then by value, ties by id (``ids`` come in id order)."""
    without = [file_id for file_id in ids if file_id not in values]
    valued = sorted((values[file_id], file_id) for file_id in ids if file_id in values)
    return without + [file_id for _, file_id in valued]


def _sparse_values(connection: Connection, key: str, tags: TagState | None) -> dict[int, Any]:
    """The values of an analysis column, for the files that have one."""
    if key == "hash_hits":
        return dict(connection.exec_driver_sql("SELECT file_id, count(*) FROM matches GROUP BY file_id").all())
    if key == "hash_category":
        return hash_categories(connection, None)
    if key == "triage_score":
        return dict(connection.exec_driver_sql("SELECT file_id, triage_score FROM media").all())
    assert tags is not None
    if key == "category":
        return dict(tags.category)
    return {file_id: ", ".join(names).casefold() for file_id, names in tags.bookmarks.items()}


def hash_categories(connection: Connection, ids: Sequence[int] | None) -> dict[int, str]:
    """The categories of each file's hash-set matches, comma-joined (sorted), for files matched with one."""
    sql = "SELECT file_id, category FROM matches WHERE category IS NOT NULL"
    parameters: tuple[Any, ...] = ()
    if ids is not None:
        sql += " AND file_id IN (SELECT value FROM json_each(?))"
        parameters = (json.dumps(list(ids)),)
    found: dict[int, set[str]] = {}
    for file_id, category in connection.exec_driver_sql(sql, parameters):
        found.setdefault(file_id, set()).add(category)
    return {file_id: ", ".join(sorted(categories)) for file_id, categories in found.items()}


# ------------------------------------------------------------------------------------------------------ conditions

def _needs_tags(query: FileQuery) -> bool:
    return (query.category in TAG_CATEGORIES or query.sort in ("category", "tags")
            or any(item.key in ("category", "tags") for item in query.filters))


def _python_filter(query: FileQuery, tags: TagState | None) -> tuple[set[int], bool] | None:
    """The tag-based parts of a query, as one set of ids to keep (True) or to drop (False)."""
    keep: set[int] | None = None
    drop: set[int] = set()
    if query.category in TAG_CATEGORIES:
        assert tags is not None
        keep = tagged_ids(query.category, tags)
    for item in query.filters:
        if item.key not in ("category", "tags"):
            continue
        assert tags is not None
        chosen, inside = _tag_filter(item, tags)
        if inside:
            keep = chosen if keep is None else keep & chosen
        else:
            drop |= chosen
    if keep is not None:
        return keep - drop, True
    return (drop, False) if drop else None


def _tag_filter(item: ColumnFilter, tags: TagState) -> tuple[set[int], bool]:
    """(ids, keep?) for a filter on the current category or the bookmark names."""
    if item.key == "category":
        if item.value is None:
            return set(tags.category), item.op == "!="
        try:
            wanted = normalise_category(item.value)
        except ValueError as error:
            raise UsageError(str(error)) from None
        return {file_id for file_id, category in tags.category.items() if category == wanted}, item.op == "="
    if item.value is None:
        return set(tags.bookmarks), item.op == "!="
    text = str(item.value).strip().casefold()
    if item.op == "contains":
        return {file_id for file_id, names in tags.bookmarks.items()
                if any(text in name.casefold() for name in names)}, True
    return {file_id for file_id, names in tags.bookmarks.items()
            if any(text == name.strip().casefold() for name in names)}, item.op == "="


@dataclass
class _Conditions:
    """A query's SQL: conditions on the rows of ``files f`` (ANDed), and sets of ids that need no row at all (a
    category part by part, a folder and everything below it, hash hits, triage), intersected with them."""

    rows: list[str] = field(default_factory=list)
    parameters: list[Any] = field(default_factory=list)
    sources: list[tuple[str, list[Any]]] = field(default_factory=list)
    needs_volumes: bool = False

    def add(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        """A condition: an ``f.id IN (...)`` one becomes an id set of its own, anything else a row condition."""
        inner = _id_set(sql)
        if inner is not None:
            self.sources.append((inner, list(parameters)))
        else:
            self.rows.append(sql)
            self.parameters += parameters

    def matching(self) -> tuple[str, list[Any]]:
        """One query (column ``id``) of every id the conditions keep, in no particular order, without reading rows
        it need not read: with no condition at all, the walk-order index, whose ids come nearly sorted."""
        parts = [(sql, parameters) for sql, parameters in self.sources]
        if self.rows:
            join = " JOIN volumes v ON v.id = f.volume_id" if self.needs_volumes else ""
            parts.append((f"SELECT f.id AS id FROM files f{join} WHERE " + " AND ".join(
                f"({condition})" for condition in self.rows), self.parameters))
        if not parts:
            return "SELECT f.id AS id FROM files f INDEXED BY files_identity", []
        if len(parts) == 1:
            return parts[0]
        return (" INTERSECT ".join(f"SELECT id FROM ({sql})" for sql, _ in parts),
                [value for _, parameters in parts for value in parameters])


def _id_set(sql: str) -> str | None:
    """The subquery of a condition that is exactly ``f.id IN (subquery)``, else None."""
    if not sql.startswith("f.id IN ("):
        return None
    depth = 0
    for position, character in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and character == ")":
            return sql[len("f.id IN ("):-1] if position == len(sql) - 1 else None
    return None


def _conditions(query: FileQuery, hits: list[int] | None) -> _Conditions:
    """The SQL part of a query (the tag-based parts are decided in Python)."""
    conditions = _Conditions()
    if query.category is not None and query.category not in TAG_CATEGORIES:
        conditions.sources.append((CATEGORY_IDS[query.category], []))
    if query.folder is not None:
        conditions.add(*_folder_condition(query.folder))
    if query.scope is not None:
        conditions.sources.append(scope_ids_sql(query.scope))
    for item in query.filters:
        if item.key in ("category", "tags"):
            continue
        conditions.add(*_filter_condition(item))
        conditions.needs_volumes = conditions.needs_volumes or item.key in VOLUME_COLUMNS
    if hits is not None:
        if conditions.rows:  # looked up row by row rather than beside a scan of every row
            conditions.rows.append("f.id IN (SELECT value FROM json_each(?))")
            conditions.parameters.append(json.dumps(hits))
        else:
            conditions.sources.append(("SELECT value AS id FROM json_each(?)", [json.dumps(hits)]))
    return conditions


def scope_ids_sql(scope: Scope) -> tuple[str, list[Any]]:
    """One query (column ``id``) of the files a scope keeps, each part on its own index."""
    if scope.kind == "ids":
        return ("SELECT id FROM files WHERE id IN (SELECT value FROM json_each(?))",  # only ids of this case
                [json.dumps(list(scope.ids))])
    if scope.kind == "entity":
        label, normalized = scope.entity or ("", "")
        return ("WITH RECURSIVE merged(label, normalized) AS (SELECT ?, ? UNION "  # with every entity merged
                "SELECT m.label, m.normalized FROM entity_merges m JOIN merged "  # into it, at any depth
                "ON m.into_label = merged.label AND m.into_normalized = merged.normalized WHERE NOT m.withdrawn) "
                "SELECT e.file_id AS id FROM merged JOIN entities e "
                "ON e.label = merged.label AND e.normalized = merged.normalized",
                [label, normalized])
    start, end = time_bound(scope.start) or "0", time_bound(scope.end) or TIME_END
    kinds = set(scope.kinds)
    parts: list[str] = []
    parameters: list[Any] = []
    for column in FILE_SYSTEM_TIMES:
        if not kinds or column in kinds:
            parts.append(f"SELECT id FROM files WHERE {column} >= ? AND {column} < ?")
            parameters += [start, end]
    dated = sorted(kinds - set(FILE_SYSTEM_TIMES) - {"custody"})
    if not kinds or dated:
        which = f" AND kind IN ({', '.join('?' * len(dated))})" if dated else ""
        parts.append(f"SELECT file_id AS id FROM file_dates WHERE time >= ? AND time < ?{which}")
        parameters += [start, end, *dated]
    if not parts:
        return "SELECT id FROM files WHERE 0", []
    return " UNION ".join(parts), parameters


def time_bound(moment: str | None) -> str | None:
    """A range bound compared with stored times as text: without its ``Z``, so that a time with a fraction of a
    second ("...:05.5Z") falls inside the second it belongs to ("...:05Z" sorts after it)."""
    if moment is None:
        return None
    return moment[:-1] if moment.endswith("Z") else moment


def _folder_condition(ref: FolderRef) -> tuple[str, list[Any]]:
    if ref.volume_id is None:
        return "f.evidence_id = ?", [ref.evidence_id]
    if ref.folder is None:
        return "f.volume_id = ?", [ref.volume_id]
    if not ref.recursive:
        return "f.volume_id = ? AND f.folder = ?", [ref.volume_id, ref.folder]
    below = ref.folder.rstrip("/") + "/"
    return ("f.id IN (SELECT id FROM files WHERE volume_id = ? AND folder = ? UNION ALL "
            "SELECT id FROM files WHERE volume_id = ? AND folder >= ? AND folder < ?)",
            [ref.volume_id, ref.folder, ref.volume_id, below, below[:-1] + "0"])


def _filter_condition(item: ColumnFilter) -> tuple[str, list[Any]]:
    """SQL for a filter on a column of files or volumes, or on hash hits, hash-set category or triage score."""
    kind = BY_KEY[item.key].filter_kind
    if item.key == "hash_hits":
        return _count_condition(item)
    if item.key == "hash_category":
        if item.value is None:
            return ("f.id " + ("NOT IN" if item.op == "=" else "IN")
                    + " (SELECT file_id AS id FROM matches WHERE category IS NOT NULL)"), []
        inside = "IN" if item.op == "=" else "NOT IN"
        return f"f.id {inside} (SELECT file_id AS id FROM matches WHERE category = ?)", [_category_value(item.value)]
    if item.key == "triage_score":
        if item.value is None:
            return "f.id " + ("NOT IN" if item.op == "=" else "IN") + " (SELECT file_id AS id FROM media)", []
        if item.op == "!=":
            return "f.id NOT IN (SELECT file_id FROM media WHERE triage_score = ?)", [float(item.value)]
        return f"f.id IN (SELECT file_id AS id FROM media WHERE triage_score {item.op} ?)", [float(item.value)]
    column = VOLUME_COLUMNS.get(item.key, f"f.{item.key}")
    if item.op == "is-true":
        return f"{column} = 1", []
    if item.op == "is-false":
        return f"coalesce({column}, 0) = 0", []
    if item.value is None:
        return f"{column} IS NULL" if item.op == "=" else f"{column} IS NOT NULL", []
    if kind == "number":
        value: Any = _number(item)
    elif kind == "time":
        return _time_condition(column, item)
    else:
        value = str(item.value)
    if item.op == "contains":
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{column} LIKE ? ESCAPE '\\'", [f"%{escaped}%"]
    if kind != "number" and item.key in LOWERCASE_COLUMNS:
        value = value.strip().lower()
    collate = " COLLATE NOCASE" if item.key == "name" else ""
    if item.op == "!=":
        return f"{column} IS NOT ?{collate}", [value]
    return f"{column} {item.op} ?{collate}", [value]


def _count_condition(item: ColumnFilter) -> tuple[str, list[Any]]:
    """hash_hits: files without a match count 0, so a condition that 0 passes is written as its complement."""
    if item.value is None:
        return "f.id " + ("NOT IN" if item.op == "=" else "IN") + " (SELECT file_id AS id FROM matches)", []
    value = _number(item)
    op = "!=" if item.op == "!=" else item.op
    zero_passes = {"=": value == 0, "!=": value != 0, ">=": value <= 0, "<=": value >= 0}[op]
    if zero_passes:
        return (f"f.id NOT IN (SELECT file_id FROM matches GROUP BY file_id HAVING NOT (count(*) {op} ?))",
                [value])
    return f"f.id IN (SELECT file_id AS id FROM matches GROUP BY file_id HAVING count(*) {op} ?)", [value]


def _time_condition(column: str, item: ColumnFilter) -> tuple[str, list[Any]]:
    """Times are ISO 8601 text: ``= 2024-01-05`` is that day (a prefix), ``<=`` keeps the whole day given."""
    value = item.value.isoformat() if isinstance(item.value, datetime) else str(item.value).strip().replace(" ", "T")
    if item.op == ">=":
        return f"{column} >= ?", [value]
    if item.op == "<=":
        return f"{column} <= ?", [value + TIME_END]
    if item.op == "=":
        return f"({column} >= ? AND {column} <= ?)", [value, value + TIME_END]
    return f"({column} IS NULL OR NOT ({column} >= ? AND {column} <= ?))", [value, value + TIME_END]


def _number(item: ColumnFilter) -> float | int:
    try:
        number = float(item.value)
    except (TypeError, ValueError):
        raise UsageError(f"{item.key} {item.op} needs a number, not {item.value!r}") from None
    return int(number) if number.is_integer() else number


def _category_value(value: Any) -> str:
    try:
        return normalise_category(value) or str(value)
    except ValueError:
        return str(value).strip()


# ---------------------------------------------------------------------------------------------------------- rows

def rows_for(case: Case, ids: Sequence[int]) -> list[FileRow]:
    """The table rows of ``ids`` (a page the window shows), in the order given; unknown ids are left out."""
    wanted = [int(file_id) for file_id in ids]
    if not wanted:
        return []
    listed = json.dumps(wanted)
    columns = ", ".join(VOLUME_COLUMNS.get(key, f"f.{key}") for key in _SELECTED)
    with case.reading() as connection:
        records = {row[0]: row for row in connection.exec_driver_sql(
            f"SELECT {columns} FROM files f JOIN volumes v ON v.id = f.volume_id "
            "WHERE f.id IN (SELECT value FROM json_each(?))", (listed,))}
        hits = dict(connection.exec_driver_sql(
            "SELECT file_id, count(*) FROM matches WHERE file_id IN (SELECT value FROM json_each(?)) "
            "GROUP BY file_id", (listed,)).all())
        categories = hash_categories(connection, wanted)
        scores = dict(connection.exec_driver_sql(
            "SELECT file_id, triage_score FROM media WHERE file_id IN (SELECT value FROM json_each(?))",
            (listed,)).all())
        tags = _tags_of(connection, wanted)
    rows = []
    for file_id in wanted:
        record = records.get(file_id)
        if record is None:
            continue
        values = dict(zip(_SELECTED, record))
        for flag in BOOLEAN_COLUMNS:
            values[flag] = bool(values[flag])
        rows.append(FileRow(**values, hash_hits=int(hits.get(file_id, 0)), hash_category=categories.get(file_id),
                            category=tags.category.get(file_id), triage_score=scores.get(file_id),
                            tags=tags.bookmark_text(file_id)))
    return rows


def _tags_of(connection: Connection, ids: Sequence[int]) -> TagState:
    """The current tags of a few files (none to read when none of them was ever tagged)."""
    tagged = connection.exec_driver_sql(
        "SELECT 1 FROM tags WHERE file_id IN (SELECT value FROM json_each(?)) LIMIT 1",
        (json.dumps(list(ids)),)).first()
    return read_tag_state(connection, ids) if tagged is not None else TagState()
