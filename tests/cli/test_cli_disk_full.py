"""A full disk under the case (issue 20): the case's file system fills during an ingest. The ingest stops with one
clear line (exit 1), the case opens and its custody verifies, nothing committed is lost, and once space is freed a
resume finishes the job. The small file system is a real tmpfs of 1.5 MiB, mounted in a private mount namespace."""

from __future__ import annotations

import json
import os
import random
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from tests.conftest import HEROES_COMMAND, PASSPHRASE, REPO, cli_env, sha256_file

SMALL_KIB = 1500  # the case and its -wal fill this before 300 documents' text is stored
STAGES = "hash,filetype,text"


def _namespace_command() -> list[str] | None:
    """``unshare`` giving this process a mount namespace of its own where a tmpfs can be mounted, or None."""
    if shutil.which("unshare") is None:
        return None
    for command in (["unshare", "-m"], ["unshare", "-rm"]):
        probe = subprocess.run([*command, "sh", "-c", "mount -t tmpfs -o size=64k none /mnt 2>/dev/null || "
                                "mount -t tmpfs -o size=64k none /tmp"], capture_output=True)
        if probe.returncode == 0:
            return command
    return None


def _documents(folder: Path, count: int) -> None:
    rng = random.Random(20)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"doc{number:04d}.txt").write_text(" ".join(rng.choice(words) for _ in range(1200)))


def test_a_full_disk_stops_the_ingest_clearly_and_a_resume_finishes(tmp_path: Path, isolated_profile: Path,
                                                                    examiner: Actor, examiner_key: SigningKey) -> None:
    namespace = _namespace_command()
    if namespace is None:
        pytest.skip("this machine lets no process mount a small file system (no mount namespace)")
    evidence = tmp_path / "evidence"
    _documents(evidence, 300)
    before = {path.name: sha256_file(path) for path in evidence.iterdir()}
    source = tmp_path / "source.heroes"
    with Case.create(source, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, evidence)
    small, out = tmp_path / "small", tmp_path / "out"
    small.mkdir()
    out.mkdir()
    heroes = " ".join(shlex.quote(part) for part in HEROES_COMMAND)
    case = small / "case.heroes"
    script = f"""
set -u
mount -t tmpfs -o size={SMALL_KIB}k none {small}
cp {source} {case}
{heroes} ingest {case} --stages {STAGES} --jobs 1 >{out}/first.out 2>{out}/first.err; echo $? >{out}/first.rc
{heroes} files {case} --json >{out}/files.json 2>{out}/files.err
{heroes} custody verify {case} >{out}/verify.out 2>&1; echo $? >{out}/verify.rc
mount -o remount,size=256m {small}
{heroes} ingest {case} --stages {STAGES} --jobs 1 >{out}/second.out 2>{out}/second.err; echo $? >{out}/second.rc
cp {case} {out}/after.heroes
"""
    env = cli_env(isolated_profile, HEROES_EXAMINER=examiner.name)
    subprocess.run([*namespace, "sh", "-c", script], cwd=REPO, env=env, timeout=600, check=True)
    first_err = (out / "first.err").read_text()
    assert (out / "first.rc").read_text().strip() == "1", first_err
    assert first_err.count("\n") == 1 and "Traceback" not in first_err
    assert "no space left on the case's drive" in first_err and "run the command again" in first_err
    assert (out / "verify.rc").read_text().strip() == "0", (out / "verify.out").read_text()
    kept = [json.loads(line) for line in (out / "files.json").read_text().splitlines()]
    assert kept, "the walk's commit before the disk filled was lost"  # committed work survives
    assert (out / "second.rc").read_text().strip() == "0", (out / "second.err").read_text()
    with Case.open(out / "after.heroes", PASSPHRASE) as after:
        actions = [event.action for event in after.events()]
        report = after.verify()
    assert report.ok
    assert actions.count("ingest.started") == 2 and actions.count("ingest.finished") == 1
    done = subprocess.run([*HEROES_COMMAND, "files", str(out / "after.heroes"), "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    statuses = [json.loads(line)["status"] for line in done.stdout.splitlines()]
    assert statuses.count("ok") == 301 and set(statuses) == {"ok"}  # the folder and its 300 documents
    assert {path.name: sha256_file(path) for path in evidence.iterdir()} == before  # evidence untouched
