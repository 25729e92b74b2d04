"""The People panel on the demo case, offscreen: the browser finds the planted identifiers, choosing one scopes the
file table to its files, the links graph draws a planted phone number joined to its planted IBAN, choosing that
link lists its documents (and opening one asks the window for it), a merge made in the panel leaves its custody
event, and a read-only session cannot merge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QGraphicsLineItem

from heroes_desktop.browse.entity_index import entity_files, entity_label_counts
from heroes_desktop.browse.file_query import Scope
from heroes_desktop.gui.models.entity_model import SUMMARY_ROLE
from heroes_desktop.gui.views.people_view import MERGE_ACTION, PeopleView
from heroes_desktop.training.checks import FileIndex
from tests.gui.demo_sessions import demo, open_demo_session, session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 15_000


def planted_phone_and_iban(demo_result) -> tuple[tuple[str, str], tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A phone number and an IBAN the answer key plants in one money transfer."""
    key = json.loads(Path(demo_result.training.key).read_text(encoding="utf-8"))
    for item in key["items"]:
        entities = [(e["label"], e["normalized"]) for e in item["expect"].get("entities", [])]
        phones = [e for e in entities if e[0] == "PHONE"]
        ibans = [e for e in entities if e[0] == "IBAN"]
        if item["expect"].get("topic") == "money transfers" and phones and ibans and not item["expect"].get("deleted"):
            return phones[0], ibans[0]
    raise AssertionError("the answer key plants no phone number beside an IBAN")


@pytest.fixture
def panel(session, qtbot) -> Iterator[PeopleView]:  # noqa: F811
    view = PeopleView(session)
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    tester = QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # noqa: F841
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: view.kind.count() > 1, timeout=TIMEOUT)
    yield view
    view.shutdown()


def _find(view: PeopleView, qtbot, key: tuple[str, str]) -> int:  # type: ignore[no-untyped-def]
    """Filter the browser to ``key``'s kind and text and return its row."""
    view.kind.setCurrentIndex(view.kind.findData(key[0]))
    view.text_filter.setText(key[1])
    qtbot.waitUntil(lambda: view.model.row_of(key) >= 0 and not view.model.loading, timeout=TIMEOUT)
    return view.model.row_of(key)


def test_the_browser_finds_the_planted_identifiers_and_scopes_the_table(panel: PeopleView, demo, qtbot) -> None:  # noqa: F811
    phone, iban = planted_phone_and_iban(demo)
    counts = entity_label_counts(panel._session.case)
    assert panel.kind.findData("PHONE") > 0 and f"({counts['PHONE']})" in panel.kind.itemText(
        panel.kind.findData("PHONE"))
    row = _find(panel, qtbot, phone)
    summary = panel.model.index(row, 0).data(SUMMARY_ROLE)
    assert summary.key == phone and summary.files >= 1
    assert panel.model.index(row, 0).data() == "PHONE"
    with qtbot.waitSignal(panel.query_part_changed, timeout=TIMEOUT) as emitted:
        panel.table.setFocus()
        panel.table.selectRow(row)
    scope = emitted.args[0]["scope"]
    assert scope == Scope.of_entity(phone[0], phone[1], summary.text)
    # the header sorts in the core: by mentions, ascending
    panel.text_filter.clear()
    panel.kind.setCurrentIndex(0)
    qtbot.waitUntil(lambda: panel.model.filter.labels is None and not panel.model.filter.text
                    and not panel.model.loading, timeout=TIMEOUT)
    panel.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: panel.model.filter.sort == "mentions" and not panel.model.loading, timeout=TIMEOUT)
    shown = [panel.model.summary(row).mentions for row in range(min(50, panel.model.rowCount()))]
    assert shown == sorted(shown)


def test_the_links_graph_joins_the_planted_phone_and_iban_and_lists_their_documents(
        panel: PeopleView, demo, qtbot) -> None:  # noqa: F811
    phone, iban = planted_phone_and_iban(demo)
    row = _find(panel, qtbot, phone)
    with qtbot.waitSignal(panel.graph_shown, timeout=TIMEOUT) as shown:
        panel.table.selectRow(row)
    graph = shown.args[0]
    assert graph.seed == phone and graph.edge(phone, iban) is not None
    assert phone in panel.graph.nodes and iban in panel.graph.nodes
    line = panel.graph.edges[frozenset((phone, iban))]
    assert isinstance(line, QGraphicsLineItem)
    expected = sorted(set(entity_files(panel._session.case, *phone)) & set(entity_files(panel._session.case, *iban)))
    with qtbot.waitSignal(panel.query_part_changed, timeout=TIMEOUT) as scoped:
        line.setSelected(True)  # a click on the edge selects it
    scope = scoped.args[0]["scope"]
    assert scope.kind == "ids" and list(scope.ids) == expected
    assert "PHONE" in scope.label and "IBAN" in scope.label
    qtbot.waitUntil(lambda: panel.documents.count() == len(expected), timeout=TIMEOUT)
    paths = {row["id"]: row["path"] for row in FileIndex(panel._session.case).files}
    assert panel.documents.item(0).text() == paths[expected[0]]
    with qtbot.waitSignal(panel.file_requested, timeout=TIMEOUT) as requested:
        panel.documents.setFocus()
        panel.documents.setCurrentRow(0)
        qtbot.keyClick(panel.documents, Qt.Key.Key_Return)
    assert requested.args[0] == expected[0]
    # the keyboard's way to the same link: the list of the seed's links
    assert panel.links.count() == len([edge for edge in graph.edges if phone in (edge.a, edge.b)])
    zoom = panel.graph.transform().m11()
    panel.graph.setFocus()
    panel.actions_by_id["people.zoom_in"].trigger()
    assert panel.graph.transform().m11() > zoom


def test_a_merge_made_in_the_panel_records_its_custody_event(panel: PeopleView, demo, qtbot) -> None:  # noqa: F811
    phone, iban = planted_phone_and_iban(demo)
    panel.kind.setCurrentIndex(panel.kind.findData("PHONE"))
    qtbot.waitUntil(lambda: panel.model.filter.labels == ("PHONE",) and not panel.model.loading, timeout=TIMEOUT)
    before = panel.model.rowCount()
    panel.table.selectRow(0)
    source = panel.selected_summary()
    assert panel.merge_button.isEnabled()
    target = next(summary for summary in panel.merge_targets() if summary.key != source.key)
    panel.choose_target = lambda targets: target  # type: ignore[method-assign]
    questions: list[str] = []
    panel.confirm = lambda question: questions.append(question) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.message, timeout=TIMEOUT):
        panel.actions_by_id[MERGE_ACTION].trigger()
    assert questions
    qtbot.waitUntil(lambda: panel.model.rowCount() == before - 1 and not panel.model.loading, timeout=TIMEOUT)
    events = [event for event in panel._session.case.events() if event.action == "entity.merged"]
    assert len(events) == 1
    assert events[0].details["entity"] == {"label": source.label, "normalized": source.normalized}
    assert events[0].details["into"] == {"label": target.label, "normalized": target.normalized}
    qtbot.waitUntil(lambda: panel.selected_summary() is not None
                    and panel.selected_summary().key == target.key, timeout=TIMEOUT)
    assert source.key in panel.selected_summary().aliases and panel.withdraw_button.isEnabled()
    with qtbot.waitSignal(panel.message, timeout=TIMEOUT):
        panel.withdraw_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == before and not panel.model.loading, timeout=TIMEOUT)
    assert [event.action for event in panel._session.case.events()].count("entity.merge_withdrawn") == 1
    assert panel._session.case.verify().ok


def test_read_only_disables_merging(demo, qtbot, unexpected) -> None:  # noqa: F811
    session_ro = open_demo_session(demo, mode="read-only")
    try:
        view = PeopleView(session_ro)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading, timeout=TIMEOUT)
        view.table.selectRow(0)
        qtbot.waitUntil(lambda: view.selected_summary() is not None, timeout=TIMEOUT)
        assert not view.merge_button.isEnabled() and not view.withdraw_button.isEnabled()
        assert not view.actions_by_id[MERGE_ACTION].isEnabled()
        view.merge_selected()  # nothing happens, nothing is asked
        view.shutdown()
    finally:
        session_ro.close()
    assert not unexpected
