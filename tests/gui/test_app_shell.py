"""The application shell, driven by keyboard and mouse offscreen: the start page, the open and new case dialogs
(right and wrong passphrase, not a case, a truncated case, a wrong key passphrase, read-only), the case window
(panels or their placeholders, F1, closing cleanly), the crash dialog, the Spanish translation, the obscured
images, the training case and ``heroes demo --gui``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.engine import PAGE_SIZE
from heroes_desktop.gui import errors
from heroes_desktop.gui.app import Shell, create_application, show_crash_dialog
from heroes_desktop.gui.dialogs import recent_cases, remember_recent_case
from heroes_desktop.gui.dialogs.new_case import NewCaseDialog
from heroes_desktop.gui.dialogs.open_case import OpenCaseDialog
from heroes_desktop.gui.dialogs.training_case import TrainingCaseDialog, folder_problem
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.exposure import ExposurePolicy, ObscureLevel, obscure
from heroes_desktop.gui.i18n import available_languages, compiled_translation, install_translation
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import VIEWS, MainWindow, PlaceholderView, views_for
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.start_page import StartPage
from heroes_desktop.gui.theme import THEME_ENV, apply_theme
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.training.demo import DEMO_CASE_NAME
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, SHARED_TESTDATA, cli_env

EVIDENCE_NOT_A_CASE = SHARED_TESTDATA / "dfvfs" / "ext2.E01"  # given where a case is expected (swapped arguments)


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    create_application(language="en")
    yield qapp
    install_translation(qapp, "en")


@pytest.fixture
def closed_case(case_path: Path, examiner: Actor, examiner_key: SigningKey) -> Path:
    """A real encrypted case, closed, remembered by the profile."""
    Case.create(case_path, PASSPHRASE, examiner, examiner_key, title="Operation Test", number="2026-001").close()
    return case_path


@pytest.fixture
def jobs(qtbot: QtBot) -> Jobs:
    jobs = Jobs()
    yield jobs
    jobs.shutdown(wait=True)


def core_message(path: Path, passphrase: str) -> str:
    """What the core says when ``path`` is opened with ``passphrase`` (the line the dialog must show)."""
    with pytest.raises(Exception) as caught:
        Case.open(path, passphrase, mode=OpenMode.READ_ONLY).close()
    return user_message(caught.value)


def open_dialog(qtbot: QtBot, jobs: Jobs, path: Path | None = None) -> OpenCaseDialog:
    dialog = OpenCaseDialog(jobs, None, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_identity(qtbot: QtBot, dialog, name: str, key_passphrase: str) -> None:
    name_edit = dialog.identity.name.lineEdit()
    name_edit.selectAll()
    qtbot.keyClicks(name_edit, name)
    qtbot.keyClicks(dialog.identity.key_passphrase, key_passphrase)


def fill_and_open(qtbot: QtBot, dialog: OpenCaseDialog, passphrase: str, name: str = "Ana Examiner",
                  key_passphrase: str = KEY_PASSPHRASE) -> None:
    qtbot.keyClicks(dialog.passphrase, passphrase)
    type_identity(qtbot, dialog, name, key_passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)


def wait_for_error(qtbot: QtBot, dialog) -> str:
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.error.isHidden(), timeout=20000)
    return dialog.error.text()


# ------------------------------------------------------------------------------------------------ start page

def test_start_page_lists_recent_cases_and_opens_one_by_keyboard(qtbot: QtBot, app, jobs, closed_case: Path) -> None:
    page = StartPage(jobs)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.recent.item(0).text() == str(closed_case.resolve())
    page.recent.setFocus()
    qtbot.keyClick(page.recent, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, OpenCaseDialog) and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog.path.text() == str(closed_case.resolve())
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password  # no echo
    with qtbot.waitSignal(page.session_opened, timeout=20000) as opened:
        fill_and_open(qtbot, dialog, PASSPHRASE)
    session: CaseSession = opened.args[0]
    try:
        assert session.case.mode is OpenMode.READ_WRITE and not session.read_only
        assert session.actor == Actor("Ana Examiner", Role.EXAMINER)
        assert dialog.passphrase.text() == "" and dialog.identity.key_passphrase.text() == ""  # secrets dropped
        assert [event.action for event in session.case.events()][-1] == "case.opened"
    finally:
        session.close()
    assert recent_cases()[0].path == closed_case.resolve()


def test_start_page_buttons_open_each_dialog_by_mouse(qtbot: QtBot, app, jobs) -> None:
    page = StartPage(jobs)
    qtbot.addWidget(page)
    page.show()
    assert page.empty_note.isVisible() and not page.recent.isVisible()  # nothing opened yet in this profile
    for button, kind in ((page.open_button, OpenCaseDialog), (page.new_button, NewCaseDialog),
                         (page.training_button, TrainingCaseDialog)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda kind=kind: isinstance(page.dialog, kind) and page.dialog.isVisible())
        dialog = page.dialog
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: page.dialog is None)


def test_a_recent_case_no_longer_there_is_shown_but_not_offered(qtbot: QtBot, app, jobs, tmp_path: Path) -> None:
    gone = tmp_path / "gone.heroes"
    remember_recent_case(gone)
    page = StartPage(jobs)
    qtbot.addWidget(page)
    item = page.recent.item(0)
    assert "not found" in item.text() and not item.flags() & Qt.ItemFlag.ItemIsEnabled


# ---------------------------------------------------------------------------------------------- open dialog

def test_wrong_passphrase_shows_the_cores_line_then_the_right_one_opens(qtbot: QtBot, app, jobs, closed_case) -> None:
    expected = core_message(closed_case, "not the passphrase")
    dialog = open_dialog(qtbot, jobs, closed_case)
    fill_and_open(qtbot, dialog, "not the passphrase")
    assert wait_for_error(qtbot, dialog) == expected
    assert "wrong passphrase" in expected and "\n" not in expected and "Traceback" not in expected
    assert dialog.isVisible() and dialog.session is None
    assert dialog.passphrase.hasFocus() and dialog.passphrase.selectedText() == "not the passphrase"
    with qtbot.waitSignal(dialog.opened, timeout=20000) as opened:
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)  # replaces the selected wrong one
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    opened.args[0].close()
    assert not dialog.isVisible()


def test_not_a_case_shows_the_cores_line(qtbot: QtBot, app, jobs, examiner_key) -> None:
    assert EVIDENCE_NOT_A_CASE.is_file(), "shared test data is missing"
    before = EVIDENCE_NOT_A_CASE.stat()
    expected = core_message(EVIDENCE_NOT_A_CASE, PASSPHRASE)
    dialog = open_dialog(qtbot, jobs, EVIDENCE_NOT_A_CASE)
    fill_and_open(qtbot, dialog, PASSPHRASE)
    assert wait_for_error(qtbot, dialog) == expected
    assert "not a case file (an EWF (E01) evidence image)" in expected
    after = EVIDENCE_NOT_A_CASE.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)  # evidence untouched


def test_truncated_case_shows_the_cores_line(qtbot: QtBot, app, jobs, closed_case: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.heroes"
    shutil.copyfile(closed_case, truncated)
    with truncated.open("r+b") as stream:
        stream.truncate(truncated.stat().st_size - PAGE_SIZE // 2)
    expected = core_message(truncated, PASSPHRASE)
    assert "truncated" in expected
    dialog = open_dialog(qtbot, jobs, truncated)
    fill_and_open(qtbot, dialog, PASSPHRASE)
    assert wait_for_error(qtbot, dialog) == expected


def test_wrong_key_passphrase_and_missing_fields_are_one_line(qtbot: QtBot, app, jobs, closed_case: Path) -> None:
    dialog = open_dialog(qtbot, jobs, closed_case)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.error.text() == "Enter the case passphrase."
    fill_and_open(qtbot, dialog, PASSPHRASE, key_passphrase="not the key passphrase")
    message = wait_for_error(qtbot, dialog)
    assert message.startswith("wrong key passphrase for Ana Examiner's signing key")


def test_first_use_of_a_name_asks_the_key_passphrase_twice(qtbot: QtBot, app, jobs, closed_case: Path) -> None:
    dialog = open_dialog(qtbot, jobs, closed_case)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    type_identity(qtbot, dialog, "Tomas Trainee", "lantern orchard quietly ninety")
    assert dialog.identity.key_repeat.isVisible() and dialog.identity.key_note.isVisible()
    index = dialog.identity.role.findData(Role.TRAINEE)
    dialog.identity.role.setCurrentIndex(index)
    qtbot.keyClicks(dialog.identity.key_repeat, "another")
    qtbot.keyClick(dialog.identity.key_repeat, Qt.Key.Key_Return)
    assert dialog.error.text() == "The two key passphrases differ."
    dialog.identity.key_repeat.clear()
    with qtbot.waitSignal(dialog.opened, timeout=20000) as opened:
        qtbot.keyClicks(dialog.identity.key_repeat, "lantern orchard quietly ninety")
        qtbot.keyClick(dialog.identity.key_repeat, Qt.Key.Key_Return)
    session = opened.args[0]
    assert session.actor == Actor("Tomas Trainee", Role.TRAINEE)
    session.close()


def test_read_only_open_needs_no_key_and_the_window_cannot_add_evidence(qtbot: QtBot, app, jobs, closed_case) -> None:
    dialog = open_dialog(qtbot, jobs, closed_case)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.read_only, Qt.MouseButton.LeftButton)
    assert dialog.read_only.isChecked() and not dialog.identity.key_passphrase.isEnabled()
    with Case.open(closed_case, PASSPHRASE) as case:
        events_before = len(case.events())
    with qtbot.waitSignal(dialog.opened, timeout=20000) as opened:
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    session = opened.args[0]
    assert session.read_only and session.case.mode is OpenMode.READ_ONLY
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert "[read-only]" in window.windowTitle()
    assert not window.actions_by_id["file.add_evidence"].isEnabled()
    window.close()
    with Case.open(closed_case, PASSPHRASE) as case:
        assert len(case.events()) == events_before  # nothing recorded, nothing changed


def test_supervisor_opens_for_review(qtbot: QtBot, app, jobs, closed_case, supervisor, supervisor_key) -> None:
    dialog = open_dialog(qtbot, jobs, closed_case)
    dialog.identity.role.setCurrentIndex(dialog.identity.role.findData(Role.SUPERVISOR))
    with qtbot.waitSignal(dialog.opened, timeout=20000) as opened:
        fill_and_open(qtbot, dialog, PASSPHRASE, name=supervisor.name)
    session = opened.args[0]
    assert session.case.mode is OpenMode.REVIEW and session.read_only
    session.close()


# ------------------------------------------------------------------------------------------------- new case

def test_new_case_by_keyboard(qtbot: QtBot, app, jobs, tmp_path: Path, examiner_key) -> None:
    dialog = NewCaseDialog(jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "new" / "operation-b"
    qtbot.keyClicks(dialog.path, str(target))
    qtbot.keyClicks(dialog.title, "Operation B")
    qtbot.keyClicks(dialog.number, "2026-99")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE + "x")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.error.text() == "The two case passphrases differ."
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    type_identity(qtbot, dialog, "Ana Examiner", KEY_PASSPHRASE)
    with qtbot.waitSignal(dialog.created, timeout=20000) as created:
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    session = created.args[0]
    assert session.path == target.with_name("operation-b.heroes") and session.path.is_file()
    assert session.case.meta()["title"] == "Operation B"
    session.close()
    again = NewCaseDialog(jobs)  # the same path again: the core refuses, in one line
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.path, str(target) + ".heroes")
    for field in (again.passphrase, again.repeat):
        qtbot.keyClicks(field, PASSPHRASE)
    type_identity(qtbot, again, "Ana Examiner", KEY_PASSPHRASE)
    qtbot.keyClick(again.repeat, Qt.Key.Key_Return)
    assert "already exists; a new case never overwrites a file" in wait_for_error(qtbot, again)


# ---------------------------------------------------------------------------------------------- case window

@pytest.fixture
def session(qtbot: QtBot, closed_case: Path, examiner: Actor, examiner_key: SigningKey) -> CaseSession:
    case = Case.open(closed_case, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    session = CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    yield session
    session.close()


def show_window(qtbot: QtBot, session: CaseSession) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window-wide keys go to the active window
    return window


def test_case_window_has_every_panel_or_its_placeholder_and_f1(qtbot: QtBot, app, session: CaseSession) -> None:
    window = show_window(qtbot, session)
    assert window.windowTitle() == "Operation Test — HEROES Desktop"
    assert set(window.views) == set(views_for(session)) == set(VIEWS) - {"blind_review", "trainee_tasks"}
    for key, view in window.views.items():
        if isinstance(view, PlaceholderView):
            assert view.objectName() == f"placeholder_{key}" and view.text()
        else:
            assert type(view).__name__ == VIEWS[key].class_name
    assert session.shortcuts is window.shortcuts and session.exposure is window.exposure
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "shortcut_sheet", None) is not None and window.shortcut_sheet.isVisible())
    sheet = window.shortcut_sheet
    titles = {title for _, title, _ in sheet.visible_rows()}
    assert {"Close case", "Quit", "Keyboard shortcuts", "Add evidence…"} <= titles
    qtbot.keyClicks(sheet.filter, "F8")
    assert [row[1] for row in sheet.visible_rows()] == ["Reveal images (blurred and greyscale until then)"]
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())


def test_f8_reveals_and_obscures_and_the_choice_persists(qtbot: QtBot, app, session: CaseSession) -> None:
    window = show_window(qtbot, session)
    assert not window.exposure.revealed and "blurred" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.exposure.changed):
        qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.exposure.revealed and window.actions_by_id["view.reveal_images"].isChecked()
    assert ExposurePolicy("Ana Examiner").revealed  # saved for this examiner
    assert not ExposurePolicy("Another Examiner").revealed  # and only for them
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert not ExposurePolicy("Ana Examiner").revealed


def test_closing_the_case_window_is_clean(qtbot: QtBot, app, session: CaseSession) -> None:
    window = show_window(qtbot, session)
    finished = []
    session.jobs.write("a slow write", lambda: time.sleep(0.3) or finished.append(True))
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert finished == [True]  # the running write finished before the case closed
    assert not session.jobs.busy and session.passphrase == "" and session.key_passphrase == ""
    later = session.jobs.write("after close", lambda: None)
    assert later.cancelled  # nothing more runs
    plaintext = [path for path in session.path.parent.iterdir() if path.name.endswith(("-wal", "-shm", "-journal"))]
    assert plaintext == []  # SQLCipher's side files gone with the last connection


def test_shell_goes_back_to_the_start_page_after_close_and_quits_cleanly(qtbot: QtBot, app, closed_case, examiner,
                                                                         examiner_key) -> None:
    shell = Shell(app)
    qtbot.addWidget(shell.start_page)
    shell.show_start()
    case = Case.open(closed_case, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    shell.open_session(CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE))
    window = shell.main_window
    assert window is not None and window.isVisible() and not shell.start_page.isVisible()
    window.actions_by_id["file.close_case"].trigger()
    qtbot.waitUntil(lambda: shell.start_page.isVisible() and shell.main_window is None)
    shell.open_path(closed_case)
    qtbot.waitUntil(lambda: isinstance(shell.start_page.dialog, OpenCaseDialog))
    shell.start_page.dialog.reject()
    shell.shutdown()


# ------------------------------------------------------------------------------------- crash dialog, i18n

def test_an_unexpected_error_shows_the_crash_dialog(qtbot: QtBot, app) -> None:
    errors.install_handler(show_crash_dialog)
    try:
        jobs = Jobs()
        jobs.read("counting the files", lambda: 1 / 0)
        qtbot.waitUntil(lambda: any(widget.objectName() == "crash_dialog" and widget.isVisible()
                                    for widget in QApplication.topLevelWidgets()))
        box = next(widget for widget in QApplication.topLevelWidgets() if widget.objectName() == "crash_dialog")
        assert isinstance(box, QMessageBox)
        assert box.text() == "Something went wrong while counting the files."
        assert box.informativeText() == "unexpected error (ZeroDivisionError): division by zero"
        assert "Traceback" in box.detailedText()
        box.close()
        jobs.shutdown()
    finally:
        errors.install_handler(None)


def test_spanish_is_shipped_and_shows(qtbot: QtBot, app, jobs) -> None:
    assert {"en", "es"} <= set(available_languages())
    assert compiled_translation("es") is not None
    assert install_translation(app, "es") == "es"
    page = StartPage(jobs)
    qtbot.addWidget(page)
    assert page.open_button.text() == "&Abrir caso…"
    assert page.training_button.text() == "Abrir el caso de &formación…"
    dialog = open_dialog(qtbot, jobs)
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.error.text() == "Elija el archivo del caso que quiere abrir."
    assert dialog.cancel_button.text().replace("&", "") == "Cancelar"  # Qt's own strings follow too
    assert install_translation(app, "en") == "en"
    assert StartPage(jobs).open_button.text() == "&Open case…"


SHELL_CONTEXTS = {"CrashDialog", "IdentityForm", "MainWindow", "NewCaseDialog", "OpenCaseDialog", "Shell",
                  "ShortcutRegistry", "ShortcutSheet", "StartPage", "TrainingCaseDialog"}


def test_every_spanish_message_of_the_shell_is_translated() -> None:
    tree = ElementTree.parse(REPO / "heroes_desktop" / "resources" / "i18n" / "heroes_es.ts")
    seen, untranslated = set(), []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        if name not in SHELL_CONTEXTS:
            continue
        seen.add(name)
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete") or not translation.text:
                untranslated.append((name, message.findtext("source")))
    assert seen == SHELL_CONTEXTS and untranslated == []


def test_the_theme_follows_the_scheme_and_its_override(app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THEME_ENV, "dark")
    try:
        assert apply_theme(app) == "dark"
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        monkeypatch.setenv(THEME_ENV, "light")
        assert apply_theme(app) == "light"
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        monkeypatch.delenv(THEME_ENV)
        apply_theme(app)  # what the desktop says (offscreen: light)


# ------------------------------------------------------------------------------------------------- exposure

def test_obscure_blurs_and_greys_at_the_same_size_and_quickly() -> None:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    for y in range(256):
        for x in range(256):
            image.setPixelColor(x, y, QColor(255, 0, 0) if (x // 8 + y // 8) % 2 else QColor(0, 0, 255))
    started = time.perf_counter()
    hidden = obscure(image, ObscureLevel.DEFAULT)
    thumbnail_s = time.perf_counter() - started
    assert hidden.size() == image.size()
    assert all(hidden.pixelColor(x, y).saturation() == 0 for x, y in ((3, 3), (100, 40), (200, 250)))  # grey
    values = [hidden.pixelColor(x, 128).value() for x in range(0, 256, 4)]
    assert max(values) - min(values) < 40  # the 8 px checkerboard is gone
    assert obscure(image, ObscureLevel.CLEAR) == image
    big = QImage(4000, 3000, QImage.Format.Format_RGB32)
    big.fill(QColor(10, 200, 30))
    started = time.perf_counter()
    obscured_big = obscure(big)
    big_s = time.perf_counter() - started
    assert obscured_big.size() == big.size()
    assert thumbnail_s < 0.05 and big_s < 0.5, (thumbnail_s, big_s)


def test_exposure_defaults_are_safe() -> None:
    policy = ExposurePolicy("Nuevo Examinador")
    assert not policy.revealed and policy.level is ObscureLevel.DEFAULT
    assert policy.autoplay is False and policy.start_muted is True
    policy.set_obscure_level(ObscureLevel.STRONG)
    assert ExposurePolicy("Nuevo Examinador").obscure_level is ObscureLevel.STRONG


# ---------------------------------------------------------------------------------------------- training

def test_training_folder_must_be_new_or_empty(tmp_path: Path) -> None:
    assert folder_problem(tmp_path / "new") is None
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert folder_problem(tmp_path / "busy") == "not empty"
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / DEMO_CASE_NAME).write_bytes(b"")
    assert folder_problem(tmp_path / "again") is None  # a previous build is rebuilt


@pytest.mark.slow
def test_the_training_case_is_built_with_progress_and_opened(qtbot: QtBot, app, jobs, tmp_path: Path) -> None:
    dialog = TrainingCaseDialog(jobs, None, tmp_path / "training")
    qtbot.addWidget(dialog)
    dialog.show()
    seen: set[str] = set()
    dialog._timer.timeout.connect(lambda: seen.add(dialog.status.text()))
    dialog.seed.setValue(3)  # the class's own seed
    with qtbot.waitSignal(dialog.opened, timeout=300000) as opened:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
        assert dialog.busy and dialog.progress.isVisible()
    session = opened.args[0]
    try:
        assert session.path == tmp_path / "training" / DEMO_CASE_NAME
        assert session.case.mode is OpenMode.READ_WRITE and session.actor.name == "Demo Examiner"
        assert len([text for text in seen if text]) >= 3  # progress moved while it worked
        key = json.loads((tmp_path / "training" / "evidence" / "answer-key.json").read_text())
        assert key["seed"] == 3
        window = MainWindow(session)
        qtbot.addWidget(window)
        assert window.windowTitle() == "HEROES demo (training evidence) — HEROES Desktop"
    finally:
        session.close()


@pytest.mark.slow
def test_heroes_demo_gui_opens_the_finished_case_and_quits_on_sigterm(tmp_path: Path, isolated_profile: Path) -> None:
    ready = tmp_path / "ready.jsonl"
    env = cli_env(isolated_profile, QT_QPA_PLATFORM="offscreen", HEROES_GUI_READY_FILE=str(ready))
    process = subprocess.Popen([*HEROES_COMMAND, "demo", "--gui", "--out", str(tmp_path / "demo"), "--jobs", "1"],
                               env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        windows: list[dict] = []
        while time.monotonic() < deadline and process.poll() is None:
            if ready.is_file():
                windows = [json.loads(line) for line in ready.read_text().splitlines() if line.strip()]
                if any(window["object"] == "main_window" for window in windows):
                    break
            time.sleep(0.2)  # another process: there is no event loop here to wait on
        assert any(window["object"] == "main_window" and window["window"].startswith("HEROES demo")
                   for window in windows), process.communicate(timeout=5) if process.poll() is not None else windows
        os.kill(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "custody chain   verified" in out
