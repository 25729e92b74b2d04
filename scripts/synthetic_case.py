#!/usr/bin/env python3
"""A synthetic case of N realistic file rows, written straight through the core's ``Case.bulk()``, for the GUI
benchmark (``scripts/bench_gui.py``) and tests that need a case of a size no real ingest here can make quickly.

What it writes, and why
-----------------------
One E01 evidence item (its image does not exist: nothing reads bytes from it) with an NTFS volume and a FAT
volume, and under them a Windows-like tree of folders (users' Documents, Pictures, Downloads, AppData caches,
Windows, Program Files) holding ``files`` entries in all: directory entries for every folder, files with names,
sizes (log-normal), times (2015–2024), MIME types by extension, MD5/SHA-1/SHA-256, about 4 % deleted (and a
``/$OrphanFiles`` folder), about 1 % with an extension mismatch, some NTFS streams; a hash set whose entries match
about 0.3 % of the files (Project VIC categories and known-good), examiners' tags on about 0.1 % (categories and
bookmarks), triage rows for about 5 % of the images (with a few small neutral thumbnails: colour gradients), and
``texts`` documents with extracted text in the full-text index (sentences from a fixed vocabulary, with e-mail
addresses, phone numbers and invoice numbers, the identifiers also in ``entities``).

The rows follow the case format (folder column, stages done, statuses) so that every browse query runs as on an
ingested case. The whole build is bracketed by two custody events, ``synthetic.started`` and
``synthetic.finished`` (with the counts), as an ingest brackets its bulk results; tags are written as rows, not as
one signed event each, so the case's tags have no ``file.tagged`` events of their own.

With ``--images N`` the case also holds N pictures for the gallery (``scripts/bench_review.py --gallery``):
JPEG entries in camera and download folders of their own, each analysed (a ``media`` row with a triage score, a
suggestion and its own thumbnail). Every thumbnail differs — a colour gradient under random rectangles, ellipses
and lines, with a little grain, long side 256 px and JPEG quality 80 as the ingest makes them — so that decoding
them is real work; they are made in worker processes (``--jobs``) and written in batches through ``Case.bulk()``.
Nothing in them depicts anything.

Deterministic for a seed. A million rows take a few minutes (one executemany per 50,000 rows); 100,000 pictures
about a minute and a half on two cores (most of it making the thumbnails).

Usage::

    .venv/bin/python scripts/synthetic_case.py OUT.heroes --files 1000000 --texts 20000 [--seed 7]
    .venv/bin/python scripts/synthetic_case.py OUT.heroes --files 1000 --texts 0 --images 100000 [--jobs 2]

The passphrase is ``HEROES_PASSPHRASE`` (else "orchid lantern benchmark passphrase"); the examiner "Synthetic Examiner"
gets a signing key in ``HEROES_HOME`` (else a temporary profile) with ``HEROES_KEY_PASSPHRASE``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heroes_desktop.case.case_file import Case  # noqa: E402
from heroes_desktop.case.migrations import folder_of  # noqa: E402
from heroes_desktop.case.schema import text_index_rowid  # noqa: E402
from heroes_desktop.identity.actor import Actor, Role  # noqa: E402
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key  # noqa: E402

BATCH = 50_000
CACHE_KIB = 256 * 1024  # the writer's page cache while building: the hash indexes are written at random places
EPOCH_FROM = 1_420_070_400  # 2015-01-01
EPOCH_TO = 1_735_689_600  # 2025-01-01

# extension -> (MIME, weight, median size in bytes)
TYPES: dict[str, tuple[str, float, int]] = {
    "jpg": ("image/jpeg", 18, 900_000), "png": ("image/png", 8, 120_000), "gif": ("image/gif", 2, 40_000),
    "heic": ("image/heic", 1, 1_500_000), "mp4": ("video/mp4", 1.5, 40_000_000), "mov": ("video/quicktime", 0.5,
                                                                                        60_000_000),
    "avi": ("video/x-msvideo", 0.3, 30_000_000), "mp3": ("audio/mpeg", 2, 4_000_000), "wav": ("audio/x-wav", 0.3,
                                                                                             8_000_000),
    "pdf": ("application/pdf", 4, 300_000), "docx": ("application/vnd.openxmlformats-officedocument."
                                                     "wordprocessingml.document", 3, 60_000),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 1.5, 40_000),
    "txt": ("text/plain", 5, 4_000), "html": ("text/html", 4, 30_000), "eml": ("message/rfc822", 2, 20_000),
    "msg": ("application/vnd.ms-outlook", 0.5, 60_000), "db": ("application/x-sqlite3", 1, 500_000),
    "sqlite": ("application/vnd.sqlite3", 0.5, 200_000), "zip": ("application/zip", 1.5, 5_000_000),
    "7z": ("application/x-7z-compressed", 0.3, 8_000_000), "dll": ("application/x-dosexec", 14, 400_000),
    "exe": ("application/x-dosexec", 4, 1_000_000), "log": ("text/plain", 4, 50_000),
    "dat": ("application/octet-stream", 6, 100_000), "js": ("text/javascript", 3, 20_000),
    "json": ("application/json", 3, 5_000), "xml": ("application/xml", 3, 8_000), "lnk": ("application/x-ms-shortcut",
                                                                                         3, 2_000),
    "tmp": ("application/octet-stream", 2, 30_000),
}
WORDS = ("invoice factura transfer transferencia apartment piso meeting reunión station estación tomorrow mañana "
         "payment pago account cuenta passport pasaporte flight vuelo hotel contract contrato salary salario bank "
         "banco school colegio trip viaje offer oferta job trabajo phone teléfono message mensaje photo foto money "
         "dinero car coche house casa friday viernes monday lunes madrid cádiz segovia lisboa marbella málaga "
         "valencia sevilla bilbao porto").split()
NAMES = ("ana", "bob", "carmen", "david", "elena", "fran", "gloria", "hugo", "irene", "javier", "lucia", "miguel",
         "nuria", "oscar", "paula", "raul", "sara", "tomas")
STEMS = ("IMG", "DSC", "scan", "report", "invoice", "factura", "notes", "photo", "backup", "data", "cache",
         "document", "draft", "final", "copy", "export", "log", "msg", "chat", "video", "clip", "song", "setup")
CATEGORIES = ("CAT-1", "CAT-2", "CAT-3", "CAT-4", "CAT-5", "known-good")
IMAGE_BATCH = 5_000  # pictures (with their thumbnails) per bulk write and per worker task
IMAGES_PER_FOLDER = 250
IMAGE_FOLDERS = ("/Users/ana/Pictures/Phone backup", "/Users/bob/Pictures/Camera Roll", "/Users/ana/Downloads/Fotos",
                 "/Users/bob/Downloads/WhatsApp Images")
THUMBNAIL_SHAPES = ((256, 192), (192, 256), (256, 256), (256, 144), (256, 171), (171, 256))  # width, height
CAMERA_SIZES = ((4032, 3024), (3024, 4032), (4000, 4000), (1920, 1080), (1200, 800), (800, 1200))


def _iso(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _hex(rng: random.Random, bits: int) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


def _folders(rng: random.Random, wanted: int) -> list[str]:
    """A Windows-like tree of about ``wanted`` folders (each listed after its parent)."""
    folders = ["/Windows", "/Windows/System32", "/Windows/System32/drivers", "/Windows/WinSxS", "/Program Files",
               "/Program Files (x86)", "/ProgramData", "/Users", "/$OrphanFiles"]
    for user in NAMES[: max(2, min(len(NAMES), wanted // 200 + 2))]:
        home = f"/Users/{user}"
        folders += [home, *(f"{home}/{name}" for name in ("Documents", "Pictures", "Downloads", "Desktop", "Videos",
                                                          "Music", "AppData", "AppData/Local",
                                                          "AppData/Local/Temp", "AppData/Roaming"))]
    while len(folders) < wanted:
        parent = rng.choice(folders[1:])
        if parent == "/$OrphanFiles" or parent.count("/") > 7:
            continue
        stem = rng.choice(WORDS + list(STEMS)).replace(" ", "")
        child = f"{parent}/{stem}{rng.choice(['', '', '-old', ' (2)', '.bak', '_' + str(rng.randint(1, 999))])}"
        if child not in folders:
            folders.append(child)
    return folders[:max(wanted, 9)]


def _pick_type(rng: random.Random) -> str:
    return rng.choices(list(TYPES), weights=[weight for _, weight, _ in TYPES.values()])[0]


def _thumbnails(count: int) -> list[bytes]:
    """Small neutral JPEGs (horizontal colour gradients), long side 256."""
    from PIL import Image

    thumbs = []
    for index in range(count):
        image = Image.linear_gradient("L").resize((256, 192)).convert("RGB")
        red, green, blue = image.split()
        image = Image.merge("RGB", (red, green.point(lambda v, i=index: (v + 40 * i) % 256), blue.point(
            lambda v: 255 - v)))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=70)
        thumbs.append(buffer.getvalue())
    return thumbs


def gradient_thumbnail(seed: int) -> bytes:
    """One neutral JPEG thumbnail, different for every ``seed``: a two-colour gradient at a random angle under
    3–12 random filled rectangles, ellipses and lines, with light grain; long side 256 px, quality 80."""
    import cv2
    import numpy as np

    rng = random.Random(seed)
    width, height = THUMBNAIL_SHAPES[seed % len(THUMBNAIL_SHAPES)]
    across = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    down = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    mix = rng.random()
    ramp = (mix * across + (1.0 - mix) * down)[..., None]
    start = np.array([rng.randrange(256) for _ in range(3)], np.float32)
    end = np.array([rng.randrange(256) for _ in range(3)], np.float32)
    image = np.ascontiguousarray((start * (1.0 - ramp) + end * ramp).astype(np.uint8))
    for _ in range(rng.randint(3, 12)):
        colour = tuple(rng.randrange(256) for _ in range(3))
        point = (rng.randrange(width), rng.randrange(height))
        shape = rng.random()
        if shape < 0.4:
            cv2.rectangle(image, point, (rng.randrange(width), rng.randrange(height)), colour, -1)
        elif shape < 0.8:
            cv2.ellipse(image, point, (rng.randint(5, 90), rng.randint(5, 90)), rng.randrange(180), 0, 360, colour,
                        -1, cv2.LINE_AA)
        else:
            cv2.line(image, point, (rng.randrange(width), rng.randrange(height)), colour, rng.randint(1, 8),
                     cv2.LINE_AA)
    grain = np.random.default_rng(seed).integers(0, 16, image.shape, dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", cv2.add(image, grain), [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise RuntimeError("OpenCV could not encode a synthetic thumbnail")
    return encoded.tobytes()


def _thumbnail_batch(seeds: range) -> list[bytes]:
    return [gradient_thumbnail(seed) for seed in seeds]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."


FILE_COLUMNS = ("id", "evidence_id", "volume_id", "parent_id", "ordinal", "path", "name", "kind", "size", "deleted",
                "inode", "meta_addr", "attr_type", "attr_id", "mtime", "atime", "ctime", "crtime", "flags", "md5",
                "sha1", "sha256", "mime", "extension_mismatch", "container", "encrypted", "status", "error",
                "run_id", "stages_done", "realloc", "folder")


def _file_rows(rng: random.Random, files: int, volumes: list[tuple[int, float]], first_id: int) -> Iterator[tuple]:
    """Rows for ``files`` entries: directory entries for each volume's folders, then files spread over them."""
    file_id = first_id
    per_volume = [max(1, int(files * share)) for _, share in volumes]
    per_volume[0] += files - sum(per_volume)
    for (volume_id, _), count in zip(volumes, per_volume):
        folders = _folders(rng, max(9, count // 25))
        ordinal = 0
        dirs = folders[: max(0, min(len(folders), count // 2))]
        for folder in dirs:
            t = rng.randint(EPOCH_FROM, EPOCH_TO)
            yield (file_id, 1, volume_id, None, ordinal, folder, folder.rsplit("/", 1)[1], "dir", 0,
                   int(folder.startswith("/$OrphanFiles")), str(ordinal + 16), ordinal + 16, None, None, _iso(t),
                   _iso(t), _iso(t), _iso(t), "", None, None, None, None, None, None, None, "ok", None, 1, None, 0,
                   folder_of(folder))
            file_id += 1
            ordinal += 1
        # files cluster: a few folders hold many files (caches, WinSxS), most hold a handful
        weights = [rng.paretovariate(1.2) for _ in folders]
        chosen = rng.choices(folders, weights=weights, k=count - len(dirs))
        for folder in chosen:
            extension = _pick_type(rng)
            mime, _, median = TYPES[extension]
            stem = rng.choice(STEMS)
            name = f"{stem}_{rng.randint(1, 99999):05d}.{extension}"
            if rng.random() < 0.05:
                name = name.upper() if rng.random() < 0.5 else name.capitalize()
            path = f"{folder}/{name}"
            size = 0 if rng.random() < 0.02 else max(1, int(rng.lognormvariate(math.log(median), 1.2)))
            deleted = folder.startswith("/$OrphanFiles") or rng.random() < 0.04
            kind, attr_type, attr_id, inode = "file", None, None, str(ordinal + 16)
            if rng.random() < 0.003:  # an NTFS alternate data stream beside its file
                kind, attr_type, attr_id = "stream", 128, 3
                path, name = f"{path}:Zone.Identifier", f"{name}:Zone.Identifier"
                inode = f"{ordinal + 16}-128-3"
                mime = "text/plain"
            mismatch = rng.random() < 0.01
            if mismatch:
                mime = rng.choice(("application/x-dosexec", "image/jpeg", "application/zip"))
            crtime = rng.randint(EPOCH_FROM, EPOCH_TO)
            mtime = min(EPOCH_TO, crtime + int(rng.expovariate(1 / 8e6)))
            atime = min(EPOCH_TO, mtime + int(rng.expovariate(1 / 3e6)))
            hashes = (_hex(rng, 128), _hex(rng, 160), _hex(rng, 256)) if size else (
                "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            status = "failed" if rng.random() < 0.002 else "ok"
            yield (file_id, 1, volume_id, None, ordinal, path, name, kind, size, int(deleted), inode, ordinal + 16,
                   attr_type, attr_id, _iso(mtime), _iso(atime), _iso(mtime), _iso(crtime), "", *hashes,
                   mime if size else "inode/x-empty", int(mismatch), None, 0, status,
                   "read failed at offset 4096: synthetic" if status == "failed" else None, 1,
                   ",filetype,hash,", 0, folder_of(path))
            file_id += 1
            ordinal += 1


def _insert(connection: Any, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        quoted = ", ".join(f'"{column}"' for column in columns)
        connection.exec_driver_sql(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})", rows)


def build_synthetic_case(path: Path, passphrase: str, actor: Actor, key: SigningKey, files: int, *,
                         texts: int = 0, seed: int = 7, images: int = 0, jobs: int | None = None,
                         progress: Callable[[str, int], None] | None = None) -> Case:
    """Create a case at ``path`` holding ``files`` synthetic file entries, ``texts`` indexed documents and
    ``images`` analysed pictures with thumbnails (made by ``jobs`` worker processes; callers that pass ``images``
    must run under ``if __name__ == "__main__":``); returns it open read-write (the caller closes it)."""
    rng = random.Random(seed)
    report = progress or (lambda phase, done: None)
    case = Case.create(Path(path), passphrase, actor, key, title="Synthetic case", number=f"SYN-{files}")
    try:
        # the pictures draw from a generator of their own: without them the case is row for row as before
        _build(case, rng, files, texts, report, images=images, image_rng=random.Random(seed * 7_919 + 1), jobs=jobs)
    except BaseException:
        case.close()
        raise
    return case


def _image_folders(count: int) -> list[str]:
    """``count`` folders for the gallery's pictures, IMAGES_PER_FOLDER each, under a few camera and download roots."""
    needed = max(1, math.ceil(count / IMAGES_PER_FOLDER))
    return [f"{IMAGE_FOLDERS[number % len(IMAGE_FOLDERS)]} {number // len(IMAGE_FOLDERS) + 1:04d}"
            for number in range(needed)]


def _images(case: Case, rng: random.Random, count: int, jobs: int | None,
            report: Callable[[str, int], None]) -> None:
    """``count`` analysed JPEG pictures after the case's other entries: folder entries, file rows and media rows
    with their own thumbnails, one bulk write per IMAGE_BATCH pictures."""
    with case.reading() as connection:
        first_id = int(connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM files").scalar_one()) + 1
        ordinal = int(connection.exec_driver_sql("SELECT coalesce(max(ordinal), 0) FROM files").scalar_one()) + 1
    folders = _image_folders(count)
    dir_rows = []
    for number, folder in enumerate(folders):
        t = rng.randint(EPOCH_FROM, EPOCH_TO)
        dir_rows.append((first_id + number, 1, 1, None, ordinal + number, folder, folder.rsplit("/", 1)[1], "dir", 0,
                         0, str(ordinal + number + 16), ordinal + number + 16, None, None, _iso(t), _iso(t), _iso(t),
                         _iso(t), "", None, None, None, None, None, None, None, "ok", None, 1, None, 0,
                         folder_of(folder)))
    with case.bulk() as connection:
        _insert(connection, "files", FILE_COLUMNS, dir_rows)
    first_id += len(folders)
    ordinal += len(folders)
    batches = [range(start, min(count, start + IMAGE_BATCH)) for start in range(0, count, IMAGE_BATCH)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(batches), 8))
    # spawned, not forked: the caller may hold threads (ONNX Runtime, Qt) that a fork would copy mid-flight
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) if workers > 1 else None
    made = pool.map(_thumbnail_batch, batches) if pool is not None else map(_thumbnail_batch, batches)
    try:
        for seeds, thumbnails in zip(batches, made, strict=True):
            file_rows, media_rows = [], []
            for number, thumbnail in zip(seeds, thumbnails, strict=True):
                file_id, entry = first_id + number, ordinal + number
                folder = folders[number // IMAGES_PER_FOLDER]
                name = f"IMG_{number:06d}.jpg"
                path = f"{folder}/{name}"
                width, height = CAMERA_SIZES[number % len(CAMERA_SIZES)]
                size = max(20_000, int(rng.lognormvariate(math.log(1_500_000), 0.6)))
                crtime = rng.randint(EPOCH_FROM, EPOCH_TO)
                file_rows.append((file_id, 1, 1, None, entry, path, name, "file", size, 0, str(entry + 16),
                                  entry + 16, None, None, _iso(crtime), _iso(min(EPOCH_TO, crtime + 3600)),
                                  _iso(crtime), _iso(crtime), "", _hex(rng, 128), _hex(rng, 160), _hex(rng, 256),
                                  "image/jpeg", 0, None, 0, "ok", None, 1, ",filetype,hash,media,", 0,
                                  folder_of(path)))
                score = round(rng.betavariate(1.2, 12), 4)
                category = "CAT-0" if score >= 0.35 else "CAT-5"
                media_rows.append((file_id, "image", width, height, "[]", "[]",
                                   json.dumps([{"label": rng.choice(("outdoor", "indoor", "landscape", "document")),
                                                "score": round(rng.uniform(0.3, 0.95), 2)}]),
                                   score, category, json.dumps(["synthetic"]), "{}", thumbnail, 1))
            with case.bulk() as connection:
                _insert(connection, "files", FILE_COLUMNS, file_rows)
                _insert(connection, "media", ("file_id", "kind", "width", "height", "faces", "detections",
                                              "context", "triage_score", "suggested_category", "reasons", "models",
                                              "thumbnail", "run_id"), media_rows)
            report("images", seeds.stop)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    with case.bulk() as connection:
        connection.exec_driver_sql("UPDATE volumes SET walk_entries = (SELECT count(*) FROM files f "
                                   "WHERE f.volume_id = volumes.id)")


def _build(case: Case, rng: random.Random, files: int, texts: int, report: Callable[[str, int], None], *,
           images: int = 0, image_rng: random.Random | None = None, jobs: int | None = None) -> None:
    now = _iso(int(time.time()))
    name = case.actor.name if case.actor else ""
    case.record("synthetic.started", {"files": files, "texts": texts, **({"images": images} if images else {})})
    with case.bulk() as connection:
        connection.exec_driver_sql(
            "INSERT INTO evidence (id, label, format, paths, size, md5, sha1, sha256, metadata, read_errors, "
            "added_at, added_by, volumes_scanned) VALUES (1, 'synthetic disk', 'ewf', ?, ?, ?, ?, ?, '{}', '[]', ?, "
            "?, 1)", (json.dumps(["/synthetic/disk.E01"]), 512 * 10**9, _hex(rng, 128), _hex(rng, 160),
                      _hex(rng, 256), now, name))
        connection.exec_driver_sql(
            "INSERT INTO volumes (id, evidence_id, partition, offset, length, description, volume_system, fs_type, "
            "status, walked, walk_problems, layers, walk_entries) VALUES "
            "(1, 1, 2, 1048576, 480000000000, 'Basic data partition', 'gpt', 'ntfs', 'ok', 1, '[]', '[]', 0), "
            "(2, 1, 3, 480001048576, 31000000000, 'Recovery', 'gpt', 'fat32', 'ok', 1, '[]', '[]', 0)")
        connection.exec_driver_sql(
            "INSERT INTO ingest_runs (id, started_at, finished_at, status, stages, jobs, counts) "
            "VALUES (1, ?, ?, 'finished', '[\"filetype\", \"hash\"]', 1, '{}')", (now, now))
    batch: list[tuple] = []
    written = 0
    analysed: list[int] = []  # image entries that get a media row
    documents: list[int] = []
    matched: list[tuple[int, str]] = []  # (file id, md5)
    for row in _file_rows(rng, files, [(1, 0.85), (2, 0.15)], 1):
        batch.append(row)
        mime = row[22] or ""
        if mime.startswith("image/") and rng.random() < 0.05:
            analysed.append(row[0])
        if mime in ("text/plain", "application/pdf", "text/html", "message/rfc822") or mime.endswith("document"):
            documents.append(row[0])
        if row[19] and rng.random() < 0.003:
            matched.append((row[0], row[19]))
        if len(batch) >= BATCH:
            with case.bulk() as connection:
                connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")  # random hashes hit every index page
                _insert(connection, "files", FILE_COLUMNS, batch)
            written += len(batch)
            batch = []
            report("files", written)
    with case.bulk() as connection:
        _insert(connection, "files", FILE_COLUMNS, batch)
        written += len(batch)
        connection.exec_driver_sql("UPDATE volumes SET walk_entries = (SELECT count(*) FROM files f "
                                   "WHERE f.volume_id = volumes.id)")
    report("files", written)
    with case.bulk() as connection:
        _hash_set(connection, rng, matched, now, name)
        _tags(connection, rng, written, now, name)
        _media(connection, rng, analysed)
    report("analysis", len(matched) + len(analysed))
    chosen = rng.sample(documents, min(texts, len(documents)))
    for start in range(0, len(chosen), 5_000):
        with case.bulk() as connection:
            _texts(connection, rng, chosen[start:start + 5_000])
        report("texts", min(len(chosen), start + 5_000))
    if images:
        _images(case, image_rng or random.Random(), images, jobs, report)
    case.record("synthetic.finished", {"files": written, "texts": len(chosen), "matches": len(matched),
                                       "media": len(analysed), **({"images": images} if images else {})})


def _hash_set(connection: Any, rng: random.Random, matched: list[tuple[int, str]], now: str, name: str) -> None:
    connection.exec_driver_sql(
        "INSERT INTO hashsets (id, name, format, source_path, source_sha256, category, known_good, entries, "
        "malformed, imported_at, imported_by) VALUES (1, 'synthetic list', 'md5', '/synthetic/list.md5', ?, NULL, "
        "0, ?, 0, ?, ?)", (_hex(rng, 256), len(matched), now, name))
    entries, rows = [], []
    for number, (file_id, md5) in enumerate(matched, start=1):
        category = rng.choice(CATEGORIES)
        entries.append((number, 1, "md5", md5, category, f"series {rng.randint(1, 40)}"))
        rows.append((number, file_id, 1, number, "md5", 0, category))
    _insert(connection, "hashset_entries", ("id", "hashset_id", "algorithm", "value", "category", "label"), entries)
    _insert(connection, "matches", ("id", "file_id", "hashset_id", "entry_id", "kind", "distance", "category"), rows)


def _tags(connection: Any, rng: random.Random, files: int, now: str, name: str) -> None:
    rows = []
    for file_id in rng.sample(range(1, files + 1), max(1, files // 1000)):
        if rng.random() < 0.6:
            rows.append((file_id, f"CAT-{rng.randint(0, 5)}", None, "", name, now))
        else:
            rows.append((file_id, None, rng.choice(("invoices", "travel", "to check", "chats of interest")), "",
                         name, now))
    _insert(connection, "tags", ("file_id", "category", "bookmark", "note", "actor", "time"), rows)


def _media(connection: Any, rng: random.Random, images: list[int]) -> None:
    thumbs = _thumbnails(8)
    rows = []
    for index, file_id in enumerate(images):
        score = round(rng.betavariate(1.2, 6), 4)
        category = "CAT-1" if score > 0.7 else "CAT-0" if score > 0.35 else "CAT-5"
        rows.append((file_id, "image", 1024, 768, "[]", "[]", json.dumps([{"label": "indoor", "score": 0.8}]),
                     score, category, json.dumps(["synthetic"]), "{}", thumbs[index % len(thumbs)]
                     if index < 500 else None, 1))
    _insert(connection, "media", ("file_id", "kind", "width", "height", "faces", "detections", "context",
                                  "triage_score", "suggested_category", "reasons", "models", "thumbnail", "run_id"),
            rows)


def _texts(connection: Any, rng: random.Random, file_ids: list[int]) -> None:
    text_rows, index_rows, entity_rows = [], [], []
    for file_id in file_ids:
        person = rng.choice(NAMES)
        email = f"{person}.{rng.choice(NAMES)}@example.org"
        phone = f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        body = " ".join(_sentence(rng) for _ in range(rng.randint(3, 30)))
        body += f" Contact {email} or {phone}. Invoice INV-{rng.randint(1000, 99999)}."
        text_rows.append((file_id, "text", "utf-8", None, len(body), 0, "", 1, "es", 0.9))
        index_rows.append((text_index_rowid(file_id, "text"), body, file_id, "text"))
        start = body.index(email)
        entity_rows.append((file_id, "text", "EMAIL", email, email, start, start + len(email), None, 1))
        start = body.index(phone)
        entity_rows.append((file_id, "text", "PHONE", phone, "+34" + phone[3:].replace(" ", ""), start,
                            start + len(phone), None, 1))
    _insert(connection, "texts", ("file_id", "source", "encoding", "pages", "chars", "encrypted", "notes", "run_id",
                                  "language", "language_confidence"), text_rows)
    _insert(connection, "text_index", ("rowid", "body", "file_id", "source"), index_rows)
    _insert(connection, "entities", ("file_id", "source", "label", "text", "normalized", "start", "end", "category",
                                     "run_id"), entity_rows)
    _insert(connection, "stage_runs", ("file_id", "stage", "status", "error", "seconds", "run_id"),
            [(file_id, "text", "ok", None, 0.01, 1) for file_id in file_ids])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--texts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--images", type=int, default=0, help="analysed pictures with thumbnails, for the gallery")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes making the thumbnails")
    args = parser.parse_args(argv)
    passphrase = os.environ.get("HEROES_PASSPHRASE", "orchid lantern benchmark passphrase")
    home = Path(os.environ.get("HEROES_HOME") or tempfile.mkdtemp(prefix="heroes-synthetic-"))
    actor = Actor("Synthetic Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, os.environ.get("HEROES_KEY_PASSPHRASE", "synthetic benchmark key, never evidence"))
    started = time.monotonic()

    def show(phase: str, done: int) -> None:
        print(f"\r{phase}: {done:,} ({time.monotonic() - started:.0f} s)", end="", file=sys.stderr, flush=True)

    case = build_synthetic_case(args.out, passphrase, actor, key, args.files, texts=args.texts, seed=args.seed,
                                images=args.images, jobs=args.jobs, progress=show)
    case.close()
    pictures = f", {args.images:,} pictures" if args.images else ""
    print(f"\n{args.out}: {args.files:,} files, {args.texts:,} texts{pictures} in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
