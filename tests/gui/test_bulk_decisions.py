"""Decisions that spare clear views, on a copy of the demo case (benign training pictures only): hash-set bulk
confirmation categorises the exact matches from their sets without reading, decoding or painting a single picture;
the near-duplicate dialog shows a group's members obscured (greyscale even when the examiner has revealed), keeps
"Apply to the group" off until every member was on screen, and carries the decision with where it came from."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QLabel

from heroes_desktop.gui.dialogs.hashset_confirm import HashSetConfirmDialog, confirm_from_hash_sets
from heroes_desktop.gui.dialogs.near_duplicates import NearDuplicateDialog
from heroes_desktop.gui.exposure import exposure_of
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.review.decisions import near_duplicate_group, pending_confirmations
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.training.demo import DemoResult
from tests.gui.demo_sessions import demo, open_demo_session, session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 20_000


def _ids_by_name(session: CaseSession) -> dict[str, int]:
    queued = triage_queue(session.case, include_reviewed=True)
    return {review.name: file_id for file_id, review in review_items(session.case, queued).items()}


def _tags(session: CaseSession) -> dict[int, list[dict]]:
    tagged: dict[int, list[dict]] = {}
    for event in session.case.events():
        if event.action == "file.tagged":
            tagged.setdefault(event.details["file_id"], []).append(event.details)
    return tagged


@pytest.fixture
def no_picture_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way the window reads or decodes a picture fails the test when called (recorded, and raised)."""
    from heroes_desktop.acpic import listing
    from heroes_desktop.browse import item_content, item_details
    from heroes_desktop.gui.dialogs import near_duplicates
    from heroes_desktop.gui.views import preview

    calls: list[str] = []

    def forbidden(name: str):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(name)
            raise AssertionError(f"{name} was called: a picture was read")
        return call

    for owner, name in ((listing, "thumbnail"), (listing, "video_frames"), (item_content, "content_plan"),
                        (item_details, "video_key_frames"), (preview, "decode_image"),
                        (near_duplicates, "decode_image")):
        monkeypatch.setattr(owner, name, forbidden(f"{owner.__name__}.{name}"))
    monkeypatch.setattr(item_content.ItemContentReader, "read", forbidden("ItemContentReader.read"))
    return calls


def test_hash_set_confirmation_categorises_known_material_without_showing_it(session: CaseSession, qtbot,
                                                                             no_picture_read: list[str]) -> None:
    expected = pending_confirmations(session.case)
    assert {c.category for c in expected.confirmations} == {"CAT-1", "CAT-2", "CAT-5"}  # the demo's training set
    before = _tags(session)
    dialog = confirm_from_hash_sets(session, None)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.pending is not None and not dialog.busy, timeout=TIMEOUT)

    assert "these pictures will not be shown" in dialog.notice.text().lower()
    lines = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    cat1 = next(c for c in expected.confirmations if c.category == "CAT-1")
    assert lines[0] == (f"{len(cat1.file_ids)} files: CAT-1 (child abuse material) from "
                        f"{', '.join(cat1.hashsets)}")
    assert len(lines) == len(expected.confirmations)
    assert f"{len(expected.perceptual_only)} files matched only perceptually" in dialog.perceptual.text()
    assert "looks like" in dialog.perceptual.text()
    assert f"{len(expected.conflicts)} files whose exact hash-set matches disagree" in dialog.conflicts.text()

    # no picture anywhere in the dialog: no pixmap, no icon, no graphics view
    assert all(label.pixmap().isNull() for label in dialog.findChildren(QLabel))
    assert not dialog.findChildren(QGraphicsView)
    assert all(dialog.list.item(row).icon().isNull() for row in range(dialog.list.count()))
    for view in dialog.findChildren(QAbstractItemView):
        model = view.model()
        for row in range(model.rowCount()):
            assert model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole) in (None, QPixmap())

    dialog.set_checked("CAT-5", False)  # the examiner leaves one line out
    assert [c.category for c in dialog.checked()] == ["CAT-1", "CAT-2"]
    with qtbot.waitSignal(dialog.confirmed, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    confirmed = [c for c in expected.confirmations if c.category != "CAT-5"]
    assert sorted(blocker.args[0]) == sorted(i for c in confirmed for i in c.file_ids)
    assert dialog.progress.value() == dialog.progress.maximum() == sum(len(c.file_ids) for c in confirmed)

    tagged = _tags(session)
    for confirmation in expected.confirmations:
        for file_id in confirmation.file_ids:
            new = tagged.get(file_id, [])[len(before.get(file_id, [])):]
            if confirmation.category == "CAT-5":
                assert not new
                continue
            assert len(new) == 1
            assert new[0]["category"] == confirmation.category and new[0]["origin"] == "hash-set"
            assert new[0]["via"] == "hash-set confirmation" and new[0]["shown"] is False
            assert new[0]["hashsets"] == list(confirmation.hashsets)
    # the dialog reads what is left: only the line the examiner left out
    qtbot.waitUntil(lambda: not dialog.busy and dialog.list.count() == 1, timeout=TIMEOUT)
    assert dialog.list.item(0).text().split(": ")[1].startswith("CAT-5")
    assert not no_picture_read
    assert session.case.verify().ok


def test_read_only_sessions_cannot_confirm_or_carry_and_say_why(demo: DemoResult, qtbot, unexpected) -> None:
    session = open_demo_session(demo, "read-only", purpose="bulk decisions test")
    try:
        dialog = HashSetConfirmDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.pending is not None and not dialog.busy, timeout=TIMEOUT)
        assert dialog.list.count() == 3 and not dialog.list.isEnabled()
        assert not dialog.confirm_button.isEnabled() and "read-only" in dialog.confirm_button.toolTip()
        assert "read-only" in dialog.status.text() and not dialog.confirm()

        coffee = _ids_by_name(session)["coffee.jpg"]
        carry = NearDuplicateDialog(session, coffee, "CAT-1")
        qtbot.addWidget(carry)
        carry.show()
        qtbot.waitExposed(carry)
        qtbot.waitUntil(lambda: carry.shown_all, timeout=TIMEOUT)
        assert not carry.apply_button.isEnabled() and "read-only" in carry.apply_button.toolTip()
        assert not carry.apply()
        assert not [event for event in session.case.events() if event.action == "file.tagged"]
    finally:
        session.close()
    assert not unexpected


def test_near_duplicates_are_shown_obscured_and_carried_only_after_all_were_shown(session: CaseSession,
                                                                                  qtbot) -> None:
    exposure_of(session).reveal(True)  # the examiner revealed pictures elsewhere: the group stays obscured
    coffee = _ids_by_name(session)["coffee.jpg"]
    group = near_duplicate_group(session.case, coffee)
    assert len(group) >= 3 and group[0].file_id == coffee
    dialog = NearDuplicateDialog(session, coffee, "CAT-1")
    tester = QAbstractItemModelTester(dialog.model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # noqa: F841
    qtbot.addWidget(dialog)
    dialog.list.setFixedHeight(150)  # one member on screen at a time
    with qtbot.waitSignal(dialog.thumbnails_loaded, timeout=TIMEOUT):
        dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.members == group

    qtbot.waitUntil(lambda: coffee in dialog.shown_ids, timeout=TIMEOUT)
    assert not dialog.shown_all and not dialog.apply_button.isEnabled()
    assert "every member" in dialog.apply_button.toolTip().lower()
    assert not dialog.apply()

    model = dialog.model
    for row in range(model.rowCount()):  # every member drawn obscured: greyscale, whatever the reveal state
        pixmap = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
        assert isinstance(pixmap, QPixmap) and not pixmap.isNull()
        assert pixmap.toImage().isGrayscale()
        assert f"distance {group[row].distance}" in model.data(model.index(row, 0)) or row == 0

    dialog.list.setFocus()
    dialog.list.setCurrentIndex(model.index(0, 0))
    for member in group[1:]:  # scroll through the group by keyboard, each member painted in turn
        assert not dialog.apply_button.isEnabled()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda member=member: member.file_id in dialog.shown_ids, timeout=TIMEOUT)
    assert dialog.shown_all
    qtbot.waitUntil(dialog.apply_button.isEnabled, timeout=TIMEOUT)

    left_out = group[-1]  # the examiner unchecks the farthest member (Space on the current row)
    assert dialog.list.currentIndex().row() == len(group) - 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)
    assert model.data(model.index(len(group) - 1, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert dialog.checked_members() == group[:-1]

    before = _tags(session)
    with qtbot.waitSignal(dialog.applied, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert sorted(blocker.args[0]) == sorted(member.file_id for member in group[:-1])
    tagged = _tags(session)
    for member in group[:-1]:
        new = tagged[member.file_id][len(before.get(member.file_id, [])):]
        assert len(new) == 1
        assert new[0]["category"] == "CAT-1" and new[0]["via"] == "near-duplicate group"
        assert new[0]["carried_from"] == coffee and new[0]["distance"] == member.distance
    assert len(tagged.get(left_out.file_id, [])) == len(before.get(left_out.file_id, []))
    assert session.case.verify().ok


def test_a_picture_without_near_duplicates_has_nothing_to_carry(session: CaseSession, qtbot) -> None:
    astronaut = _ids_by_name(session)["astronaut.jpg"]
    assert near_duplicate_group(session.case, astronaut) == []
    dialog = NearDuplicateDialog(session, astronaut)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.show()
    assert dialog.members == [] and not dialog.shown_all and not dialog.apply_button.isEnabled()
    assert "no near duplicate" in dialog.heading.text()
    assert dialog.model.rowCount(QModelIndex()) == 0
