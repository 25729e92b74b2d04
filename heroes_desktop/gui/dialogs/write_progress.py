"""What the Report and Export dialogs share: the progress a writer-thread job reports (read by a timer: nothing per
page or item crosses to the GUI thread), its cancel flag, and the few widgets that show it."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QWidget


class WriteProgress:
    """The latest (stage, done, total) of a job on the writer thread, and the examiner's cancel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stage, self._done, self._total = "", 0, 0
        self.cancelled = threading.Event()

    def update(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._stage, self._done, self._total = stage, done, total

    def count(self, done: int, total: int) -> None:
        """``update`` for a core call that reports counts only."""
        self.update("", done, total)

    def read(self) -> tuple[str, int, int]:
        with self._lock:
            return self._stage, self._done, self._total


def status_line(parent: QWidget, name: str) -> QLabel:
    """A selectable, wrapping, plain-text line for what the job did (paths and ids can be copied from it)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hidden_progress_bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setVisible(False)
    return bar


def show_progress(bar: QProgressBar, done: int, total: int) -> None:
    """Counts when the job knows its total, a busy bar when it does not."""
    if total:
        bar.setRange(0, total)
        bar.setValue(done)
    else:
        bar.setRange(0, 0)


def path_row(parent: QWidget, line: QLineEdit, browse: Callable[[], None], title: str) -> QHBoxLayout:
    """The destination's line edit with a button (``title``, the caller's translated "Browse…") beside it."""
    button = QPushButton(title, parent)
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(line, 1)
    row.addWidget(button)
    return row
