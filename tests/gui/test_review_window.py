"""The review panels in the case window over the demo case: the gallery and the triage queue as tabs, their current
item in the review pane, the ladder's keys from the gallery, similar pictures back in the gallery, bulk
confirmation from the Review menu, and presentation-safe mode (names masked, panels with names put away, the
private count hidden)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from heroes_desktop.gui.app import create_application
from heroes_desktop.gui.exposure import MASK
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import MainWindow
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.review.ladder import RevealStep
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE
from tests.conftest import open_demo_case

TIMEOUT_MS = 30_000
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(demo_case, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    create_application([], language="en")
    case, actor, profile = open_demo_case(demo_case, purpose="review window test")
    session = CaseSession(case, actor, Jobs(), DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE, key_profile=profile)
    shown = MainWindow(session)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitUntil(lambda: not shown.views["file_table"].model.loading, timeout=TIMEOUT_MS)
    yield shown
    shown.close()
    qtbot.waitUntil(lambda: shown.isHidden(), timeout=TIMEOUT_MS)


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.session.jobs.busy, timeout=TIMEOUT_MS)


def test_the_gallery_shows_its_current_item_in_the_review_pane_and_steps_it_by_key(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    gallery, pane = window.views["gallery"], window.views["review_pane"]
    qtbot.keyClick(window, Qt.Key.Key_5, ALT)
    assert window.tabs.currentWidget() is gallery
    qtbot.waitUntil(lambda: not gallery.loading and gallery.model.rowCount() > 0, timeout=TIMEOUT_MS)
    gallery.list.setFocus()
    qtbot.keyClick(gallery.list, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: pane.file_id == gallery.current_id() and pane.review is not None, timeout=TIMEOUT_MS)
    assert window.docks["review_pane"].isVisible()
    first = pane.step
    qtbot.keyClick(gallery.list, Qt.Key.Key_Space)  # the ladder's key works from the gallery
    qtbot.waitUntil(lambda: pane.step == min(RevealStep.CLEAR, RevealStep(first + 1)), timeout=TIMEOUT_MS)
    qtbot.keyClick(gallery.list, Qt.Key.Key_Right)  # moving on returns the next item to its default
    qtbot.waitUntil(lambda: pane.file_id == gallery.current_id(), timeout=TIMEOUT_MS)
    assert pane.step <= RevealStep.HEAVY
    _settle(qtbot, window)
    qtbot.keyClick(gallery.list, Qt.Key.Key_S)  # similar pictures come back as the gallery's listing
    qtbot.waitUntil(lambda: bool(gallery.only_title) and not gallery.loading, timeout=TIMEOUT_MS)
    assert pane.file_id in gallery.listing.ids or gallery.current_id() is not None
    _settle(qtbot, window)


def test_the_triage_queue_drives_the_review_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    queue, pane = window.views["triage_queue"], window.views["review_pane"]
    qtbot.keyClick(window, Qt.Key.Key_6, ALT)
    assert window.tabs.currentWidget() is queue
    qtbot.waitUntil(lambda: not queue.loading and queue.current_id() is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: pane.file_id == queue.current_id(), timeout=TIMEOUT_MS)
    queue.next_item()
    qtbot.waitUntil(lambda: pane.file_id == queue.current_id(), timeout=TIMEOUT_MS)
    _settle(qtbot, window)


def test_presentation_mode_masks_names_and_puts_away_the_panels_that_show_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    table = window.views["file_table"]
    model = table.model
    name = model.section_of("name")
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.row_loaded(0), timeout=TIMEOUT_MS)
    row = next(row for row in range(min(model.rowCount(), 50)) if model.index(row, name).data())
    plain = model.index(row, name).data()
    assert MASK not in plain
    assert window.count_label.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    assert window.monitor.presentation and window.actions_by_id["exposure.presentation"].isChecked()
    assert model.index(row, name).data().startswith(MASK)
    assert not window.docks["evidence_tree"].isVisible() and not window.docks["viewers"].isVisible()
    assert not window.count_label.isVisibleTo(window)  # the examiner's own count stays off a shared screen
    assert not window.exposure.revealed
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    assert not window.monitor.presentation
    assert model.index(row, name).data() == plain
    assert window.docks["evidence_tree"].isVisible() and window.count_label.isVisibleTo(window)


def test_hash_set_categories_are_confirmed_from_the_review_menu_without_a_picture(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    qtbot.waitUntil(lambda: getattr(window, "confirm_dialog", None) is not None
                    and window.confirm_dialog.isVisible(), timeout=TIMEOUT_MS)
    dialog = window.confirm_dialog
    qtbot.waitUntil(lambda: dialog.pending is not None, timeout=TIMEOUT_MS)
    assert dialog.pending.confirmations
    dialog.confirm()
    qtbot.waitUntil(lambda: not dialog.busy and any(
        event.action == "file.tagged" and event.details.get("via") == "hash-set confirmation"
        for event in window.session.case.events()), timeout=TIMEOUT_MS)
    dialog.close()
    QApplication.processEvents()
    _settle(qtbot, window)
