"""Seeds for the hostile-evidence fuzz (issue 20): well-formed files of every format a stage reads, taken from the
shared test data and the training material, or made here with the format's own library.

A seed is a format name, a file name (whose path matters to some parsers: ``resume.dat``, ``known.met``) and its
bytes. Disk-image seeds are small images of the shared test data (gunzipped where they are stored gzipped).
"""

from __future__ import annotations

import bz2
import email.message
import email.policy
import gzip
import hashlib
import io
import json
import lzma
import random
import sqlite3
import struct
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TESTDATA = Path(__file__).resolve().parents[2] / "shared" / "testdata"


@dataclass(frozen=True)
class Seed:
    format: str  # "jpeg", "png", ... "torrent", "known.met"; for disk images "mbr", "gpt", "fat", ...
    name: str  # the file name it travels under (a P2P record file keeps the name its parser expects)
    data: bytes


# ------------------------------------------------------------------------------------------------- pictures

def _picture(rng: random.Random, width: int = 96, height: int = 72):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.rectangle((x, y, x + rng.randrange(8, 40), y + rng.randrange(8, 30)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def _encoded(image, fmt: str, **options) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


PICTURE_FORMATS = {"jpeg": ("JPEG", "jpg"), "png": ("PNG", "png"), "gif": ("GIF", "gif"), "tiff": ("TIFF", "tif"),
                   "webp": ("WEBP", "webp"), "bmp": ("BMP", "bmp")}


def picture_seeds(rng: random.Random) -> list[Seed]:
    seeds = []
    for fmt, (pil, ext) in PICTURE_FORMATS.items():
        for number in range(2):
            seeds.append(Seed(fmt, f"made-{number}.{ext}", _encoded(_picture(rng), pil)))
    shared = {"png": ["tesseract/phototest-rotated-180.png", "tesseract/phototest-rotated-L.png"],
              "tiff": ["tesseract/HelloGoogle.tif", "tesseract/phototestrot.tif"],
              "jpeg": ["py-pdf-sample-files/003-pdflatex-image/image.jpg"]}
    for fmt, paths in shared.items():
        for relative in paths:
            path = TESTDATA / relative
            if path.is_file() and path.stat().st_size < 400_000:
                seeds.append(Seed(fmt, path.name, path.read_bytes()))
    try:  # the classroom case's photographs: real camera-like JPEGs with EXIF
        from heroes_desktop.training.pictures import photographs

        for picture in photographs(random.Random(rng.random()))[:3]:
            seeds.append(Seed("jpeg", picture.name, picture.data))
    except Exception as error:  # noqa: BLE001 - training material is optional for the fuzz; say so
        print(f"note: no training photographs ({type(error).__name__}: {error})")
    return seeds


# ------------------------------------------------------------------------------------------------ documents

def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                         'wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
                         'org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.'
                         'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                         '</Relationships>')
        archive.writestr("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.'
                         'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
                         'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
                         'XMLSchema-instance"><dc:creator>Ana</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">'
                         '2026-03-03T10:00:00Z</dcterms:created></cp:coreProperties>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                         'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                         f'{text}</w:t></w:r></w:p></w:body></w:document>')
    return buffer.getvalue()


def _odt(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:'
                         'oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
                         ' manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>')
        archive.writestr("meta.xml", '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:'
                         'opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">'
                         '<office:meta><meta:creation-date>2026-03-03T10:00:00</meta:creation-date></office:meta>'
                         '</office:document-meta>')
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:'
                         'names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
                         f'text:1.0"><office:body><office:text><text:p>{text}</text:p></office:text></office:body>'
                         '</office:document-content>')
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((72, 72), text)
    return document.tobytes()


def _eml(rng: random.Random, text: str, attach: bytes | None = None) -> bytes:
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message["From"] = "ana@example.invalid"
    message["To"] = "luis@example.invalid"
    message["Subject"] = f"Minutes {rng.randrange(1000)}"
    message["Date"] = "Tue, 03 Mar 2026 10:00:00 +0000"
    message.set_content(text)
    if attach is not None:
        message.add_attachment(attach, maintype="image", subtype="png", filename="scan.png")
    return message.as_bytes()


def document_seeds(rng: random.Random) -> list[Seed]:
    lines = ["Minutes of the rowing club, meeting of Tuesday.", "Acta de la reunión del club de remo: año 2026.",
             "Budget: 1,200 EUR; contact +34 600 123 456."]
    text = " ".join(lines)
    png = _encoded(_picture(rng), "PNG")
    seeds = [Seed("pdf", "made.pdf", _pdf(text)), Seed("docx", "made.docx", _docx(text)),
             Seed("odt", "made.odt", _odt(text)),
             Seed("html", "made.html", f"<html><head><title>t</title></head><body><p>{text}</p>"
                  "<table><tr><td>a</td></tr></table></body></html>".encode()),
             Seed("text", "made-utf8.txt", text.encode("utf-8")),
             Seed("text", "made-utf16.txt", b"\xff\xfe" + text.encode("utf-16-le")),
             Seed("text", "made-latin1.txt", text.encode("latin-1", "replace")),
             Seed("text", "made.json", json.dumps({"lines": lines}).encode()),
             Seed("eml", "made.eml", _eml(rng, text)), Seed("eml", "attached.eml", _eml(rng, text, png))]
    mbox = b"".join(b"From ana@example.invalid Tue Mar  3 10:00:00 2026\n" + _eml(rng, line).replace(b"\r\n", b"\n")
                    + b"\n" for line in lines)
    seeds.append(Seed("mbox", "made.mbox", mbox))
    for relative in ("py-pdf-sample-files/001-trivial/minimal-document.pdf",
                     "py-pdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf"):
        path = TESTDATA / relative
        if path.is_file():
            seeds.append(Seed("pdf", path.name, path.read_bytes()))
    try:  # the classroom case's documents: txt, pdf, docx, eml, html
        from heroes_desktop.training.documents import planted_documents

        kinds = {"txt": "text", "pdf": "pdf", "docx": "docx", "eml": "eml", "html": "html"}
        taken: set[str] = set()
        for document in planted_documents(random.Random(rng.random())):
            ext = document.name.rsplit(".", 1)[-1]
            if ext in kinds and ext not in taken:
                taken.add(ext)
                seeds.append(Seed(kinds[ext], document.name, document.data))
    except Exception as error:  # noqa: BLE001
        print(f"note: no training documents ({type(error).__name__}: {error})")
    return seeds


# ------------------------------------------------------------------------------------------ databases, archives

def _sqlite(rng: random.Random) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "made.sqlite"
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, sent INTEGER, blob BLOB)")
        connection.executemany("INSERT INTO messages (body, sent, blob) VALUES (?, ?, ?)",
                               [(f"message {n} to +34 600 000 {n:03d}", 1_770_000_000 + n, rng.randbytes(40))
                                for n in range(60)])
        connection.execute("CREATE INDEX sent_index ON messages (sent)")
        connection.commit()
        connection.close()
        return path.read_bytes()


def _zip(members: Iterable[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_770_000_000
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _7z(members: Iterable[tuple[str, bytes]]) -> bytes:
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(data, name)
    return buffer.getvalue()


def archive_seeds(rng: random.Random) -> list[Seed]:
    members = [("notes.txt", b"Minutes of the rowing club.\n" * 20), ("pic.png", _encoded(_picture(rng), "PNG")),
               ("dir/deeper.txt", b"inner text\n")]
    text = b"Minutes of the rowing club.\n" * 200
    return [Seed("sqlite", "made.sqlite", _sqlite(rng)), Seed("sqlite", "msgstore.db", _sqlite(rng)),
            Seed("zip", "made.zip", _zip(members)), Seed("zip", "stored.zip", _zip(members, zipfile.ZIP_STORED)),
            Seed("7z", "made.7z", _7z(members)), Seed("tar", "made.tar", _tar(members)),
            Seed("gzip", "made.txt.gz", gzip.compress(text, mtime=0)), Seed("gzip", "made.tar.gz",
                                                                              gzip.compress(_tar(members), mtime=0)),
            Seed("bzip2", "made.txt.bz2", bz2.compress(text)), Seed("xz", "made.txt.xz", lzma.compress(text))]


# ------------------------------------------------------------------------------------------------------ video

def video_seeds(rng: random.Random) -> list[Seed]:
    """Tiny MP4, AVI and MKV made from generated frames with PyAV (no real video in the shared test data)."""
    import av
    import numpy as np

    seeds = []
    for fmt, ext, codec in (("mp4", "mp4", "mpeg4"), ("avi", "avi", "mpeg4"), ("mkv", "mkv", "mpeg4")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"made.{ext}"
            with av.open(str(path), "w") as container:
                stream = container.add_stream(codec, rate=5)
                stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
                for index in range(10):
                    pixels = np.full((48, 64, 3), (index * 25) % 256, dtype=np.uint8)
                    pixels[:, index * 6:index * 6 + 6] = (255, 0, 0)
                    for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                        container.mux(packet)
                for packet in stream.encode():
                    container.mux(packet)
            seeds.append(Seed(fmt, f"made.{ext}", path.read_bytes()))
    return seeds


# -------------------------------------------------------------------------------------------------------- P2P

def _bencode(value: object) -> bytes:
    from fastbencode import bencode

    return bencode(value)


def _met_string(text: str) -> bytes:
    raw = text.encode("utf-8")
    return struct.pack("<H", len(raw)) + raw


def _known_met(rng: random.Random) -> bytes:
    records = []
    for number in range(3):
        ed2k = rng.randbytes(16)
        tags = [bytes([0x02]) + struct.pack("<H", 1) + b"\x01" + _met_string(f"holiday-{number}.avi"),
                bytes([0x03]) + struct.pack("<H", 1) + b"\x02" + struct.pack("<I", 1000 + number)]
        records.append(struct.pack("<I", 1_770_000_000) + ed2k + struct.pack("<H", 0)
                       + struct.pack("<I", len(tags)) + b"".join(tags))
    return bytes([0x0E]) + struct.pack("<I", len(records)) + b"".join(records)


def p2p_seeds(rng: random.Random) -> list[Seed]:
    data = rng.randbytes(40_000)
    info = {b"name": b"Pictures", b"piece length": 16384,
            b"pieces": b"".join(hashlib.sha1(data[i:i + 16384]).digest() for i in range(0, len(data), 16384)),
            b"files": [{b"length": 40_000, b"path": [b"a.jpg"]}]}
    torrent = _bencode({b"announce": b"udp://tracker.invalid:6969", b"creation date": 1_770_000_000, b"info": info})
    infohash = hashlib.sha1(_bencode(info)).digest()
    resume = _bencode({b".fileguard": b"0" * 40, b"Pictures.torrent": {
        b"caption": b"Pictures", b"path": b"C:\\Users\\ana\\Pictures", b"info": infohash,
        b"added_on": 1_770_000_060, b"completed_on": 1_770_000_060, b"uploaded": 120_000, b"downloaded": 0}})
    fastresume = _bencode({b"info-hash": infohash, b"save_path": b"/home/ana/Downloads", b"name": b"Pictures",
                           b"added_time": 1_770_000_060, b"total_uploaded": 5})
    searches = b"\xff\xfe" + "".join(t + "\r\n" for t in ("fotos vacaciones", "rocket")).encode("utf-16-le")
    return [Seed("torrent", "Pictures.torrent", torrent), Seed("resume.dat", "resume.dat", resume),
            Seed("fastresume", "0123abcd.fastresume", fastresume), Seed("known.met", "known.met", _known_met(rng)),
            Seed("known.met", "cancelled.met", bytes([0x0F]) + struct.pack("<I", 0)),
            Seed("search", "AC_SearchStrings.dat", searches)]


# ------------------------------------------------------------------------------------------------ disk images

DISK_IMAGES = {  # format -> shared test data path (".gz": stored gzipped)
    "gpt": "gpt-crate/gpt-disk.img", "fat": "sleuthkit/fat_dst_test.dd", "mbr": "pytsk/tsk_volume_system.raw",
    "ext4": "dfvfs/ext2.raw.gz", "mbr-ext": "dfvfs/mbr.raw.gz", "e01": "sleuthkit/image.E01",
    "fat-image": "sleuthkit/image.dd", "iso9660": "dfvfs/iso9660.raw",
}


def disk_seeds() -> list[Seed]:
    seeds = []
    for fmt, relative in DISK_IMAGES.items():
        path = TESTDATA / relative
        if not path.is_file():
            print(f"note: no disk-image seed {relative}")
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        name = path.name.removesuffix(".gz")
        seeds.append(Seed(fmt, name if "." in name else name + ".raw", data))
    return seeds


def all_file_seeds(rng: random.Random) -> list[Seed]:
    """Every seed that travels as a file of a folder evidence (disk images aside)."""
    seeds = [*picture_seeds(rng), *document_seeds(rng), *archive_seeds(rng), *p2p_seeds(rng)]
    try:
        seeds.extend(video_seeds(rng))
    except Exception as error:  # noqa: BLE001
        print(f"note: no video seeds ({type(error).__name__}: {error})")
    return seeds
