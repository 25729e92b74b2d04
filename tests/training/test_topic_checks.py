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


def _themed(terms: dict[int, list[str]], modelled: dict[int, int]) -> dict:
    items = [_item(n, "job offers") for n in modelled]
    placed = {item["id"]: {"id": int(item["id"].split("-")[1])} for item in items}
    key = {"items": items, "topic_themes": {"job offers": {"en": ["job", "offer", "salary", "contract"]}}}
    facts = SimpleNamespace(topics_ran=True, dominant_topic=modelled, topic_terms=terms)
    return {check.item: check for check in _topic_checks(key, placed, facts)}


def test_theme_words_are_looked_for_in_the_topic_holding_the_documents() -> None:
    """Issue 19: the key's theme words (one at least) among the top ten terms of the modelled topic that holds most of the
    theme's documents; a phrase counts for each of its words."""
    checks = _themed({0: ["week", "job_offer", "day", "salary"], 1: ["transfer", "salary", "contract"]},
                     {1: 0, 2: 0, 3: 0, 4: 1})
    theme = checks["theme:job offers:en"]
    assert theme.ok and theme.what == "topic terms"
    assert theme.detail.startswith("3 theme word(s) (job, offer, salary) among the top 10 terms of modelled topic 0")


def test_names_instead_of_theme_words_fail() -> None:
    terms = ["harbourline_hospitality", "example", "edwin_marchbank", "aldric", *(f"name{n}" for n in range(6)),
             "salary", "contract"]
    checks = _themed({0: terms}, {1: 0, 2: 0})
    assert checks["theme:job offers:en"].ok is False  # "salary" and "contract" are 11th and 12th
    assert "0 theme word(s) (none) among" in checks["theme:job offers:en"].detail


def test_a_key_without_theme_words_has_no_theme_check() -> None:
    items = [_item(n, "school notices") for n in range(1, 4)]
    placed = {item["id"]: {"id": int(item["id"].split("-")[1])} for item in items}
    facts = SimpleNamespace(topics_ran=True, dominant_topic={1: 0, 2: 0, 3: 0}, topic_terms={0: ["school"]})
    assert not [check for check in _topic_checks({"items": items}, placed, facts) if check.item.startswith("theme:")]
