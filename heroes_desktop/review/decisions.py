"""Decisions that spare the examiner clear views: confirm hash-set categories in bulk without showing the pictures,
carry one decision across a near-duplicate group after seeing its members obscured, find similar pictures, decide
a face's age from its crop, and log each reveal made in a briefing.

Every categorisation goes through :func:`hashsets.tagging.tag_files`, so its custody event names its origin
(``hash-set``, ``suggestion-accepted``, ``suggestion-overridden``, ``examiner``) and, here, how it was reached
(``via``: hash-set confirmation, near-duplicate group).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from heroes_desktop.browse.tag_state import read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.progress import CancelToken, Progress, ProgressCallback, no_progress
from heroes_desktop.hashsets.hamming_index import to_codes
from heroes_desktop.hashsets.matching import DEFAULT_THRESHOLDS, near_duplicate_groups
from heroes_desktop.hashsets.tagging import tag_files
from heroes_desktop.review.hash_hits import hash_verdicts

SIMILAR_RADIUS = 24  # wider than the match threshold (15): "similar", ranked by distance, not "the same"
AGE_DECISIONS = ("adult", "minor", "unsure")


@dataclass(frozen=True)
class Confirmation:
    """Files that exact hash-set matches give one category, not categorised by the examiner yet."""

    category: str
    hashsets: tuple[str, ...]
    file_ids: tuple[int, ...]


@dataclass(frozen=True)
class PendingConfirmations:
    confirmations: tuple[Confirmation, ...]
    conflicts: tuple[int, ...]  # files whose exact matches disagree: the examiner decides them
    perceptual_only: tuple[int, ...]  # files matched only perceptually: looks like, not is; not confirmed in bulk


def pending_confirmations(case: Case) -> PendingConfirmations:
    """What bulk confirmation would categorise, by category, and what it leaves to the examiner."""
    with case.reading() as connection:
        verdicts = hash_verdicts(connection)
        decided = read_tag_state(connection).category
    by_category: dict[str, tuple[set[str], list[int]]] = {}
    conflicts, perceptual = [], []
    for file_id, found in sorted(verdicts.items()):
        if file_id in decided:
            continue
        if found.conflict:
            conflicts.append(file_id)
        elif found.category and found.exact:
            names, ids = by_category.setdefault(found.category, (set(), []))
            names.update(hit.hashset for hit in found.hits if hit.exact and not hit.known_good)
            ids.append(file_id)
        elif found.category:
            perceptual.append(file_id)
    confirmations = tuple(Confirmation(category, tuple(sorted(names)), tuple(ids))
                          for category, (names, ids) in sorted(by_category.items()))
    return PendingConfirmations(confirmations, tuple(conflicts), tuple(perceptual))


def confirm_hash_set_categories(case: Case, confirmations: Sequence[Confirmation],
                                progress: ProgressCallback = no_progress,
                                cancel: CancelToken | None = None) -> list[dict[str, Any]]:
    """Give each confirmation's files its category (origin ``hash-set``), without any of them being shown.

    Each file is checked again first: one that the examiner categorised meanwhile, or whose exact matches no longer
    give this category, is left alone."""
    with case.reading() as connection:
        verdicts = hash_verdicts(connection)
        decided = read_tag_state(connection).category
    total = sum(len(confirmation.file_ids) for confirmation in confirmations)
    done: list[dict[str, Any]] = []
    report = Progress(phase="confirming hash-set categories", items_total=total)
    for confirmation in confirmations:
        ids = [file_id for file_id in confirmation.file_ids if file_id not in decided
               and (found := verdicts.get(file_id)) is not None and found.exact
               and found.category == confirmation.category]
        for start in range(0, len(ids), 200):
            if cancel is not None and cancel.cancelled:
                return done
            chunk = ids[start:start + 200]
            done += tag_files(case, chunk, confirmation.category, context={
                "via": "hash-set confirmation", "hashsets": list(confirmation.hashsets), "shown": False})
            report.items_done = len(done)
            progress(report)
    return done


@dataclass(frozen=True)
class GroupMember:
    file_id: int
    distance: int  # perceptual (pHash) distance to the picture the group was opened from


def near_duplicate_group(case: Case, file_id: int, algorithm: str = "phash",
                         radius: int | None = None) -> list[GroupMember]:
    """The near-duplicate group of ``file_id`` (single linkage within the default threshold), the picture itself
    first, then by distance; an empty list when it has no near duplicate."""
    radius = DEFAULT_THRESHOLDS[algorithm] if radius is None else radius
    group = next((group for group in near_duplicate_groups(case, algorithm, radius) if file_id in group), None)
    if group is None:
        return []
    hashes = _hashes(case, group, algorithm)
    if file_id not in hashes:
        return []
    return _by_distance(file_id, hashes)


def _hashes(case: Case, file_ids: Sequence[int] | None, algorithm: str) -> dict[int, str]:
    if algorithm not in DEFAULT_THRESHOLDS:
        raise UsageError(f"unknown perceptual hash {algorithm!r}: one of {', '.join(DEFAULT_THRESHOLDS)}")
    with case.reading() as connection:
        if file_ids is None:
            rows = connection.exec_driver_sql(f"SELECT id, {algorithm} FROM files WHERE {algorithm} IS NOT NULL")
            return {row[0]: row[1] for row in rows}
        found: dict[int, str] = {}
        ids = list(file_ids)
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            found.update(connection.exec_driver_sql(
                f"SELECT id, {algorithm} FROM files WHERE {algorithm} IS NOT NULL "
                f"AND id IN ({','.join('?' * len(chunk))})", tuple(chunk)).all())
        return found


def _by_distance(file_id: int, hashes: dict[int, str]) -> list[GroupMember]:
    ids = list(hashes)
    words = to_codes([hashes[i] for i in ids]).view(">u8").ravel().astype(np.uint64)
    target = words[ids.index(file_id)]
    distances = np.bitwise_count(words ^ target).astype(int)
    members = sorted(zip(ids, distances.tolist(), strict=True), key=lambda pair: (pair[0] != file_id, pair[1], pair[0]))
    return [GroupMember(member, distance) for member, distance in members]


def similar_images(case: Case, file_id: int, radius: int = SIMILAR_RADIUS, limit: int = 200,
                   algorithm: str = "phash") -> list[GroupMember]:
    """Pictures of the case within ``radius`` of ``file_id``'s perceptual hash, nearest first, itself excluded."""
    hashes = _hashes(case, None, algorithm)
    if file_id not in hashes:
        return []
    members = [member for member in _by_distance(file_id, hashes)[1:] if member.distance <= radius]
    return members[:limit]


def carry_decision(case: Case, source_id: int, label: str, members: Sequence[GroupMember],
                   note: str = "") -> list[dict[str, Any]]:
    """Give ``label`` to the near-duplicate group's ``members`` (the source included when listed): each custody
    event names the picture the decision was carried from and the member's distance to it."""
    if not members:
        raise UsageError("no member of a near-duplicate group given")
    ids = [member.file_id for member in members]
    per_file = {member.file_id: {"distance": member.distance} for member in members}
    return tag_files(case, ids, label, note, context={"via": "near-duplicate group", "carried_from": source_id},
                     per_file=per_file)


def record_age_decision(case: Case, file_id: int, face: int, decision: str, note: str = "") -> None:
    """The examiner's judgement of one face's age from its crop alone (``adult``, ``minor``, ``unsure``), as a
    custody event: what a supervisor reads when a category rests on an age."""
    if decision not in AGE_DECISIONS:
        raise UsageError(f"an age decision is one of {', '.join(AGE_DECISIONS)}, not {decision!r}")
    case.record("face.age_decided", {"file_id": int(file_id), "face": int(face), "decision": decision,
                                     "note": note, "from": "face crop"})


def record_presentation_reveal(case: Case, file_id: int, step: str) -> None:
    """A reveal made in presentation-safe mode (a briefing), logged in the custody chain with the step reached."""
    case.record("presentation.revealed", {"file_id": int(file_id), "step": step})
