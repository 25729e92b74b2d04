"""The ``phash`` stage: pHash, dHash, aHash and wHash (ImageHash, 64 bits) of every image.

Decoding is guarded: Pillow's decompression-bomb warning is turned into an error, so a small file that claims an
enormous canvas fails with a reason instead of exhausting the worker.
"""

from __future__ import annotations

import io
import warnings

import imagehash
import numpy as np
from PIL import Image

from heroes_desktop.pipeline.stage import (
    ItemInfo,
    NotApplicable,
    Stage,
    StageLimits,
    StageOutput,
    StageRun,
    WholeContentRun,
)
from heroes_desktop.stages.partial_picture import decoded_rows, kept_part, repaired, truncation_note

MAX_PIXELS = 64_000_000
ALGORITHMS = {
    "phash": imagehash.phash,
    "dhash": imagehash.dhash,
    "ahash": imagehash.average_hash,
    "whash": imagehash.whash,
}


def open_image(data: bytes) -> Image.Image:
    """A decoded image (loaded, file closed); a decompression bomb raises Pillow's bomb error or warning."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.copy() if image.mode in ("RGB", "L") else image.convert("RGB")


def open_picture(data: bytes) -> tuple[Image.Image, str | None]:
    """A decoded image, and why it is only part of the picture (a truncated or partly overwritten JPEG or PNG is
    decoded as far as it goes, and that part kept), or None when all of it decoded. Raises like
    :func:`open_image` when nothing can be recovered (the strict decoder's error, the more telling one)."""
    try:
        return open_image(data), None
    except Image.UnidentifiedImageError:
        raise
    except (OSError, SyntaxError, ValueError) as error:
        fixed = repaired(data)
        if fixed is None:
            raise
        try:
            image = open_image(fixed.data)
        except (OSError, SyntaxError, ValueError):
            raise error from None
    rows = fixed.rows if fixed.rows is not None else decoded_rows(np.asarray(image))
    return kept_part(image, rows), truncation_note(rows, image.height)


def perceptual_hashes(data: bytes) -> dict[str, str]:
    """The four 64-bit hashes of an encoded image, as lowercase hex; raises on a bomb or an undecodable file."""
    return picture_hashes(open_image(data))


def picture_hashes(picture: Image.Image) -> dict[str, str]:
    return {name: str(function(picture)) for name, function in ALGORITHMS.items()}


class _PerceptualRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        try:
            picture, incomplete = open_picture(data)
            return StageOutput(columns=picture_hashes(picture), incomplete=incomplete)
        except Image.DecompressionBombError as error:
            raise ValueError(f"decompression bomb refused: {error}") from None
        except Image.DecompressionBombWarning as error:
            raise ValueError(f"decompression bomb refused: {error}") from None
        except Image.UnidentifiedImageError:
            raise NotApplicable() from None


class PerceptualHashStage(Stage):
    name = "phash"
    writes = tuple(ALGORITHMS)
    limits = StageLimits(max_bytes=128 * 2**20, seconds=60.0, memory_mb=1536)

    def _accepts(self, item: ItemInfo) -> bool:
        return (item.mime or "").startswith("image/")

    def _open(self, item: ItemInfo) -> StageRun:
        return _PerceptualRun(item)
