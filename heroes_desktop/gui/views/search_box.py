"""The search box: the syntax of ``heroes search`` (phrases, AND/OR/NOT, prefixes, diacritics ignored; e-mail
addresses, phone numbers, URLs typed as they appear). Enter runs it off the GUI thread; a search that cannot be
read is shown in a line under the box, never as an exception dialog; the hits become the file table's filter, with
their snippets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from heroes_desktop.core.errors import HeroesError
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.search.fulltext import Hit, search

SNIPPET_HITS = 200  # the first page of hits comes with its snippets; the table reads the others as shown


class _Edit(QLineEdit):
    """Escape is the search box's (see :meth:`SearchBox._escape`)."""

    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class SearchBox(QWidget):
    """Signals, once a search was read and run: ``search_changed(query | None)`` (None: cleared; the viewers
    highlight it) and ``query_part_changed({"search": query, "snippets": {file_id: snippet}})`` (the file table's
    filter); ``search_failed(message)`` when it could not be read (also shown under the box). Escape clears the box
    (and the table's search); Escape in an empty box emits ``escaped``."""

    search_changed = Signal(object)
    query_part_changed = Signal(object)
    search_failed = Signal(str)
    escaped = Signal()  # Escape in an empty box: the window takes the examiner back to the table

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_box")
        self._session = session
        self._job: Job | None = None
        self._applied: str | None = None
        self.edit = _Edit(self)
        self.edit.setObjectName("search_box_edit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(self.tr('Search the text of every file: "bus station" AND madr*, NOT, OR'))
        self.edit.setAccessibleName(self.tr("Search"))
        self.go = QToolButton(self)
        self.go.setText(self.tr("Search"))
        self.go.clicked.connect(self.submit)
        self.error = QLabel(self)
        self.error.setObjectName("search_box_error")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: palette(link-visited); font-weight: bold;")
        self.error.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("search_box_status")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.go)
        row.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.edit.returnPressed.connect(self.submit)
        self.edit.escape_pressed.connect(self._escape)
        self.edit.textEdited.connect(self._edited)  # the window's "Go to the search box" key focuses the edit

    @property
    def query(self) -> str | None:
        """The search applied to the table (None when none)."""
        return self._applied

    @property
    def busy(self) -> bool:
        return self._job is not None

    def submit(self) -> Job | None:
        """Run the box's text; an empty box clears the search."""
        text = self.edit.text().strip()
        if not text:
            self.clear()
            return None
        if self._job is not None:
            self._job.cancel()
        case = self._session.case
        self.status.setText(self.tr("Searching…"))

        def done(hits: list[Hit]) -> None:
            self._job = None
            snippets: dict[int, str] = {}
            for hit in hits:  # best first: the best text of each file gives its snippet
                snippets.setdefault(hit.file_id, hit.snippet)
            self._show_error("")
            self._applied = text
            self.status.setText("")  # the table says how many files it holds
            self.query_part_changed.emit({"search": text, "snippets": snippets})
            self.search_changed.emit(text)

        def failed(error: BaseException) -> None:
            self._job = None
            self.status.setText("")
            if not isinstance(error, (HeroesError, ValueError)):
                report_unexpected(error, "search")
            position = getattr(error, "position", None)
            if isinstance(position, int) and 0 <= position <= len(self.edit.text()):
                self.edit.setCursorPosition(position)
            self._show_error(user_message(error))
            self.search_failed.emit(user_message(error))

        self._job = self._session.jobs.read("search", lambda: search(case, text, limit=SNIPPET_HITS), done, failed)
        return self._job

    def clear(self) -> None:
        """Empty the box and drop the table's search filter."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.edit.clear()
        self.status.setText("")
        self._show_error("")
        had = self._applied is not None
        self._applied = None
        if had:
            self.query_part_changed.emit({"search": None})
            self.search_changed.emit(None)

    def forget(self) -> None:
        """The table's search chip was removed: empty the box (the viewers drop their highlight; the table is not
        asked again)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.edit.clear()
        self._show_error("")
        self._applied = None
        self.search_changed.emit(None)

    def _escape(self) -> None:
        if self.edit.text() or self._applied is not None or self.error.isVisible():
            self.clear()
        else:
            self.escaped.emit()

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.edit.setProperty("invalid", bool(message))
        self.edit.setAccessibleDescription(message)

    def _edited(self, _text: str) -> None:
        if self.error.isVisible():
            self._show_error("")  # the examiner is fixing it

