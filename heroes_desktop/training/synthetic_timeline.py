"""Synthetic dated files for scale tests and the GUI benchmark: ``files`` file entries, each with its four file-system
times (created, modified, accessed, changed) and, for a share of them, a date the item states about itself (an
e-mail Date, a document's creation, an EXIF time), written straight into ``files`` and ``file_dates`` in one
transaction through ``Case.bulk()``. 250,000 files make a timeline of a million events and more.

Activity in a real case comes in bursts (a week of downloads, an evening of photographs) over a quiet background,
so most times here fall in a few dozen bursts of hours to days, the rest evenly; each file is created, then
modified, then read, and a tenth of the times carry a fraction of a second, as NTFS writes them. The names are
plainly synthetic (``/synthetic/timeline/f0000042.dat``); nothing is read from or resembles real data.

The files hang off a synthetic evidence item and volume of their own; the build is bracketed by
``synthetic.started`` / ``synthetic.finished`` custody events, as an ingest brackets its bulk results.
Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import UsageError
from heroes_desktop.timeline.events import seconds_of

BATCH_ROWS = 50_000
DEFAULT_START = "2019-01-01T00:00:00Z"
DEFAULT_END = "2025-01-01T00:00:00Z"
BURSTS = 40
BURST_SHARE = 0.7
FRACTION_SHARE = 0.1
ITEM_DATE_KINDS = ("email-date", "doc-created", "exif-taken")
FILES_PER_FOLDER = 1000
BUILD_CACHE_KIB = 256 * 1024  # the writer's page cache while building: the indexes stay in memory


def _iso(seconds: float, fraction: bool) -> str:
    whole = int(seconds)
    year, month, day, hour, minute, second = time.gmtime(whole)[:6]
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    if fraction:
        micro = int((seconds - whole) * 1_000_000)
        if micro:
            text += f".{micro:06d}".rstrip("0")
    return text + "Z"


def _moment(rng: random.Random, low: float, high: float, bursts: list[tuple[float, float]]) -> float:
    """A creation time: in one of the bursts (centre, spread) mostly, else anywhere in [low, high)."""
    if rng.random() < BURST_SHARE:
        centre, spread = bursts[rng.randrange(len(bursts))]
        moment = rng.gauss(centre, spread)
        if low <= moment < high:
            return moment
    return rng.uniform(low, high)


def _file_times(rng: random.Random, low: float, high: float,
                bursts: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(crtime, mtime, atime, ctime): created, modified hours to weeks later, read later still, changed with
    the modification; none after ``high``."""
    created = _moment(rng, low, high, bursts)
    modified = min(high - 1, created + rng.expovariate(1 / (3 * 86_400)))
    accessed = min(high - 1, modified + rng.expovariate(1 / (10 * 86_400)))
    changed = min(high - 1, modified + rng.uniform(0, 2))
    return created, modified, accessed, changed


def add_synthetic_times(case: Case, files: int, seed: int = 11, *, start: str = DEFAULT_START,
                        end: str = DEFAULT_END, dated_share: float = 0.2) -> dict[str, Any]:
    """Add ``files`` synthetic dated files to ``case`` (read-write): four file-system times each in [start, end)
    and, for ``dated_share`` of them, one item date. Returns the counts: ``files``, ``item_dates``, ``events``
    (every timeline event written), ``evidence_id``, ``seconds`` (how long the build took)."""
    if files < 1:
        raise UsageError(f"at least one synthetic file, not {files}")
    if not 0.0 <= dated_share <= 1.0:
        raise UsageError(f"the share of files with an item date is between 0 and 1, not {dated_share}")
    low, high = seconds_of(start), seconds_of(end)
    if high <= low + 86_400:
        raise UsageError("the synthetic timeline spans more than a day")
    began = time.perf_counter()
    rng = random.Random(seed)
    bursts = [(rng.uniform(low, high), rng.choice((3_600.0, 6 * 3_600.0, 86_400.0, 3 * 86_400.0)))
              for _ in range(BURSTS)]
    case.record("synthetic.started", {"what": "timeline", "files": files, "seed": seed, "start": start,
                                      "end": end, "dated_share": dated_share})
    now = utc_now_iso()
    examiner = case.actor.name if case.actor else ""
    with case.bulk() as connection:
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")  # four time indexes in random order
        try:
            evidence_id, dates_written = _build(connection, rng, files, low, high, bursts, dated_share, now,
                                                examiner)
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
    summary = {"files": files, "item_dates": dates_written, "events": 4 * files + dates_written,
               "evidence_id": evidence_id, "seed": seed, "start": start, "end": end,
               "seconds": round(time.perf_counter() - began, 2)}
    case.record("synthetic.finished", {key: value for key, value in summary.items() if key != "seconds"})
    return summary


def _build(connection: Any, rng: random.Random, files: int, low: float, high: float,
           bursts: list[tuple[float, float]], dated_share: float, now: str, examiner: str) -> tuple[int, int]:
    """The evidence item, its volume, the files and their item dates: (evidence id, item dates written)."""
    evidence_id = int(connection.exec_driver_sql(
        "INSERT INTO evidence (label, format, paths, metadata, read_errors, added_at, added_by, "
        "volumes_scanned) VALUES ('synthetic timeline', 'folder', ?, '{}', '[]', ?, ?, 1)",
        (json.dumps(["/synthetic/timeline"]), now, examiner)).lastrowid)
    volume_id = connection.exec_driver_sql(
        "INSERT INTO volumes (evidence_id, offset, length, description, status, walked, walk_problems, layers, "
        "walk_entries) VALUES (?, 0, 0, 'synthetic timeline folder', 'ok', 1, '[]', '[]', ?)",
        (evidence_id, files)).lastrowid
    first = int(connection.exec_driver_sql("SELECT coalesce(max(id), 0) + 1 FROM files").scalar_one())
    rows: list[tuple[Any, ...]] = []
    dates: list[tuple[Any, ...]] = []
    written = 0
    for number in range(files):
        file_id = first + number
        fraction = rng.random() < FRACTION_SHARE
        created, modified, accessed, changed = _file_times(rng, low, high, bursts)
        folder = f"/synthetic/timeline/d{number // FILES_PER_FOLDER:04d}"
        name = f"f{number:07d}.dat"
        rows.append((file_id, evidence_id, volume_id, number, f"{folder}/{name}", name, "file",
                     rng.randrange(100, 5_000_000), 0, 0, "ok", folder, "application/octet-stream",
                     _iso(modified, fraction), _iso(accessed, fraction), _iso(changed, fraction),
                     _iso(created, fraction)))
        if rng.random() < dated_share:
            kind = ITEM_DATE_KINDS[rng.randrange(len(ITEM_DATE_KINDS))]
            stated = max(low, created - rng.uniform(0, 30 * 86_400))
            dates.append((file_id, kind, _iso(stated, False), "synthetic", 0))
        if len(rows) >= BATCH_ROWS:
            written += _write(connection, rows, dates)
            rows, dates = [], []
    return evidence_id, written + _write(connection, rows, dates)


def _write(connection: Any, rows: list[tuple[Any, ...]], dates: list[tuple[Any, ...]]) -> int:
    if rows:
        connection.exec_driver_sql(
            "INSERT INTO files (id, evidence_id, volume_id, ordinal, path, name, kind, size, deleted, realloc, "
            "status, folder, mime, mtime, atime, ctime, crtime) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    if dates:
        connection.exec_driver_sql(
            "INSERT INTO file_dates (file_id, kind, time, source, assumed_utc) VALUES (?, ?, ?, ?, ?)", dates)
    return len(dates)


__all__ = ["add_synthetic_times"]
