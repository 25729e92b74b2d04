"""The trainer and the trainee (issue 18), on the demo case: a trainee's window lists the tasks and never reads
the answer key; the trainer's class window shows, for each trainee's copy of the demo case, exactly what
``heroes training score`` says, with misses and mistakes by path, exports CSV and HTML from its buttons, and checks
the program against the key; the start page opens it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QListWidget
from pytestqt.qtbot import QtBot

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.cli import main as cli_main
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import MainWindow
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.start_page import StartPage
from heroes_desktop.gui.trainer.class_window import ClassWindow
from heroes_desktop.gui.views.trainee_tasks import TraineeTasksView
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import check_case, summarise
from heroes_desktop.training.class_table import table_csv, table_html
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DemoResult
from heroes_desktop.training.exposure_share import read_shared_exposure
from heroes_desktop.training.make_case import KEY_NAME
from heroes_desktop.training.tasks import tasks_of_key
from tests.gui.demo_sessions import demo, session, unexpected  # noqa: F401 - fixtures
from tests.training.classroom import ALICE, BOB, JUNK_NAME, Classroom, build_classroom, record_opens

TIMEOUT = 60_000
TRAINEE = Actor("Tess Trainee", Role.TRAINEE)
KEY_PASSPHRASE = "tess's key passphrase"


@pytest.fixture(scope="module")
def classroom(demo_build: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return build_classroom(demo_build, tmp_path_factory.mktemp("gui-classroom"))


@pytest.fixture
def jobs(qtbot: QtBot) -> Iterator[Jobs]:
    jobs = Jobs()
    yield jobs
    jobs.shutdown(wait=True)


def trainee_session(demo_build: DemoResult, folder: Path) -> CaseSession:
    """A copy of the demo case (as handed out: the case file alone), opened read-write by a trainee."""
    case_path = folder / "tess.heroes"
    shutil.copy2(demo_build.case_path, case_path)
    key = load_or_create_signing_key(folder / "profile", TRAINEE.name, KEY_PASSPHRASE)
    case = Case.open(case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=TRAINEE, key=key,
                     purpose="training")
    return CaseSession(case, TRAINEE, Jobs(), DEMO_CASE_PASSPHRASE, KEY_PASSPHRASE, key_profile=folder / "profile")


def _texts(widget) -> str:  # type: ignore[no-untyped-def]
    """Every text the panel shows: its labels and list rows."""
    parts = [label.text() for label in widget.findChildren(QLabel)]
    for listing in widget.findChildren(QListWidget):
        parts += [listing.item(row).text() for row in range(listing.count())]
    return "\n".join(parts)


def test_the_trainee_window_lists_the_tasks_and_never_reads_the_key(
        qtbot: QtBot, demo_build: DemoResult, tmp_path: Path, unexpected: list[str]) -> None:  # noqa: F811
    key_path = demo_build.training.key.resolve()
    key = read_key(key_path)
    with pytest.MonkeyPatch.context() as patch:  # from opening the case to closing the window
        opened = record_opens(patch)
        tess = trainee_session(demo_build, tmp_path)
        window = MainWindow(tess)
        qtbot.addWidget(window)
        window.show()
        view = window.findChild(TraineeTasksView)
        assert view is not None  # the window gives a trainee the task panel
        qtbot.waitUntil(lambda: view.ready, timeout=TIMEOUT)
        shown = [view.list.item(row).text() for row in range(view.list.count())]
        assert view.tasks == tasks_of_key(key) and len(shown) == 4
        assert all(task.description in text for task, text in zip(view.tasks, shown))
        assert view.list.isVisibleTo(view) and view.empty.isHidden()
        assert "Bookmark name: job-offers" in shown[1]
        qtbot.keyClick(view.list, Qt.Key.Key_Down)  # the list is walked by keyboard
        assert view.list.currentRow() == 1
        everything = _texts(view)
        qtbot.waitUntil(lambda: not tess.jobs.busy, timeout=TIMEOUT)
        window.close()
    assert demo_build.training.tasks.resolve() in opened  # the sheet was read ...
    assert key_path not in opened and not any(path.name == KEY_NAME for path in opened)  # ... and never the key
    for item in key["items"]:  # nothing the panel shows comes from the key's answers
        assert item["path"] not in everything and item["md5"] not in everything
    assert not unexpected


def test_a_trainee_shares_the_exposure_count_only_when_asked(
        qtbot: QtBot, demo_build: DemoResult, tmp_path: Path, unexpected: list[str]) -> None:  # noqa: F811
    tess = trainee_session(demo_build, tmp_path)
    view = TraineeTasksView(tess)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.ready, timeout=TIMEOUT)
    share = tmp_path / "tess.heroes.exposure.json"
    assert not share.exists() and view.share_button.isVisibleTo(view)
    view.share_exposure(share)
    qtbot.waitUntil(lambda: share.exists() and view.share_button.isEnabled(), timeout=TIMEOUT)
    shared = read_shared_exposure(share)
    assert shared is not None and shared.examiner == TRAINEE.name and shared.clear_views == 0
    assert "Shared 0 clear view(s)" in view.status.text()
    tess.close()
    assert not unexpected


def test_an_examiner_session_shows_no_tasks(qtbot: QtBot, session: CaseSession) -> None:  # noqa: F811
    view = TraineeTasksView(session)
    qtbot.addWidget(view)
    assert view.ready and view.tasks == [] and view.list.count() == 0
    assert "trainee" in view.empty.text() and view.share_button.isHidden()


def _scored_by_cli(capsys: pytest.CaptureFixture[str], case: Path, key: Path) -> list[dict]:
    assert cli_main.main(["training", "score", str(case), "--key", str(key), "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _grid(window: ClassWindow) -> list[list[str]]:
    grid = window.grid
    return [[grid.item(row, column).text() for column in range(grid.columnCount())]
            for row in range(grid.rowCount())]


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def open_class(qtbot: QtBot, jobs: Jobs, classroom: Classroom) -> ClassWindow:
    window = ClassWindow(jobs, folder=classroom.folder, key=classroom.key_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.passphrase, classroom.passphrase)
    assert window.passphrase.echoMode() == window.passphrase.EchoMode.Password
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.table is not None and not window.busy, timeout=TIMEOUT)
    return window


def test_the_class_table_equals_heroes_training_score_for_each_trainee(
        qtbot: QtBot, jobs: Jobs, classroom: Classroom, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, unexpected: list[str]) -> None:  # noqa: F811
    window = open_class(qtbot, jobs, classroom)
    grid = _grid(window)
    assert len(grid) == 3 * 4 + 2  # three trainees by four tasks, and two cases that did not open
    monkeypatch.setenv("HEROES_PASSPHRASE", classroom.passphrase)
    for who, path in classroom.trainees.items():
        scores = _scored_by_cli(capsys, path, classroom.key_path)
        rows = [row for row in grid if row[1] == path.name]
        assert [row[0] for row in rows] == [who] * len(scores)
        assert [row[2:10] for row in rows] == [
            [s["task"], _percent(s["precision"]), _percent(s["recall"]), str(s["correct"]), str(s["tagged"]),
             str(s["expected"]), str(len(s["missed"])), str(len(s["mistaken"]))] for s in scores], who
        model_rows = [row for row in window.rows if row["case"] == path.name]
        assert [{k: row[k] for k in scores[0]} for row in model_rows] == scores, who
    errors = {row[1]: row for row in grid if row[1] in ("dave.heroes", JUNK_NAME)}
    assert set(errors) == {"dave.heroes", JUNK_NAME} and all(row[-1] for row in errors.values())
    assert grid[[r[1] for r in grid].index("alice.heroes")][11] == "3"  # Alice shared her clear views

    bob = next(index for index, row in enumerate(window.rows)
               if row["trainee"] == BOB and row["task"] == "categorise")
    window.grid.setCurrentCell(bob, 0)
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)  # the table is walked by keyboard: the detail pane follows
    qtbot.keyClick(window.grid, Qt.Key.Key_Up)
    row = window.rows[bob]
    assert window.mistaken.count() == len(row["mistaken"]) > 0
    assert window.missed.count() == len(row["missed"])
    assert all(str(entry["path"]) in window.mistaken.item(i).text() for i, entry in enumerate(row["mistaken"]))
    assert BOB in window.detail_title.text()
    window.close()
    assert not unexpected


def test_the_export_buttons_write_csv_and_html(qtbot: QtBot, jobs: Jobs, classroom: Classroom, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               unexpected: list[str]) -> None:  # noqa: F811
    window = open_class(qtbot, jobs, classroom)
    for button, name in ((window.csv_button, "class.csv"), (window.html_button, "class.html")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, target=target, **kw: (str(target), ""))
        assert button.isEnabled()
        with qtbot.waitSignal(window.exported, timeout=TIMEOUT):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "class.csv").read_text(encoding="utf-8") == table_csv(window.table)
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert page == table_html(window.table) and ALICE in page and "<script" not in page
    assert str(tmp_path / "class.html") in window.status.text()
    window.close()
    assert not unexpected


def test_the_check_action_shows_passed_and_failed_checks(qtbot: QtBot, jobs: Jobs, classroom: Classroom,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         unexpected: list[str]) -> None:  # noqa: F811
    window = open_class(qtbot, jobs, classroom)
    case = classroom.trainees[ALICE]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(case), ""))
    with qtbot.waitSignal(window.checked, timeout=TIMEOUT):
        qtbot.mouseClick(window.check_button, Qt.MouseButton.LeftButton)
    with Case.open(case, classroom.passphrase) as opened:
        expected = check_case(opened, classroom.key)
    counts = summarise(expected)
    dialog = window.check_dialog
    assert dialog is not None and dialog.isVisible()
    assert [c.as_json() for c in window.checks] == [c.as_json() for c in expected]
    assert dialog.table.rowCount() == len(expected) and counts["passed"] > 0
    assert f"{counts['passed']} passed, {counts['failed']} failed" in dialog.summary.text()
    first = dialog.table.item(0, 0).text()
    assert first == ("FAILED" if counts["failed"] else "not run" if counts["not_run"] else "passed")
    window.close()
    assert not unexpected


def test_the_start_page_opens_the_classroom(qtbot: QtBot, jobs: Jobs) -> None:
    page = StartPage(jobs)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.classroom_button, Qt.MouseButton.LeftButton)
    window = page.class_window
    assert isinstance(window, ClassWindow) and window.isVisible()
    qtbot.mouseClick(page.classroom_button, Qt.MouseButton.LeftButton)
    assert page.class_window is window  # one at a time
    window.load()  # nothing chosen yet: the form says what is missing, nothing runs
    assert not window.error.isHidden() and not window.busy
    page.close_class_window()
    qtbot.waitUntil(lambda: page.class_window is None, timeout=TIMEOUT)


def test_hand_out_copies_without_the_key(qtbot: QtBot, jobs: Jobs, demo_build: DemoResult, tmp_path: Path,
                                         unexpected: list[str]) -> None:  # noqa: F811
    window = ClassWindow(jobs, key=demo_build.training.key)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.hand_out_button, Qt.MouseButton.LeftButton)
    dialog = window.hand_out_dialog
    assert dialog is not None and dialog.isVisible() and dialog.key.text() == str(demo_build.training.key)
    qtbot.keyClicks(dialog.case, str(demo_build.case_path))
    dialog.trainees.setPlainText("Ana\nBen\n")
    qtbot.keyClicks(dialog.folder, str(tmp_path / "class"))
    with qtbot.waitSignal(dialog.handed_out, timeout=TIMEOUT) as written:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert sorted(path.name for path in (tmp_path / "class").iterdir()) == ["Ana.heroes", "Ben.heroes", "tasks.json"]
    assert [path.name for path in written.args[0].cases] == ["Ana.heroes", "Ben.heroes"]
    assert "answer key is not there" in dialog.status.text()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)  # again: nothing is replaced, it says why
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.error.isHidden(), timeout=TIMEOUT)
    assert "not replacing" in dialog.error.text()
    window.close()
    assert not unexpected
