"""Identifiers planted in the OCR pictures are ones Tesseract can read back (issue 13: seed 7 planted `Z53213`,
which OCR reads as `253213`, so the answer key asked for what the program cannot be expected to find)."""

from __future__ import annotations

import random

import pytest

from heroes_desktop.stages.ocr import DEFAULT_LANGUAGES, installed_languages, read_image
from heroes_desktop.training.checks import fold
from heroes_desktop.training.pictures import OCR_CONFUSABLE, OCR_SAFE_LETTERS, _rendered_text, ocr_images


def _reference(seed: int) -> str:
    note = next(picture for picture in ocr_images(random.Random(seed)) if picture.key_id == "ocr-note")
    return note.phrases[1]


def test_no_seed_plants_a_letter_that_ocr_reads_as_a_digit() -> None:
    references = [_reference(seed) for seed in range(40)]
    assert all(reference[0] not in OCR_CONFUSABLE and reference[1:].isdigit() for reference in references), references
    assert len({reference[0] for reference in references}) > 5  # still varied from seed to seed


def test_every_letter_that_may_be_planted_is_read_back_by_tesseract() -> None:
    if not set(DEFAULT_LANGUAGES.split("+")) <= set(installed_languages()):
        pytest.fail(f"Tesseract languages {DEFAULT_LANGUAGES} are not installed (scripts/setup.sh installs them)")
    unread = []
    for letter in OCR_SAFE_LETTERS:
        reference = f"{letter}53213"
        image = _rendered_text(["Bring your passport and the deposit.", f"Ticket reference {reference}"])
        if fold(reference) not in fold(read_image(image, DEFAULT_LANGUAGES, 60)):
            unread.append(reference)
    assert not unread
