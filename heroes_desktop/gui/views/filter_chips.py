"""The applied filters of the file table shown as chips: one per filter and one per scope (category, folder,
search); clicking a chip's ✕ (or Space, Delete or Backspace on it) removes that filter alone."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget


class Chip(QToolButton):
    """One removable filter; ``key`` says which (the FileTableView decides what it means)."""

    def __init__(self, key: Hashable, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.setText(f"{label}  ✕")
        self.setToolTip(self.tr("Remove this filter"))
        self.setAccessibleName(self.tr("Remove filter: %1").replace("%1", label))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setStyleSheet("QToolButton { border: 1px solid palette(mid); border-radius: 9px; padding: 1px 8px; }"
                           "QToolButton:focus { border: 2px solid palette(highlight); }")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.click()
            return
        super().keyPressEvent(event)


class FilterChips(QWidget):
    """A row of chips; ``removed(key)`` when the examiner removes one, ``cleared()`` for *Clear all*."""

    removed = Signal(object)
    cleared = Signal()
    focus_left = Signal()  # the focused chip went and no chip is left to take the focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._title = QLabel(self.tr("Filters:"), self)
        self._clear = QToolButton(self)
        self._clear.setText(self.tr("Clear all"))
        self._clear.setAccessibleName(self.tr("Clear all filters"))
        self._clear.clicked.connect(self.cleared)
        self._chips: list[Chip] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.set_chips(())

    @property
    def chips(self) -> list[Chip]:
        return list(self._chips)

    def labels(self) -> list[str]:
        return [chip.label for chip in self._chips]

    def set_chips(self, chips: Sequence[tuple[Hashable, str]]) -> None:
        """Show exactly these (key, label) chips, in order."""
        focused_at = next((at for at, chip in enumerate(self._chips) if chip.hasFocus()), None)
        focused = self._chips[focused_at].key if focused_at is not None else None
        had_focus = focused_at is not None or self._clear.hasFocus()
        while self._layout.count():
            self._layout.takeAt(0)
        for chip in self._chips:
            chip.deleteLater()
        self._chips = []
        self._layout.addWidget(self._title)
        for key, label in chips:
            chip = Chip(key, label, self)
            chip.clicked.connect(lambda _checked=False, key=key: self.removed.emit(key))
            self._layout.addWidget(chip)
            chip.show()  # now, not when the layout gets to it: a hidden chip cannot take the focus
            self._chips.append(chip)
            if key == focused:
                chip.setFocus()
        self._layout.addWidget(self._clear)
        self._layout.addStretch(1)
        self._clear.setVisible(len(self._chips) > 1)
        self.setVisible(bool(self._chips))
        if had_focus and not any(chip.hasFocus() for chip in self._chips):  # keyboard users keep their place
            if self._chips:
                self._chips[min(focused_at or 0, len(self._chips) - 1)].setFocus()
            else:
                self.focus_left.emit()
