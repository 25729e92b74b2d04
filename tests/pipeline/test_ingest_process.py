"""The ingest in a child process, as the window runs it: progress read from the case while it runs, a graceful
cancel that keeps committed work, a second start that resumes and finishes, tagging from the parent meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import files
from heroes_desktop.hashsets.tagging import list_tags, tag_files
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions
from heroes_desktop.pipeline.ingest_process import IngestProcess, start_ingest_process
from heroes_desktop.pipeline.progress_snapshot import IngestProgress, failures, latest_progress
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE
from tests.evidence.builders import populate

# one item per task and small commits: a run of a few seconds here, with a snapshot many times a second
SLOW = IngestOptions(jobs=1, stages=("filetype", "hash"), task_items=1, window_per_job=1, batch_items=8,
                     batch_seconds=0.05)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("ingest-process") / "seized"
    populate(source, 1500)
    return source


@pytest.fixture
def case(folder: Path, case_path: Path, examiner: Actor, examiner_key: SigningKey) -> Case:
    case = Case.create(case_path, PASSPHRASE, examiner, examiner_key)
    add_evidence(case, folder, "seized folder")
    yield case
    case.close()


def _until(condition: Callable[[], bool], process: IngestProcess | None = None, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        if process is not None and not process.running:
            assert condition(), f"the ingest ended first: {process.exit_code} {process.error}"
        time.sleep(0.02)


def _pending(case: Case) -> int:
    with case.reading() as connection:
        return int(connection.execute(select(func.count()).where(files.c.status == "pending")).scalar_one())


def _items_done(case: Case) -> int:
    progress = latest_progress(case)
    return progress.items_done if progress is not None and progress.phase == "items" else 0


def test_start_progress_cancel_and_resume(case: Case, examiner: Actor) -> None:
    assert latest_progress(case) is None
    process = start_ingest_process(case.path, PASSPHRASE, examiner, KEY_PASSPHRASE, SLOW)
    _until(lambda: _items_done(case) >= 40, process)
    seen: IngestProgress | None = latest_progress(case)
    assert seen is not None and seen.running and seen.stages == ("filetype", "hash")
    assert seen.entries_found > 1500 and seen.items_total > 1000 and 0 < seen.bytes_done <= seen.bytes_total
    assert seen.stage_counts["hash"]["ok"] >= 40 and seen.bytes_per_second > 0
    process.cancel()
    assert process.wait(120) == 1
    assert process.summary is not None and process.summary["status"] == "interrupted"
    assert "interrupted" in (process.error or "")
    stopped = latest_progress(case)
    assert stopped is not None and stopped.status == "interrupted" and stopped.run_id == seen.run_id
    left = _pending(case)
    assert 0 < left < stopped.items_total, "the cancel came after the end, or kept nothing"
    assert stopped.items_done >= seen.items_done  # the items in flight were committed, not dropped

    again = start_ingest_process(case.path, PASSPHRASE, examiner, KEY_PASSPHRASE, SLOW)
    assert again.wait(300) == 0, again.error
    assert again.error is None and again.summary["status"] == "finished"
    finished = latest_progress(case)
    assert finished is not None and finished.status == "finished" and finished.run_id == seen.run_id + 1
    assert finished.items_total == left and finished.items_done == left  # the second run did only what was left
    assert _pending(case) == 0
    assert [f for f in failures(case, finished.run_id, 10) if f[2] != "containers"] == []
    actions = [event.action for event in case.events()]
    assert actions.count("ingest.interrupted") == 1 and actions[-1] == "ingest.finished"


def test_failures_are_listed_with_their_reasons(case: Case, examiner: Actor) -> None:
    process = start_ingest_process(case.path, PASSPHRASE, examiner, KEY_PASSPHRASE,
                                   IngestOptions(jobs=1, stages=("filetype", "hash")))
    assert process.wait(300) == 0, process.error
    progress = latest_progress(case)
    assert progress is not None and progress.failures_total >= 1
    listed = failures(case, progress.run_id, 100)
    bomb = [f for f in listed if f[1] == "/log.txt.gz"]  # populate's gzip expands past the default test budget
    assert bomb and bomb[0][0] is not None and bomb[0][2] == "containers" and "budget" in bomb[0][3]
    assert failures(case, progress.run_id, 0) == [] and failures(case, 999, 10) == []


def test_tagging_from_the_parent_while_the_child_ingests(case: Case, examiner: Actor,
                                                         examiner_key: SigningKey) -> None:
    case.close()
    with Case.open(case.path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as window:
        process = start_ingest_process(window.path, PASSPHRASE, examiner, KEY_PASSPHRASE, SLOW)
        _until(lambda: _items_done(window) >= 20, process)
        with window.reading() as connection:
            ids = list(connection.execute(select(files.c.id).order_by(files.c.id).limit(30)).scalars())
        tagged = 0
        for file_id in ids:
            assert process.running, "the ingest ended before the tags were written"
            tag_files(window, [file_id], "CAT-3" if file_id % 2 else "bookmark:Invoices")
            tagged += 1
        assert process.wait(300) == 0, process.error
        assert len(list_tags(window)) == tagged
        report = window.verify()
        assert report.ok, (report.reason, report.problems)
        actions = [event.action for event in window.events()]
    assert actions.count("file.tagged") == tagged and actions[-1] == "ingest.finished"


def test_a_second_ingest_is_refused_with_one_line(case: Case, examiner: Actor) -> None:
    first = start_ingest_process(case.path, PASSPHRASE, examiner, KEY_PASSPHRASE, SLOW)
    _until(lambda: _items_done(case) > 0, first)
    second = start_ingest_process(case.path, PASSPHRASE, examiner, KEY_PASSPHRASE, SLOW)
    assert second.wait(120) == 1
    assert second.error_kind == "IngestAlreadyRunning" and "another ingest" in (second.error or "")
    first.cancel()  # the first may have finished meanwhile on a busy machine: either way it ends cleanly
    assert first.wait(120) in (0, 1) and first.error_kind is None


def test_a_wrong_passphrase_is_the_core_message(case: Case, examiner: Actor) -> None:
    process = start_ingest_process(case.path, "not the passphrase", examiner, KEY_PASSPHRASE, SLOW)
    assert process.wait(120) == 3
    assert process.error and "\n" not in process.error and process.error_kind == "CaseAccessDenied"
    assert latest_progress(case) is None
