"""Make a case file with an earlier HEROES Desktop, for the upgrade tests (``tests/case/test_old_cases.py``).

The case is made by the program as it was at COMMIT (checked out into a temporary git worktree and run with this
checkout's Python environment): a case, folder evidence of a few benign text files and a drawn picture, an
ingest with the stages that version has, and a tag with a note. The evidence folder lives at a fixed path, so the
fixture's paths do not depend on the machine that made it; it is removed afterwards (the case holds no evidence
bytes, only what that version derived). The case is written to OUT; its passphrase is :data:`PASSPHRASE`.

    .venv/bin/python scripts/make_old_case.py COMMIT OUT
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSPHRASE = "old case fixture: correct horse battery staple"
KEY_PASSPHRASE = "old case fixture: the examiner's key passphrase"
EXAMINER = "Olga Oldcase"
EVIDENCE = Path("/tmp/heroes-old-case-evidence")

TEXTS = {
    "notes/offer.txt": "Job offer: a salary of 900 euros a month in Madrid. Contract and travel paid. "
                       "Call +34 612 345 678 or write to recruiter.fixture@example.org before Friday.\n",
    "notes/transfer.txt": "Transfer of 450 EUR to account ES91 2100 0418 4502 0005 1332 for the beneficiary "
                          "Marta Lopez; payment confirmed by bank.\n",
    "notes/empty.txt": "",
    "mail/readme.html": "<html><body><p>Meeting with Daniel Reyes in Valencia on Monday.</p></body></html>\n",
}


def make_evidence(folder: Path) -> None:
    from PIL import Image, ImageDraw

    shutil.rmtree(folder, ignore_errors=True)
    for name, text in TEXTS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    picture = Image.new("RGB", (160, 120), (230, 240, 250))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 90, 80), fill=(200, 60, 40))
    draw.ellipse((80, 30, 150, 100), fill=(40, 120, 200))
    (folder / "pictures").mkdir()
    picture.save(folder / "pictures" / "shapes.png")
    (folder / "pictures" / "shapes-copy.png").write_bytes((folder / "pictures" / "shapes.png").read_bytes())


def heroes(worktree: Path, home: Path, *arguments: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEROES_")}
    env.update(HEROES_HOME=str(home), HEROES_PASSPHRASE=PASSPHRASE, HEROES_KEY_PASSPHRASE=KEY_PASSPHRASE,
               HEROES_EXAMINER=EXAMINER, PYTHONPATH=str(worktree))
    done = subprocess.run([sys.executable, "-m", "heroes_desktop", *arguments], cwd=worktree, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"heroes {' '.join(arguments)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("out", type=Path)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="heroes-old-case-") as scratch:
        worktree, home, case = Path(scratch) / "program", Path(scratch) / "home", Path(scratch) / "old.heroes"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(worktree), arguments.commit],
                       check=True, capture_output=True)
        try:
            make_evidence(EVIDENCE)
            heroes(worktree, home, "case", "create", str(case), "--title", "Old case fixture",
                   "--number", f"OLD-{arguments.commit[:7]}")
            heroes(worktree, home, "evidence", "add", str(case), str(EVIDENCE))
            heroes(worktree, home, "ingest", str(case), "--jobs", "1")
            listing = heroes(worktree, home, "files", str(case), "--json")
            import json

            entries = [json.loads(line) for line in listing.splitlines() if line.strip()]  # JSON lines then
            if len(entries) == 1 and isinstance(entries[0], list):
                entries = entries[0]
            offer = next(entry for entry in entries if entry["path"].endswith("offer.txt"))
            heroes(worktree, home, "tag", str(case), str(offer["id"]), "--category", "CAT-0", "--note",
                   "made by an earlier version")
            arguments.out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(case, arguments.out)
            print(heroes(worktree, home, "case", "info", str(case)))
        finally:
            shutil.rmtree(EVIDENCE, ignore_errors=True)
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(worktree)],
                           capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
