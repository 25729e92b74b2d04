"""The private exposure count: what counts, when a break is offered, and that only the profile holds it."""

from __future__ import annotations

import json
import logging
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from heroes_desktop.review.exposure_log import (
    DAYS_KEPT,
    BreakPolicy,
    ExposureLog,
    examiner_dir,
    write_json_atomically,
)

EXAMINER = "Ana Examiner"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def views(log: ExposureLog, count: int, flagged: bool = True) -> None:
    for _ in range(count):
        log.record_clear_view(flagged)


def local_day(moment: datetime) -> str:
    return moment.astimezone().date().isoformat()


def saved(examiner: str = EXAMINER) -> dict:
    return json.loads((examiner_dir(examiner) / "exposure-log.json").read_text(encoding="utf-8"))


def test_only_clear_views_of_flagged_material_count(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 5, flagged=False)
    assert log.session_views == 0 and log.today_views == 0
    views(log, 3)
    assert log.session_views == 3 and log.today_views == 3


def test_only_a_flag_is_accepted_never_an_item(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    for not_a_flag in (17, "IMG_0001.jpg", Path("/evidence/a.jpg"), None):
        with pytest.raises(TypeError):
            log.record_clear_view(not_a_flag)  # type: ignore[arg-type]
    assert log.session_views == 0


def test_the_prompt_appears_exactly_at_the_hundredth_view(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 99)
    assert log.break_due() is None
    views(log, 1)
    assert log.break_due() == "100 clear views of flagged material since your last break"


def test_the_prompt_appears_exactly_at_45_minutes(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    assert log.session_started == clock.now and log.minutes_in_session == 0
    clock.advance(minutes=44, seconds=59)
    assert log.break_due() is None
    clock.advance(seconds=1)
    assert log.minutes_in_session == 45
    assert log.break_due() == "45 minutes without a break"


def test_snooze_hides_the_prompt_for_ten_minutes_then_it_returns(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    clock.advance(minutes=45)
    log.snooze()
    clock.advance(minutes=9, seconds=59)
    views(log, 100)
    assert log.break_due() is None
    clock.advance(seconds=1)
    assert log.break_due() == "55 minutes without a break"


def test_a_snooze_before_anything_is_due_does_not_hide_a_later_prompt_for_long(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    log.snooze()
    clock.advance(minutes=10)
    views(log, 100)
    assert log.break_due() is not None


def test_a_break_resets_the_session_but_not_the_day(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 120)
    clock.advance(minutes=50)
    log.snooze()
    log.took_break()
    assert log.session_views == 0 and log.today_views == 120
    assert log.session_started == clock.now and log.minutes_in_session == 0
    assert log.break_due() is None
    views(log, 100)
    assert log.break_due() is not None  # a break ends the snooze too


def test_the_day_count_starts_again_on_a_new_local_day(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 4)
    clock.advance(days=1)
    assert log.today_views == 0
    views(log, 2)
    assert log.today_views == 2 and log.session_views == 6
    assert saved()["days"] == {local_day(clock.now - timedelta(days=1)): 4, local_day(clock.now): 2}


def test_only_the_last_90_days_are_kept(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    first_day = local_day(clock.now)
    views(log, 1)
    clock.advance(days=DAYS_KEPT - 1)
    views(log, 1)
    assert first_day in saved()["days"]
    clock.advance(days=1)
    views(log, 1)
    assert first_day not in saved()["days"] and len(saved()["days"]) == 2


def test_the_count_persists_for_the_examiner_and_is_separate_for_another(clock: FakeClock) -> None:
    views(ExposureLog(EXAMINER, clock=clock), 7)
    again = ExposureLog(EXAMINER, clock=clock)
    assert again.today_views == 7 and again.session_views == 0  # a new log is a new session
    other = ExposureLog("Bea Examiner", clock=clock)
    assert other.today_views == 0
    views(other, 2)
    assert ExposureLog(EXAMINER, clock=clock).today_views == 7
    assert ExposureLog("Bea Examiner", clock=clock).today_views == 2


def test_the_policy_is_kept_per_examiner(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    log.set_policy(BreakPolicy(minutes=30, clear_views=20, snooze_minutes=5))
    assert ExposureLog(EXAMINER, clock=clock).policy == BreakPolicy(30, 20, 5)
    assert ExposureLog("Bea Examiner", clock=clock).policy == BreakPolicy()
    strict = ExposureLog(EXAMINER, clock=clock)
    views(strict, 20)
    assert strict.break_due() == "20 clear views of flagged material since your last break"
    strict.snooze()
    clock.advance(minutes=5)
    assert strict.break_due() == "20 clear views of flagged material since your last break"


def test_a_policy_given_to_the_log_is_used_and_kept(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, policy=BreakPolicy(minutes=1), clock=clock)
    clock.advance(minutes=1)
    assert log.break_due() == "1 minute without a break"
    assert ExposureLog(EXAMINER, clock=clock).policy == BreakPolicy(minutes=1)


@pytest.mark.parametrize(("fields", "message"), [
    ({"minutes": 0}, "minutes"),
    ({"minutes": -5}, "minutes"),
    ({"minutes": float("inf")}, "minutes"),
    ({"clear_views": 2.5}, "clear_views"),
    ({"clear_views": True}, "clear_views"),
    ({"snooze_minutes": "ten"}, "snooze_minutes"),
])
def test_a_nonsense_policy_is_refused_with_a_clear_message(fields: dict, message: str) -> None:
    with pytest.raises(ValueError, match=f"{message} must be .* greater than zero"):
        BreakPolicy(**fields)


def test_a_policy_round_trips_and_junk_falls_back_to_defaults() -> None:
    policy = BreakPolicy(minutes=20.5, clear_views=40, snooze_minutes=3)
    assert BreakPolicy.from_json(policy.as_json()) == policy
    assert BreakPolicy.from_json({"minutes": -1, "clear_views": "many", "snooze_minutes": 4}) == BreakPolicy(
        snooze_minutes=4)
    assert BreakPolicy.from_json("junk") == BreakPolicy()


def test_the_file_and_its_folder_are_owner_only(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 1)
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.path.parent.stat().st_mode) == 0o700


def test_the_file_holds_only_counts_times_and_the_policy(clock: FakeClock) -> None:
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 3)
    views(log, 2, flagged=False)
    document = saved()
    assert set(document) == {"format", "policy", "days"}
    assert set(document["policy"]) == {"minutes", "clear_views", "snooze_minutes"}
    assert document["days"] == {local_day(clock.now): 3}
    assert all(isinstance(value, (int, float)) for value in document["policy"].values())


def test_the_log_is_stored_under_the_profile_and_nowhere_else(
        clock: FakeClock, isolated_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    working = tmp_path / "working"
    working.mkdir()
    monkeypatch.chdir(working)
    log = ExposureLog(EXAMINER, clock=clock)
    views(log, 2)
    assert log.path == examiner_dir(EXAMINER) / "exposure-log.json"
    assert log.path.is_relative_to(isolated_profile)
    files = [path for path in isolated_profile.rglob("*") if path.is_file()]
    assert files == [log.path]
    assert list(working.iterdir()) == []


def test_a_corrupt_file_starts_fresh_without_raising(clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    path = examiner_dir(EXAMINER) / "exposure-log.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{\"days\": {\"2026-03-02\": 5")  # cut off mid-write
    with caplog.at_level(logging.WARNING):
        log = ExposureLog(EXAMINER, clock=clock)
    assert "could not be read" in caplog.text
    assert log.today_views == 0 and log.policy == BreakPolicy()
    views(log, 1)
    assert saved()["days"] == {local_day(clock.now): 1}


@pytest.mark.parametrize("content", [
    b"[1, 2, 3]",
    b"\xff\xfe not text",
    json.dumps({"policy": {"minutes": "x"}, "days": {"yesterday": 3, "2026-03-01": -2, "2026-02-28": "4",
                                                     "2026-02-27": 6}}).encode(),
])
def test_junk_in_the_file_is_dropped_not_fatal(clock: FakeClock, content: bytes) -> None:
    path = examiner_dir(EXAMINER) / "exposure-log.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    log = ExposureLog(EXAMINER, clock=clock)
    assert log.policy == BreakPolicy() and log.today_views == 0
    views(log, 1)
    assert set(saved()["days"]) <= {local_day(clock.now), "2026-02-27"}


def test_a_failed_write_does_not_stop_the_count(
        clock: FakeClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def refuse(path: Path, document: object) -> None:
        raise PermissionError("read-only profile")

    monkeypatch.setattr("heroes_desktop.review.exposure_log.write_json_atomically", refuse)
    log = ExposureLog(EXAMINER, clock=clock)
    with caplog.at_level(logging.WARNING):
        views(log, 2)
    assert log.session_views == 2 and "Could not save" in caplog.text


def test_examiner_folders_keep_similar_names_apart() -> None:
    assert examiner_dir("Ana Examiner") != examiner_dir("Ana_Examiner")
    assert examiner_dir("Ana Examiner").name.startswith("Ana_Examiner-")
    assert examiner_dir(None) == examiner_dir("  ") and examiner_dir(None).name == "_anonymous"


def test_examiner_folder_agrees_with_the_windows_settings_folder() -> None:
    from heroes_desktop.gui import shortcuts  # the GUI module imports Qt; the exposure log must not
    for name in ("Ana Examiner", "Ana_Examiner", "José Núñez", "../..", None, ""):
        assert examiner_dir(name) == shortcuts.examiner_settings_dir(name)


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "doc.json"
    write_json_atomically(path, {"a": 1})
    write_json_atomically(path, {"a": 2})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": 2}
    assert [entry.name for entry in path.parent.iterdir()] == ["doc.json"]
