"""The file table's model: the ids of every matching file (from the core, sorted and filtered in SQL) and rows
fetched in pages only when the view paints them.

A million ids are eight megabytes; a million rows would be gigabytes and seconds. So the model holds the id array
of :func:`heroes_desktop.browse.file_query.matching_ids` and asks :func:`rows_for` for one page (``PAGE_ROWS``) at a
time through ``session.jobs.read``; until a page arrives its cells show a placeholder. A new query (a sort, a filter)
cancels what the previous one still had in flight, so a late answer never paints over a newer one.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, Signal)

from heroes_desktop.browse.columns import COLUMNS, Column
from heroes_desktop.browse.file_query import FileQuery, matching_ids, rows_for
from heroes_desktop.core.errors import HeroesError
from heroes_desktop.search.fulltext import snippets_for
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession

PAGE_ROWS = 200
CACHED_PAGES = 64  # about 13,000 rows kept; pages further away are fetched again when scrolled back to
PAGES_IN_FLIGHT = 2
QUEUED_PAGES = 6  # pages asked for while scrolling fast: only the latest few are worth reading
PLACEHOLDER = "…"
SNIPPET_KEY = "snippet"  # a column shown only while a search gives snippets

FILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's file id, whether or not its page has arrived
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the cell's value as the core gave it (None until loaded)
COLUMN_KEY_ROLE = Qt.ItemDataRole.UserRole + 3  # header: the column's key

Index = QModelIndex | QPersistentModelIndex
# What an examiner reads first: the file, then what the analysis says of it, then the rest of `heroes files`.
WINDOW_ORDER = ("name", "path", "size", "mtime", "crtime", "mime", "deleted", "extension_mismatch", "hash_hits",
                "hash_category", "category", "triage_score", "tags")


def window_columns(columns: Sequence[Column] = COLUMNS) -> tuple[Column, ...]:
    """The core's columns in the window's default order (``WINDOW_ORDER`` first, the others as the core has them)."""
    first = [column for key in WINDOW_ORDER for column in columns if column.key == key]
    return (*first, *(column for column in columns if column.key not in WINDOW_ORDER))


def _alignments(columns: Sequence[Column | None]) -> tuple[Any, ...]:
    return tuple(_RIGHT if column is not None and column.filter_kind == "number" else None for column in columns)


def column_title(column: Column) -> str:
    """A column's title in the window's language (the core's English title through Qt's translation)."""
    return QCoreApplication.translate("Columns", column.title)


class FileTableModel(QAbstractTableModel):
    """Rows are the files matching :attr:`query`, in its order; columns are the core's :data:`COLUMNS`.

    Signals: ``query_started(query)``, ``query_applied(query, count)`` once the new ids are in, ``query_failed(query,
    message)`` with the core's one-line message (a bad search, a bad filter value), ``page_loaded(first_row,
    last_row)`` when rows arrive.
    """

    query_started = Signal(object)
    query_applied = Signal(object, int)
    query_failed = Signal(object, str)
    page_loaded = Signal(int, int)

    def __init__(self, session: CaseSession, columns: Sequence[Column] = COLUMNS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._base_columns: tuple[Column, ...] = window_columns(columns)
        self._columns: tuple[Column | None, ...] = self._base_columns  # None: the snippet column
        self._query = FileQuery()
        self._shown_query = self._query
        self._ids: array = array("q")
        self._snippets: dict[int, str] = {}
        self._mask: Callable[[str | None], str] | None = None  # presentation-safe mode (set_masking)
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._last_page = -1
        self._in_flight: dict[int, Job] = {}
        self._queued: OrderedDict[int, None] = OrderedDict()
        self._generation = 0
        self._query_job: Job | None = None
        self._loading = False
        self._alignments = _alignments(self._columns)

    # ------------------------------------------------------------------------------------------------ the query

    @property
    def query(self) -> FileQuery:
        """The query whose ids are shown (or being read, while :attr:`loading`); after a query failed, the one
        still shown."""
        return self._query

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def ids(self) -> array:
        """Every shown file id, in row order (do not change it)."""
        return self._ids

    def set_query(self, query: FileQuery, snippets: dict[int, str] | None = None) -> Job:
        """Read the ids of ``query`` off the GUI thread, then show them; a query still running is superseded."""
        if self._query_job is not None:
            self._query_job.cancel()
        self._query = query
        self._loading = True
        self.query_started.emit(query)
        case = self._session.case

        def done(ids: array) -> None:
            self._query_job = None
            self._loading = False
            self._shown_query = query
            self._show(ids, snippets or {})
            self.query_applied.emit(query, len(ids))

        def failed(error: BaseException) -> None:
            self._query_job = None
            self._loading = False
            self._query = self._shown_query  # the rows shown are still those of the last query that ran
            if not isinstance(error, (HeroesError, ValueError)):
                report_unexpected(error, "file table: matching files")
            self.query_failed.emit(query, user_message(error))

        self._query_job = self._session.jobs.read("file table: matching files", lambda: matching_ids(case, query),
                                                  done, failed)
        return self._query_job

    def refresh(self) -> Job:
        """Run the current query again (new files landed, tags changed what a category holds)."""
        return self.set_query(self._query, self._snippets)

    def refresh_rows(self) -> None:
        """Keep the ids, read the shown rows again (a tag changed a row's category or tags column)."""
        self._drop_pages()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._columns) - 1))

    def _show(self, ids: array, snippets: dict[int, str]) -> None:
        self.beginResetModel()
        self._drop_pages()
        self._ids = ids
        self._snippets = dict(snippets)
        base = self._base_columns  # the snippet goes beside the name
        self._columns = ((base[0], None, *base[1:]) if self._snippets else base)
        self._alignments = _alignments(self._columns)
        self.endResetModel()

    def _drop_pages(self) -> None:
        self._generation += 1
        for job in self._in_flight.values():
            job.cancel()
        self._in_flight.clear()
        self._queued.clear()
        self._pages.clear()
        self._last_page = -1

    # ---------------------------------------------------------------------------------------------- the columns

    def column(self, section: int) -> Column | None:
        """The core column shown in ``section``; None for the snippet column."""
        return self._columns[section]

    def column_key(self, section: int) -> str:
        column = self._columns[section]
        return SNIPPET_KEY if column is None else column.key

    def section_of(self, key: str) -> int:
        """The section showing column ``key``, or -1."""
        for section in range(len(self._columns)):
            if self.column_key(section) == key:
                return section
        return -1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new query: the core sorts every row in SQL, not the rows already fetched."""
        if not 0 <= column < len(self._columns):
            return
        spec = self._columns[column]
        if spec is None or not spec.sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._query.sort, self._query.descending) == (spec.key, descending) and not self._loading:
            return
        self.set_query(replace(self._query, sort=spec.key, descending=descending), self._snippets)

    # ------------------------------------------------------------------------------------------- the rows

    def file_id(self, row: int) -> int:
        return int(self._ids[row])

    def row_of(self, file_id: int) -> int:
        """The row showing ``file_id``, or -1 (a scan of the id array: milliseconds at a million rows)."""
        try:
            return self._ids.index(file_id)
        except ValueError:
            return -1

    def row_loaded(self, row: int) -> bool:
        return row // PAGE_ROWS in self._pages

    @property
    def snippets(self) -> dict[int, str]:
        """The search's snippets by file id (empty without a search)."""
        return dict(self._snippets)

    def snippet(self, file_id: int) -> str | None:
        return self._snippets.get(file_id)

    def _page(self, page: int) -> _Page | None:
        """The page's rows if read (keeping it the most recent in the cache), else ask for it and None."""
        cached = self._pages.get(page)
        if cached is None:
            self._want(page)
        elif page != self._last_page:
            self._pages.move_to_end(page)
            self._last_page = page
        return cached

    def _row(self, row: int) -> Any | None:
        cached = self._page(row // PAGE_ROWS)
        if cached is None:
            return None
        offset = row % PAGE_ROWS
        return cached.rows[offset] if offset < len(cached.rows) else None

    def _want(self, page: int) -> None:
        if page in self._in_flight:
            return
        self._queued[page] = None
        self._queued.move_to_end(page)
        while len(self._queued) > QUEUED_PAGES:
            self._queued.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        while self._queued and len(self._in_flight) < PAGES_IN_FLIGHT:
            page, _ = self._queued.popitem(last=True)  # the latest asked for: where the view is now
            self._fetch(page)

    def _fetch(self, page: int) -> None:
        generation = self._generation
        first = page * PAGE_ROWS
        ids = self._ids[first:first + PAGE_ROWS].tolist()
        case, columns, snippets = self._session.case, self._columns, dict(self._snippets)
        search = self._shown_query.search if None in columns else None

        def work() -> _Page:  # on a reader thread: the core's rows, and their cells' text made there too
            by_id = {row.id: row for row in rows_for(case, ids)}
            rows = [by_id.get(file_id) for file_id in ids]
            extra: dict[int, str] = {}
            missing = [file_id for file_id in ids if file_id not in snippets]
            if search and missing:  # hits past the first page get their snippets as they are shown
                extra = snippets_for(case, search, missing)
                snippets.update(extra)
            return _Page(rows, [_cells(row, file_id, columns, snippets) for row, file_id in zip(rows, ids)], extra)

        def done(cached: _Page) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            self._snippets.update(cached.snippets)
            self._pages[page] = cached
            self._last_page = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            last = first + len(ids) - 1
            if ids:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1),
                                      [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
                self.page_loaded.emit(first, last)
            self._pump()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            empty = tuple("" for _ in columns)  # shown empty; the error goes to the crash log, not a loop
            self._pages[page] = _Page([None] * len(ids), [empty] * len(ids))
            report_unexpected(error, "file table: reading rows")
            self._pump()

        self._in_flight[page] = self._session.jobs.read("file table: rows", work, done, failed)

    # --------------------------------------------------------------------------------------- the Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Snippet") if column is None else column_title(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is None:
                return self.tr("Where the search matched")
            title = column_title(column)
            return title if column.sortable else self.tr("%1 (not sortable)").replace("%1", title)
        if role == COLUMN_KEY_ROLE:
            return self.column_key(section)
        return None

    MASKED_COLUMNS = frozenset({"name", "path", "folder"})

    def set_masking(self, mask: Callable[[str | None], str] | None) -> None:
        """Presentation-safe mode: names, paths and snippets shown through ``mask``; None shows them again."""
        self._mask = mask
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [_DISPLAY, _TOOLTIP])

    def _masked(self, column: int) -> bool:
        spec = self._columns[column] if 0 <= column < len(self._columns) else None
        return spec is None or spec.key in self.MASKED_COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Painting asks for every visible cell several times a frame: the display text is made when the page is
        read (off the GUI thread), so this is a lookup; other roles are answered without touching a row."""
        mask = getattr(self, "_mask", None)
        if mask is not None and role in (_DISPLAY, _TOOLTIP) and index.isValid() and self._masked(index.column()):
            value = self._data(index, role)
            return mask(value) if isinstance(value, str) and value and value != PLACEHOLDER else value
        return self._data(index, role)

    def _data(self, index: Index, role: int) -> Any:
        if role == _DISPLAY:
            row = index.row()
            cached = self._pages.get(row // PAGE_ROWS) if row >= 0 else None
            if cached is None:
                if not index.isValid() or row >= len(self._ids):
                    return None
                self._page(row // PAGE_ROWS)
                return PLACEHOLDER
            if row // PAGE_ROWS != self._last_page:
                self._page(row // PAGE_ROWS)
            offset = row % PAGE_ROWS
            return cached.cells[offset][index.column()] if offset < len(cached.cells) else None
        if role == _ALIGNMENT:
            return self._alignments[index.column()] if index.isValid() else None
        if role not in _OTHER_ROLES or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row_number, column = index.row(), self._columns[index.column()]
        if role == FILE_ID_ROLE:
            return int(self._ids[row_number])
        if column is None:
            text = self._snippets.get(int(self._ids[row_number]))
            return text if role == _TOOLTIP else None
        record = self._row(row_number)
        if record is None:
            return None
        value = record.value(column.key)
        if role == RAW_VALUE_ROLE:
            return value
        return None if value is None or value == "" else str(value)  # the tooltip: the whole value


@dataclass
class _Page:
    """One page as read: the core's rows (None where a file is gone) and each row's display text per column."""

    rows: list[Any]
    cells: list[tuple[str, ...]]
    snippets: dict[int, str] = field(default_factory=dict)  # snippets read with this page (beyond the first hits)


def _cells(row: Any, file_id: int, columns: Sequence[Column | None], snippets: dict[int, str]) -> tuple[str, ...]:
    if row is None:
        return tuple("" for _ in columns)
    return tuple(snippets.get(file_id, "") if column is None else display_text(column, row.value(column.key))
                 for column in columns)


def display_text(column: Column, value: Any) -> str:
    """A cell's text: numbers grouped in the window's locale, times to the second, yes for true flags."""
    if value is None:
        return ""
    if isinstance(value, bool) or column.filter_kind == "bool":
        return QCoreApplication.translate("FileTableModel", "yes") if value else ""
    if column.filter_kind == "number" and isinstance(value, int):
        return QLocale().toString(value)
    if column.filter_kind == "number" and isinstance(value, float):
        return QLocale().toString(value, "f", 2)
    if column.filter_kind == "time" and isinstance(value, str):
        return value.replace("T", " ")[:19]
    return str(value)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_OTHER_ROLES = frozenset({_TOOLTIP, int(FILE_ID_ROLE), int(RAW_VALUE_ROLE)})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
