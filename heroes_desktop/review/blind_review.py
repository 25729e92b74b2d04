"""A supervisor's blind second review of the examiner's categorised pictures (issue 18).

The supervisor draws a random sample of the pictures the examiner categorised (stratified by the examiner's
category), categorises each item without being shown the examiner's decision, and reads the agreement afterwards:
observed agreement, Cohen's kappa, the confusion matrix and the items that disagree. A supervisor's session can
only append to the custody chain, so the review lives there, signed, as two kinds of event:

- ``review.sample_drawn``: ``method``, ``seed``, ``seed_given`` (false when drawn from :mod:`secrets`),
  ``size_asked``, ``size``, ``population``, ``strata`` (category -> ``{"population", "drawn"}``) and ``file_ids``
  (in review order). The latest such event is the current sample; a new draw replaces it, and the decisions on
  the earlier one stay in the chain but no longer count.
- ``review.blind_decision``: ``file_id``, ``category``, ``sample_seq`` (the sample's event). A later decision on the
  same file replaces an earlier one: the latest wins.

The pictures are the gallery's items (:mod:`review.gallery`: pictures and videos, typed by content or analysed by
the media stage) that carry a current examiner's category (``CAT-0`` ... ``CAT-5``); videos are included when
categorised, and same-hash copies are items of their own.

Blindness: :class:`BlindSample` and :class:`BlindReviewState` hold file ids and the supervisor's own decisions,
never an examiner's category, and the sample's order is shuffled so that it says nothing of the strata. Only
:func:`agreement` reads the examiner's categories, and only those of the items already decided. (The custody log
itself holds the examiner's ``file.tagged`` events: the review is blind in what it shows, not secret.) The window
shows the sampled items under the same exposure policy as the examiner's own review.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import Connection, select

from heroes_desktop.browse.tag_state import read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.case.errors import CaseError
from heroes_desktop.case.schema import custody_events, files, tags
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES, normalise_category
from heroes_desktop.identity.actor import Role
from heroes_desktop.review.gallery import GalleryScope, list_gallery

SAMPLE_DRAWN = "review.sample_drawn"
BLIND_DECISION = "review.blind_decision"
METHOD = "stratified-proportional"  # by the examiner's category; largest remainder; at least one per stratum
SEED_BITS = 32  # a seed drawn when none is given: short enough to type again, recorded in the sample's event

Pair = tuple[str, str]  # (examiner's category, supervisor's category) of one item


# --------------------------------------------------------------------------------------------------- sampling


def allocate(strata: Mapping[str, int], size: int) -> dict[str, int]:
    """How many items each stratum (name -> members) gives a sample of ``size``.

    Proportional allocation rounded by largest remainder (ties: the larger stratum, then the name); when ``size``
    reaches the number of strata, every stratum gives at least one, taken from the largest allocations. A size
    above the population takes everything.
    """
    total = sum(strata.values())
    size = min(size, total)
    if size <= 0:
        return {name: 0 for name in strata}
    quotas = {name: Fraction(size * members, total) for name, members in strata.items()}
    counts = {name: int(quota) for name, quota in quotas.items()}
    by_remainder = sorted(strata, key=lambda name: (counts[name] - quotas[name], -strata[name], name))
    for name in by_remainder[:size - sum(counts.values())]:
        counts[name] += 1
    filled = [name for name in strata if strata[name] > 0]
    if size >= len(filled):
        for name in sorted(name for name in filled if counts[name] == 0):
            donor = max(sorted(counts), key=lambda other: counts[other])  # >= 2: size >= strata, one is empty
            counts[donor] -= 1
            counts[name] = 1
    return counts


def stratified_draw(population: Mapping[int, str], size: int, seed: int) -> tuple[list[int], dict[str, int]]:
    """A stratified sample of ``population`` (file id -> stratum): the drawn ids in review order, and each
    stratum's count. The same seed and population give the same sample, whatever the mapping's order."""
    rng = random.Random(seed)
    members: dict[str, list[int]] = {}
    for file_id in sorted(population):
        members.setdefault(population[file_id], []).append(file_id)
    counts = allocate({name: len(ids) for name, ids in sorted(members.items())}, size)
    drawn: list[int] = []
    for name in sorted(members):
        drawn += rng.sample(members[name], counts[name])
    rng.shuffle(drawn)  # the review order: nothing of the strata shows in it
    return drawn, counts


@dataclass(frozen=True)
class BlindSample:
    """A drawn sample, as its ``review.sample_drawn`` event records it; no examiner's decision in it."""

    seq: int  # the event's sequence number: the sample's identity
    drawn_by: str
    time: str
    seed: int
    size_asked: int
    population: int  # categorised pictures the sample was drawn from
    file_ids: tuple[int, ...]  # in review order

    @property
    def size(self) -> int:
        return len(self.file_ids)

    def as_json(self) -> dict[str, Any]:
        return {"sample_seq": self.seq, "drawn_by": self.drawn_by, "time": self.time, "seed": self.seed,
                "size_asked": self.size_asked, "size": self.size, "population": self.population,
                "file_ids": list(self.file_ids)}


def _require_supervisor(case: Case, what: str) -> str:
    if case.actor is None or case.actor.role is not Role.SUPERVISOR:
        raise CaseError(f"only a supervisor {what}")
    return case.actor.name


def _population(case: Case) -> dict[int, str]:
    """Every gallery item with a current examiner's category: file id -> category."""
    listing = list_gallery(case, GalleryScope(stack_duplicates=False))
    with case.reading() as connection:
        categories = read_tag_state(connection).category
    return {file_id: categories[file_id] for file_id in listing.ids if file_id in categories}


def draw_sample(case: Case, size: int, *, seed: int | None = None) -> BlindSample:
    """Draw and record (``review.sample_drawn``) a blind-review sample of ``size`` categorised pictures.

    Without ``seed`` one is drawn from :mod:`secrets` and recorded, so that every draw can be repeated. A size
    above the population takes every picture (``size`` then says how many). Refused to anyone but a supervisor,
    and to the person who categorised the pictures: a second review is someone else's.
    """
    supervisor = _require_supervisor(case, "draws a blind-review sample")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise UsageError(f"a sample size is a whole number of at least 1, not {size!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise UsageError(f"a seed is a whole number of at least 0, not {seed!r}")
    population = _population(case)
    if not population:
        raise UsageError("no categorised pictures to sample: the examiner has categorised none yet")
    if supervisor in _taggers(case):
        raise UsageError(f"{supervisor} categorised pictures of this case: a blind second review is someone else's")
    chosen_seed = secrets.randbits(SEED_BITS) if seed is None else seed
    drawn, counts = stratified_draw(population, size, chosen_seed)
    sizes: dict[str, int] = {}
    for category in population.values():
        sizes[category] = sizes.get(category, 0) + 1
    event = case.record(SAMPLE_DRAWN, {
        "method": METHOD, "seed": chosen_seed, "seed_given": seed is not None, "size_asked": size,
        "size": len(drawn), "population": len(population),
        "strata": {name: {"population": sizes[name], "drawn": counts[name]} for name in sorted(sizes)},
        "file_ids": drawn,
    })
    return _sample_of(event.seq, event.actor, event.time, event.details)


def _taggers(case: Case) -> set[str]:
    """Everyone who tagged a file of the case."""
    with case.reading() as connection:
        return set(connection.execute(select(tags.c.actor).distinct()).scalars())


def _sample_of(seq: int, actor: str, time: str, details: Mapping[str, Any]) -> BlindSample:
    return BlindSample(seq, actor, time, int(details["seed"]), int(details["size_asked"]),
                       int(details["population"]), tuple(int(file_id) for file_id in details["file_ids"]))


# -------------------------------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class _Event:
    seq: int
    actor: str
    time: str
    action: str
    details: dict[str, Any]


def _review_events(connection: Connection) -> list[_Event]:
    """The blind review's events, in order, read by action (not the whole chain)."""
    rows = connection.execute(
        select(custody_events.c.seq, custody_events.c.actor, custody_events.c.time, custody_events.c.action,
               custody_events.c.details)
        .where(custody_events.c.action.in_([SAMPLE_DRAWN, BLIND_DECISION])).order_by(custody_events.c.seq))
    return [_Event(row.seq, row.actor, row.time, row.action, json.loads(row.details)) for row in rows]


def _current(events: Sequence[_Event]) -> BlindSample | None:
    drawn = [event for event in events if event.action == SAMPLE_DRAWN]
    if not drawn:
        return None
    last = drawn[-1]
    return _sample_of(last.seq, last.actor, last.time, last.details)


def _decisions(events: Iterable[_Event], sample: BlindSample) -> dict[int, str]:
    """The sample drawer's decisions on the sample's items, the latest of each file winning."""
    members = set(sample.file_ids)
    decided: dict[int, str] = {}
    for event in events:
        details = event.details
        if (event.action == BLIND_DECISION and details.get("sample_seq") == sample.seq
                and event.actor == sample.drawn_by and details.get("file_id") in members):
            decided[int(details["file_id"])] = str(details["category"])
    return decided


def current_sample(case: Case) -> BlindSample | None:
    """The latest drawn sample, or None when no blind review has begun."""
    with case.reading() as connection:
        return _current(_review_events(connection))


def blind_decisions(case: Case, sample: BlindSample | None = None) -> dict[int, str]:
    """The supervisor's decisions on ``sample`` (default: the current one): file id -> category, latest wins."""
    with case.reading() as connection:
        events = _review_events(connection)
    sample = sample or _current(events)
    return {} if sample is None else _decisions(events, sample)


@dataclass(frozen=True)
class BlindReviewState:
    """What the supervisor's review screen needs: the sample and the supervisor's own decisions so far."""

    sample: BlindSample
    decisions: dict[int, str]  # the supervisor's, never the examiner's

    @property
    def pending(self) -> tuple[int, ...]:
        """Sampled items not decided yet, in review order."""
        return tuple(file_id for file_id in self.sample.file_ids if file_id not in self.decisions)

    @property
    def complete(self) -> bool:
        return not self.pending


def review_state(case: Case) -> BlindReviewState | None:
    """The current sample with the decisions made on it; None when no sample has been drawn."""
    with case.reading() as connection:
        events = _review_events(connection)
    sample = _current(events)
    return None if sample is None else BlindReviewState(sample, _decisions(events, sample))


def parse_category(value: str) -> str:
    """A supervisor's category, ``CAT-0`` ... ``CAT-5`` (``3`` and ``cat3`` read as ``CAT-3``); refuses the rest."""
    try:
        category = normalise_category(value)
    except ValueError:
        category = None
    if category not in CATEGORIES:
        raise UsageError(f"{value!r} is not a category: give one of {', '.join(CATEGORIES)}")
    return category


def record_decision(case: Case, file_id: int, category: str) -> CustodyEvent:
    """Record (``review.blind_decision``) the supervisor's category for one sampled file; the latest decision on a
    file replaces an earlier one. Refused without a sample, for a file outside it, or for anyone but the
    supervisor who drew it (a sample's decisions are one person's, so that kappa compares two raters)."""
    supervisor = _require_supervisor(case, "records blind-review decisions")
    chosen = parse_category(category)
    sample = current_sample(case)
    if sample is None:
        raise UsageError("no blind-review sample has been drawn yet: draw one first")
    if sample.drawn_by != supervisor:
        raise UsageError(f"the current sample (event {sample.seq}) was drawn by {sample.drawn_by}: its decisions"
                         " are theirs; draw a sample of your own")
    if file_id not in sample.file_ids:
        raise UsageError(f"file {file_id} is not in the blind-review sample (event {sample.seq}); its files:"
                         f" {', '.join(map(str, sample.file_ids))}")
    return case.record(BLIND_DECISION, {"file_id": int(file_id), "category": chosen, "sample_seq": sample.seq})


# -------------------------------------------------------------------------------------------------- agreement


def confusion_matrix(pairs: Iterable[Pair], labels: Sequence[str] | None = None
                     ) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """(labels, counts): rows the examiner's categories, columns the supervisor's, over ``labels`` (default: every
    category either gave, sorted)."""
    listed = list(pairs)
    names = tuple(labels) if labels is not None else tuple(sorted({c for pair in listed for c in pair}))
    index = {name: position for position, name in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    for examiner, supervisor in listed:
        counts[index[examiner]][index[supervisor]] += 1
    return names, tuple(tuple(row) for row in counts)


def observed_agreement(pairs: Iterable[Pair]) -> float | None:
    """The share of items both gave the same category; None without items."""
    listed = list(pairs)
    return float(Fraction(sum(a == b for a, b in listed), len(listed))) if listed else None


def kappa_of_matrix(matrix: Sequence[Sequence[int]]) -> float | None:
    """Cohen's kappa of a square confusion matrix: (p_o - p_e) / (1 - p_e), computed exactly.

    None without items, and when chance agreement p_e is 1 (both raters gave every item one and the same
    category): kappa is 0/0 there, undefined; observed agreement (1.0) is then the figure to read.
    """
    n = sum(sum(row) for row in matrix)
    if n == 0:
        return None
    observed = Fraction(sum(matrix[i][i] for i in range(len(matrix))), n)
    rows = [sum(row) for row in matrix]
    columns = [sum(row[j] for row in matrix) for j in range(len(matrix))]
    expected = sum(Fraction(rows[k] * columns[k], n * n) for k in range(len(matrix)))
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))


def cohen_kappa(pairs: Iterable[Pair]) -> float | None:
    """Cohen's kappa of (examiner, supervisor) pairs; see :func:`kappa_of_matrix` for when it is None."""
    return kappa_of_matrix(confusion_matrix(pairs)[1])


@dataclass(frozen=True)
class Disagreement:
    file_id: int
    path: str
    examiner: str
    supervisor: str


@dataclass(frozen=True)
class AgreementResult:
    """The blind review's result over the decided items of the current sample (None: no sample drawn)."""

    sample: BlindSample | None
    n: int  # items with both decisions
    agreement: float | None
    kappa: float | None
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]  # rows examiner, columns supervisor, in ``labels`` order
    disagreements: tuple[Disagreement, ...]
    pending: tuple[int, ...]  # sampled, not decided yet: their examiner's categories stay unread
    excluded: tuple[int, ...]  # decided, but no longer carrying an examiner's category (withdrawn since)

    def as_json(self) -> dict[str, Any]:
        """What ``heroes review agreement --json`` prints."""
        sample = self.sample
        return {"sample_seq": sample.seq if sample else None, "drawn_by": sample.drawn_by if sample else None,
                "size": sample.size if sample else 0, "n": self.n, "agreement": self.agreement,
                "kappa": self.kappa, "labels": list(self.labels), "confusion": [list(row) for row in self.confusion],
                "disagreements": [asdict(item) for item in self.disagreements],
                "pending": list(self.pending), "excluded": list(self.excluded)}

    def summary(self) -> dict[str, Any]:
        """The compact form a signed review records (``review.signed`` details, ``blind_review``)."""
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 6)
        return {"sample_seq": self.sample.seq if self.sample else None, "size": self.sample.size if self.sample
                else 0, "n": self.n, "agreement": rounded(self.agreement), "kappa": rounded(self.kappa),
                "labels": list(self.labels), "confusion": [list(row) for row in self.confusion],
                "disagreeing_file_ids": [item.file_id for item in self.disagreements],
                "pending": len(self.pending)}


def _paths(connection: Connection, file_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(file_ids), 900):  # within SQLite's limit on bound values
        chunk = list(file_ids[start:start + 900])
        found.update(connection.execute(select(files.c.id, files.c.path).where(files.c.id.in_(chunk))).all())
    return found


def agreement(case: Case) -> AgreementResult:
    """Examiner against supervisor on the current sample's decided items (the examiner's current categories)."""
    state = review_state(case)
    if state is None:
        return AgreementResult(None, 0, None, None, (), (), (), (), ())
    decided = [file_id for file_id in state.sample.file_ids if file_id in state.decisions]
    with case.reading() as connection:
        examiner = read_tag_state(connection).category
        paths = _paths(connection, decided)
    compared = [file_id for file_id in decided if file_id in examiner]
    pairs = [(examiner[file_id], state.decisions[file_id]) for file_id in compared]
    labels, matrix = confusion_matrix(pairs)
    disagreements = tuple(
        Disagreement(file_id, paths.get(file_id, ""), examiner[file_id], state.decisions[file_id])
        for file_id in sorted(compared) if examiner[file_id] != state.decisions[file_id])
    return AgreementResult(state.sample, len(pairs), observed_agreement(pairs), kappa_of_matrix(matrix), labels,
                           matrix, disagreements, state.pending,
                           tuple(file_id for file_id in decided if file_id not in examiner))
