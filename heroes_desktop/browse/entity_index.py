"""The People panel's core: the case's entities one row per (label, normalized) after the examiners' merges, the
files of each, the entities that occur in the same documents (links), and the merges themselves.

An examiner's merge ("+44 20 7946 0301 and 020 7946 0301 are one phone", "J. Okafor is Joseph Okafor") is a row of
``entity_merges`` with a custody event; the ``entities`` rows never change, and a withdrawn merge stays, marked. A
merged entity counts under its target, which lists it as an alias. Merges are few, so they are read whole and
resolved here (a chain A → B → C counts A under C) and handed to SQL as a small JSON table.

Everything answers from SQL over every row, paged: the summaries are one GROUP BY on the ``entities_lookup`` index;
links are computed only among a capped set of entities (the seed's documents, or the entities in most files),
never over all pairs of the case, and the graph says when it was capped.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError

EntityKey = tuple[str, str]  # (label, normalized)

ENTITY_LABELS = ("PERSON", "ORG", "LOC", "EMAIL", "PHONE", "URL", "IP", "IBAN", "CARD", "CRYPTO", "HANDLE", "TERM")
LINK_LABELS = ("PERSON", "ORG", "EMAIL", "PHONE", "IBAN", "CRYPTO", "HANDLE", "CARD")
SORTS = ("files", "mentions", "label", "text", "normalized")
COUNT_SORTS = ("files", "mentions")  # descending unless asked otherwise
TOP_CANDIDATES = 400  # without a seed: co-occurrence among this many entities in most files, at most
SEED_FILES_READ = 20_000  # a seed in more documents than this: its neighbours are read from this many of them
EDGES_KEPT = 2_000  # the strongest edges among the nodes, at most
EDGE_FILES_LISTED = 500  # file ids listed per edge in the graph (documents_of_link gives them all)
NODE_TEXT_SAMPLE = 200  # a graph node's written form: the most frequent of this many mentions
READ_CACHE_KIB = 64 * 1024  # as the file table's query: the entity indexes stay decrypted between queries
MERGE_FILES_LISTED = 10_000  # file ids named in a merge's custody event, at most (the count is always there)


class EntityError(UsageError):
    """A request about entities that cannot be answered: an unknown entity, a bad sort or label."""


class MergeRefused(EntityError):
    """A merge that would make no sense: an entity into itself, a cycle, an entity already merged elsewhere."""


@dataclass(frozen=True)
class EntitySummary:
    """One row of the browser: an entity after merges. ``text`` is its most frequent written form; ``aliases``
    the entities merged into it."""

    label: str
    normalized: str
    text: str
    category: str | None
    mentions: int
    files: int
    aliases: tuple[EntityKey, ...] = ()

    @property
    def key(self) -> EntityKey:
        return (self.label, self.normalized)


@dataclass(frozen=True)
class EntityMerge:
    """An examiner's merge of ``source`` into ``target`` (as recorded: the final target at the time)."""

    id: int
    source: EntityKey
    target: EntityKey
    actor: str
    time: str
    withdrawn: bool


@dataclass(frozen=True)
class GraphNode:
    key: EntityKey
    text: str
    label: str
    files: int  # the entity's documents in the whole case
    shared_with_seed: int | None = None


@dataclass(frozen=True)
class GraphEdge:
    """Two entities found in the same ``shared`` documents; ``file_ids`` lists at most EDGE_FILES_LISTED of them."""

    a: EntityKey
    b: EntityKey
    shared: int
    file_ids: tuple[int, ...] = ()

    @property
    def ids_capped(self) -> bool:
        return len(self.file_ids) < self.shared


@dataclass(frozen=True)
class EntityGraph:
    """Entities linked by shared documents. ``capped`` says the graph shows part of what there is (``note`` says
    which part); ``seed`` is the entity whose neighbourhood it is, or None for the case's strongest pairs."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()
    seed: EntityKey | None = None
    capped: bool = False
    note: str = ""
    candidates: int = 0  # the entities the links were computed among

    def node(self, key: EntityKey) -> GraphNode | None:
        return next((node for node in self.nodes if node.key == key), None)

    def edge(self, a: EntityKey, b: EntityKey) -> GraphEdge | None:
        return next((edge for edge in self.edges if {edge.a, edge.b} == {a, b}), None)


@dataclass
class _Merges:
    """The active merges, resolved: each merged-away entity -> its final target; each target -> its aliases."""

    final: dict[EntityKey, EntityKey] = field(default_factory=dict)
    aliases: dict[EntityKey, list[EntityKey]] = field(default_factory=lambda: defaultdict(list))

    def resolve(self, key: EntityKey) -> EntityKey:
        return self.final.get(key, key)

    def members(self, key: EntityKey) -> list[EntityKey]:
        """The entity and every entity counted under it."""
        return [key, *self.aliases.get(key, [])]

    def table(self) -> str:
        """The merges as a JSON table for SQL: [[label, normalized, into_label, into_normalized], ...]."""
        return json.dumps([[*source, *target] for source, target in self.final.items()], ensure_ascii=False)


# ------------------------------------------------------------------------------------------------------- merges

def _active_merges(connection: Connection) -> list[tuple[int, EntityKey, EntityKey]]:
    return [(row[0], (row[1], row[2]), (row[3], row[4])) for row in connection.exec_driver_sql(
        "SELECT id, label, normalized, into_label, into_normalized FROM entity_merges WHERE NOT withdrawn "
        "ORDER BY id")]


def _resolved(connection: Connection) -> _Merges:
    """Follow every active merge to its final target (the latest merge of an entity counts; a cycle, which
    merge_entities refuses, stops where it closes)."""
    direct = {source: target for _, source, target in _active_merges(connection)}
    merges = _Merges()
    for source in direct:
        seen = {source}
        target = direct[source]
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        if target != source:
            merges.final[source] = target
            merges.aliases[target].append(source)
    for members in merges.aliases.values():
        members.sort()
    return merges


def list_merges(case: Case, *, include_withdrawn: bool = False) -> list[EntityMerge]:
    """The examiners' merges, oldest first (the active ones unless ``include_withdrawn``)."""
    where = "" if include_withdrawn else " WHERE NOT withdrawn"
    with case.reading() as connection:
        return [EntityMerge(row[0], (row[1], row[2]), (row[3], row[4]), row[5], row[6], bool(row[7]))
                for row in connection.exec_driver_sql(
                    "SELECT id, label, normalized, into_label, into_normalized, actor, time, withdrawn "
                    f"FROM entity_merges{where} ORDER BY id")]


def _require_entity(connection: Connection, key: EntityKey) -> None:
    found = connection.exec_driver_sql("SELECT 1 FROM entities WHERE label = ? AND normalized = ? LIMIT 1",
                                       tuple(key)).first()
    if found is None:
        raise EntityError(f"no entity {key[0]} {key[1]!r} in this case")


def _files_of(connection: Connection, keys: Sequence[EntityKey]) -> list[int]:
    listed = json.dumps([list(key) for key in keys], ensure_ascii=False)
    return [row[0] for row in connection.exec_driver_sql(
        "SELECT DISTINCT e.file_id FROM json_each(?) k JOIN entities e "
        "ON e.label = json_extract(k.value, '$[0]') AND e.normalized = json_extract(k.value, '$[1]') "
        "ORDER BY e.file_id", (listed,))]


def _entity_json(key: EntityKey) -> dict[str, str]:
    return {"label": key[0], "normalized": key[1]}


def merge_entities(case: Case, source: EntityKey, target: EntityKey) -> dict[str, Any]:
    """Count ``source`` (and whatever is merged into it) under ``target`` from now on: an ``entity_merges`` row and
    an ``entity.merged`` custody event (both entities, the files affected) in one transaction.

    A target that is itself merged is resolved to its final target. An entity into itself, into one of the
    entities merged into it (a cycle), or an entity already merged elsewhere is refused (:class:`MergeRefused`).
    """
    source, target = (str(source[0]), str(source[1])), (str(target[0]), str(target[1]))
    if source == target:
        raise MergeRefused(f"cannot merge {source[0]} {source[1]!r} into itself")
    details: dict[str, Any] = {"entity": _entity_json(source)}
    with case.change("entity.merged", details) as connection:
        _require_entity(connection, source)
        _require_entity(connection, target)
        merges = _resolved(connection)
        if source in merges.final:
            into = merges.final[source]
            raise MergeRefused(f"{source[0]} {source[1]!r} is already merged into {into[0]} {into[1]!r}: "
                               "withdraw that merge first")
        final = merges.resolve(target)
        if final == source:
            raise MergeRefused(f"merging {source[0]} {source[1]!r} into {target[0]} {target[1]!r} would make a "
                               f"cycle: {target[0]} {target[1]!r} is merged into {source[0]} {source[1]!r}")
        moved = _files_of(connection, merges.members(source))
        target_files = _files_of(connection, merges.members(final))
        merge_id = connection.exec_driver_sql(
            "INSERT INTO entity_merges (label, normalized, into_label, into_normalized, actor, time, withdrawn) "
            "VALUES (?, ?, ?, ?, ?, ?, 0)",
            (*source, *final, case.actor.name if case.actor else "", utc_now_iso())).lastrowid
        details.update(merge_id=merge_id, into=_entity_json(final),
                       aliases_moved=[_entity_json(alias) for alias in merges.aliases.get(source, [])],
                       file_count=len(moved), file_ids=moved[:MERGE_FILES_LISTED],
                       files_added_to_target=len(set(moved) - set(target_files)))
        if final != target:
            details["asked_into"] = _entity_json(target)
    return details


def withdraw_merge(case: Case, merge_id: int, reason: str = "") -> dict[str, Any]:
    """Undo a merge: the row is marked withdrawn (it stays) and an ``entity.merge_withdrawn`` custody event names
    both entities and the files affected, in one transaction."""
    details: dict[str, Any] = {"merge_id": int(merge_id), "reason": reason}
    with case.change("entity.merge_withdrawn", details) as connection:
        row = connection.exec_driver_sql(
            "SELECT label, normalized, into_label, into_normalized, withdrawn FROM entity_merges WHERE id = ?",
            (int(merge_id),)).first()
        if row is None:
            raise EntityError(f"no entity merge {merge_id} in this case")
        if row[4]:
            raise EntityError(f"entity merge {merge_id} is already withdrawn")
        source, target = (row[0], row[1]), (row[2], row[3])
        merges = _resolved(connection)
        moved = _files_of(connection, merges.members(source))
        connection.exec_driver_sql("UPDATE entity_merges SET withdrawn = 1 WHERE id = ?", (int(merge_id),))
        details.update(entity=_entity_json(source), into=_entity_json(target), file_count=len(moved),
                       file_ids=moved[:MERGE_FILES_LISTED])
    return details


# ---------------------------------------------------------------------------------------------------- summaries

def _labels(labels: Iterable[str] | None) -> list[str] | None:
    if labels is None:
        return None
    chosen = [str(label).upper() for label in labels]
    unknown = [label for label in chosen if label not in ENTITY_LABELS]
    if unknown:
        raise EntityError(f"no entity label {', '.join(unknown)}: one of {', '.join(ENTITY_LABELS)}")
    return chosen


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _grouped_sql(merges: _Merges, labels: list[str] | None, text: str | None) -> tuple[str, list[Any]]:
    """One row per entity after merges: label, normalized, mentions, files (a GROUP BY that reads only the
    label, normalized and file_id of each mention: an index on those three covers it)."""
    parameters: list[Any] = []
    if merges.final:
        source = ("WITH m(label, normalized, into_label, into_normalized) AS MATERIALIZED (SELECT "
                  "json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                  "json_extract(value, '$[3]') FROM json_each(?)) "
                  "SELECT coalesce(m.into_label, e.label) AS label, coalesce(m.into_normalized, e.normalized) "
                  "AS normalized, count(*) AS mentions, count(DISTINCT e.file_id) AS files "
                  "FROM entities e LEFT JOIN m ON m.label = e.label AND m.normalized = e.normalized")
        parameters.append(merges.table())
        label_column, group = "coalesce(m.into_label, e.label)", "1, 2"
    else:
        source = ("SELECT e.label AS label, e.normalized AS normalized, count(*) AS mentions, "
                  "count(DISTINCT e.file_id) AS files FROM entities e")
        label_column, group = "e.label", "e.label, e.normalized"
    if labels is not None:
        source += f" WHERE {label_column} IN ({', '.join('?' * len(labels))})"
        parameters += labels
    source += f" GROUP BY {group}"
    if text:
        source += (" HAVING max(e.normalized LIKE ? ESCAPE '\\' OR e.text LIKE ? ESCAPE '\\') "
                   "OR coalesce(m.into_normalized, e.normalized) LIKE ? ESCAPE '\\'" if merges.final else
                   " HAVING e.normalized LIKE ? ESCAPE '\\' OR max(e.text LIKE ? ESCAPE '\\')")
        parameters += [_like(text)] * (3 if merges.final else 2)
    return source, parameters


def _order_sql(sort: str, descending: bool | None) -> str:
    if sort not in SORTS:
        raise EntityError(f"cannot sort entities by {sort!r}: one of {', '.join(SORTS)}")
    if descending is None:
        descending = sort in COUNT_SORTS
    direction = " DESC" if descending else ""
    column = "normalized" if sort == "text" else sort  # the written form is read per page: sorted as normalised
    collate = " COLLATE NOCASE" if column == "normalized" else ""
    return f"{column}{collate}{direction}, label{direction}, normalized{direction}"


@dataclass(frozen=True)
class _Grouped:
    """Every entity of a filter in its sort order, as the GROUP BY gave it: (label, normalized, mentions, files)."""

    rows: list[tuple[str, str, int, int]]
    merges: _Merges


_GROUPED_KEPT = 4
_grouped_cache: OrderedDict[tuple[Any, ...], _Grouped] = OrderedDict()
_grouped_lock = threading.Lock()


def _signature(connection: Connection) -> tuple[Any, ...]:
    """What changes when entities are stored again or merged: the sorted lists of an older state are not reused."""
    return (*connection.exec_driver_sql("SELECT max(id), count(*) FROM entities").one(),
            *connection.exec_driver_sql("SELECT max(id), count(*), sum(withdrawn) FROM entity_merges").one())


def _grouped(case: Case, connection: Connection, labels: list[str] | None, text: str | None, sort: str,
             descending: bool | None) -> _Grouped:
    """The whole sorted list of a filter, from a small cache when nothing changed since (paging and scrolling
    then cost a slice, not a GROUP BY of every mention each time)."""
    order = _order_sql(sort, descending)
    key = (str(case.path), case.case_id, _signature(connection), tuple(labels) if labels is not None else None,
           text or "", order)
    with _grouped_lock:
        found = _grouped_cache.get(key)
        if found is not None:
            _grouped_cache.move_to_end(key)
            return found
    merges = _resolved(connection)
    grouped, parameters = _grouped_sql(merges, labels, text)
    # Row by row, not as one JSON array: json.loads of 100,000 rows is one C call that holds the interpreter lock
    # for 150-250 ms, and the window's thread waited that long for it (measured with 100,000 entities)
    rows = [(label, normalized, int(mentions), int(files)) for label, normalized, mentions, files in
            connection.exec_driver_sql(f"SELECT label, normalized, mentions, files FROM ({grouped} ORDER BY {order})",
                                       tuple(parameters))]
    found = _Grouped(rows, merges)
    with _grouped_lock:
        _grouped_cache[key] = found
        while len(_grouped_cache) > _GROUPED_KEPT:
            _grouped_cache.popitem(last=False)
    return found


def entity_summaries(case: Case, labels: Iterable[str] | None = None, text: str | None = None,
                     sort: str = "files", limit: int | None = None, offset: int = 0, *,
                     descending: bool | None = None) -> list[EntitySummary]:
    """A page of the case's entities after merges, filtered by label and by text (in the normalised or a written
    form), sorted by ``sort`` (counts descending, text ascending unless ``descending`` says otherwise)."""
    chosen = _labels(labels)
    with case.reading() as connection:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        grouped = _grouped(case, connection, chosen, text, sort, descending)
        start = max(0, int(offset))
        rows = grouped.rows[start:] if limit is None else grouped.rows[start:start + max(0, int(limit))]
        details = _details(connection, grouped.merges, [(row[0], row[1]) for row in rows])
    return [_summary(row[:2], row[2], row[3], details, grouped.merges) for row in rows]


def _summary(key: EntityKey, mentions: int, files: int, details: dict[EntityKey, tuple[str, str | None]],
             merges: _Merges) -> EntitySummary:
    written, category = details.get(key, (key[1], None))
    return EntitySummary(key[0], key[1], written, category, mentions, files, tuple(merges.aliases.get(key, ())))


def entity_summary(case: Case, label: str, normalized: str) -> EntitySummary | None:
    """One entity's row (after merges), or None; a merged-away entity gives its target's row."""
    with case.reading() as connection:
        merges = _resolved(connection)
        key = merges.resolve((label, normalized))
        row = connection.exec_driver_sql(
            "SELECT count(*), count(DISTINCT e.file_id) FROM json_each(?) k JOIN entities e "
            "ON e.label = json_extract(k.value, '$[0]') AND e.normalized = json_extract(k.value, '$[1]')",
            (json.dumps([list(member) for member in merges.members(key)], ensure_ascii=False),)).one()
        if not row[0]:
            return None
        details = _details(connection, merges, [key])
    return _summary(key, int(row[0]), int(row[1]), details, merges)


def _details(connection: Connection, merges: _Merges, keys: Sequence[EntityKey], *,
             sample: int | None = None) -> dict[EntityKey, tuple[str, str | None]]:
    """Each entity's most frequent written form (ties: the first in sort order; aliases' forms count too) and its
    category. With ``sample``, only that many mentions of each member are read (for graph labels)."""
    if not keys:
        return {}
    wanted = [[*member, *key] for key in keys for member in merges.members(key)]
    counts: dict[EntityKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    categories: dict[EntityKey, str] = {}
    if sample is None:
        found = connection.exec_driver_sql(
            "SELECT json_extract(k.value, '$[2]'), json_extract(k.value, '$[3]'), e.text, max(e.category), "
            "count(*) FROM json_each(?) k JOIN entities e ON e.label = json_extract(k.value, '$[0]') "
            "AND e.normalized = json_extract(k.value, '$[1]') GROUP BY k.key, e.text",
            (json.dumps(wanted, ensure_ascii=False),)).all()
    else:  # a few mentions of each: SQLite has no lateral join, and these are small index range reads
        found = [(label, normalized, written, category, count) for member_label, member, label, normalized in wanted
                 for written, category, count in connection.exec_driver_sql(
                     "SELECT text, max(category), count(*) FROM (SELECT text, category FROM entities "
                     "WHERE label = ? AND normalized = ? LIMIT ?) GROUP BY text",
                     (member_label, member, int(sample)))]
    for label, normalized, written, category, count in found:
        counts[(label, normalized)][written] += int(count)
        if category is not None:
            categories.setdefault((label, normalized), category)
    return {key: (min(forms.items(), key=lambda item: (-item[1], item[0]))[0], categories.get(key))
            for key, forms in counts.items()}


def entity_count(case: Case, labels: Iterable[str] | None = None, text: str | None = None) -> int:
    """How many rows :func:`entity_summaries` has for the same filter."""
    return sum(entity_label_counts(case, text, labels).values())


def entity_label_counts(case: Case, text: str | None = None,
                        labels: Iterable[str] | None = None) -> dict[str, int]:
    """Entities (after merges) per label, for the browser's label filter; only labels the case has."""
    chosen = _labels(labels)
    with case.reading() as connection:
        merges = _resolved(connection)
        if text or any(source[0] != target[0] for source, target in merges.final.items()):
            grouped, parameters = _grouped_sql(merges, chosen, text)
            rows = connection.exec_driver_sql(f"SELECT label, count(*) FROM ({grouped}) GROUP BY label",
                                              tuple(parameters)).all()
            return {label: int(count) for label, count in rows}
        where = f" WHERE label IN ({', '.join('?' * len(chosen))})" if chosen is not None else ""
        counts = {label: int(count) for label, count in connection.exec_driver_sql(
            f"SELECT label, count(DISTINCT normalized) FROM entities{where} GROUP BY label", tuple(chosen or ()))}
    for source in merges.final:  # a merged-away entity (of its target's label) is no row of its own
        if source[0] in counts:
            counts[source[0]] -= 1
    return {label: count for label, count in counts.items() if count > 0}


def entity_files(case: Case, label: str, normalized: str) -> list[int]:
    """The files an entity is found in, with those of the entities merged into it, in id order."""
    with case.reading() as connection:
        merges = _resolved(connection)
        return _files_of(connection, merges.members((label, normalized)))


def documents_of_link(case: Case, a: EntityKey, b: EntityKey) -> list[int]:
    """The documents both entities (each with its aliases) are found in, in id order."""
    with case.reading() as connection:
        merges = _resolved(connection)
        first = set(_files_of(connection, merges.members((str(a[0]), str(a[1])))))
        second = _files_of(connection, merges.members((str(b[0]), str(b[1]))))
    return [file_id for file_id in second if file_id in first]


# -------------------------------------------------------------------------------------------------------- links

def entity_links(case: Case, label: str | None = None, normalized: str | None = None,
                 labels: Iterable[str] | None = None, min_shared: int = 1, limit: int = 200) -> EntityGraph:
    """Entities that occur in the same documents. With a seed (``label``, ``normalized``): the seed, its
    ``limit - 1`` strongest neighbours among ``labels`` and the edges among them; without one: the strongest pairs
    of the case among ``labels`` (default LINK_LABELS), computed among the TOP_CANDIDATES entities in most files."""
    chosen = _labels(labels) if labels is not None else list(LINK_LABELS)
    limit = max(1, int(limit))
    min_shared = max(1, int(min_shared))
    with case.reading() as connection:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        if label is not None and normalized is not None:
            merges = _resolved(connection)
            return _neighbourhood(connection, merges, merges.resolve((str(label), str(normalized))), chosen,
                                  min_shared, limit)
        return _strongest_pairs(case, connection, chosen, min_shared, limit)


def _member_table(merges: _Merges, keys: Sequence[EntityKey]) -> str:
    """[[label, normalized, index of the entity counted under], ...] for every member of every key."""
    return json.dumps([[*member, index] for index, key in enumerate(keys) for member in merges.members(key)],
                      ensure_ascii=False)


def _incidence(connection: Connection, merges: _Merges, keys: Sequence[EntityKey]) -> tuple[Any, Any]:
    """(entity index, file id) of every document of each key (with its aliases), as two numpy arrays."""
    import numpy

    indexes, file_ids = connection.exec_driver_sql(  # one JSON array each: a row per mention costs more
        "SELECT json_group_array(i), json_group_array(f) FROM (SELECT DISTINCT json_extract(k.value, '$[2]') AS i, "
        "e.file_id AS f FROM json_each(?) k JOIN entities e ON e.label = json_extract(k.value, '$[0]') "
        "AND e.normalized = json_extract(k.value, '$[1]'))", (_member_table(merges, keys),)).one()
    return (numpy.array(json.loads(indexes or "[]"), dtype=numpy.int64),
            numpy.array(json.loads(file_ids or "[]"), dtype=numpy.int64))


def _neighbourhood(connection: Connection, merges: _Merges, seed: EntityKey, labels: list[str], min_shared: int,
                   limit: int) -> EntityGraph:
    seed_files = _files_of(connection, merges.members(seed))
    if not seed_files:
        raise EntityError(f"no entity {seed[0]} {seed[1]!r} in this case")
    capped = len(seed_files) > SEED_FILES_READ
    shared: dict[EntityKey, int] = defaultdict(int)
    for entity_label, entity_normalized, count in connection.exec_driver_sql(
            "SELECT e.label, e.normalized, count(DISTINCT e.file_id) FROM json_each(?) f "
            "JOIN entities e INDEXED BY entities_file ON e.file_id = f.value "
            f"WHERE e.label IN ({', '.join('?' * len(labels))}) GROUP BY e.label, e.normalized",
            (json.dumps(seed_files[:SEED_FILES_READ]), *labels)):
        key = merges.resolve((entity_label, entity_normalized))
        if key != seed:
            shared[key] += int(count)  # two aliases of one entity in one document count it twice: ranking only
    ranked = sorted((key for key, count in shared.items() if count >= min_shared), key=lambda k: (-shared[k], k))
    notes = []
    if capped:
        notes.append(f"the seed is in {len(seed_files)} documents: its neighbours were read from the first "
                     f"{SEED_FILES_READ}")
    if len(ranked) > limit - 1:
        capped = True
        notes.append(f"{len(ranked)} neighbours: the {limit - 1} strongest are shown")
    return _graph(connection, merges, [seed, *ranked[:limit - 1]], seed, min_shared, capped, notes, len(shared) + 1)


def _strongest_pairs(case: Case, connection: Connection, labels: list[str], min_shared: int,
                     limit: int) -> EntityGraph:
    grouped = _grouped(case, connection, labels, None, "files", True)
    top = [(row[0], row[1]) for row in grouped.rows[:TOP_CANDIDATES] if row[3] >= max(2, min_shared)]
    capped = len(grouped.rows) > len(top)
    notes = [f"links computed among the {len(top)} entities in most documents (of {len(grouped.rows)})"] \
        if capped else []
    graph = _graph(connection, grouped.merges, top, None, min_shared, capped, notes, len(top), node_limit=limit)
    return graph


def _graph(connection: Connection, merges: _Merges, keys: list[EntityKey], seed: EntityKey | None,
           min_shared: int, capped: bool, notes: list[str], candidates: int,
           node_limit: int | None = None) -> EntityGraph:
    """Nodes for ``keys`` and the edges among them (strongest first, at most EDGES_KEPT) with their documents.
    Without a seed, only linked entities are nodes, and at most ``node_limit`` of them: pairs are taken strongest
    first while both their entities fit."""
    import numpy

    rows, file_ids = _incidence(connection, merges, keys)
    pairs = _shared_counts(rows, file_ids, len(keys))
    ranked = sorted(((count, a, b) for (a, b), count in pairs.items() if count >= min_shared),
                    key=lambda item: (-item[0], keys[item[1]], keys[item[2]]))
    if seed is None:
        shown: list[int] = []
        chosen: set[int] = set()
        for _, a, b in ranked:
            new = {a, b} - chosen
            if node_limit is not None and len(chosen) + len(new) > node_limit:
                capped = True
                continue
            chosen |= new
        ranked = [item for item in ranked if item[1] in chosen and item[2] in chosen]
        shown = sorted(chosen)
        if node_limit is not None and len(chosen) >= node_limit:
            notes.append(f"the strongest pairs among {len(chosen)} entities are shown")
    else:
        shown = list(range(len(keys)))
    if len(ranked) > EDGES_KEPT:
        capped = True
        notes.append(f"{len(ranked)} links: the {EDGES_KEPT} strongest are shown")
        ranked = ranked[:EDGES_KEPT]
    order = numpy.argsort(rows, kind="stable")
    bounds = numpy.searchsorted(rows[order], numpy.arange(len(keys) + 1))
    sets = {index: set(file_ids[order[bounds[index]:bounds[index + 1]]].tolist()) for index in shown}
    edges = tuple(GraphEdge(keys[a], keys[b], count, tuple(sorted(sets[a] & sets[b])[:EDGE_FILES_LISTED]))
                  for count, a, b in ranked)
    details = _details(connection, merges, [keys[index] for index in shown], sample=NODE_TEXT_SAMPLE)
    seed_files = sets.get(0, set()) if seed is not None else set()
    nodes = tuple(GraphNode(keys[index], details.get(keys[index], (keys[index][1], None))[0], keys[index][0],
                            len(sets[index]), len(sets[index] & seed_files) if seed is not None else None)
                  for index in shown)
    return EntityGraph(nodes, edges, seed, capped, "; ".join(notes), candidates)


def _shared_counts(rows: Any, file_ids: Any, count: int) -> dict[tuple[int, int], int]:
    """(i, j) with i < j -> documents shared by entity i and entity j: the sparse product of the incidence matrix
    with its transpose (scipy), never a Python loop over the pairs of every document."""
    import numpy
    from scipy import sparse

    if not len(rows):
        return {}
    _, columns = numpy.unique(file_ids, return_inverse=True)
    incidence = sparse.csr_matrix((numpy.ones(len(rows), dtype=numpy.int32), (rows, columns)),
                                  shape=(count, int(columns.max()) + 1))
    product = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    return {(int(a), int(b)): int(shared) for a, b, shared in zip(product.row, product.col, product.data) if shared}
