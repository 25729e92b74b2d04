"""The ``dates`` stage through the real pipeline: a seized folder with an e-mail, a PDF, a Word document and a
photo, their stated dates in ``file_dates``, a re-run that does not duplicate them, and corrupt items that fail or
warn on their own while the run goes on."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import docx
import pymupdf
from PIL import Image
from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import file_dates
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.registry import default_registry
from heroes_desktop.pipeline.stage import ItemInfo
from heroes_desktop.stages.dates import DatesStage
from tests.conftest import sha256_file

STAGES = ("filetype", "hash", "dates")


def _eml() -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "ana@example.org", "bob@example.org", "Flight"
    message["Date"] = "Tue, 03 Sep 2024 10:15:30 +0200"
    message.set_content("Your flight to Lisbon.\n")
    return message.as_bytes()


def _pdf() -> bytes:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Invoice")
    document.set_metadata({"creationDate": "D:20240102030405+01'00'", "modDate": "D:20240110000000Z"})
    return document.tobytes()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Offer")
    document.core_properties.created = datetime(2024, 9, 2, 9, 30)
    document.core_properties.modified = datetime(2024, 9, 5, 17, 45)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _jpeg() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = "2024:05:06 07:08:09"
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 180, 90)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _odt() -> bytes:
    """An ODF text whose print date is no date (month 13): the rest is read, the stage warns."""
    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>'
            "<meta:creation-date>2024-03-04T05:06:07</meta:creation-date>"
            "<meta:print-date>2024-13-04T05:06:07</meta:print-date></office:meta></office:document-meta>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("meta.xml", meta)
    return buffer.getvalue()


def _folder(root: Path) -> Path:
    folder = root / "seized"
    folder.mkdir()
    (folder / "flight.eml").write_bytes(_eml())
    (folder / "invoice.pdf").write_bytes(_pdf())
    (folder / "offer.docx").write_bytes(_docx())
    (folder / "IMG_0001.jpg").write_bytes(_jpeg())
    (folder / "notes.txt").write_text("no dates in here\n")
    (folder / "broken.pdf").write_bytes(_pdf()[:200])
    (folder / "cut.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (folder / "trip.odt").write_bytes(_odt())
    return folder


def _rows(case: Case) -> dict[tuple[str, str], tuple[str, str, bool]]:
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT f.name, d.kind, d.time, d.source, d.assumed_utc FROM file_dates d JOIN files f ON f.id = d.file_id")
        return {(name, kind): (time, source, bool(assumed)) for name, kind, time, source, assumed in rows}


def _runs(case: Case) -> dict[str, tuple[str, str | None]]:
    with case.reading() as connection:
        return {name: (status, error) for name, status, error in connection.exec_driver_sql(
            "SELECT f.name, s.status, s.error FROM stage_runs s JOIN files f ON f.id = s.file_id "
            "WHERE s.stage = 'dates'")}


def test_dates_through_ingest(new_case: Case, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = {path.name: sha256_file(path) for path in folder.iterdir()}
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=STAGES)).status == "finished"
    assert before == {path.name: sha256_file(path) for path in folder.iterdir()}
    expected = {
        ("flight.eml", "email-date"): ("2024-09-03T08:15:30Z", "Date header", False),
        ("invoice.pdf", "doc-created"): ("2024-01-02T02:04:05Z", "PDF /CreationDate", False),
        ("invoice.pdf", "doc-modified"): ("2024-01-10T00:00:00Z", "PDF /ModDate", False),
        ("offer.docx", "doc-created"): ("2024-09-02T09:30:00Z", "docProps/core.xml dcterms:created", False),
        ("offer.docx", "doc-modified"): ("2024-09-05T17:45:00Z", "docProps/core.xml dcterms:modified", False),
        ("IMG_0001.jpg", "exif-taken"): ("2024-05-06T07:08:09Z", "EXIF DateTimeOriginal", True),
        ("trip.odt", "doc-created"): ("2024-03-04T05:06:07Z", "meta.xml meta:creation-date", True),
    }
    assert _rows(new_case) == expected
    runs = _runs(new_case)
    assert "notes.txt" not in runs  # not a dated format: never offered to the stage
    assert runs["broken.pdf"][0] == "failed" and "PDF could not be opened" in runs["broken.pdf"][1]
    assert runs["flight.eml"] == ("ok", None) and runs["IMG_0001.jpg"] == ("ok", None)
    with new_case.reading() as connection:
        warned = {name: message for name, message in connection.exec_driver_sql(
            "SELECT f.name, w.message FROM warnings w JOIN files f ON f.id = w.file_id WHERE w.stage = 'dates'")}
    assert runs["cut.docx"][0] == "failed" and "not a readable zip package" in runs["cut.docx"][1]
    assert runs["trip.odt"] == ("ok", None) and "meta:print-date" in warned["trip.odt"]  # read, with a warning

    # a re-run of the stage replaces the rows instead of adding to them
    assert ingest(new_case, IngestOptions(jobs=1, stages=STAGES, rerun=("dates",))).status == "finished"
    assert _rows(new_case) == expected
    with new_case.reading() as connection:
        assert len(connection.execute(select(file_dates)).all()) == len(expected)


def test_the_stage_is_registered_after_the_head_stages() -> None:
    names = default_registry().names()
    assert names.index("dates") > max(names.index("filetype"), names.index("hash"))


def test_the_stage_chooses_by_mime_then_by_name() -> None:
    stage = DatesStage()
    assert stage.accepts(ItemInfo("a.bin", "/a.bin", 10, "file", mime="message/rfc822"))
    assert stage.accepts(ItemInfo("x", "/x", 10, "file", mime="image/png"))
    assert stage.accepts(ItemInfo("a.odt", "/a.odt", 10, "file", mime="application/zip"))
    assert stage.accepts(ItemInfo("a.pdf", "/a.pdf", 10, "file"))  # no MIME: by the extension
    assert not stage.accepts(ItemInfo("a.zip", "/a.zip", 10, "file", mime="application/zip"))
    assert not stage.accepts(ItemInfo("a.txt", "/a.txt", 10, "file", mime="text/plain"))
    assert not stage.accepts(ItemInfo("a.pdf", "/a.pdf", 300 * 2**20, "file", mime="application/pdf"))


def _run_stage(name: str, mime: str, data: bytes):  # type: ignore[no-untyped-def]
    run = DatesStage().open(ItemInfo(name=name, path=f"/{name}", size=len(data), kind="file", mime=mime))
    run.feed(data)
    return run.finish()


def test_metadata_that_is_simply_not_there_is_no_failure() -> None:
    """An e-mail without a Date header, or an ODF package without meta.xml, states no date: the stage has nothing
    to say, which is not a failure that would make the item partial (issue 20's honest status)."""
    message = EmailMessage()
    message["From"], message["Subject"] = "ana@example.org", "no date"
    message.set_content("hello\n")
    output = _run_stage("nodate.eml", "message/rfc822", message.as_bytes())
    assert output.data["dates"] == [] and "The message has no Date header." in output.warnings
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    output = _run_stage("bare.odt", "application/vnd.oasis.opendocument.text", buffer.getvalue())
    assert output.data["dates"] == [] and "The package has no meta.xml." in output.warnings


def test_a_package_that_does_not_open_still_fails_the_stage() -> None:
    import pytest

    with pytest.raises(ValueError, match="not a readable zip package"):
        _run_stage("broken.odt", "application/vnd.oasis.opendocument.text", b"PK\x03\x04 not really a zip")
