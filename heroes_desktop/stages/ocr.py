"""The ``ocr`` stage: Tesseract on images and on PDF pages that have no text layer.

Tesseract runs as its own process with a per-item time limit: past it, the process is killed and the item's OCR
fails with the reason. Page segmentation mode 1 lets Tesseract detect each page's orientation and script before
reading it. The picture goes to Tesseract through a pipe (``tesseract stdin stdout``), never through a file: the
pytesseract wrapper would write it, readable by every account, into the shared temporary folder, where it would stay
if the worker were killed. The picture is prepared and encoded exactly as pytesseract does (the same format, alpha
flattened on white), so the text read is the same. Tesseract gets a minimal environment (no passphrases).
Settings of the run: ``ocr_languages`` (default ``eng+spa``) and ``ocr_seconds`` (per item, default 120).
"""

from __future__ import annotations

import io
import subprocess
import time
import warnings
from typing import Any

import pytesseract
from PIL import Image

from heroes_desktop.core.child_environment import minimal_environment
from heroes_desktop.pipeline.stage import (
    ItemInfo,
    NotApplicable,
    Stage,
    StageLimits,
    StageOutput,
    StageRun,
    WholeContentRun,
)
from heroes_desktop.stages.perceptual import MAX_PIXELS
from heroes_desktop.stages.text_store import store_text

DEFAULT_LANGUAGES = "eng+spa"
DEFAULT_SECONDS = 120.0
PDF_DPI = 300
MAX_PDF_PAGES = 200


def installed_languages() -> list[str]:
    """The languages the installed Tesseract reads (``tesseract --list-langs``)."""
    return sorted(pytesseract.get_languages(config=""))


def check_settings(settings: dict[str, Any]) -> str | None:
    """Why the OCR settings of a run cannot work (a language that is not installed, a time limit that is not
    positive), or None; checked before the run, so that a mistyped language does not lose OCR silently."""
    languages = str(settings.get("ocr_languages", DEFAULT_LANGUAGES))
    wanted = [name for name in languages.split("+") if name]
    if not wanted:
        return "no OCR language given"
    installed = installed_languages()
    missing = [name for name in wanted if name not in installed]
    if missing:
        return (f"OCR language(s) {', '.join(missing)} not installed; installed: {', '.join(installed)} "
                "(combine them with +, e.g. eng+spa)")
    try:
        seconds = float(settings.get("ocr_seconds", DEFAULT_SECONDS))
    except (TypeError, ValueError):
        return f"OCR time limit {settings.get('ocr_seconds')!r} is not a number"
    if not seconds > 0:
        return f"OCR time limit must be more than 0 seconds, not {seconds:g}"
    return None


TIMEOUT_MESSAGE = "Tesseract process timeout"  # pytesseract's words, which the stage's failures have always said


def encode_for_tesseract(image: Image.Image) -> bytes:
    """The picture's bytes as pytesseract would write them for Tesseract (its own preparation, its format)."""
    prepared, extension = pytesseract.pytesseract.prepare(image)
    buffer = io.BytesIO()
    prepared.save(buffer, format=extension)
    return buffer.getvalue()


def run_tesseract(picture: bytes, languages: str, seconds: float, config: tuple[str, ...] = ("--psm", "1")) -> str:
    """Tesseract's text of an encoded picture, fed through its stdin; RuntimeError past ``seconds`` (Tesseract
    killed), ``pytesseract.TesseractError`` when Tesseract fails."""
    command = [pytesseract.pytesseract.tesseract_cmd, "stdin", "stdout", "-l", languages, *config, "txt"]
    try:
        done = subprocess.run(command, input=picture, capture_output=True, timeout=seconds, check=False,
                              env=minimal_environment())
    except subprocess.TimeoutExpired:  # run() has killed Tesseract and waited for it
        raise RuntimeError(TIMEOUT_MESSAGE) from None
    except FileNotFoundError:
        raise pytesseract.TesseractNotFoundError() from None
    if done.returncode:
        raise pytesseract.TesseractError(done.returncode, pytesseract.pytesseract.get_errors(done.stderr))
    return done.stdout.decode("utf-8")


def read_image(image: Image.Image, languages: str, seconds: float) -> str:
    """Tesseract's text of one picture, orientation detected (psm 1); raises RuntimeError on timeout."""
    return run_tesseract(encode_for_tesseract(image), languages, seconds)


def _decode(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        image.load()
    return image.convert("RGB") if image.mode not in ("RGB", "L", "1") else image


def ocr_pdf_pages(data: bytes, languages: str, deadline: float) -> tuple[str, int]:
    """Text of the PDF's pages that have no text layer; returns (text, pages read by OCR)."""
    import pymupdf

    parts, pages = [], 0
    with pymupdf.open(stream=data, filetype="pdf") as document:
        if document.needs_pass:
            raise NotApplicable()
        for page in list(document)[:MAX_PDF_PAGES]:
            if page.get_text().strip() or not page.get_images():
                continue
            picture = page.get_pixmap(dpi=PDF_DPI)
            image = Image.open(io.BytesIO(picture.tobytes("png")))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError("Tesseract process timeout (the item's OCR budget is spent)")
            parts.append(read_image(image, languages, remaining))
            pages += 1
    return "\n\f".join(parts), pages


class _OcrRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        languages = str(self.item.settings.get("ocr_languages", DEFAULT_LANGUAGES))
        seconds = float(self.item.settings.get("ocr_seconds", DEFAULT_SECONDS))
        if self.item.mime == "application/pdf":
            text, pages = ocr_pdf_pages(data, languages, time.monotonic() + seconds)
            if pages == 0:
                raise NotApplicable()
        else:
            try:
                image = _decode(data)
            except (Image.UnidentifiedImageError, OSError):
                raise NotApplicable() from None
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise ValueError(f"decompression bomb refused: {error}") from None
            text, pages = read_image(image, languages, seconds), 1
        return StageOutput(data={"text": text, "pages": pages, "languages": languages, "source": "ocr"})


class OcrStage(Stage):
    name = "ocr"
    limits = StageLimits(max_bytes=64 * 2**20, seconds=DEFAULT_SECONDS * 2, memory_mb=2048)

    def _accepts(self, item: ItemInfo) -> bool:
        mime = item.mime or ""
        return (mime.startswith("image/") and mime != "image/svg+xml") or mime == "application/pdf"

    def _open(self, item: ItemInfo) -> StageRun:
        return _OcrRun(item)

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        store_text(connection, file_id, "ocr", data, run_id)
