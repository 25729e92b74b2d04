#!/usr/bin/env python3
"""Benchmark: named-entity precision and recall, raw spaCy pipelines against HEROES' NER path (issue 19).

What it measures, and why
-------------------------
The gold text is ``tests/nlp/data/ner_gold_{en,es}.txt``: sentences written for HEROES (held out: no model saw
them), about 150 PERSON / ORG / LOC entities per language, names of varied origins. Each language is read in three
casings: as written, all lower case and ALL CAPS (re-cased letter by letter, so the gold offsets hold), because
chat messages are often typed so and a news-trained model leans on capitals.

For each casing two readers are scored, exact span match, with and without the label:

* raw: the registry's spaCy pipeline loaded in full (every component) and ``nlp(text).ents`` directly, labels
  folded to PERSON / ORG / LOC as the case stores them (others dropped);
* heroes: ``heroes_desktop.nlp.ner.find_entities``, the path the ``entities`` stage runs.

Ratios (heroes over raw) are of the same run, so they compare across machines. The ``*_with_case_names`` rows
read the re-cased sentences in one batch with the sentences as written, as a case holds both, so that the names
found with capitals are looked for in the re-cased lines too (scored on the re-cased sentences only).

Usage::

    .venv/bin/python scripts/bench_ner.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
GOLD = REPO / "tests" / "nlp" / "data"
MODELS = {"en": "spacy-en-core-web-sm", "es": "spacy-es-core-news-sm"}
CASINGS = {"original": None, "lower": str.lower, "upper": str.upper}

from heroes_desktop.nlp.ner import LABELS, find_entities  # noqa: E402
from heroes_desktop.nlp.ner_gold import load_gold, recase, score  # noqa: E402


def raw_pipeline(model_id: str) -> Any:
    import spacy

    from heroes_desktop.models.loading import model_spec, verified_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spacy.util.load_model_from_path(verified_path(model_spec(model_id)))


def raw_spans(nlp: Any, sentences: list[str]) -> set:
    return {(index, LABELS[entity.label_], entity.start_char, entity.end_char)
            for index, doc in enumerate(nlp.pipe(sentences)) for entity in doc.ents if entity.label_ in LABELS}


def heroes_spans(model_id: str, sentences: list[str]) -> set:
    return {(index, entity.label, entity.start, entity.end)
            for index, found in enumerate(find_entities(sentences, model_id)) for entity in found}


def bench_language(language: str) -> dict[str, Any]:
    gold = load_gold(GOLD / f"ner_gold_{language}.txt")
    nlp = raw_pipeline(MODELS[language])
    results: dict[str, Any] = {"sentences": len(gold.sentences), "entities": len(gold.spans)}
    for casing, change in CASINGS.items():
        sentences = [recase(s, change) for s in gold.sentences] if change else gold.sentences
        started = time.perf_counter()
        raw = raw_spans(nlp, sentences)
        raw_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ours = heroes_spans(MODELS[language], sentences)
        our_seconds = time.perf_counter() - started
        entry: dict[str, Any] = {}
        for name, predicted in (("raw", raw), ("heroes", ours)):
            entry[name] = {"labelled": score(gold.spans, predicted).as_json(),
                           "unlabelled": score(gold.spans, predicted, labelled=False).as_json()}
        for metric in ("precision", "recall", "f1"):
            base = entry["raw"]["labelled"][metric]
            entry[f"ratio_{metric}"] = round(entry["heroes"]["labelled"][metric] / base, 3) if base else None
        entry["seconds"] = {"raw": round(raw_seconds, 3), "heroes": round(our_seconds, 3)}
        results[casing] = entry
    for casing in ("lower", "upper"):
        # The case-level pass: the same sentences also present as written (other messages of the case), so a
        # name found with its capitals there is looked for here too; scored on the re-cased half only.
        recased = [recase(s, CASINGS[casing]) for s in gold.sentences]
        found = find_entities(gold.sentences + recased, MODELS[language])[len(gold.sentences):]
        ours = {(index, e.label, e.start, e.end) for index, entities in enumerate(found) for e in entities}
        results[f"{casing}_with_case_names"] = {
            "heroes": {"labelled": score(gold.spans, ours).as_json(),
                       "unlabelled": score(gold.spans, ours, labelled=False).as_json()}}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    for model_id in MODELS.values():
        find_entities(["warm up the ner", "WARM UP THE TAGGER TOO"], model_id)  # load both pipelines, untimed
    results = {language: bench_language(language) for language in MODELS}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    columns = f"{'P':>5} {'R':>5} {'F1':>5}"
    print(f"{'lang':4} {'casing':21} {'reader':6}  {columns}  | no label: {columns}")
    for language, result in results.items():
        for casing in (*CASINGS, "lower_with_case_names", "upper_with_case_names"):
            for reader in [name for name in ("raw", "heroes") if name in result[casing]]:
                lab, unl = result[casing][reader]["labelled"], result[casing][reader]["unlabelled"]
                print(f"{language:4} {casing:21} {reader:6}  {lab['precision']:5.3f} {lab['recall']:5.3f} "
                      f"{lab['f1']:5.3f}  |           {unl['precision']:5.3f} {unl['recall']:5.3f} {unl['f1']:5.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
