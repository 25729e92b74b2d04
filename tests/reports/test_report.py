"""The examination report of the demo case, written through the core and the CLI and read back with poppler's
``pdftotext`` (an independent reader) and PyMuPDF: what a court needs is in it, on every page what must be on every
page, and a report altered by one byte fails verification."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from heroes_desktop.hashsets.tagging import tag_file
from heroes_desktop.reports.content import ReportOptions
from heroes_desktop.reports.errors import ReportError, ReportVerificationFailed
from heroes_desktop.reports.signature import signature_path, verify_report
from heroes_desktop.reports.writer import annex_path, write_report
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE
from tests.conftest import open_demo_case, sha256_file

NOTE_A = "Found in the user's Pictures folder; kept for the timeline"
NOTE_B = "Заметка: Ελληνικά και العربية 中文 — the note in four scripts"


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def tagged_demo(demo_case):
    """The demo case with two bookmarks with notes and one picture categorised CAT-1 (a benign training picture,
    standing in for material that must never be pictured in a report)."""
    case, _, _ = open_demo_case(demo_case, purpose="report test")
    with case:
        with case.reading() as connection:
            rows = connection.exec_driver_sql(
                "SELECT f.id, f.path FROM files f JOIN media m ON m.file_id = f.id AND m.thumbnail IS NOT NULL "
                "ORDER BY f.id").fetchall()
            document = connection.exec_driver_sql(
                "SELECT id, path FROM files WHERE mime = 'application/pdf' ORDER BY id LIMIT 1").fetchone()
        picture, restricted = rows[0], rows[1]
        tag_file(case, picture[0], "Exhibit A", note=NOTE_A)
        tag_file(case, document[0], "Exhibit B", note=NOTE_B)
        tag_file(case, restricted[0], "CAT-1", note="restricted picture")
    return {"demo": demo_case, "picture": picture, "document": document, "restricted": restricted}


@pytest.fixture(scope="module")
def pdf_report(tagged_demo, tmp_path_factory):
    """A PDF report of the bookmarked and categorised items, with a restricted annex."""
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    case, _, _ = open_demo_case(tagged_demo["demo"], mode="review", purpose="report test")
    with case:
        evidence_before = sha256_file(_evidence_path(case))
        written = write_report(case, "pdf", out, ReportOptions(items="all", restricted_annex=True))
    return {**tagged_demo, "out": out, "written": written, "evidence_before": evidence_before}


def _evidence_path(case) -> Path:
    with case.reading() as connection:
        return Path(json.loads(connection.exec_driver_sql("SELECT paths FROM evidence").scalar())[0])


def test_the_report_states_evidence_hashes_items_notes_and_custody_head(pdf_report):
    text = _pdftotext(pdf_report["out"])
    case, _, _ = open_demo_case(pdf_report["demo"], mode="read-only")
    with case:
        events = case.events()
        with case.reading() as connection:
            hashes = connection.exec_driver_sql("SELECT md5, sha1, sha256 FROM evidence").fetchone()
    for value in hashes:
        assert value and value in text
    assert pdf_report["picture"][1] in text and pdf_report["document"][1] in text
    assert NOTE_A in text
    report_event = next(event for event in events if event.action == "report.written"
                        and event.details["report_id"] == pdf_report["written"]["report_id"])
    reported_head = report_event.details["reported_head_hash"]
    assert reported_head == next(event.hash for event in events if event.seq == report_event.details[
        "reported_head_seq"])
    assert reported_head in text
    assert pdf_report["written"]["report_id"] in text
    assert "Examiner's interpretation" in text and "Declaration" in text and "Limitations" in text


def test_every_page_carries_the_report_id_and_page_x_of_y(pdf_report):
    with pymupdf.open(pdf_report["out"]) as document:
        total = document.page_count
        assert total == pdf_report["written"]["pages"] and total > 3
        for number, page in enumerate(document, 1):
            text = page.get_text()
            assert f"page {number} of {total}" in text
            assert pdf_report["written"]["report_id"] in text


def test_the_report_is_recorded_in_custody_and_verifies(pdf_report):
    written = pdf_report["written"]
    assert written["sha256"] == sha256_file(pdf_report["out"])
    case, _, _ = open_demo_case(pdf_report["demo"], mode="read-only")
    with case:
        event = next(event for event in case.events() if event.seq == written["custody_seq"])
        assert event.action == "report.written" and event.details["sha256"] == written["sha256"]
        result = verify_report(pdf_report["out"], case)
    assert result["case_checked"] and result["signed_by"] == DEMO_EXAMINER


def test_a_report_altered_by_one_byte_fails_verification(pdf_report, tmp_path):
    altered = tmp_path / "report.pdf"
    shutil.copy(pdf_report["out"], altered)
    shutil.copy(signature_path(pdf_report["out"]), signature_path(altered))
    data = bytearray(altered.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered.write_bytes(bytes(data))
    case, _, _ = open_demo_case(pdf_report["demo"], mode="read-only")
    with case, pytest.raises(ReportVerificationFailed, match="altered"):
        verify_report(altered, case)


def test_a_changed_signature_file_fails_verification(pdf_report, tmp_path):
    copy = tmp_path / "report.pdf"
    shutil.copy(pdf_report["out"], copy)
    body = json.loads(signature_path(pdf_report["out"]).read_text())
    body["actor"] = "Someone Else"
    signature_path(copy).write_text(json.dumps(body))
    with pytest.raises(ReportVerificationFailed, match="signature"):
        verify_report(copy, None)
    signature_path(copy).unlink()
    with pytest.raises(ReportVerificationFailed, match="no signature file"):
        verify_report(copy, None)


def _picture_digests(path: Path) -> set[str]:
    """SHA-256 of every picture embedded in a PDF (MuPDF embeds the JPEGs as they are given)."""
    with pymupdf.open(path) as document:
        return {hashlib.sha256(document.extract_image(image[0])["image"]).hexdigest()
                for page in document for image in page.get_images()}


def _report_picture_digest(demo, file_id: int) -> str:
    from heroes_desktop.reports.thumbnails import report_thumbnails

    case, _, _ = open_demo_case(demo, mode="read-only")
    with case:
        return hashlib.sha256(report_thumbnails(case, [file_id], "obscured")[file_id]).hexdigest()


def test_restricted_pictures_never_appear_in_the_report_only_in_the_annex(pdf_report):
    text = _pdftotext(pdf_report["out"])
    restricted_id, restricted_path = pdf_report["restricted"]
    assert restricted_path in text and "withheld" in text
    in_report = _picture_digests(pdf_report["out"])
    assert _report_picture_digest(pdf_report["demo"], pdf_report["picture"][0]) in in_report  # pictures do appear
    restricted_picture = _report_picture_digest(pdf_report["demo"], restricted_id)
    assert restricted_picture not in in_report
    annex = pdf_report["written"]["annex"]
    assert annex and Path(annex["report"]) == annex_path(pdf_report["out"])
    annex_text = _pdftotext(Path(annex["report"]))
    assert "Restricted annex" in annex_text and restricted_path in annex_text
    in_annex = _picture_digests(Path(annex["report"]))
    # the annex holds the pictures the report withholds (the examiner's CAT-1 and the hash-set's CAT-1/CAT-2
    # matches), and only those
    assert restricted_picture in in_annex and not in_annex & in_report
    case, _, _ = open_demo_case(pdf_report["demo"], mode="read-only")
    with case:
        assert verify_report(Path(annex["report"]), case)["case_checked"]


def test_report_pictures_are_obscured_greyscale_by_default(pdf_report):
    with pymupdf.open(pdf_report["out"]) as document:
        for page in document:
            for image in page.get_images():
                pixmap = pymupdf.Pixmap(document, image[0])
                assert pixmap.n - pixmap.alpha == 1, "a report picture is in colour"


def test_reading_the_evidence_for_a_report_never_writes_it(pdf_report):
    case, _, _ = open_demo_case(pdf_report["demo"], mode="read-only")
    with case:
        assert sha256_file(_evidence_path(case)) == pdf_report["evidence_before"]


def test_text_in_four_scripts_comes_out_legible(pdf_report):
    """Cyrillic, Greek, Arabic and Chinese in a note: every character is drawn with a font that has its glyph."""
    wanted = {ch for ch in NOTE_B if ord(ch) > 0x2FF and not ch.isspace() and ch != "—"}
    with pymupdf.open(pdf_report["out"]) as document:
        fonts = {}
        for page in document:
            for xref, *_ in page.get_fonts(full=True):
                if xref not in fonts:
                    _, _, _, buffer = document.extract_font(xref)
                    if buffer:
                        fonts[xref] = pymupdf.Font(fontbuffer=buffer)
        covered = {ch for ch in wanted if any(font.has_glyph(ord(ch)) for font in fonts.values())}
    assert covered == wanted
    text = _pdftotext(pdf_report["out"])
    for word in ("Заметка", "Ελληνικά", "中文"):
        assert word in text


def test_html_report_is_one_folder_and_verifies_until_a_file_changes(tagged_demo, tmp_path):
    out = tmp_path / "report-html"
    case, _, _ = open_demo_case(tagged_demo["demo"], mode="review", purpose="report test")
    with case:
        written = write_report(case, "html", out, ReportOptions(items="bookmarked", thumbnails="obscured"))
        assert verify_report(out, case)["case_checked"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert tagged_demo["picture"][1] in index and NOTE_A.replace("'", "&#x27;") in index
    assert written["findings"] == 2
    assert not any(path.suffix not in (".html", ".jpg") for path in out.iterdir())
    assert '<img class="thumb" src="thumb-' in index
    (out / "index.html").write_text(index.replace("Exhibit A", "Exhibit Z"), encoding="utf-8")
    with pytest.raises(ReportVerificationFailed, match="altered"):
        verify_report(out, None)


def test_a_report_is_never_overwritten_and_a_cancelled_one_leaves_nothing(tagged_demo, tmp_path):
    existing = tmp_path / "exists.pdf"
    existing.write_bytes(b"keep me")
    case, _, _ = open_demo_case(tagged_demo["demo"], mode="review", purpose="report test")
    with case:
        with pytest.raises(ReportError, match="never overwritten"):
            write_report(case, "pdf", existing, ReportOptions())
        assert existing.read_bytes() == b"keep me"
        events_before = len(case.events())
        with pytest.raises(ReportError, match="cancelled"):
            write_report(case, "pdf", tmp_path / "cancelled.pdf", ReportOptions(items="all"),
                         cancelled=lambda: True)
        assert len(case.events()) == events_before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["exists.pdf"]


def test_cli_report_and_verify_exit_codes(tagged_demo, tmp_path):
    demo = tagged_demo["demo"]
    env = {"HEROES_HOME": str(demo.case_path.parent / "profile"), "HEROES_PASSPHRASE": DEMO_CASE_PASSPHRASE,
           "HEROES_KEY_PASSPHRASE": DEMO_KEY_PASSPHRASE, "HEROES_EXAMINER": DEMO_EXAMINER,
           "PATH": "/usr/bin:/bin"}
    heroes = [sys.executable, "-m", "heroes_desktop"]
    out = tmp_path / "cli.pdf"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*heroes, *args], env=env, capture_output=True, text=True, timeout=300)

    made = run("report", str(demo.case_path), "--format", "pdf", "--out", str(out), "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert run("report", "verify", str(demo.case_path), str(out)).returncode == 0
    assert run("report", "verify", str(out)).returncode == 0  # the case is found from the signature
    data = bytearray(out.read_bytes())
    data[-100] ^= 0x20
    out.write_bytes(bytes(data))
    failed = run("report", "verify", str(demo.case_path), str(out))
    assert failed.returncode == 4 and "altered" in failed.stderr
    assert run("report", str(demo.case_path), "--out", str(tmp_path / "x.pdf")).returncode == 2  # no --format
    assert run("report", str(demo.case_path), "--format", "pdf", "--out", str(out)).returncode == 1  # exists


def test_table_headers_repeat_on_every_page_a_table_spans():
    """A 400-row table: each page it runs onto starts with its header row, and no row is lost or doubled."""
    from heroes_desktop.reports.html_render import ReportMarkup, _Builder
    from heroes_desktop.reports.pdf_render import render_pdf

    builder = _Builder()
    rows = [[f"row{number:04d}", f"/path/{number}", "x" * (number % 40)] for number in range(400)]
    table = builder.table([("HeadOne", 80), ("HeadTwo", 231), ("HeadThree", 200)], rows)
    markup = ReportMarkup(parts=["<h1>Title</h1><p>before</p>" + table + "<p>after the table</p>"],
                          tables=builder.tables)
    data = render_pdf(markup, report_id="HR-TEST", running_title="test")
    with pymupdf.open("pdf", data) as document:
        assert document.page_count >= 5
        seen = []
        for page in document:
            text = page.get_text()
            found = re.findall(r"row\d{4}", text)
            if found:
                assert "HeadOne" in text and "HeadThree" in text
                header_y = page.search_for("HeadOne")[0].y0
                assert header_y < page.search_for(found[0])[0].y0
            seen.extend(found)
    assert seen == [f"row{number:04d}" for number in range(400)]
