"""What the examiner sees by default: every image and thumbnail blurred and in greyscale, one key away from clear;
video and audio never start on their own and start muted. The choice persists per examiner in their profile.

Blur and greyscale are comfort and control, not protection (see GUI.md, "Wellbeing"): they are on by default and
cheap to lift. Part 2 builds the full policy (descriptors before a reveal, exposure counts, break prompts) here.
"""

from __future__ import annotations

import json
import logging
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage

from heroes_desktop.gui.shortcuts import examiner_settings_dir, write_json_atomically

log = logging.getLogger("heroes.gui")
EXPOSURE_FORMAT = "heroes-exposure/1"


class ObscureLevel(IntEnum):
    """How strongly an image is obscured: CLEAR shows it as it is."""

    CLEAR = 0
    LIGHT = 1
    DEFAULT = 2
    STRONG = 3


# The image is reduced to this many pixels on its longer side and scaled back: the blur is the same on a
# 256 px thumbnail and a 24-megapixel photograph, and costs two scalings of a tiny image.
_DETAIL_PIXELS = {ObscureLevel.LIGHT: 48, ObscureLevel.DEFAULT: 24, ObscureLevel.STRONG: 12}


def obscure(image: QImage, level: int = ObscureLevel.DEFAULT) -> QImage:
    """``image`` blurred and in greyscale, the same size (CLEAR: an unchanged copy). Safe on any thread."""
    level = ObscureLevel(max(ObscureLevel.CLEAR, min(int(level), ObscureLevel.STRONG)))
    if level is ObscureLevel.CLEAR or image.isNull():
        return image.copy()
    width, height = image.width(), image.height()
    detail = _DETAIL_PIXELS[level]
    scale = detail / max(width, height)
    small_size = QSize(max(1, round(width * scale)), max(1, round(height * scale)))
    if max(width, height) > 8 * detail:  # a cheap first step down, then a smooth one that averages the pixels
        step = QSize(min(width, small_size.width() * 8), min(height, small_size.height() * 8))
        image = image.scaled(step, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
    small = image.scaled(small_size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    grey = small.convertToFormat(QImage.Format.Format_Grayscale8)
    return grey.scaled(QSize(width, height), Qt.AspectRatioMode.IgnoreAspectRatio,
                       Qt.TransformationMode.SmoothTransformation)


class ExposurePolicy(QObject):
    """One examiner's choice: obscured (the default) or revealed, and how strongly images are obscured.

    ``changed`` is emitted with ``revealed`` whenever the choice changes, so every view redraws its images.
    """

    changed = Signal(bool)

    AUTOPLAY = False  # video and audio never start on their own
    START_MUTED = True

    def __init__(self, examiner: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.examiner = examiner
        self._revealed = False
        self._level = ObscureLevel.DEFAULT
        self._load()

    @property
    def settings_file(self) -> Path:
        return examiner_settings_dir(self.examiner) / "exposure.json"

    @property
    def revealed(self) -> bool:
        return self._revealed

    @property
    def autoplay(self) -> bool:
        return self.AUTOPLAY

    @property
    def start_muted(self) -> bool:
        return self.START_MUTED

    @property
    def level(self) -> ObscureLevel:
        """The level images are shown at now: CLEAR once revealed."""
        return ObscureLevel.CLEAR if self._revealed else self._level

    @property
    def obscure_level(self) -> ObscureLevel:
        """The level used while obscured."""
        return self._level

    def set_obscure_level(self, level: int) -> None:
        level = ObscureLevel(level)
        if level is ObscureLevel.CLEAR:
            raise ValueError("obscuring cannot be set to clear; reveal instead")
        if level is not self._level:
            self._level = level
            self._save()
            self.changed.emit(self._revealed)

    def reveal(self, revealed: bool = True) -> None:
        if revealed != self._revealed:
            self._revealed = revealed
            self._save()
            self.changed.emit(revealed)

    def toggle(self) -> None:
        """The one key: obscured <-> revealed."""
        self.reveal(not self._revealed)

    def apply(self, image: QImage) -> QImage:
        """``image`` as this examiner should see it now."""
        return obscure(image, self.level)

    def _load(self) -> None:
        try:
            document = json.loads(self.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("exposure settings %s unreadable (%s); images stay obscured", self.settings_file, error)
            return
        if not isinstance(document, dict):
            return
        self._revealed = document.get("revealed") is True
        try:
            level = ObscureLevel(int(document.get("level", ObscureLevel.DEFAULT)))
        except (TypeError, ValueError):
            level = ObscureLevel.DEFAULT
        self._level = level if level is not ObscureLevel.CLEAR else ObscureLevel.DEFAULT

    def _save(self) -> None:
        try:
            write_json_atomically(self.settings_file, {"format": EXPOSURE_FORMAT, "revealed": self._revealed,
                                                       "level": int(self._level)})
        except OSError as error:
            log.warning("exposure settings not saved (%s)", error)


def exposure_of(session: object) -> ExposurePolicy:
    """The session's policy (the main window attaches one as ``session.exposure``), made on first use."""
    policy = getattr(session, "exposure", None)
    if policy is None:
        actor = getattr(session, "actor", None)
        policy = ExposurePolicy(actor.name if actor is not None else None)
        try:
            session.exposure = policy  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return policy
