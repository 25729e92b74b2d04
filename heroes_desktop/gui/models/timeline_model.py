"""The timeline's event list: the events of a range and of the chosen kinds, in time order, a page at a time.

Rows are never all read: the first page comes with the range, the next ones when the view scrolls near the end
(``canFetchMore`` / ``fetchMore``), each page read in a background job from the last event's cursor
(:func:`heroes_desktop.timeline.events.timeline_page`). How many events the range holds is counted apart
(:func:`~heroes_desktop.timeline.events.kind_counts`), so the panel can say "1,000 shown of 840,000". Times are shown
in the examiner's zone with the zone written beside them; the stored UTC is the tooltip and :data:`UTC_ROLE`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt,
                            Signal)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.timeline.events import CUSTODY, Cursor, TimelineEvent, kind_counts, timeline_page
from heroes_desktop.timeline.zones import UTC, format_time

EVENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's TimelineEvent
UTC_ROLE = Qt.ItemDataRole.UserRole + 2  # its stored time, ISO 8601 UTC
# A page is read from each kind's index and merged: 250 events ask for up to 250 of each kind. Pages of 1,000 held
# the interpreter long enough (about 8,000 rows made into events) to keep the GUI thread from it for 100 ms at
# 840,000 events on two cores; pages of 250 kept it under 25 ms, and a screen shows 30 rows.
PAGE = 250
MAX_ROWS = 200_000  # the list stops here and says so: a narrower range shows the rest
TIME, KIND, PATH, FILE_ID = range(4)

Index = QModelIndex | QPersistentModelIndex

KIND_TITLES = {  # what each kind of event is (translated when shown); the kinds are shown as the CLI prints them
    "mtime": "modified (file system)",
    "atime": "accessed (file system)",
    "ctime": "metadata changed (file system)",
    "crtime": "created (file system)",
    "email-date": "e-mail Date header",
    "doc-created": "document created (its metadata)",
    "doc-modified": "document modified (its metadata)",
    "doc-printed": "document printed (its metadata)",
    "exif-taken": "picture taken (EXIF)",
    "exif-digitized": "picture digitised (EXIF)",
    "gps-time": "GPS time (EXIF)",
    CUSTODY: "custody event (the case's own log)",
}


def kind_title(kind: str) -> str:
    """What a kind of event is, in the window's language."""
    title = KIND_TITLES.get(kind)
    return QCoreApplication.translate("Timeline", title) if title else kind


class TimelineModel(QAbstractTableModel):
    """Events of [start, end) among ``kinds``, paged. ``page_loaded()`` after each page lands, ``total_changed()``
    when the range's count is known, ``load_failed(message)``."""

    page_loaded = Signal()
    total_changed = Signal()
    load_failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QObject | None = None, *, page: int = PAGE,
                 max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self._session = session
        self._page = page
        self._max_rows = max_rows
        self._events: list[TimelineEvent] = []
        self._range: tuple[str | None, str | None, tuple[str, ...]] | None = None
        self._zone = UTC
        self._mask: Callable[[str | None], str] | None = None
        self._exhausted = True
        self._page_job: Job | None = None
        self._count_job: Job | None = None
        self._generation = 0
        self.total: int | None = None  # events in the range, once counted
        self._closed = False

    # ------------------------------------------------------------------------------------------------ state

    @property
    def loading(self) -> bool:
        return self._page_job is not None or self._count_job is not None

    @property
    def query(self) -> tuple[str | None, str | None, tuple[str, ...]] | None:
        """(start, end, kinds) shown now."""
        return self._range

    @property
    def capped(self) -> bool:
        """The list stopped at :data:`MAX_ROWS` with more events after."""
        return len(self._events) >= self._max_rows and not self._exhausted

    @property
    def zone(self) -> str:
        return self._zone

    def event_at(self, row: int) -> TimelineEvent:
        return self._events[row]

    def events(self) -> list[TimelineEvent]:
        return list(self._events)

    def set_range(self, start: str | None, end: str | None, kinds: Sequence[str]) -> None:
        """Show the events of [start, end) among ``kinds`` (none: an empty list), from the first page."""
        wanted = (start, end, tuple(kinds))
        if wanted == self._range:
            return
        self._cancel()
        self._generation += 1
        self.beginResetModel()
        self._range = wanted
        self._events = []
        self._exhausted = not wanted[2]
        self.total = 0 if not wanted[2] else None
        self.endResetModel()
        self.total_changed.emit()
        if wanted[2]:
            self._fetch(None)
            self._count()

    def reload(self) -> None:
        """Read the same range again (new events landed)."""
        current, self._range = self._range, None
        if current is not None:
            self.set_range(*current)

    def set_zone(self, zone: str) -> None:
        if zone == self._zone:
            return
        self._zone = zone
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, TIME, TIME)
        if self._events:
            self.dataChanged.emit(self.index(0, TIME), self.index(len(self._events) - 1, TIME))

    def set_masking(self, mask: Callable[[str | None], str] | None) -> None:
        """Presentation-safe mode: paths shown through ``mask`` (None: as they are)."""
        self._mask = mask
        if self._events:
            self.dataChanged.emit(self.index(0, PATH), self.index(len(self._events) - 1, PATH))

    def shutdown(self) -> None:
        self._closed = True
        self._cancel()

    # ------------------------------------------------------------------------------------------------ reading

    def _cancel(self) -> None:
        for job in (self._page_job, self._count_job):
            if job is not None:
                job.cancel()
        self._page_job = self._count_job = None

    def _fetch(self, after: Cursor | None) -> None:
        if self._closed or self._range is None:
            return
        start, end, kinds = self._range
        case, generation, limit = self._session.case, self._generation, self._page

        def done(events: list[TimelineEvent]) -> None:
            if generation != self._generation:
                return
            room = self._max_rows - len(self._events)
            events = list(events)[:room]
            self._exhausted = len(events) < limit or room <= 0
            if events:
                first = len(self._events)
                self.beginInsertRows(QModelIndex(), first, first + len(events) - 1)
                self._events.extend(events)
                self.endInsertRows()
            self._page_job = None  # only now: a view asks for more while the rows go in, and must wait for them
            self.page_loaded.emit()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._page_job = None
            self._exhausted = True
            self.load_failed.emit(user_message(error))

        self._page_job = self._session.jobs.read(
            "timeline: events", lambda: timeline_page(case, start, end, kinds, after=after, limit=limit), done, failed)

    def _count(self) -> None:
        if self._closed or self._range is None:
            return
        start, end, kinds = self._range
        case, generation = self._session.case, self._generation

        def done(counts: dict[str, int]) -> None:
            if generation != self._generation:
                return
            self._count_job = None
            self.total = sum(counts.values())
            self.total_changed.emit()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._count_job = None
            self.load_failed.emit(user_message(error))

        self._count_job = self._session.jobs.read(
            "timeline: event count", lambda: kind_counts(case, start, end, kinds), done, failed)

    # --------------------------------------------------------------------------------------------- Qt model

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return (not parent.isValid() and not self._exhausted and self._page_job is None
                and len(self._events) < self._max_rows and bool(self._events))

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self._fetch(self._events[-1].cursor)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == TIME:
            return self.tr("Time (%1)").replace("%1", self._zone)
        return {KIND: self.tr("Kind"), PATH: self.tr("Path or detail"), FILE_ID: self.tr("File id")}.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == TIME:
                return format_time(event.time, self._zone)
            if column == KIND:
                return event.kind
            if column == PATH:
                return self._path_text(event)
            if column == FILE_ID:
                return "" if event.file_id is None else str(event.file_id)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TIME:
                return self.tr("Stored as %1 (UTC)").replace("%1", event.time)
            if column == KIND:
                return kind_title(event.kind)
            if column == PATH:
                return self._path_tooltip(event)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == FILE_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EVENT_ROLE:
            return event
        if role == UTC_ROLE:
            return event.time
        return None

    def _path_text(self, event: TimelineEvent) -> str:
        if event.kind == CUSTODY or event.path is None:
            return event.detail or ""
        return self._mask(event.path) if self._mask is not None else event.path

    def _path_tooltip(self, event: TimelineEvent) -> str:
        if event.kind == CUSTODY or event.path is None:
            return event.detail or ""
        parts = [self._path_text(event)]
        if event.detail:
            parts.append(self.tr("read from: %1").replace("%1", event.detail))
        if event.deleted:
            parts.append(self.tr("deleted"))
        return "\n".join(parts)
