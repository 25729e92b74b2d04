"""The window around the people, topics and timeline panels on the demo case: each is a tab of its own with its
key, a file asked for by a panel becomes the file table's current row (scoped to it when the rows shown do not hold
it), a panel's scope reaches the file table as a chip, and the selection is exported as CSV with a custody event."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from heroes_desktop.browse.file_query import Scope
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.gui.dialogs.selection_export import export_selection
from heroes_desktop.gui.main_window import FINDING_PANELS, MainWindow, PlaceholderView
from heroes_desktop.gui.session import CaseSession
from tests.gui.demo_sessions import demo, session, unexpected  # noqa: F401 - fixtures

TIMEOUT_MS = 60_000


def _window(qtbot: QtBot, session: CaseSession) -> MainWindow:  # noqa: F811
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    table = window.views["file_table"]
    qtbot.waitUntil(lambda: not table.model.loading and table.model.rowCount() > 0, timeout=TIMEOUT_MS)
    return window


def _settle(qtbot: QtBot, session: CaseSession) -> None:  # noqa: F811
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT_MS)


def test_each_panel_is_a_tab_with_its_key(qtbot: QtBot, session: CaseSession) -> None:  # noqa: F811
    window = _window(qtbot, session)
    for number, key in zip((8, 9, 0), FINDING_PANELS):
        assert not isinstance(window.views[key], PlaceholderView), key
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
        assert window.tab_keys[window.tabs.currentIndex()] == key
        _settle(qtbot, session)
    window.close()


def test_a_file_asked_for_becomes_the_current_row(qtbot: QtBot, session: CaseSession) -> None:  # noqa: F811
    window = _window(qtbot, session)
    table = window.views["file_table"]
    model = table.model
    last = model.file_id(model.rowCount() - 1)
    window.focus_panel("timeline")
    window.show_file(last)  # in the rows shown: selected there
    assert window.tab_keys[window.tabs.currentIndex()] == "file_table"
    assert table.selected_ids() == [last] and table.query.scope is None
    table.apply_query_part(scope=Scope.of_ids([model.file_id(0)], "one file"))
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1, timeout=TIMEOUT_MS)
    window.show_file(last)  # not among them: the table is scoped to it
    qtbot.waitUntil(lambda: table.selected_ids() == [last], timeout=TIMEOUT_MS)
    assert table.query.scope is not None and table.query.scope.ids == (last,)
    assert any(str(last) in text for text in table.chips.labels())
    _settle(qtbot, session)
    window.close()


def test_the_selection_is_exported_as_csv(qtbot: QtBot, session: CaseSession, tmp_path: Path) -> None:  # noqa: F811
    window = _window(qtbot, session)
    table = window.views["file_table"]
    table.select_rows(0, 2)
    chosen = table.selected_ids()
    out = tmp_path / "three.csv"
    job = export_selection(session, window, None, table, out=out)
    assert job is not None
    with qtbot.waitSignal(job.exported, timeout=TIMEOUT_MS):
        pass
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [int(row["id"]) for row in rows] == chosen
    event = session.case.events()[-1]
    assert event.action == "export.selection" and event.details["sha256"] == file_sha256(out)
    assert "custody" in window.statusBar().currentMessage()
    assert export_selection(session, window, None, table, out=out) is not None  # refused by the core: it exists
    qtbot.waitUntil(lambda: "not exported" in window.statusBar().currentMessage(), timeout=TIMEOUT_MS)
    window.close()
