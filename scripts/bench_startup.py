#!/usr/bin/env python3
"""Benchmark: how long do the short ``heroes`` commands take to start, measured against bare Python?

What it measures, and why
-------------------------
A command an examiner or a script runs many times (``--version``, ``--help``, ``case info``) should cost little
more than starting the interpreter; an ingest of a tiny image with one stage should cost little more than hashing
that image in a fresh interpreter. Issue 19 found 2 s of start-up, most of it imports of libraries (gensim, scipy,
PyMuPDF, ...) the command never used. This script times, in one run and on the same machine:

1. reference: ``python -c pass`` (the interpreter's own start-up, same virtual environment);
2. ``heroes --version``, ``heroes --help`` and ``heroes case info CASE`` (a case with one 8 MiB evidence image);
3. reference for the ingest: a fresh interpreter that reads the same image once in 1 MiB blocks into
   :class:`heroes_desktop.core.hashing.MultiHasher` (MD5 + SHA-1 + SHA-256, what the ``hash`` stage computes);
4. ``heroes ingest CASE --stages hash`` on a fresh copy of that case each time.

Each is run once to warm up, then ``--repeat`` times as a subprocess (wall clock, median reported), and every
figure is given as a ratio against its reference from the same run, so the ratios compare across machines; the
seconds are printed too, beside the issue's goals (0.4 s for the short commands, 1.5 s for the ingest).
``--imports N`` adds the N most expensive imports of ``heroes --version`` (cumulative, from ``python -X importtime``).

Bytecode: an installed program starts from compiled ``.pyc`` files. Where ``PYTHONDONTWRITEBYTECODE`` is set (a
sandbox, a read-only checkout), every start would compile the program's own modules again (some 0.1 s), so the runs
keep their bytecode in a private cache (``PYTHONPYCACHEPREFIX`` in this run's temporary folder) unless
``--no-bytecode-cache`` asks to measure the environment as it is.

The image is an ext2 file system made with ``mke2fs -d`` from a few seeded files (nothing is mounted). Timings on
a shared virtual machine vary from run to run; compare the ratios of several runs.

Usage::

    .venv/bin/python scripts/bench_startup.py [--repeat 5] [--imports 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HEROES = [PYTHON, "-m", "heroes_desktop"]
IMAGE_MIB = 8
GOALS = {"version": 0.4, "help": 0.4, "case_info": 0.4, "ingest_hash": 1.5}  # seconds, from issue 19
HASH_IMAGE = (
    "import sys\n"
    "from heroes_desktop.core.hashing import FILE_CHUNK, MultiHasher\n"
    "hasher = MultiHasher()\n"
    "with open(sys.argv[1], 'rb') as stream:\n"
    "    while chunk := stream.read(FILE_CHUNK):\n"
    "        hasher.update(chunk)\n"
    "print(hasher.hexdigests()['sha256'])\n"
)


def environment(home: Path, bytecode: Path | None) -> dict[str, str]:
    """The variables a case needs (CLI.md), in a profile of this run's own; ``bytecode``: a private .pyc cache."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEROES_")}
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    env.update(HEROES_HOME=str(home), HEROES_PASSPHRASE="bench start-up passphrase",
               HEROES_KEY_PASSPHRASE="bench start-up key passphrase", HEROES_EXAMINER="Bench Examiner",
               QT_QPA_PLATFORM="offscreen")
    return env


def run(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run of ``command`` from the repository (it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds


def median_of(repeat: int, once: Any) -> float:
    """The median of ``repeat`` timed runs, after one untimed run (bytecode and page cache warm)."""
    once()
    return statistics.median(once() for _ in range(repeat))


def make_image(folder: Path, seed: int = 1) -> Path:
    """An 8 MiB ext2 image of a few seeded files: text, binary, a folder."""
    rng = random.Random(seed)
    tree = folder / "tree"
    (tree / "documents").mkdir(parents=True)
    (tree / "notes.txt").write_text("meeting at the bus station at nine\n" * 40, encoding="utf-8")
    (tree / "documents" / "report.txt").write_text(" ".join(rng.choice(("evidence", "custody", "device", "record"))
                                                           for _ in range(2000)), encoding="utf-8")
    (tree / "documents" / "blob.bin").write_bytes(rng.randbytes(512 * 1024))
    image = folder / "tiny.raw"
    with image.open("wb") as stream:
        stream.truncate(IMAGE_MIB * 2**20)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-d", str(tree), str(image)], check=True)
    return image


def fresh_copy(case: Path, copy: Path) -> Path:
    """A copy of the closed case (and its -wal/-shm, when there are any), replacing an earlier copy."""
    for suffix in ("", "-wal", "-shm"):
        target = Path(str(copy) + suffix)
        target.unlink(missing_ok=True)
        source = Path(str(case) + suffix)
        if source.exists():
            shutil.copy2(source, target)
    return copy


def top_imports(count: int, env: dict[str, str]) -> list[dict[str, Any]]:
    """The ``count`` imports of ``heroes --version`` with the largest cumulative time (µs), from -X importtime."""
    done = subprocess.run([PYTHON, "-X", "importtime", *HEROES[1:], "--version"], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit():
            rows.append({"module": name.strip(), "cumulative_us": int(cumulative)})
    return sorted(rows, key=lambda row: row["cumulative_us"], reverse=True)[:count]


def measure(repeat: int, imports: int, bytecode_cache: bool) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="heroes-bench-startup-"))
    try:
        env = environment(folder / "profile", folder / "pycache" if bytecode_cache else None)
        image = make_image(folder)
        case = folder / "bench.heroes"
        run([*HEROES, "case", "create", str(case), "--title", "start-up"], env)
        run([*HEROES, "evidence", "add", str(case), str(image)], env)
        copy = folder / "ingest.heroes"

        def ingest_once() -> float:
            return run([*HEROES, "ingest", str(fresh_copy(case, copy)), "--stages", "hash"], env)

        python = median_of(repeat, lambda: run([PYTHON, "-c", "pass"], env))
        hashing = median_of(repeat, lambda: run([PYTHON, "-c", HASH_IMAGE, str(image)], env))
        seconds = {
            "version": median_of(repeat, lambda: run([*HEROES, "--version"], env)),
            "help": median_of(repeat, lambda: run([*HEROES, "--help"], env)),
            "case_info": median_of(repeat, lambda: run([*HEROES, "case", "info", str(case)], env)),
            "ingest_hash": median_of(repeat, ingest_once),
        }
        references = {"version": python, "help": python, "case_info": python, "ingest_hash": hashing}
        result: dict[str, Any] = {
            "repeat": repeat, "image_mib": IMAGE_MIB, "cores": os.cpu_count(),
            "bytecode": "private cache" if bytecode_cache else (
                "not written (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "as is"),
            "reference_seconds": {"python_start": round(python, 4), "hash_image_in_fresh_python": round(hashing, 4)},
            "seconds": {name: round(value, 4) for name, value in seconds.items()},
            "ratio": {name: round(value / references[name], 2) for name, value in seconds.items()},
            "ingest_against_python_start": round(seconds["ingest_hash"] / python, 2),
            "goal_seconds": GOALS,
            "within_goal": {name: seconds[name] < goal for name, goal in GOALS.items()},
        }
        if imports:
            result["top_imports_of_version"] = top_imports(imports, env)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_human(result: dict[str, Any]) -> None:
    references = result["reference_seconds"]
    print(f"reference: python -c pass {references['python_start']:.3f} s; hashing the {result['image_mib']} MiB "
          f"image in a fresh python {references['hash_image_in_fresh_python']:.3f} s "
          f"(median of {result['repeat']}, {result['cores']} cores, bytecode: {result['bytecode']})")
    against = {"version": "python start", "help": "python start", "case_info": "python start",
               "ingest_hash": "hashing the image"}
    labels = {"version": "heroes --version", "help": "heroes --help", "case_info": "heroes case info CASE",
              "ingest_hash": "heroes ingest CASE --stages hash"}
    for name, label in labels.items():
        seconds, goal = result["seconds"][name], result["goal_seconds"][name]
        verdict = "within" if result["within_goal"][name] else "OVER"
        print(f"{label:34} {seconds:6.3f} s  x{result['ratio'][name]:6.2f} {against[name]:18} "
              f"({verdict} the {goal} s goal)")
    print(f"{'':34} ingest x{result['ingest_against_python_start']:.2f} python start")
    for row in result.get("top_imports_of_version", []):
        print(f"  import {row['module']:48} {row['cumulative_us'] / 1000:8.1f} ms (cumulative)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; the median is reported")
    parser.add_argument("--imports", type=int, default=10, metavar="N",
                        help="also list the N most expensive imports of heroes --version (0: none)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="measure with the environment's own bytecode setting (no private .pyc cache)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    result = measure(args.repeat, max(0, args.imports), not args.no_bytecode_cache)
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print_human(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
