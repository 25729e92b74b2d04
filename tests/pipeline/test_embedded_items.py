"""E-mail attachments, mbox messages and the pictures inside PDF and Office documents become items of their own under
their parent, through the real ingest, on benign pictures only (generated shapes, scikit-image's astronaut and
rocket)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import numpy as np
import pymupdf
import pytest
import skimage.data
from PIL import Image, ImageDraw

from heroes_desktop.browse.item_content import ItemContentReader
from heroes_desktop.case.case_file import Case
from heroes_desktop.evidence.containers import ContainerLimits, expand
from heroes_desktop.evidence.embedded import embedded_kind
from heroes_desktop.hashsets.matching import list_matches
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import sha256_file

STAGES = ("filetype", "hash", "phash", "media", "hashsets")


def _png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _shapes() -> bytes:
    image = Image.new("RGB", (96, 64), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 48, 48), fill=(200, 30, 30))
    draw.rectangle((56, 12, 88, 52), fill=(30, 30, 200))
    return _png_of(image)


ASTRONAUT = _png_of(Image.fromarray(skimage.data.astronaut()).resize((128, 128)))
ROCKET = _png_of(Image.fromarray(np.asarray(skimage.data.rocket())).resize((120, 80)))
SHAPES = _shapes()


def _message(subject: str, attachments: dict[str, bytes], *, attached: EmailMessage | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "ana@example.org", "ben@example.org", subject
    message.set_content(f"{subject}: see attached\n")
    for name, data in attachments.items():
        message.add_attachment(data, maintype="image", subtype="png", filename=name)
    if attached is not None:
        message.add_attachment(attached)  # message/rfc822
    return message


def _pdf(picture: bytes) -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "Inventory")
    page.insert_image(pymupdf.Rect(72, 100, 168, 164), stream=picture)
    document.new_page().insert_image(pymupdf.Rect(72, 100, 168, 164), stream=picture)  # the same image again
    return document.tobytes()


def _docx(picture: bytes) -> bytes:
    document = docx.Document()
    document.add_paragraph("Letter")
    document.add_picture(io.BytesIO(picture))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _mbox(*messages: EmailMessage) -> bytes:
    return b"".join(b"From ana@example.org Mon Jan  1 00:00:00 2024\n" + bytes(message) + b"\n"
                    for message in messages)


@pytest.fixture
def seized(tmp_path: Path) -> Path:
    folder = tmp_path / "seized"
    folder.mkdir()
    holiday = _message("holiday", {"shapes.png": SHAPES})
    (folder / "mail.eml").write_bytes(bytes(_message("photos", {"photo.png": ASTRONAUT}, attached=holiday)))
    (folder / "box.mbox").write_bytes(_mbox(_message("first", {}), _message("second", {"rocket.png": ROCKET})))
    (folder / "report.pdf").write_bytes(_pdf(SHAPES))
    (folder / "letter.docx").write_bytes(_docx(SHAPES))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    whole = bytes(_message("cut", {"photo.png": ASTRONAUT}))
    (folder / "cut.eml").write_bytes(whole[: len(whole) - 400])
    (folder / "notes.txt").write_text("nothing attached\n")
    return folder


def _ingest(case: Case, **options: object) -> dict[str, dict]:
    summary = ingest(case, IngestOptions(jobs=2, **options))  # type: ignore[arg-type]
    assert summary.status == "finished"
    records = list(iter_files(case))
    assert len({record["path"] for record in records}) == len(records)  # no duplicates
    return {record["path"]: record for record in records}


def _phashes(case: Case) -> dict[str, str | None]:
    with case.reading() as connection:
        return dict(connection.exec_driver_sql("SELECT path, phash FROM files").all())


def _container_runs(case: Case) -> dict[str, tuple[str, str | None]]:
    with case.reading() as connection:
        return {row.path: (row.status, row.error) for row in connection.exec_driver_sql(
            "SELECT f.path, s.status, s.error FROM stage_runs s JOIN files f ON f.id = s.file_id "
            "WHERE s.stage = 'containers'")}


def _warnings(case: Case) -> dict[str, str]:
    with case.reading() as connection:
        return dict(connection.exec_driver_sql(
            "SELECT f.path, group_concat(w.message, ' | ') FROM warnings w JOIN files f ON f.id = w.file_id "
            "GROUP BY f.path").all())


def test_attachments_and_embedded_pictures_are_items(new_case: Case, seized: Path, tmp_path: Path) -> None:
    before = {path.name: sha256_file(path) for path in seized.iterdir()}
    known = tmp_path / "known.md5"
    known.write_text(hashlib.md5(ASTRONAUT).hexdigest() + "\n")
    import_hashset(new_case, known, "md5", "lab list", category="CAT-5")
    add_evidence(new_case, seized)
    records = _ingest(new_case, stages=STAGES)
    assert before == {path.name: sha256_file(path) for path in seized.iterdir()}  # evidence is read-only

    pdf_images = [path for path in records if path.startswith("/report.pdf/image/")]
    assert len(pdf_images) == 1 and pdf_images[0].startswith("/report.pdf/image/page-1-xref-")  # once, not twice
    expected = {"/mail.eml/attachment/photo.png": ("/mail.eml", ASTRONAUT),
                "/mail.eml/attachment/holiday.eml/attachment/shapes.png": ("/mail.eml/attachment/holiday.eml", SHAPES),
                "/box.mbox/message-0002/attachment/rocket.png": ("/box.mbox", ROCKET),
                "/letter.docx/word/media/image1.png": ("/letter.docx", SHAPES),
                pdf_images[0]: ("/report.pdf", None)}  # MuPDF gives the pixels again, not the same file
    phashes = _phashes(new_case)
    for path, (parent, data) in expected.items():
        child = records[path]
        assert child["parent_id"] == records[parent]["id"], path
        assert child["status"] == "ok" and child["mime"] == "image/png" and phashes[path], path
        if data is not None:
            assert child["md5"] == hashlib.md5(data).hexdigest(), path
    assert [path for path in records if path.startswith("/box.mbox/")] == [
        "/box.mbox/message-0002/attachment/rocket.png"]
    assert records["/mail.eml"]["container"] == "eml" and records["/report.pdf"]["container"] == "pdf"
    assert records["/letter.docx"]["container"] == "office"
    assert [path for path in records if path.startswith("/letter.docx/")] == ["/letter.docx/word/media/image1.png"]

    matched = {(row["path"], row["kind"]) for row in list_matches(new_case)}
    assert ("/mail.eml/attachment/photo.png", "md5") in matched

    with new_case.reading() as connection:
        media_runs = dict(connection.exec_driver_sql(
            "SELECT f.path, s.status FROM stage_runs s JOIN files f ON f.id = s.file_id WHERE s.stage = 'media'").all())
    assert media_runs["/mail.eml/attachment/photo.png"] == "ok"  # triaged like any picture

    # A damaged document is read and hashed in full; opening it failed, with the reason, as a corrupt archive's
    # does: the containers stage's run and a warning. Issue 20: the item is therefore partial, its error naming the
    # failed stage (this test used to expect ok, which hid that its embedded files were never examined).
    runs = _container_runs(new_case)
    assert records["/notes.txt"]["status"] == "ok"
    assert records["/broken.pdf"]["status"] == "partial" and records["/broken.pdf"]["md5"] is not None
    assert "containers: " in records["/broken.pdf"]["error"]
    assert runs["/broken.pdf"][0] == "failed" and "not a PDF MuPDF can open" in runs["/broken.pdf"][1]
    assert runs["/cut.eml"][0] == "failed" and "cut short" in runs["/cut.eml"][1]
    assert records["/cut.eml/attachment/photo.png"]["md5"]  # what could be read of it
    assert runs["/mail.eml"] == ("ok", None) and runs["/report.pdf"] == ("ok", None)
    assert "cut short" in _warnings(new_case)["/cut.eml"]

    with ItemContentReader(new_case) as reader:  # the bytes are read again from the evidence, for the viewers
        for path, (_, data) in expected.items():
            child = records[path]
            content = reader.read(child["id"], 0, child["size"])
            assert hashlib.md5(content).hexdigest() == child["md5"], path
            if data is not None:
                assert content == data, path
    assert before == {path.name: sha256_file(path) for path in seized.iterdir()}


def test_limits_give_a_reason(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "many.eml").write_bytes(bytes(_message("many", {"a.png": SHAPES, "b.png": ROCKET, "c.png": SHAPES})))
    (folder / "nest.eml").write_bytes(bytes(_message("outer", {}, attached=_message("inner", {"r.png": ROCKET}))))
    add_evidence(new_case, folder)
    records = _ingest(new_case, stages=("filetype", "hash"),
                      container_limits=ContainerLimits(max_members=2, max_depth=1))
    runs = _container_runs(new_case)
    assert runs["/many.eml"][0] == "failed" and "more than 2 members" in runs["/many.eml"][1]
    assert [path for path in records if path.startswith("/many.eml/")] == ["/many.eml/attachment/a.png",
                                                                          "/many.eml/attachment/b.png"]
    assert "/nest.eml/attachment/inner.eml" in records  # depth 1: listed, but not opened in turn
    assert not any(path.startswith("/nest.eml/attachment/inner.eml/") for path in records)


def test_a_second_ingest_and_a_rerun_make_no_duplicates(new_case: Case, seized: Path) -> None:
    add_evidence(new_case, seized)
    first = _ingest(new_case, stages=("filetype", "hash"))
    again = _ingest(new_case, stages=("filetype", "hash", "phash"))
    rerun = _ingest(new_case, stages=("filetype", "hash", "phash"), rerun=("filetype", "hash"))
    assert set(first) == set(again) == set(rerun)
    assert {path: record["id"] for path, record in first.items()} == {path: r["id"] for path, r in rerun.items()}
    assert _phashes(new_case)["/mail.eml/attachment/photo.png"]


def test_damaged_documents_are_errors_of_their_own() -> None:
    limits = ContainerLimits()
    office = expand(_docx(SHAPES)[:3000], "office", "letter.docx", limits)
    assert office.error and "zip" in office.error
    mbox = _mbox(_message("one", {"a.png": SHAPES}), _message("two", {"b.png": ROCKET}))
    cut = expand(mbox[:-300], "mbox", "box.mbox", limits)
    assert [member.name for member in cut.members] == ["message-0001/attachment/a.png", "message-0002/attachment/b.png"]
    assert cut.error and cut.error.startswith("message 2: the e-mail is damaged or cut short")
    empty = expand(b"\n\n", "mbox", "box.mbox", limits)
    assert empty.error == "the mailbox holds no message" and empty.members == []
    headless = expand(b"\x00\x01\x02 no headers", "eml", "x.eml", limits)
    assert headless.error and "not an e-mail" in headless.error
    assert expand(b"%PDF-1.4\n" + b"\xff" * 64, "pdf", "x.pdf", limits).error
    document = pymupdf.open(stream=_pdf(SHAPES), filetype="pdf")
    locked = expand(document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o"), "pdf",
                    "locked.pdf", limits)
    assert locked.encrypted and locked.error == "encrypted pdf: its embedded files cannot be read without the password"


def test_odf_pictures_and_kinds_by_type_name_and_first_bytes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("Pictures/10000000.png", SHAPES)
        archive.writestr("Thumbnails/thumbnail.png", ROCKET)
    odt = expand(buffer.getvalue(), "office", "notice.odt", ContainerLimits())
    assert [(member.name, member.data) for member in odt.members] == [("Pictures/10000000.png", SHAPES)]
    assert embedded_kind("application/vnd.oasis.opendocument.text", "notice.odt") == "office"
    assert embedded_kind("text/plain", "Inbox", b"From ana@example.org Mon Jan  1\nSubject: hi\n") == "mbox"
    assert embedded_kind("text/plain", "letter.txt", b"From the desk of Ana\nDear Ben,\n") is None
    assert embedded_kind("application/zip", "bundle.zip") is None  # an archive, opened as one
