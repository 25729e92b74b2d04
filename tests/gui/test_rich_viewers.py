"""The rich viewers (e-mail, database, archive, PDF pages, document metadata) on a real encrypted case: the browse
tests' seized folder plus a three-page PDF, an e-mail with an attachment and an Android SMS database, ingested by
the real pipeline; each tab driven by mouse and keyboard, offscreen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTabWidget

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.browse.conftest import seized_folder
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

WAIT_MS = 60_000
EXAMINER = "Ana Examiner"


def _ledger(path: Path) -> None:
    document = pymupdf.open()
    for number in range(3):
        page = document.new_page()
        page.insert_text((72, 96), f"Ledger page {number + 1}", fontsize=18)
        page.draw_rect(pymupdf.Rect(72, 140, 300, 300), color=(0.1, 0.4, 0.8), fill=(0.9, 0.3, 0.2))
    document.save(path)
    document.close()


def _message(path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Ana García <ana@example.org>"
    message["To"] = "bob@example.org"
    message["Subject"] = "The ledger"
    message["Date"] = "Thu, 04 Mar 2021 06:06:07 +0100"
    message["Message-ID"] = "<ledger@example.org>"
    message["X-Mailer"] = "Workshop Mail 2.1"
    message.set_content("The ledger is attached.\n")
    message.add_attachment(b"col1,col2\n1,2\n", maintype="text", subtype="csv", filename="ledger.csv")
    path.write_bytes(message.as_bytes())


def _sms(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, type INTEGER, "
        "body TEXT);"
        "INSERT INTO sms VALUES (1, 1, '+34600123456', 1614834367123, 1, 'see you at 8');"
        "INSERT INTO sms VALUES (2, 1, '+34600123456', 1614834427000, 2, 'ok');"
        "CREATE TABLE android_metadata (locale TEXT); INSERT INTO android_metadata VALUES ('es_ES');")
    connection.commit()
    connection.close()


@pytest.fixture(scope="module")
def rich_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("rich")
    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
    case = Case.create(root / "case.heroes", PASSPHRASE, actor, key, title="Rich viewers")
    folder = seized_folder(root)
    _ledger(folder / "docs" / "ledger.pdf")
    _message(folder / "ledger-mail.eml")
    _sms(folder / "mmssms.db")
    add_evidence(case, folder)
    assert ingest(case, IngestOptions(jobs=2, stages=("filetype", "hash", "text"))).status == "finished"
    case.ids = {record["path"]: record["id"] for record in iter_files(case)}  # type: ignore[attr-defined]
    yield case
    case.close()


@pytest.fixture
def viewers(qtbot, rich_case: Case):  # type: ignore[no-untyped-def]
    from heroes_desktop.gui.views.viewers import ViewerTabs
    jobs = Jobs()
    session = CaseSession(rich_case, Actor(EXAMINER, Role.EXAMINER), jobs, PASSPHRASE, KEY_PASSPHRASE)
    widget = ViewerTabs(session)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close_content()
    jobs.shutdown(wait=True)


def _show(qtbot, viewers, path: str) -> int:  # type: ignore[no-untyped-def]
    file_id = viewers.session.case.ids[path]
    viewers.show_item(file_id)
    qtbot.waitUntil(lambda: viewers.details is not None and viewers.file_id == file_id, timeout=WAIT_MS)
    return file_id


def _click_tab(qtbot, tabs: QTabWidget, title: str) -> None:  # type: ignore[no-untyped-def]
    bar = tabs.tabBar()
    number = next(n for n in range(tabs.count()) if tabs.tabText(n).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(number).center())
    assert tabs.currentIndex() == number


def _is_grey(image: QImage | None) -> bool:
    assert image is not None
    points = [(x, y) for x in range(5, image.width(), max(1, image.width() // 12))
              for y in range(5, image.height(), max(1, image.height() // 12))]
    return all(c.red() == c.green() == c.blue() for c in (image.pixelColor(x, y) for x, y in points))


def _rows(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[tree.topLevelItem(n).text(c) for c in range(tree.columnCount())] for n in range(tree.topLevelItemCount())]


def test_email_headers_body_and_attachments(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewers, "/ledger-mail.eml")
    assert viewers.email.state == "pending"  # nothing is read until the tab is opened
    _click_tab(qtbot, viewers, "E-mail")
    email = viewers.email
    qtbot.waitUntil(lambda: email.state == "email", timeout=WAIT_MS)
    headers = dict((row[0], row[1]) for row in _rows(email.headers))
    assert headers["From"] == "Ana García <ana@example.org>" and headers["Subject"] == "The ledger"
    assert headers["Date (UTC)"] == "2021-03-04T05:06:07Z" and "X-Mailer" not in headers
    assert email.body.toPlainText().strip() == "The ledger is attached."
    assert _rows(email.attachments)[0][:3] == ["ledger.csv", "text/csv", "14"]
    email.all_headers.setFocus()
    qtbot.keyClick(email.all_headers, Qt.Key_Space)
    assert "X-Mailer" in dict((row[0], row[1]) for row in _rows(email.headers))
    _show(qtbot, viewers, "/docs/report.txt")  # not an e-mail: said in one sentence
    assert email.state == "none" and "Not an e-mail" in email.message.text()


def test_sms_database_chat_first_then_tables(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _click_tab(qtbot, viewers, "Database")
    _show(qtbot, viewers, "/mmssms.db")
    database = viewers.database
    qtbot.waitUntil(lambda: database.state == "chat", timeout=WAIT_MS)
    assert database.choice.currentText().startswith("Chat: Android SMS")
    table = database.table
    headers = [table.horizontalHeaderItem(n).text() for n in range(table.columnCount())]
    assert headers[:4] == ["Time (UTC)", "Direction", "Sender", "Message"]
    assert [table.item(0, n).text() for n in range(4)] == \
        ["2021-03-04T05:06:07.123Z", "received", "+34600123456", "see you at 8"]
    assert table.item(1, 1).text() == "sent" and table.item(1, 2).text() == "(device owner)"
    assert "milliseconds since 1970-01-01" in database.note.text()
    sms = database.choice.findData("table:sms")
    assert database.choice.itemText(sms) == "Table: sms (2 rows)"
    database.choice.setCurrentIndex(sms)
    database.choice.activated.emit(sms)
    qtbot.waitUntil(lambda: database.state == "table", timeout=WAIT_MS)
    assert table.rowCount() == 2 and table.item(0, 5).text() == "see you at 8"
    assert not database.next_page.isEnabled() and database.position.text() == "rows 1–2"


def test_archive_members_from_the_case_and_double_click(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _click_tab(qtbot, viewers, "Archive")
    _show(qtbot, viewers, "/archive.zip")
    archive = viewers.archive
    qtbot.waitUntil(lambda: archive.state == "archive", timeout=WAIT_MS)
    assert "in the case" in archive.summary.text()
    names = [row[0] for row in _rows(archive.members)]
    assert "second.txt" in names and "inner/first.txt" in names
    item = archive.members.topLevelItem(names.index("second.txt"))
    cell = archive.members.visualItemRect(item).center()
    with qtbot.waitSignal(viewers.file_requested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(archive.members.viewport(), Qt.LeftButton, pos=cell)
        qtbot.mouseDClick(archive.members.viewport(), Qt.LeftButton, pos=cell)
    assert blocker.args == [viewers.session.case.ids["/archive.zip/second.txt"]]
    _show(qtbot, viewers, "/alpha.txt")
    assert archive.state == "none" and "Not an archive" in archive.message.text()


def test_pdf_pages_obscured_paged_and_revealed(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _click_tab(qtbot, viewers, "Pages")
    _show(qtbot, viewers, "/docs/ledger.pdf")
    pages = viewers.pdf_pages
    qtbot.waitUntil(lambda: pages.state == "pdf", timeout=WAIT_MS)
    assert pages.pages == 3 and pages.page == 0 and pages.page_label.text() == "page 1 of 3"
    assert _is_grey(pages.displayed_image()), "a rendered page is obscured until the examiner reveals pictures"
    assert abs(pages.picture.clear.width() - pages.scroll.viewport().width()) < 60  # rendered at the dock's width
    assert "Ledger page 1" in pages.text.toPlainText()
    pages.scroll.setFocus()
    qtbot.keyClick(pages.scroll, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: pages.page == 1, timeout=WAIT_MS)
    assert "Ledger page 2" in pages.text.toPlainText() and _is_grey(pages.displayed_image())
    qtbot.mouseClick(pages.next_page, Qt.LeftButton)
    qtbot.waitUntil(lambda: pages.page == 2, timeout=WAIT_MS)
    assert not pages.next_page.isEnabled()
    pages.page_spin.setFocus()
    pages.page_spin.selectAll()
    qtbot.keyClicks(pages.page_spin, "1")
    qtbot.keyClick(pages.page_spin, Qt.Key_Return)
    qtbot.waitUntil(lambda: pages.page == 0, timeout=WAIT_MS)
    viewers.toggle_reveal()
    qtbot.waitUntil(lambda: not _is_grey(pages.displayed_image()), timeout=WAIT_MS)
    viewers.toggle_reveal()
    qtbot.waitUntil(lambda: _is_grey(pages.displayed_image()), timeout=WAIT_MS)


def test_document_metadata_tab(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    if viewers.document is None:
        pytest.fail("heroes_desktop.timeline.document_metadata is part of the build: the Document tab must exist")
    _click_tab(qtbot, viewers, "Document")
    _show(qtbot, viewers, "/ledger-mail.eml")
    document = viewers.document
    qtbot.waitUntil(lambda: document.state in ("document", "error"), timeout=WAIT_MS)
    assert document.state == "document", document.message.text()
    assert document.metadata.format == "email"
    assert any("2021-03-04T05:06:07" in value for _, value in document.rows("Dates (UTC)"))
    _show(qtbot, viewers, "/archive.zip/second.txt")
    assert document.state == "none" and "No document metadata" in document.message.text()


def test_rich_tabs_of_an_item_they_do_not_apply_to(qtbot, viewers) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewers, "/docs/report.txt")
    assert all(viewer.state == "none" for viewer in viewers.rich_viewers)
    viewers.show_item(None)
    assert all(viewer.message.text() == "No item selected" for viewer in viewers.rich_viewers)
