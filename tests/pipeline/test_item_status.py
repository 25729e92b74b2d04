"""Honest item status (issue 20): an item whose stages failed is partial (failed when every stage that applied
failed) with each failed stage and why in its error; the ingest summary counts them; ``heroes media`` lists the
pictures that could not be triaged, first; a truncated picture is decoded as far as it goes and marked partial.

Pictures are generated gradients and shapes only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw

from heroes_desktop.acpic.untriaged import is_filesystem_metadata
from heroes_desktop.case.case_file import Case
from heroes_desktop.evidence.containers import ContainerLimits
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.item_status import decide_status
from heroes_desktop.pipeline.listing import iter_files
from tests.cli.test_cli import heroes


def picture(width: int = 640, height: int = 480) -> Image.Image:
    """A benign picture: colour gradients, a disc and a square."""
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.stack([x * 255 // width, y * 255 // height, (x + y) * 255 // (width + height)], -1).astype(np.uint8)
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 100, 300, 300), fill=(200, 30, 30))
    draw.rectangle((350, 200, 600, 450), fill=(20, 200, 90))
    return image


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, quality=90) if fmt == "JPEG" else image.save(buffer, format=fmt)
    return buffer.getvalue()


def broken_pdf() -> bytes:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Minutes of the rowing club")
    data = document.tobytes()
    return data[:15] + b"\x00garbage" * 200 + data[-40:]  # header and trailer kept, the body overwritten


# ------------------------------------------------------------------------------------------------ the decision

def test_every_stage_ok_is_ok() -> None:
    assert decide_status({"filetype": ("ok", None), "hash": ("ok", None)}) == ("ok", None)


def test_a_failed_stage_makes_the_item_partial_and_is_named() -> None:
    decided = decide_status({"filetype": ("ok", None), "phash": ("failed", "image file is truncated"),
                             "media": ("failed", "cannot identify image")})
    assert decided.status == "partial"
    assert decided.error == "phash: image file is truncated; media: cannot identify image"


def test_every_applicable_stage_failed_is_failed() -> None:
    decided = decide_status({"text": ("failed", "Failed to open stream"), "ocr": ("failed", "no page"),
                             "media": ("skipped", None)})
    assert decided == ("failed", "text: Failed to open stream; ocr: no page")


def test_not_applicable_and_not_taken_are_not_failures() -> None:
    assert decide_status({"hash": ("ok", None), "media": ("skipped", None)}) == ("ok", None)
    assert decide_status({}) == ("ok", None)  # no stage took it (too large for every max_bytes, say)


def test_an_incomplete_stage_output_is_partial() -> None:
    decided = decide_status({"hash": ("ok", None), "phash": ("partial", "picture truncated: decoded 3 of 9 rows")})
    assert decided == ("partial", "phash: picture truncated: decoded 3 of 9 rows")


def test_content_read_errors_and_crashes() -> None:
    assert decide_status({}, "read error at 4096", content_failed=True) == ("failed", "read error at 4096")
    earlier = {"hash": ("ok", None)}
    assert decide_status(earlier, "BrokenProcessPool: worker died", content_failed=True).status == "partial"
    cut = decide_status({"filetype": ("ok", None), "hash": ("failed", "content incomplete: bad sector")},
                        "bad sector")
    assert cut == ("partial", "bad sector; hash: content incomplete")


def test_ntfs_metadata_files_are_not_pictures() -> None:
    for path in ("/$UpCase", "/$MFT", "/$Secure:$SDS", "/$Extend/$UsnJrnl:$J", "/$Boot"):
        assert is_filesystem_metadata(path), path
    for path in ("/$Recycle.Bin/S-1-5-21/$RAB12.jpg", "/$OrphanFiles/OrphanFile-55.jpg", "/Users/a/$UpCase.png",
                 "/pictures/a.jpg"):
        assert not is_filesystem_metadata(path), path
    assert not is_filesystem_metadata("/$MFT", parent_id=7)  # a member of a container named so is a member


# ---------------------------------------------------------------------------------------------- partial decode

@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_picture_is_decoded_as_far_as_it_goes(fmt: str) -> None:
    from heroes_desktop.stages.perceptual import open_picture, perceptual_hashes

    data = encoded(picture(), fmt)
    cut = data[:len(data) * 40 // 100]
    with pytest.raises(OSError):
        perceptual_hashes(cut)  # the strict decode refuses it
    image, why = open_picture(cut)
    rows = int(why.split("decoded ")[1].split(" of")[0])
    assert why == f"picture truncated: decoded {rows} of 480 rows" and image.size == (640, rows)
    assert 100 < rows < 300
    whole = np.asarray(picture())[:rows - 16].astype(int)  # the decoded part is the picture's top
    assert np.abs(np.asarray(image)[:rows - 16].astype(int) - whole).mean() < 8
    assert open_picture(data)[1] is None


def test_an_overwritten_png_keeps_its_intact_rows() -> None:
    from heroes_desktop.stages.perceptual import open_picture

    data = bytearray(encoded(picture(), "PNG"))
    middle = len(data) // 2
    data[middle:middle + 2000] = np.random.default_rng(1).integers(0, 256, 2000, dtype=np.uint8).tobytes()
    image, why = open_picture(bytes(data))
    assert why is not None and 0 < image.height < 480


def test_a_truncated_bomb_is_still_refused() -> None:
    from heroes_desktop.stages.perceptual import open_picture

    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, format="PNG")
    with pytest.raises(Image.DecompressionBombError):
        open_picture(bomb.getvalue()[: len(bomb.getvalue()) // 2])


# --------------------------------------------------------------------------------------------- through ingest

@pytest.fixture
def damaged_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "seized"
    folder.mkdir()
    jpeg = encoded(picture(), "JPEG")
    (folder / "whole.jpg").write_bytes(jpeg)
    (folder / "truncated.jpg").write_bytes(jpeg[:len(jpeg) * 40 // 100])
    (folder / "header-only.jpg").write_bytes(jpeg[:400])  # nothing of the picture left: not triaged
    (folder / "broken.pdf").write_bytes(broken_pdf())
    (folder / "notes.txt").write_text("nothing to see\n")
    return folder


def test_ingest_reports_damaged_items_honestly(new_case: Case, damaged_folder: Path, isolated_profile: Path) -> None:
    add_evidence(new_case, damaged_folder)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash", "phash", "media", "text", "ocr")))
    assert summary.status == "finished"
    entries = {entry["name"]: entry for entry in iter_files(new_case) if entry["kind"] == "file"}
    assert entries["whole.jpg"]["status"] == "ok" and entries["whole.jpg"]["error"] is None
    assert entries["notes.txt"]["status"] == "ok"
    truncated = entries["truncated.jpg"]
    assert truncated["status"] == "partial"
    assert "phash: picture truncated: decoded" in truncated["error"]
    assert "media: picture truncated: decoded" in truncated["error"]
    header_only = entries["header-only.jpg"]
    assert header_only["status"] == "partial"  # typed and hashed, but neither hashed perceptually nor triaged
    assert "phash: " in header_only["error"] and "media: " in header_only["error"]
    pdf = entries["broken.pdf"]
    assert pdf["status"] == "partial" and "text: " in pdf["error"] and "ocr: " in pdf["error"]
    assert summary.outcomes == {"ok": 2, "partial": 3, "failed": 0}
    assert summary.counts["partial"] == 3
    case_path = str(new_case.path)
    new_case.close()

    listed = heroes(isolated_profile, "files", case_path, "--json")
    assert listed.returncode == 0, listed.stderr
    by_name = {row["name"]: row for row in map(json.loads, listed.stdout.splitlines())}
    assert by_name["truncated.jpg"]["status"] == "partial" and by_name["broken.pdf"]["error"]

    shown = heroes(isolated_profile, "media", case_path, "--json")
    assert shown.returncode == 0, shown.stderr
    records = [json.loads(line) for line in shown.stdout.splitlines()]
    assert records[0]["path"].endswith("header-only.jpg")  # not triaged: first
    assert records[0]["suggested_category"] == "not triaged" and records[0]["triage_score"] is None
    assert records[0]["reasons"][0].startswith("media: ")
    assert {record["path"].rsplit("/", 1)[-1] for record in records[1:]} == {"whole.jpg", "truncated.jpg"}
    text = heroes(isolated_profile, "media", case_path)
    assert text.returncode == 0 and "not triaged" in text.stdout

    from heroes_desktop.cli.commands.evidence import summary_line

    line = summary_line(summary)
    assert "3 ok, 0 failed, 3 partial, 0 pending" in line and "this run: 5 items (2 ok, 3 partial, 0 failed)" in line


def test_an_added_stage_keeps_earlier_failures_and_encryption(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Locked minutes")
    (folder / "locked.pdf").write_bytes(document.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256,
                                                        owner_pw="owner-secret", user_pw="user-secret"))
    (folder / "broken.pdf").write_bytes(broken_pdf())
    add_evidence(new_case, folder)
    # a PDF larger than the limit for opening containers: only the text stage can tell that it is encrypted
    unopened = ContainerLimits(max_member_bytes=100)
    ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "text"), container_limits=unopened))
    first = {entry["name"]: entry for entry in iter_files(new_case) if entry["kind"] == "file"}
    with new_case.reading() as connection:
        encrypted = dict(connection.exec_driver_sql("SELECT name, encrypted FROM files WHERE kind = 'file'").all())
    assert encrypted["locked.pdf"]
    assert first["broken.pdf"]["status"] == "partial" and "text: " in first["broken.pdf"]["error"]

    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "text", "hash"),  # a stage added
                                             container_limits=unopened))
    assert summary.items == 2
    again = {entry["name"]: entry for entry in iter_files(new_case) if entry["kind"] == "file"}
    assert again["broken.pdf"]["status"] == "partial" and "text: " in again["broken.pdf"]["error"]
    assert again["broken.pdf"]["sha256"]
    with new_case.reading() as connection:
        encrypted = dict(connection.exec_driver_sql("SELECT name, encrypted FROM files WHERE kind = 'file'").all())
    assert encrypted["locked.pdf"]  # before the fix, the added stage's commit set it back to NULL
