"""Every dated event of a case in one time order: the file systems' own times (MAC(B)), the dates items state about
themselves (``file_dates``: e-mail Date, document metadata, EXIF) and the custody events.

Nothing is copied into a table of its own: each source is read on its own time index, a page at a time, and the
pages are merged here, so that a case of a million events pages and counts without a sort of the whole. The order is
(time as stored text, kind, file id or custody sequence), the same in every call, so a cursor (the last event of a
page) continues exactly where the page stopped.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from heroes_desktop.browse.file_query import TIME_END, time_bound
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.timeline.kinds import CUSTODY, FILE_SYSTEM_TIMES, ITEM_DATE_KINDS, KNOWN_KINDS

PAGE = 1000
TIME_START = "0"  # below every stored time, above an empty one
MAX_BUCKETS = 10_000


@dataclass(frozen=True, order=True)
class Cursor:
    """Where a page stopped: the last event's place in the order."""

    time: str
    kind: str
    key: int


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event. ``file_id`` and ``path`` are None for a custody event; ``detail`` is where an item date
    was read, or the custody action and who did it."""

    time: str
    kind: str
    file_id: int | None
    path: str | None
    evidence_id: int | None = None
    deleted: bool | None = None
    detail: str | None = None
    key: int = 0  # the file id, or the custody event's sequence number

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.time, self.kind, self.key)

    def as_json(self) -> dict[str, Any]:
        """The ``heroes timeline --json`` line (CLI.md): ``time``, ``kind``, ``file_id``, ``path``, and more."""
        record: dict[str, Any] = {"time": self.time, "kind": self.kind, "file_id": self.file_id, "path": self.path,
                                  "evidence_id": self.evidence_id, "deleted": self.deleted, "detail": self.detail}
        if self.kind == CUSTODY:
            record["seq"] = self.key
        return record


@dataclass(frozen=True)
class Histogram:
    """Counts of events per interval from ``start`` (inclusive) in steps of ``width_s`` seconds, by kind."""

    start: str
    end: str
    width_s: float
    counts: dict[str, list[int]] = field(default_factory=dict)

    @property
    def buckets(self) -> int:
        return max((len(values) for values in self.counts.values()), default=0)

    def totals(self) -> list[int]:
        """Every kind added together, per interval."""
        width = self.buckets
        return [sum(values[index] for values in self.counts.values() if index < len(values))
                for index in range(width)]

    def edge(self, index: int) -> str:
        """The start of interval ``index`` as ISO 8601 UTC."""
        return iso_from_seconds(seconds_of(self.start) + index * self.width_s)


def parse_moment(text: str, *, end: bool = False) -> str:
    """An examiner's date or time (``2024-09-03``, ``2024-09-03T10:00``, ``2024-09-03 10:00:00+02:00``) as ISO
    8601 UTC; without a zone it is UTC. A bare date as an end bound (``end``) means the end of that day."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise UsageError(f"not a date or time: {text!r} (write it as 2024-09-03 or 2024-09-03T10:00:00Z, "
                         "with +02:00 for a zone; without one it is UTC)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if end and len(value) == 10:
        moment = moment.replace(hour=0, minute=0, second=0) + _ONE_DAY
    return iso_from_datetime(moment)


def seconds_of(moment: str) -> float:
    """POSIX seconds of a stored time (``2024-09-03T10:00:00.5Z``)."""
    text = moment[:-1] if moment.endswith("Z") else moment
    parsed = datetime.fromisoformat(text if "T" in text else text + "T00:00:00")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def iso_from_seconds(seconds: float) -> str:
    return iso_from_datetime(datetime.fromtimestamp(seconds, timezone.utc))


def iso_from_datetime(moment: datetime) -> str:
    moment = moment.astimezone(timezone.utc)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


_ONE_DAY = datetime(2000, 1, 2) - datetime(2000, 1, 1)


def _chosen(kinds: Sequence[str] | None, present: Sequence[str]) -> list[str]:
    if kinds is None:
        return list(present)
    unknown = [kind for kind in kinds if kind not in KNOWN_KINDS and kind not in present]
    if unknown:
        raise UsageError(f"unknown timeline kind(s) {', '.join(unknown)}: known kinds are {', '.join(KNOWN_KINDS)}")
    return [kind for kind in dict.fromkeys(kinds)]


def item_date_kinds(case: Case) -> list[str]:
    """The kinds of item dates this case holds (e-mail dates, EXIF, ...), in the order of :data:`KNOWN_KINDS`."""
    with case.reading() as connection:
        found = [row[0] for row in connection.exec_driver_sql(
            "WITH RECURSIVE k(kind) AS (SELECT min(kind) FROM file_dates UNION ALL "
            "SELECT (SELECT min(kind) FROM file_dates WHERE kind > k.kind) FROM k WHERE k.kind IS NOT NULL) "
            "SELECT kind FROM k WHERE kind IS NOT NULL")]
    order = {kind: index for index, kind in enumerate(KNOWN_KINDS)}
    return sorted(found, key=lambda kind: (order.get(kind, len(order)), kind))


def event_kinds(case: Case) -> list[str]:
    """Every kind a timeline of this case can show: the file-system times, its item dates, custody."""
    return [*FILE_SYSTEM_TIMES, *item_date_kinds(case), CUSTODY]


def kind_counts(case: Case, start: str | None = None, end: str | None = None,
                kinds: Sequence[str] | None = None) -> dict[str, int]:
    """How many events of each kind lie in [start, end)."""
    low, high = time_bound(start) or TIME_START, time_bound(end) or TIME_END
    counts: dict[str, int] = {}
    chosen = _chosen(kinds, event_kinds(case))
    with case.reading() as connection:
        for kind in chosen:
            sql, parameters = _count_sql(kind)
            counts[kind] = int(connection.exec_driver_sql(sql, (*parameters, low, high)).scalar() or 0)
    return counts


def _count_sql(kind: str) -> tuple[str, tuple[Any, ...]]:
    if kind in FILE_SYSTEM_TIMES:
        return f"SELECT count(*) FROM files WHERE {kind} >= ? AND {kind} < ?", ()
    if kind == CUSTODY:
        return "SELECT count(*) FROM custody_events WHERE time >= ? AND time < ?", ()
    return "SELECT count(*) FROM file_dates WHERE kind = ? AND time >= ? AND time < ?", (kind,)


def time_bounds(case: Case, kinds: Sequence[str] | None = None) -> tuple[str, str] | None:
    """The first and the last event time among ``kinds`` (every kind by default), or None for an empty timeline."""
    firsts, lasts = [], []
    chosen = _chosen(kinds, event_kinds(case))
    with case.reading() as connection:
        for kind in chosen:
            table, column, where, parameters = _source(kind)
            row = connection.exec_driver_sql(
                f"SELECT (SELECT min({column}) FROM {table} WHERE {where} {column} IS NOT NULL AND {column} != ''), "
                f"(SELECT max({column}) FROM {table} WHERE {where} {column} IS NOT NULL AND {column} != '')",
                (*parameters, *parameters)).first()
            if row is not None and row[0] is not None:
                firsts.append(row[0])
                lasts.append(row[1])
    return (min(firsts), max(lasts)) if firsts else None


def timeline_span(case: Case, kinds: Sequence[str] | None = None) -> tuple[str, str] | None:
    """[start, end) holding every event among ``kinds``: the first event's second to just after the last one,
    the range a whole-case histogram counts over."""
    bounds = time_bounds(case, kinds)
    if bounds is None:
        return None
    first, last = seconds_of(bounds[0]), seconds_of(bounds[1])
    return iso_from_seconds(float(int(first))), iso_from_seconds(float(int(last)) + 1.0)


def _source(kind: str) -> tuple[str, str, str, tuple[Any, ...]]:
    """(table, time column, a condition prefix ending in AND, its parameters) of a kind's events."""
    if kind in FILE_SYSTEM_TIMES:
        return "files", kind, "", ()
    if kind == CUSTODY:
        return "custody_events", "time", "", ()
    return "file_dates", "time", "kind = ? AND", (kind,)


# ---------------------------------------------------------------------------------------------------------- pages

def timeline_page(case: Case, start: str | None = None, end: str | None = None, kinds: Sequence[str] | None = None,
                  *, after: Cursor | None = None, limit: int = PAGE) -> list[TimelineEvent]:
    """Up to ``limit`` events in [start, end) of ``kinds`` (every kind by default), in time order, after
    ``after`` (the last event of the previous page)."""
    if limit < 1:
        raise UsageError("a timeline page holds at least one event")
    low, high = time_bound(start) or TIME_START, time_bound(end) or TIME_END
    chosen = _chosen(kinds, event_kinds(case))
    with case.reading() as connection:
        streams = [_kind_page(connection, kind, low, high, after, limit) for kind in chosen]
    merged = heapq.merge(*streams, key=lambda event: (event.time, event.kind, event.key))
    return [event for _, event in zip(range(limit), merged)]


def iter_timeline(case: Case, start: str | None = None, end: str | None = None,
                  kinds: Sequence[str] | None = None, *, page: int = PAGE) -> Iterator[TimelineEvent]:
    """Every event in [start, end), a page at a time (what ``heroes timeline`` prints)."""
    after: Cursor | None = None
    while True:
        events = timeline_page(case, start, end, kinds, after=after, limit=page)
        yield from events
        if len(events) < page:
            return
        after = events[-1].cursor


def _kind_page(connection: Any, kind: str, low: str, high: str, after: Cursor | None,
               limit: int) -> list[TimelineEvent]:
    """One kind's next ``limit`` events, on its time index."""
    if kind in FILE_SYSTEM_TIMES:
        time_sql, key_sql = f"f.{kind}", "f.id"
        select = (f"SELECT {time_sql}, f.id, f.path, f.evidence_id, f.deleted, NULL FROM files f "
                  f"WHERE {time_sql} >= ? AND {time_sql} < ?")
        parameters: list[Any] = [low, high]
    elif kind == CUSTODY:
        time_sql, key_sql = "c.time", "c.seq"
        select = ("SELECT c.time, c.seq, NULL, NULL, NULL, c.action || ' by ' || c.actor FROM custody_events c "
                  "WHERE c.time >= ? AND c.time < ?")
        parameters = [low, high]
    else:
        time_sql, key_sql = "d.time", "d.file_id"
        select = ("SELECT d.time, d.file_id, f.path, f.evidence_id, f.deleted, d.source FROM file_dates d "
                  "JOIN files f ON f.id = d.file_id WHERE d.kind = ? AND d.time >= ? AND d.time < ?")
        parameters = [kind, low, high]
    if after is not None:
        if kind > after.kind:
            select += f" AND {time_sql} >= ?"
            parameters.append(after.time)
        elif kind < after.kind:
            select += f" AND {time_sql} > ?"
            parameters.append(after.time)
        else:
            select += f" AND ({time_sql} > ? OR ({time_sql} = ? AND {key_sql} > ?))"
            parameters += [after.time, after.time, after.key]
    select += f" ORDER BY {time_sql}, {key_sql} LIMIT ?"
    parameters.append(limit)
    events = []
    for time, key, path, evidence_id, deleted, detail in connection.exec_driver_sql(select, tuple(parameters)):
        custody = kind == CUSTODY
        events.append(TimelineEvent(time, kind, None if custody else int(key), path, evidence_id,
                                    None if deleted is None else bool(deleted), detail, int(key)))
    return events


# ------------------------------------------------------------------------------------------------------- counting

def histogram(case: Case, start: str, end: str, buckets: int, kinds: Sequence[str] | None = None) -> Histogram:
    """Counts per interval: [start, end) cut into ``buckets`` equal intervals, for each kind (every kind by
    default). Computed in SQLite (its date functions read the stored ``Z`` times with any digits of a fraction), one grouped scan of each kind's time index over the range."""
    if not 1 <= buckets <= MAX_BUCKETS:
        raise UsageError(f"a histogram has 1 to {MAX_BUCKETS} intervals, not {buckets}")
    first, last = seconds_of(start), seconds_of(end)
    if last <= first:
        raise UsageError("the end of a timeline range comes after its start")
    width = (last - first) / buckets
    low, high = time_bound(start) or TIME_START, time_bound(end) or TIME_END
    counts: dict[str, list[int]] = {}
    chosen = _chosen(kinds, event_kinds(case))
    with case.reading() as connection:
        for kind in chosen:
            table, column, where, parameters = _source(kind)
            values = [0] * buckets
            sql = (f"SELECT CAST((julianday({column}) - julianday(?)) * 86400.0 / ? AS INTEGER) AS b, count(*) "
                   f"FROM {table} WHERE {where} {column} >= ? AND {column} < ? GROUP BY b")
            for bucket, count in connection.exec_driver_sql(sql, (start, width, *parameters, low,
                                                                     high)):
                if bucket is not None and 0 <= bucket < buckets:
                    values[int(bucket)] += int(count)
                elif bucket is not None and bucket >= buckets:  # the last second's fraction, rounded up
                    values[-1] += int(count)
            counts[kind] = values
    return Histogram(iso_from_seconds(first), iso_from_seconds(last), width, counts)


__all__ = ["CUSTODY", "Cursor", "Histogram", "ITEM_DATE_KINDS", "KNOWN_KINDS", "TimelineEvent", "event_kinds",
           "histogram", "item_date_kinds", "iter_timeline", "kind_counts", "parse_moment", "seconds_of",
           "time_bounds", "timeline_page", "timeline_span"]
