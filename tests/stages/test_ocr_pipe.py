"""Tesseract reads the picture from a pipe, not from a world-readable file in the shared temporary folder, gets no
passphrase in its environment, and reads the same text as through pytesseract's files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psutil
import pytesseract
import pytest
from PIL import Image

from heroes_desktop.stages.ocr import read_image
from tests.conftest import SHARED_TESTDATA

TESSERACT = SHARED_TESTDATA / "tesseract"
SECRET = "open sesame, the case passphrase"


def _tesseract_children() -> list[psutil.Process]:
    return [child for child in psutil.Process().children() if child.name().startswith("tesseract")]


@pytest.mark.parametrize("mode", ["1", "RGBA", "RGB"])
def test_the_text_is_the_one_pytesseract_reads(mode: str) -> None:
    image = Image.open(TESSERACT / "HelloGoogle.tif")
    image = image if mode == "1" else image.convert(mode)
    expected = pytesseract.image_to_string(image.copy(), lang="eng", config="--psm 1", timeout=60)
    assert read_image(image.copy(), "eng", 60) == expected
    assert "Hello Google" in expected


def test_tesseract_reads_a_pipe_and_holds_no_passphrase(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HEROES_PASSPHRASE", SECRET)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", SECRET)
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where pytesseract would put its files
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    seen: list[tuple[list[str], dict[str, str], list[str]]] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for child in _tesseract_children():
                try:
                    seen.append((child.cmdline(), child.environ(), [p.name for p in tmp_path.iterdir()]))
                except psutil.Error:
                    pass
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        text = read_image(Image.open(TESSERACT / "phototest.tif"), "eng", 60)  # about 1.5 s of Tesseract
    finally:
        done.set()
        watcher.join()
    assert "quick brown dog" in text
    assert seen, "Tesseract was never seen running"
    for command, environment, files in seen:
        assert command[1:3] == ["stdin", "stdout"], command
        assert SECRET not in environment.values() and "HEROES_PASSPHRASE" not in environment
        assert files == []
