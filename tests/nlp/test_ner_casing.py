"""Names typed in lower case or in capitals (chat style) are found, with offsets into the original text, and
ordinary text is read as well as the raw spaCy pipeline reads it (issue 19)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from heroes_desktop.models.loading import model_spec, verified_path
from heroes_desktop.nlp.identifiers import find_identifiers
from heroes_desktop.nlp.ner import LABELS, find_entities
from heroes_desktop.nlp.ner_gold import load_gold, recase, score
from heroes_desktop.nlp.truecase import chat_casing, same_length_case, truecased

DATA = Path(__file__).resolve().parent / "data"
MODELS = {"en": "spacy-en-core-web-sm", "es": "spacy-es-core-news-sm"}

CHAT = ("Hi, is this the number from the ad?\n"
        "hey its maria gonzalez, i landed in houston last night\n"
        "OK SO AHMED KHAN WANTS THE MONEY SENT TO DUBAI BY FRIDAY\n"
        "call +1 202 555 0143 or write to jobs.houston@example.org")


def _found(text: str, model_id: str) -> set[tuple[str, str, int, int]]:
    return {(entity.label, entity.text, entity.start, entity.end) for entity in find_entities([text], model_id)[0]}


def _raw_spans(model_id: str, sentences: list[str]) -> set:
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = spacy.util.load_model_from_path(verified_path(model_spec(model_id)))
    return {(index, LABELS[entity.label_], entity.start_char, entity.end_char)
            for index, doc in enumerate(nlp.pipe(sentences)) for entity in doc.ents if entity.label_ in LABELS}


def test_chat_lines_in_lower_case_and_capitals_keep_their_offsets() -> None:
    found = _found(CHAT, MODELS["en"])
    assert all(CHAT[start:end] == text for _, text, start, end in found)
    expected = {("PERSON", "maria gonzalez"), ("LOC", "houston"), ("PERSON", "AHMED KHAN"), ("LOC", "DUBAI")}
    assert expected <= {(label, text) for label, text, _, _ in found}
    identifiers = {(found.label, found.normalized) for found in find_identifiers(CHAT, ("US",))}
    assert {("PHONE", "+12025550143"), ("EMAIL", "jobs.houston@example.org")} <= identifiers


def test_spanish_chat_names() -> None:
    text = "mañana viene diego hernández desde medellín\nMAÑANA VIENE DIEGO HERNÁNDEZ DESDE MEDELLÍN"
    assert {(label, text) for label, text, _, _ in _found(text, MODELS["es"])} == {
        ("PERSON", "diego hernández"), ("LOC", "medellín"), ("PERSON", "DIEGO HERNÁNDEZ"), ("LOC", "MEDELLÍN")}


def test_a_name_seen_with_capitals_is_found_in_chat_lines() -> None:
    """"lagos" is a word the English lemma tables know, so re-casing leaves it; a capitalised sighting finds it."""
    chat = "she was taken from lagos to milan"
    assert ("LOC", "lagos") not in {(e.label, e.text) for e in find_entities([chat], MODELS["en"])[0]}
    in_batch = find_entities(["She flew from Lagos to Milan.", chat], MODELS["en"])[1]
    assert ("LOC", "lagos", 19, 24) in {(e.label, e.text, e.start, e.end) for e in in_batch}
    known = find_entities([chat], MODELS["en"], known_names={"lagos": "LOC"})[0]
    assert ("LOC", "lagos", 19, 24) in {(e.label, e.text, e.start, e.end) for e in known}
    assert find_entities(["what will you do"], MODELS["en"], known_names={"will": "PERSON"}) == [[]]


def test_recasing_keeps_length_and_leaves_ordinary_lines_alone() -> None:
    assert same_length_case("straße", upper=True) == "STRAßE"
    assert len(recase("İSTANBUL", str.lower)) == len("İSTANBUL")  # "İ".lower() is two characters
    ordinary = "Maria met the driver in Houston.\nOK"
    assert truecased(ordinary, MODELS["en"]) == ordinary
    assert chat_casing("ok") is None and chat_casing("see you at 5") == "lower" and chat_casing("NO WAY") == "upper"
    chat = "ok meet zdenka near the bridge in bratislava"
    assert len(truecased(chat, MODELS["en"])) == len(chat)


@pytest.mark.parametrize("language", ["en", "es"])
def test_held_out_gold_against_the_raw_pipeline(language: str) -> None:
    """Title case: HEROES scores at least the raw pipeline's precision and recall on the same text, measured here.
    Lower case and capitals: recall above the raw pipeline's on the same re-cased text, and at least 0.8 of the
    title-case recall (measured 0.83 in English, 0.85 in Spanish: scripts/bench_ner.py)."""
    gold = load_gold(DATA / f"ner_gold_{language}.txt")
    assert len(gold.spans) >= 150
    model_id = MODELS[language]

    def ours(sentences: list[str]) -> set:
        return {(index, e.label, e.start, e.end) for index, found in enumerate(find_entities(sentences, model_id))
                for e in found}

    raw, heroes = score(gold.spans, _raw_spans(model_id, gold.sentences)), score(gold.spans, ours(gold.sentences))
    assert heroes.precision >= raw.precision and heroes.recall >= raw.recall
    for change in (str.lower, str.upper):
        sentences = [recase(sentence, change) for sentence in gold.sentences]
        raw_recased = score(gold.spans, _raw_spans(model_id, sentences))
        heroes_recased = score(gold.spans, ours(sentences))
        assert heroes_recased.recall > raw_recased.recall
        assert heroes_recased.recall >= 0.8 * heroes.recall
        assert heroes_recased.precision >= 0.8 * heroes.precision
