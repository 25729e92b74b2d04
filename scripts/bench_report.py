#!/usr/bin/env python3
"""Benchmark: how long does the examination report of a large case take?

A report of every item of a case is the worst case an examiner asks for (``heroes report CASE --items all``). This
script builds a synthetic case (``scripts/synthetic_case.py``: ``--files`` entries, ``--images`` analysed pictures
with thumbnails) and, in one process, writes its PDF and HTML reports through the core's own call
(``heroes_desktop.reports.writer.write_report``: read the case, obscure the pictures, lay out, sign, record), and
prints:

- ``pdf_s``, ``pdf_pages``, ``pdf_items_per_s``: the signed PDF of every item, its pages and throughput;
- ``html_s``: the same report as a self-contained HTML folder;
- ``reference_pages_per_s``: a reference measured in the same process, PyMuPDF writing the same number of pages of
  plain text (``insert_textbox``, no layout engine), and ``pdf_pages_ratio``, the report's pages per second over
  it: how much MuPDF's HTML layout, the tables and the pictures cost against writing text at all.

Usage::

    .venv/bin/python scripts/bench_report.py --files 10000 --images 500 [--json] [--case PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSPHRASE = "orchid lantern benchmark passphrase"
KEY_PASSPHRASE = "bench key passphrase"
EXAMINER = "Bench Examiner"


def _reference_pages_per_s(pages: int) -> float:
    import pymupdf

    text = ("Path /Users/example/Documents/some file name.docx  Size 12,345 bytes  SHA-256 " + "0" * 64 + "\n") * 40
    started = time.perf_counter()
    document = pymupdf.open()
    for _ in range(pages):
        page = document.new_page()
        page.insert_textbox(pymupdf.Rect(42, 56, 553, 788), text, fontsize=8)
    document.tobytes(garbage=3, deflate=True)
    return pages / (time.perf_counter() - started)


def run(args: argparse.Namespace) -> dict[str, object]:
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.reports.content import ReportOptions
    from heroes_desktop.reports.writer import write_report
    from synthetic_case import build_synthetic_case

    home = Path(os.environ.get("HEROES_HOME") or tempfile.mkdtemp(prefix="heroes-bench-report-home-"))
    os.environ["HEROES_HOME"] = str(home)
    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
    folder = Path(tempfile.mkdtemp(prefix="heroes-bench-report-"))
    path = args.case or folder / f"synthetic-{args.files}.heroes"
    build_s = None
    if not path.exists():
        started = time.perf_counter()
        build_synthetic_case(path, PASSPHRASE, actor, key, args.files, texts=0, images=args.images,
                             jobs=args.jobs).close()
        build_s = time.perf_counter() - started
    with Case.open(path, PASSPHRASE, mode=OpenMode.REVIEW, actor=actor, key=key, purpose="benchmark") as case:
        started = time.perf_counter()
        pdf = write_report(case, "pdf", folder / "report.pdf", ReportOptions(items="all"))
        pdf_s = time.perf_counter() - started
        started = time.perf_counter()
        write_report(case, "html", folder / "report-html", ReportOptions(items="all"))
        html_s = time.perf_counter() - started
    reference = _reference_pages_per_s(min(int(pdf["pages"]), 2_000))
    return {
        "files": args.files, "images": args.images, "items": pdf["findings"], "build_s": build_s,
        "pdf_s": round(pdf_s, 2), "pdf_pages": pdf["pages"], "pdf_items_per_s": round(pdf["findings"] / pdf_s, 1),
        "pdf_bytes": (folder / "report.pdf").stat().st_size, "html_s": round(html_s, 2),
        "reference_pages_per_s": round(reference, 1),
        "pdf_pages_ratio": round(pdf["pages"] / pdf_s / reference, 3),
        "out": str(folder),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--case", type=Path, help="reuse a synthetic case built before (default passphrases)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
