"""The evidence tree panel: evidence → volumes and partitions → folders, read a level at a time as the examiner
expands it; choosing a node scopes the file table to it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from heroes_desktop.browse.file_query import FolderRef
from heroes_desktop.gui.models.evidence_tree_model import REF_ROLE, EvidenceTreeModel
from heroes_desktop.gui.session import CaseSession


class EvidenceTreeView(QWidget):
    """``folder_selected(FolderRef | None)`` and ``query_part_changed({"folder": ref})`` when the examiner moves to
    a node (by mouse or arrow keys)."""

    folder_selected = Signal(object)
    query_part_changed = Signal(object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence_tree")
        self.model = EvidenceTreeModel(session, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("evidence_tree_view")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setAccessibleName(self.tr("Evidence tree"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error)
        self.setFocusProxy(self.tree)
        self.model.load_failed.connect(self._failed)
        self.model.level_loaded.connect(self._level_loaded)
        # the selection, not the cursor: a view gaining focus puts its cursor on the first row unasked
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Read the tree from scratch (collapses it); the table's scope is left as it is."""
        self.error.setVisible(False)
        self.model.reload()
        self.model.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """An ingest committed: read the levels already shown again, keeping what is expanded where it can."""
        self.model.refresh()

    def clear_selection(self) -> None:
        """The table's folder chip was removed: show no node as chosen (without choosing another)."""
        self.tree.selectionModel().blockSignals(True)
        self.tree.selectionModel().clear()
        self.tree.selectionModel().blockSignals(False)

    def _level_loaded(self, parent: QModelIndex) -> None:
        if not parent.isValid() and self.model.rowCount() == 1:
            self.tree.expand(self.model.index(0, 0))  # one evidence item: show its volumes straight away

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.tree.selectionModel().selectedIndexes()
        current = chosen[0] if chosen else QModelIndex()
        ref: FolderRef | None = self.model.data(current, REF_ROLE) if current.isValid() else None
        self.folder_selected.emit(ref)
        self.query_part_changed.emit({"folder": ref})

    def _failed(self, message: str) -> None:
        self.error.setText(self.tr("The evidence tree could not be read: %1").replace("%1", message))
        self.error.setVisible(True)
