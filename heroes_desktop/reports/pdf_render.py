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
from heroes_desktop.reports.html_render import CSS, ReportMarkup

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


def _place_part(writer: pymupdf.DocumentWriter, part: str, markup: ReportMarkup, archive: pymupdf.Archive,
                pages: int, page_limit: int | None, cancelled: Callable[[], bool] | None,
                progress: Callable[[int], None] | None) -> int:
    story = pymupdf.Story(part, user_css=CSS, archive=archive)
    open_tables: list[str] = []
    more = True
    while more:
        if cancelled is not None and cancelled():
            raise ReportCancelled("report cancelled")
        device = writer.begin_page(PAGE)
        where = pymupdf.Rect(BODY)
        if open_tables:
            where.y0 = _draw_header(device, markup.tables[open_tables[-1]].header_html, archive, where)
        more, _ = story.place(where)
        rows: list[str] = []
        story.element_positions(lambda position: rows.append(position.id) if position.id else None)
        open_tables = _running_tables(rows, markup, open_tables)
        story.draw(device)
        writer.end_page()
        pages += 1
        if progress is not None:
            progress(pages)
        if page_limit is not None and pages >= page_limit:
            break
    return pages


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
    """The running title at the top and "Report id · page x of y" at the foot of every page."""
    total = document.page_count
    ascii_title = running_title.isascii()
    for index, page in enumerate(document):
        if ascii_title:
            page.insert_text((MARGIN_SIDE, 34), running_title, fontname="helv", fontsize=7.5, color=(0.3, 0.3, 0.3))
        else:
            page.insert_htmlbox(pymupdf.Rect(MARGIN_SIDE, 24, PAGE.x1 - MARGIN_SIDE, 40),
                                f'<span style="font-size:7.5pt;color:#555">{_escape(running_title)}</span>')
        page.draw_line((MARGIN_SIDE, 40), (PAGE.x1 - MARGIN_SIDE, 40), color=(0.6, 0.6, 0.6), width=0.4)
        footer_y = PAGE.y1 - 30
        page.draw_line((MARGIN_SIDE, footer_y - 10), (PAGE.x1 - MARGIN_SIDE, footer_y - 10), color=(0.6, 0.6, 0.6),
                       width=0.4)
        page.insert_text((MARGIN_SIDE, footer_y), f"Report {report_id}", fontname="helv", fontsize=8)
        label = f"page {index + 1} of {total}"
        width = pymupdf.get_text_length(label, fontname="helv", fontsize=8)
        page.insert_text((PAGE.x1 - MARGIN_SIDE - width, footer_y), label, fontname="helv", fontsize=8)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_pdf_atomically(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` through a temporary file beside it, so a crash leaves no half report."""
    temporary = out.with_name(f".{out.name}.partial")
    temporary.write_bytes(data)
    temporary.replace(out)
