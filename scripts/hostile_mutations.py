"""Mutations that break parsers (issue 20's hostile-evidence fuzz): each takes a seed's bytes and a random source and
returns hostile bytes. Generic byte-level mutations apply to every format; the structured ones know where a
format keeps its lengths, offsets and dimensions; the generators make bombs and deep nesting from nothing.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable

HUGE = (0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 1, 0xFFFFFFFE)

Mutation = Callable[[bytes, random.Random], bytes]


# ---------------------------------------------------------------------------------------------- byte-level

def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 32, max(1, len(data) // 200)))):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def header_bit_flips(data: bytes, rng: random.Random) -> bytes:
    """Flips in the first 512 bytes, where magic, lengths and offsets live."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 9)):
        out[rng.randrange(min(512, len(out)))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.choice((1, 8, 16, 100, len(data) // 10, len(data) // 2, len(data) - 1, rng.randrange(len(data))))]


def zero_region(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    length = rng.randrange(1, max(2, len(data) // 4))
    return data[:start] + b"\x00" * length + data[start + length:]


def random_overwrite(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    length = rng.randrange(1, max(2, len(data) // 3))
    return data[:start] + rng.randbytes(length) + data[start + length:]


def wrong_magic(data: bytes, rng: random.Random) -> bytes:
    magics = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"%PDF-1.7\n", b"SQLite format 3\x00",
              b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b\x08", b"BZh9", b"\xfd7zXZ\x00", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP",
              b"II*\x00", b"MM\x00*", b"BM", b"\x1aE\xdf\xa3", b"d8:announce", b"\x0e", b"EVF\x09\x0d\x0a\xff\x00")
    magic = rng.choice(magics)
    return magic + data[len(magic):] if rng.random() < 0.7 else rng.randbytes(16) + data[16:]


def int_fields(data: bytes, rng: random.Random) -> bytes:
    """Set a few aligned 16/32/64-bit fields near the start (or anywhere) to 0, -1 or huge."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 5)):
        width = rng.choice((2, 4, 4, 8))
        limit = min(len(out), 4096 if rng.random() < 0.8 else len(out)) - width
        if limit <= 0:
            break
        position = rng.randrange(limit // width + 1) * width
        value = rng.choice(HUGE) if width != 8 else rng.choice((0, 2**64 - 1, 2**63 - 1, 2**40))
        fmt = {2: "<H", 4: "<I", 8: "<Q"}[width] if rng.random() < 0.5 else {2: ">H", 4: ">I", 8: ">Q"}[width]
        struct.pack_into(fmt, out, position, value & (2 ** (8 * width) - 1))
    return bytes(out)


def repeated_chunk(data: bytes, rng: random.Random) -> bytes:
    """A piece repeated many times (repeated structures: chunks, segments, records, entries)."""
    start = rng.randrange(len(data))
    piece = data[start:start + rng.randrange(4, 512)]
    return data[:start] + piece * rng.randrange(50, 3000) + data[start:]


def spliced(data: bytes, rng: random.Random) -> bytes:
    """The file followed by itself, or its head twice: a second structure where the parser expects the end."""
    return data + data if rng.random() < 0.5 else data[:len(data) // 2] + data


GENERIC: dict[str, Mutation] = {
    "bit-flips": bit_flips, "header-flips": header_bit_flips, "truncated": truncation, "zeroed": zero_region,
    "overwritten": random_overwrite, "wrong-magic": wrong_magic, "int-fields": int_fields,
    "repeated": repeated_chunk, "spliced": spliced,
}


# ---------------------------------------------------------------------------------------------- structured

def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_huge_dimensions(data: bytes, rng: random.Random) -> bytes:
    """A valid-CRC IHDR claiming a gigantic picture (a decompression bomb if the decoder believes it)."""
    width, height = rng.choice(((2**31 - 1, 2**31 - 1), (100_000, 100_000), (1, 2**31 - 1), (0, 0), (65_535, 65_535)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 << 20), 9)  # 1 MiB of zero rows in ~1 KiB
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def png_bomb(data: bytes, rng: random.Random) -> bytes:
    """A real 20,000 x 20,000 one-bit PNG: 50 MB of pixels in a few tens of KiB."""
    side = rng.choice((20_000, 30_000))
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * (side // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def png_chunk_lengths(data: bytes, rng: random.Random) -> bytes:
    """Set one chunk's length field to 0, -1 or huge (the CRC then disagrees, as in a damaged file)."""
    out = bytearray(data)
    offsets, position = [], 8
    while position + 8 <= len(out):
        offsets.append(position)
        length = struct.unpack_from(">I", out, position)[0]
        position += 12 + length
    if offsets:
        struct.pack_into(">I", out, rng.choice(offsets), rng.choice(HUGE))
    return bytes(out)


def gif_huge_dimensions(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    if len(out) >= 10:
        struct.pack_into("<HH", out, 6, rng.choice((0, 65_535)), rng.choice((0, 65_535)))
    return bytes(out)


def bmp_fields(data: bytes, rng: random.Random) -> bytes:
    """The pixel offset, the header size, width and height (negative height is top-down) set hostile."""
    out = bytearray(data)
    if len(out) >= 30:
        field, fmt = rng.choice(((10, "<I"), (14, "<I"), (18, "<i"), (22, "<i"), (28, "<H"), (2, "<I")))
        value = rng.choice((0, -1, 2**31 - 1, -(2**31))) if fmt == "<i" else rng.choice((0, 0xFFFF, 0xFFFFFFFF, 1))
        struct.pack_into(fmt, out, field, value if fmt != "<H" else value & 0xFFFF)
    return bytes(out)


def jpeg_segment_lengths(data: bytes, rng: random.Random) -> bytes:
    """One marker segment's length set to 0, 1, 2 or 0xFFFF; or the frame's dimensions to 65,535."""
    out = bytearray(data)
    segments, position = [], 2
    while position + 4 <= len(out) and out[position] == 0xFF:
        marker = out[position + 1]
        length = struct.unpack_from(">H", out, position + 2)[0]
        segments.append((marker, position))
        if marker == 0xDA:
            break
        position += 2 + length
    if not segments:
        return int_fields(data, rng)
    frames = [p for m, p in segments if m in (0xC0, 0xC1, 0xC2)]
    if frames and rng.random() < 0.4:
        struct.pack_into(">HH", out, frames[0] + 5, rng.choice((0, 65_535)), rng.choice((0, 65_535)))
    else:
        struct.pack_into(">H", out, rng.choice(segments)[1] + 2, rng.choice((0, 1, 2, 0xFFFF)))
    return bytes(out)


def tiff_offsets(data: bytes, rng: random.Random) -> bytes:
    """The first IFD offset, an entry's count or value offset set hostile; or an IFD that points to itself."""
    out = bytearray(data)
    if len(out) < 16:
        return data
    endian = "<" if out[:2] == b"II" else ">"
    first = struct.unpack_from(endian + "I", out, 4)[0]
    choice = rng.randrange(3)
    if choice == 0 or first + 2 > len(out):
        struct.pack_into(endian + "I", out, 4, rng.choice(HUGE))
        return bytes(out)
    count = struct.unpack_from(endian + "H", out, first)[0]
    if choice == 1 and count:
        entry = first + 2 + 12 * rng.randrange(min(count, (len(out) - first - 2) // 12 or 1))
        if entry + 12 <= len(out):
            struct.pack_into(endian + "I", out, entry + rng.choice((4, 8)), rng.choice(HUGE))
    else:
        next_ifd = first + 2 + 12 * count
        if next_ifd + 4 <= len(out):
            struct.pack_into(endian + "I", out, next_ifd, first)  # a loop of IFDs
    return bytes(out)


def zip_fields(data: bytes, rng: random.Random) -> bytes:
    """Sizes, offsets and counts of the local headers, central directory and its end set hostile."""
    out = bytearray(data)
    places = []
    for signature, fields in ((b"PK\x03\x04", (18, 22, 26, 28)), (b"PK\x01\x02", (20, 24, 28, 42)),
                              (b"PK\x05\x06", (8, 10, 12, 16))):
        start = 0
        while (found := out.find(signature, start)) >= 0:
            places.extend(found + field for field in fields)
            start = found + 4
    for place in rng.sample(places, min(len(places), rng.randrange(1, 4))):
        width = 2 if (place - out.rfind(b"PK", 0, place)) in (8, 10, 26, 28) else 4
        if place + width <= len(out):
            struct.pack_into("<H" if width == 2 else "<I", out, place, rng.choice(HUGE) & (2 ** (8 * width) - 1))
    return bytes(out)


def sqlite_fields(data: bytes, rng: random.Random) -> bytes:
    """The page size, page count, freelist and schema fields of the header; or a b-tree page's cell count."""
    out = bytearray(data)
    if len(out) < 100:
        return data
    field, fmt = rng.choice(((16, ">H"), (28, ">I"), (32, ">I"), (36, ">I"), (40, ">I"), (44, ">I"), (56, ">I"),
                             (52, ">I"), (103, ">H"), (105, ">H")))
    struct.pack_into(fmt, out, field, rng.choice(HUGE) & (0xFFFF if fmt == ">H" else 0xFFFFFFFF))
    return bytes(out)


def tar_fields(data: bytes, rng: random.Random) -> bytes:
    """A member's size (octal or base-256) set to 0, huge or negative; or its checksum broken."""
    out = bytearray(data)
    headers = [offset for offset in range(0, len(out) - 512, 512) if out[offset + 257:offset + 262] == b"ustar"]
    if not headers:
        return int_fields(data, rng)
    header = rng.choice(headers)
    size = rng.choice((b"00000000000\x00", b"77777777777\x00", b"\x80" + b"\x00" * 3 + b"\xff" * 8,
                       b"\xff" * 12, b"-0000000001\x00"))
    out[header + 124:header + 136] = size
    if rng.random() < 0.7:  # a valid checksum, so that the reader believes the size
        out[header + 148:header + 156] = b" " * 8
        checksum = sum(out[header:header + 512])
        out[header + 148:header + 156] = f"{checksum:06o}\x00 ".encode()
    return bytes(out)


def pdf_recursive(data: bytes, rng: random.Random) -> bytes:
    """A cross-reference that points back at itself, an object that contains itself, or a huge /Length."""
    choice = rng.randrange(3)
    if choice == 0:
        xref = data.rfind(b"startxref")
        return data + b"\ntrailer\n<< /Size 9 /Prev " + str(max(xref, 0)).encode() + b" >>\nstartxref\n" \
            + str(max(xref, 0)).encode() + b"\n%%EOF\n"
    if choice == 1:
        loop = b"1 0 obj\n<< /Type /Pages /Kids [1 0 R] /Count 1 /Parent 1 0 R >>\nendobj\n"
        return b"%PDF-1.4\n" + loop + b"2 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\ntrailer\n<< /Root 2 0 R" \
            b" >>\n%%EOF\n"
    return data.replace(b"/Length ", b"/Length 99999999999 ", 1) if b"/Length " in data else int_fields(data, rng)


def utf_malformed(data: bytes, rng: random.Random) -> bytes:
    """Malformed UTF-8 and UTF-16: overlong forms, lone surrogates, cut sequences, a BOM that lies, NULs."""
    bad = rng.choice((b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xff\xfe\x00\xd8",
                      b"\xfe\xff\xdc\x00", b"\x00" * 7, b"\xef\xbb\xbf\xff", b"\xf8\x88\x80\x80\x80"))
    out = bytearray(data)
    for _ in range(rng.randrange(1, 40)):
        position = rng.randrange(len(out) + 1)
        out[position:position] = bad
    if rng.random() < 0.3:
        out[0:0] = rng.choice((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff"))
    return bytes(out)


def eml_nested(data: bytes, rng: random.Random) -> bytes:
    """A MIME message nested hundreds deep, or with a boundary that never closes, or an endless header."""
    choice = rng.randrange(3)
    if choice == 0:
        depth = rng.choice((200, 1000))
        head = b"".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n".encode() for i in range(depth))
        return b"From: a@b.invalid\nSubject: nest\nMIME-Version: 1.0\n" + head + b"Content-Type: text/plain\n\nx\n"
    if choice == 1:
        return data.replace(b"\n\n", b"\nContent-Type: multipart/mixed; boundary=never\n\n--never\n", 1)
    return b"Subject: " + b"A" * 2_000_000 + b"\n\nbody\n"


STRUCTURED: dict[str, dict[str, Mutation]] = {
    "png": {"huge-dimensions": png_huge_dimensions, "bomb": png_bomb, "chunk-lengths": png_chunk_lengths},
    "gif": {"huge-dimensions": gif_huge_dimensions},
    "bmp": {"header-fields": bmp_fields},
    "jpeg": {"segment-lengths": jpeg_segment_lengths},
    "tiff": {"offsets": tiff_offsets},
    "zip": {"header-fields": zip_fields}, "docx": {"header-fields": zip_fields}, "odt": {"header-fields": zip_fields},
    "sqlite": {"header-fields": sqlite_fields},
    "tar": {"header-fields": tar_fields},
    "pdf": {"recursive": pdf_recursive},
    "text": {"malformed-utf": utf_malformed}, "html": {"malformed-utf": utf_malformed},
    "eml": {"nested": eml_nested, "malformed-utf": utf_malformed}, "mbox": {"malformed-utf": utf_malformed},
}


# ---------------------------------------------------------------------------------------------- generators

def zip_bomb(rng: random.Random) -> bytes:
    """Members of 200 MiB of zeros each (about 200 KiB compressed), several of them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for number in range(rng.choice((1, 3))):
            with archive.open(f"zeros-{number}.bin", "w", force_zip64=True) as member:
                block = b"\x00" * (1 << 20)
                for _ in range(200):
                    member.write(block)
    return buffer.getvalue()


def zip_overlapping(rng: random.Random) -> bytes:
    """Many central-directory entries that all point at one local header (the overlapping-files bomb)."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("kernel.bin", b"\x00" * (8 << 20))
    data = inner.getvalue()
    directory = data.find(b"PK\x01\x02")
    end = data.find(b"PK\x05\x06")
    entry = data[directory:end]
    count = rng.choice((500, 5000))
    entries = b"".join(entry.replace(b"kernel.bin", f"k{n:08d}.b".encode()[:10]) for n in range(count))
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count & 0xFFFF, count & 0xFFFF, len(entries),
                       directory, 0)
    return data[:directory] + entries + eocd


def nested_zip(rng: random.Random) -> bytes:
    """A zip in a zip in a zip ..., deeper than any member-depth limit."""
    data = b"the bottom of the well\n"
    name = "bottom.txt"
    for depth in range(rng.choice((20, 60))):
        data = _zip_of([(name, data)])
        name = f"level-{depth}.zip"
    return data


def _zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_duplicates(rng: random.Random) -> bytes:
    """The same member name many times, and names that climb out (``../``) or are absolute."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(rng.choice((50, 400))):
            archive.writestr(rng.choice(("same.txt", "../../etc/passwd", "/abs/olute.txt", "a/" * 200 + "deep.txt",
                                         "nul\x00name.txt", "dir/")), f"copy {number}\n")
    return buffer.getvalue()


def tar_nested(rng: random.Random) -> bytes:
    data, name = b"bottom\n", "bottom.txt"
    for depth in range(rng.choice((10, 40))):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            link = tarfile.TarInfo("loop")  # a link to itself
            link.type, link.linkname = tarfile.SYMTYPE, "loop"
            archive.addfile(link)
        data, name = buffer.getvalue(), f"level-{depth}.tar"
    return data


def tar_odd_names(rng: random.Random) -> bytes:
    """Members whose names are not UTF-8, very long, or climb out of the archive."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8",
                      errors="surrogateescape") as archive:
        for name in ("\udcff\udcfe-not-utf8.txt", "x" * 300, "../../escape.txt", "/etc/absolute", "dir/\udce9t\udce9"):
            info = tarfile.TarInfo(name)
            info.size = 5
            archive.addfile(info, io.BytesIO(b"hello"))
    return buffer.getvalue()


def compression_bomb(kind: str, rng: random.Random) -> bytes:
    size = rng.choice((16, 64)) << 20  # past the 100:1 ratio guard either way
    zeros = b"\x00" * size
    if kind == "gzip":
        return gzip.compress(zeros, compresslevel=9, mtime=0)
    if kind == "bzip2":
        return bz2.compress(zeros, 9)
    return lzma.compress(zeros, preset=6)


def sevenzip_bomb(rng: random.Random) -> bytes:
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.writestr(b"\x00" * (rng.choice((16, 64)) << 20), "zeros.bin")
    return buffer.getvalue()


def sevenzip_many(rng: random.Random) -> bytes:
    """Thousands of tiny members, and members with the same name (issue 20: same-name members)."""
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for number in range(rng.choice((300, 3000))):
            archive.writestr(f"{number}\n".encode(), "same.txt" if number % 2 else f"m{number}.txt")
    return buffer.getvalue()


def deep_json(rng: random.Random) -> bytes:
    depth = rng.choice((10_000, 100_000))
    return ("[" * depth + "]" * depth).encode() if rng.random() < 0.5 else \
        ('{"a":' * depth + "1" + "}" * depth).encode()


def deep_html(rng: random.Random) -> bytes:
    depth = rng.choice((10_000, 100_000))
    tag = rng.choice(("div", "table", "b", "span"))
    return b"<html><body>" + f"<{tag}>".encode() * depth + b"deep" + f"</{tag}>".encode() * depth + b"</body></html>"


def huge_line_text(rng: random.Random) -> bytes:
    """One line of 20 MiB without a space: tokenizers and entity finders that split on whitespace meet it whole."""
    return (b"A" if rng.random() < 0.5 else b"\xe2\x82\xac") * (rng.choice((2, 20)) << 20)


def utf16_unpaired(rng: random.Random) -> bytes:
    body = "".join(rng.choice(("a", "\u00e9", "\u4e2d")) for _ in range(5000)).encode("utf-16-le")
    out = bytearray(b"\xff\xfe" + body)
    for _ in range(100):
        struct.pack_into("<H", out, 2 + 2 * rng.randrange(len(body) // 2), rng.choice((0xD800, 0xDC00, 0xDBFF)))
    if rng.random() < 0.5:
        out = out[:-1]  # an odd number of bytes
    return bytes(out)


def gif_frames(rng: random.Random) -> bytes:
    """A GIF of many frames (the per-frame work, repeated)."""
    from PIL import Image

    frames = [Image.new("P", (32, 32), index % 256) for index in range(rng.choice((200, 1000)))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=1, loop=0)
    return buffer.getvalue()


def tiff_many_pages(rng: random.Random) -> bytes:
    from PIL import Image

    pages = [Image.new("L", (16, 16), index % 256) for index in range(rng.choice((200, 800)))]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def pdf_many_pages(rng: random.Random) -> bytes:
    import pymupdf

    document = pymupdf.open()
    for _ in range(rng.choice((200, 800))):
        document.new_page(width=20, height=20)
    return document.tobytes()


def sqlite_generated(rng: random.Random) -> bytes:
    """A database whose schema computes a huge value (generated columns, zeroblob): read stored columns only."""
    import sqlite3
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.sqlite"
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, "
                           "big BLOB GENERATED ALWAYS AS (zeroblob(n)) VIRTUAL, "
                           "txt TEXT GENERATED ALWAYS AS (printf('%.*c', n, 'x')) VIRTUAL)")
        connection.executemany("INSERT INTO t (n) VALUES (?)", [(50_000_000,)] * rng.choice((2, 8)))
        connection.commit()
        connection.close()
        return path.read_bytes()


def mbox_repeated(rng: random.Random) -> bytes:
    message = b"From a@b.invalid Tue Mar  3 10:00:00 2026\nFrom: a@b.invalid\nSubject: again\n\nbody\n\n"
    return message * rng.choice((5_000, 50_000))


GENERATORS: dict[str, dict[str, Callable[[random.Random], bytes]]] = {
    "zip": {"zip-bomb": zip_bomb, "overlapping-bomb": zip_overlapping, "nested": nested_zip,
            "duplicate-names": zip_duplicates},
    "tar": {"nested": tar_nested, "odd-names": tar_odd_names},
    "gzip": {"bomb": lambda rng: compression_bomb("gzip", rng)},
    "bzip2": {"bomb": lambda rng: compression_bomb("bzip2", rng)},
    "xz": {"bomb": lambda rng: compression_bomb("xz", rng)},
    "7z": {"bomb": sevenzip_bomb, "many-members": sevenzip_many},
    "text": {"deep-json": deep_json, "huge-line": huge_line_text, "utf16-unpaired": utf16_unpaired},
    "html": {"deep-nesting": deep_html},
    "gif": {"many-frames": gif_frames},
    "tiff": {"many-pages": tiff_many_pages},
    "pdf": {"many-pages": pdf_many_pages},
    "sqlite": {"generated-columns": sqlite_generated},
    "mbox": {"repeated": mbox_repeated},
}

EXTENSIONS = {"text": "txt", "html": "html", "gzip": "gz", "bzip2": "bz2", "xz": "xz", "sqlite": "sqlite",
              "deep-json": "json"}


# ---------------------------------------------------------------------------------------------- disk images

def _crc_fixed_gpt(out: bytearray, sector: int = 512) -> None:
    """Recompute the GPT header's and entry array's CRC32, so that a reader trusts the mutated fields."""
    header = sector
    if out[header:header + 8] != b"EFI PART":
        return
    entries_lba, count, size = struct.unpack_from("<QII", out, header + 72)
    start = entries_lba * sector
    if start + count * size <= len(out) and count * size < 1 << 20:
        struct.pack_into("<I", out, header + 88, zlib.crc32(out[start:start + count * size]))
    header_size = struct.unpack_from("<I", out, header + 12)[0]
    if 92 <= header_size <= sector:
        struct.pack_into("<I", out, header + 16, 0)
        struct.pack_into("<I", out, header + 16, zlib.crc32(out[header:header + header_size]))


def gpt_huge_lba(data: bytes, rng: random.Random) -> bytes:
    """A partition whose first/last LBA lies far past the image's end (CRCs fixed so the table is believed)."""
    out = bytearray(data)
    if out[512:520] != b"EFI PART":
        return int_fields(data, rng)
    entries_lba, count, size = struct.unpack_from("<QII", out, 512 + 72)
    start = entries_lba * 512
    used = [start + n * size for n in range(min(count, 128)) if start + (n + 1) * size <= len(out)
            and any(out[start + n * size:start + n * size + 16])]
    entry = rng.choice(used) if used else start
    first = rng.choice((2**40, 2**63 - 1, len(data) // 512 + 10, 2**64 - 2))
    last = rng.choice((first + 100, 2**64 - 1, first))
    if entry + 48 <= len(out):
        struct.pack_into("<QQ", out, entry + 32, first, last)
    if rng.random() < 0.5:  # the header's own fields too
        struct.pack_into("<QQ", out, 512 + 40, rng.choice((0, 2**63)), rng.choice((2**64 - 1, 1)))
    _crc_fixed_gpt(out)
    return bytes(out)


def gpt_entry_fields(data: bytes, rng: random.Random) -> bytes:
    """The entry count, entry size and entry array's LBA set to 0, -1 or huge."""
    out = bytearray(data)
    if out[512:520] != b"EFI PART":
        return int_fields(data, rng)
    field, fmt = rng.choice(((72, "<Q"), (80, "<I"), (84, "<I"), (12, "<I")))
    struct.pack_into(fmt, out, 512 + field, rng.choice((0, 2**32 - 1, 2**31, 1)) if fmt == "<I"
                     else rng.choice((0, 2**64 - 1, 2**40)))
    _crc_fixed_gpt(out)
    return bytes(out)


def mbr_entries(data: bytes, rng: random.Random) -> bytes:
    """A partition entry's start and length set to 0, -1 or huge; or an extended partition that points at itself."""
    out = bytearray(data)
    if len(out) < 512:
        return data
    entry = 446 + 16 * rng.randrange(4)
    if rng.random() < 0.3:
        out[entry + 4] = 0x05  # extended, starting at sector 0: the chain loops to the MBR
        struct.pack_into("<II", out, entry + 8, 0, len(out) // 512)
    else:
        if not out[entry + 4]:
            out[entry + 4] = 0x83
        struct.pack_into("<II", out, entry + 8, rng.choice(HUGE), rng.choice(HUGE))
    out[510:512] = b"\x55\xaa"
    return bytes(out)


def fat_boot_fields(data: bytes, rng: random.Random) -> bytes:
    """Bytes per sector, sectors per cluster, reserved sectors, FAT count, root entries, sizes set hostile."""
    out = bytearray(data)
    base = _volume_start(out)
    field, fmt = rng.choice(((11, "<H"), (13, "<B"), (14, "<H"), (16, "<B"), (17, "<H"), (19, "<H"), (22, "<H"),
                             (32, "<I"), (36, "<I"), (44, "<I")))
    top = {"<B": 0xFF, "<H": 0xFFFF, "<I": 0xFFFFFFFF}[fmt]
    if base + 64 <= len(out):
        struct.pack_into(fmt, out, base + field, rng.choice((0, top, 1, top // 2)))
    return bytes(out)


def ntfs_boot_fields(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    base = _volume_start(out)
    field, fmt = rng.choice(((11, "<H"), (13, "<B"), (40, "<Q"), (48, "<Q"), (56, "<Q"), (64, "<b"), (68, "<b")))
    value = {"<H": rng.choice((0, 0xFFFF, 1)), "<B": rng.choice((0, 0xFF)), "<b": rng.choice((-128, 127, 0)),
             "<Q": rng.choice((0, 2**64 - 1, 2**40))}[fmt]
    if base + 80 <= len(out):
        struct.pack_into(fmt, out, base + field, value)
    return bytes(out)


def ext_superblock_fields(data: bytes, rng: random.Random) -> bytes:
    """Inode and block counts, block size, blocks and inodes per group, first data block set hostile."""
    out = bytearray(data)
    positions = [p for p in range(0, min(len(out), 1 << 20), 512) if out[p + 56:p + 58] == b"\x53\xef"
                 and p % 1024 == 0]
    if not positions:
        return int_fields(data, rng)
    base = rng.choice(positions)
    field = rng.choice((0, 4, 20, 24, 28, 32, 36, 40, 76, 88))
    struct.pack_into("<I", out, base + field, rng.choice(HUGE))
    return bytes(out)


def e01_header(data: bytes, rng: random.Random) -> bytes:
    """Flips and hostile integers in the EWF signature, section headers (next offset, size) and the volume section."""
    out = bytearray(data)
    sections = [found for found in range(13, min(len(out), 200_000)) if out[found:found + 6] in (b"header", b"volume",
                                                                                               b"table\x00", b"sector")]
    if sections and rng.random() < 0.8:
        section = rng.choice(sections)
        struct.pack_into("<Q", out, section + rng.choice((16, 24)), rng.choice((0, 2**64 - 1, section, 2**40)))
        return bytes(out)
    return header_bit_flips(data, rng)


def _volume_start(out: bytearray) -> int:
    """The first partition's byte offset when the image has an MBR with one, else 0."""
    if len(out) >= 512 and out[510:512] == b"\x55\xaa" and out[446 + 4] not in (0, 0xEE):
        start = struct.unpack_from("<I", out, 446 + 8)[0] * 512
        if 0 < start < len(out) - 512 and out[start + 3:start + 11] in (b"NTFS    ", b"MSDOS5.0", b"mkdosfs\x00",
                                                                       b"mkfs.fat"):
            return start
    return 0


DISK: dict[str, dict[str, Mutation]] = {
    "gpt": {"huge-lba": gpt_huge_lba, "entry-fields": gpt_entry_fields},
    "mbr": {"entries": mbr_entries}, "mbr-ext": {"entries": mbr_entries, "superblock": ext_superblock_fields},
    "fat": {"boot-fields": fat_boot_fields}, "fat-image": {"boot-fields": fat_boot_fields},
    "ext4": {"superblock": ext_superblock_fields},
    "ntfs": {"boot-fields": ntfs_boot_fields},
    "e01": {"sections": e01_header},
    "iso9660": {"int-fields": lambda data, rng: _at(data, rng, 16 * 2048)},
}


def _at(data: bytes, rng: random.Random, offset: int) -> bytes:
    """int_fields applied to the 2 KiB at ``offset`` (an ISO 9660 volume descriptor)."""
    head, body = data[:offset], data[offset:]
    return head + int_fields(body, rng)

