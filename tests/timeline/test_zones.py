"""Times shown in the examiner's zone, always labelled: Madrid across both changes of summer time, India's and
Nepal's offsets of 30 and 45 minutes, UTC; histogram intervals on the calendar; axis ticks at local boundaries."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from heroes_desktop.core.errors import UsageError
from heroes_desktop.timeline.events import seconds_of
from heroes_desktop.timeline.zones import (
    DAY,
    HOUR,
    MAX_INTERVALS,
    MINUTE,
    MONTH,
    WEEK,
    YEAR,
    aligned_intervals,
    available_zones,
    choose_step,
    format_seconds,
    format_time,
    local,
    nice_step,
    range_text,
    ticks,
)


def _at(text: str) -> float:
    return seconds_of(text)


def test_the_zones_are_every_iana_zone_with_utc_first() -> None:
    zones = available_zones()
    assert zones[0] == "UTC" and zones.count("UTC") == 1
    assert zones[1:] == sorted(zones[1:])
    assert {"Europe/Madrid", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Australia/Adelaide"} <= set(zones)
    assert len(zones) > 300


def test_utc_is_written_as_utc() -> None:
    assert format_time("2024-09-03T10:00:00Z") == "2024-09-03 10:00:00 UTC"
    assert format_time("2024-09-03T10:00:00Z", "UTC", with_zone=False) == "2024-09-03 10:00:00"
    assert format_time("2024-09-03T10:00:00.25Z") == "2024-09-03 10:00:00.25 UTC"
    assert format_time("2024-09-03") == "2024-09-03 00:00:00 UTC"
    assert format_time("") == "" and format_time("not a time") == "not a time"


def test_madrid_across_both_changes_of_summer_time() -> None:
    # 2024-03-31: at 01:00 UTC the clocks of Madrid go from 02:00 CET to 03:00 CEST
    assert format_time("2024-03-31T00:59:59Z", "Europe/Madrid") == "2024-03-31 01:59:59 CET (UTC+01:00)"
    assert format_time("2024-03-31T01:00:00Z", "Europe/Madrid") == "2024-03-31 03:00:00 CEST (UTC+02:00)"
    assert format_time("2024-09-03T10:00:00Z", "Europe/Madrid") == "2024-09-03 12:00:00 CEST (UTC+02:00)"
    # 2024-10-27: at 01:00 UTC they go back from 03:00 CEST to 02:00 CET; 02:30 happens twice, told apart
    assert format_time("2024-10-27T00:30:00Z", "Europe/Madrid") == "2024-10-27 02:30:00 CEST (UTC+02:00)"
    assert format_time("2024-10-27T01:30:00Z", "Europe/Madrid") == "2024-10-27 02:30:00 CET (UTC+01:00)"
    # the stored UTC is the same whatever the zone shown
    assert format_time("2024-10-27T01:30:00Z", "Europe/Madrid", with_zone=False) == "2024-10-27 02:30:00"


def test_zones_of_thirty_and_forty_five_minutes() -> None:
    assert format_time("2024-09-03T10:00:00Z", "Asia/Kolkata") == "2024-09-03 15:30:00 IST (UTC+05:30)"
    assert format_time("2024-09-03T10:00:00Z", "Asia/Kathmandu") == "2024-09-03 15:45:00 (UTC+05:45)"
    assert format_time("2024-01-15T12:00:00Z", "America/St_Johns") == "2024-01-15 08:30:00 NST (UTC-03:30)"
    assert format_seconds(_at("2024-09-03T10:00:00Z"), "Asia/Kolkata") == "2024-09-03 15:30:00 IST (UTC+05:30)"


def test_an_unknown_zone_is_refused_by_name() -> None:
    with pytest.raises(UsageError, match="Mars/Olympus"):
        format_time("2024-09-03T10:00:00Z", "Mars/Olympus")


def test_a_range_names_its_zone_at_each_end_when_summer_time_changes_inside() -> None:
    assert range_text(_at("2024-09-03T10:00:00Z"), _at("2024-09-03T11:00:00Z"), "Europe/Madrid") == \
        "2024-09-03 12:00:00 – 2024-09-03 13:00:00 CEST (UTC+02:00)"
    assert range_text(_at("2024-10-26T12:00:00Z"), _at("2024-10-27T12:00:00Z"), "Europe/Madrid") == \
        "2024-10-26 14:00:00 CEST (UTC+02:00) – 2024-10-27 13:00:00 CET (UTC+01:00)"


@pytest.mark.parametrize(("span", "buckets", "width", "unit"), [
    (0, 10, 1, "second"),
    (60, 60, 1, "second"),
    (61, 60, 5, "5 seconds"),
    (3600, 60, MINUTE, "minute"),
    (3600, 10, 15 * MINUTE, "15 minutes"),
    (3600, 12, 5 * MINUTE, "5 minutes"),
    (DAY, 24, HOUR, "hour"),
    (DAY, 4, 6 * HOUR, "6 hours"),
    (30 * DAY, 30, DAY, "day"),
    (30 * DAY, 5, WEEK, "week"),
    (YEAR, 12, MONTH * 3, "3 months"),
    (YEAR, 13, MONTH, "month"),
    (10 * YEAR, 10, YEAR, "year"),
    (10 * YEAR, 3, 5 * YEAR, "5 years"),
])
def test_intervals_are_calendar_friendly(span: float, buckets: int, width: float, unit: str) -> None:
    assert nice_step(span, buckets) == (width, unit)
    assert span / width <= buckets


def test_an_interval_is_always_found() -> None:
    width, unit = nice_step(5000 * YEAR, 2)
    assert width >= 2500 * YEAR and unit.endswith("years")
    assert nice_step(10, 0) == (15, "15 seconds")  # at least one interval


def test_intervals_start_on_local_boundaries() -> None:
    start, end = _at("2024-09-03T10:17:00Z"), _at("2024-09-06T10:00:00Z")
    first, count = aligned_intervals(start, end, DAY, "Europe/Madrid")
    assert local(first, "Europe/Madrid").strftime("%Y-%m-%d %H:%M") == "2024-09-03 00:00"
    assert first <= start and first + count * DAY >= end and count == 4
    first, _ = aligned_intervals(start, end, HOUR, "Asia/Kolkata")
    assert local(first, "Asia/Kolkata").strftime("%H:%M") == "15:00"  # 10:17 UTC is 15:47 IST
    first, _ = aligned_intervals(start, end, WEEK, "UTC")
    assert local(first, "UTC").weekday() == 0 and first <= start < first + WEEK
    first, _ = aligned_intervals(start, end, MONTH, "UTC")
    assert local(first, "UTC").strftime("%Y-%m-%d %H:%M") == "2024-09-01 00:00"
    first, _ = aligned_intervals(start, end, YEAR, "Europe/Madrid")
    assert local(first, "Europe/Madrid").strftime("%Y-%m-%d %H:%M") == "2024-01-01 00:00"
    _, count = aligned_intervals(0, 10 * YEAR, 1, "UTC")
    assert count == MAX_INTERVALS


def test_ticks_fall_on_local_midnights_across_the_spring_change() -> None:
    start, end = _at("2024-03-29T12:00:00Z"), _at("2024-04-02T12:00:00Z")
    shown = ticks(start, end, "Europe/Madrid", 6)
    assert [label for _, label in shown] == ["2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02"]
    moments = [moment for moment, _ in shown]
    assert moments[1] - moments[0] == DAY and moments[2] - moments[1] == DAY - HOUR  # 31 March has 23 hours
    assert all(local(moment, "Europe/Madrid").hour == 0 for moment in moments)


def test_ticks_of_hours_through_the_autumn_change() -> None:
    start, end = _at("2024-10-26T22:00:00Z"), _at("2024-10-27T04:00:00Z")
    shown = ticks(start, end, "Europe/Madrid", 8)
    labels = [label for _, label in shown]
    assert labels[0] == "2024-10-27 00:00" and "03:00" in labels and "06:00" not in labels
    moments = [moment for moment, _ in shown]
    assert moments == sorted(set(moments)) and all(start <= moment <= end for moment in moments)


def test_ticks_in_a_half_hour_zone_and_in_utc() -> None:
    start, end = _at("2024-09-03T10:00:00Z"), _at("2024-09-03T16:00:00Z")
    kolkata = ticks(start, end, "Asia/Kolkata", 6)
    assert [label for _, label in kolkata][:2] == ["2024-09-03 16:00", "17:00"]
    assert all(local(moment, "Asia/Kolkata").minute == 0 for moment, _ in kolkata)
    utc = ticks(start, end, "UTC", 6)
    assert [label for _, label in utc] == ["2024-09-03 10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
    years = ticks(_at("2015-03-14T00:00:00Z"), _at("2026-12-03T00:00:00Z"), "UTC", 6)
    assert [label for _, label in years] == ["2016", "2018", "2020", "2022", "2024", "2026"]
    assert ticks(end, start) == [] and choose_step(1, 1).unit == "second"
    assert datetime.fromtimestamp(years[0][0], timezone.utc).strftime("%m-%d") == "01-01"
