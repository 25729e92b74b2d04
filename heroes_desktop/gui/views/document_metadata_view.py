"""The document viewer: what a document, e-mail or photo says about itself (title, author, software, ...) and the
dates it states, in UTC with where each was read, from the core's ``read_document_metadata``. Its readers include
native ones (MuPDF for PDF, Pillow for EXIF): they run in a worker process with a time and memory budget, never
in the window's process."""

from __future__ import annotations

import atexit
import threading
from typing import Any

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.rich_viewer import ReadItem, RichViewer

MAX_DOCUMENT_BYTES = 256 * 2**20
READ_SECONDS = 60.0
WORKER_MEMORY_MB = 1536
FORMATS = ("pdf", "ooxml", "odf", "email", "image")

_POOL: Any = None
_LOCK = threading.Lock()


def document_metadata_available() -> bool:
    """The core's reader is part of this build (it is optional for the viewers)."""
    try:
        import heroes_desktop.timeline.document_metadata  # noqa: F401
    except ImportError:
        return False
    return True


def read_in_worker(data: bytes, mime: str | None, name: str) -> Any:
    """``read_document_metadata`` in a worker process (a hostile file can kill the worker, never the window)."""
    global _POOL
    from heroes_desktop.timeline.document_metadata import read_document_metadata

    with _LOCK:
        if _POOL is None:
            from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

            _POOL = WorkerPool(1, default_limits=TaskLimits(seconds=READ_SECONDS, memory_mb=WORKER_MEMORY_MB))
            atexit.register(close_pool)
        pool = _POOL
    return pool.submit(read_document_metadata, data, mime, name).result()


def close_pool() -> None:
    global _POOL
    with _LOCK:
        pool, _POOL = _POOL, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


class DocumentMetadataView(RichViewer):
    def __init__(self, jobs: Jobs, read_item: ReadItem, parent: QWidget | None = None) -> None:
        super().__init__(jobs, read_item, parent)
        self.metadata: Any = None
        self.widget = QWidget(self)
        self.summary = QLabel(self.widget)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self.widget)
        self.tree.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 220)
        self.tree.setAccessibleName(self.tr("Document metadata"))
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.stack.addWidget(self.widget)
        self.say(self.tr("No item selected"))

    def content_page(self) -> QWidget:
        return self.widget

    def applies(self, record: dict[str, Any]) -> str | None:
        from heroes_desktop.timeline.document_metadata import format_of
        if format_of(b"", record.get("mime"), str(record.get("name") or "")) in FORMATS:
            return None
        return self.tr("No document metadata for this type: the Document tab reads PDF, Office and OpenDocument "
                       "files, e-mails and photos.")

    def reset(self) -> None:
        self.metadata = None
        self.tree.clear()
        self.summary.setText("")

    def load(self, file_id: int, record: dict[str, Any]) -> None:
        read, mime, name = self.read_all(file_id, MAX_DOCUMENT_BYTES), record.get("mime"), str(record.get("name") or "")

        def work() -> Any:
            return read_in_worker(read(), mime, name)

        self.run(self.tr("Reading the document's metadata…"), work, self._loaded, "document metadata")

    def rows(self, title: str) -> list[tuple[str, str]]:
        """(field, value) of a section, for tests and copying."""
        for number in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(number)
            if section.text(0) == title:
                return [(section.child(n).text(0), section.child(n).text(1)) for n in range(section.childCount())]
        return []

    def _loaded(self, metadata: Any) -> None:
        self.metadata = metadata
        self.tree.clear()
        self.summary.setText(self.tr("Read as: {0}").format(metadata.format))
        self._section(self.tr("Fields"), list(metadata.fields.items()), self.tr("no field stated"))
        dates = []
        for date in metadata.dates:
            value = f"{date.time}  ({date.source}: {date.original})"
            if date.assumed_utc:
                value += "  " + self.tr("[no time zone written: UTC assumed]")
            dates.append((date.kind, value))
        self._section(self.tr("Dates (UTC)"), dates, self.tr("no date stated"))
        if metadata.notes:
            self._section(self.tr("Notes"), [("", note) for note in metadata.notes], "")
        self.tree.expandAll()
        self.show_page("document")

    def _section(self, title: str, rows: list[tuple[str, str]], empty: str) -> None:
        section = QTreeWidgetItem(self.tree, [title, ""])
        font = section.font(0)
        font.setBold(True)
        section.setFont(0, font)
        if not rows and empty:
            QTreeWidgetItem(section, [empty, ""])
        for name, value in rows:
            item = QTreeWidgetItem(section, [str(name), str(value)])
            item.setToolTip(1, str(value)[:2000])
