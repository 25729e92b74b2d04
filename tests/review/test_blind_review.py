"""The blind second review's core (issue 18): stratified, seeded sampling; decisions that are custody events only,
blind to the examiner's categories; agreement, Cohen's kappa against hand-computed values, the confusion matrix;
and the result in the signed review. On a small real case: 30 categorised pictures and videos, built in a second."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import insert

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseError
from heroes_desktop.case.schema import CUSTODY_TABLES, evidence, files, volumes
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.hashsets.tagging import list_tags, tag_files, withdraw_tags
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key
from heroes_desktop.review import blind_review
from heroes_desktop.review.blind_review import (
    agreement,
    allocate,
    blind_decisions,
    cohen_kappa,
    confusion_matrix,
    current_sample,
    draw_sample,
    kappa_of_matrix,
    observed_agreement,
    record_decision,
    review_state,
    stratified_draw,
)
from heroes_desktop.review.gallery import GalleryScope, list_gallery
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

IMAGES = {"CAT-1": 10, "CAT-2": 8, "CAT-5": 10}
VIDEOS = {"CAT-2": 2}  # a categorised video is a reviewable item too: the strata are 10, 10, 10


def build_review_case(path: Path, examiner: Actor, key: SigningKey) -> dict[int, str]:
    """A closed case of the examiner's: 28 categorised pictures and 2 categorised videos, one picture re-categorised
    (its latest category counts), and what no sample may take: a categorised text file, a bookmarked picture and
    an uncategorised picture. Returns the examiner's category of every picture and video that may be drawn."""
    wanted = [(category, "image/jpeg", ".jpg") for category, count in IMAGES.items() for _ in range(count)]
    wanted += [(category, "video/mp4", ".mp4") for category, count in VIDEOS.items() for _ in range(count)]
    wanted += [("CAT-1", "text/plain", ".txt"), ("bookmark", "image/png", ".png"), (None, "image/png", ".png")]
    random.Random(5).shuffle(wanted)  # the categories interleave in file-id order
    with Case.create(path, PASSPHRASE, examiner, key, title="Operation Blind") as case:
        with case.change("test.setup", {"files": len(wanted)}) as connection:
            evidence_id = connection.execute(insert(evidence).values(
                label="usb", format="folder", paths="[]", added_at="", added_by="")).inserted_primary_key[0]
            volume_id = connection.execute(insert(volumes).values(
                evidence_id=evidence_id, offset=0, length=0, description="folder", status="ok", walked=True,
            )).inserted_primary_key[0]
            ids = [connection.execute(insert(files).values(
                evidence_id=evidence_id, volume_id=volume_id, ordinal=ordinal, path=f"/pics/item{ordinal}{suffix}",
                name=f"item{ordinal}{suffix}", folder="/pics", kind="file", size=100 + ordinal, deleted=False,
                mime=mime, sha256=f"{ordinal:064x}", status="ok")).inserted_primary_key[0]
                for ordinal, (_, mime, suffix) in enumerate(wanted, start=1)]
        drawable: dict[int, str] = {}
        for file_id, (label, mime, _) in zip(ids, wanted, strict=True):
            if label is None:
                continue
            tag_files(case, [file_id], label)
            if label in CATEGORIES and not mime.startswith("text/"):
                drawable[file_id] = label
        recategorised = min(file_id for file_id, category in drawable.items() if category == "CAT-1")
        tag_files(case, [recategorised], "CAT-5")
        tag_files(case, [recategorised], "CAT-1")  # the latest category is the examiner's decision
    return drawable


@pytest.fixture
def built(case_path: Path, examiner: Actor, examiner_key: SigningKey) -> dict[int, str]:
    return build_review_case(case_path, examiner, examiner_key)


@pytest.fixture
def review(built: dict[int, str], case_path: Path, supervisor: Actor,
           supervisor_key: SigningKey) -> Iterator[Case]:
    """The supervisor's review session on the built case."""
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=supervisor_key) as case:
        yield case


def _case_data(case: Case) -> dict[str, list[tuple]]:
    """Every table's rows but the custody tables'."""
    with case.reading() as connection:
        names = [row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: connection.exec_driver_sql(f"SELECT * FROM {name}").fetchall()
                for name in names if name not in CUSTODY_TABLES}


# --- sampling ----------------------------------------------------------------------------------------------------


def test_allocation_is_proportional_with_largest_remainder_and_one_per_stratum() -> None:
    assert allocate({"CAT-1": 50, "CAT-2": 30, "CAT-5": 20}, 10) == {"CAT-1": 5, "CAT-2": 3, "CAT-5": 2}
    # 7 of 10/10/10: 2.33 each; the one left over goes to the first name (equal remainders, equal sizes)
    assert allocate({"CAT-1": 10, "CAT-2": 10, "CAT-5": 10}, 7) == {"CAT-1": 3, "CAT-2": 2, "CAT-5": 2}
    # 10 of 60/25/15: quotas 6, 2.5, 1.5 -> 6, 2, 1 and one more for the larger of the equal remainders
    assert allocate({"CAT-1": 60, "CAT-2": 25, "CAT-5": 15}, 10) == {"CAT-1": 6, "CAT-2": 3, "CAT-5": 1}
    # proportionally the small strata get none; when the size allows, each gets one, from the largest
    assert allocate({"CAT-1": 98, "CAT-2": 1, "CAT-5": 1}, 3) == {"CAT-1": 1, "CAT-2": 1, "CAT-5": 1}
    assert allocate({"CAT-1": 98, "CAT-2": 1, "CAT-5": 1}, 2) == {"CAT-1": 2, "CAT-2": 0, "CAT-5": 0}
    assert allocate({"CAT-1": 3, "CAT-2": 1}, 99) == {"CAT-1": 3, "CAT-2": 1}  # more than there is: everything
    rng = random.Random(0)
    for _ in range(500):
        strata = {f"S{index}": rng.randint(1, 40) for index in range(rng.randint(1, 6))}
        size = rng.randint(1, sum(strata.values()) + 5)
        counts = allocate(strata, size)
        assert sum(counts.values()) == min(size, sum(strata.values()))
        assert all(0 <= counts[name] <= strata[name] for name in strata)
        if size >= len(strata):
            assert all(counts[name] >= 1 for name in strata), (strata, size, counts)


def test_a_draw_is_stratified_and_the_same_for_the_same_seed_whatever_the_order() -> None:
    population = {file_id: ("CAT-1", "CAT-2", "CAT-5")[file_id % 3] for file_id in range(1, 91)}
    drawn, counts = stratified_draw(population, 9, seed=42)
    assert counts == {"CAT-1": 3, "CAT-2": 3, "CAT-5": 3} and len(set(drawn)) == 9
    assert sorted(population[file_id] for file_id in drawn) == ["CAT-1"] * 3 + ["CAT-2"] * 3 + ["CAT-5"] * 3
    reversed_order = dict(reversed(list(population.items())))
    assert stratified_draw(reversed_order, 9, seed=42) == (drawn, counts)
    assert stratified_draw(population, 9, seed=43)[0] != drawn


def test_the_sample_is_drawn_from_the_categorised_pictures_and_recorded(review: Case,
                                                                         built: dict[int, str]) -> None:
    listing = list_gallery(review, GalleryScope(stack_duplicates=False))
    assert set(built) == set(listing.reviewed)  # the gallery's categorised items: pictures and videos
    sample = draw_sample(review, 7, seed=2024)
    assert sample.population == 30 and sample.size == sample.size_asked == 7 and sample.seed == 2024
    assert set(sample.file_ids) <= set(built) and len(set(sample.file_ids)) == 7
    drawn = [built[file_id] for file_id in sample.file_ids]
    assert sorted(drawn) == ["CAT-1"] * 3 + ["CAT-2"] * 2 + ["CAT-5"] * 2
    event = review.events()[-1]
    assert (event.seq, event.action, event.role) == (sample.seq, "review.sample_drawn", "supervisor")
    assert event.details["strata"] == {"CAT-1": {"population": 10, "drawn": 3},
                                       "CAT-2": {"population": 10, "drawn": 2},
                                       "CAT-5": {"population": 10, "drawn": 2}}
    assert (event.details["seed"], event.details["seed_given"], event.details["size_asked"],
            event.details["size"], event.details["population"]) == (2024, True, 7, 7, 30)
    assert event.details["file_ids"] == list(sample.file_ids)
    assert current_sample(review) == sample
    assert draw_sample(review, 7, seed=2024).file_ids == sample.file_ids  # reproducible by its seed

    unseeded = draw_sample(review, 5)
    details = review.events()[-1].details
    assert details["seed_given"] is False and details["seed"] == unseeded.seed
    assert tuple(stratified_draw(built, 5, unseeded.seed)[0]) == unseeded.file_ids  # repeatable from the record
    assert current_sample(review) == unseeded  # the latest draw is the current sample

    everything = draw_sample(review, 500, seed=1)
    assert everything.size == 30 and everything.size_asked == 500 and set(everything.file_ids) == set(built)


def test_the_sample_and_the_decisions_never_carry_an_examiners_category(review: Case,
                                                                         built: dict[int, str]) -> None:
    sample = draw_sample(review, 6, seed=3)
    assert "CAT-" not in json.dumps(sample.as_json())
    assert set(asdict(sample)) == {"seq", "drawn_by", "time", "seed", "size_asked", "population", "file_ids"}
    first = sample.file_ids[0]
    chosen = "CAT-3"  # a category the examiner never gave
    event = record_decision(review, first, chosen)
    assert event.details == {"file_id": first, "category": chosen, "sample_seq": sample.seq}
    state = review_state(review)
    assert state is not None and state.decisions == {first: chosen} and state.pending == sample.file_ids[1:]
    shown = json.dumps([state.sample.as_json(), state.decisions, list(state.pending)])
    assert not any(category in shown for category in set(built.values()))
    # the result reads the examiner's categories of the decided items only
    result = agreement(review)
    assert result.n == 1 and result.labels == tuple(sorted({built[first], chosen}))
    assert result.pending == sample.file_ids[1:]


def test_refusals(review: Case, built: dict[int, str], case_path: Path, examiner: Actor,
                  examiner_key: SigningKey, isolated_profile: Path) -> None:
    with pytest.raises(UsageError, match="no blind-review sample"):
        record_decision(review, next(iter(built)), "CAT-1")
    for size in (0, -3):
        with pytest.raises(UsageError, match="at least 1"):
            draw_sample(review, size)
    with pytest.raises(UsageError, match="seed"):
        draw_sample(review, 3, seed=-1)
    sample = draw_sample(review, 4, seed=9)
    outside = next(file_id for file_id in built if file_id not in sample.file_ids)
    with pytest.raises(UsageError, match=f"file {outside} is not in the blind-review sample"):
        record_decision(review, outside, "CAT-1")
    with pytest.raises(UsageError, match="CAT-0, CAT-1, CAT-2, CAT-3, CAT-4, CAT-5"):
        record_decision(review, sample.file_ids[0], "CAT-9")
    with pytest.raises(UsageError, match="not a category"):
        record_decision(review, sample.file_ids[0], "known-good")
    assert record_decision(review, sample.file_ids[0], "3").details["category"] == "CAT-3"  # read as CAT-3
    review.close()

    other = Actor("Olu Other", Role.SUPERVISOR)
    other_key = load_or_create_signing_key(isolated_profile, other.name, KEY_PASSPHRASE)
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=other, key=other_key) as case:
        with pytest.raises(UsageError, match="drawn by Sam Supervisor"):
            record_decision(case, sample.file_ids[0], "CAT-1")
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        with pytest.raises(CaseError, match="only a supervisor"):
            draw_sample(case, 3)
        with pytest.raises(CaseError, match="only a supervisor"):
            record_decision(case, sample.file_ids[0], "CAT-1")
    as_supervisor = Actor(examiner.name, Role.SUPERVISOR)  # the examiner reviewing their own work
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=as_supervisor, key=examiner_key) as case:
        with pytest.raises(UsageError, match="someone else's"):
            draw_sample(case, 3)


def test_a_case_without_categorised_pictures_has_nothing_to_sample(new_case: Case, case_path: Path,
                                                                   supervisor: Actor,
                                                                   supervisor_key: SigningKey) -> None:
    new_case.close()
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=supervisor_key) as case:
        with pytest.raises(UsageError, match="no categorised pictures"):
            draw_sample(case, 5)
        result = agreement(case)
    assert (result.sample, result.n, result.agreement, result.kappa, result.confusion) == (None, 0, None, None, ())
    assert result.as_json()["n"] == 0 and result.as_json()["kappa"] is None


# --- agreement ---------------------------------------------------------------------------------------------------


def _expand(labels: tuple[str, ...], matrix: list[list[int]]) -> list[tuple[str, str]]:
    return [(labels[i], labels[j]) for i, row in enumerate(matrix) for j, count in enumerate(row)
            for _ in range(count)]


def test_kappa_equals_hand_computed_values() -> None:
    labels = ("CAT-1", "CAT-2", "CAT-5")
    # rows examiner, columns supervisor; n = 15
    #            CAT-1 CAT-2 CAT-5 | row
    #   CAT-1      4     1     0   |  5
    #   CAT-2      1     3     1   |  5
    #   CAT-5      0     0     5   |  5
    #   column     5     4     6
    # p_o = (4 + 3 + 5) / 15 = 0.8;  p_e = (5*5 + 5*4 + 5*6) / 15^2 = 75/225 = 1/3
    # kappa = (0.8 - 1/3) / (1 - 1/3) = (7/15) / (2/3) = 0.7
    matrix = [[4, 1, 0], [1, 3, 1], [0, 0, 5]]
    pairs = _expand(labels, matrix)
    random.Random(1).shuffle(pairs)
    assert confusion_matrix(pairs) == (labels, tuple(map(tuple, matrix)))
    assert observed_agreement(pairs) == pytest.approx(0.8)
    assert cohen_kappa(pairs) == pytest.approx(0.7)
    # the 2x2 example of Cohen's kappa on Wikipedia: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o 0.7,
    # p_e 0.5, kappa 0.4
    assert cohen_kappa(_expand(("CAT-1", "CAT-5"), [[20, 5], [10, 15]])) == pytest.approx(0.4)
    assert kappa_of_matrix([[0, 5], [5, 0]]) == pytest.approx(-1.0)  # p_o 0, p_e 0.5: systematic disagreement
    assert cohen_kappa([("CAT-1", "CAT-1"), ("CAT-5", "CAT-5")]) == 1.0
    # chance agreement 1 (both gave every item one and the same category): kappa 0/0 is undefined -> None
    assert cohen_kappa([("CAT-2", "CAT-2")] * 4) is None and observed_agreement([("CAT-2", "CAT-2")] * 4) == 1.0
    assert cohen_kappa([]) is None and observed_agreement([]) is None
    assert confusion_matrix([("CAT-1", "CAT-3")], labels=CATEGORIES)[1][1] == (0, 0, 0, 1, 0, 0)


def test_agreement_on_a_case_latest_decision_wins_and_the_review_is_signed(
        review: Case, built: dict[int, str], case_path: Path) -> None:
    before = _case_data(review)
    tags_before = len(list_tags(review))
    sample = draw_sample(review, 15, seed=11)  # 5 of each stratum of 10
    by_category: dict[str, list[int]] = {}
    for file_id in sample.file_ids:
        by_category.setdefault(built[file_id], []).append(file_id)
    assert {category: len(ids) for category, ids in by_category.items()} == {"CAT-1": 5, "CAT-2": 5, "CAT-5": 5}
    # the supervisor's decisions make the hand-computed matrix of the test above: kappa 0.7
    decide = {
        "CAT-1": ["CAT-1", "CAT-1", "CAT-1", "CAT-1", "CAT-2"],
        "CAT-2": ["CAT-1", "CAT-2", "CAT-2", "CAT-2", "CAT-5"],
        "CAT-5": ["CAT-5"] * 5,
    }
    changed_mind = by_category["CAT-5"][0]
    record_decision(review, changed_mind, "CAT-1")  # replaced below: the latest decision wins
    for category, ids in by_category.items():
        for file_id, decision in zip(ids, decide[category], strict=True):
            record_decision(review, file_id, decision)
    assert blind_decisions(review)[changed_mind] == "CAT-5" and len(blind_decisions(review)) == 15
    result = agreement(review)
    assert (result.n, result.labels, result.pending, result.excluded) == (15, ("CAT-1", "CAT-2", "CAT-5"), (), ())
    assert result.confusion == ((4, 1, 0), (1, 3, 1), (0, 0, 5))
    assert result.agreement == pytest.approx(0.8) and result.kappa == pytest.approx(0.7)
    wrong = {by_category["CAT-1"][4]: ("CAT-1", "CAT-2"), by_category["CAT-2"][0]: ("CAT-2", "CAT-1"),
             by_category["CAT-2"][4]: ("CAT-2", "CAT-5")}
    assert [(item.file_id, (item.examiner, item.supervisor)) for item in result.disagreements] == sorted(
        wrong.items())
    assert all(item.path.startswith("/pics/item") for item in result.disagreements)
    as_json = result.as_json()
    assert {"n", "agreement", "kappa", "confusion", "labels", "disagreements"} <= set(as_json)
    assert as_json["confusion"] == [[4, 1, 0], [1, 3, 1], [0, 0, 5]]

    signed = review.sign_review("blind review done", {"blind_review": result.summary()})
    assert signed.action == "review.signed" and signed.details["note"] == "blind review done"
    assert signed.details["reviewed_head_seq"] == signed.seq - 1
    summary = signed.details["blind_review"]
    assert (summary["sample_seq"], summary["n"], summary["kappa"], summary["agreement"]) == (sample.seq, 15, 0.7,
                                                                                             0.8)
    assert summary["confusion"] == [[4, 1, 0], [1, 3, 1], [0, 0, 5]]
    assert summary["disagreeing_file_ids"] == sorted(wrong)
    forged = review.sign_review("", {"note": "forged", "reviewed_head_seq": 1})  # cannot replace its own fields
    assert forged.details["note"] == "" and forged.details["reviewed_head_seq"] == forged.seq - 1

    # a supervisor's review changes no case data: the examiner's tags are as they were, the chain verifies
    assert _case_data(review) == before and len(list_tags(review)) == tags_before
    assert review.verify().ok
    with Case.open(case_path, PASSPHRASE) as reader:
        assert reader.verify().ok and agreement(reader).kappa == pytest.approx(0.7)


def test_a_category_withdrawn_after_a_decision_leaves_the_item_out(
        review: Case, built: dict[int, str], case_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    sample = draw_sample(review, 3, seed=5)
    for file_id in sample.file_ids:
        record_decision(review, file_id, built[file_id])
    review.close()
    withdrawn = sample.file_ids[0]
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        withdraw_tags(case, [withdrawn], reason="mistaken")
        result = agreement(case)
    assert result.excluded == (withdrawn,) and result.n == 2 and result.agreement == 1.0


def test_a_new_sample_replaces_the_old_one_and_its_decisions(review: Case, built: dict[int, str]) -> None:
    first = draw_sample(review, 4, seed=1)
    record_decision(review, first.file_ids[0], "CAT-1")
    second = draw_sample(review, 4, seed=2)
    assert review_state(review).decisions == {}  # type: ignore[union-attr]
    assert blind_decisions(review, first) == {first.file_ids[0]: "CAT-1"}  # still in the chain
    assert agreement(review).sample == second and agreement(review).n == 0
    assert blind_review.SAMPLE_DRAWN == "review.sample_drawn" and blind_review.BLIND_DECISION == \
        "review.blind_decision"
