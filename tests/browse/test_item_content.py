"""Items' bytes read through a worker process: from a folder, from an ext4 image through The Sleuth Kit, from a
member of a zip; and PDF pages rendered by MuPDF in a worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from heroes_desktop.browse.file_query import FileQuery, matching_ids, rows_for
from heroes_desktop.browse.item_content import BLOCK, ItemContentReader, render_pdf_page
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.browse.conftest import REPORT
from tests.conftest import SHARED_TESTDATA
from tests.evidence.builders import make_ext4_image

PDF = SHARED_TESTDATA / "py-pdf-sample-files" / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"


def test_folder_items_and_members(browse_case: Case) -> None:
    ids = browse_case.ids  # type: ignore[attr-defined]
    with ItemContentReader(browse_case, block=16) as reader:  # tiny blocks: reads span several
        report = ids["/docs/report.txt"]
        assert reader.size(report) == len(REPORT)
        assert reader.read(report, 0, 10**6) == REPORT.encode()
        assert reader.read(report, 10, 25) == REPORT.encode()[10:35]
        assert reader.read(report, len(REPORT) - 3, 100) == REPORT.encode()[-3:]
        assert reader.read(report, len(REPORT) + 5, 10) == b""
        member = ids["/archive.zip/inner/first.txt"]
        assert reader.read(member, 0, 100) == b"first member of the archive"
        assert reader.read(ids["/archive.zip/second.txt"], 7, 6) == b"member"
        assert reader.read(ids["/docs"], 0, 10) == b""  # a folder has no bytes
        with pytest.raises(UsageError, match="no file with id"):
            reader.read(10**9, 0, 1)
        with pytest.raises(UsageError):
            reader.read(report, -1, 5)


def test_cache_is_bounded(browse_case: Case) -> None:
    ids = browse_case.ids  # type: ignore[attr-defined]
    with ItemContentReader(browse_case, cache_bytes=4 * BLOCK) as reader:
        reader.read(ids["/photos/peppers.png"], 0, 10**7)
        assert len(reader._blocks) <= 4


def test_ext4_image_through_a_worker(new_case: Case, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "dir").mkdir(parents=True)
    big = os.urandom(300_000)
    (source / "dir" / "big.bin").write_bytes(big)
    (source / "note.txt").write_text("hello from ext4\n")
    image = make_ext4_image(tmp_path / "disk.img", source, 8)
    add_evidence(new_case, image)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("filetype",))).status == "finished"
    ids = {record["path"]: record["id"] for record in iter_files(new_case)}
    with ItemContentReader(new_case) as reader:
        assert reader.read(ids["/note.txt"], 0, 100) == b"hello from ext4\n"
        assert reader.size(ids["/dir/big.bin"]) == len(big)
        assert reader.read(ids["/dir/big.bin"], 200_001, 70_000) == big[200_001:270_001]
        assert reader.read(ids["/dir/big.bin"], 0, len(big)) == big
    assert rows_for(new_case, matching_ids(new_case, FileQuery(sort="size", descending=True)))[0].name == "big.bin"


def test_pdf_pages_render_in_a_worker() -> None:
    png, pages = render_pdf_page(PDF.read_bytes(), 3, 0.5)
    assert pages == 4 and png.startswith(b"\x89PNG\r\n\x1a\n")
    bigger, _ = render_pdf_page(PDF.read_bytes(), 0, 1.5)
    assert len(bigger) > len(png)
    with pytest.raises(UsageError, match="no page 5"):
        render_pdf_page(PDF.read_bytes(), 4, 1.0)
    with pytest.raises(UsageError, match="MuPDF"):
        render_pdf_page(b"%PDF-1.7\n" + bytes(range(256)) * 4, 0, 1.0)
    locked = SHARED_TESTDATA / "py-pdf-sample-files" / "005-libreoffice-writer-password" / \
        "libreoffice-writer-password.pdf"
    with pytest.raises(UsageError, match="encrypted"):
        render_pdf_page(locked.read_bytes(), 0, 1.0)
