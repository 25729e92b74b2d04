"""The metadata view: every field of the item's record, its hashes, each stage's result or failure, its tags, its
media description, its texts, and the custody events that name it. A plain tree, filled from one ``ItemDetails``
that the viewer loaded in a read job."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

HASH_FIELDS = ("md5", "sha1", "sha256", "ed2k", "phash", "dhash", "ahash", "whash")


def shown_value(value: Any) -> str:
    """A field as the examiner reads it: empty for missing, yes/no for flags, JSON for structures."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return QGuiApplication.translate("MetadataView", "yes") if value else \
            QGuiApplication.translate("MetadataView", "no")
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _field(details: Any, name: str, default: Any = None) -> Any:
    return getattr(details, name, default) if not isinstance(details, dict) else details.get(name, default)


class MetadataView(QWidget):
    """Sections of name/value rows; Ctrl+C copies the selected rows as tab-separated text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setAccessibleName(self.tr("Item metadata"))
        self.tree.setColumnWidth(0, 220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        copy = QShortcut(QKeySequence.Copy, self.tree)
        copy.setContext(Qt.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_selection)

    def clear(self, message: str = "") -> None:
        self.tree.clear()
        if message:
            QTreeWidgetItem(self.tree, [message, ""])

    def section(self, title: str) -> QTreeWidgetItem | None:
        for number in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(number)
            if item.text(0) == title:
                return item
        return None

    def rows(self, title: str) -> list[tuple[str, str]]:
        """(field, value) of each row of a section, for tests and copying."""
        item = self.section(title)
        if item is None:
            return []
        return [(item.child(n).text(0), item.child(n).text(1)) for n in range(item.childCount())]

    def set_details(self, details: Any) -> None:
        """Fill the sections from an ``ItemDetails`` (browse/item_details.py)."""
        self.tree.clear()
        record: dict[str, Any] = dict(_field(details, "record", {}) or {})
        self._add(self.tr("Record"), [(key, shown_value(value)) for key, value in record.items()
                                       if key not in HASH_FIELDS])
        self._add(self.tr("Hashes"), [(key, shown_value(record.get(key))) for key in HASH_FIELDS
                                       if key in record])
        stages = []
        for stage in _field(details, "stages", []) or []:
            status = _field(stage, "status", "")
            error = _field(stage, "error")
            seconds = _field(stage, "seconds")
            text = status + (f" — {error}" if error else "")
            if seconds is not None:
                text += self.tr(" ({0:.3f} s)").format(float(seconds))
            stages.append((str(_field(stage, "stage", "")), text))
        self._add(self.tr("Stages"), stages, empty=self.tr("no stage has run on this item yet"))
        tags = []
        for tag in _field(details, "tags", []) or []:
            name = tag.get("category") or (self.tr("bookmark {0}").format(tag["bookmark"]) if tag.get("bookmark")
                                           else "")
            parts = [str(tag.get("status") or ""), str(tag.get("actor") or ""), str(tag.get("time") or "")]
            if tag.get("note"):
                parts.append(str(tag["note"]))
            if tag.get("withdrawn_by"):
                parts.append(self.tr("withdrawn by {0} at {1}").format(tag["withdrawn_by"], tag.get("withdrawn_at")))
            tags.append((str(name), " · ".join(part for part in parts if part)))
        self._add(self.tr("Tags"), tags, empty=self.tr("no tags"))
        media = _field(details, "media")
        if media:
            self._add(self.tr("Media"), [(str(key), shown_value(value)) for key, value in dict(media).items()])
        texts = [(str(_field(info, "source", "")),
                  self.tr("{0} characters{1}").format(f"{int(_field(info, 'chars', 0) or 0):,}",
                                                      f", {_field(info, 'language')}"
                                                      if _field(info, "language") else ""))
                 for info in _field(details, "texts", []) or []]
        self._add(self.tr("Texts"), texts, empty=self.tr("no text extracted"))
        warnings = [(str(warning.get("stage", "")), str(warning.get("message", "")))
                    for warning in _field(details, "warnings", []) or []]
        if warnings:
            self._add(self.tr("Warnings"), warnings)
        custody = []
        for event in _field(details, "custody", []) or []:
            label = f"#{event.get('seq', '')} {event.get('time', '')}"
            value = f"{event.get('action', '')} · {event.get('actor', '')} · {shown_value(event.get('details'))}"
            custody.append((label, value))
        self._add(self.tr("Custody"), custody, empty=self.tr("no custody event names this item"))
        self.tree.expandAll()

    def _add(self, title: str, rows: list[tuple[str, str]], empty: str = "") -> None:
        section = QTreeWidgetItem(self.tree, [title, ""])
        section.setFirstColumnSpanned(False)
        font = section.font(0)
        font.setBold(True)
        section.setFont(0, font)
        if not rows and empty:
            QTreeWidgetItem(section, [empty, ""])
        for name, value in rows:
            child = QTreeWidgetItem(section, [name, value])
            child.setToolTip(1, value[:2000])

    def copy_selection(self) -> None:
        lines = [f"{item.text(0)}\t{item.text(1)}" for item in self.tree.selectedItems()]
        if lines:
            QGuiApplication.clipboard().setText("\n".join(lines))
