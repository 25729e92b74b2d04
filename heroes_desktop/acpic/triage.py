"""Triage: how urgently an image needs an examiner's eyes, from the three signals, with the reasons.

It suggests and never decides: the score orders the examiner's queue and the suggested Project VIC category is a
starting point the examiner confirms or changes with ``heroes tag``. Every rule that fired is listed in
``reasons`` with the value and the threshold it passed, so a supervisor can see why an image was ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# NudeNet classes that mean sexual content; the other *_EXPOSED classes (belly, armpits, feet, a male chest)
# are weak signals, and the FACE_* and *_COVERED classes are not signals at all.
EXPLICIT = frozenset({"FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED", "FEMALE_BREAST_EXPOSED",
                      "BUTTOCKS_EXPOSED", "ANUS_EXPOSED"})
PARTIAL = frozenset({"BELLY_EXPOSED", "MALE_BREAST_EXPOSED", "ARMPITS_EXPOSED"})


@dataclass(frozen=True)
class Thresholds:
    explicit: float = 0.5  # a NudeNet explicit-class detection score
    partial: float = 0.5
    minor: float = 0.5  # P(age < 18) of a face
    minor_possible: float = 0.2


@dataclass
class Triage:
    score: float
    suggested_category: str
    reasons: list[str] = field(default_factory=list)


def _strongest(detections: Sequence[dict], classes: frozenset[str]) -> tuple[float, str | None]:
    found = [(float(d["score"]), str(d["label"])) for d in detections if d["label"] in classes]
    return max(found) if found else (0.0, None)


def triage(detections: Sequence[dict], faces: Sequence[dict], thresholds: Thresholds = Thresholds()) -> Triage:
    """Score (0 to 1), suggested category and reasons for one image from its detections and faces."""
    explicit, explicit_label = _strongest(detections, EXPLICIT)
    partial, partial_label = _strongest(detections, PARTIAL)
    minor = max((float(face["p_minor"]) for face in faces), default=0.0)
    reasons = []
    if explicit >= thresholds.explicit:
        reasons.append(f"sexual content: {explicit_label} {explicit:.2f} >= {thresholds.explicit:.2f}")
    if partial >= thresholds.partial:
        reasons.append(f"partial nudity: {partial_label} {partial:.2f} >= {thresholds.partial:.2f}")
    if minor >= thresholds.minor_possible:
        reasons.append(f"face with P(under 18) {minor:.2f} >= "
                       f"{thresholds.minor if minor >= thresholds.minor else thresholds.minor_possible:.2f}")
    if faces and minor < thresholds.minor_possible:
        reasons.append(f"{len(faces)} face(s), all likely adults (P(under 18) < {thresholds.minor_possible:.2f})")

    if explicit >= thresholds.explicit and minor >= thresholds.minor:
        return Triage(0.7 + 0.3 * min(explicit, minor), "CAT-1", reasons)
    if explicit >= thresholds.explicit and minor >= thresholds.minor_possible:
        return Triage(0.55 + 0.15 * explicit, "CAT-0", reasons + ["age uncertain: examiner to categorise"])
    if explicit >= thresholds.explicit:
        note = "no face found: age unknown" if not faces else "faces look adult: check for other people"
        return Triage(0.4 + 0.15 * explicit, "CAT-0", reasons + [note])
    if partial >= thresholds.partial and minor >= thresholds.minor:
        return Triage(0.35 + 0.2 * min(partial, minor), "CAT-2", reasons)
    if minor >= thresholds.minor:
        return Triage(0.15 + 0.1 * minor, "CAT-0", reasons + ["a child's face, no sexual content detected"])
    return Triage(round(0.1 * max(explicit, partial, minor), 4), "CAT-5", reasons or ["no signal"])
