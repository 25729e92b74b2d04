"""Ingest safety (issue 13): unreadable evidence is exit 5 and done once back, one ingest at a time, stage settings
checked, recorded and re-runnable, and ``--jobs`` at least 1."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import evidence, files, stage_runs, volumes, warnings
from heroes_desktop.core.errors import ExitCode, HeroesError, UsageError
from heroes_desktop.core.progress import Progress
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import KILLED_REASON, IngestOptions, ingest
from heroes_desktop.pipeline.ingest_lock import IngestAlreadyRunning, lock_path
from tests.conftest import HEROES_COMMAND, PASSPHRASE, REPO, SHARED_TESTDATA, cli_env

EXT2 = SHARED_TESTDATA / "dfvfs" / "ext2.raw.gz"
HASH_ONLY = ("hash",)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def two_images(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "evidence"
    folder.mkdir()
    first, second = folder / "first.raw", folder / "second.dd"
    with gzip.open(EXT2) as stream, first.open("wb") as out:
        shutil.copyfileobj(stream, out)
    shutil.copyfile(first, second)
    return first, second


def _open(path: Path, actor: Actor, key: SigningKey) -> Case:
    return Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key)


def _entries(case: Case, evidence_id: int) -> int:
    with case.reading() as connection:
        return len(connection.execute(select(files.c.id).where(files.c.evidence_id == evidence_id)).all())


def _heroes(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          env=cli_env(home, HEROES_EXAMINER="Ana Examiner"), stdin=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------- unreadable evidence

def test_missing_evidence_is_named_recorded_and_walked_once_back(two_images: tuple[Path, Path], case_path: Path,
                                                                 examiner: Actor, examiner_key: SigningKey) -> None:
    first, second = two_images
    digests = {path: _sha256(path) for path in two_images}
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
        add_evidence(case, second)
    away = second.with_name("unplugged.dd")
    second.rename(away)
    with _open(case_path, examiner, examiner_key) as case:
        summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert summary.status == "finished"
        assert len(summary.unreadable) == 1 and "evidence 2 (second.dd)" in summary.unreadable[0]
        assert str(second) in summary.unreadable[0] and "No such file" in summary.unreadable[0]
        walked = _entries(case, 1)
        assert walked > 0 and _entries(case, 2) == 0
        with case.reading() as connection:
            scanned = connection.execute(select(evidence.c.volumes_scanned).where(evidence.c.id == 2)).scalar()
            walked_marks = connection.execute(select(volumes.c.walked).where(volumes.c.evidence_id == 2)).scalars()
            messages = connection.execute(select(warnings.c.message).where(warnings.c.evidence_id == 2,
                                                                           warnings.c.stage == "ingest")).scalars()
            assert scanned and not any(walked_marks)  # scanned at add; never marked walked while it was away
            assert any("evidence unreadable" in message and str(second) in message for message in messages)
        finished = [event for event in case.events() if event.action == "ingest.finished"][-1]
        assert finished.details["unreadable"] == summary.unreadable
    away.rename(second)
    with _open(case_path, examiner, examiner_key) as case:
        again = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert again.unreadable == [] and _entries(case, 2) == walked
        with case.reading() as connection:
            hashed = connection.execute(select(files.c.md5).where(files.c.evidence_id == 2,
                                                                  files.c.status == "ok")).scalars().all()
        assert any(hashed)
    assert {path: _sha256(path) for path in two_images} == digests


def test_evidence_unplugged_after_its_walk_keeps_its_items_pending(two_images: tuple[Path, Path], case_path: Path,
                                                                  examiner: Actor, examiner_key: SigningKey) -> None:
    first, _ = two_images
    away = first.with_name("unplugged.raw")

    def unplug_once_walked(report: Progress) -> None:
        if report.phase == "walk" and report.items_done == report.items_total and first.exists():
            first.rename(away)

    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
        summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY), progress=unplug_once_walked)
        assert away.exists() and summary.unreadable and "evidence 1" in summary.unreadable[0]
        assert summary.items == 0 and summary.counts.get("failed", 0) == 0
        pending = summary.counts.get("pending", 0)
        assert pending > 0
    away.rename(first)
    with _open(case_path, examiner, examiner_key) as case:
        again = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert again.unreadable == [] and again.items == pending and again.counts.get("pending", 0) == 0


def test_evidence_unreadable_before_its_scan_is_scanned_later(two_images: tuple[Path, Path], case_path: Path,
                                                              examiner: Actor, examiner_key: SigningKey) -> None:
    first, _ = two_images
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
        with case.bulk() as connection:  # as a case made before volumes were scanned at add
            connection.execute(volumes.delete())
            connection.execute(evidence.update().values(volumes_scanned=False))
    first.chmod(0o000)
    try:
        unreadable = os.geteuid() != 0
        if not unreadable:  # root opens any mode: take the file away instead
            first.rename(first.with_suffix(".away"))
        with _open(case_path, examiner, examiner_key) as case:
            summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
            assert summary.unreadable and "evidence 1" in summary.unreadable[0]
            with case.reading() as connection:
                assert not connection.execute(select(evidence.c.volumes_scanned)).scalar()
                assert connection.execute(select(volumes.c.id)).first() is None
    finally:
        if first.with_suffix(".away").exists():
            first.with_suffix(".away").rename(first)
        first.chmod(0o644)
    with _open(case_path, examiner, examiner_key) as case:
        assert ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY)).unreadable == []
        assert _entries(case, 1) > 0


def test_truncated_raw_evidence_is_unreadable(two_images: tuple[Path, Path], case_path: Path, examiner: Actor,
                                              examiner_key: SigningKey) -> None:
    first, _ = two_images
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
    original = first.read_bytes()
    first.write_bytes(original[: len(original) // 2])
    with _open(case_path, examiner, examiner_key) as case:
        summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert summary.unreadable and "bytes when it was added" in summary.unreadable[0]
        assert _entries(case, 1) == 0


def test_cli_ingest_of_missing_evidence_exits_5_naming_it(two_images: tuple[Path, Path], case_path: Path,
                                                          isolated_profile: Path, examiner: Actor,
                                                          examiner_key: SigningKey) -> None:
    first, second = two_images
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
        add_evidence(case, second)
    second.unlink()
    result = _heroes(isolated_profile, "ingest", str(case_path), "--jobs", "1", "--stages", "hash")
    assert result.returncode == 5, result.stderr
    assert "second.dd" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------- one at a time

HOLDER = """
import sys, time
from pathlib import Path
from heroes_desktop.pipeline.ingest_lock import ingest_lock
with ingest_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def _hold_lock(case_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(case_path)], cwd=REPO, stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_ingest_stops_at_once_and_a_killed_one_leaves_no_lock(two_images: tuple[Path, Path],
                                                                        case_path: Path, isolated_profile: Path,
                                                                        examiner: Actor,
                                                                        examiner_key: SigningKey) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, two_images[0])
    holder = _hold_lock(case_path)  # another process in the middle of an ingest of this case
    try:
        started = time.monotonic()
        second = _heroes(isolated_profile, "ingest", str(case_path), "--jobs", "1", "--stages", "hash")
        assert second.returncode == 1, second.stderr
        assert "another ingest" in second.stderr and len(second.stderr.strip().splitlines()) == 1, second.stderr
        assert time.monotonic() - started < 60
        with _open(case_path, examiner, examiner_key) as case:
            with pytest.raises(IngestAlreadyRunning):
                ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
            assert "ingest.started" not in [event.action for event in case.events()]
    finally:
        holder.send_signal(signal.SIGKILL)  # a crashed run: the kernel drops its lock
        holder.wait()
    assert lock_path(case_path).parent == case_path.parent
    third = _heroes(isolated_profile, "ingest", str(case_path), "--jobs", "1", "--stages", "hash")
    assert third.returncode == 0, third.stderr
    assert not list(two_images[0].parent.glob("*lock*"))  # nothing written beside the evidence


def test_two_real_ingests_at_once_do_the_work_once(two_images: tuple[Path, Path], case_path: Path,
                                                   isolated_profile: Path, examiner: Actor,
                                                   examiner_key: SigningKey) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        for path in two_images:
            add_evidence(case, path)
    command = [*HEROES_COMMAND, "ingest", str(case_path), "--jobs", "1", "--stages", "hash"]
    env = cli_env(isolated_profile, HEROES_EXAMINER=examiner.name)
    runs = [subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = [(run.wait(timeout=300), run.stderr.read() if run.stderr else "") for run in runs]
    codes = sorted(code for code, _ in outcomes)
    assert codes in ([0, 0], [0, 1]), outcomes
    with Case.open(case_path, PASSPHRASE) as case:
        actions = [event.action for event in case.events()]
    starts = actions.count("ingest.started")
    assert starts == (2 if codes == [0, 0] else 1)  # one after the other at most, never interleaved
    if starts == 2:
        first_end = actions.index("ingest.finished")
        assert actions.index("ingest.started") < first_end < len(actions) - 1 - actions[::-1].index("ingest.started")


# ---------------------------------------------------------------------------------------------- settings and re-runs

def test_jobs_below_one_is_a_usage_error() -> None:
    for jobs in (0, -3):
        with pytest.raises(UsageError, match="--jobs"):
            IngestOptions(jobs=jobs)
    assert IngestOptions(jobs=1).jobs == 1


def test_unknown_ocr_language_is_refused_before_the_run(two_images: tuple[Path, Path], case_path: Path,
                                                        examiner: Actor, examiner_key: SigningKey) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, two_images[0])
        with pytest.raises(UsageError, match="klingon") as refused:
            ingest(case, IngestOptions(jobs=1, stages=("ocr",), stage_settings={"ocr_languages": "eng+klingon"}))
        assert "eng" in str(refused.value).split("installed:")[1]
        assert "ingest.started" not in [event.action for event in case.events()]
        with pytest.raises(UsageError, match="more than 0"):
            ingest(case, IngestOptions(jobs=1, stages=("ocr",), stage_settings={"ocr_seconds": 0}))


def test_cli_bad_ocr_language_and_jobs_exit_2(two_images: tuple[Path, Path], case_path: Path,
                                              isolated_profile: Path, examiner: Actor,
                                              examiner_key: SigningKey) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, two_images[0])
    bad = _heroes(isolated_profile, "ingest", str(case_path), "--ocr-languages", "klingon")
    assert bad.returncode == 2 and "klingon" in bad.stderr and "installed" in bad.stderr, bad.stderr
    for jobs in ("-3", "0"):
        result = _heroes(isolated_profile, "ingest", str(case_path), "--jobs", jobs)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_settings_are_recorded_and_a_stage_can_be_rerun(two_images: tuple[Path, Path], case_path: Path,
                                                        examiner: Actor, examiner_key: SigningKey) -> None:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, two_images[0])
        first = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY, stage_settings={"ocr_languages": "spa"}))
        assert first.items > 0
        assert ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY)).items == 0  # nothing left to do
        rerun = ingest(case, IngestOptions(jobs=1, stages=("filetype",), rerun=HASH_ONLY))
        assert rerun.items == first.items  # every item that had the hash stage, hashed again
        started = [event.details for event in case.events() if event.action == "ingest.started"]
        assert started[0]["settings"]["ocr_languages"] == "spa" and started[0]["rerun"] == []
        assert started[-1]["rerun"] == ["hash"] and started[-1]["rerun_items"] == {"hash": first.items}
        assert "hash" in started[-1]["stages"]
        with case.reading() as connection:
            runs = set(connection.execute(select(stage_runs.c.run_id).where(stage_runs.c.stage == "hash")).scalars())
            done = connection.execute(select(files.c.stages_done).where(files.c.status == "ok",
                                                                         files.c.size > 0)).scalars().all()
        assert runs == {rerun.run_id}  # the hash results replaced, not added to
        assert done and all(",hash," in marks and ",filetype," in marks for marks in done if marks)
        with pytest.raises(HeroesError, match="no-such-stage") as unknown:
            ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY, rerun=("no-such-stage",)))
        assert unknown.value.exit_code == ExitCode.USAGE


# ---------------------------------------------------------------------------------------------- cases hit before

def test_evidence_recorded_as_failed_while_missing_is_scanned_and_walked_once_back(
        two_images: tuple[Path, Path], case_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    """A case where an earlier version stored the failed scan or walk of missing evidence as its result."""
    from heroes_desktop.pipeline.errors import TaskFailed
    from heroes_desktop.pipeline.volume_records import failed_scan, store_volumes

    first, second = two_images
    missing = f"FileNotFoundError: [Errno 2] No such file or directory: '{first}'"
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        for path in two_images:
            add_evidence(case, path)
        with case.bulk() as connection:
            connection.execute(volumes.delete().where(volumes.c.evidence_id == 1))
            row = connection.execute(select(evidence).where(evidence.c.id == 1)).one()
            store_volumes(connection, row, failed_scan(row, TaskFailed(missing)), None)
            connection.execute(volumes.update().where(volumes.c.evidence_id == 2).values(
                walked=True, walk_problems=json.dumps([f"file system unreadable: {missing}"])))
        summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert summary.unreadable == []
        assert _entries(case, 1) > 0 and _entries(case, 1) == _entries(case, 2)
        reopened = [event.details for event in case.events() if event.action == "ingest.lost-evidence-reopened"]
        assert reopened == [{"rescan_evidence": [1], "rewalk_volumes": [reopened[0]["rewalk_volumes"][0]]}]
        assert ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY)).items == 0  # undone once, not every run


def test_cli_rerun_and_add_notes(two_images: tuple[Path, Path], case_path: Path, isolated_profile: Path,
                                 examiner: Actor, examiner_key: SigningKey) -> None:
    first, second = two_images
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
    added = _heroes(isolated_profile, "evidence", "add", str(case_path), str(second))
    assert added.returncode == 0, added.stderr
    assert "same content as evidence 1 (first.raw)" in added.stdout + added.stderr
    assert _heroes(isolated_profile, "ingest", str(case_path), "--stages", "hash").returncode == 0
    rerun = _heroes(isolated_profile, "ingest", str(case_path), "--stages", "filetype", "--rerun", "hash", "--json")
    assert rerun.returncode == 0, rerun.stderr
    with Case.open(case_path, PASSPHRASE) as case:
        started = [event.details for event in case.events() if event.action == "ingest.started"][-1]
    assert started["rerun"] == ["hash"] and started["rerun_items"]["hash"] > 0
    assert started["settings"]["ocr_languages"] == "eng+spa"


class _FailingExecutor:
    """A pool whose every task submission fails: what a broken worker start or a bug in the run looks like."""

    def submit(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("the worker pool broke")

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_a_failed_ingest_is_recorded_with_its_error_and_the_next_start_closes_killed_runs(
        two_images: tuple[Path, Path], case_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    """A run that ends by an exception says why in ``ingest.interrupted``; a run left marked running (its process
    killed before it could close it) is closed as ``killed`` by the next start, one custody event, work resumed."""
    from sqlalchemy import insert

    from heroes_desktop.case.schema import ingest_runs
    from heroes_desktop.pipeline.progress_snapshot import latest_progress

    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, two_images[0])
        with pytest.raises(RuntimeError, match="the worker pool broke"):
            ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY), executor=_FailingExecutor())
        last = case.events()[-1]
        assert last.action == "ingest.interrupted"
        assert last.details["reason"] == "RuntimeError: the worker pool broke"
        with case.change("test.killed-run", {}) as connection:  # what a kill -9 after ingest.started leaves
            connection.execute(insert(ingest_runs).values(started_at="2026-12-01T00:00:00+00:00", status="running",
                                                          stages='["hash"]', jobs=1))
        assert latest_progress(case).status == "killed"  # nobody holds the lock: not running, whatever it says
        summary = ingest(case, IngestOptions(jobs=1, stages=HASH_ONLY))
        assert summary.status == "finished"
        killed = [event.details for event in case.events() if event.action == "ingest.killed"]
        with case.reading() as connection:
            statuses = [row.status for row in connection.execute(select(ingest_runs).order_by(ingest_runs.c.id))]
    assert statuses == ["interrupted", "killed", "finished"]
    assert killed == [{"run_ids": [2], "reason": KILLED_REASON}]
    with _open(case_path, examiner, examiner_key) as case:
        assert case.verify().ok
