"""The review pane: one picture or video at a time, shown one step at a time on the reveal ladder.

Every item starts at the examiner's default step for it (flagged material as a text description only, the rest
heavily blurred and greyscale) and goes up one key at a time: description -> heavy blur -> light blur -> clear.
Moving to another item, or back, starts again at its default. The description comes first because brief content
descriptions reduced viewing without adding distress, where blur alone did not (GUI.md, "Wellbeing"); face crops
come before the whole picture, so that an age can be decided from the face alone, beside its estimated age
distribution. A video is a storyboard of its key frames: never played, never heard.

Each clear view of flagged material counts in the examiner's private exposure count (the window's
:class:`~heroes_desktop.gui.exposure.ExposureMonitor`); in presentation-safe mode the name is masked and every
reveal above the description is logged in the custody chain. Nothing here runs a core call on the GUI thread: the
review, the pixels, similar pictures and age decisions are read and written in the session's jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout,
                               QWidget)

from heroes_desktop.acpic.triage import EXPLICIT, PARTIAL
from heroes_desktop.browse.item_details import thumbnail_bytes, video_key_frames
from heroes_desktop.core.units import readable_size
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.exposure import ObscureLevel, exposure_monitor_of, exposure_of, obscure, step_title
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.shortcuts import ShortcutConflict, shortcuts_of
from heroes_desktop.gui.views.preview import MAX_IMAGE_BYTES, decode_image, frame_sheet
from heroes_desktop.gui.views.viewers import SharedContent
from heroes_desktop.review.decisions import AGE_DECISIONS, record_age_decision, similar_images
from heroes_desktop.review.item_review import FaceEstimate, ItemReview, review_items
from heroes_desktop.supervision.blind_view import blinded
from heroes_desktop.review.ladder import RevealLadder, RevealStep

log = logging.getLogger("heroes.gui")

CONTEXT = "review_pane"
KEY_FRAME_SIDE = 640  # the video stage's key frames (read_key_frames' default): a video face box is in them
CROP_MARGIN = 0.25  # of the face box's longer side, on every side of the crop
CROP_SIDE = 160  # crops are shown at most this wide or high
AGE_SPAN = 80.0  # the age bar runs from 0 to this many years
LEVELS = (ObscureLevel.LIGHT, ObscureLevel.DEFAULT, ObscureLevel.STRONG)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPane", text)


# ---------------------------------------------------------------------------------------------- the words


def _kind_line(review: ItemReview) -> str:
    size = readable_size(review.size)
    if review.kind == "video":
        length = (_tr("{0:.0f} s").format(review.video_seconds) if review.video_seconds is not None
                  else _tr("length unknown"))
        audio = {True: _tr("audio present (sound off)"), False: _tr("no audio"),
                 None: _tr("audio unknown (sound off)")}[review.audio]
        text = _tr("Video, {length}, {audio}, {size}").format(length=length, audio=audio, size=size)
        if review.video_frames:
            text += _tr(", {0} key frames").format(review.video_frames)
    elif review.width and review.height:
        text = _tr("Picture, {width}×{height}, {size}").format(width=review.width, height=review.height, size=size)
    else:
        text = _tr("Picture, {size}").format(size=size)
    return text + (_tr(", deleted") if review.deleted else "")


def _gender(face: FaceEstimate) -> str:
    return {"female": _tr("female"), "male": _tr("male")}.get(face.gender or "", _tr("face"))


def age_text(face: FaceEstimate) -> str:
    """A face's estimated age distribution in a line: 10th–90th percentile, median, P(under 18)."""
    if face.age_p10 is None or face.age_p90 is None:
        ages = _tr("age unknown")
    else:
        ages = _tr("est. age {low:.0f}–{high:.0f}").format(low=face.age_p10, high=face.age_p90)
        if face.age_median is not None:
            ages += _tr(", median {0:.0f}").format(face.age_median)
    return _tr("{gender}, {ages}; P(under 18) {p:.2f}").format(gender=_gender(face), ages=ages, p=face.p_minor)


def descriptor_lines(review: ItemReview, *, blind: bool = False) -> list[str]:
    """What the item is and what was found in it, in words: shown before any pixel (the core's
    ``ItemReview.descriptor``, composed here in the examiner's language). ``blind``: a blind review's item, whose
    suggestion was removed (:func:`~heroes_desktop.supervision.blind_view.blinded`), says no suggestion."""
    lines = [_kind_line(review)]
    if review.hashes:
        for hit in review.hashes.hits:
            how = (_tr("exact") if hit.exact else _tr("perceptual, distance {0}").format(hit.distance))
            lines.append(_tr("Hash set {name}: {category} ({kind}, {how})").format(
                name=hit.hashset, category=hit.category or _tr("no category"), kind=hit.kind, how=how))
        if review.hashes.conflict:
            lines.append(_tr("Hash sets disagree: {0}").format(", ".join(review.hashes.conflict)))
    if review.examiner_category:
        lines.append(_tr("Your category: {0}").format(review.examiner_category))
    if not review.analysed:
        lines.append(_tr("Not analysed by image triage"))
        return lines
    if review.faces:
        faces = "; ".join(age_text(face) for face in review.faces)
        lines.append(_tr("{count} face(s): {faces}").format(count=len(review.faces), faces=faces)
                     .replace("(s)", "" if len(review.faces) == 1 else "s"))
    else:
        lines.append(_tr("No face found"))
    labels = [d for d in review.detections if d.get("label") in EXPLICIT | PARTIAL]
    if labels:
        lines.append(_tr("Detector: {0}").format(", ".join(
            f"{str(d['label']).lower().replace('_', ' ')} {float(d.get('score') or 0):.2f}" for d in labels)))
    else:
        lines.append(_tr("Detector: no nudity labels"))
    if review.context:
        lines.append(_tr("Context: {0}").format(", ".join(
            f"{c.get('label')} {float(c.get('score') or 0):.2f}" for c in review.context[:3])))
    if review.triage_score is not None and blind:
        lines.append(_tr("Triage score {score:.2f}").format(score=review.triage_score))
    elif review.triage_score is not None:
        lines.append(_tr("Triage score {score:.2f}, suggests {category}").format(
            score=review.triage_score, category=review.suggested_category or _tr("nothing")))
    return lines


def signal_lines(review: ItemReview) -> list[str]:
    """Every signal behind the suggestion, with the threshold it was compared with."""
    kinds = {"hash-set": _tr("Hash set"), "detector": _tr("Detector"), "face": _tr("Face"),
             "context": _tr("Context")}
    lines = []
    for signal in review.signals:
        text = f"{kinds.get(signal.kind, signal.kind)}: {signal.text}"
        if signal.value is not None and signal.threshold is not None:
            verdict = _tr("counted") if signal.crossed else _tr("below")
            text += f" ({signal.value:.2f} / {signal.threshold:.2f}, {verdict})"
        elif signal.crossed:
            text += f" ({_tr('counted')})"
        lines.append(text)
    return lines


# --------------------------------------------------------------------------------------------- the pixels


@dataclass(frozen=True)
class Levels:
    """One picture at each obscuring level, made off the GUI thread."""

    images: dict[ObscureLevel, QImage]

    def at(self, level: ObscureLevel) -> QImage:
        return self.images[ObscureLevel(level)]

    @classmethod
    def of(cls, image: QImage) -> Levels:
        return cls({ObscureLevel.CLEAR: image, **{level: obscure(image, level) for level in LEVELS}})


@dataclass(frozen=True)
class Pixels:
    """What the pane may show of one item, once decoded: the picture (a video: its storyboard) and each face's
    crop (None where no crop could be made)."""

    file_id: int
    picture: Levels | None
    crops: tuple[Levels | None, ...]
    frames: int = 0  # a video's key frames in the storyboard


def face_crop(image: QImage, box: tuple[int, int, int, int], scale: float = 1.0) -> QImage | None:
    """The face in ``box`` (pixels of the analysed image; ``scale`` maps them onto ``image``) with a margin,
    clipped to the image; None when nothing of it lies inside."""
    if image.isNull() or len(box) < 4:
        return None
    x0, y0, x1, y1 = (value * scale for value in box[:4])
    margin = CROP_MARGIN * max(x1 - x0, y1 - y0)
    rect = QRect(round(x0 - margin), round(y0 - margin), round(x1 - x0 + 2 * margin),
                 round(y1 - y0 + 2 * margin)).intersected(image.rect())
    if rect.width() < 2 or rect.height() < 2:
        return None
    return image.copy(rect)


def load_pixels(case: Any, read: Callable[[int, int, int], bytes], review: ItemReview) -> Pixels:
    """Decode an item for the pane (in a read job): a picture from its content, a video's storyboard from its
    key frames (made at ingest; the video itself is never decoded, played or heard here), and the face crops."""
    if review.kind == "video":
        frames = video_key_frames(case, review.file_id)
        sheet = Levels.of(frame_sheet(frames)) if frames else None
        side = max(review.width or 0, review.height or 0)
        frame_side = min(KEY_FRAME_SIDE, side) if side else KEY_FRAME_SIDE
        crops: list[Levels | None] = []
        for face in review.faces:
            thumbnail = thumbnail_bytes(case, review.file_id, face.frame) if face.frame is not None else None
            image = QImage.fromData(thumbnail) if thumbnail else QImage()
            scale = max(image.width(), image.height()) / frame_side if not image.isNull() else 1.0
            crop = face_crop(image, face.box, scale)
            crops.append(Levels.of(crop) if crop is not None else None)
        return Pixels(review.file_id, sheet, tuple(crops), len(frames))
    if review.size > MAX_IMAGE_BYTES:
        raise ValueError(f"the picture is {review.size:,} bytes: too large to show here")
    clear = decode_image(read(review.file_id, 0, review.size))
    scale = clear.width() / review.width if review.width else 1.0
    crops = []
    for face in review.faces:
        crop = face_crop(clear, face.box, scale)
        crops.append(Levels.of(crop) if crop is not None else None)
    return Pixels(review.file_id, Levels.of(clear), tuple(crops))


# ------------------------------------------------------------------------------------------- the widgets


class AgeBar(QWidget):
    """A face's estimated age distribution drawn on a 0–80 year line: the 10th–90th percentile band, the median,
    and the line at 18."""

    def __init__(self, face: FaceEstimate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.face = face
        self.setMinimumSize(CROP_SIDE, 18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Estimated age distribution"))
        self.setToolTip(age_text(face))

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            width, height = self.width() - 2, self.height() - 2

            def x(age: float) -> float:
                return 1 + width * max(0.0, min(age, AGE_SPAN)) / AGE_SPAN

            painter.setPen(QPen(self.palette().mid().color()))
            painter.drawRect(QRectF(1, 1, width, height))
            face = self.face
            if face.age_p10 is not None and face.age_p90 is not None:
                painter.fillRect(QRectF(x(face.age_p10), 3, max(2.0, x(face.age_p90) - x(face.age_p10)),
                                        height - 4), QColor(90, 140, 200))
            if face.age_median is not None:
                painter.setPen(QPen(self.palette().text().color(), 2))
                painter.drawLine(round(x(face.age_median)), 1, round(x(face.age_median)), height + 1)
            painter.setPen(QPen(QColor(200, 60, 60), 1, Qt.PenStyle.DashLine))
            painter.drawLine(round(x(18)), 0, round(x(18)), height + 2)
        finally:
            painter.end()


class FaceCard(QFrame):
    """One face: its crop (obscured like the item, one key from clear), its age distribution and the three
    decisions."""

    decided = Signal(int, str)  # face number, decision
    clear_toggled = Signal(int)
    chosen = Signal(int)

    def __init__(self, number: int, face: FaceEstimate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.face = face
        self.setObjectName(f"face_card_{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.crop = QLabel(self)
        self.crop.setFixedSize(CROP_SIDE, CROP_SIDE)
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.crop.setAccessibleName(self.tr("Face crop {0}").format(number + 1))
        self.title = QLabel(self.tr("Face {0}").format(number + 1), self)
        self.ages = QLabel(age_text(face), self)
        self.ages.setWordWrap(True)
        self.bar = AgeBar(face, self)
        self.clear_button = QPushButton(self.tr("Show clear (C)"), self)
        self.clear_button.setCheckable(True)
        self.clear_button.clicked.connect(lambda _checked=False: self.clear_toggled.emit(self.number))
        titles = {"adult": self.tr("Adult (Shift+A)"), "minor": self.tr("Minor (Shift+M)"),
                  "unsure": self.tr("Unsure (Shift+U)")}
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for decision in AGE_DECISIONS:
            button = QPushButton(titles[decision], self)
            button.clicked.connect(lambda _checked=False, decision=decision: self.decided.emit(self.number,
                                                                                                decision))
            self.buttons[decision] = button
            row.addWidget(button)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.crop, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.bar)
        layout.addWidget(self.ages)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.chosen.emit(self.number)
        super().mousePressEvent(event)

    def set_crop(self, image: QImage | None, message: str = "") -> None:
        if image is None or image.isNull():
            self.crop.setPixmap(QPixmap())
            self.crop.setText(message)
            return
        scaled = image.scaled(CROP_SIDE, CROP_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        self.crop.setText("")
        self.crop.setPixmap(QPixmap.fromImage(scaled))

    def displayed_crop(self) -> QImage | None:
        pixmap = self.crop.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()

    def set_current(self, current: bool) -> None:
        self.setLineWidth(3 if current else 1)
        self.title.setText((self.tr("▶ Face {0}") if current else self.tr("Face {0}")).format(self.number + 1))


# ---------------------------------------------------------------------------------------------- the pane


class ReviewPane(QWidget):
    """One item on the reveal ladder. ``show_item(file_id)`` (None: nothing) starts it at its default step."""

    step_changed = Signal(int)  # the RevealStep now shown
    item_shown = Signal(int)  # the item's description is on screen (its ladder moved)
    pixels_ready = Signal(int)  # the item's pixels are decoded (shown at the step's level, or not at all)
    similar_requested = Signal(int, list)  # file id, the ids of similar pictures (nearest first)
    age_decided = Signal(int, int, str)  # file id, face number, decision: in the custody chain
    notice = Signal(str)  # a refusal or a failure the pane says in words

    def __init__(self, session: Any, parent: QWidget | None = None, *, blind: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("blind_review_pane" if blind else "review_pane")
        self.blind = blind  # a supervisor's blind review: nothing of the examiner's decision, nothing that anchors
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.session = session
        self._jobs = session.jobs
        self.monitor = exposure_monitor_of(session)
        self.exposure = exposure_of(session)
        self.content = SharedContent(session.case)
        self.ladder = RevealLadder(self.monitor.settings, on_clear=self._cleared, on_reveal=self._revealed,
                                   presentation=self.monitor.presentation)
        self._file_id: int | None = None
        self._review: ItemReview | None = None
        self._pixels: Pixels | None = None
        self._review_job: Job | None = None
        self._pixels_job: Job | None = None
        self._similar_job: Job | None = None
        self._crop_clear: set[int] = set()
        self._current_face = 0
        self._decisions: dict[tuple[int, int], str] = {}
        self._build()
        self.actions_by_id = self._bind_actions()
        self.monitor.presentation_changed.connect(self._presentation_changed)
        self.monitor.settings_changed.connect(self._settings_changed)
        self.monitor.reveal_not_logged.connect(self._reveal_not_logged)
        self.exposure.changed.connect(lambda _revealed: self._render())
        self.show_item(None)

    # ------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("review_title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.step_label = QLabel(self)
        self.step_label.setObjectName("review_step")
        self.hint = QLabel(self.tr("Space or Ctrl+Up: show more · Backspace or Ctrl+Down: less · F: faces · "
                                   "S: similar pictures"), self)
        self.hint.setWordWrap(True)
        self.descriptor = QLabel(self)
        self.descriptor.setObjectName("review_descriptor")
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextFormat(Qt.TextFormat.PlainText)
        self.descriptor.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.signals_label = QLabel(self)
        self.signals_label.setObjectName("review_signals")
        self.signals_label.setWordWrap(True)
        self.signals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.video_note = QLabel(self.tr("Video: its key frames only — no autoplay; sound off."), self)
        self.video_note.setObjectName("review_video_note")
        self.message = QLabel(self)
        self.message.setObjectName("review_message")
        self.message.setWordWrap(True)
        self.picture = QLabel(self)
        self.picture.setObjectName("review_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(self.tr("Picture under review"))
        self.picture_area = QScrollArea(self)
        self.picture_area.setWidget(self.picture)
        self.picture_area.setWidgetResizable(True)
        self.picture_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.faces_strip = QWidget(self)
        self.faces_row = QHBoxLayout(self.faces_strip)
        self.faces_row.setContentsMargins(0, 0, 0, 0)
        self.faces_area = QScrollArea(self)
        self.faces_area.setObjectName("review_faces")
        self.faces_area.setWidget(self.faces_strip)
        self.faces_area.setWidgetResizable(True)
        self.faces_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.faces_area.setVisible(False)
        self.face_cards: list[FaceCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.title, self.step_label, self.hint, self.descriptor, self.signals_label,
                       self.video_note, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.faces_area)
        layout.addWidget(self.picture_area, 1)
        layout.addStretch(0)  # with no picture shown, the words stay together at the top

    def _declared(self) -> tuple[tuple[str, str, str, Callable[[], object]], ...]:
        return (
            ("review.step_up", self.tr("Review: show more (one step up the ladder)"), "Space", self.step_up),
            ("review.step_up_alt", self.tr("Review: show more (one step up the ladder)"), "Ctrl+Up", self.step_up),
            ("review.step_down", self.tr("Review: show less (one step back)"), "Backspace", self.step_down),
            ("review.step_down_alt", self.tr("Review: show less (one step back)"), "Ctrl+Down", self.step_down),
            ("review.reset", self.tr("Review: back to the item's first step"), "Esc", self.reset_step),
            ("review.faces", self.tr("Review: show or hide the face crops"), "F", self.toggle_faces),
            ("review.similar", self.tr("Review: similar pictures (in the gallery)"), "S", self.show_similar),
            ("review.next_face", self.tr("Review: next face"), "Right", self.next_face),
            ("review.previous_face", self.tr("Review: previous face"), "Left", self.previous_face),
            ("review.face_clear", self.tr("Review: this face crop clear, or obscured again"), "C",
             self.toggle_face_clear),
            ("review.face_adult", self.tr("Review: this face is an adult"), "Shift+A",
             lambda: self.decide_face("adult")),
            ("review.face_minor", self.tr("Review: this face is a minor"), "Shift+M",
             lambda: self.decide_face("minor")),
            ("review.face_unsure", self.tr("Review: unsure of this face's age"), "Shift+U",
             lambda: self.decide_face("unsure")),
        )

    def _bind_actions(self) -> dict[str, Any]:
        registry = shortcuts_of(self.session)
        registry.register_context(CONTEXT, self.tr("Review"))
        bound = {}
        for action_id, title, key, callback in self._declared():
            try:
                registry.register(action_id, title, key, CONTEXT)
            except ShortcutConflict as error:  # another action holds the key: say so, the pane still works
                log.warning("the review key of %s is not bound: %s", action_id, error)
                continue
            bound[action_id] = registry.bind(action_id, self, callback)
        return bound

    # -------------------------------------------------------------------------------------- the public face

    @property
    def file_id(self) -> int | None:
        return self._file_id

    @property
    def review(self) -> ItemReview | None:
        """The item's review once loaded (None while loading or with no item)."""
        return self._review

    @property
    def step(self) -> RevealStep:
        return self.ladder.step

    @property
    def pixels(self) -> Pixels | None:
        return self._pixels

    @property
    def loading(self) -> bool:
        return self._review_job is not None or self._pixels_job is not None

    @property
    def faces_visible(self) -> bool:
        return not self.faces_area.isHidden()

    @property
    def current_face(self) -> int:
        return self._current_face

    def displayed_image(self) -> QImage | None:
        """The picture on screen now (None: no pixels shown), for tests and screenshots."""
        if self.picture_area.isHidden():
            return None
        pixmap = self.picture.pixmap()
        return None if pixmap is None or pixmap.isNull() else pixmap.toImage()

    def displayed_crop(self, number: int) -> QImage | None:
        if not self.faces_visible or not 0 <= number < len(self.face_cards):
            return None
        return self.face_cards[number].displayed_crop()

    def show_item(self, file_id: int | None) -> None:
        """Review ``file_id`` from its default step (also when it was shown before); None shows nothing."""
        self._cancel_jobs()
        self._file_id = file_id
        self._review = None
        self._pixels = None
        self._crop_clear.clear()
        self._current_face = 0
        self._set_face_cards(())
        self.faces_area.setVisible(False)
        self._show_no_pixels()
        self.message.setText("")
        self.signals_label.setText("")
        self.video_note.setVisible(False)
        if file_id is None:
            self.title.setText(self.tr("No item selected"))
            self.step_label.setText("")
            self.descriptor.setText("")
            return
        self.title.setText(self.tr("Loading…"))
        self.step_label.setText("")
        self.descriptor.setText("")
        case = self.session.case
        def read() -> ItemReview | None:
            review = review_items(case, [file_id]).get(file_id)
            return blinded(review) if self.blind and review is not None else review

        self._review_job = self._jobs.read(
            "review item", read,
            on_done=lambda review: self._reviewed(file_id, review),
            on_error=lambda error: self._failed(file_id, error))

    def step_up(self) -> RevealStep:
        """Show one step more (refused, with the reason, where a presentation reveal cannot be logged)."""
        if self._review is None or self.ladder.step is RevealStep.CLEAR:
            return self.ladder.step
        refusal = self.monitor.presentation_refusal()
        if refusal:
            self._say(refusal)
            return self.ladder.step
        before = self.ladder.step
        self.ladder.up()
        return self._stepped(before)

    def step_down(self) -> RevealStep:
        """Show one step less."""
        if self._review is None:
            return self.ladder.step
        before = self.ladder.step
        self.ladder.down()
        return self._stepped(before)

    def reset_step(self) -> RevealStep:
        """Back to the item's default step."""
        if self._review is None:
            return self.ladder.step
        before = self.ladder.step
        if self.ladder.step > self._default_step():
            self.ladder.reset()
        return self._stepped(before)

    def toggle_faces(self, visible: bool | None = None) -> None:
        """Show the face crops (before the whole picture) or hide them."""
        if self._review is None:
            return
        if not self._review.faces:
            self._say(self.tr("No face was found in this item."))
            return
        visible = not self.faces_visible if visible is None else bool(visible)
        self.faces_area.setVisible(visible)
        self._render()

    def next_face(self) -> None:
        self._choose_face(self._current_face + 1)

    def previous_face(self) -> None:
        self._choose_face(self._current_face - 1)

    def toggle_face_clear(self, number: int | None = None) -> None:
        """One face crop clear, or obscured again (the rest of the item stays as it is)."""
        if self._review is None or not self._review.faces:
            return
        number = self._current_face if number is None else int(number)
        if not 0 <= number < len(self._review.faces):
            return
        if self.monitor.presentation:
            self._say(self.tr("In presentation-safe mode the face crops follow the item's step: show the item "
                              "more (logged) instead."))
            self._sync_clear_buttons()
            return
        if not self.faces_visible:
            self.toggle_faces(True)
        self._crop_clear.symmetric_difference_update({number})
        self._current_face = number
        self._render()

    def decide_face(self, decision: str, number: int | None = None) -> None:
        """Record the examiner's age decision on one face, from its crop (a custody event, written in the
        background)."""
        if self.blind:
            self._say(self.tr("A blind review decides categories only; age decisions stay the examiner's."))
            return
        if decision not in AGE_DECISIONS:
            raise ValueError(f"an age decision is one of {', '.join(AGE_DECISIONS)}, not {decision!r}")
        review = self._review
        if review is None or not review.faces:
            return
        number = self._current_face if number is None else int(number)
        if not 0 <= number < len(review.faces):
            return
        if not self.faces_visible:
            self.toggle_faces(True)
            self._say(self.tr("Decide from the face crop: it is shown now."))
            return
        case = self.session.case
        if getattr(case.mode, "value", "") == "read-only":
            self._say(self.tr("This case is open read-only: age decisions cannot be recorded."))
            return
        file_id = review.file_id
        card = self.face_cards[number]
        card.status.setText(self.tr("Recording…"))

        def done(_result: object) -> None:
            self._decisions[(file_id, number)] = decision
            if self._file_id == file_id and number < len(self.face_cards):
                self.face_cards[number].status.setText(self._decision_text(decision))
            self.age_decided.emit(file_id, number, decision)

        def failed(error: BaseException) -> None:
            if self._file_id == file_id and number < len(self.face_cards):
                self.face_cards[number].status.setText("")
            self._say(self.tr("The age decision was not recorded: {0}").format(user_message(error)))

        self._jobs.write("age decision", lambda: record_age_decision(case, file_id, number, decision),
                         on_done=done, on_error=failed)

    def show_similar(self) -> None:
        """Ask for the pictures similar to this one: ``similar_requested`` carries them to the gallery."""
        if self._review is None:
            return
        if self.blind:  # the gallery shows the examiner's categories
            self._say(self.tr("Similar pictures are not shown during a blind review."))
            return
        if self._similar_job is not None:
            self._similar_job.cancel()
        case, file_id = self.session.case, self._review.file_id
        self._say(self.tr("Looking for similar pictures…"))

        def done(ids: list[int]) -> None:
            self._similar_job = None
            if file_id != self._file_id:
                return
            self._say(self.tr("Similar pictures: {0}, shown in the gallery.").format(len(ids)) if ids
                      else self.tr("No similar picture in this case."))
            self.similar_requested.emit(file_id, list(ids))

        def failed(error: BaseException) -> None:
            self._similar_job = None
            self._say(self.tr("Similar pictures could not be found: {0}").format(user_message(error)))

        self._similar_job = self._jobs.read(
            "similar pictures", lambda: [member.file_id for member in similar_images(case, file_id)],
            on_done=done, on_error=failed)

    def shutdown(self) -> None:
        """Drop the jobs and stop the content reader's worker process (the window calls this when it closes)."""
        self._cancel_jobs()
        self.content.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.shutdown()
        super().closeEvent(event)

    # ----------------------------------------------------------------------------------------- the ladder

    def _default_step(self) -> RevealStep:
        if self.ladder.presentation:
            return RevealStep.DESCRIPTOR
        settings = self.ladder.settings
        return settings.flagged_step if self.ladder.flagged else settings.default_step

    def _cleared(self, _file_id: int, flagged: bool) -> None:
        self.monitor.record_clear_view(flagged)

    def _revealed(self, file_id: int, step: RevealStep) -> None:
        self.monitor.log_presentation_reveal(file_id, step)

    def _stepped(self, before: RevealStep) -> RevealStep:
        self._render()
        if self.ladder.step != before:
            self.step_changed.emit(int(self.ladder.step))
        return self.ladder.step

    def _presentation_changed(self, presenting: bool) -> None:
        before = self.ladder.step
        self.ladder.presentation = presenting
        if presenting:
            self._crop_clear.clear()
        self._stepped(before)

    def _settings_changed(self, settings: Any) -> None:
        self.ladder.settings = settings  # from the next item on: what is on screen stays as it is

    def _reveal_not_logged(self, file_id: int, reason: str) -> None:
        if file_id == self._file_id and self.ladder.presentation and self.ladder.step > RevealStep.DESCRIPTOR:
            before = self.ladder.step
            self.ladder.reset()  # a presentation item's default: the description
            self._stepped(before)
        self._say(self.tr("Hidden again: the reveal could not be logged ({0})").format(reason))

    # ------------------------------------------------------------------------------------------ loading

    def _reviewed(self, file_id: int, review: ItemReview | None) -> None:
        self._review_job = None
        if file_id != self._file_id:
            return
        if review is None:
            self.title.setText(self.tr("Not a file of this case"))
            return
        self._review = review
        self.ladder.move_to(file_id, review.triage_score, review.hash_category, review.examiner_category)
        self._set_face_cards(review.faces)
        self.video_note.setVisible(review.kind == "video")
        self.descriptor.setText("\n".join(descriptor_lines(review, blind=self.blind)))
        signals = signal_lines(review)
        self.signals_label.setText(self.tr("Signals:") + "\n" + "\n".join(signals) if signals else "")
        self._render()
        self.item_shown.emit(file_id)
        self.step_changed.emit(int(self.ladder.step))

    def _load_pixels(self) -> None:
        if self._pixels_job is not None or self._review is None:
            return
        case, read, review = self.session.case, self.content.read, self._review

        def done(pixels: Pixels) -> None:
            self._pixels_job = None
            if pixels.file_id != self._file_id:
                return
            self._pixels = pixels
            self._render()
            self.pixels_ready.emit(pixels.file_id)

        def failed(error: BaseException) -> None:
            self._pixels_job = None
            if review.file_id == self._file_id:
                self._say(self.tr("The picture could not be shown: {0}").format(user_message(error)))
                self._pixels = Pixels(review.file_id, None, tuple(None for _ in review.faces))
                self._render()

        self._pixels_job = self._jobs.read("review pixels", lambda: load_pixels(case, read, review),
                                           on_done=done, on_error=failed)

    def _failed(self, file_id: int, error: BaseException) -> None:
        self._review_job = None
        if file_id == self._file_id:
            self.title.setText(self.tr("The item could not be reviewed: {0}").format(user_message(error)))

    def _cancel_jobs(self) -> None:
        for job in (self._review_job, self._pixels_job, self._similar_job):
            if job is not None:
                job.cancel()
        self._review_job = self._pixels_job = self._similar_job = None

    # ---------------------------------------------------------------------------------------- showing

    def _render(self) -> None:
        review = self._review
        if review is None:
            return
        step = self.ladder.step
        name = review.name or review.path
        self.title.setText(self.monitor.mask(name))
        self.title.setToolTip(self.monitor.mask(review.path))
        flagged = self.tr(" · flagged") if self.ladder.flagged else ""
        presenting = self.tr(" · presentation-safe") if self.ladder.presentation else ""
        self.step_label.setText(self.tr("Step {0} of 4: {1}").format(int(step) + 1, step_title(step))
                                + flagged + presenting)
        level = self.monitor.level_for(step)
        crops_shown = self.faces_visible and any(self._crop_level(number) is not None
                                                 for number in range(len(review.faces)))
        if (level is not None or crops_shown) and self._pixels is None:
            self._load_pixels()
        if level is None:
            self._show_no_pixels()
        elif self._pixels is None:
            self._show_no_pixels(self.tr("Decoding…"))
        elif self._pixels.picture is None:
            self._show_no_pixels(self.tr("No picture to show (a video without analysed key frames)."))
        else:
            self.picture.setText("")
            self.picture.setPixmap(QPixmap.fromImage(self._pixels.picture.at(level)))
            self.picture_area.setVisible(True)
        self._render_faces()

    def _show_no_pixels(self, text: str = "") -> None:
        self.picture.setPixmap(QPixmap())
        self.picture.setText(text)
        self.picture_area.setVisible(bool(text))

    def _crop_level(self, number: int) -> ObscureLevel | None:
        """How one face crop is shown: clear when the examiner asked, else as the item (at least heavily obscured
        at the description step; no pixels at all there in presentation-safe mode)."""
        step = self.ladder.step
        if self.ladder.presentation:
            return self.monitor.level_for(step)
        if number in self._crop_clear:
            return ObscureLevel.CLEAR
        return self.monitor.level_for(max(step, RevealStep.HEAVY))

    def _render_faces(self) -> None:
        if not self.faces_visible:
            return
        for number, card in enumerate(self.face_cards):
            card.set_current(number == self._current_face)
            level = self._crop_level(number)
            crop = self._pixels.crops[number] if self._pixels is not None and number < len(
                self._pixels.crops) else None
            if level is None:
                card.set_crop(None, self.tr("No pixels at this step"))
            elif self._pixels is None:
                card.set_crop(None, self.tr("Decoding…"))
            elif crop is None:
                card.set_crop(None, self.tr("No crop"))
            else:
                card.set_crop(crop.at(level))
        self._sync_clear_buttons()

    def _sync_clear_buttons(self) -> None:
        for number, card in enumerate(self.face_cards):
            card.clear_button.setChecked(number in self._crop_clear)

    def _set_face_cards(self, faces: tuple[FaceEstimate, ...] | list[FaceEstimate]) -> None:
        while self.faces_row.count():
            widget = self.faces_row.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.face_cards = []
        read_only = getattr(self.session.case.mode, "value", "") == "read-only"
        for number, face in enumerate(faces):
            card = FaceCard(number, face, self.faces_strip)
            card.decided.connect(lambda number, decision: self.decide_face(decision, number))
            card.clear_toggled.connect(self.toggle_face_clear)
            card.chosen.connect(self._choose_face)
            decided = self._decisions.get((self._file_id or -1, number))
            if decided:
                card.status.setText(self._decision_text(decided))
            for button in card.buttons.values():
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                if read_only:
                    button.setEnabled(False)
                    button.setToolTip(self.tr("This case is open read-only: age decisions cannot be recorded."))
            card.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.faces_row.addWidget(card)
            self.face_cards.append(card)
        if faces:
            self.faces_row.addStretch(1)

    def _choose_face(self, number: int) -> None:
        if not self.face_cards:
            return
        self._current_face = max(0, min(int(number), len(self.face_cards) - 1))
        self._render_faces()

    def _decision_text(self, decision: str) -> str:
        return {"adult": self.tr("Decided: adult"), "minor": self.tr("Decided: minor"),
                "unsure": self.tr("Decided: unsure")}[decision]

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.notice.emit(text)
