"""The topic checks of the answer key (issue 13: a topic grouping of the README's seed 7 example failed)."""

from __future__ import annotations

from types import SimpleNamespace

from heroes_desktop.training.checks import _topic_checks


def _item(number: int, topic: str, red_flag: bool = False) -> dict:
    return {"id": f"doc-{number}", "expect": {"topic": topic, "language": "en", "content_recoverable": True},
            "tasks": {"bookmark": "job-offers"} if red_flag else {}}


def test_red_flag_offers_are_judged_apart_from_the_job_offers_grouping() -> None:
    """Two recruitment offers with red flags modelled with money transfers, one ordinary offer astray: the
    ordinary offers still share a topic (3 of 4), which is what the check asks of the job offers."""
    items = [_item(1, "job offers"), _item(2, "job offers"), _item(3, "job offers"), _item(4, "job offers"),
             _item(5, "job offers", red_flag=True), _item(6, "job offers", red_flag=True),
             *(_item(10 + n, "money transfers") for n in range(4))]
    modelled = {1: 0, 2: 0, 3: 0, 4: 1, 5: 4, 6: 4, 10: 4, 11: 4, 12: 4, 13: 4}
    placed = {item["id"]: {"id": int(item["id"].split("-")[1])} for item in items}
    facts = SimpleNamespace(topics_ran=True, dominant_topic=modelled)
    checks = {check.item: check for check in _topic_checks({"items": items}, placed, facts)}
    jobs = checks["topic:job offers:en"]
    assert jobs.ok and jobs.detail.startswith("3/4 documents in modelled topic 0")
    assert "2 red-flag offer(s) judged apart, in modelled topic(s) 4, 4" in jobs.detail
    assert checks["topic:money transfers:en"].ok and checks["topics"].ok


def test_a_scattered_topic_still_fails() -> None:
    items = [_item(n, "school notices") for n in range(1, 6)]
    placed = {item["id"]: {"id": int(item["id"].split("-")[1])} for item in items}
    facts = SimpleNamespace(topics_ran=True, dominant_topic={1: 0, 2: 1, 3: 2, 4: 0, 5: 3})
    checks = {check.item: check for check in _topic_checks({"items": items}, placed, facts)}
    assert checks["topic:school notices:en"].ok is False
