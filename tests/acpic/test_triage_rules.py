"""Every branch of the triage rules, from synthetic detections and faces (no imagery): the suggested category,
the score and the reasons each rule gives, the thresholds' edges, and the order of the bands the scores form."""

from __future__ import annotations

import itertools

import pytest

from heroes_desktop.acpic.triage import EXPLICIT, PARTIAL, Thresholds, triage


def _detection(label: str, score: float) -> dict:
    return {"label": label, "score": score, "box": (0, 0, 10, 10)}


def _face(p_minor: float) -> dict:
    return {"p_minor": p_minor, "age_mean": 30.0, "gender": "female", "box": (0, 0, 10, 10)}


def test_explicit_content_with_a_likely_minor_is_cat_1() -> None:
    result = triage([_detection("FEMALE_GENITALIA_EXPOSED", 0.9)], [_face(0.8), _face(0.1)])
    assert result.suggested_category == "CAT-1"
    assert result.score == pytest.approx(0.7 + 0.3 * 0.8)
    assert result.reasons == ["sexual content: FEMALE_GENITALIA_EXPOSED 0.90 >= 0.50",
                              "face with P(under 18) 0.80 >= 0.50"]


def test_explicit_content_with_an_uncertain_age_is_cat_0_for_the_examiner() -> None:
    result = triage([_detection("BUTTOCKS_EXPOSED", 0.8)], [_face(0.3)])
    assert result.suggested_category == "CAT-0"
    assert result.score == pytest.approx(0.55 + 0.15 * 0.8)
    assert result.reasons == ["sexual content: BUTTOCKS_EXPOSED 0.80 >= 0.50", "face with P(under 18) 0.30 >= 0.20",
                              "age uncertain: examiner to categorise"]


def test_explicit_content_without_a_face_is_cat_0_age_unknown() -> None:
    result = triage([_detection("ANUS_EXPOSED", 0.6)], [])
    assert (result.suggested_category, result.score) == ("CAT-0", pytest.approx(0.4 + 0.15 * 0.6))
    assert result.reasons == ["sexual content: ANUS_EXPOSED 0.60 >= 0.50", "no face found: age unknown"]


def test_explicit_content_with_adult_faces_is_cat_0_check_for_others() -> None:
    result = triage([_detection("FEMALE_BREAST_EXPOSED", 0.7)], [_face(0.05), _face(0.1)])
    assert (result.suggested_category, result.score) == ("CAT-0", pytest.approx(0.4 + 0.15 * 0.7))
    assert result.reasons == ["sexual content: FEMALE_BREAST_EXPOSED 0.70 >= 0.50",
                              "2 face(s), all likely adults (P(under 18) < 0.20)",
                              "faces look adult: check for other people"]


def test_partial_nudity_with_a_likely_minor_is_cat_2() -> None:
    result = triage([_detection("BELLY_EXPOSED", 0.7)], [_face(0.9)])
    assert (result.suggested_category, result.score) == ("CAT-2", pytest.approx(0.35 + 0.2 * 0.7))
    assert result.reasons == ["partial nudity: BELLY_EXPOSED 0.70 >= 0.50", "face with P(under 18) 0.90 >= 0.50"]


def test_a_childs_face_alone_is_cat_0() -> None:
    result = triage([], [_face(0.6)])
    assert (result.suggested_category, result.score) == ("CAT-0", pytest.approx(0.15 + 0.1 * 0.6))
    assert result.reasons == ["face with P(under 18) 0.60 >= 0.50", "a child's face, no sexual content detected"]


def test_nothing_is_cat_5_no_signal() -> None:
    result = triage([], [])
    assert (result.suggested_category, result.score, result.reasons) == ("CAT-5", 0.0, ["no signal"])


@pytest.mark.parametrize("detections, faces, score, reasons", [
    ([_detection("ARMPITS_EXPOSED", 0.7)], [], 0.07, ["partial nudity: ARMPITS_EXPOSED 0.70 >= 0.50"]),
    ([_detection("MALE_BREAST_EXPOSED", 0.6)], [_face(0.3)], 0.06,  # partial, but only a possible minor
     ["partial nudity: MALE_BREAST_EXPOSED 0.60 >= 0.50", "face with P(under 18) 0.30 >= 0.20"]),
    ([], [_face(0.25)], 0.025, ["face with P(under 18) 0.25 >= 0.20"]),
    ([], [_face(0.1)], 0.01, ["1 face(s), all likely adults (P(under 18) < 0.20)"]),
    ([_detection("FEMALE_GENITALIA_EXPOSED", 0.4)], [], 0.04, ["no signal"]),  # below the threshold
], ids=["partial-only", "partial-possible-minor", "possible-minor-only", "adult-face", "weak-explicit"])
def test_weak_signals_stay_cat_5_with_their_reasons(detections: list, faces: list, score: float,
                                                    reasons: list[str]) -> None:
    result = triage(detections, faces)
    assert (result.suggested_category, result.score, result.reasons) == ("CAT-5", pytest.approx(score), reasons)


def test_classes_that_are_not_signals_are_ignored() -> None:
    ignored = [_detection(label, 0.99) for label in ("FACE_FEMALE", "FACE_MALE", "FEMALE_BREAST_COVERED",
                                                     "FEET_EXPOSED", "BELLY_COVERED")]
    assert not ({"FACE_FEMALE", "FEET_EXPOSED"} & (EXPLICIT | PARTIAL))
    assert triage(ignored, []).suggested_category == "CAT-5" and triage(ignored, []).reasons == ["no signal"]


def test_the_strongest_detection_and_face_are_the_ones_named() -> None:
    result = triage([_detection("BUTTOCKS_EXPOSED", 0.6), _detection("ANUS_EXPOSED", 0.95),
                     _detection("BELLY_EXPOSED", 0.3)], [_face(0.55), _face(0.75)])
    assert result.reasons[:2] == ["sexual content: ANUS_EXPOSED 0.95 >= 0.50", "face with P(under 18) 0.75 >= 0.50"]
    assert result.score == pytest.approx(0.7 + 0.3 * 0.75)


def test_thresholds_are_inclusive_and_configurable() -> None:
    at = triage([_detection("MALE_GENITALIA_EXPOSED", 0.5)], [_face(0.5)])
    below = triage([_detection("MALE_GENITALIA_EXPOSED", 0.4999)], [_face(0.5)])
    assert (at.suggested_category, below.suggested_category) == ("CAT-1", "CAT-0")
    uncertain = triage([_detection("MALE_GENITALIA_EXPOSED", 0.5)], [_face(0.2)])
    assert uncertain.reasons[-1] == "age uncertain: examiner to categorise"
    assert uncertain.score == pytest.approx(0.55 + 0.15 * 0.5)
    partial_at = triage([_detection("ARMPITS_EXPOSED", 0.5)], [_face(0.5)])
    assert (partial_at.suggested_category, partial_at.score) == ("CAT-2", pytest.approx(0.35 + 0.2 * 0.5))
    assert triage([], [_face(0.2)]).reasons == ["face with P(under 18) 0.20 >= 0.20"]
    strict = Thresholds(explicit=0.9, partial=0.9, minor=0.95, minor_possible=0.5)
    result = triage([_detection("MALE_GENITALIA_EXPOSED", 0.8)], [_face(0.6)], strict)
    assert result.suggested_category == "CAT-5"
    assert result.reasons == ["face with P(under 18) 0.60 >= 0.50"]


def test_the_score_bands_keep_the_queue_in_order() -> None:
    """Across a grid of signal strengths, every CAT-1 ranks above every uncertain-age CAT-0, which ranks above the
    explicit-only CAT-0 and the CAT-2, which rank above a child's face alone, which ranks above every CAT-5."""
    grid = [0.0, 0.1, 0.19, 0.2, 0.35, 0.49, 0.5, 0.7, 0.99, 1.0]
    bands: dict[str, list[float]] = {}
    for explicit, partial, minor in itertools.product(grid, repeat=3):
        result = triage([_detection("FEMALE_GENITALIA_EXPOSED", explicit), _detection("BELLY_EXPOSED", partial)],
                        [_face(minor)])
        assert 0.0 <= result.score <= 1.0 and result.reasons
        note = result.reasons[-1]
        band = (result.suggested_category if result.suggested_category != "CAT-0" else
                "uncertain" if note.startswith("age uncertain") else
                "child" if note.startswith("a child's face") else "explicit-only")
        bands.setdefault(band, []).append(result.score)
    assert set(bands) == {"CAT-1", "uncertain", "explicit-only", "CAT-2", "child", "CAT-5"}
    order = [["CAT-1"], ["uncertain"], ["explicit-only", "CAT-2"], ["child"], ["CAT-5"]]
    for higher, lower in itertools.pairwise(order):
        assert min(min(bands[b]) for b in higher) > max(max(bands[b]) for b in lower), (higher, lower)
