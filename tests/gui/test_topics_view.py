"""The Topics panel over the demo case, driven by keyboard where an examiner would: the topics with their terms,
a topic's files, files like a file, showing them in the table, naming a topic, modelling again, read-only."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from heroes_desktop.browse.file_query import Scope
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.topics_view import (
    FILES_LIKE_ACTION,
    REMODEL_ACTION,
    RENAME_ACTION,
    SHOW_IN_TABLE_ACTION,
    TopicsView,
)
from heroes_desktop.nlp.topic_browse import topic_documents, topic_overview
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import CaseFacts
from heroes_desktop.training.demo import DemoResult
from tests.gui.demo_sessions import demo, open_demo_session, session, unexpected  # noqa: F401 - fixtures

# words of each planted theme (training/documents.py), in English or Spanish, as stems of the modelled terms
THEME_WORDS = {
    "job offers": ("employ", "empleo", "trabajo", "vacan", "job", "waiter", "puesto"),
    "travel bookings": ("booking", "hotel", "flight", "reserva", "vuelo", "travel", "viaje"),
    "money transfers": ("transfer", "dinero", "remesa", "money", "envio", "wallet"),
    "school notices": ("school", "colegio", "parents", "familias", "clases"),
}


def _view(qtbot, session: CaseSession) -> TopicsView:  # noqa: ANN001 - pytest-qt's fixture
    view = TopicsView(session)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitUntil(lambda: not view.loading and view.files.rowCount() > 0, timeout=10_000)
    return view


def _themes(session: CaseSession, demo_result: DemoResult) -> dict[tuple[str, str], set[int]]:
    """(planted theme, language) -> its ordinary documents' file ids (red-flag job offers are judged apart)."""
    key = read_key(demo_result.training.key)
    placed = CaseFacts(session.case).placed(key)
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in key["items"]:
        expect, row = item["expect"], placed.get(item["id"])
        if row is None or "topic" not in expect or not expect["content_recoverable"]:
            continue
        if expect["topic"] == "job offers" and item["tasks"].get("bookmark") == "job-offers":
            continue
        groups[(expect["topic"], expect["language"])].add(int(row["id"]))
    return dict(groups)


def test_lists_the_topics_with_terms_of_the_planted_themes(qtbot, session: CaseSession) -> None:  # noqa: ANN001
    view = _view(qtbot, session)
    overview = topic_overview(session.case)
    assert view.topic_list.topLevelItemCount() == overview.num_topics
    assert f"{overview.num_topics} topics over {overview.documents} documents" in view.summary.text()
    assert "coherence" in view.summary.text()
    assert view.topic_list.accessibleName() and view.files.accessibleName()
    terms = []
    for row, summary in enumerate(overview.topics):
        item = view.topic_list.topLevelItem(row)
        assert item.text(0) == summary.automatic_label and item.font(0).italic()
        assert item.text(1) == str(summary.document_count)
        top_term, top_weight = summary.terms[0]
        assert f"{top_term.replace('_', ' ')} {top_weight:.3f}" in item.text(2)
        terms.append(item.toolTip(2))
    everything = " ".join(terms)
    for theme, stems in THEME_WORDS.items():
        assert any(stem in everything for stem in stems), theme
    assert view.current_topic() == 0  # the first topic is chosen, its files listed


def test_choosing_a_topic_by_keyboard_lists_its_files(qtbot, session: CaseSession) -> None:  # noqa: ANN001
    view = _view(qtbot, session)
    view.topic_list.setFocus()
    qtbot.keyClick(view.topic_list, Qt.Key.Key_Down)
    assert view.current_topic() == 1
    expected = topic_documents(session.case, 1)
    qtbot.waitUntil(lambda: view.listed_file_ids() == [row.file_id for row in expected], timeout=10_000)
    assert view.files.rowCount() == len(expected)
    assert view.files.item(0, 0).text() == expected[0].name
    assert view.files.item(0, 1).text() == f"{expected[0].share:.0%}"
    assert view.topic_list.topLevelItem(1).text(0) in view.files_heading.text()

    view.files.setFocus()
    view.files.setCurrentCell(1, 0)
    with qtbot.waitSignal(view.file_requested, timeout=2000) as opened:
        qtbot.keyClick(view.files, Qt.Key.Key_Return)
    assert opened.args == [expected[1].file_id]

    with qtbot.waitSignal(view.query_part_changed, timeout=2000) as shown:
        view.actions_by_id[SHOW_IN_TABLE_ACTION].trigger()
    scope = shown.args[0]["scope"]
    assert isinstance(scope, Scope) and scope.kind == "ids"
    assert list(scope.ids) == [row.file_id for row in expected]
    assert view.topic_list.topLevelItem(1).text(0) in scope.label


def test_files_like_this_one_lists_its_theme_first(qtbot, session: CaseSession,  # noqa: ANN001
                                                   demo: DemoResult) -> None:  # noqa: F811
    view = _view(qtbot, session)
    themes = _themes(session, demo)
    school = themes[("school notices", "en")]
    probe = next(iter(sorted(school)))
    view.show_like(probe)
    qtbot.waitUntil(lambda: not view.loading and view.files.horizontalHeaderItem(1).text() == "Similarity",
                    timeout=10_000)
    listed = view.listed_file_ids()
    assert probe not in listed and len(listed) > 3
    assert sum(file_id in school for file_id in listed[:3]) >= 2
    assert "like" in view.files.accessibleName()

    # "Files like this one" on the selected file, by its key
    view.files.setFocus()
    view.files.setCurrentCell(0, 0)
    chosen = listed[0]
    view.actions_by_id[FILES_LIKE_ACTION].trigger()
    qtbot.waitUntil(lambda: not view.loading and chosen not in view.listed_file_ids(), timeout=10_000)
    assert sum(file_id in school for file_id in view.listed_file_ids()[:3]) >= 2


def test_renaming_a_topic_records_the_label(qtbot, session: CaseSession) -> None:  # noqa: ANN001
    view = _view(qtbot, session)
    view.select_topic(2)
    assert view.actions_by_id[RENAME_ACTION].isEnabled() and view.rename_button.isEnabled()
    dialog = view.rename_topic()
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("School notices")
    dialog.accept()
    qtbot.waitUntil(lambda: view.topic_list.topLevelItem(2).text(0) == "School notices", timeout=10_000)
    assert not view.topic_list.topLevelItem(2).font(0).italic()
    assert view.current_topic() == 2  # still chosen after the list was read again
    assert topic_overview(session.case).topic(2).label == "School notices"
    event = [event for event in session.case.events() if event.action == "topic.labelled"][-1]
    assert event.details["label"] == "School notices" and event.details["number"] == 2
    assert event.details["previous_label"] is None
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert "School notices" in view.files_heading.text()

    view.set_topic_label(2, "")  # back to the automatic name
    qtbot.waitUntil(lambda: view.topic_list.topLevelItem(2).font(0).italic(), timeout=10_000)
    assert session.case.verify().ok


def test_model_again_with_k_topics_then_cancel(qtbot, session: CaseSession) -> None:  # noqa: ANN001
    view = _view(qtbot, session)
    before = topic_overview(session.case).model_id
    view.remodel(4)
    assert view.remodelling and view.cancel_button.isVisible() and not view.remodel_button.isEnabled()
    view.cancel_remodel()
    qtbot.waitUntil(lambda: not view.remodelling, timeout=60_000)
    assert "cancelled" in view.status.text()
    assert topic_overview(session.case).model_id == before

    view.k_spin.setFocus()
    view.k_spin.setValue(4)
    view.actions_by_id[REMODEL_ACTION].trigger()
    qtbot.waitUntil(lambda: not view.remodelling, timeout=120_000)
    qtbot.waitUntil(lambda: view.overview is not None and view.overview.model_id != before and not view.loading,
                    timeout=10_000)
    assert view.topic_list.topLevelItemCount() == 4
    assert "examiner" in view.summary.text()
    assert view.files.rowCount() > 0
    event = [event for event in session.case.events() if event.action == "topics.modelled"][-1]
    assert event.details["num_topics"] == 4 and event.details["chosen_by"] == "examiner"


def test_read_only_sessions_cannot_rename_or_model(qtbot, demo: DemoResult,  # noqa: ANN001,F811
                                                   unexpected: list[str]) -> None:  # noqa: F811
    opened = open_demo_session(demo, "read-only")
    try:
        view = _view(qtbot, opened)
        assert not view.rename_button.isEnabled() and not view.remodel_button.isEnabled()
        assert not view.k_spin.isEnabled()
        assert not view.actions_by_id[RENAME_ACTION].isEnabled()
        assert not view.actions_by_id[REMODEL_ACTION].isEnabled()
        assert view.set_topic_label(0, "refused") is None and view.remodel(3) is None
        assert view.rename_topic() is None
        assert "read-only" in view.status.text()
        assert view.show_button.isEnabled()  # reading still works
        view.shutdown()
    finally:
        opened.close()
    assert not unexpected


@pytest.mark.parametrize("too_few", [True, False])
def test_no_model_says_why(qtbot, session: CaseSession,  # noqa: ANN001
                           monkeypatch: pytest.MonkeyPatch, too_few: bool) -> None:
    from heroes_desktop.gui.views import topics_view
    from heroes_desktop.nlp.topic_browse import NoTopics

    monkeypatch.setattr(topics_view, "topic_overview", lambda case: None)
    monkeypatch.setattr(topics_view, "why_no_topics", lambda case: NoTopics(2 if too_few else 40, too_few))
    view = TopicsView(session)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    assert view.topic_list.topLevelItemCount() == 0 and view.files.rowCount() == 0
    text = view.summary.text()
    assert ("at least 3 documents" in text) if too_few else ("has not run" in text)
    assert not view.show_button.isEnabled() and view.remodel_button.isEnabled()
