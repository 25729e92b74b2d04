"""The reveal ladder: where items start, how far they move, and that every clear reveal is reported once."""

from __future__ import annotations

import pytest

from heroes_desktop.review.flagging import FLAG_SCORE
from heroes_desktop.review.ladder import LadderSettings, RevealLadder, RevealStep, default_step

D, H, L, C = RevealStep.DESCRIPTOR, RevealStep.HEAVY, RevealStep.LIGHT, RevealStep.CLEAR


class Recorder:
    """Collects the ladder's callbacks."""

    def __init__(self) -> None:
        self.clears: list[tuple[int, bool]] = []
        self.reveals: list[tuple[int, RevealStep]] = []

    def on_clear(self, file_id: int, flagged: bool) -> None:
        self.clears.append((file_id, flagged))

    def on_reveal(self, file_id: int, step: RevealStep) -> None:
        self.reveals.append((file_id, step))


def ladder(settings: LadderSettings = LadderSettings(),
           presentation: bool = False) -> tuple[RevealLadder, Recorder]:
    recorder = Recorder()
    return RevealLadder(settings, on_clear=recorder.on_clear, on_reveal=recorder.on_reveal,
                        presentation=presentation), recorder


def test_steps_are_ordered_from_nothing_to_everything() -> None:
    assert [int(step) for step in (D, H, L, C)] == [0, 1, 2, 3]


@pytest.mark.parametrize(("score", "hash_category", "examiner_category", "expected"), [
    (FLAG_SCORE, None, None, D),
    (0.99, None, None, D),
    (FLAG_SCORE - 0.01, None, None, H),
    (None, None, None, H),
    (0.0, "CAT-1", None, D),
    (0.0, "CAT-3", None, D),
    (0.0, "CAT-4", None, H),
    (0.0, None, "CAT-2", D),
    (0.0, None, "CAT-0", H),
])
def test_default_step_by_score_and_category(score: float | None, hash_category: str | None,
                                            examiner_category: str | None, expected: RevealStep) -> None:
    assert default_step(score, hash_category, examiner_category) == expected


def test_an_examiners_settings_change_the_default_step() -> None:
    settings = LadderSettings(flagged_step=H, default_step=L, flag_score=0.8)
    assert default_step(0.5, settings=settings) == L  # 0.5 is flagged by default, not under this examiner's score
    assert default_step(0.8, settings=settings) == H
    assert default_step(0.0, "CAT-1", settings=settings) == H


def test_settings_refuse_what_is_not_a_step_or_a_score() -> None:
    with pytest.raises(ValueError, match="flagged_step"):
        LadderSettings(flagged_step=7)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="default_step"):
        LadderSettings(default_step=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="flag_score"):
        LadderSettings(flag_score=1.5)
    with pytest.raises(ValueError, match="flag_score"):
        LadderSettings(flag_score="high")  # type: ignore[arg-type]
    assert LadderSettings(flagged_step=2).flagged_step is L  # type: ignore[arg-type]


def test_settings_round_trip_through_json_and_survive_junk() -> None:
    settings = LadderSettings(flagged_step=H, default_step=C, flag_score=0.6)
    assert LadderSettings.from_json(settings.as_json()) == settings
    assert settings.as_json() == {"flagged_step": "HEAVY", "default_step": "CLEAR", "flag_score": 0.6}
    junk = {"flagged_step": "PURPLE", "default_step": 2, "flag_score": float("nan")}
    assert LadderSettings.from_json(junk) == LadderSettings(default_step=L)
    assert LadderSettings.from_json(None) == LadderSettings()
    assert LadderSettings.from_json(["not", "a", "dict"]) == LadderSettings()


def test_up_and_down_stop_at_the_ends() -> None:
    reveal, _ = ladder()
    assert reveal.move_to(1, 0.9) == D and reveal.flagged and reveal.current == 1
    assert reveal.down() == D
    assert [reveal.up() for _ in range(5)] == [H, L, C, C, C]
    assert reveal.step == C
    assert [reveal.down() for _ in range(5)] == [L, H, D, D, D]


def test_without_an_item_the_ladder_does_not_move() -> None:
    reveal, recorder = ladder()
    assert reveal.current is None
    for _ in range(4):
        reveal.up()
    assert reveal.step == D and recorder.clears == [] and reveal.clear_views == 0


def test_moving_always_returns_to_the_default_step() -> None:
    reveal, _ = ladder()
    reveal.move_to(1, 0.9)
    reveal.up(), reveal.up(), reveal.up()
    assert reveal.step == C
    assert reveal.move_to(2, 0.1) == H and not reveal.flagged
    reveal.up()
    assert reveal.move_to(1, 0.9) == D  # back to an item already seen clear: it starts low again
    assert reveal.move_to(2, 0.1) == H


def test_reset_returns_to_the_default_step() -> None:
    reveal, _ = ladder()
    reveal.move_to(5, 0.1)
    reveal.up(), reveal.up()
    assert reveal.reset() == H
    reveal.down()
    assert reveal.reset() == H


def test_each_clear_reveal_is_reported_once_with_the_flag() -> None:
    reveal, recorder = ladder()
    reveal.move_to(7, 0.9)
    for _ in range(6):
        reveal.up()  # three steps to clear, then three that stay clear
    assert recorder.clears == [(7, True)]
    reveal.down()
    reveal.up()  # a new clear view
    assert recorder.clears == [(7, True), (7, True)]
    reveal.move_to(8, 0.0)
    reveal.up(), reveal.up()
    assert recorder.clears == [(7, True), (7, True), (8, False)]
    assert reveal.clear_views == 3


def test_an_item_that_starts_clear_is_a_clear_view() -> None:
    reveal, recorder = ladder(LadderSettings(default_step=C))
    reveal.move_to(3, 0.0)
    assert reveal.step == C and recorder.clears == [(3, False)]
    reveal.reset()  # already clear: nothing new was shown
    assert recorder.clears == [(3, False)]
    reveal.move_to(4, 0.0)  # the next item starts clear too: a new clear view
    reveal.move_to(4, 0.0)  # coming back to it shows it again
    assert recorder.clears == [(3, False), (4, False), (4, False)]


def test_the_clear_count_works_without_callbacks() -> None:
    reveal = RevealLadder(LadderSettings())
    reveal.move_to(1, 0.0)
    reveal.up(), reveal.up()
    assert reveal.step == C and reveal.clear_views == 1


def test_presentation_mode_starts_every_item_as_a_descriptor_and_reports_each_reveal() -> None:
    reveal, recorder = ladder(LadderSettings(default_step=L), presentation=True)
    assert reveal.move_to(1, 0.0) == D and not reveal.flagged
    reveal.up(), reveal.up()
    assert recorder.reveals == [(1, H), (1, L)]
    reveal.down()
    assert recorder.reveals == [(1, H), (1, L)]  # showing less is not a reveal
    reveal.up(), reveal.up()
    assert recorder.reveals == [(1, H), (1, L), (1, L), (1, C)]
    assert recorder.clears == [(1, False)]
    assert reveal.move_to(2, 0.9) == D


def test_switching_presentation_mode_on_hides_the_current_item_at_once() -> None:
    reveal, recorder = ladder()
    reveal.move_to(1, 0.0)
    reveal.up(), reveal.up()
    reveal.presentation = True
    assert reveal.presentation and reveal.step == D
    assert reveal.reset() == D
    reveal.presentation = False
    assert reveal.step == D  # switching off reveals nothing by itself
    assert reveal.reset() == H
    assert recorder.reveals == []  # outside presentation mode the reveals are not reported
