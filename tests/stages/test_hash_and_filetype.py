"""The hash and filetype stages on known vectors, on corrupt input, and on content that lies about its type."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.evidence.containers import ContainerLimits
from heroes_desktop.pipeline.item_processor import _process
from heroes_desktop.pipeline.registry import default_registry
from heroes_desktop.pipeline.stage import ItemInfo
from tests.conftest import SHARED_TESTDATA


def _run(name: str, content: bytes, chunk: int = 7) -> dict:
    info = ItemInfo(name=name, path=f"/{name}", size=len(content), kind="file")
    pieces = iter([content[i:i + chunk] for i in range(0, max(len(content), 1), chunk)])
    result = _process(info, pieces, default_registry().select(None), ContainerLimits(), ())
    return {**result.columns, "status": result.status, "stages": result.stage_status}


def test_hash_vectors_from_case_utils() -> None:
    """CASE-Utilities' sample.txt ("test", 4 bytes): MANIFEST section 6."""
    columns = _run("sample.txt", b"test")
    assert columns["md5"] == "098f6bcd4621d373cade4e832627b4f6"
    assert columns["sha1"] == "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
    assert columns["sha256"] == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_hash_is_independent_of_chunking() -> None:
    content = bytes(range(256)) * 5000
    assert _run("x.bin", content, chunk=1)["sha256"] == _run("x.bin", content, chunk=1 << 20)["sha256"]


def test_filetype_on_real_documents() -> None:
    pdf = (SHARED_TESTDATA / "py-pdf-sample-files" / "001-trivial" / "minimal-document.pdf")
    pdf = pdf if pdf.exists() else next((SHARED_TESTDATA / "py-pdf-sample-files").rglob("*.pdf"))
    columns = _run(pdf.name, pdf.read_bytes())
    assert columns["mime"] == "application/pdf" and columns["extension_mismatch"] is False
    png = SHARED_TESTDATA / "imagehash" / "imagehash.png"
    assert _run("holiday.jpg", png.read_bytes())["extension_mismatch"] is True  # a PNG named .jpg
    assert _run("holiday.png", png.read_bytes())["mime"] == "image/png"


def test_corrupt_and_empty_input() -> None:
    """Truncated, random and empty content: typed as what it is, hashed, never an exception."""
    png = (SHARED_TESTDATA / "imagehash" / "imagehash.png").read_bytes()
    truncated = _run("cut.png", png[:100])
    assert truncated["md5"] and truncated["mime"]
    # issue 20: the picture stages could not decode it, so the item is partial (this used to say ok)
    failed = {stage for stage, (status, _, _) in truncated["stages"].items() if status == "failed"}
    assert truncated["status"] == ("partial" if failed else "ok") and "hash" not in failed
    noise = _run("noise.dat", b"\x00\x01\xfe\xff" * 3)
    assert noise["mime"] == "application/octet-stream" and noise["extension_mismatch"] is False
    empty = _run("empty.txt", b"")
    assert empty["md5"] == "d41d8cd98f00b204e9800998ecf8427e"
    assert all(status == "ok" for status, _, _ in empty["stages"].values())


def test_binary_named_txt_is_flagged() -> None:
    elf = Path("/bin/true").read_bytes()[:4096]
    columns = _run("notes.txt", elf)
    assert columns["mime"].startswith("application/") and columns["extension_mismatch"] is True
