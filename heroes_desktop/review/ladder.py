"""The reveal ladder: how much of a picture or video the examiner sees, one step at a time.

Every item starts low (flagged material lowest, as a text descriptor only) and is raised one step at a time by the
examiner. Moving to another item always returns to that item's default step, so a clear view is never carried over
by accident. Each clear reveal is reported once, so the examiner's private exposure count stays honest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from heroes_desktop.review.flagging import FLAG_SCORE, is_flagged


class RevealStep(IntEnum):
    """How much of an item is shown, from nothing to everything."""

    DESCRIPTOR = 0  # a short text description only (faces, estimated ages, labels, length); no pixels
    HEAVY = 1  # heavy blur and greyscale
    LIGHT = 2  # light blur
    CLEAR = 3  # the item as it is


def _as_step(value: object, field: str) -> RevealStep:
    """``value`` as a RevealStep (a RevealStep, its number or its name); anything else is refused."""
    if isinstance(value, RevealStep):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in RevealStep._value2member_map_:
        return RevealStep(value)
    if isinstance(value, str) and value.strip().upper() in RevealStep.__members__:
        return RevealStep[value.strip().upper()]
    raise ValueError(f"{field} must be one of {', '.join(RevealStep.__members__)}, not {value!r}")


def _as_score(value: object, field: str) -> float:
    """``value`` as a triage score threshold between 0 and 1; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{field} must be a number between 0 and 1, not {value!r}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{field} must be between 0 and 1, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class LadderSettings:
    """One examiner's starting steps: where flagged items start, where the others start, and what counts as
    flagged. Any step is allowed (an examiner may choose to start flagged items clear), but only real steps."""

    flagged_step: RevealStep = RevealStep.DESCRIPTOR
    default_step: RevealStep = RevealStep.HEAVY
    flag_score: float = FLAG_SCORE

    def __post_init__(self) -> None:
        object.__setattr__(self, "flagged_step", _as_step(self.flagged_step, "flagged_step"))
        object.__setattr__(self, "default_step", _as_step(self.default_step, "default_step"))
        object.__setattr__(self, "flag_score", _as_score(self.flag_score, "flag_score"))

    def as_json(self) -> dict[str, Any]:
        """The settings as plain JSON values (steps by name, so the file reads well)."""
        return {"flagged_step": self.flagged_step.name, "default_step": self.default_step.name,
                "flag_score": self.flag_score}

    @classmethod
    def from_json(cls, document: object) -> LadderSettings:
        """Settings read back from ``as_json``; a missing or unreadable field falls back to its default."""
        fields = document if isinstance(document, Mapping) else {}
        defaults = cls()
        return cls(
            flagged_step=_or_default(_as_step, fields.get("flagged_step"), "flagged_step", defaults.flagged_step),
            default_step=_or_default(_as_step, fields.get("default_step"), "default_step", defaults.default_step),
            flag_score=_or_default(_as_score, fields.get("flag_score"), "flag_score", defaults.flag_score),
        )


def _or_default(parse: Callable[[object, str], Any], value: object, field: str, default: Any) -> Any:
    """``parse(value)``, or ``default`` when the value is missing or junk."""
    try:
        return parse(value, field)
    except ValueError:
        return default


def default_step(triage_score: float | None, hash_category: str | None = None,
                 examiner_category: str | None = None, settings: LadderSettings = LadderSettings()) -> RevealStep:
    """The step an item starts at: the flagged step for flagged material, the default step for the rest."""
    if is_flagged(triage_score, hash_category, examiner_category, flag_score=settings.flag_score):
        return settings.flagged_step
    return settings.default_step


class RevealLadder:
    """The reveal state of the item under review.

    ``on_clear(file_id, flagged)`` is called each time an item becomes clear (once per reveal: stepping down and
    up again is a new clear view). In presentation-safe mode every item starts as a descriptor, and
    ``on_reveal(file_id, step)`` is called for each higher step revealed, so the window can log what was shown.
    """

    def __init__(self, settings: LadderSettings = LadderSettings(),
                 on_clear: Callable[[int, bool], None] | None = None,
                 on_reveal: Callable[[int, RevealStep], None] | None = None,
                 presentation: bool = False) -> None:
        self.settings = settings
        self.clear_views = 0
        self._on_clear = on_clear
        self._on_reveal = on_reveal
        self._presentation = bool(presentation)
        self._current: int | None = None
        self._flagged = False
        self._default = RevealStep.DESCRIPTOR
        self._step = RevealStep.DESCRIPTOR

    @property
    def current(self) -> int | None:
        """The file id of the item under review, or None before the first."""
        return self._current

    @property
    def step(self) -> RevealStep:
        """How much of the current item is shown."""
        return self._step

    @property
    def flagged(self) -> bool:
        """Whether the current item is flagged material (its clear views count as exposure)."""
        return self._flagged

    @property
    def presentation(self) -> bool:
        """Presentation-safe mode (briefings, shared screens): every item starts as a descriptor."""
        return self._presentation

    @presentation.setter
    def presentation(self, enabled: bool) -> None:
        """Switching presentation mode on hides the current item at once; switching it off shows nothing more."""
        self._presentation = bool(enabled)
        if self._current is not None:
            self._default = self._start_step()
            if self._presentation:
                self._step = RevealStep.DESCRIPTOR

    def move_to(self, file_id: int, triage_score: float | None, hash_category: str | None = None,
                examiner_category: str | None = None) -> RevealStep:
        """Make ``file_id`` the current item, shown at its default step (also when it was seen before)."""
        self._current = file_id
        self._flagged = is_flagged(triage_score, hash_category, examiner_category,
                                   flag_score=self.settings.flag_score)
        self._default = self._start_step()
        self._step = RevealStep.DESCRIPTOR
        self._go(self._default)
        return self._step

    def up(self) -> RevealStep:
        """Show one step more (at most clear)."""
        return self._go(min(self._step + 1, RevealStep.CLEAR))

    def down(self) -> RevealStep:
        """Show one step less (at least the descriptor)."""
        return self._go(max(self._step - 1, RevealStep.DESCRIPTOR))

    def reset(self) -> RevealStep:
        """Go back to the current item's default step."""
        return self._go(self._default)

    def _start_step(self) -> RevealStep:
        """The current item's default: a descriptor in presentation mode, else by the examiner's settings."""
        if self._presentation:
            return RevealStep.DESCRIPTOR
        return self.settings.flagged_step if self._flagged else self.settings.default_step

    def _go(self, target: int) -> RevealStep:
        """Change the step of the current item, reporting a reveal when it shows more than before."""
        if self._current is None:
            return self._step
        previous, self._step = self._step, RevealStep(target)
        if self._step > previous:
            self._report_reveal()
        return self._step

    def _report_reveal(self) -> None:
        """Tell the listeners that the current item is now shown at a higher step."""
        assert self._current is not None
        if self._presentation and self._on_reveal is not None:
            self._on_reveal(self._current, self._step)
        if self._step == RevealStep.CLEAR:
            self.clear_views += 1
            if self._on_clear is not None:
                self._on_clear(self._current, self._flagged)
