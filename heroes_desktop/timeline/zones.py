"""Time zones for showing the timeline: every time is stored in UTC; the examiner reads it in a zone they choose,
always with that zone written beside it (an unlabelled local time is how a timeline misleads). Also the widths of a
histogram's intervals and the ticks of its axis, chosen on the calendar (a minute, 15 minutes, a day, a week, a
month) so that the bars and labels read naturally. Pure functions, no Qt: the GUI and any report use the same.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from heroes_desktop.core.errors import UsageError

UTC = "UTC"
MINUTE, HOUR, DAY, WEEK = 60, 3600, 86_400, 7 * 86_400
MONTH, YEAR = 30 * DAY, 365 * DAY  # a month's and a year's interval width (their ticks follow the calendar)
MAX_INTERVALS = 10_000  # the core's histogram limit (events.MAX_BUCKETS)
_MONDAY_SHIFT = 4 * DAY  # 1970-01-01 was a Thursday: weeks start on a Monday, 1970-01-05 the first
_YEAR_MULTIPLES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


@dataclass(frozen=True)
class Step:
    """One interval width a histogram or an axis may use: ``seconds`` wide, named ``unit`` (``"15 minutes"``);
    ``calendar`` is how its boundaries fall: ``"second"`` (whole multiples of the width in local time), ``"month"``
    or ``"year"`` (the first of a month, of a year: ``count`` of them)."""

    seconds: float
    unit: str
    calendar: str = "second"
    count: int = 1


STEPS: tuple[Step, ...] = (
    Step(1, "second"), Step(5, "5 seconds"), Step(15, "15 seconds"), Step(30, "30 seconds"),
    Step(MINUTE, "minute"), Step(5 * MINUTE, "5 minutes"), Step(15 * MINUTE, "15 minutes"),
    Step(30 * MINUTE, "30 minutes"), Step(HOUR, "hour"), Step(3 * HOUR, "3 hours"), Step(6 * HOUR, "6 hours"),
    Step(12 * HOUR, "12 hours"), Step(DAY, "day"), Step(WEEK, "week"), Step(MONTH, "month", "month", 1),
    Step(3 * MONTH, "3 months", "month", 3),
    *(Step(YEAR * years, "year" if years == 1 else f"{years} years", "year", years) for years in _YEAR_MULTIPLES),
)


# ------------------------------------------------------------------------------------------------------ zones

@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    names = sorted(zoneinfo.available_timezones() - {UTC})
    return (UTC, *names)


def available_zones() -> list[str]:
    """Every IANA zone this installation knows (tzdata), sorted, ``"UTC"`` first."""
    return list(_zone_names())


@lru_cache(maxsize=64)
def zone_info(name: str) -> tzinfo:
    """The zone called ``name``; an unknown name is a :class:`UsageError` naming it."""
    if name == UTC:
        return timezone.utc
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"no time zone called {name!r} (choose one such as UTC, Europe/Madrid or "
                         "Asia/Kolkata)") from None


def is_zone(name: str) -> bool:
    try:
        zone_info(name)
    except UsageError:
        return False
    return True


def _parse_utc(iso: str) -> datetime:
    text = iso.strip()
    text = text[:-1] + "+00:00" if text.endswith("Z") else text
    moment = datetime.fromisoformat(text if "T" in text or " " in text else text + "T00:00:00")
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def offset_text(offset: timedelta | None) -> str:
    """``UTC+02:00``, ``UTC-03:30``, ``UTC+00:00``."""
    minutes = int((offset or timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local(seconds: float, zone: str = UTC) -> datetime:
    """POSIX ``seconds`` as an aware datetime in ``zone``."""
    return datetime.fromtimestamp(seconds, timezone.utc).astimezone(zone_info(zone))


def zone_suffix(moment: datetime, zone: str) -> str:
    """How a time in ``zone`` is labelled: ``UTC``, or the zone's abbreviation and offset
    (``CEST (UTC+02:00)``); a zone without a lettered abbreviation shows the offset alone (``(UTC+05:45)``)."""
    if zone == UTC:
        return UTC
    abbreviation = moment.tzname() or ""
    offset = f"({offset_text(moment.utcoffset())})"
    if not abbreviation or abbreviation[0] in "+-" or abbreviation.upper().startswith(("UTC", "GMT+", "GMT-")):
        return offset
    return f"{abbreviation} {offset}"


def format_time(iso: str, zone: str = UTC, with_zone: bool = True) -> str:
    """A stored time (ISO 8601 UTC) as the examiner reads it in ``zone``: ``2024-09-03 12:00:00 CEST
    (UTC+02:00)``, ``2024-09-03 10:00:00 UTC``; a fraction of a second is kept. Empty text stays empty; a text
    that is not a time is returned as it is (a damaged value is shown, never hidden)."""
    if not iso or not iso.strip():
        return ""
    try:
        moment = _parse_utc(iso).astimezone(zone_info(zone))
    except ValueError:
        return iso
    shown = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.microsecond:
        shown += f".{moment.microsecond:06d}".rstrip("0")
    return f"{shown} {zone_suffix(moment, zone)}" if with_zone else shown


def format_seconds(seconds: float, zone: str = UTC, with_zone: bool = True) -> str:
    """POSIX ``seconds`` shown as :func:`format_time` shows a stored time."""
    moment = local(seconds, zone)
    shown = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.microsecond:
        shown += f".{moment.microsecond:06d}".rstrip("0")
    return f"{shown} {zone_suffix(moment, zone)}" if with_zone else shown


def range_text(start: float, end: float, zone: str = UTC) -> str:
    """``2024-09-03 12:00:00 – 2024-09-04 12:00:00 CEST (UTC+02:00)``: [start, end) in ``zone``, the zone said
    once when both ends share it, at each end when they do not (a range across a change of summer time)."""
    first, last = local(start, zone), local(end, zone)
    first_suffix, last_suffix = zone_suffix(first, zone), zone_suffix(last, zone)
    left = format_seconds(start, zone, with_zone=first_suffix != last_suffix)
    return f"{left} – {format_seconds(end, zone)}"


# ----------------------------------------------------------------------------------------------- intervals

def nice_step(span_seconds: float, max_buckets: int) -> tuple[float, str]:
    """The narrowest calendar-friendly interval (a second, a minute, 5 or 15 minutes, an hour, 6 hours, a day, a
    week, a month of 30 days, a year of 365 days, or years) that cuts ``span_seconds`` into at most
    ``max_buckets`` intervals: (its width in seconds, its name)."""
    step = choose_step(span_seconds, max_buckets)
    return step.seconds, step.unit


def choose_step(span_seconds: float, max_buckets: int) -> Step:
    """As :func:`nice_step`, the :class:`Step` itself."""
    wanted = max(1, int(max_buckets))
    span = max(float(span_seconds), 0.0)
    for step in STEPS:
        if math.ceil(span / step.seconds) <= wanted:
            return step
    years = math.ceil(span / YEAR / wanted)
    return Step(YEAR * years, f"{years} years", "year", years)


def aligned_intervals(start: float, end: float, width: float, zone: str = UTC) -> tuple[float, int]:
    """Where a histogram of ``width``-second intervals over [start, end) should begin, and how many intervals
    it needs: the first boundary at or before ``start`` on the zone's clock (an hour on the hour, a day at local
    midnight, a week on a Monday, a 30-day month on the first of the month, a year on 1 January), so the bars
    line up with the axis. At most :data:`MAX_INTERVALS`; at least one."""
    if width <= 0:
        raise UsageError("an interval is wider than zero seconds")
    offset = (local(start, zone).utcoffset() or timedelta(0)).total_seconds()
    if width >= YEAR:
        moment = local(start, zone)
        first = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
    elif width >= MONTH:
        moment = local(start, zone)
        first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
    elif width >= WEEK:
        shifted = start + offset - _MONDAY_SHIFT
        first = math.floor(shifted / width) * width - offset + _MONDAY_SHIFT
    else:
        first = math.floor((start + offset) / width) * width - offset
    count = max(1, math.ceil((end - first) / width))
    return float(first), min(count, MAX_INTERVALS)


# -------------------------------------------------------------------------------------------------- ticks

def _floor_wall(moment: datetime, step: Step) -> datetime:
    """The local wall-clock time of the last ``step`` boundary at or before ``moment`` (naive)."""
    wall = moment.replace(tzinfo=None, microsecond=0)
    if step.calendar == "year":
        year = wall.year - (wall.year % step.count)
        return datetime(max(year, 1), 1, 1)
    if step.calendar == "month":
        month = wall.month - 1 - ((wall.month - 1) % step.count)
        return datetime(wall.year, month + 1, 1)
    if step.seconds >= WEEK:
        day = datetime(wall.year, wall.month, wall.day)
        return day - timedelta(days=day.weekday())
    if step.seconds >= DAY:
        return datetime(wall.year, wall.month, wall.day)
    since_midnight = wall.hour * 3600 + wall.minute * 60 + wall.second
    floored = int(since_midnight // step.seconds * step.seconds)
    return datetime(wall.year, wall.month, wall.day) + timedelta(seconds=floored)


def _next_wall(wall: datetime, step: Step) -> datetime:
    if step.calendar == "year":
        return wall.replace(year=wall.year + step.count)
    if step.calendar == "month":
        months = wall.month - 1 + step.count
        return wall.replace(year=wall.year + months // 12, month=months % 12 + 1)
    return wall + timedelta(seconds=step.seconds)


def _wall_to_seconds(wall: datetime, zone: str) -> float:
    return wall.replace(tzinfo=zone_info(zone)).timestamp()


def _iter_boundaries(start: float, end: float, step: Step, zone: str, limit: int) -> Iterator[float]:
    """Every ``step`` boundary of the zone's clock in [start, end], in order, at most ``limit``."""
    sub_hour = step.calendar == "second" and step.seconds < HOUR
    if sub_hour:  # a fixed count of seconds apart: step on the absolute clock, aligned to the local offset
        first, _ = aligned_intervals(start, end, step.seconds, zone)
        moment = first if first >= start else first + step.seconds
        for _ in range(limit):
            if moment > end:
                return
            yield moment
            moment += step.seconds
        return
    wall = _floor_wall(local(start, zone), step)
    last = -math.inf
    for _ in range(limit * 2 + 4):  # local midnights (and hours) follow the zone's changes of summer time
        moment = _wall_to_seconds(wall, zone)
        if moment > end:
            return
        if moment >= start and moment > last:
            yield moment
            last = moment
            limit -= 1
            if limit <= 0:
                return
        wall = _next_wall(wall, step)


def tick_label(moment: datetime, step: Step, previous: datetime | None) -> str:
    """A tick's text for its step: ``2024``, ``2024-09``, ``2024-09-03``, ``09-03 12:00`` (the date written when
    it changes from the previous tick's), ``12:00``, ``12:00:15``."""
    if step.calendar == "year":
        return moment.strftime("%Y")
    if step.calendar == "month":
        return moment.strftime("%Y-%m")
    if step.seconds >= DAY:
        return moment.strftime("%Y-%m-%d")
    clock = moment.strftime("%H:%M:%S" if step.seconds < MINUTE else "%H:%M")
    if previous is None or previous.date() != moment.date():
        date = moment.strftime("%Y-%m-%d" if previous is None or previous.year != moment.year else "%m-%d")
        return f"{date} {clock}"
    return clock


def ticks(start: float, end: float, zone: str = UTC, max_ticks: int = 8) -> list[tuple[float, str]]:
    """Labelled axis ticks over [start, end] on ``zone``'s clock: (POSIX seconds, label), at most
    ``max_ticks``, at calendar boundaries (on the hour, at local midnight, on the first of the month)."""
    if end <= start or max_ticks < 1:
        return []
    step = choose_step(end - start, max_ticks)
    shown: list[tuple[float, str]] = []
    previous: datetime | None = None
    for moment in _iter_boundaries(start, end, step, zone, max_ticks + 1):
        when = local(moment, zone)
        shown.append((moment, tick_label(when, step, previous)))
        previous = when
    return shown[:max_ticks + 1]


__all__ = ["STEPS", "Step", "UTC", "aligned_intervals", "available_zones", "choose_step", "format_seconds",
           "format_time", "is_zone", "local", "nice_step", "offset_text", "range_text", "tick_label", "ticks",
           "zone_info", "zone_suffix"]
