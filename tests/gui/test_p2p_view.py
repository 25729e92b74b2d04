"""The P2P panel on a real case with P2P records (a µTorrent torrent and resume file, an eMule known.met and search
strings, an ED2K list and an MD5 list matched): records grouped by client with matched clients and records first
and marked, the kind and "matched only" filters, the chosen record's details and content, its content files and
its artifact sent to the file table as exactly those files, Ctrl+Alt+P to reach it, the empty state's sentence,
and no SQL in the panel's module."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import MainWindow
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry
from heroes_desktop.gui.views import p2p_view
from heroes_desktop.gui.views.p2p_view import P2PView
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE
from tests.gui.demo_sessions import unexpected  # noqa: F401 - fixture
from tests.p2p.p2p_case import ingest_p2p_case, write_p2p_evidence

TIMEOUT_MS = 60_000


@pytest.fixture
def p2p_session(tmp_path: Path, case_path: Path, examiner, examiner_key, unexpected: list[str]  # noqa: F811
                ) -> Iterator[tuple[CaseSession, dict[str, int]]]:
    case = Case.create(case_path, PASSPHRASE, examiner, examiner_key)
    ids = ingest_p2p_case(case, write_p2p_evidence(tmp_path))
    session = CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    yield session, ids
    session.close()
    assert not unexpected


def _panel(qtbot: QtBot, session: CaseSession) -> P2PView:
    view = P2PView(session, registry=ShortcutRegistry(None))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: not view.loading, timeout=TIMEOUT_MS)
    return view


def _record(view: P2PView, **wanted: object) -> dict:
    return next(record for record in view._records.values()
                if all(record[key] == value for key, value in wanted.items()))


def test_records_are_grouped_by_client_matched_first(qtbot: QtBot, p2p_session) -> None:
    session, _ids = p2p_session
    view = _panel(qtbot, session)
    shown = dict(view.clients())
    assert set(shown) == {"emule", "utorrent", "torrent"}
    emule = [view._records[record_id] for record_id in shown["emule"]]
    assert emule[0]["name"] == "gone.bin" and emule[0]["matches"]  # the matched record first in its client
    assert all(record["matches"] for record in emule[:1]) and not any(record["matches"] for record in emule[1:])
    group = view.tree.topLevelItem([client for client, _ in view.clients()].index("emule"))
    assert "matching a hash set: 1" in group.text(0)
    gone = group.child(0)
    assert gone.font(0).bold() and not group.child(1).font(0).bold()
    assert "police list (CAT-1, by the record's ED2K)" in gone.text(7)
    assert gone.text(3).startswith("ED2K ") and gone.text(6).endswith("eMule/config/known.met")
    view.set_filter("search")
    qtbot.waitUntil(lambda: not view.loading, timeout=TIMEOUT_MS)
    assert [(client, [view._records[i]["kind"] for i in ids]) for client, ids in view.clients()] == [
        ("emule", ["search"])]
    view.set_filter(None, matched_only=True)
    qtbot.waitUntil(lambda: not view.loading, timeout=TIMEOUT_MS)
    assert all(view._records[i]["matches"] for _client, ids in view.clients() for i in ids)
    assert "gone.bin" in [view._records[i]["name"] for _client, ids in view.clients() for i in ids]


def test_a_chosen_record_shows_its_details_and_content(qtbot: QtBot, p2p_session) -> None:
    session, ids = p2p_session
    view = _panel(qtbot, session)
    torrent = _record(view, kind="torrent")
    assert view.select_record(torrent["id"])
    assert sorted(view.content_ids()) == sorted([ids["Downloads/holiday/beach.bin"],
                                                 ids["Downloads/holiday/sub/harbour.bin"]])
    fields = {view.details.topLevelItem(row).text(0): view.details.topLevelItem(row).text(1)
              for row in range(view.details.topLevelItemCount())}
    assert fields["BitTorrent info-hash (v1)"] == torrent["infohash"]
    assert "seized set (CAT-2, by content file" in fields["Hash-set match"]
    with qtbot.waitSignal(view.file_requested, timeout=TIMEOUT_MS) as asked:
        view.content.setCurrentCell(0, 0)
        view.content.setFocus()
        qtbot.keyClick(view.content, Qt.Key.Key_Return)
    assert asked.args == [view.content_ids()[0]]
    gone = _record(view, name="gone.bin")
    view.select_record(gone["id"])
    assert view.content_ids() == [] and not view.content_button.isEnabled()
    view.presentation_changed(True)
    view.select_record(gone["id"])
    assert "gone" not in view.tree.currentItem().text(0) and "known.met" not in view.tree.currentItem().text(6)
    view.presentation_changed(False)


def test_show_content_and_artifact_scope_the_file_table(qtbot: QtBot, p2p_session) -> None:
    session, ids = p2p_session
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    table = window.views["file_table"]
    qtbot.waitUntil(lambda: not table.model.loading and table.model.rowCount() > 0, timeout=TIMEOUT_MS)
    view = window.views["p2p"]
    assert isinstance(view, P2PView)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.tab_keys[window.tabs.currentIndex()] == "p2p"
    qtbot.waitUntil(lambda: not view.loading, timeout=TIMEOUT_MS)
    torrent = _record(view, kind="torrent")
    view.select_record(torrent["id"])
    qtbot.mouseClick(view.content_button, Qt.MouseButton.LeftButton)
    linked = {ids["Downloads/holiday/beach.bin"], ids["Downloads/holiday/sub/harbour.bin"]}
    qtbot.waitUntil(lambda: not table.model.loading and table.query.scope is not None, timeout=TIMEOUT_MS)
    assert set(table.query.scope.ids) == linked
    qtbot.waitUntil(lambda: not table.model.loading, timeout=TIMEOUT_MS)
    assert {table.model.file_id(row) for row in range(table.model.rowCount())} == linked
    assert any("P2P content" in text for text in table.chips.labels())
    view.select_client("emule")
    view.show_artifact()
    qtbot.waitUntil(lambda: not table.model.loading, timeout=TIMEOUT_MS)
    assert {table.model.file_id(row) for row in range(table.model.rowCount())} == {
        ids["eMule/config/known.met"], ids["eMule/config/AC_SearchStrings.dat"]}
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT_MS)
    window.close()


def test_an_empty_case_says_which_stage_fills_the_panel(qtbot: QtBot, new_case: Case, examiner,
                                                        unexpected: list[str]) -> None:  # noqa: F811
    session = CaseSession(new_case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    view = _panel(qtbot, session)
    assert view.empty.isVisible() and not view.split.isVisible()
    assert "No P2P records in this case" in view.empty.text() and "p2p stage" in view.empty.text()
    assert view.clients() == []
    assert not view.show_content()
    session.jobs.shutdown(wait=True)
    assert not unexpected


def test_the_panel_holds_no_sql() -> None:
    source = Path(p2p_view.__file__).read_text(encoding="utf-8")
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source))
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])}
    assert not imported & {"sqlalchemy", "sqlite3", "sqlcipher3"}
    assert not any(word in source for word in ("SELECT ", "execute(", "reading()"))
