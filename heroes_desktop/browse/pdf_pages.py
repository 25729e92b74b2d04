"""One page of a PDF for the page viewer: rendered by MuPDF at a given width as PNG, with the page's text and the
document's page count. MuPDF is native code: it runs in a worker process with a time and memory budget, never in
the window's process, so a hostile PDF can kill a worker, not the window.
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass
from typing import Any

from heroes_desktop.core.errors import UsageError

MAX_PDF_BYTES = 256 * 2**20
MIN_WIDTH, MAX_WIDTH = 64, 4096
MAX_PIXELS = 40_000_000  # a page a mile high is rendered smaller, never past this
MAX_PAGE_TEXT = 200_000
RENDER_SECONDS = 60.0
WORKER_MEMORY_MB = 2048


@dataclass(frozen=True)
class PdfPage:
    png: bytes
    page: int  # 0-based
    pages: int
    width: int
    height: int
    text: str
    notes: tuple[str, ...] = ()


_POOL: Any = None
_LOCK = threading.Lock()


def render_page(data: bytes, page: int, width: int) -> PdfPage:
    """Page ``page`` (0-based) of the PDF ``data``, rendered ``width`` pixels wide, with its text, in a worker
    process. A document MuPDF cannot open, an encrypted one, or a page out of range is a :class:`UsageError`
    whose message says which."""
    if len(data) > MAX_PDF_BYTES:
        raise UsageError(f"a PDF of {len(data):,} bytes is larger than the {MAX_PDF_BYTES:,} bytes the viewer "
                         "renders")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UsageError("not a PDF: the '%PDF' header is missing")
    width = max(MIN_WIDTH, min(MAX_WIDTH, int(width)))
    from heroes_desktop.pipeline.errors import TaskFailed

    try:
        return _pool().submit(_render, data, int(page), width).result()
    except TaskFailed as error:
        message = str(error).splitlines()[0] if str(error) else "the PDF page cannot be rendered"
        raise UsageError(message.removeprefix("UsageError: ")) from None


def close_pool() -> None:
    """Stop the rendering worker (at exit, or when the viewers close)."""
    global _POOL
    with _LOCK:
        pool, _POOL = _POOL, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _pool() -> Any:
    global _POOL
    with _LOCK:
        if _POOL is None:
            from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

            _POOL = WorkerPool(1, default_limits=TaskLimits(seconds=RENDER_SECONDS, memory_mb=WORKER_MEMORY_MB))
            atexit.register(close_pool)
        return _POOL


def _render(data: bytes, page: int, width: int) -> PdfPage:
    """(Worker) Open, render one page, read its text."""
    import pymupdf

    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # noqa: BLE001 - any parser failure is this document's
        first = str(error).splitlines()[0] if str(error) else repr(error)
        raise UsageError(f"the PDF is damaged and cannot be opened: {first}") from None
    try:
        if document.needs_pass:
            raise UsageError("the PDF is encrypted: its pages cannot be shown without the password")
        count = document.page_count
        if count == 0:
            raise UsageError("the PDF is damaged (truncated?): no page could be read")
        if not 0 <= page < count:
            raise UsageError(f"no page {page + 1}: the PDF has {count} page(s)")
        notes = ("the PDF is damaged; MuPDF repaired what it could",) if document.is_repaired else ()
        current = document[page]
        rect = current.rect
        zoom = width / rect.width if rect.width > 0 else 1.0
        if rect.width * rect.height * zoom * zoom > MAX_PIXELS:
            zoom = (MAX_PIXELS / max(1.0, rect.width * rect.height)) ** 0.5
        try:
            pixmap = current.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            text = current.get_text("text")[:MAX_PAGE_TEXT]
        except Exception as error:  # noqa: BLE001 - a broken page content stream
            first = str(error).splitlines()[0] if str(error) else repr(error)
            raise UsageError(f"page {page + 1} is damaged and cannot be rendered: {first}") from None
        return PdfPage(pixmap.tobytes("png"), page, count, pixmap.width, pixmap.height, text, notes)
    finally:
        document.close()


def is_pdf(mime: str | None, name: str | None) -> bool:
    mime = (mime or "").lower()
    return mime == "application/pdf" or ((not mime or mime == "application/octet-stream")
                                         and (name or "").lower().endswith(".pdf"))
