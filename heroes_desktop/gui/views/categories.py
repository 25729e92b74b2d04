"""The categories panel: images, videos, documents, e-mail, chats and databases, archives, other; deleted,
extension mismatch, hash-set hits, flagged by triage, bookmarks, categorised; each with its count. Choosing one
scopes the file table to it; *All files* clears the category."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from heroes_desktop.gui.models.category_model import KEY_ROLE, CategoryModel
from heroes_desktop.gui.session import CaseSession


class CategoriesView(QWidget):
    """``category_selected(str | None)`` and ``query_part_changed({"category": key})`` when the examiner moves to a
    category (mouse or arrow keys)."""

    category_selected = Signal(object)
    query_part_changed = Signal(object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categories")
        self.model = CategoryModel(session, self)
        self.list = QListView(self)
        self.list.setObjectName("categories_view")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Categories"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        self.setFocusProxy(self.list)
        self._current: str | None = None
        self.model.load_failed.connect(self._failed)
        self.model.modelReset.connect(self._restore)
        # the selection, not the cursor: a view gaining focus puts its cursor on the first row unasked
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.refresh()

    def refresh(self) -> None:
        """Count again (after an ingest commit or a tag)."""
        self.model.refresh()

    def titles(self) -> dict[str, str]:
        """Category key → title as shown, for the file table's chips."""
        return {self.model.key(row) or "": self.model.title(row) for row in range(1, self.model.rowCount())}

    def clear_selection(self) -> None:
        """The table's category chip was removed: show *All files* as chosen, without emitting."""
        self._current = None
        self.list.selectionModel().blockSignals(True)
        self.list.setCurrentIndex(self.model.index(0))
        self.list.selectionModel().blockSignals(False)

    def _restore(self) -> None:
        row = self.model.row_of(self._current)
        self.list.selectionModel().blockSignals(True)
        self.list.setCurrentIndex(self.model.index(max(row, 0)))
        self.list.selectionModel().blockSignals(False)

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.list.selectionModel().selectedIndexes()
        current = chosen[0] if chosen else QModelIndex()
        key = self.model.data(current, KEY_ROLE) if current.isValid() else None
        self._current = key
        self.category_selected.emit(key)
        self.query_part_changed.emit({"category": key})

    def _failed(self, message: str) -> None:
        self.error.setText(self.tr("The categories could not be counted: %1").replace("%1", message))
        self.error.setVisible(True)
