"""The People panel's entity browser model: one row per entity after the examiners' merges, from
:func:`heroes_desktop.browse.entity_index.entity_summaries`, sorted and filtered in the core over every entity.

A hundred thousand rows would be seconds to build at once, so the model holds only the count and asks for pages
(``PAGE_ROWS``) when the view paints them, through ``session.jobs.read``; until a page arrives its cells show a
placeholder. A new filter or sort drops every page of the old one (a late answer never paints over a newer one).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, QObject, \
    QPersistentModelIndex, Qt, Signal

from heroes_desktop.browse.entity_index import EntitySummary, entity_count, entity_summaries
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession

PAGE_ROWS = 200
CACHED_PAGES = 50
PLACEHOLDER = "…"
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's EntitySummary (None until its page arrived)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class EntityColumn:
    key: str
    title: str  # English; shown through Qt's translation ("EntityModel" context)
    sort: str | None  # the core's sort key, None: not sortable
    number: bool = False


COLUMNS = (
    EntityColumn("label", QT_TRANSLATE_NOOP("EntityModel", "Kind"), "label"),
    EntityColumn("text", QT_TRANSLATE_NOOP("EntityModel", "Written as"), "text"),
    EntityColumn("normalized", QT_TRANSLATE_NOOP("EntityModel", "Normalised"), "normalized"),
    EntityColumn("category", QT_TRANSLATE_NOOP("EntityModel", "Category"), None),
    EntityColumn("mentions", QT_TRANSLATE_NOOP("EntityModel", "Mentions"), "mentions", True),
    EntityColumn("files", QT_TRANSLATE_NOOP("EntityModel", "Files"), "files", True),
    EntityColumn("aliases", QT_TRANSLATE_NOOP("EntityModel", "Aliases"), None),
)


@dataclass(frozen=True)
class EntityFilter:
    labels: tuple[str, ...] | None = None
    text: str = ""
    sort: str = "files"
    descending: bool = True


class EntityModel(QAbstractTableModel):
    """Signals: ``loaded(count)`` when a filter's count is in, ``page_loaded(first, last)``, ``load_failed(msg)``."""

    loaded = Signal(int)
    page_loaded = Signal(int, int)
    load_failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._filter = EntityFilter()
        self._count = 0
        self._pages: OrderedDict[int, list[EntitySummary]] = OrderedDict()
        self._in_flight: dict[int, Job] = {}
        self._count_job: Job | None = None
        self._generation = 0
        self._locale = QLocale()

    # ---------------------------------------------------------------------------------------------- the filter

    @property
    def filter(self) -> EntityFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._count_job is not None or bool(self._in_flight)

    def set_filter(self, chosen: EntityFilter) -> None:
        """Count the entities of ``chosen`` and show them (pages fetched as painted)."""
        self._filter = chosen
        self.refresh()

    def refresh(self) -> None:
        """Read the count and the first page again (new entities landed, a merge changed the rows)."""
        if self._count_job is not None:
            self._count_job.cancel()
        chosen, case = self._filter, self._session.case
        self._generation += 1
        generation = self._generation

        def work() -> tuple[int, list[EntitySummary]]:
            first = entity_summaries(case, chosen.labels, chosen.text or None, chosen.sort, PAGE_ROWS, 0,
                                     descending=chosen.descending)
            count = len(first) if len(first) < PAGE_ROWS else entity_count(case, chosen.labels, chosen.text or None)
            return count, first

        def done(result: tuple[int, list[EntitySummary]]) -> None:
            self._count_job = None
            if generation != self._generation:
                return
            count, first = result
            self.beginResetModel()
            self._drop_pages()
            self._count = count
            self._pages[0] = list(first)
            self.endResetModel()
            self.loaded.emit(count)

        def failed(error: BaseException) -> None:
            self._count_job = None
            self.load_failed.emit(user_message(error))

        self._count_job = self._session.jobs.read("people: entities", work, done, failed)

    def _drop_pages(self) -> None:
        for job in self._in_flight.values():
            job.cancel()
        self._in_flight.clear()
        self._pages.clear()

    def cancel(self) -> None:
        """Drop what is in flight (the panel is closing)."""
        self._generation += 1
        if self._count_job is not None:
            self._count_job.cancel()
            self._count_job = None
        self._drop_pages()

    # ---------------------------------------------------------------------------------------------- the rows

    def summary(self, row: int) -> EntitySummary | None:
        """The entity of ``row`` if its page has arrived (asks for the page otherwise)."""
        if not 0 <= row < self._count:
            return None
        page = self._pages.get(row // PAGE_ROWS)
        if page is None:
            self._want(row // PAGE_ROWS)
            return None
        self._pages.move_to_end(row // PAGE_ROWS)
        offset = row % PAGE_ROWS
        return page[offset] if offset < len(page) else None

    def loaded_summaries(self) -> list[EntitySummary]:
        """The entities of every page held now, in row order (the choices a merge offers)."""
        return [summary for number in sorted(self._pages) for summary in self._pages[number]]

    def row_of(self, key: tuple[str, str]) -> int:
        """The row of an entity among the pages held, or -1."""
        for number, page in self._pages.items():
            for offset, summary in enumerate(page):
                if summary.key == key:
                    return number * PAGE_ROWS + offset
        return -1

    def _want(self, page: int) -> None:
        if page in self._in_flight:
            return
        chosen, case, generation = self._filter, self._session.case, self._generation

        def done(rows: list[EntitySummary]) -> None:
            self._in_flight.pop(page, None)
            if generation != self._generation:
                return
            self._pages[page] = list(rows)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            first, last = page * PAGE_ROWS, min(self._count, (page + 1) * PAGE_ROWS) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
                self.page_loaded.emit(first, last)

        def failed(error: BaseException) -> None:
            self._in_flight.pop(page, None)
            self.load_failed.emit(user_message(error))

        self._in_flight[page] = self._session.jobs.read(
            "people: entity page", lambda: entity_summaries(case, chosen.labels, chosen.text or None, chosen.sort,
                                                            PAGE_ROWS, page * PAGE_ROWS,
                                                            descending=chosen.descending), done, failed)

    # ------------------------------------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("EntityModel", COLUMNS[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count or not 0 <= index.column() < len(COLUMNS):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column.number else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SUMMARY_ROLE):
            return None
        summary = self.summary(index.row())
        if role == SUMMARY_ROLE:
            return summary
        if summary is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        if column.key == "aliases":
            text = ", ".join(normalized for _label, normalized in summary.aliases)
        elif column.number:
            text = self._locale.toString(int(getattr(summary, column.key)))
        else:
            text = getattr(summary, column.key) or ""
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new query in the core over every entity; columns it cannot sort are left as they are."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        chosen = EntityFilter(self._filter.labels, self._filter.text, COLUMNS[column].sort or "files", descending)
        if chosen != self._filter:
            self.set_filter(chosen)
