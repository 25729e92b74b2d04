"""The examiner's exposure in the window: clear views of flagged material counted (only those), in the profile and
never in the case; the break offer exactly at its thresholds, put off by Snooze; presentation-safe mode masking
names and logging each reveal in the custody chain (refused where it cannot be logged); the settings written
through the monitor. On the demo case's benign pictures only."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui import shortcuts
from heroes_desktop.gui.dialogs.break_prompt import BreakPrompt, ExposureSettingsDialog
from heroes_desktop.gui.exposure import (ExposureCountLabel, ExposureMonitor, ExposurePolicy, ObscureLevel,
                                         exposure_monitor_of, exposure_of, mask_text)
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.review import exposure_log
from heroes_desktop.review.exposure_log import BreakPolicy
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.review.ladder import LadderSettings, RevealStep
from heroes_desktop.training.demo import DEMO_EXAMINER
from tests.conftest import open_demo_case
from tests.review.test_exposure_log import FakeClock
from tests.gui.test_review_pane import (WAIT_MS, end_session, ids_by_name, is_colourful, is_grey, make_pane,
                                        new_session, press, reveal_clear, same_pixels, show)




@pytest.fixture(scope="module")
def opened(demo_case):  # type: ignore[no-untyped-def]
    case, actor, profile = open_demo_case(demo_case, purpose="wellbeing tests")
    names = ids_by_name(case)
    queue = triage_queue(case, include_reviewed=True)
    reviews = review_items(case, queue)
    flagged = [file_id for file_id in queue if reviews[file_id].flagged and reviews[file_id].kind == "image"]
    yield case, actor, profile, names, flagged
    case.close()


@pytest.fixture
def session(opened, qtbot) -> Iterator[CaseSession]:  # type: ignore[no-untyped-def]
    case, actor, profile, *_ = opened
    made = new_session(case, actor, profile)
    yield made
    end_session(qtbot, made)


def flush(qtbot, monitor: ExposureMonitor) -> None:  # type: ignore[no-untyped-def]
    """Ask whether a break is due and wait until that, and every call on the log before it, has come back."""
    monitor.check_break()
    qtbot.waitUntil(lambda: not monitor.busy, timeout=WAIT_MS)


def _case_contents(case: Case) -> dict[str, list[tuple]]:
    """Every row of every table of the case, to show that nothing about the count lands there."""
    with case.reading() as connection:
        tables = [row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: [tuple(row) for row in connection.exec_driver_sql(f'SELECT * FROM "{table}"')]
                for table in tables}


def test_only_clear_views_of_flagged_material_count_and_only_in_the_profile(  # type: ignore[no-untyped-def]
        qtbot, session: CaseSession, opened, isolated_profile: Path) -> None:
    case, _actor, _profile, names, _flagged = opened
    monitor = exposure_monitor_of(session)
    label = ExposureCountLabel(monitor)
    qtbot.addWidget(label)
    pane = make_pane(qtbot, session)
    before = _case_contents(case)
    events_before = len(case.events())

    show(qtbot, pane, names["astronaut.jpg"])
    reveal_clear(qtbot, pane)
    assert is_colourful(pane.displayed_image())
    flush(qtbot, monitor)
    assert (monitor.session_views, monitor.today_views) == (0, 0)  # not flagged: not exposure

    with qtbot.waitSignal(monitor.counts_changed, timeout=WAIT_MS) as changed:
        show(qtbot, pane, names["coffee.jpg"])
        reveal_clear(qtbot, pane)
    assert changed.args == [1, 1] and label.text() == "Clear views: 1 this session, 1 today"
    press(qtbot, pane, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(monitor.counts_changed, timeout=WAIT_MS) as changed:
        press(qtbot, pane, Qt.Key.Key_Space)  # down and up again: a new clear view
    assert changed.args == [2, 2]

    saved = exposure_log.examiner_dir(DEMO_EXAMINER) / exposure_log.LOG_NAME
    assert monitor.log_path == saved and saved.is_relative_to(isolated_profile)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert list(document["days"].values()) == [2]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert set(document) == {"format", "policy", "days"}  # counts only: no file id, name or path

    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=WAIT_MS)
    assert len(case.events()) == events_before  # no custody event for a view, a count or a prompt
    assert _case_contents(case) == before  # nor any row anywhere in the case
    assert not any("exposure" in event.action or "exposure" in json.dumps(event.details)
                   for event in case.events())
    pane.shutdown()


def test_the_break_offer_comes_exactly_at_its_threshold_and_snooze_puts_it_off(  # type: ignore[no-untyped-def]
        qtbot, session: CaseSession, opened) -> None:
    flagged = opened[4]
    assert len(flagged) >= 4
    monitor = ExposureMonitor(DEMO_EXAMINER, session=session, exposure=exposure_of(session),
                              break_policy=BreakPolicy(clear_views=3))
    session.exposure_monitor = monitor
    prompt = BreakPrompt(monitor)
    qtbot.addWidget(prompt)
    offers: list[str] = []
    monitor.break_due.connect(offers.append)
    pane = make_pane(qtbot, session)
    for number, file_id in enumerate(flagged[:3], start=1):
        show(qtbot, pane, file_id)
        assert pane.step is RevealStep.DESCRIPTOR
        reveal_clear(qtbot, pane)
        qtbot.waitUntil(lambda number=number: monitor.session_views == number, timeout=WAIT_MS)
        if number < 3:
            assert not prompt.isVisible() and offers == []
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT_MS)
    assert QApplication.activeWindow() is pane  # the keyboard stays with the examiner's work
    assert offers == ["3 clear views of flagged material since your last break"]
    assert prompt.reason == offers[0] and not prompt.isModal()
    assert "3 since your last break, 3 today" in prompt.counts_label.text()
    assert prompt.snooze_button.text() == "Snooze 10 minutes"

    flush(qtbot, monitor)  # still due: not offered twice in one due period
    assert len(offers) == 1

    qtbot.mouseClick(prompt.snooze_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()
    show(qtbot, pane, flagged[3])
    reveal_clear(qtbot, pane)
    qtbot.waitUntil(lambda: monitor.session_views == 4, timeout=WAIT_MS)
    flush(qtbot, monitor)
    assert not prompt.isVisible() and len(offers) == 1  # snoozed

    qtbot.mouseClick(prompt.settings_button, Qt.MouseButton.LeftButton)
    dialog = prompt.settings_dialog
    assert dialog is not None and dialog.clear_views.value() == 3
    dialog.reject()
    pane.shutdown()


def test_the_break_offer_comes_at_45_minutes_by_the_injected_clock(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    monitor = ExposureMonitor(DEMO_EXAMINER, clock=clock)
    prompt = BreakPrompt(monitor)
    qtbot.addWidget(prompt)
    assert monitor.break_timer.isActive() and monitor.break_timer.interval() == 30_000
    clock.advance(minutes=44, seconds=59)
    monitor.break_timer.timeout.emit()  # the 30-second check
    qtbot.waitUntil(lambda: not monitor.busy, timeout=WAIT_MS)
    assert not prompt.isVisible()
    clock.advance(seconds=1)
    with qtbot.waitSignal(monitor.break_due, timeout=WAIT_MS) as due:
        monitor.break_timer.timeout.emit()
    assert due.args == ["45 minutes without a break"] and prompt.isVisible()

    qtbot.mouseClick(prompt.snooze_button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()
    qtbot.waitUntil(lambda: not monitor.busy, timeout=WAIT_MS)  # snoozed at 45 minutes, until 55
    clock.advance(minutes=9)
    flush(qtbot, monitor)
    assert not prompt.isVisible()
    clock.advance(minutes=1, seconds=1)
    with qtbot.waitSignal(monitor.break_due, timeout=WAIT_MS):
        monitor.check_break()
    assert prompt.isVisible() and "55 minutes" in prompt.reason

    qtbot.mouseClick(prompt.break_button, Qt.MouseButton.LeftButton)  # a new session; nothing locked
    assert not prompt.isVisible()
    qtbot.waitUntil(lambda: not monitor.busy, timeout=WAIT_MS)
    clock.advance(minutes=30)
    flush(qtbot, monitor)
    assert not prompt.isVisible() and monitor.counts.minutes_in_session == pytest.approx(30)
    monitor.close()


def test_presentation_mode_masks_names_obscures_strongly_and_logs_each_reveal(  # type: ignore[no-untyped-def]
        qtbot, session: CaseSession, opened) -> None:
    case, _actor, _profile, names, _flagged = opened
    monitor = exposure_monitor_of(session)
    policy = exposure_of(session)
    label = ExposureCountLabel(monitor)
    qtbot.addWidget(label)
    label.show()
    pane = make_pane(qtbot, session)
    astronaut = names["astronaut.jpg"]
    policy.reveal(True)
    assert policy.revealed
    with qtbot.waitSignal(monitor.presentation_changed):
        monitor.presentation = True
    assert not policy.revealed and policy.obscure_level is ObscureLevel.STRONG and policy.level is ObscureLevel.STRONG
    policy.toggle()  # the one key does not reveal while presenting
    assert not policy.revealed and not label.isVisible()
    assert monitor.mask("/Users/d.whitcombe/Pictures/astronaut.jpg") == "•••••.jpg"
    assert mask_text("C:\\Users\\x\\Desktop\\holiday photo.JPEG") == "•••••.jpeg"
    assert mask_text("no extension") == "•••••" and mask_text(None) == "•••••"

    before = len(case.events())
    show(qtbot, pane, astronaut)
    assert pane.step is RevealStep.DESCRIPTOR  # every item starts as words while presenting
    assert pane.title.text() == "•••••.jpg" and pane.title.toolTip() == "•••••.jpg"
    assert "astronaut" not in pane.title.text() + pane.descriptor.text() + pane.step_label.text()
    with qtbot.waitSignal(monitor.reveal_logged, timeout=WAIT_MS) as logged:
        press(qtbot, pane, Qt.Key.Key_Space)
    assert logged.args == [astronaut, "HEAVY"] and pane.step is RevealStep.HEAVY
    qtbot.waitUntil(lambda: pane.displayed_image() is not None, timeout=WAIT_MS)
    assert monitor.level_for(RevealStep.HEAVY) is ObscureLevel.STRONG
    assert same_pixels(pane.displayed_image(), pane.pixels.picture.at(ObscureLevel.STRONG))
    with qtbot.waitSignal(monitor.reveal_logged, timeout=WAIT_MS):
        press(qtbot, pane, Qt.Key.Key_Space)
    with qtbot.waitSignal(monitor.reveal_logged, timeout=WAIT_MS):
        press(qtbot, pane, Qt.Key.Key_Space)
    assert pane.step is RevealStep.CLEAR
    press(qtbot, pane, Qt.Key.Key_F)  # the face crop follows the item's step; no separate clear while presenting
    press(qtbot, pane, Qt.Key.Key_C)
    assert "presentation-safe" in pane.message.text()
    events = case.events()[before:]
    assert [(event.action, event.details) for event in events] == [
        ("presentation.revealed", {"file_id": astronaut, "step": step}) for step in ("HEAVY", "LIGHT", "CLEAR")]
    assert case.verify().ok

    with qtbot.waitSignal(monitor.presentation_changed):
        monitor.presentation = False
    assert pane.step is RevealStep.CLEAR  # switching it off hides nothing already shown, and shows nothing more
    assert pane.title.text() == "astronaut.jpg" and label.isVisible()
    assert policy.revealed  # the examiner's own choice comes back
    policy.reveal(False)
    show(qtbot, pane, astronaut)
    assert pane.step is RevealStep.HEAVY and is_grey(pane.displayed_image())
    press(qtbot, pane, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=WAIT_MS)
    assert len(case.events()) == before + 3  # outside presentation nothing is logged
    pane.shutdown()


def test_a_read_only_session_refuses_presentation_reveals_with_the_reason(qtbot, demo_case, opened) -> None:  # type: ignore[no-untyped-def]
    names = opened[3]
    case, actor, profile = open_demo_case(demo_case, mode="read-only", purpose="presentation refused")
    session = new_session(case, actor, profile)
    pane = make_pane(qtbot, session)
    try:
        monitor = exposure_monitor_of(session)
        monitor.presentation = True
        show(qtbot, pane, names["astronaut.jpg"])
        notices: list[str] = []
        pane.notice.connect(notices.append)
        press(qtbot, pane, Qt.Key.Key_Space)
        assert pane.step is RevealStep.DESCRIPTOR and pane.displayed_image() is None
        assert notices and "read-only" in notices[0] and "custody" in notices[0]
        assert "read-only" in monitor.presentation_refusal()
        monitor.presentation = False  # outside presentation a read-only session reviews as usual
        show(qtbot, pane, names["astronaut.jpg"])
        press(qtbot, pane, Qt.Key.Key_Space)
        assert pane.step is RevealStep.LIGHT
        press(qtbot, pane, Qt.Key.Key_F)
        press(qtbot, pane, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
        assert "read-only" in pane.message.text()
        assert not pane.face_cards[0].buttons["adult"].isEnabled()
    finally:
        end_session(qtbot, session, pane)
        case.close()


def test_the_settings_are_written_through_the_monitor_into_the_profile(qtbot, session: CaseSession,  # type: ignore[no-untyped-def]
                                                                       opened) -> None:
    names = opened[3]
    monitor = exposure_monitor_of(session)
    dialog = ExposureSettingsDialog(monitor)
    qtbot.addWidget(dialog)
    assert dialog.flagged_step.currentData() == int(RevealStep.DESCRIPTOR)
    assert dialog.default_step.currentData() == int(RevealStep.HEAVY)
    dialog.minutes.setValue(30)
    dialog.clear_views.setValue(50)
    dialog.snooze_minutes.setValue(5)
    dialog.flagged_step.setCurrentIndex(int(RevealStep.HEAVY))
    dialog.default_step.setCurrentIndex(int(RevealStep.LIGHT))
    with qtbot.waitSignal(monitor.settings_changed):
        dialog.accept()
    assert monitor.break_policy == BreakPolicy(minutes=30, clear_views=50, snooze_minutes=5)
    assert monitor.settings == LadderSettings(flagged_step=RevealStep.HEAVY, default_step=RevealStep.LIGHT)
    monitor.close()  # the saves are done
    ladder = exposure_log.examiner_dir(DEMO_EXAMINER) / "ladder.json"
    assert json.loads(ladder.read_text(encoding="utf-8"))["flagged_step"] == "HEAVY"
    assert stat.S_IMODE(ladder.stat().st_mode) == 0o600
    assert ladder.parent == ExposurePolicy(DEMO_EXAMINER).settings_file.parent  # beside exposure.json
    again = ExposureMonitor(DEMO_EXAMINER)
    try:
        assert again.settings.default_step is RevealStep.LIGHT and again.break_policy.clear_views == 50
    finally:
        again.close()

    session.exposure_monitor = None  # a fresh monitor for the pane, reading the saved steps
    pane = make_pane(qtbot, session)
    show(qtbot, pane, names["coffee.jpg"])
    assert pane.step is RevealStep.HEAVY  # flagged items now start heavily blurred
    show(qtbot, pane, names["astronaut.jpg"])
    assert pane.step is RevealStep.LIGHT
    pane.shutdown()


def test_the_window_settings_folder_and_writes_are_the_exposure_logs_own() -> None:
    for name in ("Ana Examiner", "", None, "ana/../examiner"):
        assert shortcuts.examiner_settings_dir(name) == exposure_log.examiner_dir(name)
    path = shortcuts.examiner_settings_dir("Ana Examiner") / "probe.json"
    shortcuts.write_json_atomically(path, {"a": 1})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": 1}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
