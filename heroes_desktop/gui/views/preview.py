"""The preview: an image (decoded off the GUI thread, shown obscured until the examiner reveals it), a rendered PDF
page, or the start of a plain-text item. Everything is read and decoded in read jobs; the GUI thread only turns
the finished QImage into a pixmap.

Safe by default: every picture, a rendered PDF page included (a page may hold photographs), is shown blurred and
greyscale through the examiner's exposure policy; one key reveals, the same key obscures again, and the choice is
the policy's to remember.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox,
                               QStackedWidget, QVBoxLayout, QWidget)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job, Jobs

MAX_IMAGE_BYTES = 256 * 2**20  # larger pictures are not decoded for a preview (the hex view still shows them)
MAX_IMAGE_SIDE = 2048  # decoded at most this wide or high (QImageReader scales while decoding)
MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb is refused before decoding
MAX_PDF_BYTES = 256 * 2**20
MAX_TEXT_BYTES = 16 * 1024  # laid out on the GUI thread (512 KiB of one long line took 12 s); the Text tab has all
PDF_ZOOM = 1.5
TEXT_MIMES = ("application/json", "application/xml", "application/javascript", "application/x-sh",
              "application/csv", "application/x-csv", "message/rfc822")
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico"}
TEXT_EXTENSIONS = {".txt", ".csv", ".log", ".md", ".json", ".xml", ".html", ".htm", ".ini", ".cfg", ".eml"}

ReadItem = Callable[[int, int, int], bytes]  # (file_id, offset, length) -> bytes, called in a read job
RenderPdf = Callable[[bytes, int, float], tuple[bytes, int]]  # (data, page, zoom) -> (png, page count)
Obscure = Callable[[QImage], QImage]
LoadFrames = Callable[[int], list[tuple[float | None, bytes]]]  # file id -> (seconds, JPEG) of its key frames
SHEET_COLUMNS = 3
SHEET_TILE = 256


def preview_kind(mime: str | None, name: str | None) -> str:
    """``image``, ``video``, ``pdf``, ``text`` or ``none`` from the item's detected type (its name when untyped)."""
    mime = (mime or "").lower()
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""
    if mime.startswith("image/") and "svg" not in mime:
        return "image"
    if mime.startswith("video/"):
        return "video"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith("text/") or mime in TEXT_MIMES:
        return "text"
    if not mime or mime == "application/octet-stream":
        if suffix in IMAGE_EXTENSIONS:
            return "image"
        if suffix == ".pdf":
            return "pdf"
        if suffix in TEXT_EXTENSIONS:
            return "text"
    return "none"


def frame_sheet(frames: list[tuple[float | None, bytes]], columns: int = SHEET_COLUMNS,
                tile: int = SHEET_TILE) -> QImage:
    """A video's key frames as one contact sheet, each tile labelled with its time (made off the GUI thread:
    QImage and QPainter on an image are safe there)."""
    rows = max(1, -(-len(frames) // columns))
    sheet = QImage(columns * tile, rows * (tile + 20), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.black)
    painter = QPainter(sheet)
    try:
        painter.setPen(Qt.GlobalColor.white)
        for number, (seconds, jpeg) in enumerate(frames):
            image = QImage.fromData(jpeg)
            x, y = (number % columns) * tile, (number // columns) * (tile + 20)
            if not image.isNull():
                scaled = image.scaled(tile, tile, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
                painter.drawImage(x + (tile - scaled.width()) // 2, y + (tile - scaled.height()) // 2, scaled)
            label = f"{int(seconds // 60)}:{seconds % 60:04.1f}" if seconds is not None else "?"
            painter.drawText(x + 4, y + tile + 15, label)
    finally:
        painter.end()
    return sheet


def decode_image(data: bytes, max_side: int = MAX_IMAGE_SIDE) -> QImage:
    """Decode ``data`` at most ``max_side`` pixels a side, EXIF orientation applied. Safe off the GUI thread.
    Raises ValueError when the data is not a picture Qt reads, or is too large to decode safely."""
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        if size.width() * size.height() > MAX_IMAGE_PIXELS * 16:
            raise ValueError(f"the picture is {size.width()}×{size.height()} pixels: too large to preview safely")
        if max(size.width(), size.height()) > max_side:
            reader.setScaledSize(size.scaled(QSize(max_side, max_side), Qt.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    if image.isNull():
        raise ValueError(f"the picture cannot be decoded: {reader.errorString()}")
    return image


def decode_text(data: bytes) -> str:
    """The start of a text file: UTF-8 or UTF-16 by their byte-order marks, UTF-8 when it is valid, else
    Windows-1252 (what old Western documents use)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # cut in the middle of a character by the preview's limit
            return data[:error.start].decode("utf-8", errors="replace")
    return data.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class Picture:
    """A decoded picture and its obscured form, both made off the GUI thread."""

    clear: QImage
    obscured: QImage
    page: int = 0
    pages: int = 0
    note: str = ""


class PreviewView(QWidget):
    """Image, PDF page or text preview of one item. ``reveal`` toggles the obscuring (one key: the viewer's)."""

    shown = Signal(str)  # what is shown now: image, pdf, text, none, error

    def __init__(self, jobs: Jobs, read_item: ReadItem, render_pdf: RenderPdf, obscure: Obscure,
                 is_revealed: Callable[[], bool], parent: QWidget | None = None, *,
                 load_frames: LoadFrames | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._load_frames = load_frames
        self._read_item = read_item
        self._render_pdf = render_pdf
        self._obscure = obscure
        self._is_revealed = is_revealed
        self._job: Job | None = None
        self._file_id: int | None = None
        self._kind = "none"
        self._picture: Picture | None = None
        self._pdf_data: bytes | None = None
        self.state = "none"

        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignCenter)
        self.image_label.setAccessibleName(self.tr("Picture"))
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignCenter)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Text preview"))
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        for widget in (self.message, self.scroll, self.text):
            self.stack.addWidget(widget)

        self.page_spin = QSpinBox(self)
        self.page_spin.setAccessibleName(self.tr("PDF page"))
        self.page_spin.setMinimum(1)
        self.page_spin.editingFinished.connect(lambda: self.show_page(self.page_spin.value() - 1))
        self.page_label = QLabel(self)
        self.previous_page = QPushButton(self.tr("Previous page"), self)
        self.previous_page.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_page = QPushButton(self.tr("Next page"), self)
        self.next_page.clicked.connect(lambda: self.show_page(self.page + 1))
        self.reveal_hint = QLabel(self)
        self.info = QLabel(self)
        self.pdf_tools = QWidget(self)
        pdf_row = QHBoxLayout(self.pdf_tools)
        pdf_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_page, self.page_spin, self.page_label, self.next_page):
            pdf_row.addWidget(widget)
        pdf_row.addStretch(1)
        tools = QHBoxLayout()
        tools.addWidget(self.pdf_tools)
        tools.addWidget(self.info, 1)
        tools.addWidget(self.reveal_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        for key, slot in ((QKeySequence.MoveToNextPage, lambda: self.show_page(self.page + 1)),
                          (QKeySequence.MoveToPreviousPage, lambda: self.show_page(self.page - 1))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._say(self.tr("No item selected"))

    # -- what is shown ------------------------------------------------------------------------------------------

    @property
    def page(self) -> int:
        return self._picture.page if self._picture is not None else 0

    @property
    def pages(self) -> int:
        return self._picture.pages if self._picture is not None else 0

    @property
    def picture(self) -> Picture | None:
        return self._picture

    def displayed_image(self) -> QImage | None:
        """The image now on screen (the obscured one unless revealed), for tests and screenshots."""
        pixmap = self.image_label.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()

    def set_item(self, file_id: int | None, record: dict | None) -> None:
        """Preview ``file_id`` (its ``files`` record gives type, name and size); None clears."""
        self._cancel()
        self._file_id = file_id
        self._picture = None
        self._pdf_data = None
        self.image_label.clear()
        self.text.clear()
        self.pdf_tools.setVisible(False)
        self.info.setText("")
        if file_id is None or record is None:
            self._kind = "none"
            self._say(self.tr("No item selected"))
            return
        self._kind = preview_kind(record.get("mime"), record.get("name"))
        size = int(record.get("size") or 0)
        if self._kind == "image":
            self._load_image(file_id, size)
        elif self._kind == "pdf":
            self._load_pdf(file_id, size, 0)
        elif self._kind == "video":
            self._load_video(file_id)
        elif self._kind == "text":
            self._load_text(file_id, size)
        else:
            self._say(self.tr("No preview for this type ({0}); see the Text and Hex tabs.").format(
                record.get("mime") or self.tr("unknown")), "none")

    def refresh_exposure(self) -> None:
        """The examiner revealed or obscured: show the other form of the picture (already decoded)."""
        self._update_hint()
        if self._picture is not None:
            self._display(self._picture)

    def show_page(self, page: int) -> None:
        if self._kind != "pdf" or self._picture is None or self._file_id is None:
            return
        if not 0 <= page < self._picture.pages or page == self._picture.page:
            self.page_spin.setValue(self._picture.page + 1)
            return
        self._load_pdf(self._file_id, 0, page)

    # -- loading ---------------------------------------------------------------------------------------------

    def _load_image(self, file_id: int, size: int) -> None:
        if size > MAX_IMAGE_BYTES:
            self._say(self.tr("The picture is {0} bytes: too large to preview (see the Hex tab).").format(
                f"{size:,}"), "none")
            return
        read, obscure = self._read_item, self._obscure

        def work() -> Picture:
            image = decode_image(read(file_id, 0, size))
            return Picture(image, obscure(image))

        self._start(self.tr("Decoding the picture…"), work)

    def _load_video(self, file_id: int) -> None:
        """A video is never played here: its key frames (made at ingest) are shown as a sheet, obscured like any
        picture until revealed."""
        load, obscure = self._load_frames, self._obscure
        if load is None:
            self._say(self.tr("A video: see its key frames once the media stage has analysed it."), "none")
            return

        def work() -> Picture | None:
            frames = load(file_id)
            if not frames:
                return None
            sheet = frame_sheet(frames)
            return Picture(sheet, obscure(sheet), note=str(len(frames)))

        def done(picture: object) -> None:
            if picture is None:
                self._job = None
                self._say(self.tr("No key frames of this video were analysed (the media stage makes them); it is "
                                  "never played on its own."), "none")
                return
            assert isinstance(picture, Picture)
            self._shown_picture(picture)
            self.info.setText(self.tr("{0} key frames; the video is not played here").format(picture.note))

        self._start(self.tr("Reading the key frames…"), work, done)

    def _load_pdf(self, file_id: int, size: int, page: int) -> None:
        if size > MAX_PDF_BYTES:
            self._say(self.tr("The PDF is {0} bytes: too large to render here.").format(f"{size:,}"), "none")
            return
        read, render, obscure, cached = self._read_item, self._render_pdf, self._obscure, self._pdf_data

        def work() -> tuple[bytes, Picture]:
            data = cached if cached is not None else read(file_id, 0, size)
            png, count = render(data, page, PDF_ZOOM)
            image = decode_image(png, max_side=2 * MAX_IMAGE_SIDE)
            return data, Picture(image, obscure(image), page, count)

        def done(result: tuple[bytes, Picture]) -> None:
            self._pdf_data = result[0]
            self._shown_picture(result[1])

        self._start(self.tr("Rendering page {0}…").format(page + 1), work, done)

    def _load_text(self, file_id: int, size: int) -> None:
        read = self._read_item
        length = min(size, MAX_TEXT_BYTES)

        def work() -> str:
            return decode_text(read(file_id, 0, length))

        def done(text: str) -> None:
            self._job = None
            self.text.setPlainText(text)
            self.stack.setCurrentWidget(self.text)
            if size > length:
                self.info.setText(self.tr("The first {0} of {1} bytes").format(f"{length:,}", f"{size:,}"))
            self.state = "text"
            self.shown.emit("text")

        self._start(self.tr("Reading…"), work, done)

    def _start(self, message: str, work: Callable[[], object],
               on_done: Callable[[object], None] | None = None) -> None:
        self._cancel()
        self._say(message, "loading")
        self._job = self._jobs.read("preview", work, on_done=on_done or self._shown_picture, on_error=self._failed)

    def _shown_picture(self, picture: Picture) -> None:
        self._job = None
        self._picture = picture
        if self._kind == "pdf":
            self.pdf_tools.setVisible(True)
            self.page_spin.setMaximum(max(1, picture.pages))
            self.page_spin.setValue(picture.page + 1)
            self.page_label.setText(self.tr("of {0}").format(picture.pages))
            self.previous_page.setEnabled(picture.page > 0)
            self.next_page.setEnabled(picture.page + 1 < picture.pages)
        self.info.setText(self.tr("{0} × {1} pixels").format(picture.clear.width(), picture.clear.height()))
        self._display(picture)
        self.state = self._kind
        self.shown.emit(self._kind)

    def _display(self, picture: Picture) -> None:
        revealed = self._is_revealed()
        self.image_label.setPixmap(QPixmap.fromImage(picture.clear if revealed else picture.obscured))
        self.stack.setCurrentWidget(self.scroll)
        self._update_hint()

    def _update_hint(self) -> None:
        if self._picture is None:
            self.reveal_hint.setText("")
        elif self._is_revealed():
            self.reveal_hint.setText(self.tr("Shown clear"))
        else:
            self.reveal_hint.setText(self.tr("Obscured"))

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self._say(self.tr("No preview: {0}").format(user_message(error)), "error")

    def _say(self, text: str, state: str = "none") -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.state = state
        if state != "loading":
            self.shown.emit(state)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
