"""Pictures for a report: the case's stored thumbnails, obscured unless the examiner asks for them clear.

Obscured means what the window's default obscuring does: the picture reduced to 24 pixels on its longer side, in
greyscale, and scaled back up, so shapes and layout can be told apart but no detail. Decoding runs in Pillow on
thumbnails the case made itself (JPEG, 256 px), with Pillow's decompression-bomb limit in force.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from PIL import Image
from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import media

OBSCURED_DETAIL = 24  # pixels on the longer side before scaling back; the window's default obscuring
REPORT_SIDE = 256
CHUNK = 500


def obscured_jpeg(data: bytes, detail: int = OBSCURED_DETAIL) -> bytes:
    """``data`` (any picture Pillow reads) blurred to ``detail`` pixels and in greyscale, as a JPEG."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("L")
        width, height = image.size
        scale = detail / max(width, height)
        small = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BOX)
        back = small.resize((width, height), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    back.save(out, "JPEG", quality=80)
    return out.getvalue()


def clear_jpeg(data: bytes) -> bytes:
    """``data`` re-encoded as a plain JPEG no larger than REPORT_SIDE (metadata dropped)."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail((REPORT_SIDE, REPORT_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    return out.getvalue()


def report_thumbnails(case: Case, file_ids: Iterable[int], mode: str) -> dict[int, bytes]:
    """File id -> the JPEG to show in a report for each of ``file_ids`` that has a stored thumbnail.

    ``mode`` is ``none`` (nothing), ``obscured`` or ``clear``. A thumbnail Pillow cannot read is left out; the
    report then says the item has no picture rather than failing.
    """
    if mode == "none":
        return {}
    ids = list(dict.fromkeys(file_ids))
    pictures: dict[int, bytes] = {}
    with case.reading() as connection:
        for start in range(0, len(ids), CHUNK):
            rows = connection.execute(select(media.c.file_id, media.c.thumbnail).where(
                media.c.file_id.in_(ids[start:start + CHUNK]), media.c.thumbnail.is_not(None)))
            for file_id, data in rows:
                try:
                    pictures[file_id] = obscured_jpeg(data) if mode == "obscured" else clear_jpeg(data)
                except (OSError, ValueError, Image.DecompressionBombError):
                    continue
    return pictures
