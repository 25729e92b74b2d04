"""The *Ingest* panel, driven by keyboard and mouse on a real case with real evidence: the stages with their
state (and why one is not installed), start, live progress, cancel, resume, failures with their reasons, tagging
while the ingest writes (then ``heroes custody verify`` passes), and what a read-only session or a bad setting says.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import func, select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import files
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.ingest_panel import IngestPanel
from heroes_desktop.hashsets.tagging import list_tags, tag_files
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env
from tests.evidence.builders import populate

# one item per task and small commits: a run of a few seconds, with a snapshot many times a second
SLOW = {"task_items": 1, "window_per_job": 1, "batch_items": 8, "batch_seconds": 0.05}
QUICK_STAGES = ("filetype", "hash")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("ingest-panel") / "seized"
    populate(source, 1500)
    return source


@pytest.fixture
def session(qtbot, folder: Path, case_path: Path, examiner: Actor,
            examiner_key: SigningKey) -> Iterator[CaseSession]:
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder, "seized folder")
    case = Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    session = CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    yield session
    session.close()


def _panel(qtbot, session: CaseSession) -> IngestPanel:
    panel = IngestPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.installation is not None, timeout=60_000)
    return panel


@pytest.fixture
def panel(qtbot, session: CaseSession) -> Iterator[IngestPanel]:
    panel = _panel(qtbot, session)
    only = set(QUICK_STAGES)
    for index in range(panel.stage_list.topLevelItemCount()):  # untick by mouse, as an examiner would
        item = panel.stage_list.topLevelItem(index)
        if item.text(0) not in only and item.checkState(0) == Qt.CheckState.Checked:
            panel.set_stage_checked(item.text(0), False)
    panel.jobs_spin.setValue(1)
    yield panel
    panel.shutdown()


def _press(qtbot, button) -> None:  # noqa: ANN001
    """Keyboard: focus the button and press Space."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _tester(model) -> QAbstractItemModelTester:  # noqa: ANN001
    """A fatal model tester; deleted by the test (``shiboken6.delete``) while its model still lives."""
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def _pending(case: Case) -> int:
    with case.reading() as connection:
        return int(connection.execute(select(func.count()).where(files.c.status == "pending")).scalar_one())


def _items_done(panel: IngestPanel) -> int:
    progress = panel.progress
    return progress.items_done if progress is not None and progress.phase == "items" and progress.running else 0


def test_stages_are_listed_with_their_state_and_why_not(qtbot, session: CaseSession, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    monkeypatch.setenv("HEROES_MODELS_DIR", str(empty))  # a lab machine without the image models
    panel = _panel(qtbot, session)
    tester = _tester(panel.stage_list.model())
    rows = {panel.stage_list.topLevelItem(i).text(0): panel.stage_list.topLevelItem(i)
            for i in range(panel.stage_list.topLevelItemCount())}
    assert {"filetype", "hash", "text", "ocr", "media", "hashsets", "entities", "topics"} <= set(rows)
    assert rows["hash"].text(1) == "installed" and rows["hashsets"].text(1) == "installed (case-level)"
    assert rows["media"].text(1) == "not installed" and "models not installed" in rows["media"].text(2)
    assert not rows["media"].flags() & Qt.ItemFlag.ItemIsEnabled
    assert panel.selected_stages() is None  # every installed stage ticked: the core's default
    assert "installed: " in panel.ocr_note.text() and "eng" in panel.ocr_note.text()
    assert panel.device_note.text()
    assert panel.start_button.isEnabled() and panel.start_button.text() == "&Start"
    shiboken6.delete(tester)
    panel.shutdown()


def test_start_watch_cancel_and_resume(qtbot, panel: IngestPanel, session: CaseSession) -> None:
    panel.tuning = SLOW
    assert panel.selected_stages() == QUICK_STAGES
    with qtbot.waitSignal(panel.running_changed, timeout=60_000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert not panel.start_button.isEnabled() and panel.cancel_button.isEnabled()
    with qtbot.waitSignal(panel.committed, timeout=60_000):  # new results landed: the other views refresh
        pass
    qtbot.waitUntil(lambda: _items_done(panel) >= 40, timeout=120_000)
    text = panel.counts_label.text()
    assert "Entries found: " in text and "Items: " in text and " of " in text and "/s" in text
    assert "time left" in text and panel.state_label.text().endswith("processing items")
    hash_row = [panel.stage_counts.topLevelItem(i) for i in range(panel.stage_counts.topLevelItemCount())
                if panel.stage_counts.topLevelItem(i).text(0) == "hash"][0]
    assert int(hash_row.text(1).replace(",", "")) >= 40
    tester = _tester(panel.stage_counts.model())

    _press(qtbot, panel.cancel_button)  # keyboard: a graceful stop
    assert "Stopping after the items in flight" in panel.state_label.text()
    with qtbot.waitSignal(panel.running_changed, timeout=120_000) as ended:
        pass
    assert ended.args == [False]
    qtbot.waitUntil(lambda: panel.progress is not None and panel.progress.status == "interrupted", timeout=30_000)
    assert "interrupted; committed work is kept" in panel.state_label.text()
    assert not panel.error_label.isVisible()
    left = _pending(session.case)
    assert 0 < left < panel.progress.items_total
    qtbot.waitUntil(lambda: panel.start_button.text() == "&Resume" and panel.start_button.isEnabled())

    _press(qtbot, panel.start_button)  # resume
    qtbot.waitUntil(lambda: panel.progress is not None and panel.progress.status == "finished"
                    and not panel.running, timeout=300_000)
    assert panel.progress.items_done == left and _pending(session.case) == 0
    assert panel.state_label.text() == f"Run {panel.progress.run_id} finished"
    assert panel.bar.value() == panel.bar.maximum() and panel.start_button.text() == "&Start"
    actions = [event.action for event in session.case.events()]
    assert actions.count("ingest.interrupted") == 1 and actions[-1] == "ingest.finished"
    shiboken6.delete(tester)  # it checked every refill of the per-stage counts


def test_failures_are_listed_with_their_reasons(qtbot, panel: IngestPanel) -> None:
    _press(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: panel.progress is not None and panel.progress.status == "finished"
                    and not panel.running, timeout=300_000)
    tester = _tester(panel.failure_list.model())
    rows = [[panel.failure_list.topLevelItem(i).text(c) for c in range(4)]
            for i in range(panel.failure_list.topLevelItemCount())]
    bomb = [row for row in rows if row[0] == "/log.txt.gz"]  # populate's gzip expands past the test budget
    assert bomb and bomb[0][1] == "containers" and "budget" in bomb[0][2] and bomb[0][3].isdigit()
    assert panel.failures_title.text().startswith("Failures: ")
    shiboken6.delete(tester)


def test_tagging_while_the_ingest_writes_keeps_the_custody_chain(qtbot, panel: IngestPanel,
                                                                 session: CaseSession,
                                                                 isolated_profile: Path) -> None:
    panel.tuning = SLOW
    _press(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: _items_done(panel) >= 20, timeout=120_000)
    with session.case.reading() as connection:
        ids = list(connection.execute(select(files.c.id).order_by(files.c.id).limit(25)).scalars())
    done: list[object] = []
    for file_id in ids:  # the writer thread, as the categorise keys do
        label = "CAT-2" if file_id % 2 else "bookmark:Later"
        session.jobs.write("tag", lambda file_id=file_id, label=label: tag_files(session.case, [file_id], label),
                           done.append)
    qtbot.waitUntil(lambda: len(done) == len(ids), timeout=60_000)
    assert panel.running, "the ingest ended before the tags were written"
    qtbot.waitUntil(lambda: not panel.running and panel.progress is not None
                    and panel.progress.status == "finished", timeout=300_000)
    assert len(list_tags(session.case)) == len(ids)
    path = session.path
    panel.shutdown()
    session.close()
    verify = subprocess.run([*HEROES_COMMAND, "custody", "verify", str(path)], env=cli_env(isolated_profile),
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_setting_that_cannot_work_is_one_line_in_the_panel(qtbot, panel: IngestPanel) -> None:
    panel.set_stage_checked("ocr", True)
    panel.ocr_edit.clear()
    qtbot.keyClicks(panel.ocr_edit, "eng+klingon")
    _press(qtbot, panel.start_button)
    qtbot.waitUntil(panel.error_label.isVisible, timeout=120_000)
    assert "klingon" in panel.error_label.text() and "not installed" in panel.error_label.text()
    assert "\n" not in panel.error_label.text() and not panel.running and panel.start_button.isEnabled()


def test_a_read_only_session_cannot_start(qtbot, session: CaseSession) -> None:
    path = session.path
    session.close()
    viewer = CaseSession(Case.open(path, PASSPHRASE, mode=OpenMode.READ_ONLY), None, Jobs())
    try:
        panel = _panel(qtbot, viewer)
        qtbot.waitUntil(lambda: "read-only" in panel.state_label.text(), timeout=10_000)
        assert not panel.start_button.isEnabled() and "read-only" in panel.start_button.toolTip()
        panel.shutdown()
    finally:
        viewer.close()
