"""The report as PDF, laid out by PyMuPDF's ``Story`` (MuPDF's HTML engine), with what Story lacks added here.

Measured on PyMuPDF 1.26-2.0 / MuPDF 1.28: a table's header row is not repeated on the pages a table spans, and
``page-break-before: always`` on a story's first element loops forever. So each part of the report is a story of
its own that starts on a fresh page (no CSS page breaks at all), and after each page is placed, the positions of
the report's tables tell which one runs on: its header row, a table of its own with the same column widths in
points, is drawn at the top of the next page and the story continues below it. "Page x of y" and the report id
are stamped on every page once the page count is known. Scripts other than Latin (Arabic, Cyrillic, Greek, CJK)
come out in MuPDF's built-in Noto and Droid fallback fonts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pymupdf

from heroes_desktop.reports.errors import ReportCancelled
from heroes_desktop.reports.html_render import BLOCK_BREAK, CSS, ReportMarkup

PAGE = pymupdf.paper_rect("a4")
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 42, 56, 54
BODY = pymupdf.Rect(PAGE.x0 + MARGIN_SIDE, PAGE.y0 + MARGIN_TOP, PAGE.x1 - MARGIN_SIDE, PAGE.y1 - MARGIN_BOTTOM)


def render_pdf(markup: ReportMarkup, *, report_id: str, running_title: str, metadata: dict[str, str] | None = None,
               page_limit: int | None = None, cancelled: Callable[[], bool] | None = None,
               progress: Callable[[int], None] | None = None) -> bytes:
    """The PDF's bytes; ``page_limit`` stops after that many pages (a preview), ``progress(pages)`` per page."""
    archive = pymupdf.Archive()
    for name, data in markup.images.items():
        archive.add((data, name))
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    pages = 0
    for part in markup.parts:
        if page_limit is not None and pages >= page_limit:
            break
        pages = _place_part(writer, part, markup, archive, pages, page_limit, cancelled, progress)
    writer.close()
    document = pymupdf.open("pdf", buffer.getvalue())
    _stamp(document, report_id, running_title)
    document.set_metadata({"title": running_title, "subject": f"Examination report {report_id}",
                           "creator": "HEROES Desktop", "producer": f"PyMuPDF {pymupdf.VersionBind}",
                           **(metadata or {})})
    return document.tobytes(garbage=3, deflate=True)


class _Flow:
    """Places one part's blocks, one small story each, one after the other on the pages they need.

    MuPDF lays out a story's remaining content again on every ``place`` call, so one story of a 10,000-item report
    costs time quadratic in its length; small stories chained in the space the previous one left are linear.
    """

    def __init__(self, writer: pymupdf.DocumentWriter, markup: ReportMarkup, archive: pymupdf.Archive,
                 pages: int, page_limit: int | None, cancelled: Callable[[], bool] | None,
                 progress: Callable[[int], None] | None) -> None:
        self.writer, self.markup, self.archive = writer, markup, archive
        self.pages, self.page_limit, self.cancelled, self.progress = pages, page_limit, cancelled, progress
        self.device: pymupdf.Device | None = None
        self.where = pymupdf.Rect(BODY)
        self.running: list[str] = []

    @property
    def full(self) -> bool:
        return self.page_limit is not None and self.pages >= self.page_limit

    def place(self, block: str) -> None:
        story = pymupdf.Story(block, user_css=CSS, archive=self.archive)
        more = True
        while more and not self.full:
            if self.cancelled is not None and self.cancelled():
                raise ReportCancelled("report cancelled")
            if self.device is None:
                self._begin_page()
            more, filled = story.place(self.where)
            rows: list[str] = []
            story.element_positions(lambda position: rows.append(position.id) if position.id else None)
            self.running = _running_tables(rows, self.markup, self.running)
            story.draw(self.device)
            if more:
                self.end_page()
            else:
                self.where.y0 = pymupdf.Rect(filled).y1

    def _begin_page(self) -> None:
        self.device = self.writer.begin_page(PAGE)
        self.where = pymupdf.Rect(BODY)
        if self.running:
            self.where.y0 = _draw_header(self.device, self.markup.tables[self.running[-1]].header_html,
                                         self.archive, self.where)

    def end_page(self) -> None:
        if self.device is None:
            return
        self.writer.end_page()
        self.device = None
        self.pages += 1
        if self.progress is not None:
            self.progress(self.pages)


def _place_part(writer: pymupdf.DocumentWriter, part: str, markup: ReportMarkup, archive: pymupdf.Archive,
                pages: int, page_limit: int | None, cancelled: Callable[[], bool] | None,
                progress: Callable[[int], None] | None) -> int:
    """Place one part of the report, starting on a new page; return the pages written so far."""
    flow = _Flow(writer, markup, archive, pages, page_limit, cancelled, progress)
    for block in part.split(BLOCK_BREAK):
        if flow.full:
            break
        if block.strip():
            flow.place(block)
    flow.end_page()
    return flow.pages


def _running_tables(row_ids: list[str], markup: ReportMarkup, running: list[str]) -> list[str]:
    """Tables that go on past this page: a row of theirs was placed here (or they ran on into it) and their last
    body row was not. MuPDF reports a table itself as opened and closed on its first page, so rows tell."""
    running = list(running)
    for element_id in row_ids:
        table_id, _, row = element_id.rpartition("-")
        table = markup.tables.get(table_id)
        if table is None:
            continue
        last = row != "h" and int(row) >= table.rows - 1
        if last and table_id in running:
            running.remove(table_id)
        elif not last and table_id not in running:
            running.append(table_id)
    return running


def _draw_header(device: pymupdf.Device, header_html: str, archive: pymupdf.Archive, where: pymupdf.Rect) -> float:
    """Draw a continued table's header row at the top of ``where``; return where the body goes on."""
    header = pymupdf.Story(header_html, user_css=CSS + "table { margin: 0; }", archive=archive)
    _, filled = header.place(where)
    header.draw(device)
    return pymupdf.Rect(filled).y1


def _stamp(document: pymupdf.Document, report_id: str, running_title: str) -> None:
    """The running title at the top and "Report id · page x of y" at the foot of every page: one shape per page,
    committed once (a shape per line costs a font insertion each, half the time of a long report)."""
    total = document.page_count
    plain_title = _latin1(running_title)
    grey = (0.6, 0.6, 0.6)
    footer_y = PAGE.y1 - 30
    for index, page in enumerate(document):
        if not plain_title:
            page.insert_htmlbox(pymupdf.Rect(MARGIN_SIDE, 24, PAGE.x1 - MARGIN_SIDE, 40),
                                f'<span style="font-size:7.5pt;color:#555">{_escape(running_title)}</span>')
        shape = page.new_shape()
        shape.draw_line((MARGIN_SIDE, 40), (PAGE.x1 - MARGIN_SIDE, 40))
        shape.draw_line((MARGIN_SIDE, footer_y - 10), (PAGE.x1 - MARGIN_SIDE, footer_y - 10))
        shape.finish(color=grey, width=0.4)
        if plain_title:
            shape.insert_text((MARGIN_SIDE, 34), running_title, fontname="helv", fontsize=7.5, color=(0.3, 0.3, 0.3))
        shape.insert_text((MARGIN_SIDE, footer_y), f"Report {report_id}", fontname="helv", fontsize=8)
        label = f"page {index + 1} of {total}"
        width = pymupdf.get_text_length(label, fontname="helv", fontsize=8)
        shape.insert_text((PAGE.x1 - MARGIN_SIDE - width, footer_y), label, fontname="helv", fontsize=8)
        shape.commit()


def _latin1(text: str) -> bool:
    """Whether the base-14 Helvetica draws ``text`` (its encoding covers Latin-1); else MuPDF's HTML box does."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_pdf_atomically(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` through a temporary file beside it, so a crash leaves no half report."""
    temporary = out.with_name(f".{out.name}.partial")
    temporary.write_bytes(data)
    temporary.replace(out)


def page_pictures(data: bytes, *, pages: int = 2, dpi: int = 60) -> list[bytes]:
    """The first ``pages`` pages of a PDF (the report's own) as PNG bytes, for a preview."""
    with pymupdf.open("pdf", data) as document:
        return [document[index].get_pixmap(dpi=dpi).tobytes("png") for index in range(min(pages,
                                                                                           document.page_count))]
