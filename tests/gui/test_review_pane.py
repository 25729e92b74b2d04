"""The review pane on the demo case, driven by keyboard: each item starts at its default step on the reveal ladder
(flagged material as words only, the rest heavily blurred and greyscale), goes up and back one key at a time and
starts again on every move; face crops come before the picture, with their age distribution and an age decision
in the custody chain; similar pictures go to the gallery; a video is a storyboard, never played, never heard.

Only the demo's benign pictures are used (the astronaut portrait has one adult face; coffee.jpg is "flagged" by
the training hash set), and a generated video of moving shapes and the astronaut portrait."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import skimage.data
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from heroes_desktop.case.case_file import Case
from heroes_desktop.gui.exposure import ObscureLevel, exposure_monitor_of
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import shortcuts_of
from heroes_desktop.gui.views.review_pane import CONTEXT, ReviewPane, face_crop
from heroes_desktop.identity.actor import Actor
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.review.decisions import near_duplicate_group
from heroes_desktop.review.gallery import GalleryScope, gallery_tiles, list_gallery
from heroes_desktop.review.ladder import RevealStep
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, open_demo_case

WAIT_MS = 60_000
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- helpers shared with test_exposure.py (no test functions here) ------------------------------------------------


def ids_by_name(case: Case) -> dict[str, int]:
    """The demo's pictures by name (the first of same-named ones)."""
    listing = list_gallery(case, GalleryScope(stack_duplicates=False))
    names: dict[str, int] = {}
    for tile in sorted(gallery_tiles(case, listing.ids).values(), key=lambda tile: tile.file_id):
        names.setdefault(tile.name, tile.file_id)
    return names


def is_grey(image: QImage) -> bool:
    points = [(x, y) for x in range(2, image.width(), max(1, image.width() // 11))
              for y in range(2, image.height(), max(1, image.height() // 11))]
    return all((c := image.pixelColor(x, y)).red() == c.green() == c.blue() for x, y in points)


def is_colourful(image: QImage) -> bool:
    for y in range(0, image.height(), max(1, image.height() // 23)):
        for x in range(0, image.width(), max(1, image.width() // 23)):
            c = image.pixelColor(x, y)
            if max(c.red(), c.green(), c.blue()) - min(c.red(), c.green(), c.blue()) > 24:
                return True
    return False


def same_pixels(first: QImage, second: QImage) -> bool:
    return (first.convertToFormat(QImage.Format.Format_RGB32)
            == second.convertToFormat(QImage.Format.Format_RGB32))


def make_pane(qtbot: Any, session: CaseSession) -> ReviewPane:
    pane = ReviewPane(session)
    qtbot.addWidget(pane)
    pane.resize(900, 900)
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    pane.setFocus()
    return pane


def show(qtbot: Any, pane: ReviewPane, file_id: int) -> None:
    """Show ``file_id`` and wait for its description (and for its pixels where the step shows any)."""
    pane.show_item(file_id)
    qtbot.waitUntil(lambda: pane.review is not None and pane.review.file_id == file_id, timeout=WAIT_MS)
    if pane.step > RevealStep.DESCRIPTOR:
        qtbot.waitUntil(lambda: pane.displayed_image() is not None, timeout=WAIT_MS)


def press(qtbot: Any, pane: ReviewPane, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          ) -> None:
    """A key on the pane, as the examiner presses it in its window (made active again after a dialog closed)."""
    if QApplication.activeWindow() is not pane.window():
        pane.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is pane.window(), timeout=WAIT_MS)
    qtbot.keyClick(pane, key, modifiers)


def reveal_clear(qtbot: Any, pane: ReviewPane) -> None:
    """Up the ladder by key to a clear view (each press one step)."""
    for _ in range(RevealStep.CLEAR - pane.step):
        before = pane.step
        press(qtbot, pane, Qt.Key.Key_Space)
        assert pane.step == before + 1, "the key did not reach the pane"
    qtbot.waitUntil(lambda: pane.displayed_image() is not None, timeout=WAIT_MS)


def new_session(case: Case, actor: Actor, profile: Path | None = None, passphrase: str = DEMO_CASE_PASSPHRASE,
                key_passphrase: str = DEMO_KEY_PASSPHRASE) -> CaseSession:
    return CaseSession(case, actor, Jobs(), passphrase, key_passphrase, key_profile=profile)


def end_session(qtbot: Any, session: CaseSession, pane: ReviewPane | None = None) -> None:
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=WAIT_MS)
    if pane is not None:
        pane.shutdown()
    session.jobs.shutdown(wait=True)
    monitor = getattr(session, "exposure_monitor", None)
    if monitor is not None:
        monitor.close()


# -- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def opened(demo_case):  # type: ignore[no-untyped-def]
    case, actor, profile = open_demo_case(demo_case, purpose="review pane tests")
    yield case, actor, profile, ids_by_name(case)
    case.close()


@pytest.fixture
def session(opened, qapp) -> Iterator[CaseSession]:  # type: ignore[no-untyped-def]
    case, actor, profile, _ = opened
    made = new_session(case, actor, profile)
    yield made
    made.jobs.shutdown(wait=True)
    if getattr(made, "exposure_monitor", None) is not None:
        made.exposure_monitor.close()


@pytest.fixture
def pane(qtbot, session: CaseSession) -> Iterator[ReviewPane]:  # type: ignore[no-untyped-def]
    made = make_pane(qtbot, session)
    yield made
    qtbot.waitUntil(lambda: not session.jobs.busy, timeout=WAIT_MS)
    made.shutdown()


@pytest.fixture
def names(opened) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return opened[3]


# -- the ladder ----------------------------------------------------------------------------------------------


def test_flagged_material_starts_as_words_and_the_rest_heavily_blurred(qtbot, pane: ReviewPane,  # type: ignore[no-untyped-def]
                                                                       names: dict[str, int]) -> None:
    steps: list[int] = []
    pane.step_changed.connect(steps.append)
    show(qtbot, pane, names["coffee.jpg"])  # CAT-1 by the training hash set: flagged
    assert pane.step is RevealStep.DESCRIPTOR and steps[-1] == int(RevealStep.DESCRIPTOR)
    assert pane.displayed_image() is None and pane.picture.pixmap().isNull()
    assert pane.pixels is None  # not even decoded: no pixels at the descriptor step
    text = pane.descriptor.text()
    assert text.startswith("Picture, 600×400") and "Hash set" in text and "CAT-1" in text
    assert "counted" in pane.signals_label.text()  # the hash-set signal crossed its threshold
    assert "flagged" in pane.step_label.text() and "no pixels" in pane.step_label.text()

    show(qtbot, pane, names["astronaut.jpg"])  # unflagged: heavy blur and greyscale
    assert pane.step is RevealStep.HEAVY and steps[-1] == int(RevealStep.HEAVY)
    shown = pane.displayed_image()
    assert shown is not None and is_grey(shown) and not is_colourful(shown)
    assert "1 face: female" in pane.descriptor.text() and "P(under 18)" in pane.descriptor.text()


def test_keys_step_up_and_back_and_every_move_starts_again_at_the_default(qtbot, pane: ReviewPane,  # type: ignore[no-untyped-def]
                                                                          names: dict[str, int]) -> None:
    astronaut, coffee = names["astronaut.jpg"], names["coffee.jpg"]
    show(qtbot, pane, astronaut)
    heavy = pane.displayed_image()
    press(qtbot, pane, Qt.Key.Key_Space)
    assert pane.step is RevealStep.LIGHT
    light = pane.displayed_image()
    assert light is not None and not same_pixels(light, heavy) and is_grey(light)
    press(qtbot, pane, Qt.Key.Key_Up, CTRL)
    assert pane.step is RevealStep.CLEAR
    clear = pane.displayed_image()
    assert clear is not None and is_colourful(clear)
    assert same_pixels(clear, pane.pixels.picture.at(ObscureLevel.CLEAR))  # the picture as it is
    press(qtbot, pane, Qt.Key.Key_Space)
    assert pane.step is RevealStep.CLEAR  # no step above clear
    press(qtbot, pane, Qt.Key.Key_Backspace)
    assert pane.step is RevealStep.LIGHT
    press(qtbot, pane, Qt.Key.Key_Down, CTRL)
    assert pane.step is RevealStep.HEAVY
    press(qtbot, pane, Qt.Key.Key_Backspace)
    assert pane.step is RevealStep.DESCRIPTOR and pane.displayed_image() is None
    press(qtbot, pane, Qt.Key.Key_Backspace)
    assert pane.step is RevealStep.DESCRIPTOR

    reveal_clear(qtbot, pane)
    show(qtbot, pane, coffee)  # another item: its own default, nothing carried over
    assert pane.step is RevealStep.DESCRIPTOR and pane.displayed_image() is None
    press(qtbot, pane, Qt.Key.Key_Space)
    assert pane.step is RevealStep.HEAVY
    qtbot.waitUntil(lambda: pane.displayed_image() is not None, timeout=WAIT_MS)
    assert is_grey(pane.displayed_image())
    show(qtbot, pane, astronaut)  # and back: its default again, not the clear view it had
    assert pane.step is RevealStep.HEAVY and is_grey(pane.displayed_image())
    show(qtbot, pane, coffee)
    assert pane.step is RevealStep.DESCRIPTOR and pane.displayed_image() is None
    press(qtbot, pane, Qt.Key.Key_Escape)  # back to the first step: already there
    assert pane.step is RevealStep.DESCRIPTOR


def test_the_review_keys_are_registered_in_their_own_context_without_clashes(pane: ReviewPane) -> None:
    registry = shortcuts_of(pane.session)
    mine = {action.action_id: action for action in registry.actions() if action.context == CONTEXT}
    assert {"review.step_up", "review.step_up_alt", "review.step_down", "review.step_down_alt", "review.faces",
            "review.similar", "review.face_adult", "review.face_minor", "review.face_unsure"} <= set(mine)
    assert set(mine) == set(pane.actions_by_id)  # every one bound to the pane
    assert {mine["review.step_up"].key, mine["review.step_up_alt"].key} == {"Space", "Ctrl+Up"}
    assert {mine["review.step_down"].key, mine["review.step_down_alt"].key} == {"Backspace", "Ctrl+Down"}
    assert mine["review.faces"].key == "F" and mine["review.similar"].key == "S"
    taken = {"0", "1", "2", "3", "4", "5", "N", "A", "F8", "F1", "Ctrl+Z", "Ctrl+B", "Ctrl+L", "Ctrl+E", "Ctrl+W",
             "Ctrl+Q", "Ctrl+I", "Alt+1", "Alt+2", "Alt+3", "Alt+4"}
    assert not {action.key for action in mine.values()} & taken
    assert all(action_id.startswith("review.") for action_id in mine)


# -- faces, similar pictures ---------------------------------------------------------------------------------


def test_face_crops_come_first_with_their_age_distribution_and_record_an_age_decision(  # type: ignore[no-untyped-def]
        qtbot, pane: ReviewPane, names: dict[str, int], opened) -> None:
    case = opened[0]
    astronaut = names["astronaut.jpg"]
    show(qtbot, pane, astronaut)
    press(qtbot, pane, Qt.Key.Key_Backspace)  # the descriptor: no picture at all
    assert pane.step is RevealStep.DESCRIPTOR and pane.displayed_image() is None
    press(qtbot, pane, Qt.Key.Key_F)
    assert pane.faces_visible and len(pane.face_cards) == 1
    qtbot.waitUntil(lambda: pane.displayed_crop(0) is not None, timeout=WAIT_MS)
    assert pane.displayed_image() is None  # the face before the whole picture
    crop = pane.displayed_crop(0)
    assert is_grey(crop)  # obscured first
    card = pane.face_cards[0]
    face = pane.review.faces[0]
    assert f"{face.age_p10:.0f}–{face.age_p90:.0f}" in card.ages.text() and "P(under 18)" in card.ages.text()
    assert f"median {face.age_median:.0f}" in card.ages.text() and card.bar.isVisible()
    whole = pane.pixels.picture.at(ObscureLevel.CLEAR)
    assert crop.width() < whole.width()  # a crop, not the picture
    press(qtbot, pane, Qt.Key.Key_C)  # one key from clear
    assert is_colourful(pane.displayed_crop(0)) and pane.displayed_image() is None
    press(qtbot, pane, Qt.Key.Key_C)
    assert is_grey(pane.displayed_crop(0))

    before = len(case.events())
    decided: list[tuple[int, int, str]] = []
    pane.age_decided.connect(lambda *args: decided.append(args))
    press(qtbot, pane, Qt.Key.Key_A, SHIFT)
    qtbot.waitUntil(lambda: decided == [(astronaut, 0, "adult")], timeout=WAIT_MS)
    events = case.events()[before:]
    assert [event.action for event in events] == ["face.age_decided"]
    assert events[0].details == {"file_id": astronaut, "face": 0, "decision": "adult", "note": "",
                                 "from": "face crop"}
    assert card.status.text() == "Decided: adult"
    assert case.verify().ok

    show(qtbot, pane, names["coffee.jpg"])  # no face: said so, nothing shown
    press(qtbot, pane, Qt.Key.Key_F)
    assert not pane.faces_visible and "No face" in pane.message.text()


def test_face_crop_box_is_mapped_onto_a_scaled_picture(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    crop = face_crop(image, (100, 50, 140, 90), scale=0.5)  # analysed at 400×200, shown at 200×100
    assert crop is not None and crop.width() == 30 and crop.height() == 30
    assert face_crop(image, (900, 900, 950, 950)) is None


def test_similar_pictures_go_to_the_gallery(qtbot, pane: ReviewPane, names: dict[str, int], opened) -> None:  # type: ignore[no-untyped-def]
    rocket = names["rocket.jpg"]
    group = near_duplicate_group(opened[0], rocket)
    show(qtbot, pane, rocket)
    with qtbot.waitSignal(pane.similar_requested, timeout=WAIT_MS) as signal:
        press(qtbot, pane, Qt.Key.Key_S)
    file_id, similar = signal.args
    assert file_id == rocket and rocket not in similar
    assert {member.file_id for member in group[1:]} <= set(similar)
    assert pane.step is RevealStep.DESCRIPTOR  # asking for similar pictures shows nothing more


# -- video -----------------------------------------------------------------------------------------------------


def _video(path: Path) -> None:
    """A benign clip: a moving red disc, then the astronaut portrait (one adult face)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (320, 240))
    for index in range(30):
        frame = np.zeros((240, 320, 3), dtype=np.uint8)
        cv2.circle(frame, (40 + index * 8, 120), 30, (0, 0, 255), -1)
        cv2.rectangle(frame, (200, 20 + index * 4), (260, 60 + index * 4), (0, 200, 0), -1)
        writer.write(frame)
    portrait = cv2.cvtColor(cv2.resize(skimage.data.astronaut(), (320, 320))[40:280], cv2.COLOR_RGB2BGR)
    for _ in range(30):
        writer.write(portrait)
    writer.release()


@pytest.fixture
def video_case(new_case: Case, tmp_path: Path) -> Case:
    folder = tmp_path / "camera"
    folder.mkdir()
    _video(folder / "clip.mp4")
    add_evidence(new_case, folder)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "video")))
    assert summary.status == "finished"
    return new_case


def test_a_video_is_a_storyboard_never_played_and_never_heard(qtbot, video_case: Case,  # type: ignore[no-untyped-def]
                                                              examiner: Actor) -> None:
    clip = next(row["id"] for row in iter_files(video_case) if row["name"] == "clip.mp4")
    session = new_session(video_case, examiner, None, PASSPHRASE, KEY_PASSPHRASE)
    pane = make_pane(qtbot, session)
    try:
        show(qtbot, pane, clip)
        assert pane.review.kind == "video" and pane.step is RevealStep.HEAVY
        note = pane.video_note.text()
        assert pane.video_note.isVisible() and "no autoplay" in note and "sound off" in note
        assert pane.descriptor.text().startswith("Video, 6 s")
        qtbot.waitUntil(lambda: pane.pixels is not None, timeout=WAIT_MS)
        assert pane.pixels.frames >= 2
        storyboard = pane.displayed_image()
        assert storyboard.width() == 3 * 256 and is_grey(storyboard)  # the key frames, obscured like a picture
        assert not [child for child in pane.findChildren(QObject)
                    if any(word in type(child).__name__ for word in ("Media", "Audio", "Video"))]
        reveal_clear(qtbot, pane)
        assert is_colourful(pane.displayed_image())
        monitor = exposure_monitor_of(session)
        qtbot.waitUntil(lambda: monitor.counts.session_views == 0, timeout=WAIT_MS)  # not flagged: not counted
        press(qtbot, pane, Qt.Key.Key_Backspace)
        press(qtbot, pane, Qt.Key.Key_Backspace)
        assert pane.review.faces  # the astronaut frames
        press(qtbot, pane, Qt.Key.Key_F)  # the crop comes from the key frame's thumbnail
        qtbot.waitUntil(lambda: pane.displayed_crop(0) is not None, timeout=WAIT_MS)
        crop = pane.displayed_crop(0)
        assert is_grey(crop)
        press(qtbot, pane, Qt.Key.Key_C)
        assert is_colourful(pane.displayed_crop(0))

    finally:
        end_session(qtbot, session, pane)
