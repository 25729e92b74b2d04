"""The PDF pages viewer: page N of M with previous/next (buttons, Page Up/Down) and go-to, each page rendered by
the core in its worker process at the viewer's width, decoded and obscured off the GUI thread, and shown obscured
(blurred, greyscale) until the examiner reveals pictures: a page may hold photographs. The page's text is below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.preview import Picture, decode_image
from heroes_desktop.gui.views.rich_viewer import ReadItem, RichViewer

Obscure = Callable[[QImage], QImage]
MAX_TEXT_SHOWN = 32 * 1024
RESIZE_DELAY_MS = 400


class PdfPagesViewer(RichViewer):
    def __init__(self, jobs: Jobs, read_item: ReadItem, obscure: Obscure, is_revealed: Callable[[], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(jobs, read_item, parent)
        self._obscure = obscure
        self._is_revealed = is_revealed
        self._data: bytes | None = None
        self.picture: Picture | None = None
        self.page_text = ""
        self._rendered_width = 0
        self.widget = QWidget(self)
        self.previous_page = QPushButton(self.tr("Previous page"), self.widget)
        self.previous_page.clicked.connect(lambda: self.go_to(self.page - 1))
        self.next_page = QPushButton(self.tr("Next page"), self.widget)
        self.next_page.clicked.connect(lambda: self.go_to(self.page + 1))
        self.page_spin = QSpinBox(self.widget)
        self.page_spin.setMinimum(1)
        self.page_spin.setAccessibleName(self.tr("Go to page"))
        self.page_spin.editingFinished.connect(lambda: self.go_to(self.page_spin.value() - 1))
        self.page_label = QLabel(self.widget)
        self.reveal_hint = QLabel(self.widget)
        self.image_label = QLabel(self.widget)
        self.image_label.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.image_label.setAccessibleName(self.tr("Rendered page"))
        self.scroll = QScrollArea(self.widget)
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.text = QPlainTextEdit(self.widget)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Text of the page"))
        splitter = QSplitter(Qt.Vertical, self.widget)
        splitter.addWidget(self.scroll)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        tools = QHBoxLayout()
        for widget in (self.previous_page, self.page_spin, self.page_label, self.next_page):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.reveal_hint)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        self.stack.addWidget(self.widget)
        for key, step in ((QKeySequence.MoveToNextPage, 1), (QKeySequence.MoveToPreviousPage, -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.go_to(self.page + step))
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_DELAY_MS)
        self._resize_timer.timeout.connect(self._rerender_at_width)
        self.say(self.tr("No item selected"))

    @property
    def page(self) -> int:
        return self.picture.page if self.picture is not None else 0

    @property
    def pages(self) -> int:
        return self.picture.pages if self.picture is not None else 0

    def content_page(self) -> QWidget:
        return self.widget

    def applies(self, record: dict[str, Any]) -> str | None:
        from heroes_desktop.browse.pdf_pages import is_pdf
        if is_pdf(record.get("mime"), record.get("name")):
            return None
        return self.tr("Not a PDF: the Pages tab shows the pages of PDF documents.")

    def reset(self) -> None:
        self._data = None
        self.picture = None
        self.page_text = ""
        self.image_label.clear()
        self.text.clear()
        self.reveal_hint.setText("")

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        self._render(0, self.tr("Rendering page {0}…").format(1))

    def displayed_image(self) -> QImage | None:
        pixmap = self.image_label.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()

    def go_to(self, page: int) -> None:
        """Show page ``page`` (0-based); a page outside the document leaves the current one."""
        if self.picture is None or self.file_id is None:
            return
        if not 0 <= page < self.picture.pages or page == self.picture.page:
            self.page_spin.setValue(self.picture.page + 1)
            return
        self._render(page, "")

    def refresh_exposure(self) -> None:
        if self.picture is not None:
            self._display()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.picture is not None:
            self._resize_timer.start()

    # -- internals ---------------------------------------------------------------------------------------------

    def _width(self) -> int:
        """The width to render at: the viewer's, less a vertical scroll bar (the page is usually taller)."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        return max(200, self.width() - bar - 8)

    def _render(self, page: int, message: str) -> None:
        from heroes_desktop.browse.pdf_pages import MAX_PDF_BYTES, render_page
        read, cached, obscure, width = self.read_all(self.file_id or 0, MAX_PDF_BYTES), self._data, self._obscure, \
            self._width()

        def work() -> tuple[bytes, Picture, str]:
            data = cached if cached is not None else read()
            rendered = render_page(data, page, width)
            image = decode_image(rendered.png, max_side=8192)
            return data, Picture(image, obscure(image), rendered.page, rendered.pages,
                                 " · ".join(rendered.notes)), rendered.text

        self.previous_page.setEnabled(False)
        self.next_page.setEnabled(False)
        self.run(message, work, self._rendered, "pdf page")

    def _rendered(self, result: tuple[bytes, Picture, str]) -> None:
        self._data, self.picture, self.page_text = result
        picture = self.picture
        self._rendered_width = picture.clear.width()
        self.page_spin.setMaximum(max(1, picture.pages))
        self.page_spin.setValue(picture.page + 1)
        self.page_label.setText(self.tr("page {0} of {1}").format(picture.page + 1, picture.pages))
        self.previous_page.setEnabled(picture.page > 0)
        self.next_page.setEnabled(picture.page + 1 < picture.pages)
        text = self.page_text
        shown = text[:MAX_TEXT_SHOWN] if text.strip() else self.tr("(no text on this page: it may be a scan)")
        self.text.setPlainText(shown + (picture.note and f"\n\n[{picture.note}]"))
        self._display()
        self.show_page("pdf")

    def _display(self) -> None:
        assert self.picture is not None
        revealed = self._is_revealed()
        self.image_label.setPixmap(QPixmap.fromImage(self.picture.clear if revealed else self.picture.obscured))
        self.reveal_hint.setText(self.tr("Shown clear") if revealed else self.tr("Obscured (the reveal key shows it)"))

    def _rerender_at_width(self) -> None:
        if self.picture is None or self._job is not None:
            return
        if abs(self._width() - self._rendered_width) > max(40, self._rendered_width // 5):
            self._render(self.picture.page, "")
