"""The training case's pictures: public-domain photographs that scikit-image ships, their altered copies, images of
printed text for OCR, and the training hash set (VICS JSON and a perceptual-hash list) that lists the originals.

All of it is benign. The hash-set categories are stand-ins that let a class practise the categorisation workflow
on harmless pictures (a coffee cup, a rocket, a cat); the hash set's name says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import imagehash
import numpy as np
import pymupdf
from PIL import Image
from skimage import data as samples

from heroes_desktop.hashsets.store import VICS_CONTEXT
from heroes_desktop.stages.perceptual import ALGORITHMS, open_image

HASHSET_NAME = "Training known set (benign stand-ins)"
PHASH_MATCH_RADIUS = 15  # the program's default phash threshold (docs/perceptual-thresholds.md)

# Originals listed in the training hash set, with their stand-in categories.
KNOWN_ORIGINALS = {"rocket": "CAT-1", "coffee": "CAT-1", "chelsea": "CAT-2", "hubble_deep_field": "CAT-5",
                   "immunohistochemistry": "CAT-5"}
# Photographs the hash set does not list.
OTHER_PHOTOS = ("astronaut", "coins", "moon", "grass", "clock")


@dataclass(frozen=True)
class Picture:
    """One picture file with what the key says about it."""

    key_id: str
    name: str
    data: bytes
    source: str  # the scikit-image sample, or "rendered"
    variant: str  # "original", "exact-copy", "resized", "recompressed", "cropped", "ocr"
    category: str | None = None  # the hash-set category a match must carry
    match: str | None = None  # "md5" (exact) or "phash" (perceptual) or None
    phrases: tuple[str, ...] = ()
    taken: datetime | None = None  # the moment (UTC) its EXIF DateTimeOriginal + OffsetTimeOriginal state


def _sample(name: str) -> Image.Image:
    array = getattr(samples, name)()
    if array.dtype != np.uint8:
        array = (array * 255).astype(np.uint8) if array.max() <= 1 else array.astype(np.uint8)
    image = Image.fromarray(array)
    return image.convert("RGB")


CAMERA_OFFSET = timedelta(hours=2)  # the camera's clock: Central European Summer Time, as EXIF 2.31 records it


def _jpeg(image: Image.Image, quality: int, taken: datetime | None = None) -> bytes:
    """A JPEG; with ``taken``, a camera's EXIF: make, model, DateTimeOriginal in local time and its offset."""
    buffer = io.BytesIO()
    if taken is None:
        image.save(buffer, "JPEG", quality=quality, optimize=False)
        return buffer.getvalue()
    exif = Image.Exif()
    exif[271], exif[272] = "Canon", "Canon EOS 2000D"
    details = exif.get_ifd(0x8769)
    details[36867] = (taken + CAMERA_OFFSET).strftime("%Y:%m:%d %H:%M:%S")
    details[36881] = "+02:00"
    image.save(buffer, "JPEG", quality=quality, optimize=False, exif=exif)
    return buffer.getvalue()


def _moments(rng: random.Random, count: int) -> list[datetime]:
    """Daytime moments in summer 2024, drawn from a copy of ``rng`` so that every later draw stays as it was."""
    copy = random.Random()
    copy.setstate(rng.getstate())
    start = datetime(2024, 6, 1, tzinfo=timezone.utc)
    return [start + timedelta(days=copy.randrange(90), seconds=copy.randrange(7 * 3600, 17 * 3600))
            for _ in range(count)]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def phash_of(data: bytes) -> imagehash.ImageHash:
    """The perceptual hash the program's phash stage computes, through the same decoder."""
    return ALGORITHMS["phash"](open_image(data))


def _altered_copies(name: str, image: Image.Image, rng: random.Random) -> list[tuple[str, Image.Image, int]]:
    """Resized, re-compressed and cropped copies: (variant, image, JPEG quality)."""
    width, height = image.size
    scale = rng.choice((0.5, 0.6, 0.75))
    margin_x, margin_y = max(1, int(width * 0.02)), max(1, int(height * 0.02))
    return [
        ("resized", image.resize((int(width * scale), int(height * scale)), Image.Resampling.LANCZOS), 90),
        ("recompressed", image, rng.choice((35, 45, 55))),
        ("cropped", image.crop((margin_x, margin_y, width - margin_x, height - margin_y)), 90),
    ]


def photographs(rng: random.Random) -> list[Picture]:
    """The originals (some stored as exact copies) and their altered copies, each with the match it must give."""
    pictures: list[Picture] = []
    moments = iter(_moments(rng, len(KNOWN_ORIGINALS) + len(OTHER_PHOTOS)))
    for name, category in KNOWN_ORIGINALS.items():
        image, taken = _sample(name), next(moments)
        original = _jpeg(image, 92, taken)
        pictures.append(Picture(f"photo-{name}", f"{name}.jpg", original, name, "original", category, "md5",
                                taken=taken))
        reference = phash_of(original)
        for variant, altered, quality in _altered_copies(name, image, rng):
            copy = _jpeg(altered, quality)
            distance = reference - phash_of(copy)
            if distance > PHASH_MATCH_RADIUS:
                continue  # the key only promises matches the default threshold makes
            pictures.append(Picture(f"photo-{name}-{variant}", f"IMG_{rng.randrange(1000, 9999)}.jpg", copy, name,
                                    variant, category, "phash"))
    for name in OTHER_PHOTOS:
        taken = next(moments)
        pictures.append(Picture(f"photo-{name}", f"{name}.jpg", _jpeg(_sample(name), 90, taken), name, "original",
                                taken=taken))
    return pictures


def _rendered_text(lines: list[str], rotate: int = 0) -> Image.Image:
    """Printed text rendered by MuPDF's built-in Helvetica at 200 dpi, like a photographed or scanned note."""
    document = pymupdf.open()
    page = document.new_page(width=420, height=60 + 22 * len(lines))
    for index, line in enumerate(lines):
        page.insert_text((30, 40 + 22 * index), line, fontname="helv", fontsize=13)
    pixmap = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    document.close()
    return image.rotate(rotate, expand=True, fillcolor=255) if rotate else image


# Letters an identifier printed in an OCR image may start with: none that Tesseract reads as a digit beside digits
# (B/8, D/O/Q/0, G/6, I/L/1, S/5, T/7, Z/2), so a trainee's search for the planted reference always can succeed.
OCR_CONFUSABLE = {"B": "8", "D": "0", "G": "6", "I": "1", "L": "1", "O": "0", "Q": "0", "S": "5", "T": "7", "Z": "2"}
OCR_SAFE_LETTERS = "".join(letter for letter in "ABCDEFGHJKLMNPQRSTUVWXYZ" if letter not in OCR_CONFUSABLE)


def ocr_images(rng: random.Random) -> list[Picture]:
    """Images of printed text (a note, a receipt, a notice) whose words only OCR can find."""
    reference = f"{rng.choice(OCR_SAFE_LETTERS)}{rng.randrange(10000, 99999)}"
    note = ["Pick-up on Friday at the bus station.", "Ask for Rosalind Fairweather.",
            "Bring your passport and the deposit.", f"Ticket reference {reference}"]
    receipt = ["RECIBO DE ENVIO DE DINERO", "Remitente: Joaquina Villaverde", "Destino: Cartagena",
               f"Importe: {rng.randrange(200, 900)} euros", "Comision pagada en efectivo"]
    notice = ["Greenfield Primary School", "Parents evening on Thursday", "All pupils must bring",
              "their signed permission slip"]
    return [
        Picture("ocr-note", "note_scan.png", _png(_rendered_text(note)), "rendered", "ocr",
                phrases=("Fairweather", reference)),
        Picture("ocr-receipt", "recibo.jpg", _jpeg(_rendered_text(receipt).convert("RGB"), 92), "rendered", "ocr",
                phrases=("Villaverde", "Cartagena")),
        Picture("ocr-notice-rotated", "notice_rotated.png", _png(_rendered_text(notice, rotate=90)), "rendered",
                "ocr", phrases=("Greenfield", "permission")),
    ]


def scanned_pdf(picture: Picture) -> bytes:
    """A PDF whose only page is an image (no text layer), so its words come from OCR of the page."""
    document = pymupdf.open()
    image = Image.open(io.BytesIO(picture.data))
    page = document.new_page(width=image.width * 72 / 200, height=image.height * 72 / 200)
    page.insert_image(page.rect, stream=picture.data)
    document.set_metadata({"producer": "HEROES training generator", "creationDate": "", "modDate": ""})
    data = document.tobytes(garbage=3, deflate=True, no_new_id=True)
    document.close()
    return data


def vics_hashset(pictures: list[Picture]) -> str:
    """VICS 2.0 JSON listing the known originals (MD5, SHA-1, category)."""
    media = []
    for picture in (p for p in pictures if p.variant == "original" and p.category):
        category = int(picture.category.removeprefix("CAT-"))
        md5 = hashlib.md5(picture.data).hexdigest().upper()
        media.append({"MediaID": len(media) + 1, "Category": category, "MD5": md5,
                      "SHA1": hashlib.sha1(picture.data).hexdigest().upper(), "MediaSize": len(picture.data),
                      "IsPrecategorized": True,
                      "Comments": f"training stand-in: scikit-image sample '{picture.source}'",
                      "MediaFiles": [{"MD5": md5, "FileName": picture.name}]})
    document = {"@odata.context": VICS_CONTEXT, "value": [{"CaseID": "training", "CaseNumber": "TRAINING",
                                                           "SourceApplicationName": HASHSET_NAME, "Media": media}]}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def phash_list(pictures: list[Picture]) -> str:
    """The originals' perceptual hashes as `HEX,CAT` lines, the format `heroes hashset import --format phash` reads."""
    lines = [f"# {HASHSET_NAME}: pHash (imagehash 8x8), category"]
    lines += [f"{phash_of(p.data)},{p.category}" for p in pictures if p.variant == "original" and p.category]
    return "\n".join(lines) + "\n"
