"""The dates and fields documents, e-mails and photos state about themselves, read from real files made here with
the real libraries (and from public sample PDFs whose source states their dates), and hostile input that gives
notes, never an exception."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import docx
import pymupdf
import pytest
from PIL import Image

from heroes_desktop.timeline.dates import ImpossibleDate, exif_date, item_dates, pdf_date, w3c_date
from heroes_desktop.timeline.document_metadata import (
    MAX_MEMBER_BYTES,
    DocumentMetadata,
    ItemDate,
    read_document_metadata,
)
from tests.conftest import SHARED_TESTDATA

SAMPLES = SHARED_TESTDATA / "py-pdf-sample-files"
OOXML_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dates(found: DocumentMetadata) -> dict[str, tuple[str, bool]]:
    return {date.kind: (date.time, date.assumed_utc) for date in found.dates}


def _eml(date: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Ana Ruiz <ana@example.org>"
    message["To"] = "bob@example.org"
    message["Subject"] = "Vuelo a Lisboa"
    message["Date"] = date
    message["Message-ID"] = "<20240903.ab12@example.org>"
    message.set_content("Your flight.\n")
    return message.as_bytes()


def test_email_with_a_zoned_date() -> None:
    found = read_document_metadata(_eml("Tue, 03 Sep 2024 10:15:30 +0200"), "message/rfc822", "flight.eml")
    assert found.format == "email" and found.notes == ()
    assert found.dates == (ItemDate("email-date", "2024-09-03T08:15:30Z", "Date header",
                                    "Tue, 03 Sep 2024 10:15:30 +0200", False),)
    assert list(found.fields) == ["From", "To", "Subject", "Message-ID"]
    assert found.fields["From"] == "Ana Ruiz <ana@example.org>"
    assert found.fields["Message-ID"] == "<20240903.ab12@example.org>"


def test_email_without_a_zone_is_taken_as_utc() -> None:
    found = read_document_metadata(_eml("Tue, 03 Sep 2024 10:15:30"), None, "flight.eml")  # by its headers
    assert found.format == "email"
    assert _dates(found) == {"email-date": ("2024-09-03T10:15:30Z", True)}
    assert item_dates(_eml("3 Sep 2024 23:30:00 -0500"), "message/rfc822", "x.eml")[0].time == "2024-09-04T04:30:00Z"


def test_pdf_info_dates() -> None:
    document = pymupdf.open()
    document.new_page()
    document.set_metadata({"title": "Contract", "author": "Ana Ruiz", "creator": "Writer", "producer": "LibreOffice",
                           "creationDate": "D:20240102030405+02'00'", "modDate": "D:20240315120000Z"})
    data = document.tobytes()
    found = read_document_metadata(data, "application/pdf", "contract.pdf")
    assert found.format == "pdf" and found.notes == ()
    assert _dates(found) == {"doc-created": ("2024-01-02T01:04:05Z", False),
                             "doc-modified": ("2024-03-15T12:00:00Z", False)}
    assert found.dates[0].source == "PDF /CreationDate" and found.dates[0].original == "D:20240102030405+02'00'"
    assert list(found.fields) == ["Title", "Author", "Creator", "Producer", "Pages"]
    assert found.fields["Author"] == "Ana Ruiz" and found.fields["Pages"] == "1"


def test_pdf_date_forms() -> None:
    assert pdf_date("D:2024") == ("2024-01-01T00:00:00Z", True)
    assert pdf_date("D:20240102") == ("2024-01-02T00:00:00Z", True)
    assert pdf_date("D:20240102030405") == ("2024-01-02T03:04:05Z", True)
    assert pdf_date("D:20240102030405Z00'00'") == ("2024-01-02T03:04:05Z", False)
    assert pdf_date("D:20240102030405-05'30'") == ("2024-01-02T08:34:05Z", False)
    assert pdf_date("20240102030405+01") == ("2024-01-02T02:04:05Z", False)
    for impossible in ("D:20241302030405Z", "D:00000101000000Z", "D:19691231235959Z", "D:21010101000000Z", "D:x"):
        with pytest.raises(ImpossibleDate):
            pdf_date(impossible)


def test_iso_and_exif_date_forms() -> None:
    assert w3c_date("2024-03-04T05:06:07.120000000") == ("2024-03-04T05:06:07.12Z", True)
    assert w3c_date("2024-03-04T05:06:07-03:00") == ("2024-03-04T08:06:07Z", False)
    assert w3c_date("2024-03-04") == ("2024-03-04T00:00:00Z", True)
    assert w3c_date("2024/03/04 05:06") == ("2024-03-04T05:06:00Z", True)  # dateutil: no ISO form
    assert exif_date("2024:05:06 07:08:09", "-04:00", "25") == ("2024-05-06T11:08:09.25Z", False)
    with pytest.raises(ImpossibleDate):
        exif_date("0000:00:00 00:00:00")


def test_sample_pdfs_state_the_dates_their_source_lists() -> None:
    """py-pdf sample-files' files.json: 001 was created 2022-04-03T18:05:42+02:00, 024 on 1990-04-28."""
    minimal = read_document_metadata((SAMPLES / "001-trivial" / "minimal-document.pdf").read_bytes(),
                                     None, "minimal-document.pdf")
    assert _dates(minimal)["doc-created"] == ("2022-04-03T16:05:42Z", False)
    assert minimal.fields["Producer"] == "pdfTeX-1.40.23"
    annotated = read_document_metadata((SAMPLES / "024-annotations" / "annotated_pdf.pdf").read_bytes(),
                                       "application/pdf", "annotated_pdf.pdf")
    assert _dates(annotated)["doc-created"] == ("1990-04-27T22:00:00Z", False)  # 1990-04-28T00:00+02:00


def test_docx_core_properties() -> None:
    document = docx.Document()
    document.add_paragraph("Offer")
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = "Job offer", "Ana Ruiz", "Bob Lee"
    properties.language, properties.revision = "en-GB", 3
    properties.created = datetime(2024, 9, 2, 9, 30)
    properties.modified = datetime(2024, 9, 5, 17, 45, 10)
    properties.last_printed = datetime(2024, 9, 6, 8, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    found = read_document_metadata(buffer.getvalue(), OOXML_MIME, "offer.docx")
    assert found.format == "ooxml" and found.notes == ()
    assert _dates(found) == {"doc-created": ("2024-09-02T09:30:00Z", False),
                             "doc-modified": ("2024-09-05T17:45:10Z", False),
                             "doc-printed": ("2024-09-06T08:00:00Z", False)}
    assert found.dates[0].source == "docProps/core.xml dcterms:created"
    assert found.fields["Author"] == "Ana Ruiz" and found.fields["Last modified by"] == "Bob Lee"
    assert found.fields["Revision"] == "3" and found.fields["Language"] == "en-GB"
    assert list(found.fields)[:4] == ["Title", "Author", "Last modified by", "Application"]
    assert read_document_metadata(buffer.getvalue(), "application/zip", "offer.docx").format == "ooxml"


ODF_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3"><office:meta>
 <meta:generator>LibreOffice/7.5.1.2$Linux_X86_64</meta:generator><dc:title>Itinerary</dc:title>
 <meta:initial-creator>Ana Ruiz</meta:initial-creator><dc:creator>Bob Lee</dc:creator>
 <meta:creation-date>2024-03-04T05:06:07.123456789</meta:creation-date><dc:date>2024-03-05T05:06:07+01:00</dc:date>
 <meta:print-date>{print_date}</meta:print-date><meta:editing-cycles>4</meta:editing-cycles>
 <meta:document-statistic meta:page-count="2"/></office:meta></office:document-meta>"""


def _odt(meta: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("meta.xml", meta)
    return buffer.getvalue()


def test_odt_meta() -> None:
    found = read_document_metadata(_odt(ODF_META.format(print_date="2024-03-06T10:00:00Z")), None, "trip.odt")
    assert found.format == "odf" and found.notes == ()
    assert _dates(found) == {"doc-created": ("2024-03-04T05:06:07.123456789Z", True),
                             "doc-modified": ("2024-03-05T04:06:07Z", False),
                             "doc-printed": ("2024-03-06T10:00:00Z", False)}
    assert found.fields["Author"] == "Ana Ruiz" and found.fields["Last modified by"] == "Bob Lee"
    assert found.fields["Application"].startswith("LibreOffice/7.5") and found.fields["Pages"] == "2"


def test_an_impossible_date_is_left_out_with_a_note() -> None:
    found = read_document_metadata(_odt(ODF_META.format(print_date="2024-13-06T10:00:00")),
                                   "application/vnd.oasis.opendocument.text", "trip.odt")
    assert set(_dates(found)) == {"doc-created", "doc-modified"}
    assert len(found.notes) == 1 and "meta:print-date" in found.notes[0] and "not a date" in found.notes[0]


def _jpeg(original: str, offset: str | None = None) -> bytes:
    exif = Image.Exif()
    exif[271], exif[272], exif[305] = "Canon", "Canon EOS 80D", "Firmware 1.0.2"
    details = exif.get_ifd(0x8769)
    details[36867], details[36868] = original, "2024:05:06 07:08:09"
    if offset:
        details[36881] = offset
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (40.0, 24.0, 59.0), "W", (3.0, 42.0, 9.0)
    gps[29], gps[7] = "2024:05:06", (5.0, 8.0, 12.5)
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 140, 200)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_jpeg_exif_and_gps() -> None:
    found = read_document_metadata(_jpeg("2024:05:06 07:08:09", "+02:00"), "image/jpeg", "IMG_0001.JPG")
    assert found.format == "image" and found.notes == ()
    assert _dates(found) == {"exif-taken": ("2024-05-06T05:08:09Z", False),
                             "exif-digitized": ("2024-05-06T07:08:09Z", True),  # no OffsetTimeDigitized
                             "gps-time": ("2024-05-06T05:08:12.5Z", False)}
    taken = found.dates[0]
    assert taken.source == "EXIF DateTimeOriginal + OffsetTimeOriginal"
    assert taken.original == "2024:05:06 07:08:09 +02:00"
    assert found.fields["Camera make"] == "Canon" and found.fields["Camera model"] == "Canon EOS 80D"
    assert found.fields["GPS position"] == "40.416389, -3.702500"


def test_an_exif_date_of_zeros_is_no_date() -> None:
    found = read_document_metadata(_jpeg("0000:00:00 00:00:00"), None, "IMG_0002.jpg")  # by its magic bytes
    assert "exif-taken" not in _dates(found) and "exif-digitized" in _dates(found)
    assert any("DateTimeOriginal" in note and "not a date" in note for note in found.notes)


def test_truncated_pdf_gives_a_note() -> None:
    document = pymupdf.open()
    document.new_page()
    document.set_metadata({"creationDate": "D:20240102030405Z"})
    data = document.tobytes()
    found = read_document_metadata(data[: len(data) // 3], "application/pdf", "cut.pdf")
    assert found.format == "pdf" and found.dates == () and found.notes


def test_garbage_under_a_pdf_name_gives_a_note() -> None:
    found = read_document_metadata(bytes(range(256)) * 8, None, "invoice.pdf")
    assert found.format == "pdf" and found.dates == ()
    assert found.notes and "could not be opened" in found.notes[0]


def _package(core: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/core.xml", core)
    return buffer.getvalue()


def test_core_xml_larger_than_the_guard_is_not_read() -> None:
    core = b"<cp:coreProperties>" + b" " * (MAX_MEMBER_BYTES + 10) + b"</cp:coreProperties>"
    data = _package(core)
    assert len(data) < 100_000  # bomb-like: it compresses to almost nothing
    found = read_document_metadata(data, OOXML_MIME, "bomb.docx")
    assert found.format == "ooxml" and found.dates == ()
    assert any("docProps/core.xml" in note and "not read" in note for note in found.notes)


def test_core_xml_lying_about_its_size_is_read_only_up_to_the_guard() -> None:
    core = b"<cp:coreProperties>" + b" " * (MAX_MEMBER_BYTES + 10) + b"</cp:coreProperties>"
    data = bytearray(_package(core))
    central = data.rfind(b"PK\x01\x02")  # the central directory entry of core.xml (the last member)
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # its declared uncompressed size: 100
    found = read_document_metadata(bytes(data), OOXML_MIME, "liar.docx")
    assert found.dates == () and found.notes


def test_xml_with_a_doctype_and_entities_is_not_parsed() -> None:
    core = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            b' xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>2024-01-01T00:00:00Z&lol2;'
            b"</dcterms:created></cp:coreProperties>")
    found = read_document_metadata(_package(core), None, "entities.docx")
    assert found.format == "ooxml" and found.dates == ()
    assert any("DTD or entities" in note for note in found.notes)


def test_other_hostile_inputs_give_notes_never_exceptions() -> None:
    cases = [
        (b"PK\x03\x04" + b"\x00" * 100, None, "broken.docx"),
        (b"PK\x03\x04" + b"\x00" * 100, "application/zip", "broken.odt"),
        (b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\xff\xff", "image/jpeg", "cut.jpg"),
        (b"", "application/pdf", "empty.pdf"),
        (_odt("<office:document-meta><unclosed>"), None, "bad.odt"),
        (b"Date: \xff\xfe not a date\r\nFrom: =?utf-8?b?////?=\r\n\r\n", "message/rfc822", "bad.eml"),
    ]
    for data, mime, name in cases:
        found = read_document_metadata(data, mime, name)
        assert found.dates == () and found.notes and found.format != "none", name


def test_unknown_items_are_format_none() -> None:
    found = read_document_metadata(b"just some words", "text/plain", "notes.txt")
    assert found == DocumentMetadata("none")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("a.txt", "a")
    assert read_document_metadata(plain_zip.getvalue(), "application/zip", "a.zip").format == "none"


def test_times_have_the_case_iso_form() -> None:
    moment = datetime(2024, 9, 2, 9, 30, tzinfo=timezone(timedelta(hours=-7)))
    found = read_document_metadata(_eml(moment.strftime("%a, %d %b %Y %H:%M:%S %z")), None, "m.eml")
    assert found.dates[0].time == "2024-09-02T16:30:00Z"
