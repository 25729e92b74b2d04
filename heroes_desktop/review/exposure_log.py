"""The examiner's private exposure count: clear views of flagged material, per session and per day, and the prompt
to take a break.

Kept only in the examiner's own profile, never in a case file, and content-free: it holds counts, times and the
examiner's break policy, never a file id, path or name of evidence. A break is offered, never forced.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from heroes_desktop.identity.profile import profile_dir

LOG = logging.getLogger(__name__)

LOG_NAME = "exposure-log.json"
FORMAT_VERSION = 1
DAYS_KEPT = 90  # today and the 89 days before it


def examiner_dir(examiner: str | None) -> Path:
    """``profile_dir()/gui/<slug>-<sha256(name)[:8]>``: one examiner's private folder (not created here)."""
    name = (examiner or "").strip()
    if not name:
        return profile_dir() / "gui" / "_anonymous"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "person"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]  # two names with one slug stay apart
    return profile_dir() / "gui" / f"{slug}-{digest}"


def _make_private_dir(folder: Path) -> None:
    """Create ``folder`` (and its parents) and make it owner-only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)


def write_json_atomically(path: Path, document: object) -> None:
    """Replace ``path`` with ``document`` in one step (a crash leaves the old file or the new one), owner-only."""
    _make_private_dir(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-")  # created 0o600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, indent=2, sort_keys=True, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _positive(value: object, field: str, whole: bool = False) -> Any:
    """``value`` when it is a positive finite number (a whole one when ``whole``); else a ValueError saying why."""
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise ValueError(f"{field} must be {kind} greater than zero, not {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{field} must be {kind} greater than zero, not {value!r}")
    return value if whole else float(value)


@dataclass(frozen=True)
class BreakPolicy:
    """When to offer a break: after ``minutes`` in a session or ``clear_views`` clear views of flagged material,
    and for how long "not now" puts the offer off."""

    minutes: float = 45
    clear_views: int = 100
    snooze_minutes: float = 10

    def __post_init__(self) -> None:
        object.__setattr__(self, "minutes", _positive(self.minutes, "minutes"))
        object.__setattr__(self, "clear_views", _positive(self.clear_views, "clear_views", whole=True))
        object.__setattr__(self, "snooze_minutes", _positive(self.snooze_minutes, "snooze_minutes"))

    def as_json(self) -> dict[str, Any]:
        """The policy as plain JSON values."""
        return {"minutes": self.minutes, "clear_views": self.clear_views, "snooze_minutes": self.snooze_minutes}

    @classmethod
    def from_json(cls, document: object) -> BreakPolicy:
        """A policy read back from ``as_json``; a missing or unreadable field falls back to its default."""
        fields = document if isinstance(document, Mapping) else {}
        defaults = cls()
        values = {}
        for field, whole in (("minutes", False), ("clear_views", True), ("snooze_minutes", False)):
            try:
                values[field] = _positive(fields.get(field), field, whole)
            except ValueError:
                values[field] = getattr(defaults, field)
        return cls(**values)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


class ExposureLog:
    """One examiner's exposure count and break prompts.

    A session starts when the log is made (or at ``start_session``) and starts again at ``took_break``; the day
    count (local day) stays. Times come from ``clock`` (timezone-aware), so tests need not sleep.
    """

    def __init__(self, examiner: str | None, policy: BreakPolicy | None = None,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        self._path = examiner_dir(examiner) / LOG_NAME
        self._clock = clock
        saved_policy, self._days = self._load()
        self._policy = saved_policy
        self._session_started = clock()
        self._session_views = 0
        self._snoozed_until: datetime | None = None
        if policy is not None:
            self.set_policy(policy)

    @property
    def path(self) -> Path:
        """Where the log is kept: in the examiner's profile folder."""
        return self._path

    @property
    def policy(self) -> BreakPolicy:
        return self._policy

    @property
    def session_views(self) -> int:
        """Clear views of flagged material since the session started or the last break."""
        return self._session_views

    @property
    def today_views(self) -> int:
        """Clear views of flagged material today (local day)."""
        return self._days.get(self._today(), 0)

    @property
    def session_started(self) -> datetime:
        """When the session started, or the last break ended."""
        return self._session_started

    @property
    def minutes_in_session(self) -> float:
        """Minutes since the session started or the last break."""
        return max(0.0, (self._clock() - self._session_started).total_seconds() / 60.0)

    def set_policy(self, policy: BreakPolicy) -> None:
        """Use ``policy`` from now on and keep it in the examiner's profile."""
        if not isinstance(policy, BreakPolicy):
            raise TypeError(f"policy must be a BreakPolicy, not {type(policy).__name__}")
        self._policy = policy
        self._save()

    def start_session(self) -> None:
        """Start counting a new session: its views and its timer go back to zero; the day count stays."""
        self._session_started = self._clock()
        self._session_views = 0
        self._snoozed_until = None

    def took_break(self) -> None:
        """The examiner took a break: a new session starts (the day count stays)."""
        self.start_session()

    def record_clear_view(self, flagged: bool) -> None:
        """Count one clear view; only flagged material counts (a clear view of the rest is not exposure)."""
        if not isinstance(flagged, bool):
            raise TypeError("record_clear_view takes only whether the item was flagged (True or False)")
        if not flagged:
            return
        self._session_views += 1
        today = self._today()
        self._days[today] = self._days.get(today, 0) + 1
        self._save()

    def break_due(self) -> str | None:
        """Why a break is due now, or None (also while the examiner has put the offer off)."""
        now = self._clock()
        if self._snoozed_until is not None and now < self._snoozed_until:
            return None
        minutes = self.minutes_in_session
        if minutes >= self._policy.minutes:
            return f"{_plural(int(minutes), 'minute', 'minutes')} without a break"
        if self._session_views >= self._policy.clear_views:
            views = _plural(self._session_views, "clear view", "clear views")
            return f"{views} of flagged material since your last break"
        return None

    def snooze(self) -> None:
        """Put the break offer off for the policy's snooze minutes from now."""
        self._snoozed_until = self._clock() + timedelta(minutes=self._policy.snooze_minutes)

    def _today(self) -> str:
        """The ISO date of the clock's time in local time: the key of today's count."""
        return self._clock().astimezone().date().isoformat()

    def _kept_days(self) -> dict[str, int]:
        """The day counts of the last DAYS_KEPT days (today included)."""
        oldest = (date.fromisoformat(self._today()) - timedelta(days=DAYS_KEPT - 1)).isoformat()
        return {day: count for day, count in self._days.items() if day >= oldest}

    def _save(self) -> None:
        """Write the log; a failure is logged and the count goes on in memory (review is never blocked)."""
        self._days = self._kept_days()
        document = {"format": FORMAT_VERSION, "policy": self._policy.as_json(), "days": dict(self._days)}
        try:
            write_json_atomically(self._path, document)
        except OSError as error:
            LOG.warning("Could not save the exposure log %s: %s", self._path, error)

    def _load(self) -> tuple[BreakPolicy, dict[str, int]]:
        """The saved policy and day counts; a missing, corrupt or unreadable file gives a fresh start."""
        try:
            document = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return BreakPolicy(), {}
        except (OSError, ValueError) as error:
            LOG.warning("The exposure log %s could not be read (%s); starting from zero", self._path, error)
            return BreakPolicy(), {}
        if not isinstance(document, dict):
            LOG.warning("The exposure log %s is not a log; starting from zero", self._path)
            return BreakPolicy(), {}
        return BreakPolicy.from_json(document.get("policy")), read_days(document.get("days"))


def read_days(document: object) -> dict[str, int]:
    """The day counts in ``document``, skipping any entry that is not an ISO date with a count."""
    days: dict[str, int] = {}
    if not isinstance(document, Mapping):
        return days
    for day, count in document.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            continue
        try:
            days[date.fromisoformat(str(day)).isoformat()] = count
        except ValueError:
            continue
    return days
