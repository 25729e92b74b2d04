"""The hash-set matches of the item: which set, exact or perceptual (with its distance), and the category the set
gives it. A known item can be decided from its category without being looked at."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, \
    QWidget

COLUMNS = ("hashset", "kind", "distance", "category", "label")


class MatchesView(QWidget):
    """A sortable table: set, kind (md5, sha1, sha256, phash, ...), distance, category, label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr("Hash set"), self.tr("Kind"), self.tr("Distance"),
                                              self.tr("Category"), self.tr("Label")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Hash-set matches of the item"))
        self.note = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def set_matches(self, matches: list[dict[str, Any]] | None) -> None:
        matches = matches or []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(matches))
        for row, match in enumerate(matches):
            for column, key in enumerate(COLUMNS):
                value = match.get(key, match.get("name") if key == "hashset" else None)
                item = QTableWidgetItem()
                if key == "distance" and value is not None:
                    item.setData(Qt.DisplayRole, int(value))
                else:
                    item.setText("" if value is None else str(value))
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.note.setText(self.tr("{0} matches").format(len(matches)) if matches else
                          self.tr("No hash-set match for this item."))

    def rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(row, column).text() for column in range(len(COLUMNS)))
                for row in range(self.table.rowCount())]
