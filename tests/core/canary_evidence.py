"""Evidence that carries one canary string in every form a stage reads: a text file, a picture of the words (for
OCR), a WAL-mode SQLite database whose row with the canary is still only in its -wal, a PDF, and a video (the
canary in bytes after the end of the AVI, which FFmpeg ignores but a copy of the file carries)."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from pathlib import Path

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def new_canary(seed: int | None = None) -> str:
    """Two words of capitals, fresh for each run, so that an old run's leftovers are not taken for this one's."""
    rng = random.Random(seed)
    return "CANARY " + "".join(rng.choice("BCDFGHJKLMNPRSTVWXZ") for _ in range(8))


def _picture(path: Path, canary: str, noise_side: int) -> None:
    """The canary in big letters above a patch of noise that keeps Tesseract busy for a while."""
    width = max(1400, noise_side)
    image = Image.new("L", (width, 200 + noise_side), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 72) if Path(FONT).exists() else ImageFont.load_default(size=72)
    draw.text((40, 50), canary, fill=0, font=font)
    if noise_side:
        rng = random.Random(7)
        image.paste(Image.frombytes("L", (noise_side, noise_side), rng.randbytes(noise_side * noise_side)), (0, 200))
    image.save(path)


def _database(path: Path, canary: str, rows: int) -> None:
    """A WAL-mode database: many ordinary rows checkpointed, the canary's row only in the -wal (left unmerged)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.executemany("INSERT INTO notes (body) VALUES (?)",
                           ((f"ordinary note {n} about the weather and the shopping list",) for n in range(rows)))
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("INSERT INTO notes (body) VALUES (?)", (f"meet at the usual place {canary}",))
    connection.commit()
    # as a crashed app leaves them: the file and its -wal copied before the close would checkpoint and delete it
    main, wal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    connection.close()
    path.write_bytes(main)
    Path(f"{path}-wal").write_bytes(wal)
    Path(f"{path}-shm").unlink(missing_ok=True)


def _pdf(path: Path, canary: str) -> None:
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text((72, 72), f"Minutes of the meeting. {canary}", fontsize=14)
        document.save(path)


def _video(path: Path, canary: str, frames: int) -> None:
    """A minute of a ball moving (long enough that FFmpeg reads its copy for a while), the canary after its end."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 240))
    for frame_number in range(frames):
        frame = np.full((240, 320, 3), 40, np.uint8)
        cv2.circle(frame, (20 + (4 * frame_number) % 280, 120), 15, (0, 200, 255), -1)
        writer.write(frame)
    writer.release()
    with path.open("ab") as file:
        file.write(f"trailing note {canary}".encode())


def make_evidence(folder: Path, canary: str, *, noise_side: int = 0, rows: int = 2000, frames: int = 30) -> Path:
    """The canary evidence in ``folder`` (made); returns the folder."""
    folder.mkdir(parents=True)
    (folder / "letter.txt").write_text(f"Dear friend,\nthe word is {canary}.\n", encoding="utf-8")
    _picture(folder / "scan.png", canary, noise_side)
    _database(folder / "chat.sqlite", canary, rows)
    _pdf(folder / "minutes.pdf", canary)
    _video(folder / "clip.avi", canary, frames)
    return folder


def forms(canary: str) -> list[bytes]:
    """The byte forms searched for: UTF-8, UTF-16 (both orders), and the distinctive half on its own."""
    distinctive = canary.split()[-1]
    return [text.encode(encoding) for text in (canary, distinctive) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


def files_holding(roots: list[Path], canary: str, *, skip: tuple[Path, ...] = (), since: float | None = None,
                  max_bytes: int = 512 * 2**20) -> list[str]:
    """Every file under ``roots`` (not under ``skip``; changed at or after ``since`` when given) whose bytes hold the
    canary in one of its forms. Files that vanish or cannot be read while this looks are passed over."""
    wanted = forms(canary)
    skipped = [os.path.realpath(path) for path in skip]
    found = []
    for root in roots:
        for folder, _dirs, names in os.walk(root, onerror=lambda error: None):
            if any(folder == s or folder.startswith(s + os.sep) for s in skipped):
                continue
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                        continue
                    if since is not None and max(info.st_mtime, info.st_ctime) < since:
                        continue
                    with open(path, "rb") as file:
                        data = file.read()
                except OSError:
                    continue
                if any(form in data for form in wanted):
                    found.append(path)
    return found


