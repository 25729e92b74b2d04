"""The supervisor's window on the demo case: review mode only (no view changes case data), the chain of custody as
a readable history (a tampered case shows its first bad event), what was done to the case, the blind second
review (the examiner's decisions hidden; its kappa equal to a hand-computed one) and the signed review."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.engine import connect
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import MainWindow
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.hashsets.tagging import list_tags, tag_files
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DemoResult
from tests.conftest import open_demo_case
from tests.gui.demo_sessions import demo, demo_ids_by_name, unexpected  # noqa: F401 - fixtures

SUPERVISOR = "Sam Supervisor"
SUPERVISOR_KEY = "the supervisor's key passphrase"
CUSTODY_TABLES = {"custody_events", "custody_head", "signers"}
# the examiner's categories for the first pictures of the demo, in file-name order
EXAMINER_CATEGORIES = ["CAT-2", "CAT-2", "CAT-4", "CAT-5", "CAT-5", "CAT-5", "CAT-4", "CAT-2"]


def _categorise_as_examiner(demo: DemoResult) -> dict[int, str]:
    case, _actor, _profile = open_demo_case(demo, "read-write", purpose="examiner's categories")
    try:
        names = demo_ids_by_name(case)
        chosen = [names[name] for name in sorted(names)[:len(EXAMINER_CATEGORIES)]]
        decided = dict(zip(chosen, EXAMINER_CATEGORIES, strict=True))
        for file_id, category in decided.items():
            tag_files(case, [file_id], category)
    finally:
        case.close()
    return decided


def _supervisor_session(demo: DemoResult) -> CaseSession:
    profile = demo.case_path.parent / "supervisor-profile"
    actor = Actor(SUPERVISOR, Role.SUPERVISOR)
    key = load_or_create_signing_key(profile, actor.name, SUPERVISOR_KEY)
    case = Case.open(demo.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                     purpose="supervisor's review")  # asked read-write: a supervisor's session is a review
    return CaseSession(case, actor, Jobs(), DEMO_CASE_PASSPHRASE, SUPERVISOR_KEY, key_profile=profile)


def _case_data_digest(case: Case) -> dict[str, str]:
    """Every table but the custody log's, row by row: what a review session must never change."""
    digests = {}
    with case.reading() as connection:
        names = [row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in sorted(set(names) - CUSTODY_TABLES):
            rows = sorted(repr(tuple(row)) for row in connection.exec_driver_sql(f'SELECT * FROM "{name}"'))
            digests[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


@pytest.fixture
def categorised(demo: DemoResult) -> dict[int, str]:
    return _categorise_as_examiner(demo)


@pytest.fixture
def supervisor(demo: DemoResult, categorised: dict[int, str], unexpected: list[str]) -> Iterator[CaseSession]:
    session = _supervisor_session(demo)
    yield session
    session.close()
    assert not unexpected


def _window(qtbot: QtBot, session: CaseSession) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_supervisor_window_is_a_review_and_no_view_changes_case_data(
        qtbot: QtBot, supervisor: CaseSession, categorised: dict[int, str]) -> None:
    assert supervisor.case.mode is OpenMode.REVIEW and supervisor.read_only
    before = _case_data_digest(supervisor.case)
    window = _window(qtbot, supervisor)
    assert "[review]" in window.windowTitle()
    assert {"custody", "case_history", "blind_review"} <= set(window.tab_keys)
    assert "trainee_tasks" not in window.views
    assert not window.actions_by_id["file.add_evidence"].isEnabled()
    assert not window.actions_by_id["review.confirm_hash_sets"].isEnabled()
    first = next(iter(categorised))

    gallery = window.views["gallery"]
    window.focus_panel("gallery")
    qtbot.waitUntil(lambda: not gallery.loading and gallery.model.rowCount() > 0, timeout=20000)
    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_0):  # categorise by keyboard: refused in a review
        qtbot.keyClick(gallery, key)
    queue = window.views["triage_queue"]
    window.focus_panel("triage_queue")
    qtbot.keyClick(queue, Qt.Key.Key_Return)  # accept the suggestion: refused
    window.show_file(first)
    qtbot.waitUntil(lambda: not supervisor.jobs.busy, timeout=20000)
    assert _case_data_digest(supervisor.case) == before
    assert {(tag["file_id"], tag["category"]) for tag in list_tags(supervisor.case, current_only=True)
            if tag["category"]} == set(categorised.items())


def test_custody_history_verifies_writes_a_checkpoint_and_names_the_first_bad_event(
        qtbot: QtBot, demo: DemoResult, supervisor: CaseSession, tmp_path: Path) -> None:
    window = _window(qtbot, supervisor)
    view = window.views["custody"]
    qtbot.waitUntil(lambda: view.history is not None, timeout=20000)
    history = view.history
    assert history.ok and history.first_bad_seq is None and view.bad_row() is None
    assert view.model.rowCount() == len(supervisor.case.events())
    words = [line.words for line in history.lines]
    assert any("added the evidence" in text for text in words) and any("tagged file" in text for text in words)
    assert "The chain verifies" in view.verdict.text()

    checkpoint = tmp_path / "usb" / "checkpoint.json"
    checkpoint.parent.mkdir()
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.write_checkpoint_to(checkpoint)
    qtbot.waitUntil(lambda: view.checkpoint == checkpoint and view.history is not None
                    and view.history.checkpoint == str(checkpoint), timeout=20000)
    assert json.loads(checkpoint.read_text())["signature"] and view.history.ok
    assert "consistent with the checkpoint" in view.verdict.text()
    window.close()

    # an attacker who knows the passphrase edits one event in SQL
    with Case.open(demo.case_path, DEMO_CASE_PASSPHRASE) as reader:
        events = reader.events()
    target = next(event for event in events if event.action == "file.tagged")
    connection = connect(demo.case_path, DEMO_CASE_PASSPHRASE, read_only=False)
    try:
        connection.execute("DROP TRIGGER IF EXISTS custody_events_no_update")
        forged = {**target.details, "category": "CAT-5"}
        connection.execute("UPDATE custody_events SET details = ? WHERE seq = ?",
                           (json.dumps(forged, sort_keys=True, separators=(",", ":")), target.seq))
        connection.commit()
    finally:
        connection.close()
    reopened = _supervisor_session(demo)
    try:
        tampered = _window(qtbot, reopened)
        view = tampered.views["custody"]
        qtbot.waitUntil(lambda: view.history is not None, timeout=20000)
        assert view.history.first_bad_seq == target.seq and not view.history.ok
        row = view.bad_row()
        assert row is not None and view.model.lines[row].seq == target.seq
        assert view.table.currentIndex().row() == row  # the first bad event is shown
        assert f"broken at event {target.seq}" in view.verdict.text() and "b00020" in view.verdict.styleSheet()
        assert view.model.data(view.model.index(row, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
        later = [line for line in view.model.lines if line.seq > target.seq]
        assert later and all(line.status == "after a break" for line in later)
        tampered.close()
    finally:
        reopened.close()


def test_what_was_done_lists_evidence_runs_models_and_coverage(qtbot: QtBot, supervisor: CaseSession,
                                                               categorised: dict[int, str]) -> None:
    window = _window(qtbot, supervisor)
    view = window.views["case_history"]
    qtbot.waitUntil(lambda: view.history is not None, timeout=20000)
    history = view.history
    text = view.document.toPlainText()
    assert history.evidence and all(item["sha256"] in text for item in history.evidence)
    assert history.runs and history.runs[0].status == "finished" and history.runs[0].models
    assert all(digest in text for digest in history.runs[0].models.values())
    pictures = [row for row in history.coverage if row.kind == "images"]
    assert sum(row.categorised for row in pictures) == len(categorised)
    assert sum(row.total for row in pictures) >= len(categorised)


def _hand_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa by its definition: (p_o - p_e) / (1 - p_e)."""
    n = len(pairs)
    labels = sorted({label for pair in pairs for label in pair})
    p_o = sum(a == b for a, b in pairs) / n
    p_e = sum((sum(a == label for a, _ in pairs) / n) * (sum(b == label for _, b in pairs) / n) for label in labels)
    return (p_o - p_e) / (1 - p_e)


def test_blind_review_hides_the_examiners_decisions_and_its_kappa_is_cohens(
        qtbot: QtBot, supervisor: CaseSession, categorised: dict[int, str]) -> None:
    window = _window(qtbot, supervisor)
    view = window.views["blind_review"]
    window.focus_panel("blind_review")
    qtbot.waitUntil(lambda: "No sample drawn" in view.status.text(), timeout=20000)
    view.draw(6, seed=11)
    qtbot.waitUntil(lambda: view.state is not None and view.pane.review is not None, timeout=20000)
    sample = view.state.sample
    assert sample.size == 6 and set(sample.file_ids) <= set(categorised)
    # the supervisor's decisions: agree on the first four, disagree on the last two
    alternative = {"CAT-2": "CAT-4", "CAT-4": "CAT-5", "CAT-5": "CAT-2"}
    mine = {file_id: categorised[file_id] if position < 4 else alternative[categorised[file_id]]
            for position, file_id in enumerate(sample.file_ids)}
    for position, file_id in enumerate(sample.file_ids):
        qtbot.waitUntil(lambda file_id=file_id: view.current_id() == file_id and view.pane.review is not None
                        and view.pane.review.file_id == file_id, timeout=20000)
        review = view.pane.review
        shown = view.pane.descriptor.text() + view.pane.signals_label.text() + view.status.text()
        assert review.examiner_category is None and review.hashes is None and review.suggested_category is None
        assert "Your category" not in shown and "suggests" not in shown
        assert not any(item.text().endswith(categorised[file_id]) for item in
                       view.items.findItems("", Qt.MatchFlag.MatchContains)
                       if item.data(Qt.ItemDataRole.UserRole) == file_id)
        assert not view.results.isVisible()
        category = mine[file_id]
        if position == 0:  # by its digit key, as an examiner categorises
            view.setFocus()
            qtbot.keyClick(view, getattr(Qt.Key, f"Key_{category[-1]}"))
        else:
            view.decide(category)
        qtbot.waitUntil(lambda count=position + 1: view.state is not None and len(view.state.decisions) == count,
                        timeout=20000)
    assert view.state.complete and view.result_button.isEnabled()
    with qtbot.waitSignal(view.result_shown, timeout=20000):
        view.show_result()
    result = view.result
    pairs = [(categorised[file_id], mine[file_id]) for file_id in sample.file_ids]
    assert result.n == 6 and result.agreement == pytest.approx(4 / 6)
    assert result.kappa == pytest.approx(_hand_kappa(pairs))
    assert f"{_hand_kappa(pairs):.3f}" in view.result_label.text()
    assert {item.file_id for item in result.disagreements} == set(sample.file_ids[4:])
    assert view.disagreements.rowCount() == 2 and view.confusion.rowCount() == len(result.labels)
    total = sum(int(view.confusion.item(r, c).text()) for r in range(view.confusion.rowCount())
                for c in range(view.confusion.columnCount()))
    assert total == 6

    from heroes_desktop.gui.dialogs.sign_review import open_sign_review

    dialog = open_sign_review(supervisor, window)
    qtbot.waitUntil(dialog.sign_button.isEnabled, timeout=20000)
    assert "Cohen's kappa" in dialog.agreement.text()
    dialog.note.setPlainText("second review done")
    with qtbot.waitSignal(dialog.finished, timeout=20000):
        dialog.sign()
    signed = dialog.signed
    assert signed.action == "review.signed" and signed.actor == SUPERVISOR
    assert signed.details["note"] == "second review done"
    assert signed.details["blind_review"]["kappa"] == pytest.approx(_hand_kappa(pairs), abs=1e-6)
    assert supervisor.case.verify().ok
