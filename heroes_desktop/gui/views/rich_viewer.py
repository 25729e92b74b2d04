"""What the e-mail, database, archive, PDF pages and document viewers share: an item is handed over on every
selection, but read only when the viewer's tab is shown (selecting a file never starts five reads); a viewer that
does not apply to the item says so in one sentence; every read runs in a read job, a newer item cancelling it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job, Jobs

ReadItem = Callable[[int, int, int], bytes]  # (file_id, offset, length) -> bytes, called in a read job


class RichViewer(QWidget):
    """A stack of a message and the viewer's own page; subclasses implement ``applies`` and ``load``."""

    shown = Signal(str)  # the state reached: none (does not apply / nothing selected), error, or the viewer's own

    def __init__(self, jobs: Jobs, read_item: ReadItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._read_item = read_item
        self._job: Job | None = None
        self._pending = False
        self.file_id: int | None = None
        self.record: dict[str, Any] = {}
        self.state = "none"
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- for subclasses ---------------------------------------------------------------------------------------

    def applies(self, record: dict[str, Any]) -> str | None:
        """None when this viewer shows the item; else one sentence saying why not."""
        raise NotImplementedError

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        """Start reading the item (with :meth:`run`)."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget what was shown of the previous item."""

    def content_page(self) -> QWidget:
        raise NotImplementedError

    # -- the public face -------------------------------------------------------------------------------------

    def set_item(self, file_id: int | None, record: dict[str, Any] | None) -> None:
        self.cancel()
        self.reset()
        self.file_id = file_id
        self.record = dict(record or {})
        self._pending = False
        if file_id is None or record is None:
            self.say(self.tr("No item selected"))
            return
        why = self.applies(self.record)
        if why is not None:
            self.say(why)
            return
        self._pending = True
        self.say(self.tr("Shown when this tab is opened."), "pending")
        if self.isVisible():
            self._load_pending()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._load_pending()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    # -- helpers --------------------------------------------------------------------------------------------------

    def read_all(self, file_id: int, limit: int) -> Callable[[], bytes]:
        """A job's reader of the whole item (refused past ``limit`` bytes before anything is read)."""
        size, read = int(self.record.get("size") or 0), self._read_item

        def work() -> bytes:
            if size > limit:
                raise ValueError(f"the item is {size:,} bytes, more than the {limit:,} bytes this viewer reads")
            return read(file_id, 0, size)
        return work

    def run(self, message: str, work: Callable[[], Any], on_done: Callable[[Any], None],
            name: str = "viewer") -> None:
        """Run ``work`` in a read job; ``on_done`` on the GUI thread unless a newer item came first."""
        self.cancel()
        if message:
            self.say(message, "loading")
        file_id = self.file_id

        def done(result: Any) -> None:
            self._job = None
            if file_id == self.file_id:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._job = None
            if file_id == self.file_id:
                self.say(self.tr("Cannot show this item: {0}").format(user_message(error)), "error")

        self._job = self._jobs.read(name, work, on_done=done, on_error=failed)

    def say(self, text: str, state: str = "none") -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.state = state
        if state not in ("loading", "pending"):
            self.shown.emit(state)

    def show_page(self, state: str) -> None:
        self.stack.setCurrentWidget(self.content_page())
        self.state = state
        self.shown.emit(state)

    def _load_pending(self) -> None:
        if self._pending and self.file_id is not None:
            self._pending = False
            self.load(self.file_id, self.record)
