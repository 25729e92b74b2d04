"""Interrupt an ingest at any moment (``kill -9``) and run it again: it ends with exactly the uninterrupted result."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sqlalchemy import func, select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import files as case_files
from heroes_desktop.case.schema import ingest_runs
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.progress_snapshot import latest_progress
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env
from tests.evidence.builders import make_ext4_image, populate

KILLS = 4


def _files(home: Path, case: Path) -> list[dict]:
    result = subprocess.run([*HEROES_COMMAND, "files", str(case), "--json"], capture_output=True, text=True,
                            env=cli_env(home), cwd=REPO, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for row in rows:
        row.pop("id")
        row.pop("parent_id")
    return sorted(rows, key=lambda row: (row["evidence_id"], row["snapshot"] or "", row["partition"] or 0,
                                         row["path"], row["inode"] or ""))


def _case_with(image: Path, path: Path, actor: Actor, key: SigningKey) -> Path:
    with Case.create(path, PASSPHRASE, actor, key) as case:
        add_evidence(case, image)
    return path


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("resume")
    source = folder / "tree"
    populate(source, 2500)
    return make_ext4_image(folder / "tree.ext4", source, 64)


def _wait_for_progress(case: Case, process: subprocess.Popen, share: float) -> None:
    """Return once ``share`` of the walked items are processed (or the run ended by itself)."""
    while process.poll() is None:
        with case.reading() as connection:
            total, pending = connection.execute(
                select(func.count(), func.sum(case_files.c.status == "pending"))).one()
        if total and (total - (pending or 0)) / total >= share:
            return
        time.sleep(0.01)


@dataclass
class Reference:
    rows: list[dict]
    seconds: float


@pytest.fixture(scope="module")
def expected(image: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The result of one uninterrupted run, and how long it took: made once for the module's tests (it is the
    slowest part of each), in a profile of its own."""
    home = tmp_path_factory.mktemp("reference-profile")
    examiner = Actor("Ana Examiner", Role.EXAMINER)
    examiner_key = load_or_create_signing_key(home, examiner.name, KEY_PASSPHRASE)
    env = cli_env(home, HEROES_EXAMINER=examiner.name)
    reference = _case_with(image, tmp_path_factory.mktemp("reference") / "reference.heroes", examiner, examiner_key)
    started = time.monotonic()
    subprocess.run([*HEROES_COMMAND, "ingest", str(reference), "--jobs", "2"], env=env, cwd=REPO, check=True,
                   capture_output=True)
    seconds = time.monotonic() - started
    rows = _files(home, reference)
    # every item done; issue 20: an item a stage could not fully examine (a compressed log past the bomb guard's
    # ratio) is partial with its reason, where this test used to expect all ok
    assert len(rows) > 2500
    assert all(row["status"] == "ok" or row["status"] == "partial" and row["error"] for row in rows)
    return Reference(rows, seconds)


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_result(image: Path, tmp_path: Path, isolated_profile: Path,
                                                  examiner: Actor, examiner_key: SigningKey,
                                                  expected: Reference) -> None:
    env = cli_env(isolated_profile, HEROES_EXAMINER=examiner.name)

    interrupted = _case_with(image, tmp_path / "interrupted.heroes", examiner, examiner_key)
    rng = random.Random(42)
    with Case.open(interrupted, PASSPHRASE) as watcher:  # a reader watches the run and picks the moment to kill
        for _ in range(KILLS):
            process = subprocess.Popen([*HEROES_COMMAND, "ingest", str(interrupted), "--jobs", "2"], env=env,
                                       cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=True)
            _wait_for_progress(watcher, process, rng.uniform(0.05, 0.9))
            os.killpg(process.pid, signal.SIGKILL)  # the ingest and its workers, all at once
            process.wait()
    unfinished = [row for row in _files(isolated_profile, interrupted) if row["status"] == "pending"]
    assert unfinished or len(_files(isolated_profile, interrupted)) < len(expected.rows), "the kills missed the run"
    with Case.open(interrupted, PASSPHRASE) as case:
        assert latest_progress(case).status == "killed"  # listed as running, but no process holds the lock
    final = subprocess.run([*HEROES_COMMAND, "ingest", str(interrupted), "--jobs", "2", "--json"], env=env, cwd=REPO,
                           capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert _files(isolated_profile, interrupted) == expected.rows

    with Case.open(interrupted, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.verify().ok
        actions = [event.action for event in case.events()]
        killed = [event.details for event in case.events() if event.action == "ingest.killed"]
        with case.reading() as connection:
            statuses = [row.status for row in connection.execute(select(ingest_runs).order_by(ingest_runs.c.id))]
    assert actions.count("ingest.started") >= 2 and actions.count("ingest.finished") == 1
    # every run a kill ended is closed as killed by the next start, in one event each time; none is left running
    assert statuses[-1] == "finished" and set(statuses[:-1]) == {"killed"} and 1 <= len(statuses) - 1 <= KILLS
    assert sorted(run for details in killed for run in details["run_ids"]) == list(range(1, len(statuses)))


def test_ctrl_c_stops_cleanly_and_resumes(image: Path, tmp_path: Path, isolated_profile: Path, examiner: Actor,
                                         examiner_key: SigningKey, expected: Reference) -> None:
    env = cli_env(isolated_profile, HEROES_EXAMINER=examiner.name)
    case_path = _case_with(image, tmp_path / "ctrl-c.heroes", examiner, examiner_key)
    process = subprocess.Popen([*HEROES_COMMAND, "ingest", str(case_path), "--jobs", "1"], env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    with Case.open(case_path, PASSPHRASE) as watcher:
        _wait_for_progress(watcher, process, 0.3)
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole group on Ctrl-C
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1 and "interrupted" in stderr and "Traceback" not in stderr
    with Case.open(case_path, PASSPHRASE) as case:
        assert [e.action for e in case.events()][-1] == "ingest.interrupted"
    subprocess.run([*HEROES_COMMAND, "ingest", str(case_path)], env=env, cwd=REPO, check=True, capture_output=True)
    assert _files(isolated_profile, case_path) == expected.rows
