"""What the examiner sees by default: every image and thumbnail blurred and in greyscale, one key away from clear;
video and audio never start on their own and start muted. The choice persists per examiner in their profile.

Blur and greyscale are comfort and control, not protection (see GUI.md, "Wellbeing"): they are on by default and
cheap to lift. What spares clear views is here too: :class:`ExposureMonitor`, one per window, keeps the examiner's
private exposure count (clear views of flagged material, in their profile, never in the case), offers a break when
one is due (never forces it), keeps their reveal-ladder starting steps, and runs presentation-safe mode (briefings,
shared screens: everything obscured strongly, names masked, each reveal logged in the custody chain).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import IntEnum
from pathlib import Path, PurePosixPath
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from heroes_desktop.gui.shortcuts import examiner_settings_dir, write_json_atomically
from heroes_desktop.review.exposure_log import BreakPolicy, ExposureLog
from heroes_desktop.review.ladder import LadderSettings, RevealStep

log = logging.getLogger("heroes.gui")
EXPOSURE_FORMAT = "heroes-exposure/1"
LADDER_FORMAT = "heroes-ladder/1"
LADDER_FILE = "ladder.json"  # beside exposure.json and the core's exposure-log.json
BREAK_CHECK_MS = 30_000  # how often the monitor asks whether a break is due (and after each counted view)
MASK = "•••••"


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
        self._presentation = False
        self._load()

    @property
    def settings_file(self) -> Path:
        return examiner_settings_dir(self.examiner) / "exposure.json"

    @property
    def revealed(self) -> bool:
        """Whether pictures are shown clear now: never in presentation-safe mode."""
        return self._revealed and not self._presentation

    @property
    def presentation(self) -> bool:
        """Presentation-safe mode: everything obscured at STRONG, the one key refused (see ExposureMonitor)."""
        return self._presentation

    def set_presentation(self, enabled: bool) -> None:
        """Switch presentation-safe mode (the examiner's own choice stays saved as it was)."""
        enabled = bool(enabled)
        if enabled != self._presentation:
            self._presentation = enabled
            self.changed.emit(self.revealed)

    @property
    def autoplay(self) -> bool:
        return self.AUTOPLAY

    @property
    def start_muted(self) -> bool:
        return self.START_MUTED

    @property
    def level(self) -> ObscureLevel:
        """The level images are shown at now: CLEAR once revealed."""
        return ObscureLevel.CLEAR if self.revealed else self.obscure_level

    @property
    def obscure_level(self) -> ObscureLevel:
        """The level used while obscured (STRONG in presentation-safe mode)."""
        return ObscureLevel.STRONG if self._presentation else self._level

    def set_obscure_level(self, level: int) -> None:
        level = ObscureLevel(level)
        if level is ObscureLevel.CLEAR:
            raise ValueError("obscuring cannot be set to clear; reveal instead")
        if level is not self._level:
            self._level = level
            self._save()
            self.changed.emit(self.revealed)

    def reveal(self, revealed: bool = True) -> None:
        """Show pictures clear (or obscured again); refused in presentation-safe mode, where each item is revealed
        on its own, logged, through the review pane."""
        if revealed and self._presentation:
            log.info("reveal refused: presentation-safe mode is on")
            return
        if revealed != self._revealed:
            self._revealed = revealed
            self._save()
            self.changed.emit(self.revealed)

    def toggle(self) -> None:
        """The one key: obscured <-> revealed."""
        self.reveal(not self.revealed)

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


# ------------------------------------------------------------------------------------------------ the monitor


def step_title(step: int) -> str:
    """A reveal step's name as the examiner reads it."""
    titles = {
        RevealStep.DESCRIPTOR: QCoreApplication.translate("RevealStep", "Description only (no pixels)"),
        RevealStep.HEAVY: QCoreApplication.translate("RevealStep", "Heavy blur, greyscale"),
        RevealStep.LIGHT: QCoreApplication.translate("RevealStep", "Light blur"),
        RevealStep.CLEAR: QCoreApplication.translate("RevealStep", "Clear"),
    }
    return titles[RevealStep(step)]


def mask_text(text: str | None) -> str:
    """A name or path with nothing readable left but a short extension ("•••••.jpg"); what presentation-safe mode
    shows instead of evidence names and paths."""
    name = PurePosixPath(str(text or "").replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix
    return MASK + (suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", suffix) else "")


def _plural(translated: str, count: int) -> str:
    """A ``%n … (s)`` message with English's own plural where no translation is loaded."""
    if "(s)" in translated:
        translated = translated.replace("(s)", "" if count == 1 else "s")
    return translated


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class ExposureCounts:
    """What the log says now, as the GUI thread sees it (made on the log's own thread)."""

    session_views: int = 0
    today_views: int = 0
    minutes_in_session: float = 0.0
    due: str | None = None  # "minutes", "views", or None: no break due (or put off)


def _counts_of(exposure_log: ExposureLog) -> ExposureCounts:
    reason = exposure_log.break_due()
    due = None
    if reason is not None:
        due = "minutes" if exposure_log.minutes_in_session >= exposure_log.policy.minutes else "views"
    return ExposureCounts(exposure_log.session_views, exposure_log.today_views, exposure_log.minutes_in_session, due)


class ExposureMonitor(QObject):
    """One window's view of the examiner's exposure: the private count, break prompts, reveal-ladder starting
    steps and presentation-safe mode.

    The count and the break policy live in the core's :class:`ExposureLog` (the examiner's profile, owner-only,
    content-free); this monitor never writes them, or anything about them, to the case. Every call on the log
    runs on the monitor's own thread (its save syncs a file to disk: never on the GUI thread) and the counts come
    back as :class:`ExposureCounts`. ``break_due`` is emitted once per due period: again only after the break was
    taken, put off and due again, or the offer closed (closing it puts it off). While presentation-safe mode is
    on no prompt is shown (the screen is shared); a break that fell due meanwhile is offered when it ends.
    """

    counts_changed = Signal(int, int)  # session views, today's views: for the examiner's private label only
    break_due = Signal(str)  # why, in words
    break_cleared = Signal()  # the offer was taken up or put off
    presentation_changed = Signal(bool)
    settings_changed = Signal(object)  # LadderSettings
    policy_changed = Signal(object)  # BreakPolicy
    reveal_logged = Signal(int, str)  # file id, step name: a presentation reveal is in the custody chain
    reveal_not_logged = Signal(int, str)  # file id, why: the view should hide the item again
    _counted = Signal(object)  # ExposureCounts from the log's thread

    def __init__(self, examiner: str | None = None, parent: QObject | None = None, *, session: Any = None,
                 exposure: ExposurePolicy | None = None, clock: Callable[[], datetime] = _utc_now,
                 break_policy: BreakPolicy | None = None) -> None:
        super().__init__(parent)
        self.examiner = examiner
        self.session = session
        self.exposure = exposure
        self._presentation = False
        self._closed = False
        self._due_shown = False
        self._held_due: str | None = None  # a due break not offered while presenting
        self._pending = 0  # calls on the log whose counts have not come back yet
        self._log = ExposureLog(examiner, clock=clock)  # reads the small profile file; saves go to the thread
        self._counts = _counts_of(self._log)
        self._break_policy = self._log.policy
        self._settings = self._load_settings()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="heroes-exposure")
        self._counted.connect(self._on_counts)
        if break_policy is not None:
            self.set_break_policy(break_policy)
        self.break_timer = QTimer(self)
        self.break_timer.setInterval(BREAK_CHECK_MS)
        self.break_timer.timeout.connect(self.check_break)
        self.break_timer.start()

    # -------------------------------------------------------------------------------------------- the count

    @property
    def log_path(self) -> Path:
        """Where the count is kept: the examiner's profile (never the case)."""
        return self._log.path

    @property
    def session_views(self) -> int:
        return self._counts.session_views

    @property
    def today_views(self) -> int:
        return self._counts.today_views

    @property
    def counts(self) -> ExposureCounts:
        return self._counts

    @property
    def busy(self) -> bool:
        """Whether a call on the log has not come back yet (its counts are not shown yet)."""
        return self._pending > 0

    @property
    def break_policy(self) -> BreakPolicy:
        return self._break_policy

    @property
    def settings(self) -> LadderSettings:
        """The examiner's reveal-ladder starting steps."""
        return self._settings

    @property
    def settings_file(self) -> Path:
        return examiner_settings_dir(self.examiner) / LADDER_FILE

    def record_clear_view(self, flagged: bool) -> None:
        """One clear view (only flagged material counts); a break check follows at once."""
        flagged = bool(flagged)
        self._on_log(lambda exposure_log: exposure_log.record_clear_view(flagged))

    def check_break(self) -> None:
        """Ask whether a break is due now (the timer does every 30 s)."""
        self._on_log(lambda _log: None)

    def snooze(self) -> None:
        """Put the offer off for the policy's snooze minutes (offered again once due after that)."""
        self._held_due = None
        self._on_log(lambda exposure_log: exposure_log.snooze())
        self.break_cleared.emit()

    def took_break(self) -> None:
        """The examiner took a break: a new session starts (today's count stays)."""
        self._held_due = None
        self._on_log(lambda exposure_log: exposure_log.took_break())
        self.break_cleared.emit()

    def set_break_policy(self, policy: BreakPolicy) -> None:
        """Use ``policy`` from now on (kept in the examiner's profile)."""
        if not isinstance(policy, BreakPolicy):
            raise TypeError(f"policy must be a BreakPolicy, not {type(policy).__name__}")
        self._break_policy = policy
        self._on_log(lambda exposure_log: exposure_log.set_policy(policy))
        self.policy_changed.emit(policy)

    def set_ladder_settings(self, settings: LadderSettings) -> None:
        """The examiner's starting steps from now on (the next item shown uses them), kept in their profile."""
        if not isinstance(settings, LadderSettings):
            raise TypeError(f"settings must be LadderSettings, not {type(settings).__name__}")
        self._settings = settings
        path, document = self.settings_file, {"format": LADDER_FORMAT, **settings.as_json()}

        def save(_log: ExposureLog) -> None:
            try:
                write_json_atomically(path, document)
            except OSError as error:
                log.warning("reveal-ladder settings not saved (%s)", error)

        self._on_log(save)
        self.settings_changed.emit(settings)

    def break_reason(self, counts: ExposureCounts | None = None) -> str:
        """Why a break is offered, in the examiner's language ("" when none is due)."""
        counts = counts or self._counts
        if counts.due == "minutes":
            minutes = int(counts.minutes_in_session)
            return _plural(QCoreApplication.translate("ExposureMonitor", "%n minute(s) without a break", "",
                                                      minutes), minutes)
        if counts.due == "views":
            views = counts.session_views
            return _plural(QCoreApplication.translate(
                "ExposureMonitor", "%n clear view(s) of flagged material since your last break", "", views), views)
        return ""

    def close(self) -> None:
        """Stop the timer and let the last saves finish (the window calls this when it closes)."""
        if self._closed:
            return
        self._closed = True
        self.break_timer.stop()
        self._thread.shutdown(wait=True)

    def _on_log(self, work: Callable[[ExposureLog], None]) -> None:
        """Run ``work`` on the log's thread, then post the counts back to the GUI thread."""
        if self._closed:
            return
        exposure_log, counted = self._log, self._counted
        self._pending += 1

        def run() -> None:
            try:
                work(exposure_log)
            except Exception:  # noqa: BLE001 - the count must never stop review; logged with its cause
                log.exception("the exposure log failed")
            counts = _counts_of(exposure_log)
            try:
                counted.emit(counts)
            except RuntimeError:  # the monitor is gone (its window closed): nothing to tell
                pass

        self._thread.submit(run)

    def _on_counts(self, counts: ExposureCounts) -> None:
        self._pending = max(0, self._pending - 1)
        changed = (counts.session_views, counts.today_views) != (self._counts.session_views,
                                                                 self._counts.today_views)
        self._counts = counts
        if changed:
            self.counts_changed.emit(counts.session_views, counts.today_views)
        if counts.due is None:
            self._due_shown = False
            self._held_due = None
            return
        if self._due_shown:
            return
        if self._presentation:
            self._held_due = counts.due
            return
        self._due_shown = True
        self.break_due.emit(self.break_reason(counts))

    # ------------------------------------------------------------------------------------ the ladder's steps

    def level_for(self, step: int) -> ObscureLevel | None:
        """How a picture is obscured at a reveal step: None (no pixels at all) for the descriptor, the examiner's
        blur (at least DEFAULT; STRONG while presenting) for HEAVY, LIGHT, and CLEAR."""
        step = RevealStep(step)
        if step is RevealStep.DESCRIPTOR:
            return None
        if step is RevealStep.CLEAR:
            return ObscureLevel.CLEAR
        if step is RevealStep.LIGHT:
            return ObscureLevel.LIGHT
        if self._presentation:
            return ObscureLevel.STRONG
        chosen = self.exposure.obscure_level if self.exposure is not None else ObscureLevel.DEFAULT
        return ObscureLevel(max(int(chosen), int(ObscureLevel.DEFAULT)))

    def _load_settings(self) -> LadderSettings:
        try:
            document = json.loads(self.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return LadderSettings()
        except (OSError, ValueError) as error:
            log.warning("reveal-ladder settings %s unreadable (%s); the safe defaults are used", self.settings_file,
                        error)
            return LadderSettings()
        return LadderSettings.from_json(document)

    # --------------------------------------------------------------------------------- presentation-safe mode

    @property
    def presentation(self) -> bool:
        """Presentation-safe mode (briefings, shared screens)."""
        return self._presentation

    @presentation.setter
    def presentation(self, enabled: bool) -> None:
        self.set_presentation(enabled)

    def set_presentation(self, enabled: bool) -> None:
        """Everything obscured at STRONG, names and paths masked, every reveal above the descriptor logged."""
        enabled = bool(enabled)
        if enabled == self._presentation:
            return
        self._presentation = enabled
        if self.exposure is not None:
            self.exposure.set_presentation(enabled)
        self.presentation_changed.emit(enabled)
        if not enabled and self._held_due is not None:
            self._held_due = None
            self.check_break()

    def mask(self, text: str | None) -> str:
        """``text`` (an evidence name or path) as the screen may show it now: masked while presenting."""
        if self._presentation:
            return mask_text(text)
        return "" if text is None else str(text)

    def presentation_refusal(self) -> str:
        """Why a reveal may not be made now ("" when it may): presentation reveals are logged in the custody
        chain, which a read-only session cannot append to."""
        if not self._presentation:
            return ""
        case = getattr(self.session, "case", None)
        if case is None:
            return QCoreApplication.translate(
                "ExposureMonitor", "No case is open: reveals in presentation-safe mode cannot be logged.")
        mode = getattr(getattr(case, "mode", None), "value", None)
        if mode == "read-only":
            return QCoreApplication.translate(
                "ExposureMonitor", "This case is open read-only: reveals in presentation-safe mode are logged in "
                                   "the custody chain, and this session cannot log them.")
        return ""

    def log_presentation_reveal(self, file_id: int, step: int) -> bool:
        """Log a presentation reveal of ``file_id`` at ``step`` in the custody chain (a background write). False,
        with ``reveal_not_logged``, when it cannot be logged (a read-only session, no case)."""
        step_name = RevealStep(step).name
        reason = self.presentation_refusal() if self._presentation else ""
        if not reason and getattr(self.session, "case", None) is None:
            reason = QCoreApplication.translate(
                "ExposureMonitor", "No case is open: reveals in presentation-safe mode cannot be logged.")
        if reason:
            self.reveal_not_logged.emit(int(file_id), reason)
            return False
        from heroes_desktop.gui.errors import user_message
        from heroes_desktop.review.decisions import record_presentation_reveal

        case, file_id = self.session.case, int(file_id)

        def failed(error: BaseException) -> None:
            log.error("a presentation reveal of file %s was not logged: %s", file_id, error)
            self.reveal_not_logged.emit(file_id, user_message(error))

        self.session.jobs.write("presentation reveal", lambda: record_presentation_reveal(case, file_id, step_name),
                                on_done=lambda _result: self.reveal_logged.emit(file_id, step_name),
                                on_error=failed)
        return True


def exposure_monitor_of(session: object) -> ExposureMonitor:
    """The session's monitor (the main window attaches one as ``session.exposure_monitor``), made on first use
    over the session's exposure policy."""
    monitor = getattr(session, "exposure_monitor", None)
    if monitor is None:
        actor = getattr(session, "actor", None)
        monitor = ExposureMonitor(actor.name if actor is not None else None, session=session,
                                  exposure=exposure_of(session))
        try:
            session.exposure_monitor = monitor  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return monitor


class ExposureCountLabel(QLabel):
    """The examiner's private count for their own window's status bar: hidden while presenting (the screen is
    shared), never written anywhere."""

    def __init__(self, monitor: ExposureMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exposure_count")
        self.monitor = monitor
        self.setToolTip(self.tr("Clear views of flagged material: private to you, kept in your profile only"))
        monitor.counts_changed.connect(self._show)
        monitor.presentation_changed.connect(lambda presenting: self.setVisible(not presenting))
        self._show(monitor.session_views, monitor.today_views)
        self.setVisible(not monitor.presentation)

    def _show(self, session_views: int, today_views: int) -> None:
        self.setText(self.tr("Clear views: {0} this session, {1} today").format(session_views, today_views))
