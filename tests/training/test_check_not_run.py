"""A training check whose stage did not run is "not run", saying which stage to run, never left out (issue 20: the
state could only be reached by a missing hash set). Synthetic case facts, as in test_topic_checks."""

from __future__ import annotations

from types import SimpleNamespace

from heroes_desktop.training.checks import _item_checks, _topic_checks, summarise

ALL_STAGES = {"hash", "filetype", "text", "ocr", "entities", "dates", "hashsets", "media"}
ITEM = {"id": "doc-1", "partition": 1, "path": "/docs/letter.txt", "kind": "file", "md5": "a" * 32,
        "mtime": "2024-01-01T00:00:00Z", "expect": {
            "deleted": False, "content_recoverable": True, "mime": "text/plain", "extension_mismatch": False,
            "text": ["bus station"], "language": "en",
            "entities": [{"label": "EMAIL", "normalized": "ana@example.org"}, {"label": "PERSON", "normalized": "Ana"}],
            "dates": [{"kind": "created", "time": "2024-01-01T00:00:00Z"}],
            "match": {"kind": "md5", "category": "CAT-3"}, "faces": {"min": 0, "max": 0}, "flagged": False}}
ROW = {"id": 7, "deleted": False, "mtime": "2024-01-01T00:00:00Z", "md5": "a" * 32, "mime": "text/plain",
       "extension_mismatch": False}


def _facts(stages: set[str]) -> SimpleNamespace:
    return SimpleNamespace(
        stages_run=stages, bodies={7: " meet at the bus station"}, languages={7: "en"},
        entity_rows={7: {("EMAIL", "ana@example.org"), ("PERSON", "ana")}}, hash_algorithms={"md5"},
        matches={7: [{"kind": "md5", "category": "CAT-3", "distance": 0}]},
        media={7: SimpleNamespace(faces="[]", triage_score=0.0, suggested_category="CAT-5")},
        item_dates={7: {"created": "2024-01-01T00:00:00Z"}})


def _by_what(stages: set[str]) -> dict[str, object]:
    return {check.what: check for check in _item_checks(ITEM, ROW, _facts(stages), {})}


def test_with_every_stage_run_each_check_passes() -> None:
    checks = _by_what(ALL_STAGES)
    assert {what: check.ok for what, check in checks.items()} == {
        "found": True, "deleted": True, "modified time": True, "content": True, "mime": True,
        "extension mismatch": True, "text finds its words": True, "language": True, "identifiers": True,
        "names (NER)": True, "md5 match": True, "faces": True, "triage": True, "document dates found": True}


def test_each_stage_missing_makes_its_checks_not_run_and_names_the_stage() -> None:
    needs = {"hash": {"content"}, "filetype": {"mime", "extension mismatch"}, "text": {"text finds its words"},
             "entities": {"language", "identifiers", "names (NER)"}, "dates": {"document dates found"},
             "hashsets": {"md5 match"}, "media": {"faces", "triage"}}
    for stage, whats in needs.items():
        checks = _by_what(ALL_STAGES - {stage})
        not_run = {what for what, check in checks.items() if check.ok is None}
        assert not_run == whats, stage
        for what in whats:
            assert checks[what].verdict == "not run"
            assert checks[what].detail == f"needs the {stage} stage: heroes ingest CASE --stages {stage}"
        assert all(check.ok is True for what, check in checks.items() if what not in whats), stage


def test_nothing_run_but_the_walk_is_all_not_run_and_counted() -> None:
    checks = list(_item_checks(ITEM, ROW, _facts(set()), {}))
    assert [check.what for check in checks if check.ok is True] == ["found", "deleted", "modified time"]
    assert summarise(checks) == {"passed": 3, "failed": 0, "not_run": 11}


def test_an_ocr_item_needs_the_ocr_stage() -> None:
    item = {**ITEM, "expect": {**ITEM["expect"], "text_source": "ocr"}}
    checks = {check.what: check for check in _item_checks(item, ROW, _facts(ALL_STAGES - {"ocr"}), {})}
    assert checks["ocr finds its words"].ok is None and "--stages ocr" in checks["ocr finds its words"].detail


def test_a_reused_record_check_needs_the_hash_stage() -> None:
    item = {**ITEM, "expect": {"deleted": True, "content_recoverable": False, "reused_by": "/docs/new.txt"}}
    md5_at = {(1, "/docs/new.txt"): "b" * 32}
    checks = list(_item_checks(item, {**ROW, "deleted": True}, _facts(set()), md5_at))
    assert [(check.what, check.ok) for check in checks][-1] == ("not the reusing file's content", None)


def test_topics_not_modelled_are_not_run() -> None:
    items = [{"id": "doc-1", "expect": {"topic": "job offers", "language": "en", "content_recoverable": True},
              "tasks": {}}]
    checks = list(_topic_checks({"items": items}, {}, SimpleNamespace(topics_ran=False, dominant_topic={})))
    assert [(check.item, check.ok, check.detail) for check in checks] == [
        ("topics", None, "needs the topics stage: heroes ingest CASE --stages topics")]
    assert list(_topic_checks({"items": [{"id": "x", "expect": {}}]}, {}, SimpleNamespace(topics_ran=False))) == []
