"""The entities found in the item: identifiers (e-mail, phone, IBAN, crypto addresses, ...) and named people,
organisations and places, each with where in which text it was found. Enter or a double-click shows it in the
text viewer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, \
    QWidget

COLUMNS = ("label", "text", "normalized", "source", "start", "end")


class EntitiesView(QWidget):
    """A sortable table of the item's entities; ``activated(source, start, end)`` asks to show one in its text."""

    activated = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Kind"), self.tr("Found"), self.tr("Normalised"),
                                              self.tr("Text"), self.tr("Start"), self.tr("End")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Entities found in the item"))
        self.table.cellDoubleClicked.connect(lambda row, _column: self._activate(row))
        self.note = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        enter = QShortcut(QKeySequence(Qt.Key_Return), self.table)
        enter.setContext(Qt.WidgetShortcut)
        enter.activated.connect(lambda: self._activate(self.table.currentRow()))

    def set_entities(self, entities: list[dict[str, Any]] | None) -> None:
        entities = entities or []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(entities))
        for row, entity in enumerate(entities):
            for column, key in enumerate(COLUMNS):
                value = entity.get(key)
                item = QTableWidgetItem()
                if key in ("start", "end") and value is not None:
                    item.setData(Qt.DisplayRole, int(value))
                else:
                    item.setText("" if value is None else str(value))
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.note.setText(self.tr("{0} entities").format(len(entities)) if entities else
                          self.tr("No entities were found in this item (or the entities stage has not run)."))

    def entity_at(self, row: int) -> dict[str, Any]:
        return {key: self.table.item(row, column).data(Qt.DisplayRole) for column, key in enumerate(COLUMNS)}

    def _activate(self, row: int) -> None:
        if row < 0 or row >= self.table.rowCount():
            return
        entity = self.entity_at(row)
        if entity.get("start") in (None, "") or entity.get("end") in (None, ""):
            return
        self.activated.emit(str(entity["source"]), int(entity["start"]), int(entity["end"]))
