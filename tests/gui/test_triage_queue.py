"""The triage queue on a copy of the demo case (benign training pictures only), driven by keyboard: the queue in the
core's order, the why of the current item (the astronaut's face with its age distribution and P(under 18), the hash
set behind coffee.jpg), A / Return accepting the suggestion and a digit overriding it, each decision a custody event
naming its origin; the queue moves on after each decision, and a read-only session cannot decide."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLabel

from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry
from heroes_desktop.gui.views.triage_queue import (ACCEPT_ACTION, CATEGORY_ACTIONS, KIND_ROLE, CROSSED_ROLE,
                                                   TriageQueueView)
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.training.demo import DemoResult
from tests.gui.demo_sessions import demo, open_demo_session, session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 20_000


def _view(session: CaseSession, qtbot) -> TriageQueueView:  # type: ignore[no-untyped-def]
    view = TriageQueueView(session, registry=ShortcutRegistry(session.actor.name if session.actor else None))
    view.tester = QAbstractItemModelTester(view.model,  # type: ignore[attr-defined]
                                           QAbstractItemModelTester.FailureReportingMode.Fatal)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.loading, timeout=TIMEOUT)
    view.queue.setFocus()
    return view


def _ids_by_name(session: CaseSession) -> dict[str, int]:
    queued = triage_queue(session.case, include_reviewed=True)
    return {review.name: file_id for file_id, review in review_items(session.case, queued).items()}


def _tree_rows(tree) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[tree.topLevelItem(row).text(column) for column in range(tree.columnCount())]
            for row in range(tree.topLevelItemCount())]


def _last_tag(session: CaseSession, file_id: int) -> dict:
    events = [event for event in session.case.events()
              if event.action == "file.tagged" and event.details.get("file_id") == file_id]
    assert events, f"no file.tagged event for file {file_id}"
    return events[-1].details


def _press(view: TriageQueueView, qtbot, key: Qt.Key) -> tuple:  # type: ignore[no-untyped-def]
    """Press a deciding key in the queue and wait until its custody event is written."""
    with qtbot.waitSignal(view.decided, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(view.queue, key)
    return tuple(blocker.args)


def _move_to(view: TriageQueueView, qtbot, file_id: int) -> None:  # type: ignore[no-untyped-def]
    """Down (or Up) by keyboard until ``file_id`` is the current item and its why is shown."""
    target = view.model.row_of(file_id)
    assert target >= 0
    while view.queue.currentIndex().row() != target:
        key = Qt.Key.Key_Down if view.queue.currentIndex().row() < target else Qt.Key.Key_Up
        qtbot.keyClick(view.queue, key)
    qtbot.waitUntil(lambda: view.why.title.text() == view.model.review(target).name, timeout=TIMEOUT)


def test_the_queue_is_in_triage_order_and_shows_why(session: CaseSession, qtbot) -> None:
    view = _view(session, qtbot)
    expected = triage_queue(session.case)
    names = _ids_by_name(session)
    assert view.model.ids == expected
    qtbot.waitUntil(lambda: all(view.model.row_loaded(row) for row in range(view.model.rowCount())),
                    timeout=TIMEOUT)
    listed = [view.model.data(view.model.index(row, 0)) for row in range(view.model.rowCount())]
    reviews = review_items(session.case, expected)
    assert listed == [reviews[file_id].name for file_id in expected]

    # the first item is known material: coffee.jpg, which the training hash set gives CAT-1
    assert view.current_id() == names["coffee.jpg"] == expected[0]
    qtbot.waitUntil(lambda: view.why.title.text() == "coffee.jpg", timeout=TIMEOUT)
    signals = _tree_rows(view.why.signals_tree)
    hash_rows = [row for row, item in enumerate(signals)
                 if view.why.signals_tree.topLevelItem(row).data(0, KIND_ROLE) == "hash-set"]
    assert hash_rows, signals
    for row in hash_rows:
        item = view.why.signals_tree.topLevelItem(row)
        assert item.data(0, CROSSED_ROLE) is True and "CAT-1" in item.text(1) and "✔" in item.text(4)
        assert item.font(1).bold()  # crossed signals stand out
    assert any("exact" in row[3] for row in _tree_rows(view.why.hash_tree))
    assert "CAT-1" in view.why.suggestion.text() and "hash sets" in view.why.suggestion.text()
    assert "CAT-1 · hash set" == view.model.data(view.model.index(0, 2))
    assert "CAT-5" in view.why.triage.text()  # image triage's own suggestion, shown apart

    # the astronaut: one face, its age distribution and P(under 18), below the threshold it is compared with
    shown: list[object] = []
    view.current_item_changed.connect(shown.append)
    astronaut = names["astronaut.jpg"]
    _move_to(view, qtbot, astronaut)
    assert shown[-1] == astronaut and len(shown) == view.model.row_of(astronaut)
    faces = _tree_rows(view.why.faces_tree)
    assert len(faces) == 1
    face = reviews[astronaut].faces[0]
    assert faces[0][2:] == [f"{face.age_p10:.0f}", f"{face.age_median:.0f}", f"{face.age_p90:.0f}",
                            f"{face.p_minor:.2f}"]
    face_signals = [view.why.signals_tree.topLevelItem(row) for row in range(view.why.signals_tree.topLevelItemCount())
                    if view.why.signals_tree.topLevelItem(row).data(0, KIND_ROLE) == "face"]
    assert len(face_signals) == 1
    signal = face_signals[0]
    assert "P(under 18)" in signal.text(1) and signal.text(2) == f"{face.p_minor:.2f}"
    assert signal.text(3) == "≥ 0.20" and signal.data(0, CROSSED_ROLE) is False and "no" in signal.text(4)
    assert any("adult" in line for line in view.why.reasons.text().splitlines())
    assert "CAT-5" in view.why.suggestion.text() and "image triage" in view.why.suggestion.text()

    qtbot.keyClick(view.queue, Qt.Key.Key_Up)  # and back one
    assert view.current_id() == expected[view.model.row_of(astronaut) - 1] == shown[-1]

    # no picture in this view: the window's review pane shows it by its reveal ladder
    assert all(label.pixmap().isNull() for label in view.findChildren(QLabel))


def test_keys_decide_and_the_custody_chain_names_each_origin(session: CaseSession, qtbot) -> None:
    view = _view(session, qtbot)
    names = _ids_by_name(session)
    ids = view.model.ids
    coffee, astronaut, clock = names["coffee.jpg"], names["astronaut.jpg"], names["clock.jpg"]
    qtbot.waitUntil(lambda: view.why.title.text() == "coffee.jpg", timeout=TIMEOUT)

    # A on known material: the hash set's category, origin "hash-set"; the queue moves on
    assert _press(view, qtbot, Qt.Key.Key_A) == (coffee, "CAT-1", "hash-set")
    tagged = _last_tag(session, coffee)
    assert (tagged["category"], tagged["origin"]) == ("CAT-1", "hash-set")
    assert view.current_id() == ids[1]
    assert view.model.data(view.model.index(0, 3)) == "✔ CAT-1"  # marked decided, still listed

    # Return on the astronaut: image triage's suggestion accepted
    _move_to(view, qtbot, astronaut)
    assert _press(view, qtbot, Qt.Key.Key_Return) == (astronaut, "CAT-5", "suggestion-accepted")
    tagged = _last_tag(session, astronaut)
    assert (tagged["category"], tagged["origin"]) == ("CAT-5", "suggestion-accepted")
    assert view.current_id() == ids[ids.index(astronaut) + 1] == clock

    # a digit other than the suggestion: overridden
    assert _press(view, qtbot, Qt.Key.Key_3) == (clock, "CAT-3", "suggestion-overridden")
    tagged = _last_tag(session, clock)
    assert (tagged["category"], tagged["origin"]) == ("CAT-3", "suggestion-overridden")
    assert "suggestion overridden" in view.status.text()

    # the decided items leave the queue when it is read again; the current item stays current
    current = view.current_id()
    emitted: list[object] = []
    view.current_item_changed.connect(emitted.append)
    with qtbot.waitSignal(view.queue_loaded, timeout=TIMEOUT):
        view.refresh()
    assert set(view.model.ids) == set(ids) - {coffee, astronaut, clock}
    assert view.current_id() == current
    assert emitted == []  # the window's review pane was not sent "no item" and back (its reveal stays put)
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=TIMEOUT)
    assert session.case.verify().ok


def test_a_read_only_session_cannot_decide_and_says_why(demo: DemoResult, qtbot, unexpected) -> None:
    session = open_demo_session(demo, "read-only", purpose="triage queue test")
    try:
        tagged_before = sum(event.action == "file.tagged" for event in session.case.events())
        view = _view(session, qtbot)
        for action_id in (ACCEPT_ACTION, *(action for action, _label, _key in CATEGORY_ACTIONS)):
            action = view.actions_by_id[action_id]
            assert not action.isEnabled() and "read-only" in action.toolTip()
        assert view.actions_by_id["triage.next"].isEnabled()  # reading the queue still works
        assert not view.categorise("CAT-1") and not view.accept_suggestion()
        assert "read-only" in view.status.text() and "read-only" in view.hint.text()
        first = view.current_id()
        qtbot.keyClick(view.queue, Qt.Key.Key_Down)
        assert view.current_id() == view.model.ids[1] != first
        assert sum(event.action == "file.tagged" for event in session.case.events()) == tagged_before
    finally:
        session.close()
    assert not unexpected
