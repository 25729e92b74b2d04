#!/usr/bin/env python3
"""Benchmark: how fast does ``heroes ingest`` process an ext4 image, measured against plain hashing?

What it measures, and why
-------------------------
The ingest pipeline reads every file's bytes out of a disk image (through The Sleuth Kit, in worker processes),
hashes them (MD5 + SHA-1 + SHA-256 + ED2K in one pass), identifies their type and commits the results to the encrypted
case. The floor for that work on a given machine is "read every byte once and hash it". So this script builds
a deterministic ext4 image of mixed files (without mounting anything: ``mke2fs -d``), then, in one process and on
the same warm page cache:

1. reference: reads every generated source file once with 1 MiB reads into
   :class:`heroes_desktop.core.hashing.MultiHasher` (single process, single pass) and times it, then again without
   the ED2K hash (what evidence add computes, and what the ED2K hash costs);
2. evidence add: ``add_evidence`` hashes the whole image once, MD5 + SHA-1 + SHA-256 (timed separately);
3. ingest: ``ingest`` with ``--jobs`` workers over the whole image.

Figures are reported as ratios against the reference measured in the same run, so they compare across machines:
ingest throughput (content bytes/s) / reference throughput, files per second, evidence-add throughput / reference
without ED2K,
and peak memory (this process plus all its descendants, sampled with psutil every 0.2 s). ``--scale`` runs the
benchmark at a quarter of the size and at the full size, each in a fresh process, to show whether peak memory
grows with the image.

Page cache: nothing is dropped. The source files and the image were just written (and synced, so write-back does
not run during the timed parts), so every measured read is warm (the machine needs RAM for about twice
``--size-mib``); the figures compare CPU and pipeline cost, not disk speed. Timings on a shared virtual machine vary
by up to a quarter from run to run; compare ratios from several runs.

``--entries N`` measures the walk alone on a file system of N empty files (``mke2fs -d`` of 1,000 folders, nothing
mounted): walk entries per second through the pipeline (worker walk in batches, committed to the encrypted case)
against a bare pytsk3 walk of the same image in this process, and the peak RSS of every process during the walk.
The files are empty so that no item work follows the walk; the ingest is cancelled once the walk is done.

Usage::

    .venv/bin/python scripts/bench_ingest.py [--size-mib 1024] [--seed 1] [--jobs N] [--json] [--scale] [--keep]
    .venv/bin/python scripts/bench_ingest.py --entries 1000000 [--jobs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

MiB = 2**20
KiB = 2**10
READ_SIZE = 1 * MiB
WRITE_CHUNK = 8 * MiB
MIN_SIZE_MIB = 96  # at 64 MiB, mke2fs -d runs out of blocks for 87 % content
CONTENT_SHARE = 0.87  # of the image size; the rest is ext4 metadata, journal and free space
LARGE_SHARE, MEDIUM_SHARE = 0.50, 0.25  # of the content; small files take the rest
TEXT_SHARE = 0.12  # of the small files
WORDS = ("evidence", "custody", "device", "record", "message", "contact", "account", "session", "backup",
         "report", "invoice", "meeting", "travel", "archive", "network", "address", "payment", "schedule",
         "the", "and", "of", "to", "in", "on", "at", "with", "from", "by", "for", "is", "was", "not")


# ------------------------------------------------------------------------------------------------ the image

@dataclass(frozen=True)
class FilePlan:
    path: str  # relative to the source folder, "/"-separated
    size: int
    text: bool
    seed: int


def _sizes(rng: random.Random, budget: int, low: int, high: int) -> list[int]:
    """Random sizes in [low, high] adding up to about ``budget`` (the last one is trimmed to fit)."""
    sizes: list[int] = []
    while budget > 0:
        size = min(rng.randint(low, high), budget)
        if size < low and sizes:  # a tail too small for this class: spread it over the previous one
            sizes[-1] += size
            break
        sizes.append(size)
        budget -= size
    return sizes


def plan_files(size_mib: int, seed: int) -> list[FilePlan]:
    """The deterministic list of files for an image of ``size_mib`` MiB: small, medium and large."""
    rng = random.Random(seed)
    content = int(size_mib * MiB * CONTENT_SHARE)
    large = _sizes(rng, int(content * LARGE_SHARE), 50 * MiB, 200 * MiB)
    medium = _sizes(rng, int(content * MEDIUM_SHARE), 1 * MiB, 8 * MiB)
    small = _sizes(rng, content - sum(large) - sum(medium), 1 * KiB, 64 * KiB)
    plans = [FilePlan(f"large/blob_{i:02d}.bin", size, False, rng.getrandbits(64)) for i, size in enumerate(large)]
    plans += [FilePlan(f"media/part_{i:04d}.dat", size, False, rng.getrandbits(64)) for i, size in enumerate(medium)]
    for i, size in enumerate(small):
        folder = f"docs/d{rng.randrange(8)}/s{rng.randrange(8)}/t{rng.randrange(4)}"
        text = rng.random() < TEXT_SHARE
        name = f"note_{i:05d}.{rng.choice(('txt', 'log', 'csv'))}" if text else f"item_{i:05d}.bin"
        plans.append(FilePlan(f"{folder}/{name}", size, text, rng.getrandbits(64)))
    return plans


def _text_bytes(rng: random.Random, size: int) -> bytes:
    out = bytearray()
    while len(out) < size:
        out += (" ".join(rng.choices(WORDS, k=12)) + "\n").encode("ascii")
    return bytes(out[:size])


def write_file(root: Path, plan: FilePlan) -> None:
    target = root / plan.path
    target.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(plan.seed)
    with open(target, "wb") as handle:
        if plan.text:
            handle.write(_text_bytes(rng, plan.size))
            return
        left = plan.size
        while left > 0:
            handle.write(rng.randbytes(min(WRITE_CHUNK, left)))
            left -= min(WRITE_CHUNK, left)


def build_image(work: Path, size_mib: int, seed: int) -> tuple[Path, Path, list[FilePlan], float]:
    """Generate the source folder and ``mke2fs -d`` it into an ext4 image; returns (source, image, plans, s)."""
    source, image = work / "src", work / "bench.ext4"
    plans = plan_files(size_mib, seed)
    started = time.perf_counter()
    for plan in plans:
        write_file(source, plan)
    mke2fs = shutil.which("mke2fs") or "/usr/sbin/mke2fs"
    command = [mke2fs, "-q", "-t", "ext4", "-d", str(source), str(image), f"{size_mib}M"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"mke2fs failed (exit {done.returncode}): {' '.join(command)}\n{done.stderr.strip()}")
    os.sync()  # write back the dirty pages now, not during the timed runs (they stay cached: reads are warm)
    return source, image, plans, time.perf_counter() - started


# ------------------------------------------------------------------------------------------ measurements

class PeakMemory:
    """Samples the RSS of this process plus all its descendants every ``interval`` s; keeps the peaks."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_total = self.peak_main = self.peak_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._me = psutil.Process()

    def __enter__(self) -> PeakMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        main = self._me.memory_info().rss
        children = 0
        for child in self._me.children(recursive=True):
            try:
                children += child.memory_info().rss
            except psutil.Error:  # a worker that ended between listing and reading
                continue
        self.peak_main = max(self.peak_main, main)
        self.peak_children = max(self.peak_children, children)
        self.peak_total = max(self.peak_total, main + children)


def reference_hash(source: Path, plans: list[FilePlan], ed2k: bool = True) -> tuple[int, float, dict[str, str]]:
    """Read every source file once, 1 MiB at a time, into one MultiHasher each: (bytes, seconds, sha256 by path)."""
    from heroes_desktop.core.hashing import MultiHasher

    total, digests = 0, {}
    started = time.perf_counter()
    for plan in plans:
        hasher = MultiHasher(ed2k=ed2k)
        with open(source / plan.path, "rb", buffering=0) as handle:
            while chunk := handle.read(READ_SIZE):
                hasher.update(chunk)
        total += hasher.size
        digests["/" + plan.path] = hasher.hexdigests()["sha256"]
    return total, time.perf_counter() - started, digests


@dataclass
class IngestRun:
    add_seconds: float = 0.0
    ingest_seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)
    add_peak: PeakMemory | None = None
    ingest_peak: PeakMemory | None = None
    mismatches: int = 0
    checked: int = 0
    case_bytes: int = 0


def run_ingest(work: Path, image: Path, jobs: int, reference: dict[str, str],
               stages: tuple[str, ...] | None = None) -> IngestRun:
    """Create an encrypted case, add the image as evidence and ingest it, timing and sampling memory."""
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.pipeline.evidence_intake import add_evidence
    from heroes_desktop.pipeline.ingest import IngestOptions, ingest

    actor = Actor("Bench Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, "bench-key-passphrase")
    case = Case.create(work / "bench.case", "bench-case-passphrase", actor, key, title="bench")
    run = IngestRun()
    try:
        with PeakMemory() as run.add_peak:
            started = time.perf_counter()
            add_evidence(case, image)
            run.add_seconds = time.perf_counter() - started
        with PeakMemory() as run.ingest_peak:
            started = time.perf_counter()
            summary = ingest(case, IngestOptions(jobs=jobs, stages=stages))
            run.ingest_seconds = time.perf_counter() - started
        run.summary = summary.as_json()
        run.checked, run.mismatches = check_hashes(case, reference)
    finally:
        case.close()
    run.case_bytes = (work / "bench.case").stat().st_size
    return run


def check_hashes(case: Any, reference: dict[str, str]) -> tuple[int, int]:
    """Compare the SHA-256 the ingest stored for each generated file with the reference's: (checked, mismatches)."""
    from sqlalchemy import select

    from heroes_desktop.case.schema import files

    with case.reading() as connection:
        stored = dict(connection.execute(select(files.c.path, files.c.sha256).where(files.c.parent_id.is_(None))).all())
    mismatches = sum(1 for path, digest in reference.items() if stored.get(path) != digest)
    return len(reference), mismatches


# ----------------------------------------------------------------------------------------------- one run

def bench(size_mib: int, seed: int, jobs: int, tmp_dir: str | None, keep: bool,
          stages: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Build, measure the reference, add and ingest; return the figures as a flat dict."""
    work = Path(tempfile.mkdtemp(prefix="heroes-bench-", dir=tmp_dir))
    os.environ["HEROES_HOME"] = str(work / "profile")  # before the program is imported or used
    try:
        source, image, plans, build_seconds = build_image(work, size_mib, seed)
        image_bytes = image.stat().st_size
        ref_bytes, ref_seconds, reference = reference_hash(source, plans)
        _, plain_seconds, _ = reference_hash(source, plans, ed2k=False)
        run = run_ingest(work, image, jobs, reference, stages)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    result = figures(size_mib, seed, jobs, image_bytes=image_bytes, plans=plans,
                     build_seconds=build_seconds, ref_bytes=ref_bytes, ref_seconds=ref_seconds,
                     plain_seconds=plain_seconds, run=run)
    result["kept"] = str(work) if keep else None
    return result


def figures(size_mib: int, seed: int, jobs: int, *, image_bytes: int, plans: list[FilePlan], build_seconds: float,
            ref_bytes: int, ref_seconds: float, plain_seconds: float, run: IngestRun) -> dict[str, Any]:
    assert run.add_peak is not None and run.ingest_peak is not None
    summary = run.summary
    ref_rate = ref_bytes / ref_seconds
    plain_rate = ref_bytes / plain_seconds  # without ED2K
    ingest_rate = summary["bytes"] / run.ingest_seconds
    add_rate = image_bytes / run.add_seconds
    return {
        "size_mib": size_mib, "seed": seed, "jobs": jobs, "cpu_count": os.cpu_count(),
        "image_bytes": image_bytes, "generated_files": len(plans), "content_bytes": ref_bytes,
        "content_share": ref_bytes / image_bytes, "build_seconds": build_seconds,
        "reference_seconds": ref_seconds, "reference_mib_s": ref_rate / MiB,
        "reference_without_ed2k_mib_s": plain_rate / MiB, "ed2k_share_of_reference": 1 - plain_seconds / ref_seconds,
        "evidence_add_seconds": run.add_seconds, "evidence_add_mib_s": add_rate / MiB,
        "evidence_add_ratio": add_rate / plain_rate,
        "ingest_seconds": run.ingest_seconds, "ingest_summary_seconds": summary["seconds"],
        "ingest_bytes": summary["bytes"], "ingest_items": summary["items"], "ingest_status": summary["status"],
        "ingest_mib_s": ingest_rate / MiB, "ingest_ratio": ingest_rate / ref_rate,
        "files_per_second": summary["items"] / run.ingest_seconds,
        "counts": summary["counts"], "failed": summary["counts"].get("failed", 0),
        "hash_checked": run.checked, "hash_mismatches": run.mismatches, "case_file_bytes": run.case_bytes,
        "peak_rss_mib": run.ingest_peak.peak_total / MiB,
        "peak_rss_main_mib": run.ingest_peak.peak_main / MiB,
        "peak_rss_children_mib": run.ingest_peak.peak_children / MiB,
        "evidence_add_peak_rss_mib": run.add_peak.peak_total / MiB,
        "ru_maxrss_self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KiB,
    }


def print_human(f: dict[str, Any]) -> None:
    ref = f"reference {f['reference_mib_s']:.1f} MiB/s"
    print(f"image: {f['size_mib']} MiB ext4, {f['generated_files']} files, {f['content_bytes'] / MiB:.1f} MiB "
          f"content ({f['content_share']:.0%} of the image), built in {f['build_seconds']:.1f} s, seed {f['seed']}")
    print(f"reference single-pass MD5+SHA-1+SHA-256+ED2K: {f['reference_mib_s']:.1f} MiB/s "
          f"({f['content_bytes'] / MiB:.1f} MiB in {f['reference_seconds']:.2f} s, one process); without ED2K "
          f"{f['reference_without_ed2k_mib_s']:.1f} MiB/s (ED2K: {f['ed2k_share_of_reference']:.0%} of the time)")
    print(f"ingest throughput ratio: {f['ingest_ratio']:.2f} ({f['ingest_mib_s']:.1f} MiB/s vs {ref})")
    print(f"ingest: {f['ingest_bytes'] / MiB:.1f} MiB of content in {f['ingest_seconds']:.2f} s (summary says "
          f"{f['ingest_summary_seconds']:.2f} s), jobs {f['jobs']} of {f['cpu_count']} CPUs, "
          f"status {f['ingest_status']}")
    print(f"files per second: {f['files_per_second']:.1f} ({f['ingest_items']} items)")
    print(f"evidence-add throughput ratio: {f['evidence_add_ratio']:.2f} ({f['evidence_add_mib_s']:.1f} MiB/s vs "
          f"{f['reference_without_ed2k_mib_s']:.1f} MiB/s, the reference without ED2K); whole image hashed in "
          f"{f['evidence_add_seconds']:.2f} s")
    print(f"peak memory during ingest: {f['peak_rss_mib']:.1f} MiB (main {f['peak_rss_main_mib']:.1f} MiB + "
          f"workers {f['peak_rss_children_mib']:.1f} MiB, peaks taken separately); "
          f"during evidence add: {f['evidence_add_peak_rss_mib']:.1f} MiB")
    print(f"files in case: {f['counts'].get('files', 0)}, failed: {f['failed']}, counts: {f['counts']}")
    print(f"hash check: {f['hash_mismatches']} of {f['hash_checked']} generated files differ from the reference; "
          f"case file {f['case_file_bytes'] / MiB:.1f} MiB")
    if f["kept"]:
        print(f"kept: {f['kept']}")


# ---------------------------------------------------------------------------------------------- --scale

def scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run at a quarter of the size and at the size, each in a fresh process, and compare peak memory."""
    results = []
    for size in (max(args.size_mib // 4, MIN_SIZE_MIB), args.size_mib):
        command = [sys.executable, str(Path(__file__).resolve()), "--size-mib", str(size), "--seed", str(args.seed),
                   "--jobs", str(args.jobs), "--json"] + (["--tmp-dir", args.tmp_dir] if args.tmp_dir else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"run at {size} MiB failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def print_scale(results: list[dict[str, Any]]) -> None:
    for f in results:
        print(f"size {f['size_mib']:>6} MiB, {f['generated_files']:>6} files: peak memory {f['peak_rss_mib']:.1f} "
              f"MiB (main {f['peak_rss_main_mib']:.1f} + workers {f['peak_rss_children_mib']:.1f}); "
              f"ingest ratio {f['ingest_ratio']:.2f}, {f['files_per_second']:.1f} files/s")
    small, large = results[0], results[-1]
    print(f"memory growth: x{large['peak_rss_mib'] / small['peak_rss_mib']:.2f} for "
          f"x{large['size_mib'] / small['size_mib']:.1f} the image size")


# ------------------------------------------------------------------------------------------ walk at scale

class PeakPerProcess(PeakMemory):
    """Like :class:`PeakMemory`, and also the peak RSS of each process (main and every worker) by pid."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(interval)
        self.by_process: dict[int, int] = {}
        self.main_at_start: int | None = None  # what the main process held before (the reference walk's heap)

    def sample(self) -> None:
        super().sample()
        if self.main_at_start is None:
            self.main_at_start = self.peak_main
        for process in [self._me, *self._me.children(recursive=True)]:
            try:
                rss = process.memory_info().rss
            except psutil.Error:
                continue
            self.by_process[process.pid] = max(self.by_process.get(process.pid, 0), rss)


def build_entries_image(work: Path, entries: int) -> tuple[Path, float]:
    """An ext4 image of ``entries`` empty files in 1,000 folders (``mke2fs -d``, deterministic times)."""
    source = work / "tree"
    started = time.perf_counter()
    folders = 1000
    for folder in range(folders):
        (source / f"d{folder:04d}").mkdir(parents=True)
    for index in range(entries):
        descriptor = os.open(source / f"d{index % folders:04d}" / f"f{index:07d}", os.O_CREAT | os.O_WRONLY, 0o644)
        os.close(descriptor)
    image = work / "entries.ext4"
    inodes = entries + folders + 1024
    size_mib = max(64, (inodes * 256 + entries * 64) // MiB * 2 + 64)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-N", str(inodes), "-d", str(source), str(image),
                    f"{size_mib}M"], check=True, env={"E2FSPROGS_FAKE_TIME": "1700000000",
                                                      "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    shutil.rmtree(source)
    return image, time.perf_counter() - started


def bare_walk(image: Path) -> tuple[int, float]:
    """The reference: TSK's own directory walk through pytsk3 in this process, names only."""
    import pytsk3

    started = time.perf_counter()
    fs = pytsk3.FS_Info(pytsk3.Img_Info(str(image)))
    count, stack = 0, [fs.open_dir(path="/")]
    while stack:
        for child in stack.pop():
            name = child.info.name.name
            if name in (b".", b".."):
                continue
            count += 1
            meta = child.info.meta
            if meta is not None and int(meta.type) == int(pytsk3.TSK_FS_META_TYPE_DIR):
                stack.append(child.as_directory())
    return count, time.perf_counter() - started


def bench_walk(entries: int, jobs: int, tmp_dir: str | None, keep: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="heroes-walk-bench-", dir=tmp_dir))
    os.environ["HEROES_HOME"] = str(work / "profile")
    try:
        image, build_seconds = build_entries_image(work, entries)
        reference_count, reference_seconds = bare_walk(image)
        from heroes_desktop.case.case_file import Case
        from heroes_desktop.core.progress import CancelToken
        from heroes_desktop.identity.actor import Actor, Role
        from heroes_desktop.identity.keys import load_or_create_signing_key
        from heroes_desktop.pipeline.evidence_intake import add_evidence
        from heroes_desktop.pipeline.ingest import IngestOptions, file_counts, ingest

        actor = Actor("Bench Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, "bench-key-passphrase")
        cancel, walk_end = CancelToken(), {}

        def on_progress(report: Any) -> None:
            if report.phase != "walk" and "seconds" not in walk_end:
                walk_end["seconds"] = time.perf_counter()
                cancel.cancel()  # the walk is what is measured; empty files leave no item work anyway

        with Case.create(work / "walk.case", "bench-case-passphrase", actor, key, title="walk bench") as case:
            add_evidence(case, image)
            with PeakPerProcess() as peak:
                started = time.perf_counter()
                ingest(case, IngestOptions(jobs=jobs, stages=("hash",)), progress=on_progress, cancel=cancel)
                walk_seconds = walk_end.get("seconds", time.perf_counter()) - started
            counts = file_counts(case)
        pipeline_rate = counts["files"] / walk_seconds
        reference_rate = reference_count / reference_seconds
        return {
            "entries_planted": entries, "entries_walked": counts["files"], "reference_entries": reference_count,
            "build_seconds": round(build_seconds, 1), "walk_seconds": round(walk_seconds, 2),
            "walk_entries_per_second": round(pipeline_rate), "reference_entries_per_second": round(reference_rate),
            "walk_ratio": round(pipeline_rate / reference_rate, 3),
            "peak_rss_mib": round(peak.peak_total / MiB, 1), "peak_rss_main_mib": round(peak.peak_main / MiB, 1),
            "rss_main_before_mib": round((peak.main_at_start or 0) / MiB, 1),
            "peak_rss_per_process_mib": sorted((round(v / MiB, 1) for v in peak.by_process.values()), reverse=True),
            "image_mib": round(image.stat().st_size / MiB), "jobs": jobs,
        }
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def print_walk(f: dict[str, Any]) -> None:
    print(f"walk of {f['entries_walked']:,} entries ({f['entries_planted']:,} empty files planted, image "
          f"{f['image_mib']} MiB): {f['walk_seconds']} s, {f['walk_entries_per_second']:,} entries/s")
    print(f"reference (bare pytsk3 walk, names only, this process): {f['reference_entries_per_second']:,} entries/s; "
          f"ratio {f['walk_ratio']}")
    print(f"peak RSS: all processes {f['peak_rss_mib']} MiB, main {f['peak_rss_main_mib']} MiB (it held "
          f"{f['rss_main_before_mib']} MiB before the ingest, the reference walk's heap included), per process "
          f"{f['peak_rss_per_process_mib']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="image size in MiB (default 1024)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="ingest workers (default: CPUs)")
    parser.add_argument("--stages", help="comma-separated stages to run (default: all; include hash for the check)")
    parser.add_argument("--tmp-dir", default=None, help="where the temporary folder goes (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (source, image, case)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--scale", action="store_true", help="run at size/4 and size, each in a fresh process, "
                        "and compare peak memory")
    parser.add_argument("--entries", type=int, help="measure the walk alone on a file system of this many empty files")
    args = parser.parse_args(argv)
    if args.entries:
        walk = bench_walk(args.entries, args.jobs, args.tmp_dir, args.keep)
        print(json.dumps(walk, sort_keys=True)) if args.json else print_walk(walk)
        return 0
    if args.size_mib < MIN_SIZE_MIB:
        parser.error(f"--size-mib must be at least {MIN_SIZE_MIB} (a smaller ext4 image cannot hold the content)")
    if args.scale:
        results = scale(args)
        if args.json:
            print(json.dumps({"scale": results}, sort_keys=True))
        else:
            print_scale(results)
        return 0
    stages = tuple(name for name in args.stages.split(",") if name) if args.stages else None
    result = bench(args.size_mib, args.seed, args.jobs, args.tmp_dir, args.keep, stages)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print_human(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
