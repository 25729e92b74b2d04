"""The categories list: images, videos, documents, e-mail, chats and databases, ... each with its count, from
:func:`heroes_desktop.browse.categories.category_counts`, read off the GUI thread. The first row, *All files*,
clears the table's category."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (QAbstractListModel, QCoreApplication, QLocale, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, Signal)

from heroes_desktop.browse.categories import CategoryCount, category_counts
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.session import CaseSession

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the category key (None for All files)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # its count (None for All files, or before the counts arrive)

Index = QModelIndex | QPersistentModelIndex


class CategoryModel(QAbstractListModel):
    """One row per core category plus *All files* first. ``refreshed()`` after new counts arrived;
    ``load_failed(message)``."""

    refreshed = Signal()
    load_failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[CategoryCount] = []
        self._job: Job | None = None
        self._locale = QLocale()

    @property
    def loading(self) -> bool:
        return self._job is not None

    def refresh(self) -> Job:
        """Read the counts again (after an ingest commit or a tag); rows of the same keys are updated in place."""
        if self._job is not None:
            self._job.cancel()
        case = self._session.case

        def done(rows: list[CategoryCount]) -> None:
            self._job = None
            rows = list(rows)
            if [row.key for row in rows] == [row.key for row in self._rows]:
                self._rows = rows
                if rows:
                    self.dataChanged.emit(self.index(1), self.index(len(rows)))
            else:
                self.beginResetModel()
                self._rows = rows
                self.endResetModel()
            self.refreshed.emit()

        def failed(error: BaseException) -> None:
            self._job = None
            self.load_failed.emit(user_message(error))

        self._job = self._session.jobs.read("categories: counts", lambda: category_counts(case), done, failed,
                                            background=True)
        return self._job

    def key(self, row: int) -> str | None:
        return None if row <= 0 else self._rows[row - 1].key

    def row_of(self, key: str | None) -> int:
        if key is None:
            return 0
        for row, entry in enumerate(self._rows, start=1):
            if entry.key == key:
                return row
        return -1

    def title(self, row: int) -> str:
        """The row's title in the window's language (the core's English title through Qt's translation)."""
        if row <= 0:
            return self.tr("All files")
        return QCoreApplication.translate("Categories", self._rows[row - 1].title)

    def count(self, key: str) -> int | None:
        row = self.row_of(key)
        return self._rows[row - 1].count if row > 0 else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows) + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) + 1:
            return None
        entry = self._rows[index.row() - 1] if index.row() > 0 else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if entry is None:
                return self.tr("All files")
            return f"{self.title(index.row())} ({self._locale.toString(entry.count)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry is None:
                return self.tr("Every file of the case (clears the category)")
            return counted("CategoryModel", "%n file(s)", entry.count)
        if role == KEY_ROLE:
            return None if entry is None else entry.key
        if role == COUNT_ROLE:
            return None if entry is None else entry.count
        if role == Qt.ItemDataRole.ForegroundRole and entry is not None and entry.count == 0:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None
