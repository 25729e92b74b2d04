"""OCR through the pipeline: Tesseract's own test images give their ground truth; a slow image is cut off."""

from __future__ import annotations

import random
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from heroes_desktop.case.case_file import Case
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.search.fulltext import search
from tests.conftest import SHARED_TESTDATA

TESSERACT = SHARED_TESTDATA / "tesseract"


def _ocr_texts(case: Case) -> dict[str, str]:
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT f.path, i.body FROM text_index i JOIN files f ON f.id = i.file_id WHERE i.source = 'ocr'").all()
    return dict(rows)


def _stage_runs(case: Case, stage: str) -> dict[str, tuple[str, str | None]]:
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT f.path, s.status, s.error FROM stage_runs s JOIN files f ON f.id = s.file_id WHERE s.stage = ?",
            (stage,)).all()
    return {row[0]: (row[1], row[2]) for row in rows}


@pytest.fixture
def scanned(new_case: Case, tmp_path: Path) -> Case:
    folder = tmp_path / "scans"
    folder.mkdir()
    for name in ("phototest.tif", "HelloGoogle.tif", "phototest-rotated-180.png", "phototest-rotated-L.png"):
        (folder / name).write_bytes((TESSERACT / name).read_bytes())
    with pymupdf.open() as document:  # a scanned letter: a PDF page holding only a picture of text
        page = document.new_page()
        page.insert_image(page.rect, filename=str(TESSERACT / "phototest.tif"))
        document.save(folder / "scan.pdf")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=2, stages=("filetype", "hash", "text", "ocr"))).status == "finished"
    return new_case


def test_phototest_matches_its_ground_truth(scanned: Case) -> None:
    texts = _ocr_texts(scanned)
    expected = (TESSERACT / "phototest.txt").read_text()  # tesseract unittest/apiexample_test.cc
    assert texts["/phototest.tif"].strip() == expected.strip()
    assert "Hello Google" in texts["/HelloGoogle.tif"]  # baseapi_test.cc


def test_rotated_pages_and_scanned_pdfs_are_read(scanned: Case) -> None:
    texts = _ocr_texts(scanned)
    words = set((TESSERACT / "phototest.txt").read_text().split())
    for path in ("/phototest-rotated-180.png", "/phototest-rotated-L.png", "/scan.pdf"):
        assert len(set(texts[path].split()) & words) >= len(words) - 2, path
    assert {hit.path for hit in search(scanned, '"quick brown dog"')} >= {"/phototest.tif", "/scan.pdf"}
    assert all(hit.source == "ocr" for hit in search(scanned, "lazy fox"))


def test_ocr_time_limit_kills_tesseract_and_the_run_goes_on(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "noise"
    folder.mkdir()
    rng = random.Random(3)
    noise = Image.frombytes("L", (4000, 4000), rng.randbytes(16_000_000))  # about 12 s of Tesseract work
    noise.save(folder / "noise.png")
    (folder / "hello.tif").write_bytes((TESSERACT / "HelloGoogle.tif").read_bytes())
    add_evidence(new_case, folder)
    summary = ingest(new_case, IngestOptions(jobs=2, stages=("filetype", "ocr"),
                                             stage_settings={"ocr_seconds": 2.5}))
    assert summary.status == "finished"
    runs = _stage_runs(new_case, "ocr")
    assert runs["/noise.png"][0] == "failed" and "timeout" in runs["/noise.png"][1].lower()
    assert "Hello Google" in _ocr_texts(new_case)["/hello.tif"]
