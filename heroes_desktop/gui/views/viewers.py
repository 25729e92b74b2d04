"""The viewers of the selected item, as tabs: preview, text, hex, metadata, entities, hash-set matches, and the
rich viewers: e-mail, database (SQLite, chats first), archive members, PDF pages and document metadata.

``show_item`` loads the item's details in one read job (a newer selection cancels an older one) and hands each tab
what it shows; the preview, text and hex tabs then read what they need in their own read jobs. The item's bytes are
read through the core's ``ItemContentReader``, whose native evidence code runs in a worker process, never in the
window's process; one reader serves every tab and is closed with the viewers. The rich viewers read only when
their tab is shown, and say in one sentence when an item is not theirs; ``file_requested`` asks the window to
select an e-mail's attachment or an archive's member.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTabWidget, QWidget

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.exposure import exposure_of
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutConflict, shortcuts_of
from heroes_desktop.gui.views.archive_viewer import ArchiveViewer
from heroes_desktop.gui.views.document_metadata_view import DocumentMetadataView, document_metadata_available
from heroes_desktop.gui.views.email_viewer import EmailViewer
from heroes_desktop.gui.views.entities_view import EntitiesView
from heroes_desktop.gui.views.hex_viewer import HexViewer
from heroes_desktop.gui.views.matches_view import MatchesView
from heroes_desktop.gui.views.metadata_view import MetadataView
from heroes_desktop.gui.views.pdf_viewer import PdfPagesViewer
from heroes_desktop.gui.views.preview import PreviewView
from heroes_desktop.gui.views.sqlite_viewer import SqliteViewer
from heroes_desktop.gui.views.text_viewer import TextViewer

log = logging.getLogger("heroes.gui")

CONTEXT = "viewers"
REVEAL_ACTION = "viewers.reveal"
REVEAL_KEY = "Ctrl+R"


class SharedContent:
    """One ``ItemContentReader`` for the viewers, made on first use in a read job, used by one job at a time."""

    def __init__(self, case: Any) -> None:
        self._case = case
        self._reader: Any = None
        self._lock = threading.Lock()
        self._closed = False

    def read(self, file_id: int, offset: int, length: int) -> bytes:
        with self._lock:
            if self._closed:
                raise RuntimeError("the viewers are closed")
            if self._reader is None:
                from heroes_desktop.browse.item_content import ItemContentReader
                self._reader = ItemContentReader(self._case)
            return self._reader.read(file_id, offset, length)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()


def _render_pdf(data: bytes, page: int, zoom: float) -> tuple[bytes, int]:
    from heroes_desktop.browse.item_content import render_pdf_page
    return render_pdf_page(data, page, zoom)


def _attribute(value: Any, name: str, default: Any = None) -> Any:
    return value.get(name, default) if isinstance(value, dict) else getattr(value, name, default)


class ViewerTabs(QTabWidget):
    """Preview, Text, Hex, Metadata, Entities and Matches of one item. ``show_item(None)`` clears them all."""

    item_loaded = Signal(int)  # the details of this file id are shown
    load_failed = Signal(str)
    file_requested = Signal(int)  # the examiner opened this item from a viewer (an attachment, an archive member)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewers")
        self.session = session
        self._jobs = session.jobs
        self._job: Job | None = None
        self._file_id: int | None = None
        self._details: Any = None
        self._query: str | None = None
        self.content = SharedContent(session.case)
        self.exposure = exposure_of(session)
        case = session.case

        def load_text(file_id: int, source: str) -> str:
            from heroes_desktop.browse.item_details import item_text
            return item_text(case, file_id, source)

        def load_frames(file_id: int) -> list[tuple[float | None, bytes]]:
            from heroes_desktop.browse.item_details import video_key_frames
            return video_key_frames(case, file_id)

        def load_members(file_id: int) -> list:
            from heroes_desktop.browse.archive_members import case_members
            return case_members(case, file_id)

        self.preview = PreviewView(self._jobs, self.content.read, _render_pdf, self._obscure,
                                   lambda: self.exposure.revealed, self, load_frames=load_frames)
        self.text = TextViewer(self._jobs, load_text, self)
        self.hex = HexViewer(self._jobs, self)
        self.metadata = MetadataView(self)
        self.entities = EntitiesView(self)
        self.matches = MatchesView(self)
        read = self.content.read
        self.email = EmailViewer(self._jobs, read, load_members, self)
        def load_companions(file_id: int) -> dict[str, tuple[int, int]]:
            from heroes_desktop.browse.sqlite_item import database_companions
            return database_companions(case, file_id)

        self.database = SqliteViewer(self._jobs, read, self, load_companions=load_companions)
        self.archive = ArchiveViewer(self._jobs, read, load_members, self)
        self.pdf_pages = PdfPagesViewer(self._jobs, read, self._obscure, lambda: self.exposure.revealed, self)
        self.document = DocumentMetadataView(self._jobs, read, self) if document_metadata_available() else None
        self.addTab(self.preview, self.tr("&Preview"))
        self.addTab(self.text, self.tr("&Text"))
        self.addTab(self.hex, self.tr("He&x"))
        self.addTab(self.metadata, self.tr("&Metadata"))
        self.addTab(self.entities, self.tr("&Entities"))
        self.addTab(self.matches, self.tr("Matc&hes"))
        self.addTab(self.email, self.tr("E-ma&il"))
        self.addTab(self.database, self.tr("&Database"))
        self.addTab(self.archive, self.tr("&Archive"))
        self.addTab(self.pdf_pages, self.tr("Pa&ges"))
        if self.document is not None:
            self.addTab(self.document, self.tr("D&ocument"))
        self.entities.activated.connect(self._show_entity)
        self.email.file_requested.connect(self.file_requested)
        self.archive.file_requested.connect(self.file_requested)
        self.exposure.changed.connect(lambda _revealed: self._refresh_exposure())
        self.reveal_action = self._bind_reveal()
        self.show_item(None)

    # -- the public face -----------------------------------------------------------------------------------

    @property
    def file_id(self) -> int | None:
        return self._file_id

    @property
    def details(self) -> Any:
        return self._details

    @property
    def loading(self) -> bool:
        return self._job is not None

    def show_item(self, file_id: int | None) -> None:
        """Show ``file_id`` in every tab (None: nothing); a load still running for an earlier item is dropped."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._file_id = file_id
        self._details = None
        if file_id is None:
            self._clear(self.tr("No item selected"))
            return
        self.metadata.clear(self.tr("Loading…"))
        case = self.session.case

        def work() -> Any:
            from heroes_desktop.browse.item_details import item_details
            return item_details(case, file_id)

        self._job = self._jobs.read("item details", work, on_done=lambda details: self._loaded(file_id, details),
                                    on_error=self._failed)

    def set_search(self, query: str | None) -> None:
        """The search in force (``heroes search`` syntax): its hits are highlighted in the text tab."""
        self._query = query or None
        self.text.set_search(self._query)

    def toggle_reveal(self) -> None:
        """The one key: show pictures clear, or obscured again (the examiner's choice, kept in their profile)."""
        self.exposure.toggle()

    @property
    def rich_viewers(self) -> list:
        """The e-mail, database, archive, PDF pages and (when the core has its reader) document viewers."""
        viewers = [self.email, self.database, self.archive, self.pdf_pages]
        return viewers + ([self.document] if self.document is not None else [])

    def close_content(self) -> None:
        """Stop the content reader's worker process and drop an open database (the window calls this when the case
        closes)."""
        self.database.close_database()
        self.content.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.close_content()
        super().closeEvent(event)

    # -- internals -------------------------------------------------------------------------------------------

    def _refresh_exposure(self) -> None:
        self.preview.refresh_exposure()
        self.pdf_pages.refresh_exposure()

    def _obscure(self, image: QImage) -> QImage:
        from heroes_desktop.gui.exposure import obscure
        return obscure(image, self.exposure.obscure_level)

    def _bind_reveal(self) -> Any:
        registry = shortcuts_of(self.session)
        try:
            registry.register_context(CONTEXT, self.tr("Viewers"))
            registry.register(REVEAL_ACTION, self.tr("Reveal or obscure pictures"), REVEAL_KEY, CONTEXT)
        except ShortcutConflict as error:  # another panel holds the key: say so, keep the viewers working
            log.warning("the viewers' reveal key is not bound: %s", error)
            return None
        return registry.bind(REVEAL_ACTION, self, self.toggle_reveal)

    def _loaded(self, file_id: int, details: Any) -> None:
        self._job = None
        if file_id != self._file_id:
            return
        self._details = details
        record = dict(_attribute(details, "record", {}) or {})
        self.preview.set_item(file_id, record)
        sources = [(str(_attribute(info, "source")), int(_attribute(info, "chars", 0) or 0),
                    _attribute(info, "language")) for info in _attribute(details, "texts", []) or []]
        self.text.set_item(file_id, sources)
        if self._query:
            self.text.set_search(self._query)
        content = self.content
        self.hex.set_source(lambda offset, length: content.read(file_id, offset, length),
                            int(record.get("size") or 0))
        self.metadata.set_details(details)
        self.entities.set_entities(list(_attribute(details, "entities", []) or []))
        self.matches.set_matches(list(_attribute(details, "matches", []) or []))
        for viewer in self.rich_viewers:
            viewer.set_item(file_id, record)
        self.item_loaded.emit(file_id)

    def _failed(self, error: BaseException) -> None:
        self._job = None
        message = self.tr("The item could not be shown: {0}").format(user_message(error))
        self._clear(message)
        self.load_failed.emit(message)

    def _clear(self, message: str) -> None:
        self.preview.set_item(None, None)
        self.text.set_item(None, [])
        self.hex.set_source(None, 0)
        self.metadata.clear(message)
        self.entities.set_entities([])
        self.matches.set_matches([])
        for viewer in self.rich_viewers:
            viewer.set_item(None, None)

    def _show_entity(self, source: str, start: int, end: int) -> None:
        self.setCurrentWidget(self.text)
        self.text.show_span(source, start, end)
        self.text.editor.setFocus(Qt.OtherFocusReason)
