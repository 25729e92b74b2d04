"""Why the program suggests what it suggests about a picture or video, and what it can say about it in words.

:func:`review_items` gathers, per item, every signal the triage used (hash-set matches, detector labels and scores,
faces with their age distribution and P(under 18), context labels) with the threshold each one is compared with and
whether it crossed it, and the suggested category. :meth:`ItemReview.descriptor` is the short text description an
examiner reads before any pixel is shown (kind, size, faces and estimated ages, detector labels, hash-set hits,
video length, audio present): research on moderators found that such descriptions reduce viewing without adding
distress (GUI.md, "Wellbeing").
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.acpic.triage import EXPLICIT, PARTIAL, Thresholds
from heroes_desktop.acpic.untriaged import untriaged_of
from heroes_desktop.browse.tag_state import read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.units import readable_size
from heroes_desktop.review.flagging import FLAG_SCORE, is_flagged
from heroes_desktop.review.hash_hits import HashVerdict, hash_verdicts

CONTEXT_SHOWN = 3  # context labels named in a descriptor


@dataclass(frozen=True)
class Signal:
    """One piece of evidence behind a suggestion."""

    kind: str  # hash-set, detector, face, context
    text: str  # what it is, in a line
    value: float | None = None
    threshold: float | None = None
    crossed: bool = False  # at or over its threshold: the triage counted it


@dataclass(frozen=True)
class FaceEstimate:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the analysed image (a video: in its frame)
    age: float | None
    age_p10: float | None
    age_median: float | None
    age_p90: float | None
    p_minor: float
    gender: str | None
    p_female: float | None
    frame: int | None = None  # a video's key-frame index

    @property
    def age_range(self) -> str:
        if self.age_p10 is None or self.age_p90 is None:
            return "age unknown"
        return f"{self.age_p10:.0f}–{self.age_p90:.0f}"


@dataclass(frozen=True)
class ItemReview:
    """One picture or video as the review panes show it, before and after any reveal."""

    file_id: int
    name: str
    path: str
    kind: str  # image, video
    mime: str | None
    size: int
    deleted: bool
    width: int | None
    height: int | None
    analysed: bool  # the image or video stage has a result for it
    triage_score: float | None
    suggested_category: str | None
    reasons: tuple[str, ...]
    faces: tuple[FaceEstimate, ...]
    detections: tuple[dict[str, Any], ...]
    context: tuple[dict[str, Any], ...]
    hashes: HashVerdict | None
    examiner_category: str | None
    signals: tuple[Signal, ...]
    flagged: bool
    video_seconds: float | None = None
    video_frames: int | None = None  # key frames analysed
    audio: bool | None = None  # None: not known
    notes: tuple[str, ...] = field(default=())
    not_triaged: str | None = None  # why image triage has no result for it ("media: image file is truncated")

    @property
    def hash_category(self) -> str | None:
        return self.hashes.category if self.hashes else None

    def descriptor(self) -> list[str]:
        """The text description shown before a reveal: what the item is and what was found in it, no pixels."""
        lines = [_kind_line(self)]
        if self.hashes:
            for hit in self.hashes.hits:
                what = "exact" if hit.exact else f"perceptual, distance {hit.distance}"
                lines.append(f"hash set {hit.hashset}: {hit.category or 'no category'} ({hit.kind}, {what})")
            if self.hashes.conflict:
                lines.append(f"hash sets disagree: {', '.join(self.hashes.conflict)}")
        if not self.analysed:
            lines.append(f"not triaged: {self.not_triaged}" if self.not_triaged else "not analysed by image triage")
            return lines
        if self.faces:
            ages = "; ".join(f"{face.gender or 'face'} est. {face.age_range} (P(under 18) {face.p_minor:.2f})"
                             for face in self.faces)
            lines.append(f"{len(self.faces)} face(s): {ages}")
        else:
            lines.append("no face found")
        labels = [d for d in self.detections if d.get("label") in EXPLICIT | PARTIAL]
        if labels:
            lines.append("detector: " + ", ".join(f"{d['label'].lower().replace('_', ' ')} {float(d['score']):.2f}"
                                                  for d in labels))
        else:
            lines.append("detector: no nudity labels")
        if self.context:
            lines.append("context: " + ", ".join(f"{c.get('label')} {float(c.get('score', 0)):.2f}"
                                                 for c in self.context[:CONTEXT_SHOWN]))
        lines.append(f"triage {self.triage_score:.2f}, suggests {self.suggested_category}")
        return lines


def _kind_line(item: ItemReview) -> str:
    size = readable_size(item.size)
    if item.kind == "video":
        length = f"{item.video_seconds:.0f} s" if item.video_seconds is not None else "length unknown"
        audio = {True: "audio present", False: "no audio", None: "audio unknown"}[item.audio]
        frames = f", {item.video_frames} key frames" if item.video_frames else ""
        text = f"video, {length}, {audio}{frames}, {size}"
    else:
        dimensions = f"{item.width}×{item.height}, " if item.width and item.height else ""
        text = f"picture, {dimensions}{size}"
    return text + (", deleted" if item.deleted else "")


def _faces(raw: list[dict[str, Any]]) -> tuple[FaceEstimate, ...]:
    faces = []
    for face in raw:
        box = tuple(int(v) for v in (face.get("box") or (0, 0, 0, 0)))[:4]
        faces.append(FaceEstimate(box, face.get("age"), face.get("age_p10"), face.get("age_median"),  # type: ignore[arg-type]
                                  face.get("age_p90"), float(face.get("p_minor") or 0.0), face.get("gender"),
                                  face.get("p_female"), face.get("frame")))
    return tuple(faces)


def signals_of(faces: Sequence[FaceEstimate], detections: Sequence[dict[str, Any]],
               context: Sequence[dict[str, Any]], hashes: HashVerdict | None,
               thresholds: Thresholds = Thresholds()) -> tuple[Signal, ...]:
    """Every signal with the threshold it is compared with, strongest kinds first."""
    signals: list[Signal] = []
    if hashes:
        for hit in hashes.hits:
            if hit.known_good:
                signals.append(Signal("hash-set", f"known-good set {hit.hashset} ({hit.kind})"))
                continue
            exact = "exact" if hit.exact else f"perceptual, distance {hit.distance}"
            signals.append(Signal("hash-set", f"{hit.hashset}: {hit.category or 'no category'} ({hit.kind}, {exact})",
                                  float(hit.distance), None, True))
    for detection in detections:
        label = str(detection.get("label"))
        if label in EXPLICIT or label in PARTIAL:
            limit = thresholds.explicit if label in EXPLICIT else thresholds.partial
            score = float(detection.get("score") or 0.0)
            where = f" (frame {detection['frame']})" if detection.get("frame") is not None else ""
            signals.append(Signal("detector", f"{label}{where}", score, limit, score >= limit))
    for face in faces:
        limit = thresholds.minor if face.p_minor >= thresholds.minor else thresholds.minor_possible
        where = f" (frame {face.frame})" if face.frame is not None else ""
        signals.append(Signal("face", f"face{where}: est. age {face.age_range}, P(under 18) {face.p_minor:.2f}",
                              face.p_minor, limit, face.p_minor >= limit))
    for label in context:
        signals.append(Signal("context", str(label.get("label")), float(label.get("score") or 0.0)))
    return tuple(signals)


def review_items(case: Case, file_ids: Sequence[int]) -> dict[int, ItemReview]:
    """The review of each of ``file_ids`` that is a file of the case."""
    ids = list(dict.fromkeys(int(file_id) for file_id in file_ids))
    reviews: dict[int, ItemReview] = {}
    if not ids:
        return reviews
    with case.reading() as connection:
        verdicts = hash_verdicts(connection, ids)
        categories = read_tag_state(connection, ids).category
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            rows = connection.exec_driver_sql(
                "SELECT f.id, f.name, f.path, f.mime, f.size, f.deleted, m.file_id IS NOT NULL, m.kind, m.width, "
                "m.height, m.faces, m.detections, m.context, m.triage_score, m.suggested_category, m.reasons, "
                "m.frames, m.details FROM files f LEFT JOIN media m ON m.file_id = f.id "
                f"WHERE f.id IN ({','.join('?' * len(chunk))})", tuple(chunk))
            for row in rows:
                reviews[row[0]] = _review(row, verdicts.get(row[0]), categories.get(row[0]))
            for item in untriaged_of(connection, file_ids=chunk):
                if item.file_id in reviews:
                    reviews[item.file_id] = dataclasses.replace(reviews[item.file_id], not_triaged=item.reason)
    return reviews


def _review(row: tuple, hashes: HashVerdict | None, examiner_category: str | None) -> ItemReview:
    (file_id, name, path, mime, size, deleted, analysed, kind, width, height, faces_json, detections_json,
     context_json, score, suggested, reasons_json, frames, details_json) = row
    faces = _faces(json.loads(faces_json or "[]"))
    detections = tuple(json.loads(detections_json or "[]"))
    context = tuple(json.loads(context_json or "[]"))
    details = json.loads(details_json or "{}") or {}
    kind = kind or ("video" if (mime or "").startswith("video/") else "image")
    audio = details.get("audio_streams")
    return ItemReview(
        file_id, name, path, kind, mime, int(size or 0), bool(deleted), width, height, bool(analysed), score,
        suggested, tuple(json.loads(reasons_json or "[]")), faces, detections, context, hashes, examiner_category,
        signals_of(faces, detections, context, hashes), is_flagged(score, hashes.category if hashes else None,
                                                                  examiner_category),
        details.get("seconds"), frames, None if audio is None else bool(audio), tuple(details.get("notes") or ()))


def triage_queue(case: Case, *, include_reviewed: bool = False, min_score: float = 0.0) -> list[int]:
    """Pictures and videos in triage order: first those image triage could not rank (the media or video stage
    failed on them or never ran: a person must look at them, and there is no score to wait for; left out when a
    minimum score is asked), then flagged ones (a pertinent hash-set category or a score of at least FLAG_SCORE),
    then by score, highest first; items the examiner has categorised are left out unless asked."""
    with case.reading() as connection:
        rows = list(connection.exec_driver_sql(
            "SELECT file_id, triage_score FROM media WHERE triage_score >= ? ORDER BY triage_score DESC, file_id",
            (min_score,)))
        untriaged = [item.file_id for item in untriaged_of(connection)] if min_score <= 0 else []
        decided = read_tag_state(connection).category
        verdicts = hash_verdicts(connection, [row[0] for row in rows])
    ranked = []
    for file_id, score in rows:
        if file_id in decided and not include_reviewed:
            continue
        found = verdicts.get(file_id)
        flagged = is_flagged(score, found.category if found else None, decided.get(file_id), FLAG_SCORE)
        ranked.append((not flagged, -score, file_id))
    first = [file_id for file_id in untriaged if include_reviewed or file_id not in decided]
    return first + [file_id for _, _, file_id in sorted(ranked)]
