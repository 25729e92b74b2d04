"""The People panel's core on the demo case (the answer key's planted identifiers, their documents and links,
merges with their custody events) and on 100,000 synthetic entities (a smoke bound; the benchmark is the lead's)."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.browse.entity_index import (
    EntityError,
    MergeRefused,
    documents_of_link,
    entity_count,
    entity_files,
    entity_label_counts,
    entity_links,
    entity_summaries,
    entity_summary,
    list_merges,
    merge_entities,
    withdraw_merge,
)
from heroes_desktop.browse.graph_layout import graph_layout
from heroes_desktop.case.case_file import Case
from heroes_desktop.training.checks import FileIndex
from heroes_desktop.training.synthetic_entities import add_synthetic_entities
from tests.conftest import open_demo_case

IDENTIFIERS = ("EMAIL", "PHONE", "IBAN", "CRYPTO")
SMOKE_BOUND_S = 2.5  # generous, on two shared cores; scripts/bench_gui.py measures


@pytest.fixture(scope="module")
def demo(demo_case) -> Iterator[tuple[Case, dict]]:  # type: ignore[no-untyped-def]
    case, _actor, _profile = open_demo_case(demo_case)
    key = json.loads(Path(demo_case.training.key).read_text(encoding="utf-8"))
    yield case, key
    case.close()


def _planted_files(case: Case, key: dict) -> dict[tuple[str, str], set[int]]:
    """Each planted identifier -> the files that hold it: the key's documents that plant it, found by path, and
    the copies of their content elsewhere in the image (same MD5: a renamed copy holds the same text)."""
    index = FileIndex(case)
    placed = index.placed(key)
    by_md5: dict[str, set[int]] = defaultdict(set)
    for row in index.files:
        if row["md5"]:
            by_md5[row["md5"]].add(row["id"])
    planted: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in key["items"]:
        row = placed.get(item["id"])
        for entity in item["expect"].get("entities", []):
            if entity["label"] in IDENTIFIERS and row is not None:
                planted[(entity["label"], entity["normalized"])] |= by_md5.get(row["md5"], set()) | {row["id"]}
    return planted


def _topics_of(case: Case, key: dict) -> dict[int, str]:
    placed = FileIndex(case).placed(key)
    return {placed[item["id"]]["id"]: item["expect"]["topic"] for item in key["items"]
            if item["id"] in placed and "topic" in item["expect"]}


def test_every_planted_identifier_is_listed_with_exactly_its_documents(demo: tuple[Case, dict]) -> None:
    case, key = demo
    planted = _planted_files(case, key)
    assert len(planted) >= 80
    summaries = {summary.key: summary for summary in entity_summaries(case, labels=IDENTIFIERS)}
    for entity, files in planted.items():
        assert entity in summaries, entity
        assert summaries[entity].files == len(files), entity
        assert set(entity_files(case, *entity)) == files, entity
    assert entity_count(case, labels=IDENTIFIERS) == len(summaries)
    counts = entity_label_counts(case)
    assert sum(counts.values()) == entity_count(case)
    assert counts["PHONE"] == len([s for s in summaries if s[0] == "PHONE"])


def test_summaries_page_sort_and_filter(demo: tuple[Case, dict]) -> None:
    case, _ = demo
    everything = entity_summaries(case)
    assert [s.files for s in everything] == sorted((s.files for s in everything), reverse=True)
    page = entity_summaries(case, limit=5, offset=3)
    assert [s.key for s in page] == [s.key for s in everything[3:8]]
    by_name = entity_summaries(case, sort="normalized")
    assert [s.normalized.casefold() for s in by_name] == sorted(s.normalized.casefold() for s in by_name)
    found = entity_summaries(case, text="puenteandino")
    assert found and all("puenteandino" in (s.normalized + s.text).casefold() for s in found)
    assert entity_count(case, text="puenteandino") == len(found)
    with pytest.raises(EntityError):
        entity_summaries(case, labels=["NOPE"])
    with pytest.raises(EntityError):
        entity_summaries(case, sort="size")


def test_a_planted_phone_links_to_the_ibans_and_emails_of_its_documents(demo: tuple[Case, dict]) -> None:
    case, key = demo
    planted = _planted_files(case, key)
    topics = _topics_of(case, key)
    checked = 0
    linked_topics: set[tuple[str | None, str]] = set()
    for phone, phone_files in planted.items():
        if phone[0] != "PHONE":
            continue
        graph = entity_links(case, *phone)
        assert graph.seed == phone and graph.node(phone) is not None
        for other, other_files in planted.items():
            shared = phone_files & other_files
            if other[0] not in ("IBAN", "EMAIL") or not shared:
                continue
            edge = graph.edge(phone, other)
            assert edge is not None, (phone, other)
            assert edge.shared == len(shared), (phone, other)
            assert set(edge.file_ids) == shared
            assert documents_of_link(case, phone, other) == sorted(shared)
            linked_topics |= {(topics.get(file_id), other[0]) for file_id in shared}
            checked += 1
    assert checked >= 10
    assert {("job offers", "EMAIL"), ("money transfers", "IBAN"), ("money transfers", "EMAIL")} <= linked_topics
    layout = graph_layout(graph)
    assert set(layout) == {node.key for node in graph.nodes} and layout == graph_layout(graph)
    assert layout[graph.seed] == (0.0, 0.0)


def test_the_strongest_pairs_without_a_seed(demo: tuple[Case, dict]) -> None:
    case, _ = demo
    graph = entity_links(case, limit=20)
    assert graph.seed is None and 0 < len(graph.nodes) <= 20 and graph.edges
    assert [edge.shared for edge in graph.edges] == sorted((edge.shared for edge in graph.edges), reverse=True)
    keys = {node.key for node in graph.nodes}
    strongest = graph.edges[0]
    assert {strongest.a, strongest.b} <= keys
    assert len(documents_of_link(case, strongest.a, strongest.b)) == strongest.shared
    assert all(node.label in ("PERSON", "ORG", "EMAIL", "PHONE", "IBAN", "CRYPTO", "HANDLE", "CARD")
               for node in graph.nodes)


def test_merge_and_withdraw_move_the_counts_and_leave_custody_events(demo: tuple[Case, dict]) -> None:
    case, key = demo
    planted = _planted_files(case, key)
    phones = sorted(entity for entity in planted if entity[0] == "PHONE")
    source, target, third = phones[0], phones[1], phones[2]
    before = entity_label_counts(case)["PHONE"]
    merged = merge_entities(case, source, target)
    assert merged["into"] == {"label": target[0], "normalized": target[1]}
    assert set(merged["file_ids"]) == planted[source]
    assert entity_label_counts(case)["PHONE"] == before - 1
    assert entity_count(case, labels=["PHONE"]) == before - 1
    row = entity_summary(case, *target)
    assert row is not None and source in row.aliases and row.files == len(planted[source] | planted[target])
    assert source not in {s.key for s in entity_summaries(case, labels=["PHONE"])}
    assert set(entity_files(case, *target)) == planted[source] | planted[target]
    assert entity_summary(case, *source) == row  # a merged-away entity answers as its target

    with pytest.raises(MergeRefused):
        merge_entities(case, target, source)  # a cycle
    with pytest.raises(MergeRefused):
        merge_entities(case, target, target)
    with pytest.raises(MergeRefused):
        merge_entities(case, source, third)  # already merged elsewhere
    with pytest.raises(EntityError):
        merge_entities(case, ("PHONE", "+000"), target)
    chained = merge_entities(case, third, source)  # into a merged entity: resolved to its final target
    assert chained["into"] == {"label": target[0], "normalized": target[1]}
    assert chained["asked_into"] == {"label": source[0], "normalized": source[1]}

    withdrawn = withdraw_merge(case, merged["merge_id"], reason="two people")
    assert withdrawn["entity"] == {"label": source[0], "normalized": source[1]}
    assert entity_label_counts(case)["PHONE"] == before - 1  # the third is still merged
    withdraw_merge(case, chained["merge_id"])
    assert entity_label_counts(case)["PHONE"] == before
    assert set(entity_files(case, *target)) == planted[target]
    with pytest.raises(EntityError):
        withdraw_merge(case, merged["merge_id"])
    assert not list_merges(case) and len(list_merges(case, include_withdrawn=True)) == 2

    actions = [event.action for event in case.events()]
    assert actions.count("entity.merged") == 2 and actions.count("entity.merge_withdrawn") == 2
    event = next(event for event in case.events() if event.action == "entity.merged")
    assert event.details["entity"] == {"label": source[0], "normalized": source[1]}
    assert event.details["file_ids"] == sorted(planted[source])
    assert case.verify().ok


def test_a_hundred_thousand_entities_answer_within_the_smoke_bound(new_case: Case) -> None:
    made = add_synthetic_entities(new_case, 100_000, 1_000_000, seed=7)
    assert made["mentions"] == 1_000_000

    started = time.perf_counter()
    page = entity_summaries(new_case, limit=200)
    first_page = time.perf_counter() - started
    started = time.perf_counter()
    later = entity_summaries(new_case, limit=200, offset=50_000)
    later_page = time.perf_counter() - started
    started = time.perf_counter()
    seeded = entity_links(new_case, *page[10].key)
    seeded_s = time.perf_counter() - started
    started = time.perf_counter()
    strongest = entity_links(new_case)
    strongest_s = time.perf_counter() - started
    print(f"\n100,000 entities / 1,000,000 mentions: first page {first_page:.3f} s, page at 50,000 "
          f"{later_page:.3f} s, seeded links {seeded_s:.3f} s, strongest pairs {strongest_s:.3f} s")

    assert len(page) == 200 and len(later) == 200
    assert entity_count(new_case) == 100_000
    assert len(seeded.nodes) <= 200 and seeded.capped and seeded.note
    assert len(strongest.nodes) <= 200 and strongest.capped
    assert max(first_page, later_page, seeded_s, strongest_s) < SMOKE_BOUND_S


def test_the_file_table_scope_of_an_entity_follows_merges_at_any_depth(demo: tuple[Case, dict]) -> None:
    from heroes_desktop.browse.file_query import FileQuery, Scope, matching_ids

    case, key = demo
    planted = _planted_files(case, key)
    emails = sorted(entity for entity in planted if entity[0] == "EMAIL")[:3]
    first, second, third = emails
    merged = [merge_entities(case, first, second), merge_entities(case, second, third)]  # first -> second -> third
    expected = planted[first] | planted[second] | planted[third]
    assert set(entity_files(case, *third)) == expected
    assert set(matching_ids(case, FileQuery(scope=Scope.of_entity(*third)))) == expected
    for done in reversed(merged):
        withdraw_merge(case, done["merge_id"])
    assert set(matching_ids(case, FileQuery(scope=Scope.of_entity(*third)))) == planted[third]
