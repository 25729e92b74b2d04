"""Crashes at every moment (issue 20): ``kill -9`` an ingest with every stage at random moments, again and again,
then let it finish, and compare with an uninterrupted run of the same evidence.

Each round copies a case with the evidence added, starts ``heroes ingest --jobs 2`` and kills its whole process
group after a random delay (up to a third of the uninterrupted run's time, so that kills land in the walk, in the
stage workers, in a commit and in the case-level stages), ``--kills-per-round`` times; every fifth kill also kills a
``heroes tag`` writing from a second process at the same moment. Then a last ingest runs to the end, and
``heroes files --json``, ``matches``, ``entities``, ``media`` (ids replaced by paths) must equal the reference, and
``custody verify`` must pass. Prints one line per round and the totals.

    .venv/bin/python scripts/kill_resume.py --kills 200 [--kills-per-round 10] [--seed 1] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PASSPHRASE = "kill and resume: correct horse battery staple"
KEY_PASSPHRASE = "kill and resume: key passphrase of the examiner"
EXAMINER = "Ana Examiner"
HEROES = [sys.executable, "-m", "heroes_desktop"]
LISTINGS = (("files", "--json"), ("matches", "--json"), ("entities", "--json"), ("media", "--json"))


def environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HEROES_")}
    env.update(HEROES_HOME=str(home), HEROES_PASSPHRASE=PASSPHRASE, HEROES_KEY_PASSPHRASE=KEY_PASSPHRASE,
               HEROES_EXAMINER=EXAMINER, QT_QPA_PLATFORM="offscreen")
    return env


def make_evidence(folder: Path) -> Path:
    """An ext4 image of 300 small files (text, binary, archives, a compressed log) and a few pictures."""
    from PIL import Image, ImageDraw

    from tests.evidence.builders import make_ext4_image, populate

    source = folder / "tree"
    populate(source, 300, seed=11)
    pictures = source / "Pictures"
    pictures.mkdir()
    try:
        from skimage import data

        Image.fromarray(data.astronaut()).save(pictures / "portrait.jpg", quality=90)
    except ImportError:
        pass
    for index, colour in enumerate(((200, 40, 40), (40, 160, 60), (30, 60, 200))):
        image = Image.new("RGB", (320, 240), colour)
        ImageDraw.Draw(image).text((20, 100), f"Invoice {index} for Ana Examiner", fill=(255, 255, 255))
        image.save(pictures / f"shape{index}.png")
    return make_ext4_image(folder / "evidence.ext4", source, 48)


def heroes(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES, *args], env=env, cwd=REPO, capture_output=True, text=True, check=check,
                          timeout=1800)


def listings(env: dict[str, str], case: Path) -> dict[str, object]:
    """The four listings, with every row id replaced by the file's path (ids differ between cases)."""
    files = [json.loads(line) for line in heroes(env, "files", str(case), "--json").stdout.splitlines()]
    path_of = {row["id"]: f"{row['evidence_id']}:{row.get('snapshot') or ''}:{row.get('partition')}:{row['path']}"
               for row in files}
    result: dict[str, object] = {}
    for command, flag in LISTINGS:
        text = heroes(env, command, str(case), flag).stdout
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        result[command] = sorted(json.dumps(_without_ids(row, path_of), sort_keys=True) for row in rows)
    return result


def _without_ids(value: object, path_of: dict[int, str]) -> object:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("id", "run_id", "seconds"):
                continue
            if key in ("file_id", "parent_id") and isinstance(item, int):
                out[key] = path_of.get(item, item)
            elif key == "file_ids" and isinstance(item, list):
                out[key] = sorted(str(path_of.get(i, i)) for i in item)
            else:
                out[key] = _without_ids(item, path_of)
        return out
    if isinstance(value, list):
        return [_without_ids(item, path_of) for item in value]
    return value


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run(kills: int, per_round: int, seed: int, out: Path) -> dict[str, object]:
    home = out / "home"
    env = environment(home)
    image = make_evidence(out)
    template = out / "template.heroes"
    heroes(env, "case", "create", str(template), "--title", "Kill and resume", "--number", "1")
    heroes(env, "evidence", "add", str(template), str(image))
    reference = out / "reference.heroes"
    shutil.copy2(template, reference)
    started = time.monotonic()
    heroes(env, "ingest", str(reference), "--jobs", "2")
    reference_seconds = time.monotonic() - started
    expected = listings(env, reference)
    tag_target = json.loads(heroes(env, "files", str(reference), "--json").stdout.splitlines()[-1])["id"]
    rng = random.Random(seed)
    rounds, delivered, identical, problems = 0, 0, 0, []
    while delivered < kills:
        rounds += 1
        case = out / f"round-{rounds:03d}.heroes"
        shutil.copy2(template, case)
        landed = 0
        for attempt in range(min(per_round, kills - delivered)):
            process = subprocess.Popen([*HEROES, "ingest", str(case), "--jobs", "2"], env=env, cwd=REPO,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            tagger = None
            if (delivered + attempt) % 5 == 4:  # a tag written from a second process, killed at the same moment
                tagger = subprocess.Popen([*HEROES, "tag", str(case), str(tag_target), "--category", "CAT-0"],
                                          env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True)
            time.sleep(rng.uniform(0.3, max(1.0, reference_seconds / 3)))
            if process.poll() is None:
                landed += 1
            kill_group(process)
            if tagger is not None:
                kill_group(tagger)
        delivered += min(per_round, kills - delivered)
        final = heroes(env, "ingest", str(case), "--jobs", "2", check=False)
        verify = heroes(env, "custody", "verify", str(case), check=False)
        got = listings(env, case)
        same = final.returncode == 0 and verify.returncode == 0 and got == expected
        identical += same
        if not same:
            differing = [name for name in expected if got.get(name) != expected[name]]
            problems.append({"round": rounds, "ingest": final.returncode, "verify": verify.returncode,
                             "differs": differing, "stderr": final.stderr[-300:]})
        print(f"round {rounds}: {landed} kills landed in a running ingest; resumed "
              f"{'identical' if same else 'DIFFERENT'}; custody {'verified' if verify.returncode == 0 else 'FAILED'}",
              flush=True)
        case.unlink()
    summary = {"kills": delivered, "rounds": rounds, "identical_rounds": identical,
               "reference_seconds": round(reference_seconds, 1), "problems": problems}
    print(json.dumps(summary, indent=2))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--kills-per-round", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="heroes-kill-resume-"))
    out.mkdir(parents=True, exist_ok=True)
    summary = run(args.kills, args.kills_per_round, args.seed, out)
    return 0 if summary["identical_rounds"] == summary["rounds"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
