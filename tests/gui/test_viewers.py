"""The viewers of the selected item, driven by keyboard and mouse on a real encrypted case: a folder of benign
files (a photograph of an astronaut, a two-page PDF made here, a text file) added as evidence and ingested with
the filetype, hash, text and entities stages; a hash set that knows the text file; a tag on it."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QTabWidget
from skimage import data as skimage_data

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui.exposure import ExposurePolicy
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.hex_viewer import (PAGE_BYTES, SCAN_CHUNK, HexModel, find_bytes, parse_hex,
                                                 parse_offset, text_patterns)
from heroes_desktop.gui.views.text_viewer import PositionMap, find_hits, search_terms
from heroes_desktop.hashsets.matching import compute_matches
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.hashsets.tagging import tag_files
from heroes_desktop.identity.actor import Actor
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

NOTES = ("Informe del Médico forense.\r\n"
         "Reunión en Madrid con el médico; contacto ana.garcia@example.com o +34 600 123 456.\n"
         "Otra vez Madrid, y madrileños en la lista. vim-pandoc convierte el informe.\n") * 3
WAIT_MS = 60_000


def _pdf(path: Path) -> None:
    document = pymupdf.open()
    for number, words in enumerate(("Quarterly invoice for the workshop", "Second page: payment received")):
        page = document.new_page()
        page.insert_text((72, 96), f"{words} (page {number + 1})", fontsize=18)
        page.draw_rect(pymupdf.Rect(72, 140, 300, 300), color=(0.1, 0.4, 0.8), fill=(0.9, 0.3, 0.2))
    document.save(path)
    document.close()


@pytest.fixture
def benign_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "seized"
    folder.mkdir()
    Image.fromarray(skimage_data.astronaut()).save(folder / "astronaut.png")
    _pdf(folder / "invoice.pdf")
    (folder / "notes.txt").write_bytes(NOTES.encode("utf-8"))
    (folder / "broken.png").write_bytes((folder / "astronaut.png").read_bytes()[:200])
    return folder


@pytest.fixture
def case_with_items(new_case: Case, benign_folder: Path, tmp_path: Path) -> Case:
    add_evidence(new_case, benign_folder)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash", "text", "entities")))
    assert summary.status == "finished"
    md5 = hashlib.md5(NOTES.encode("utf-8")).hexdigest()
    (tmp_path / "known.md5").write_text(md5 + "\n")
    import_hashset(new_case, tmp_path / "known.md5", "md5", "workshop notes", category="CAT-3")
    compute_matches(new_case)
    tag_files(new_case, [_ids(new_case)["notes.txt"]], "CAT-3", note="known notes")
    return new_case


def _ids(case: Case) -> dict[str, int]:
    return {row["name"]: row["id"] for row in iter_files(case)}


@pytest.fixture
def session(case_with_items: Case, examiner: Actor) -> Iterator[CaseSession]:
    jobs = Jobs()
    yield CaseSession(case_with_items, examiner, jobs, PASSPHRASE, KEY_PASSPHRASE)
    jobs.shutdown(wait=True)


@pytest.fixture
def viewers(qtbot, session: CaseSession):  # type: ignore[no-untyped-def]
    from heroes_desktop.gui.views.viewers import ViewerTabs
    widget = ViewerTabs(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    yield widget
    widget.close_content()


def _click_tab(qtbot, tabs: QTabWidget, title: str) -> None:  # type: ignore[no-untyped-def]
    bar = tabs.tabBar()
    number = next(n for n in range(tabs.count()) if tabs.tabText(n).replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(number).center())
    assert tabs.currentIndex() == number


def _show(qtbot, viewers, file_id: int) -> None:  # type: ignore[no-untyped-def]
    viewers.show_item(file_id)
    qtbot.waitUntil(lambda: viewers.details is not None and viewers.file_id == file_id, timeout=WAIT_MS)


def _is_grey(image: QImage) -> bool:
    points = [(x, y) for x in range(5, image.width(), max(1, image.width() // 9))
              for y in range(5, image.height(), max(1, image.height() // 9))]
    colours = [image.pixelColor(x, y) for x, y in points]
    return all(c.red() == c.green() == c.blue() for c in colours)


# -- pure parts ----------------------------------------------------------------------------------------------


def test_offsets_and_hex_as_examiners_type_them() -> None:
    assert parse_offset("4096") == 4096 and parse_offset("0x1000") == 4096 and parse_offset("1000h") == 4096
    assert parse_offset(" 1_024 ") == 1024
    with pytest.raises(ValueError, match="not an offset"):
        parse_offset("12zz")
    assert parse_hex("4D 5A") == b"MZ" and parse_hex("0x4d 0x5a") == b"MZ" and parse_hex("4d-5a-90") == b"MZ\x90"
    with pytest.raises(ValueError, match="not hex bytes"):
        parse_hex("4G")
    assert text_patterns("Ab") == [b"Ab", b"A\x00b\x00"]


def test_find_bytes_across_chunks_forward_and_back() -> None:
    data = bytearray(3 * SCAN_CHUNK + 100)
    for offset in (10, SCAN_CHUNK - 2, 2 * SCAN_CHUNK + 7):  # the second one straddles a chunk boundary
        data[offset:offset + 5] = b"NeeDl"

    def read(offset: int, length: int) -> bytes:
        return bytes(data[offset:offset + length])

    size = len(data)
    assert find_bytes(read, size, [b"NeeDl"], 0).offset == 10
    assert find_bytes(read, size, [b"NeeDl"], 11).offset == SCAN_CHUNK - 2
    assert find_bytes(read, size, [b"needl"], SCAN_CHUNK, fold_case=True).offset == 2 * SCAN_CHUNK + 7
    assert find_bytes(read, size, [b"needl"], SCAN_CHUNK) is None  # case matters unless folded
    assert find_bytes(read, size, [b"NeeDl"], size, forward=False).offset == 2 * SCAN_CHUNK + 7
    assert find_bytes(read, size, [b"NeeDl"], 2 * SCAN_CHUNK + 7, forward=False).offset == SCAN_CHUNK - 2
    assert find_bytes(read, size, [b"NeeDl"], SCAN_CHUNK - 2, forward=False).offset == 10
    assert find_bytes(read, size, [b"NeeDl"], 10, forward=False) is None
    stop = threading.Event()
    stop.set()
    assert find_bytes(read, size, [b"NeeDl"], 0, cancelled=stop) is None


def test_search_terms_light_up_what_the_index_finds() -> None:
    assert [t.words for t in search_terms('"vim pandoc" AND medico NOT madrid')] == [("vim", "pandoc"), ("medico",)]
    assert search_terms("madr*")[0].prefix
    hits = find_hits(NOTES, "medico")
    assert [NOTES[s:e] for s, e in hits[:2]] == ["Médico", "médico"]
    assert {NOTES[s:e] for s, e in find_hits(NOTES, "madr*")} == {"Madrid", "madrileños"}
    assert {NOTES[s:e] for s, e in find_hits(NOTES, "vim-pandoc")} == {"vim-pandoc"}
    assert {NOTES[s:e] for s, e in find_hits(NOTES, "ana.garcia@example.com")} == {"ana.garcia@example.com"}
    assert find_hits(NOTES, "madri") == []  # whole words, as the index matches them
    assert find_hits(NOTES, "") == [] and find_hits("", "x") == []
    assert PositionMap("a\r\nb\U0001F600c")(6) == 6 - 1 + 1 and PositionMap("ab")(2) == 2


def test_hex_model_reads_pages_on_demand_and_passes_the_model_tester(qtbot) -> None:  # type: ignore[no-untyped-def]
    data = bytes(range(256)) * 300  # 76,800 bytes: five pages
    reads: list[tuple[int, int]] = []

    def read(offset: int, length: int) -> bytes:
        reads.append((offset, length))
        return data[offset:offset + length]

    jobs = Jobs()
    try:
        model = HexModel(jobs)
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        model.set_source(read, len(data))
        assert model.rowCount() == len(data) // 16 and model.columnCount() == 17
        assert model.data(model.index(0, 0)) == "··"  # placeholder until the page arrives
        qtbot.waitUntil(lambda: model.page_loaded(0), timeout=WAIT_MS)
        assert model.data(model.index(0, 1)) == "01" and model.data(model.index(4, 16)).startswith("@ABC")
        assert all(length <= PAGE_BYTES for _, length in reads) and sum(n for _, n in reads) < len(data)
        last = model.rowCount() - 1
        model.data(model.index(last, 15))
        qtbot.waitUntil(lambda: model.page_loaded(len(data) - 1), timeout=WAIT_MS)
        assert model.byte_at(len(data) - 1) == 255
        model.set_source(None, 0)
        assert model.rowCount() == 0
    finally:
        jobs.shutdown(wait=True)


def test_hex_view_of_an_item_over_a_gigabyte_moves_its_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from heroes_desktop.gui.views.hex_viewer import WINDOW_BYTES, HexViewer
    size = 3 * WINDOW_BYTES + 5

    def read(offset: int, length: int) -> bytes:  # a pattern, so no gigabytes are ever held
        return bytes((offset + n) % 251 for n in range(length))

    jobs = Jobs()
    try:
        viewer = HexViewer(jobs)
        qtbot.addWidget(viewer)
        QAbstractItemModelTester(viewer.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        viewer.set_source(read, size)
        viewer.show()
        assert viewer.model.rowCount() == WINDOW_BYTES // 16 and viewer.next_window.isVisible()
        viewer.goto_edit.setFocus()
        qtbot.keyClicks(viewer.goto_edit, str(size - 1))
        qtbot.keyClick(viewer.goto_edit, Qt.Key_Return)
        assert viewer.model.base == 3 * WINDOW_BYTES and viewer.current_offset() == size - 1
        assert viewer.model.rowCount() == 1 and not viewer.next_window.isEnabled()
        qtbot.waitUntil(lambda: viewer.model.byte_at(size - 1) == (size - 1) % 251, timeout=WAIT_MS)
        qtbot.mouseClick(viewer.previous_window, Qt.LeftButton)
        assert viewer.model.base == 2 * WINDOW_BYTES and viewer.current_offset() == 2 * WINDOW_BYTES
        assert viewer.model.headerData(1, Qt.Vertical) == f"{2 * WINDOW_BYTES + 16:010X}"
    finally:
        jobs.shutdown(wait=True)


# -- on a real case --------------------------------------------------------------------------------------------


def test_picture_is_obscured_until_revealed_by_one_key(qtbot, viewers, session, examiner) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(session.case)
    _show(qtbot, viewers, ids["astronaut.png"])
    qtbot.waitUntil(lambda: viewers.preview.state == "image", timeout=WAIT_MS)
    assert viewers.currentWidget() is viewers.preview
    shown = viewers.preview.displayed_image()
    assert shown is not None and (shown.width(), shown.height()) == (512, 512)
    assert _is_grey(shown), "a picture is shown greyscale and blurred until the examiner reveals it"
    viewers.preview.setFocus()
    qtbot.keyClick(viewers.preview, Qt.Key_R, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not _is_grey(viewers.preview.displayed_image()), timeout=WAIT_MS)
    assert ExposurePolicy(examiner.name).revealed  # the choice is kept in the examiner's profile
    qtbot.keyClick(viewers.preview, Qt.Key_R, Qt.ControlModifier)
    qtbot.waitUntil(lambda: _is_grey(viewers.preview.displayed_image()), timeout=WAIT_MS)
    assert not ExposurePolicy(examiner.name).revealed
    _show(qtbot, viewers, ids["broken.png"])  # a damaged picture is said so, in the view
    qtbot.waitUntil(lambda: viewers.preview.state == "error", timeout=WAIT_MS)
    assert "No preview" in viewers.preview.message.text()


def test_pdf_page_rendered_obscured_and_paged_by_keyboard(qtbot, viewers, session) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewers, _ids(session.case)["invoice.pdf"])
    qtbot.waitUntil(lambda: viewers.preview.state == "pdf", timeout=WAIT_MS)
    assert viewers.preview.pages == 2 and viewers.preview.page == 0
    assert _is_grey(viewers.preview.displayed_image())
    viewers.preview.setFocus()
    qtbot.keyClick(viewers.preview, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: viewers.preview.page == 1 and viewers.preview.state == "pdf", timeout=WAIT_MS)
    assert not viewers.preview.next_page.isEnabled()
    qtbot.mouseClick(viewers.preview.previous_page, Qt.LeftButton)
    qtbot.waitUntil(lambda: viewers.preview.page == 0 and viewers.preview.state == "pdf", timeout=WAIT_MS)


def test_text_preview_and_search_hits_walked_with_f3(qtbot, viewers, session) -> None:  # type: ignore[no-untyped-def]
    notes = _ids(session.case)["notes.txt"]
    viewers.set_search("medico OR madr*")
    _show(qtbot, viewers, notes)
    qtbot.waitUntil(lambda: viewers.preview.state == "text", timeout=WAIT_MS)
    assert "Reunión en Madrid" in viewers.preview.text.toPlainText()
    _click_tab(qtbot, viewers, "Text")
    text = viewers.text
    qtbot.waitUntil(lambda: len(text.hits) == 15, timeout=WAIT_MS)  # 2 médico + 2 Madrid + 1 madrileños, x3
    assert text.current_hit == 0 and text.selected_text() == "Médico"
    text.editor.setFocus()
    qtbot.keyClick(text.editor, Qt.Key_F3)
    assert text.current_hit == 1 and text.selected_text() == "Madrid"
    qtbot.keyClick(text.editor, Qt.Key_F3, Qt.ShiftModifier)
    qtbot.keyClick(text.editor, Qt.Key_F3, Qt.ShiftModifier)
    assert text.current_hit == 14 and text.selected_text() == "madrileños"  # wraps round
    assert text.hit_label.text() == "hit 15 of 15"
    qtbot.mouseClick(text.next_button, Qt.LeftButton)
    assert text.current_hit == 0
    text.find_edit.clear()  # the examiner types another search right here
    qtbot.keyClicks(text.find_edit, '"vim pandoc"')
    qtbot.keyClick(text.find_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: len(text.hits) == 3, timeout=WAIT_MS)
    assert text.selected_text() == "vim-pandoc"
    viewers.set_search(None)
    qtbot.waitUntil(lambda: text.hits == [], timeout=WAIT_MS)


def test_hex_view_go_to_and_find_by_keyboard(qtbot, viewers, session) -> None:  # type: ignore[no-untyped-def]
    raw = NOTES.encode("utf-8")
    _show(qtbot, viewers, _ids(session.case)["notes.txt"])
    _click_tab(qtbot, viewers, "Hex")
    hexview = viewers.hex
    QAbstractItemModelTester(hexview.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert hexview.model.size == len(raw)
    qtbot.waitUntil(lambda: hexview.model.page_loaded(0), timeout=WAIT_MS)
    assert hexview.model.data(hexview.model.index(0, 0)) == f"{raw[0]:02X}"
    hexview.table.setFocus()
    qtbot.keyClick(hexview.table, Qt.Key_G, Qt.ControlModifier)
    assert hexview.goto_edit.hasFocus()
    qtbot.keyClicks(hexview.goto_edit, "0x20")
    qtbot.keyClick(hexview.goto_edit, Qt.Key_Return)
    assert hexview.current_offset() == 32
    qtbot.keyClick(hexview.goto_edit, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(hexview.goto_edit, "99999999")
    qtbot.keyClick(hexview.goto_edit, Qt.Key_Return)
    assert "outside the item" in hexview.status.text() and hexview.current_offset() == 32
    qtbot.keyClick(hexview.table, Qt.Key_F, Qt.ControlModifier)
    assert hexview.find_edit.hasFocus()
    qtbot.keyClicks(hexview.find_edit, "madrid")
    qtbot.keyClick(hexview.find_edit, Qt.Key_Return)
    first = raw.find(b"Madrid", 33)
    qtbot.waitUntil(lambda: hexview.current_offset() == first and not hexview.searching, timeout=WAIT_MS)
    selected = sorted(hexview.model.offset_of(i.row(), i.column()) for i in hexview.table.selectedIndexes())
    assert selected == list(range(first, first + 6))
    qtbot.keyClick(hexview.table, Qt.Key_F3)
    second = raw.find(b"Madrid", first + 1)
    qtbot.waitUntil(lambda: hexview.current_offset() == second, timeout=WAIT_MS)
    qtbot.keyClick(hexview.table, Qt.Key_F3, Qt.ShiftModifier)
    qtbot.waitUntil(lambda: hexview.current_offset() == first, timeout=WAIT_MS)
    hexview.find_mode.setCurrentIndex(hexview.find_mode.findData("hex"))
    hexview.find_edit.setFocus()
    hexview.find_edit.selectAll()
    qtbot.keyClicks(hexview.find_edit, "C3 A9")  # the é of médico in UTF-8
    qtbot.keyClick(hexview.find_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: hexview.current_offset() == raw.find(b"\xc3\xa9", first + 1), timeout=WAIT_MS)
    hexview.find_edit.setFocus()
    hexview.find_edit.selectAll()
    qtbot.keyClicks(hexview.find_edit, "ZZ")
    qtbot.keyClick(hexview.find_edit, Qt.Key_Return)
    assert "not hex bytes" in hexview.status.text()


def test_metadata_entities_and_matches(qtbot, viewers, session) -> None:  # type: ignore[no-untyped-def]
    notes = _ids(session.case)["notes.txt"]
    _show(qtbot, viewers, notes)
    _click_tab(qtbot, viewers, "Metadata")
    meta = viewers.metadata
    hashes = dict(meta.rows("Hashes"))
    assert hashes["sha256"] == hashlib.sha256(NOTES.encode("utf-8")).hexdigest()
    assert hashes["md5"] == hashlib.md5(NOTES.encode("utf-8")).hexdigest()
    record = dict(meta.rows("Record"))
    assert record["name"] == "notes.txt" and record["path"] == "/notes.txt" and record["size"] == str(len(NOTES.encode()))
    stages = dict(meta.rows("Stages"))
    assert stages["hash"].startswith("ok") and stages["text"].startswith("ok")
    custody = " ".join(value for _, value in meta.rows("Custody"))
    assert "tag" in custody and "CAT-3" in custody
    meta.tree.setFocus()
    meta.tree.setCurrentItem(meta.section("Hashes").child(0))
    qtbot.keyClick(meta.tree, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text().startswith("md5\t")

    _click_tab(qtbot, viewers, "Matches")
    rows = viewers.matches.rows()
    assert any(row[0] == "workshop notes" and row[1] == "md5" and row[2] == "0" and row[3] == "CAT-3"
               for row in rows), rows

    _click_tab(qtbot, viewers, "Entities")
    table = viewers.entities.table
    found = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert "ana.garcia@example.com" in found, found
    row = found.index("ana.garcia@example.com")
    table.scrollToItem(table.item(row, 1))
    cell = table.visualItemRect(table.item(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=cell)  # a double-click starts with a click
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=cell)
    assert viewers.currentWidget() is viewers.text
    qtbot.waitUntil(lambda: viewers.text.selected_text() == "ana.garcia@example.com", timeout=WAIT_MS)
    viewers.text.select_span(0, 0)
    _click_tab(qtbot, viewers, "Entities")  # and by keyboard: the row is current, Enter shows it
    table.setFocus()
    qtbot.keyClick(table, Qt.Key_Return)
    assert viewers.currentWidget() is viewers.text
    qtbot.waitUntil(lambda: viewers.text.selected_text() == "ana.garcia@example.com", timeout=WAIT_MS)


def test_a_newer_selection_wins_and_none_clears(qtbot, viewers, session) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(session.case)
    viewers.show_item(ids["astronaut.png"])
    viewers.show_item(ids["notes.txt"])
    qtbot.waitUntil(lambda: viewers.details is not None, timeout=WAIT_MS)
    assert dict(viewers.metadata.rows("Record"))["name"] == "notes.txt"
    qtbot.waitUntil(lambda: viewers.preview.state == "text", timeout=WAIT_MS)
    viewers.show_item(None)
    assert viewers.preview.state == "none" and viewers.hex.model.rowCount() == 0
    assert viewers.text.editor.toPlainText() == ""
    viewers.show_item(10**9)  # an id that is not in the case: said in the view, never an exception
    qtbot.waitUntil(lambda: not viewers.loading, timeout=WAIT_MS)
    assert viewers.details is None
