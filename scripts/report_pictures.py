#!/usr/bin/env python3
"""Pictures of a report's first two pages for the docs: builds the demo case (``heroes demo``'s core call), bookmarks
two of its items with notes, writes the signed PDF report through the core, and renders pages 1 and 2 to PNG.

Usage::

    .venv/bin/python scripts/report_pictures.py [--out docs/screenshots] [--dpi 80]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="heroes-report-pictures-"))
    os.environ["HEROES_HOME"] = str(folder / "home")

    import pymupdf

    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.hashsets.tagging import tag_file
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.reports.content import ReportOptions
    from heroes_desktop.reports.writer import write_report
    from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE, run_demo

    demo = run_demo(folder / "demo", seed=1, jobs=2)
    actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(demo.case_path.parent / "profile", actor.name, DEMO_KEY_PASSPHRASE)
    with Case.open(demo.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                   purpose="report pictures") as case:
        with case.reading() as connection:
            rows = connection.exec_driver_sql(
                "SELECT id FROM files WHERE path LIKE '%job_offer%' OR path LIKE '%remittance%' ORDER BY id LIMIT 2"
            ).fetchall()
        for number, (file_id,) in enumerate(rows, 1):
            tag_file(case, file_id, f"Exhibit {number}", note="Job offer naming the same phone number as the "
                                                             "remittance receipt" if number == 1 else
                     "Remittance receipt to the account in exhibit 1")
        written = write_report(case, "pdf", folder / "report.pdf",
                               ReportOptions(items="bookmarked", requester="Detective Inspector A. Example"))
    args.out.mkdir(parents=True, exist_ok=True)
    with pymupdf.open(written["report"]) as document:
        for index in range(min(2, document.page_count)):
            target = args.out / f"report-page-{index + 1}.png"
            document[index].get_pixmap(dpi=args.dpi).save(target)
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
