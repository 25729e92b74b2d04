"""The file table panel: every file of the scope (a category, a folder, search hits), sortable by any column and
filterable per column, the applied filters shown as removable chips above it, categorise and bookmark keys on it.

Sorting and filtering are new core queries over every row (SQL), never a sort of the rows on screen; the model
fetches rows in pages as they are painted.
"""

from __future__ import annotations

import json

import re
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QMenu, QTableView, QVBoxLayout, QWidget)

from heroes_desktop.browse.categories import TITLES as CATEGORY_TITLES
from heroes_desktop.browse.columns import COLUMNS, Column
from heroes_desktop.browse.file_query import RANK, ColumnFilter, FileQuery, FolderRef, Scope
from heroes_desktop.core.errors import UsageError
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.models.file_table_model import FILE_ID_ROLE, RAW_VALUE_ROLE, FileTableModel, column_title
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry, shortcuts_of
from heroes_desktop.gui.views.categorise import FILE_TABLE_CONTEXT, Categoriser
from heroes_desktop.gui.views.filter_chips import FilterChips

_KEEP: Any = object()  # apply_query_part: leave this part as it is

OPERATORS: dict[str, tuple[str, ...]] = {
    "text": ("contains", "=", "!="),
    "number": ("=", "!=", ">=", "<="),
    "bool": ("is-true", "is-false"),
    "time": (">=", "<=", "=", "!="),
    "choice": ("=", "!="),
}
FILTER_ACTION = "file_table.filter_column"
SORT_ACTION = "file_table.sort_column"
CLEAR_FILTERS_ACTION = "file_table.clear_filters"
DEFAULT_WIDTHS = {"snippet": 360, "name": 220, "path": 320, "folder": 200, "md5": 250, "sha1": 300, "sha256": 420,
                  "ed2k": 250, "mime": 180, "id": 70, "size": 90, "mtime": 150, "atime": 150, "ctime": 150,
                  "crtime": 150}
HIDDEN = frozenset({"atime", "ctime", "inode", "sha1", "ed2k", "realloc", "parent_id", "snapshot", "partition",
                    "encrypted", "container"})  # shown from the header's menu (Columns)
KEEP_SELECTED = 1000
ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2}([ T]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?")  # selected files kept across a refresh (each is a scan of the id array)


def parse_filter_value(column: Column, op: str, text: str) -> Any:
    """The value of a filter as the core compares it; ValueError with a line for the examiner."""
    if op in ("is-true", "is-false"):
        return None
    text = text.strip()
    if not text:
        raise ValueError("give a value to compare with")
    if column.filter_kind == "time":
        if not ISO_PREFIX.fullmatch(text):
            raise ValueError(f"{text!r} is not a date or time: 2024-05-01, 2024-05-01 13:00 or 2024-05")
        return text
    if column.filter_kind == "number":
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
    return text


class FilterDialog(QDialog):
    """One column's filter: an operator fitting the column's kind and a value (checked before it closes)."""

    def __init__(self, column: Column, parent: QWidget | None = None, value: str = "") -> None:
        super().__init__(parent)
        self.column = column
        self.setWindowTitle(self.tr("Filter: %1").replace("%1", column.title))
        self.op = QComboBox(self)
        self.op.setAccessibleName(self.tr("Comparison"))
        for op in OPERATORS.get(column.filter_kind, ("=", "!=")):
            self.op.addItem(_op_title(op), op)
        self.value = QLineEdit(value, self)
        self.value.setAccessibleName(self.tr("Value"))
        if column.filter_kind == "time":
            self.value.setPlaceholderText(self.tr("2024-05-01 or 2024-05-01T13:00:00"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: palette(link-visited); font-weight: bold;")
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("&Comparison:"), self.op)
        form.addRow(self.tr("&Value:"), self.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.op.currentIndexChanged.connect(self._op_changed)
        self._op_changed()
        self.result_filter: ColumnFilter | None = None

    def _op_changed(self) -> None:
        self.value.setEnabled(self.op.currentData() not in ("is-true", "is-false"))

    def accept(self) -> None:
        op = self.op.currentData()
        try:
            value = parse_filter_value(self.column, op, self.value.text())
            self.result_filter = ColumnFilter(self.column.key, op, value)
        except (ValueError, UsageError) as error:
            self.error.setText(user_message(error))
            self.error.setVisible(True)
            return
        super().accept()


def _op_title(op: str) -> str:
    titles = {"contains": "contains", "=": "is", "!=": "is not", ">=": "at least / from", "<=": "at most / until",
              "is-true": "yes", "is-false": "no"}
    return QCoreApplication.translate("FilterDialog", titles.get(op, op))


class FileTableView(QWidget):
    """The file table panel.

    Signals: ``selection_changed(list[int])`` (the selected file ids), ``current_item_changed(int | None)`` (the
    item with the cursor, for the viewers), ``query_changed(FileQuery)`` once a query's ids are shown,
    ``scope_removed(str)`` ("category", "folder", "search") when the examiner removes that chip, so the panel that
    set it can clear its own selection.
    """

    selection_changed = Signal(list)
    current_item_changed = Signal(object)
    query_changed = Signal(object)
    scope_removed = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *,
                 registry: ShortcutRegistry | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("file_table")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self.model = FileTableModel(session, COLUMNS, self)
        self.chips = FilterChips(self)
        self.table = QTableView(self)
        self.table.setObjectName("file_table_view")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no resize-to-contents over a million rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(120)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionClicked.connect(self._header_clicked)
        self.status = QLabel(self)
        self.status.setObjectName("file_table_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chips)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.table)
        self._error = ""
        self._message = ""
        self._count_text = ""
        self._category_titles: dict[str, str] = {}
        self.filter_dialog: FilterDialog | None = None
        self._keep: tuple[Any, list[int], int, FileQuery] | None = None
        self.chips.removed.connect(self._chip_removed)
        self.chips.cleared.connect(self.clear_filters)
        self.chips.focus_left.connect(lambda: self.table.setFocus(Qt.FocusReason.OtherFocusReason))
        self.model.query_started.connect(self._query_started)
        self.model.query_applied.connect(self._query_applied)
        self.model.query_failed.connect(self._query_failed)
        self._column_state: tuple[list[str], Any, dict[str, tuple[int, bool]]] | None = None
        self.model.modelAboutToBeReset.connect(self._save_columns)
        self.model.modelReset.connect(self._columns_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.categorise = Categoriser(session, self, self.selected_ids, self._registry, FILE_TABLE_CONTEXT)
        self.categorise.tagged.connect(self._tagged)
        self.categorise.message.connect(self.show_message)
        self.categorise.failed.connect(self.show_error)
        self.actions_by_id: dict[str, QAction] = dict(self.categorise.actions)
        self._register_actions()
        self._show_chips()
        self._columns_changed()
        if load:
            self.model.set_query(FileQuery())

    # -------------------------------------------------------------------------------------------- the query

    @property
    def query(self) -> FileQuery:
        return self.model.query

    def apply_query_part(self, part: dict[str, Any] | None = None, *, category: str | None = _KEEP,
                         folder: FolderRef | None = _KEEP, scope: Scope | None = _KEEP,
                         filters: tuple[ColumnFilter, ...] = _KEEP,
                         search: str | None = _KEEP, snippets: dict[int, str] | None = None, sort: str = _KEEP,
                         descending: bool = _KEEP) -> None:
        """Change some parts of the table's query (the rest stays) and run it: the tree sets ``folder``, the
        categories ``category``, the search box ``search`` (with its ``snippets``), the header ``sort``, the
        people, topics and timeline panels ``scope`` (an entity's files, a topic's documents, a stretch of time).
        ``part`` is the same as a dict (what the panels' ``query_part_changed`` carries)."""
        if part:
            unknown = set(part) - {"category", "folder", "scope", "filters", "search", "snippets", "sort",
                                   "descending"}
            if unknown:
                raise TypeError(f"unknown query parts: {', '.join(sorted(unknown))}")
            self.apply_query_part(**part)
            return
        changes = {name: value for name, value in (("category", category), ("folder", folder), ("scope", scope),
                                                     ("filters", filters), ("search", search), ("sort", sort),
                                                     ("descending", descending)) if value is not _KEEP}
        if "filters" in changes:
            changes["filters"] = tuple(changes["filters"])
        current = self.model.query
        if "search" in changes and "sort" not in changes:  # hits come best first until the examiner sorts
            if changes["search"] and current.sort == "id" and not current.search:
                changes["sort"], changes["descending"] = RANK, False
            elif not changes["search"] and current.sort == RANK:
                changes["sort"], changes["descending"] = "id", False
        query = replace(current, **changes)
        keep_snippets = snippets if snippets is not None else (
            self._snippets() if query.search and query.search == self.model.query.search else None)
        self._error = ""
        self.model.set_query(query, keep_snippets if query.search else None)
        self._show_chips()

    def add_filter(self, column_filter: ColumnFilter) -> None:
        """Add one column filter (a filter of the same column and operator is replaced)."""
        kept = tuple(f for f in self.model.query.filters if (f.key, f.op) != (column_filter.key, column_filter.op))
        self.apply_query_part(filters=(*kept, column_filter))

    def remove_filter(self, column_filter: ColumnFilter) -> None:
        self.apply_query_part(filters=tuple(f for f in self.model.query.filters if f != column_filter))

    def clear_filters(self) -> None:
        """Remove every chip: column filters and scopes."""
        query = self.model.query
        removed = [name for name in ("category", "folder", "search") if getattr(query, name) is not None]
        self.apply_query_part(category=None, folder=None, filters=(), search=None)
        for name in removed:
            self.scope_removed.emit(name)

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: names, paths and snippets masked in the table (the window calls this)."""
        from heroes_desktop.gui.exposure import mask_text

        self.model.set_masking(mask_text if enabled else None)

    def refresh(self) -> None:
        """Run the query again (files landed from an ingest, tags changed a category), keeping the examiner's place:
        the current file, the selection (up to ``KEEP_SELECTED`` files) and the scroll position."""
        current = self.table.currentIndex()
        self._keep = (self.model.data(current, FILE_ID_ROLE) if current.isValid() else None,
                      self.selected_ids()[:KEEP_SELECTED], self.table.verticalScrollBar().value(), self.model.query)
        self.model.refresh()

    def _restore_place(self, query: FileQuery) -> None:
        keep, self._keep = self._keep, None
        if keep is None or keep[3] != query:
            return
        current_id, selected, scrolled, _ = keep
        model, selection_model = self.model, self.table.selectionModel()
        flags = selection_model.SelectionFlag
        selection = QItemSelection()
        for file_id in selected:
            row = model.row_of(file_id)
            if row >= 0:
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        if current_id is not None and (row := model.row_of(current_id)) >= 0:
            selection_model.setCurrentIndex(model.index(row, 0), flags.NoUpdate)
        selection_model.select(selection, flags.ClearAndSelect)
        self.table.verticalScrollBar().setValue(scrolled)

    def _snippets(self) -> dict[int, str]:
        return self.model.snippets

    # -------------------------------------------------------------------------------------------- the chips

    def _show_chips(self) -> None:
        query = self.model.query
        chips: list[tuple[Any, str]] = []
        if query.category is not None:
            chips.append((("scope", "category"), self.tr("Category: %1").replace("%1", self._category_title(
                query.category))))
        if query.folder is not None:
            chips.append((("scope", "folder"), self.tr("Folder: %1").replace("%1", _folder_label(query.folder))))
        if query.scope is not None:
            chips.append((("scope", "scope"), query.scope.label))
        if query.search:
            chips.append((("scope", "search"), self.tr("Search: %1").replace("%1", query.search)))
        for column_filter in query.filters:
            chips.append((("filter", column_filter), self.chip_text(column_filter)))
        self.chips.set_chips(chips)

    def chip_text(self, column_filter: ColumnFilter) -> str:
        """A filter in the window's language: ``Name contains "inv"``, ``Size ≥ 1000``, ``Deleted: no``."""
        column = next((c for c in COLUMNS if c.key == column_filter.key), None)
        title = column_title(column) if column is not None else column_filter.key
        value = column_filter.value
        if column_filter.op in ("is-true", "is-false"):
            shown = self.tr("yes") if column_filter.op == "is-true" else self.tr("no")
            return self.tr("%1: %2").replace("%1", title).replace("%2", shown)
        if value is None:
            text = self.tr("%1 is empty") if column_filter.op == "=" else self.tr("%1 is not empty")
            return text.replace("%1", title)
        shown = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else json.dumps(
            str(value), ensure_ascii=False)
        if column_filter.op == "contains":
            return self.tr("%1 contains %2").replace("%1", title).replace("%2", shown)
        symbol = {"=": "=", "!=": "≠", ">=": "≥", "<=": "≤"}.get(column_filter.op, column_filter.op)
        return f"{title} {symbol} {shown}"

    def _category_title(self, key: str) -> str:
        if key in self._category_titles:
            return self._category_titles[key]
        return QCoreApplication.translate("Categories", CATEGORY_TITLES.get(key, key))

    def set_category_titles(self, titles: dict[str, str]) -> None:
        """The categories panel's titles for its keys, for the chip text."""
        self._category_titles = dict(titles)
        self._show_chips()

    def _chip_removed(self, key: tuple[str, Any]) -> None:
        kind, what = key
        if kind == "filter":
            self.remove_filter(what)
            return
        self.apply_query_part(**{what: None})
        self.scope_removed.emit(what)

    # ----------------------------------------------------------------------------------------- the header

    def _header_clicked(self, section: int) -> None:
        column = self.model.column(section)
        if column is None or not column.sortable:
            self._show_sort_indicator()
            return
        query = self.model.query
        descending = not query.descending if query.sort == column.key else False
        self.model.sort(section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self._show_sort_indicator()

    def sort_by(self, key: str, descending: bool = False) -> None:
        section = self.model.section_of(key)
        if section < 0:
            raise KeyError(key)
        self.model.sort(section, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        self._show_sort_indicator()

    def _show_sort_indicator(self) -> None:
        query = self.model.query
        section = self.model.section_of(query.sort)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(section, Qt.SortOrder.DescendingOrder if query.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _header_menu(self, position: QPoint) -> None:
        section = self.table.horizontalHeader().logicalIndexAt(position)
        if section < 0:
            return
        self.header_menu(section).popup(self.table.horizontalHeader().mapToGlobal(position))

    def header_menu(self, section: int) -> QMenu:
        """Sort and filter entries for one column, and which columns to show."""
        menu = QMenu(self)
        column = self.model.column(section)
        if column is not None:
            ascending = menu.addAction(self.tr("Sort ascending"), lambda: self.sort_by(column.key, False))
            descending = menu.addAction(self.tr("Sort descending"), lambda: self.sort_by(column.key, True))
            ascending.setEnabled(column.sortable)
            descending.setEnabled(column.sortable)
            menu.addAction(self.tr("Filter %1…").replace("%1", column.title), lambda: self.open_filter(column.key))
        shown = menu.addMenu(self.tr("Columns"))
        header = self.table.horizontalHeader()
        for other in range(self.model.columnCount()):
            title = str(self.model.headerData(other, Qt.Orientation.Horizontal))
            action = shown.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(other))
            action.toggled.connect(lambda on, other=other: header.setSectionHidden(other, not on))
        return menu

    def _cell_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():  # the menu key: the current cell
            index = self.table.currentIndex()
            position = self.table.visualRect(index).center()
        menu = self.cell_menu(index)
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(position))

    def cell_menu(self, index: QModelIndex) -> QMenu | None:
        """Filter on the clicked cell's value (is / is not), besides the categorise actions."""
        if not index.isValid():
            return None
        column = self.model.column(index.column())
        menu = QMenu(self)
        value = self.model.data(index, RAW_VALUE_ROLE)
        if column is not None and value not in (None, "") and column.filter_kind != "bool":
            shown = str(value) if len(str(value)) <= 40 else str(value)[:39] + "…"
            op = "contains" if column.filter_kind == "text" else "="
            menu.addAction(self.tr("Only %1 = %2").replace("%1", column_title(column)).replace("%2", shown),
                           lambda: self.add_filter(ColumnFilter(column.key, op, value)))
            menu.addAction(self.tr("Exclude %1 = %2").replace("%1", column_title(column)).replace("%2", shown),
                           lambda: self.add_filter(ColumnFilter(column.key, "!=", value)))
        elif column is not None and column.filter_kind == "bool" and value is not None:
            menu.addAction(self.tr("Only %1: %2").replace("%1", column_title(column)).replace(
                "%2", self.tr("yes") if value else self.tr("no")),
                lambda: self.add_filter(ColumnFilter(column.key, "is-true" if value else "is-false", None)))
        menu.addSeparator()
        for action in self.categorise.actions.values():
            menu.addAction(action)
        return menu

    def open_filter(self, key: str | None = None) -> FilterDialog | None:
        """The filter dialog for column ``key`` (the current column when None); window-modal, not blocking."""
        if key is None:
            current = self.table.currentIndex()
            section = current.column() if current.isValid() else self.model.section_of("name")
        else:
            section = self.model.section_of(key)
        column = self.model.column(section) if section >= 0 else None
        if column is None:
            return None
        dialog = FilterDialog(column, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: dialog.result_filter and self.add_filter(dialog.result_filter))
        dialog.finished.connect(lambda _result: setattr(self, "filter_dialog", None))
        self.filter_dialog = dialog
        dialog.open()
        return dialog

    def _register_actions(self) -> None:
        registry = self._registry
        registry.register(FILTER_ACTION, self.tr("Filter the current column…"), "Ctrl+Shift+F", FILE_TABLE_CONTEXT)
        registry.register(SORT_ACTION, self.tr("Sort by the current column (again: reverse)"), "Ctrl+Shift+S",
                          FILE_TABLE_CONTEXT)
        registry.register(CLEAR_FILTERS_ACTION, self.tr("Remove every filter"), "Ctrl+Shift+Backspace",
                          FILE_TABLE_CONTEXT)
        self.actions_by_id[FILTER_ACTION] = registry.bind(FILTER_ACTION, self, lambda: self.open_filter())
        self.actions_by_id[SORT_ACTION] = registry.bind(SORT_ACTION, self, self._sort_current)
        self.actions_by_id[CLEAR_FILTERS_ACTION] = registry.bind(CLEAR_FILTERS_ACTION, self, self.clear_filters)

    def _sort_current(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self._header_clicked(current.column())

    # -------------------------------------------------------------------------------------- status, selection

    def _query_started(self, _query: FileQuery) -> None:
        self._set_status(self.tr("Reading…"))

    def _query_applied(self, query: FileQuery, count: int) -> None:
        self._show_sort_indicator()
        self._restore_place(query)
        self._set_status(counted("FileTableView", "%n file(s)", count))
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))  # keyboard browsing starts at the first row
        self.query_changed.emit(query)
        self._selection_changed()

    def _query_failed(self, _query: FileQuery, message: str) -> None:
        self._error = message  # the model went back to the query it shows: so do the chips
        self._show_chips()
        self._show_sort_indicator()
        self._set_status(None)

    def show_message(self, text: str) -> None:
        """A line under the table (what was tagged, why nothing was)."""
        self._message = text
        self._set_status(None)

    def show_error(self, text: str) -> None:
        self._error = text
        self._set_status(None)

    def _set_status(self, text: str | None) -> None:
        if text is not None:
            self._count_text = text
        parts = [self._count_text]
        if self._message:
            parts.append(self._message)
        if self._error:
            parts.append(self.tr("Error: %1").replace("%1", self._error))
        self.status.setText("  ·  ".join(part for part in parts if part))
        self._message = ""

    @property
    def error(self) -> str:
        """The last query's or write's error line ("" when none)."""
        return self._error

    def _save_columns(self) -> None:
        """Before a new query's reset: each column's width and whether it is hidden, by key, and the header's state
        (order, sort) while the same columns stay."""
        header = self.table.horizontalHeader()
        keys = [self.model.column_key(section) for section in range(self.model.columnCount())]
        self._column_state = (keys, header.saveState(), {
            key: (header.sectionSize(section), header.isSectionHidden(section)) for section, key in enumerate(keys)})

    def _columns_changed(self) -> None:
        """After a reset: the examiner's widths, order and hidden columns back (a reset forgets them)."""
        header = self.table.horizontalHeader()
        keys = [self.model.column_key(section) for section in range(self.model.columnCount())]
        saved = self._column_state
        self._column_state = None
        if saved is not None and saved[0] == keys:
            header.restoreState(saved[1])
            return
        sizes = saved[2] if saved is not None else {}
        for section, key in enumerate(keys):
            size, hidden = sizes.get(key, (DEFAULT_WIDTHS.get(key, header.defaultSectionSize()), key in HIDDEN))
            header.resizeSection(section, size)
            header.setSectionHidden(section, hidden)

    def selected_ids(self) -> list[int]:
        """The selected files' ids, in row order, from the selection's row ranges (never one index per cell: a
        select-all over a million rows is one range and one slice of the id array)."""
        ranges = sorted((selection_range.top(), selection_range.bottom())
                        for selection_range in self.table.selectionModel().selection())
        merged: list[list[int]] = []
        for top, bottom in ranges:
            if merged and top <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], bottom)
            else:
                merged.append([top, bottom])
        ids = self.model.ids
        chosen: list[int] = []
        for top, bottom in merged:
            chosen.extend(ids[top:bottom + 1].tolist())
        return chosen

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self.selection_changed.emit(self.selected_ids())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_item_changed.emit(self.model.data(current, FILE_ID_ROLE) if current.isValid() else None)

    def _tagged(self, _ids: list[int]) -> None:
        query = self.model.query
        uses_tags = query.category in ("bookmarks", "categorised") or any(
            f.key in ("category", "tags") for f in query.filters) or query.sort in ("category", "tags")
        if uses_tags:
            self.refresh()  # which files belong changed
        else:
            self.model.refresh_rows()  # the same files; their category and bookmark columns changed

    def show_file(self, file_id: int) -> None:
        """Make ``file_id`` the current row: in the rows shown when it is there, else the table is scoped to it
        (a chip says so; removing it brings the rows back)."""
        row = self.model.row_of(int(file_id))
        if row >= 0:
            self._make_current(row)
            return

        def applied(_query: object, _count: int) -> None:
            self.model.query_applied.disconnect(applied)
            found = self.model.row_of(int(file_id))
            if found >= 0:
                self._make_current(found)

        self.model.query_applied.connect(applied)
        self.apply_query_part(scope=Scope.of_ids([int(file_id)], self.tr("Item %1").replace("%1", str(file_id))))

    def _make_current(self, row: int) -> None:
        self.select_rows(row)
        self.table.scrollTo(self.model.index(row, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_rows(self, first: int, last: int | None = None) -> None:
        """Select rows ``first``..``last`` (a test and keyboard helper)."""
        last = first if last is None else last
        selection = QItemSelection(self.model.index(first, 0), self.model.index(last, self.model.columnCount() - 1))
        flags = self.table.selectionModel().SelectionFlag
        self.table.selectionModel().setCurrentIndex(self.model.index(first, 0), flags.NoUpdate)
        self.table.selectionModel().select(selection, flags.ClearAndSelect)


def _folder_label(folder: FolderRef) -> str:
    parts = [f"#{folder.evidence_id}"]
    if folder.volume_id is not None:
        parts.append(f"vol {folder.volume_id}")
    if folder.folder:
        parts.append(folder.folder)
    return " ".join(parts)


def wire_browse(table: FileTableView, tree: Any = None, categories: Any = None, search_box: Any = None, *,
                forward: bool = True) -> None:
    """Connect the browse panels: the tree and the categories scope the table and the search box filters it (their
    ``query_part_changed``; ``forward=False`` where the window connects those itself), a removed chip clears the
    panel that set it, a tag recounts the categories. The main window calls this once."""
    panels = [panel for panel in (tree, categories, search_box) if panel is not None]
    if forward:
        for panel in panels:
            panel.query_part_changed.connect(table.apply_query_part)
    if tree is not None:
        table.scope_removed.connect(lambda what: what == "folder" and tree.clear_selection())
    if categories is not None:
        categories.model.refreshed.connect(lambda: table.set_category_titles(categories.titles()))
        table.scope_removed.connect(lambda what: what == "category" and categories.clear_selection())
        table.categorise.tagged.connect(lambda _ids: categories.refresh())
    if search_box is not None:
        table.scope_removed.connect(lambda what: what == "search" and search_box.forget())
