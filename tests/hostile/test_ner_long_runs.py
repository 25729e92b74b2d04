"""Named-entity recognition on hostile text (issue 20's hostile-evidence fuzz): a deeply nested JSON or HTML file
is one enormous run of characters without a space, and spaCy's tokenizer took 66 s for 10,000 brackets (far more
for the 200,000 of a fuzz item), holding the entities stage and the ingest with it."""

from __future__ import annotations

import time

from heroes_desktop.nlp.ner import MAX_RUN_CHARS, broken_long_runs, find_entities, usable_ner_models


def test_long_runs_are_broken_without_moving_offsets() -> None:
    text = "x" * 200 + " Madrid " + "[" * 100
    broken = broken_long_runs(text)
    assert len(broken) == len(text) and broken[200:208] == " Madrid "
    assert max(len(run) for run in broken.split()) <= MAX_RUN_CHARS
    assert broken_long_runs("Ana García lives in Madrid.") == "Ana García lives in Madrid."


def test_deeply_nested_text_is_read_quickly_and_entities_keep_their_place() -> None:
    usable = usable_ner_models()
    assert "en" in usable, "the English NER model ships with the program"
    model = usable["en"].id
    find_entities(["warm-up"], model)
    tail = " Ana Garcia flew from Madrid to London on Tuesday."
    body = "[" * 5000 + "]" * 5000 + tail
    started = time.perf_counter()
    found = find_entities([body, "<div>" * 2000 + tail], model)
    assert time.perf_counter() - started < 30  # before the fix: over a minute for the first text alone
    for text, entities in zip([body, "<div>" * 2000 + tail], found):
        assert any(entity.text == "Madrid" for entity in entities), entities
        assert all(text[entity.start:entity.end] == entity.text for entity in entities)
