"""Categorise and bookmark by keyboard on a real encrypted case: digits 0-5 set CAT-0..CAT-5 on the selection, a
bookmark with a note and its own key, undo and redo; every step a custody event through the core, and the chain
verifies at the end. A read-only session cannot tag, and says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry
from heroes_desktop.gui.views.categorise import BOOKMARK_ACTION, UNDO_ACTION
from heroes_desktop.gui.views.file_table import FileTableView
from heroes_desktop.hashsets.tagging import list_tags
from tests.gui.test_models import browse_template, copy_case, open_session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 10_000
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _table(session: CaseSession, qtbot) -> FileTableView:
    table = FileTableView(session, registry=ShortcutRegistry(session.actor.name if session.actor else None))
    table.tester = QAbstractItemModelTester(table.model,  # type: ignore[attr-defined]
                                            QAbstractItemModelTester.FailureReportingMode.Fatal)
    qtbot.addWidget(table)
    table.resize(1000, 500)
    with qtbot.waitActive(table):
        table.show()
        table.activateWindow()
    qtbot.waitUntil(lambda: table.model.rowCount() == 11 and not table.model.loading, timeout=TIMEOUT)
    table.sort_by("name")
    qtbot.waitUntil(lambda: table.query.sort == "name" and not table.model.loading, timeout=TIMEOUT)
    return table


@pytest.fixture
def case_file(browse_template, tmp_path: Path) -> Path:  # noqa: F811
    return copy_case(browse_template, tmp_path / "case")


@pytest.fixture
def session(browse_template, case_file: Path, unexpected) -> Iterator[CaseSession]:  # noqa: F811
    opened = open_session(browse_template, case_file)
    yield opened
    opened.close()
    assert not unexpected


def _row(table: FileTableView, qtbot, name: str) -> int:
    model = table.model
    section = model.section_of("name")
    for row in range(model.rowCount()):
        model.data(model.index(row, section))
    qtbot.waitUntil(lambda: all(model.row_loaded(row) for row in range(model.rowCount())), timeout=TIMEOUT)
    return next(row for row in range(model.rowCount()) if model.data(model.index(row, section)) == name)


def _cell(table: FileTableView, qtbot, name: str, key: str) -> str:
    model = table.model
    row = _row(table, qtbot, name)
    return model.data(model.index(row, model.section_of(key)))


def _current(session: CaseSession) -> dict[tuple[str, str], str]:
    """(path, slot) -> label of every current tag, read through the core."""
    return {(row["path"], "category" if row["category"] else row["bookmark"].casefold()):
            row["category"] or f"{row['bookmark']}|{row['note']}" for row in list_tags(session.case, current_only=True)}


def _press(table: FileTableView, qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the table and wait until the write it caused has landed and the rows were read again."""
    with qtbot.waitSignal(table.categorise.tagged, timeout=TIMEOUT):
        qtbot.keyClick(table.table, key, modifiers)
    qtbot.waitUntil(lambda: not table.categorise.busy and not session_busy(table), timeout=TIMEOUT)


def session_busy(table: FileTableView) -> bool:
    return table._session.jobs.busy  # noqa: SLF001 - the test waits for every job to land


def test_digits_categorise_the_selection_with_undo_and_redo(session: CaseSession, qtbot) -> None:
    table = _table(session, qtbot)
    first, second = _row(table, qtbot, "invoice-2024.txt"), _row(table, qtbot, "letter.txt")
    assert abs(first - second) == 1
    table.table.setFocus()
    table.select_rows(min(first, second), max(first, second))  # the two documents of /docs
    assert len(table.selected_ids()) == 2
    _press(table, qtbot, Qt.Key.Key_3)
    assert _current(session) == {("/docs/invoice-2024.txt", "category"): "CAT-3",
                                 ("/docs/letter.txt", "category"): "CAT-3"}
    qtbot.waitUntil(lambda: _cell(table, qtbot, "letter.txt", "category") == "CAT-3", timeout=TIMEOUT)
    assert "CAT-3 on 2 files" in table.status.text()
    # one of them to CAT-2: undo gives it back its CAT-3, a second undo takes CAT-3 from both
    table.select_rows(_row(table, qtbot, "letter.txt"))
    _press(table, qtbot, Qt.Key.Key_2)
    assert _current(session)[("/docs/letter.txt", "category")] == "CAT-2"
    assert _current(session)[("/docs/invoice-2024.txt", "category")] == "CAT-3"
    _press(table, qtbot, Qt.Key.Key_Z, CTRL)
    assert _current(session)[("/docs/letter.txt", "category")] == "CAT-3"
    qtbot.waitUntil(lambda: _cell(table, qtbot, "letter.txt", "category") == "CAT-3", timeout=TIMEOUT)
    _press(table, qtbot, Qt.Key.Key_Z, CTRL)
    assert _current(session) == {}
    assert not table.categorise.actions[UNDO_ACTION].isEnabled()
    qtbot.waitUntil(lambda: _cell(table, qtbot, "letter.txt", "category") == "", timeout=TIMEOUT)
    # redo both
    _press(table, qtbot, Qt.Key.Key_Z, CTRL_SHIFT)
    assert set(_current(session).values()) == {"CAT-3"}
    _press(table, qtbot, Qt.Key.Key_Z, CTRL_SHIFT)
    assert _current(session)[("/docs/letter.txt", "category")] == "CAT-2"
    # a digit on files that already hold that category changes nothing (no custody noise)
    before = len(list_tags(session.case))
    _press(table, qtbot, Qt.Key.Key_2)
    assert len(list_tags(session.case)) == before and "Nothing to change" in table.status.text()
    # the chain holds every step: tagged, withdrawn (undone), tagged again
    events = [event for event in _events(session) if event in ("file.tagged", "tag.withdrawn")]
    assert events.count("tag.withdrawn") == 3 and events.count("file.tagged") == 2 + 1 + 1 + 2 + 1
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT)
    report = session.case.verify()
    assert report.ok, report.problems


def _events(session: CaseSession) -> list[str]:
    from heroes_desktop.case.custody import read_events  # the custody log, as `heroes custody` reads it
    with session.case.reading() as connection:
        return [event.action for event in read_events(connection)]


def test_bookmark_with_a_note_and_its_own_key(session: CaseSession, qtbot, isolated_profile: Path) -> None:
    table = _table(session, qtbot)
    table.table.setFocus()
    table.select_rows(_row(table, qtbot, "data.csv"))
    qtbot.keyClick(table.table, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: table.categorise.dialog is not None and table.categorise.dialog.isVisible())
    dialog = table.categorise.dialog
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name.lineEdit(), "CAT-7")  # a near-miss of a category is refused inline
    qtbot.keyClick(dialog.name.lineEdit(), Qt.Key.Key_Return)
    assert dialog.isVisible() and "CAT-7" in dialog.error.text()
    dialog.name.lineEdit().clear()
    qtbot.keyClicks(dialog.name.lineEdit(), "Accounts")
    qtbot.keyClicks(dialog.note, "the spreadsheet of payments")
    dialog.key.setFocus()
    qtbot.keyClick(dialog.key, Qt.Key.Key_3)  # taken by CAT-3: refused, the dialog stays
    qtbot.waitUntil(lambda: dialog.key_text() == "3")
    dialog.accept()
    assert dialog.isVisible() and "CAT-3" in dialog.error.text()
    dialog.key.clear()
    dialog.key.setFocus()
    qtbot.keyClick(dialog.key, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.key_text() == "Alt+A")
    with qtbot.waitSignal(table.categorise.tagged, timeout=TIMEOUT):
        dialog.accept()
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT)
    assert _current(session) == {("/data.csv", "accounts"): "Accounts|the spreadsheet of payments"}
    qtbot.waitUntil(lambda: _cell(table, qtbot, "data.csv", "tags") == "Accounts", timeout=TIMEOUT)
    # the bookmark's own key, on another file
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    with qtbot.waitActive(table):  # offscreen, a closed dialog gives no window back its activation
        table.activateWindow()
    table.table.setFocus()
    table.select_rows(_row(table, qtbot, "todo.txt"))
    _press(table, qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert _current(session)[("/notes/todo.txt", "accounts")] == "Accounts|"
    _press(table, qtbot, Qt.Key.Key_Z, CTRL)  # undo: the bookmark withdrawn from todo.txt only
    assert ("/notes/todo.txt", "accounts") not in _current(session)
    assert ("/data.csv", "accounts") in _current(session)
    # the key is the examiner's: a new panel (a new window) has it again
    table.close()
    again = FileTableView(session, registry=ShortcutRegistry(session.actor.name))
    qtbot.addWidget(again)
    assert again.categorise.bookmark_key("accounts") == "Alt+A"
    assert (isolated_profile / "gui").is_dir()
    report = session.case.verify()
    assert report.ok, report.problems


def test_read_only_sessions_cannot_tag(browse_template, case_file: Path, qtbot, unexpected) -> None:  # noqa: F811
    session = open_session(browse_template, case_file, OpenMode.READ_ONLY)
    try:
        table = _table(session, qtbot)
        actions = table.categorise.actions
        assert not actions["categorise.cat3"].isEnabled() and not actions[BOOKMARK_ACTION].isEnabled()
        assert "read-only" in actions["categorise.cat3"].toolTip()
        table.select_rows(0)
        assert not table.categorise.categorise("CAT-3")
        assert "read-only" in table.status.text()
        assert table.categorise.bookmark_selection() is None
        assert QApplication.activeModalWidget() is None
        assert list_tags(session.case) == []
    finally:
        session.close()
    assert not unexpected
