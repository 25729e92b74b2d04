"""Pictures decoded as far as they go: a truncated or partly overwritten JPEG or PNG (what a deleted,
half-overwritten file still holds) still shows its first rows, and those are what triage and hashing see.

No global decoder switch is touched (Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES`` would change every decode in
the process). Instead the damaged bytes are repaired into a file the strict decoder accepts: a JPEG cut short
gets its end-of-image marker, so libjpeg fills the missing blocks with a flat colour; a PNG's pixel stream is
inflated as far as it is intact (never past the size its header declares, so a bomb stays a bomb) and the
missing rows are filled with zeros. The decoded height is then measured, and only that part is kept.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_END = b"\xff\xd9"
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
INFLATE_PIECE = 4096


@dataclass(frozen=True)
class Repaired:
    data: bytes  # a file the strict decoder accepts
    rows: int | None  # rows known to be decoded (PNG), or None: measure them on the pixels (JPEG)
    height: int


def repaired(data: bytes) -> Repaired | None:
    """A decodable version of a damaged JPEG or PNG, or None when nothing of it can be recovered this way."""
    if data.startswith(b"\xff\xd8"):
        return Repaired(data + JPEG_END, None, 0)
    if data.startswith(PNG_SIGNATURE):
        return _repaired_png(data)
    return None


def decoded_rows(pixels: np.ndarray) -> int:
    """Rows above the flat band a JPEG decoder fills in for blocks that were never read (at least one)."""
    height = pixels.shape[0]
    if height < 2:
        return height
    rows = pixels.reshape(height, -1).astype(np.int16)
    last = rows[-1]
    flat = 0
    for index in range(height - 1, -1, -1):
        row = rows[index]
        if int(np.abs(row - last).max()) > 2 or int(row.max()) - int(row.min()) > 2 * 3:
            break
        flat += 1
    return max(1, height - flat)


def truncation_note(rows: int, height: int) -> str:
    return f"picture truncated: decoded {rows} of {height} rows"


def kept_part(image: Image.Image, rows: int) -> Image.Image:
    """The decoded top ``rows`` of ``image`` (the whole image when every row decoded)."""
    return image if rows >= image.height else image.crop((0, 0, image.width, rows))


def _repaired_png(data: bytes) -> Repaired | None:
    chunks = _png_chunks(data)
    header = chunks.get(b"IHDR")
    if header is None or len(header[0]) < 13:
        return None
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", header[0][:13])
    if colour not in PNG_CHANNELS or interlace or not width or not height:
        return None  # an interlaced picture's first rows are not its top: not recovered this way
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        return None  # a bomb: never inflated here (the strict decode refuses it with its reason)
    row_bytes = 1 + (width * PNG_CHANNELS[colour] * depth + 7) // 8
    raw = _inflate(b"".join(chunks.get(b"IDAT", [])), row_bytes * height)
    rows = len(raw) // row_bytes
    for row in range(rows):  # overwritten data inflates to rubbish before zlib notices: stop at a bad filter type
        if raw[row * row_bytes] > 4:
            rows = row
            break
    if rows == 0:
        return None
    pixels = raw[:rows * row_bytes] + b"\x00" * (row_bytes * (height - rows))
    out = [PNG_SIGNATURE, _png_chunk(b"IHDR", header[0][:13])]
    for kind in (b"PLTE", b"tRNS"):
        out += [_png_chunk(kind, body) for body in chunks.get(kind, [])[:1]]
    out += [_png_chunk(b"IDAT", zlib.compress(pixels, 1)), _png_chunk(b"IEND", b"")]
    return Repaired(b"".join(out), rows, height)


def _png_chunks(data: bytes) -> dict[bytes, list[bytes]]:
    """The chunks present, by type, in order; CRCs are not checked and a chunk cut short keeps what is there."""
    found: dict[bytes, list[bytes]] = {}
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        found.setdefault(kind, []).append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
        if kind == b"IEND":
            break
    return found


def _inflate(stream: bytes, limit: int) -> bytes:
    """As much of a zlib stream as decodes before it ends or breaks, never more than ``limit`` bytes."""
    inflater = zlib.decompressobj()
    out = bytearray()
    for start in range(0, len(stream), INFLATE_PIECE):
        try:
            out += inflater.decompress(stream[start:start + INFLATE_PIECE], limit - len(out))
        except zlib.error:
            break
        if len(out) >= limit or inflater.eof:
            break
    return bytes(out[:limit])


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
