"""The ``phash`` stage: pHash, dHash, aHash and wHash (ImageHash, 64 bits) of every image.

Decoding is guarded: Pillow's decompression-bomb warning is turned into an error, so a small file that claims an
enormous canvas fails with a reason instead of exhausting the worker.
"""

from __future__ import annotations

import io
import warnings

import imagehash
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


def perceptual_hashes(data: bytes) -> dict[str, str]:
    """The four 64-bit hashes of an encoded image, as lowercase hex; raises on a bomb or an undecodable file."""
    picture = open_image(data)
    return {name: str(function(picture)) for name, function in ALGORITHMS.items()}


class _PerceptualRun(WholeContentRun):
    def complete(self, data: bytes) -> StageOutput:
        try:
            return StageOutput(columns=perceptual_hashes(data))
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
