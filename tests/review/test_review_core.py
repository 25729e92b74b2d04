"""The review core on the demo case: the gallery's listing, stacks and groups, each item's signals and
descriptor, the triage queue, hash-set bulk confirmation, near-duplicate groups and similar pictures."""

from __future__ import annotations

import json

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.tagging import list_tags, tag_files
from heroes_desktop.review.decisions import (
    GroupMember,
    carry_decision,
    confirm_hash_set_categories,
    near_duplicate_group,
    pending_confirmations,
    record_age_decision,
    similar_images,
)
from heroes_desktop.review.gallery import GalleryScope, Grouping, Order, gallery_tiles, list_gallery, next_unreviewed
from heroes_desktop.review.hash_hits import HashHit, verdict
from heroes_desktop.review.item_review import review_items, triage_queue
from heroes_desktop.training.answer_key import read_key
from tests.conftest import open_demo_case


@pytest.fixture(scope="module")
def demo_open(demo_case):  # type: ignore[no-untyped-def]
    case, _actor, _profile = open_demo_case(demo_case, purpose="review core tests")
    yield case, read_key(demo_case.training.key)
    case.close()


def _ids_by_name(case: Case) -> dict[str, list[int]]:
    listing = list_gallery(case, GalleryScope(stack_duplicates=False))
    tiles = gallery_tiles(case, listing.ids)
    names: dict[str, list[int]] = {}
    for tile in tiles.values():
        names.setdefault(tile.name, []).append(tile.file_id)
    return names


def test_the_gallery_lists_every_picture_once_and_stacks_same_hash_copies(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, key = demo_open
    pictures = [item for item in key["items"] if item["kind"] in ("photo", "picture", "image", "ocr-image")
                or item["name"].lower().endswith((".jpg", ".png"))]
    unstacked = list_gallery(case, GalleryScope(stack_duplicates=False))
    stacked = list_gallery(case)
    assert len(unstacked.ids) == len(set(unstacked.ids)) >= len({p["sha256"] for p in pictures if not p["expect"].get(
        "deleted")}) - 5
    assert stacked.total_items == len(unstacked.ids)
    assert len(stacked.ids) + sum(len(m) - 1 for m in stacked.stacks.values()) == len(unstacked.ids)
    with case.reading() as connection:
        digests = dict(connection.exec_driver_sql("SELECT id, sha256 FROM files").all())
    for tile, members in stacked.stacks.items():
        assert members[0] == tile and len({digests[m] for m in members}) == 1  # same content, one tile
    assert stacked.stacks, "the demo holds exact copies (an original and its stored copy)"


def test_groupings_count_their_tiles_and_filter(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    everything = list_gallery(case)
    for grouping in (Grouping.FOLDER, Grouping.TRIAGE_BAND, Grouping.HASHSET, Grouping.NEAR_DUPLICATE):
        listing = list_gallery(case, GalleryScope(grouping=grouping))
        assert listing.groups, grouping
        if grouping in (Grouping.FOLDER, Grouping.TRIAGE_BAND):  # one group per tile
            assert sum(group.count for group in listing.groups) == len(everything.ids)
        first = listing.groups[0]
        only = list_gallery(case, GalleryScope(grouping=grouping, group=first.key))
        assert len(only.ids) == first.count and set(only.ids) <= set(everything.ids)
    with pytest.raises(UsageError):
        list_gallery(case, GalleryScope(grouping=Grouping.FOLDER, group="/no/such/folder"))
    sets = list_gallery(case, GalleryScope(grouping=Grouping.HASHSET))
    assert any("Training known set" in group.key for group in sets.groups)


def test_hash_verdicts_prefer_exact_matches_and_refuse_to_pick_between_disagreeing_sets() -> None:
    exact = HashHit("A", "CAT-1", "md5", 0, False)
    looks_like = HashHit("B", "CAT-5", "phash", 6, False)
    assert verdict([looks_like, exact]).category == "CAT-1" and verdict([exact]).exact
    assert verdict([looks_like]).category == "CAT-5" and not verdict([looks_like]).exact
    disagreeing = verdict([exact, HashHit("C", "CAT-2", "sha1", 0, False)])
    assert disagreeing.category is None and disagreeing.conflict == ("CAT-1", "CAT-2")
    assert verdict([HashHit("NSRL", "known-good", "sha1", 0, True)]).category is None


def test_each_item_says_why_and_describes_itself_without_pixels(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    names = _ids_by_name(case)
    astronaut, coffee = names["astronaut.jpg"][0], names["coffee.jpg"][0]
    reviews = review_items(case, [astronaut, coffee])
    face = reviews[astronaut]
    assert face.faces and face.faces[0].p_minor < 0.2 and not face.flagged
    assert any(signal.kind == "face" and "P(under 18)" in signal.text for signal in face.signals)
    assert any("face(s)" in line and "est." in line for line in face.descriptor())
    assert face.descriptor()[0].startswith("picture, 512×512")
    known = reviews[coffee]
    assert known.hash_category == "CAT-1" and known.flagged  # a pertinent hash-set category flags it
    assert any(signal.kind == "hash-set" and signal.crossed for signal in known.signals)
    assert any(line.startswith("hash set ") and "CAT-1" in line for line in known.descriptor())


def test_the_triage_queue_puts_flagged_items_first_and_leaves_decided_ones_out(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    queue = triage_queue(case)
    reviews = review_items(case, queue)
    flags = [reviews[file_id].flagged for file_id in queue]
    assert flags == sorted(flags, reverse=True) and any(flags)
    decided = queue[-1]
    tag_files(case, [decided], "CAT-5")
    assert decided not in triage_queue(case) and decided in triage_queue(case, include_reviewed=True)


def test_bulk_confirmation_tags_exact_matches_only_with_the_hash_set_origin(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    pending = pending_confirmations(case)
    assert pending.confirmations and pending.perceptual_only
    wanted = {file_id: c.category for c in pending.confirmations for file_id in c.file_ids}
    done = confirm_hash_set_categories(case, pending.confirmations)
    assert {row["file_id"] for row in done} == set(wanted)
    current = {tag["file_id"]: tag["category"] for tag in list_tags(case, current_only=True) if tag["category"]}
    assert all(current[file_id] == category for file_id, category in wanted.items())
    events = [event.details
              for event in case.events() if event.action == "file.tagged"]
    confirmed = [details for details in events if details.get("via") == "hash-set confirmation"]
    assert len(confirmed) == len(wanted) and {d["origin"] for d in confirmed} == {"hash-set"}
    assert all(d["shown"] is False for d in confirmed)
    assert not pending_confirmations(case).confirmations  # nothing left to confirm
    assert not set(pending.perceptual_only) & set(current)  # perceptual look-alikes are left to the examiner


def test_a_decision_carries_to_the_near_duplicate_group_with_each_distance(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    names = _ids_by_name(case)
    rocket = names["rocket.jpg"][0]
    group = near_duplicate_group(case, rocket)
    assert group and group[0] == GroupMember(rocket, 0) and len(group) >= 2
    assert all(member.distance <= 15 for member in group)
    assert [m.distance for m in group[1:]] == sorted(m.distance for m in group[1:])
    carry_decision(case, rocket, "CAT-1", group[1:])
    events = [event.details
              for event in case.events() if event.action == "file.tagged"]
    carried = {d["file_id"]: d for d in events if d.get("via") == "near-duplicate group"}
    assert set(carried) == {m.file_id for m in group[1:]}
    assert all(carried[m.file_id]["distance"] == m.distance and carried[m.file_id]["carried_from"] == rocket
               for m in group[1:])
    assert {d["origin"] for d in carried.values()} <= {"hash-set", "examiner", "suggestion-overridden"}
    similar = similar_images(case, rocket)
    assert rocket not in [m.file_id for m in similar]
    assert {m.file_id for m in group[1:]} <= {m.file_id for m in similar}


def test_the_listing_follows_reviews_and_finds_the_next_unreviewed(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    listing = list_gallery(case, GalleryScope(order=Order.TRIAGE))
    open_tiles = [tile for tile in listing.ids if tile not in listing.reviewed]
    assert listing.unreviewed == len(open_tiles) > 0
    first = next_unreviewed(listing, None)
    assert first == open_tiles[0]
    listing.mark_reviewed([first])
    assert next_unreviewed(listing, None) != first and listing.unreviewed == len(open_tiles) - 1
    only_open = list_gallery(case, GalleryScope(unreviewed_only=True))
    assert not set(only_open.ids) & list_gallery(case).reviewed


def test_an_age_decision_from_a_face_crop_is_a_custody_event(demo_open) -> None:  # type: ignore[no-untyped-def]
    case, _ = demo_open
    astronaut = _ids_by_name(case)["astronaut.jpg"][0]
    record_age_decision(case, astronaut, 0, "adult")
    event = case.events()[-1]
    details = event.details
    assert event.action == "face.age_decided" and details["decision"] == "adult" and details["from"] == "face crop"
    with pytest.raises(UsageError):
        record_age_decision(case, astronaut, 0, "teenager")
    assert case.verify().ok
