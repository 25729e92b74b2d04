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
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, Signal)

from heroes_desktop.browse.columns import COLUMNS, Column
from heroes_desktop.browse.file_query import FileQuery, matching_ids, rows_for
from heroes_desktop.gui.errors import user_message
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
        self._base_columns: tuple[Column, ...] = tuple(columns)
        self._columns: tuple[Column | None, ...] = self._base_columns  # None: the snippet column
        self._query = FileQuery()
        self._ids: array = array("q")
        self._snippets: dict[int, str] = {}
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._in_flight: dict[int, Job] = {}
        self._queued: OrderedDict[int, None] = OrderedDict()
        self._generation = 0
        self._query_job: Job | None = None
        self._loading = False
        self._locale = QLocale()

    # ------------------------------------------------------------------------------------------------ the query

    @property
    def query(self) -> FileQuery:
        """The query whose ids are shown (or being read, while :attr:`loading`)."""
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
            self._show(ids, snippets or {})
            self.query_applied.emit(query, len(ids))

        def failed(error: BaseException) -> None:
            self._query_job = None
            self._loading = False
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
        self._columns = ((None, *self._base_columns) if self._snippets else self._base_columns)
        self.endResetModel()

    def _drop_pages(self) -> None:
        self._generation += 1
        for job in self._in_flight.values():
            job.cancel()
        self._in_flight.clear()
        self._queued.clear()
        self._pages.clear()

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

    def _row(self, row: int) -> Any | None:
        page = row // PAGE_ROWS
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            return None
        self._pages.move_to_end(page)
        offset = row - page * PAGE_ROWS
        return rows[offset] if offset < len(rows) else None

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
        case = self._session.case

        def done(rows: list[Any]) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            by_id = {row.id: row for row in rows}
            self._pages[page] = [by_id.get(file_id) for file_id in ids]
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            last = first + len(ids) - 1
            if ids:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))
                self.page_loaded.emit(first, last)
            self._pump()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            self._pages[page] = [None] * len(ids)  # shown empty; the error goes to the crash log, not a loop
            from heroes_desktop.gui.errors import report_unexpected
            report_unexpected(error, "file table: reading rows")
            self._pump()

        self._in_flight[page] = self._session.jobs.read("file table: rows", lambda: rows_for(case, ids), done, failed)

    # --------------------------------------------------------------------------------------- the Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row_number, column = index.row(), self._columns[index.column()]
        if role == FILE_ID_ROLE:
            return int(self._ids[row_number])
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, RAW_VALUE_ROLE,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        if column is None:
            text = self._snippets.get(int(self._ids[row_number]), "")
            return text if role != Qt.ItemDataRole.TextAlignmentRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.filter_kind == "number":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self._row(row_number)
        if row is None:
            return None if role == RAW_VALUE_ROLE else PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        value = row.value(column.key)
        if role == RAW_VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if value is None or value == "" else str(value)
        return self._display(column, value)

    def _display(self, column: Column, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or column.filter_kind == "bool":
            return self.tr("yes") if value else ""
        if column.filter_kind == "number" and isinstance(value, int):
            return self._locale.toString(value)
        if column.filter_kind == "number" and isinstance(value, float):
            return self._locale.toString(value, "f", 2)
        if column.filter_kind == "time" and isinstance(value, str):
            return value.replace("T", " ")[:19]
        return str(value)
