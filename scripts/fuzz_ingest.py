"""The hostile-evidence fuzz of issue 20: N hostile items made from real seeds, ingested with every stage in one
case, and the outcome per format.

    python scripts/fuzz_ingest.py --count 2000 --seed 1 [--out DIR] [--jobs J] [--disk-images K]

Items go into a folder evidence (``DIR/evidence``), mutated disk images each into an evidence of its own
(``DIR/images``); the case is ``DIR/case.heroes`` (passphrase below; a throw-away profile in ``DIR/home``). The
table says per format: items, ok, partial, failed with the most common reasons, the slowest item against its
budget, and for the run: crashes, items pending, items without a reason, peak memory of the worker processes,
whether the custody chain verifies and whether a second ingest changes anything. ``--json`` writes it all too.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile_mutations as mutations  # noqa: E402
import hostile_seeds as seeds  # noqa: E402

PASSPHRASE = "fuzz: correct horse battery staple of the hostile lab"
KEY_PASSPHRASE = "fuzz: key passphrase of the examiner"
P2P_FOLDERS = {"torrent": "", "resume.dat": "uTorrent", "fastresume": "BT_backup", "known.met": "eMule/config",
               "search": "eMule/config"}
GRACE_SECONDS = 5.0


@dataclass
class Planned:
    path: str  # as the case stores it: "/jpeg/00012-bit-flips.jpg" (a folder item) or the image file's name
    format: str
    mutation: str
    disk: bool = False


@dataclass
class FormatRow:
    items: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    pending: int = 0
    no_reason: int = 0
    images: int = 0  # disk images of this format (their files are the items)
    refused: int = 0  # disk images the intake refused (with why)
    reasons: collections.Counter = field(default_factory=collections.Counter)
    slowest: float = 0.0
    slowest_path: str = ""
    slowest_budget: float = 0.0
    over_budget: list[str] = field(default_factory=list)


@dataclass
class FuzzResult:
    count: int
    seed: int
    jobs: int
    formats: dict[str, FormatRow]
    crashes: list[str]
    pending: int
    no_reason: list[str]
    over_budget: list[str]
    peak_worker_mb: float
    peak_worker_process: str
    peak_main_mb: float
    memory_budget_mb: int
    custody_ok: bool
    custody_problems: list[str]
    second_ingest_same: bool
    second_ingest_changes: list[str]
    seconds_generate: float
    seconds_ingest: float
    seconds_second: float
    members: int
    summary: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        data = {key: value for key, value in self.__dict__.items() if key != "formats"}
        data["formats"] = {name: {**{key: value for key, value in row.__dict__.items() if key != "reasons"},
                                  "reasons": dict(row.reasons.most_common(10))}
                           for name, row in self.formats.items()}
        return data


# ---------------------------------------------------------------------------------------------- generation

def _mutated(seed: seeds.Seed, rng: random.Random) -> tuple[str, bytes]:
    """A mutation of ``seed``: byte-level, structured for its format, or (when the format has one) a generator."""
    structured = mutations.STRUCTURED.get(seed.format, {})
    generators = mutations.GENERATORS.get(seed.format, {})
    roll = rng.random()
    if generators and roll < 0.15:
        name = rng.choice(sorted(generators))
        return name, generators[name](rng)
    if structured and roll < 0.45:
        name = rng.choice(sorted(structured))
        return name, structured[name](seed.data, rng)
    name = rng.choice(sorted(mutations.GENERIC))
    data = mutations.GENERIC[name](seed.data, rng)
    if rng.random() < 0.15:  # two mutations stacked
        second = rng.choice(sorted(mutations.GENERIC))
        name, data = f"{name}+{second}", mutations.GENERIC[second](data or seed.data, rng)
    return name, data


def _odd_name(number: int, rng: random.Random) -> bytes:
    """File names that break name handling: not UTF-8, 255 bytes long, control characters, a lone dot."""
    return rng.choice((b"\xff\xfe-not-utf8-%d" % number, b"latin1-\xe9t\xe9-%d.txt" % number,
                       (b"%d-" % number + b"n" * 255)[:255], b"new\nline-%d.txt" % number,
                       b"tab\tand\x01ctl-%d" % number, f"rlo-\u202etxt.exe-{number}".encode()))


def generate(count: int, seed: int, out: Path, disk_images: int | None = None) -> list[Planned]:
    """Write ``count`` hostile items under ``out``: files into ``out/evidence``, disk images into ``out/images``."""
    from heroes_desktop.evidence.raw_names import printable_name

    rng = random.Random(seed)
    file_seeds = seeds.all_file_seeds(random.Random(seed))
    by_format: dict[str, list[seeds.Seed]] = collections.defaultdict(list)
    for item in file_seeds:
        by_format[item.format].append(item)
    disk = seeds.disk_seeds()
    images = disk_images if disk_images is not None else (min(40, max(1, count // 50)) if count >= 20 else 0)
    images = min(images, count)
    folder, image_folder = out / "evidence", out / "images"
    folder.mkdir(parents=True)
    image_folder.mkdir(parents=True)
    planned: list[Planned] = []
    formats = sorted(by_format)
    for number in range(count - images):
        if number % 100 == 99:  # one in a hundred: a hostile file name on a benign seed
            original = rng.choice(file_seeds)
            raw = _odd_name(number, rng)
            (folder / "names").mkdir(exist_ok=True)
            Path(os.fsdecode(os.fsencode(folder / "names") + b"/" + raw)).write_bytes(original.data)
            planned.append(Planned("/names/" + printable_name(os.fsdecode(raw)), "name", "odd-name"))
            continue
        fmt = formats[number % len(formats)] if rng.random() < 0.6 else rng.choice(formats)
        original = rng.choice(by_format[fmt])
        with warnings.catch_warnings():  # zipfile's "Duplicate name" is the point of the mutation
            warnings.simplefilter("ignore")
            mutation, data = _mutated(original, rng)
        if not data:
            data = b"\x00"
        if fmt in P2P_FOLDERS:
            relative = "/".join(part for part in ("p2p", f"{number:05d}-{mutation}", P2P_FOLDERS[fmt],
                                                  original.name) if part)
        else:
            ext = original.name.rsplit(".", 1)[-1] if "." in original.name else fmt
            if mutation == "deep-json":
                ext = "json"
            relative = f"{fmt}/{number:05d}-{mutation}.{ext}"
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        planned.append(Planned("/" + relative, fmt, mutation))
    for number in range(images):
        original = disk[number % len(disk)] if disk else None
        if original is None:
            break
        table = mutations.DISK.get(original.format, {})
        if table and rng.random() < 0.75:
            mutation = rng.choice(sorted(table))
            data = table[mutation](original.data, rng)
        else:
            mutation = rng.choice(("header-flips", "bit-flips", "truncated", "zeroed"))
            data = mutations.GENERIC[mutation](original.data, rng)
        name = f"{number:03d}-{original.format}-{mutation}-{original.name}"
        (image_folder / name).write_bytes(data or b"\x00")
        planned.append(Planned(name, f"disk:{original.format}", mutation, disk=True))
    return planned


# ------------------------------------------------------------------------------------------------- memory

class MemoryWatch(threading.Thread):
    """Polls the resident memory of this process and every descendant (the workers, Tesseract, ffmpeg)."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        import psutil

        self._psutil, self._interval = psutil, interval
        self._me = psutil.Process()
        self.peak_main = 0
        self.peak_child = 0
        self.peak_child_name = ""
        self.peak_child_cmd = ""
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.peak_main = max(self.peak_main, self._me.memory_info().rss)
                for child in self._me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                    except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                        continue
                    if rss > self.peak_child:
                        self.peak_child, self.peak_child_name = rss, child.name()
                        try:
                            self.peak_child_cmd = " ".join(child.cmdline())[:120]
                        except self._psutil.Error:
                            pass
            except self._psutil.Error:
                pass
            self._halt.wait(self._interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


# -------------------------------------------------------------------------------------------------- ingest

def _snapshot(case: Any) -> dict[int, tuple[Any, ...]]:
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, path, status, error, md5, sha256, mime, stages_done FROM files ORDER BY id").all()
    return {row[0]: tuple(row[1:]) for row in rows}


def _stage_limits() -> dict[str, float]:
    from heroes_desktop.pipeline.registry import default_registry

    return {stage.name: float(stage.limits.seconds) for stage in default_registry().select(None)}


def run_fuzz(count: int, seed: int, out: Path, jobs: int = 2, disk_images: int | None = None,
             log: Any = print) -> FuzzResult:
    """Generate, ingest with every stage, ingest again, and judge; ``out`` must not exist or be empty."""
    home = out / "home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["HEROES_HOME"] = str(home)
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.pipeline.evidence_intake import add_evidence
    from heroes_desktop.pipeline.ingest import IngestOptions, ingest

    started = time.perf_counter()
    planned = generate(count, seed, out, disk_images)
    generated = time.perf_counter() - started
    log(f"generated {len(planned)} items in {generated:.1f} s under {out}")
    actor = Actor("Fuzz Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
    case = Case.create(out / "case.heroes", PASSPHRASE, actor, key, title="Hostile evidence", number="FUZZ-1")
    crashes: list[str] = []
    refused: dict[str, str] = {}
    evidence_format: dict[int, Planned] = {}
    options = IngestOptions(jobs=jobs, stages=None)
    watch = MemoryWatch()
    watch.start()
    try:
        folder_record = add_evidence(case, out / "evidence", label="hostile files")
        for item in (p for p in planned if p.disk):
            try:
                record = add_evidence(case, out / "images" / item.path, label=item.path)
                evidence_format[record.id] = item
            except Exception as error:  # noqa: BLE001 - an image the intake refuses is an outcome, said why
                refused[item.path] = f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
        ingest_started = time.perf_counter()
        summary: Any = None
        try:
            summary = ingest(case, options)
            if summary.status != "finished":
                crashes.append(f"first ingest ended {summary.status}")
        except Exception:  # noqa: BLE001 - a run crash is exactly what the fuzz counts
            crashes.append("first ingest: " + traceback.format_exc(limit=6))
        ingested = time.perf_counter() - ingest_started
        log(f"ingested in {ingested:.1f} s: {summary.as_json() if summary else 'crashed'}")
        before = _snapshot(case)
        second_started = time.perf_counter()
        try:
            again = ingest(case, options)
            if again.status != "finished":
                crashes.append(f"second ingest ended {again.status}")
            second_items = again.items
        except Exception:  # noqa: BLE001
            crashes.append("second ingest: " + traceback.format_exc(limit=6))
            second_items = -1
        second = time.perf_counter() - second_started
        after = _snapshot(case)
    finally:
        watch.stop()
    changes = [f"file {key}: {before.get(key)} -> {after.get(key)}" for key in sorted(set(before) | set(after))
               if before.get(key) != after.get(key)]
    if second_items > 0:
        changes.insert(0, f"the second ingest processed {second_items} items")
    report = case.verify()
    result = _judge(case, planned, folder_record.id, evidence_format, refused, options, _stage_limits())
    case.close()
    result.update(count=count, seed=seed, jobs=jobs, crashes=crashes, peak_worker_mb=watch.peak_child / 2**20,
                  peak_worker_process=f"{watch.peak_child_name}: {watch.peak_child_cmd}",
                  peak_main_mb=watch.peak_main / 2**20, memory_budget_mb=options.memory_mb,
                  custody_ok=report.ok, custody_problems=[*report.problems, *([report.reason] if report.reason else [])],
                  second_ingest_same=not changes, second_ingest_changes=changes[:20], seconds_generate=generated,
                  seconds_ingest=ingested, seconds_second=second,
                  summary=summary.as_json() if summary else {})
    return FuzzResult(**result)


def _planned_from_case(case: Any) -> tuple[list[Planned], int, dict[int, Planned]]:
    """The plan read back from a case the fuzz made (for ``--resume``): formats from the folder layout and the
    disk images' labels."""
    names = {"Pictures.torrent": "torrent", "resume.dat": "resume.dat", "known.met": "known.met",
             "cancelled.met": "known.met", "AC_SearchStrings.dat": "search"}
    disks = sorted(seeds.DISK_IMAGES, key=len, reverse=True)
    planned, disk_items = [], {}
    with case.reading() as connection:
        evidence_rows = connection.exec_driver_sql("SELECT id, label FROM evidence ORDER BY id").all()
        folder_id = evidence_rows[0][0]
        paths = connection.exec_driver_sql(
            "SELECT path, name FROM files WHERE evidence_id = ? AND parent_id IS NULL AND kind = 'file'",
            (folder_id,)).all()
    for path, name in paths:
        top = path.split("/")[1]
        fmt = ("fastresume" if name.endswith(".fastresume") else names.get(name, "p2p")) if top == "p2p" \
            else "name" if top == "names" else top
        planned.append(Planned(path, fmt, path.rsplit("/", 1)[-1].split("-", 1)[-1].rsplit(".", 1)[0]))
    for evidence_id, label in evidence_rows[1:]:
        rest = label.split("-", 1)[1]
        fmt = next((key for key in disks if rest.startswith(key + "-")), rest.split("-")[0])
        item = Planned(label, f"disk:{fmt}", rest[len(fmt) + 1:].split("-")[0], disk=True)
        planned.append(item)
        disk_items[evidence_id] = item
    return planned, folder_id, disk_items


def resume_fuzz(out: Path, count: int, seed: int, jobs: int = 2, log: Any = print) -> FuzzResult:
    """Resume the ingest of a fuzz case that was interrupted (killed), then judge it as :func:`run_fuzz` does."""
    os.environ["HEROES_HOME"] = str(out / "home")
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.pipeline.ingest import IngestOptions, ingest

    from heroes_desktop.case.modes import OpenMode
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    actor = Actor("Fuzz Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(out / "home", actor.name, KEY_PASSPHRASE)
    case = Case.open(out / "case.heroes", PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key)
    planned, folder_id, disk_items = _planned_from_case(case)
    options = IngestOptions(jobs=jobs, stages=None, wait=True)
    crashes: list[str] = []
    watch = MemoryWatch()
    watch.start()
    started = time.perf_counter()
    summary: Any = None
    try:
        try:
            summary = ingest(case, options)
            if summary.status != "finished":
                crashes.append(f"resumed ingest ended {summary.status}")
        except Exception:  # noqa: BLE001
            crashes.append("resumed ingest: " + traceback.format_exc(limit=6))
        ingested = time.perf_counter() - started
        log(f"resumed in {ingested:.1f} s: {summary.as_json() if summary else 'crashed'}")
        before = _snapshot(case)
        second_started = time.perf_counter()
        again = ingest(case, options)
        second, after = time.perf_counter() - second_started, _snapshot(case)
    finally:
        watch.stop()
    changes = [f"file {key}: {before.get(key)} -> {after.get(key)}" for key in sorted(set(before) | set(after))
               if before.get(key) != after.get(key)]
    if again.items > 0:
        changes.insert(0, f"the second ingest processed {again.items} items")
    report = case.verify()
    result = _judge(case, planned, folder_id, disk_items, {}, options, _stage_limits())
    case.close()
    result.update(count=count, seed=seed, jobs=jobs, crashes=crashes, peak_worker_mb=watch.peak_child / 2**20,
                  peak_worker_process=f"{watch.peak_child_name}: {watch.peak_child_cmd}",
                  peak_main_mb=watch.peak_main / 2**20, memory_budget_mb=options.memory_mb,
                  custody_ok=report.ok, custody_problems=[*report.problems, *([report.reason] if report.reason else [])],
                  second_ingest_same=not changes, second_ingest_changes=changes[:20], seconds_generate=0.0,
                  seconds_ingest=ingested, seconds_second=second, summary=summary.as_json() if summary else {})
    return FuzzResult(**result)


def _judge(case: Any, planned: list[Planned], folder_id: int, evidence_format: dict[int, Planned],
           refused: dict[str, str], options: Any, limits: dict[str, float]) -> dict[str, Any]:
    from heroes_desktop.pipeline.item_budget import item_seconds
    from heroes_desktop.pipeline.registry import default_registry

    by_path = {item.path: item for item in planned if not item.disk}
    formats: dict[str, FormatRow] = collections.defaultdict(FormatRow)
    with case.reading() as connection:
        rows = connection.exec_driver_sql(
            "SELECT id, evidence_id, path, kind, size, status, error, parent_id, name, mime FROM files").all()
        runs = connection.exec_driver_sql("SELECT file_id, stage, status, error, seconds FROM stage_runs").all()
        volume_rows = connection.exec_driver_sql("SELECT evidence_id, status, error FROM volumes").all()
    seconds: dict[int, float] = collections.defaultdict(float)
    over: list[str] = []
    sizes = {row[0]: row[4] or 0 for row in rows}
    for file_id, stage, _status, _error, spent in runs:
        seconds[file_id] += spent or 0.0
        allowed = limits.get(stage, 0.0) + sizes.get(file_id, 0) / options.min_rate  # its allowance + reading
        if spent and stage in limits and spent > allowed + GRACE_SECONDS:
            over.append(f"file {file_id} stage {stage}: {spent:.1f} s > {allowed:.0f} s + {GRACE_SECONDS:.0f}")
    pending = 0
    no_reason: list[str] = []
    members = 0
    paths = {row[0]: row[2] for row in rows}
    stages = default_registry().select(None)
    for file_id, evidence_id, path, kind, size, status, error, parent_id, name, mime in rows:
        if parent_id is not None:
            members += 1
        if status == "pending":
            pending += 1
        if status in ("failed", "partial") and not error:
            no_reason.append(f"{path} ({status})")
        if evidence_id == folder_id:
            item = by_path.get(path)
            if item is None or parent_id is not None:
                continue
            row = formats[item.format]
        else:
            image = evidence_format.get(evidence_id)
            if image is None or kind not in ("file", "virtual", "stream"):
                continue
            row = formats[image.format]
        row.items += 1
        if status in ("ok", "partial", "failed", "pending"):
            setattr(row, status, getattr(row, status) + 1)
        if status in ("failed", "partial"):
            row.reasons[_reason(error)] += 1
        if not error and status in ("failed", "partial"):
            row.no_reason += 1
        budget = item_seconds(SimpleNamespace(kind=kind, size=size or 0, mime=mime, name=name, path=path), stages,
                              options.seconds_base, options.min_rate)  # what the pool's watchdog gave it
        spent = seconds.get(file_id, 0.0)
        if spent > row.slowest:
            row.slowest, row.slowest_path, row.slowest_budget = spent, path, budget
        if spent > budget + GRACE_SECONDS:
            row.over_budget.append(f"{path}: {spent:.1f} s > {budget:.0f} s + {GRACE_SECONDS:.0f}")
            over.append(row.over_budget[-1])
    for item in planned:
        if item.disk:
            formats[item.format].images += 1
    for evidence_id, status, error in volume_rows:  # a disk image's volumes: walked, or why not
        image = evidence_format.get(evidence_id)
        if image is not None and (status != "ok" or error):
            formats[image.format].reasons[f"volume {status}: {_reason(error)}"] += 1
    for name, why in refused.items():
        fmt = next(item.format for item in planned if item.disk and item.path == name)
        formats[fmt].refused += 1
        formats[fmt].reasons[f"intake refused: {why.split(':')[0]}"] += 1
    return {"formats": dict(sorted(formats.items())), "pending": pending, "no_reason": no_reason,
            "over_budget": over, "members": members}


def _reason(error: str | None) -> str:
    """A reason's gist for counting: the stage and the first words of why, numbers left out."""
    if not error:
        return "(no reason)"
    first = error.split(";")[0].strip()
    return re.sub(r"(?<![A-Za-z])\d+", "#", first)[:70]


# --------------------------------------------------------------------------------------------------- table

def table(result: FuzzResult) -> str:
    lines = [f"hostile-evidence fuzz: {result.count} items, seed {result.seed}, jobs {result.jobs}; "
             f"generated in {result.seconds_generate:.0f} s, ingested in {result.seconds_ingest:.0f} s, "
             f"second ingest {result.seconds_second:.0f} s; {result.members} container members",
             f"{'format':<14}{'items':>6}{'ok':>6}{'part':>6}{'fail':>6}{'pend':>5}{'slowest s':>10}{'budget':>8}"
             "  most common reasons (partial/failed)"]
    for name, row in result.formats.items():
        reasons = ", ".join(f"{why} x{n}" for why, n in row.reasons.most_common(2))
        refused = f" [{row.images} images, {row.refused} refused]" if row.images else ""
        lines.append(f"{name:<14}{row.items:>6}{row.ok:>6}{row.partial:>6}{row.failed:>6}{row.pending:>5}"
                     f"{row.slowest:>10.1f}{row.slowest_budget:>8.0f}  {reasons[:110]}{refused}")
    total = FormatRow()
    for row in result.formats.values():
        for key in ("items", "ok", "partial", "failed", "pending"):
            setattr(total, key, getattr(total, key) + getattr(row, key))
    lines.append(f"{'total':<14}{total.items:>6}{total.ok:>6}{total.partial:>6}{total.failed:>6}{total.pending:>5}")
    lines += [f"run crashes: {len(result.crashes)}" + "".join(f"\n  {c}" for c in result.crashes),
              f"items pending: {result.pending}; failed/partial without a reason: {len(result.no_reason)}",
              f"over the time budget (+{GRACE_SECONDS:.0f} s): {len(result.over_budget)}"
              + "".join(f"\n  {o}" for o in result.over_budget[:10]),
              f"peak memory: workers {result.peak_worker_mb:.0f} MiB (budget {result.memory_budget_mb} MiB each; "
              f"{result.peak_worker_process[:60]}), "
              f"main process {result.peak_main_mb:.0f} MiB",
              f"custody chain verifies: {result.custody_ok}" + (f" ({result.custody_problems[:3]})"
                                                                if not result.custody_ok else ""),
              f"a second ingest changes nothing: {result.second_ingest_same}"
              + "".join(f"\n  {c}" for c in result.second_ingest_changes[:5])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, help="folder for the items and the case (default: a new one in /tmp)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--disk-images", type=int, help="how many of the items are mutated disk images")
    parser.add_argument("--json", type=Path, help="also write the result here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the items and the case (default: removed)")
    parser.add_argument("--resume", action="store_true",
                        help="resume the interrupted ingest of the fuzz case in --out, then judge it")
    args = parser.parse_args(argv)
    if args.resume:
        result = resume_fuzz(args.out, args.count, args.seed, args.jobs)
        print(table(result))
        if args.json:
            args.json.write_text(json.dumps(result.as_json(), indent=1, default=str))
        return 1 if result.crashes or result.pending or result.no_reason or not result.custody_ok else 0
    out = args.out or Path(tempfile.mkdtemp(prefix="heroes-fuzz-"))
    if out.exists() and any(out.iterdir()):
        print(f"{out} is not empty", file=sys.stderr)
        return 2
    try:
        result = run_fuzz(args.count, args.seed, out, args.jobs, args.disk_images)
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result.as_json(), indent=1, default=str))
    bad = result.crashes or result.pending or result.no_reason or not result.custody_ok \
        or not result.second_ingest_same
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
