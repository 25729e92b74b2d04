"""Named entities (people, organisations, places) with spaCy pipelines from the model registry.

Each language's pipeline is found in ``models/manifest.yaml`` (task ``ner``), its files' SHA-256 checked, and
loaded with only its ``ner`` component: in these small pipelines the recogniser has its own token-to-vector
layer, so the tagger, parser and lemmatiser are skipped (same entities, 1.25-1.5x faster, measured).

Chat lines typed all in lower case or in capitals are read from a re-cased copy of the same length
(``truecase.py``), and a name found with its capitals elsewhere in the batch (or already known in the case) is
also found where it was typed in one case (issue 19). Identifiers are not touched here (``identifiers.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from heroes_desktop.models.loading import installed_models
from heroes_desktop.models.manifest import ModelSpec, load_manifest
from heroes_desktop.nlp.spacy_models import NER_COMPONENTS, partial_pipeline
from heroes_desktop.nlp.truecase import chat_casing, tagging_pipeline, truecased

CHUNK_CHARS = 50_000
MAX_NER_CHARS = 1_000_000
# OntoNotes (English) and WikiNER (Spanish) labels, folded into the three the examiner sees.
LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass(frozen=True)
class NamedEntity:
    label: str
    text: str
    start: int
    end: int


def ner_models() -> dict[str, ModelSpec]:
    """The NER model for each language, by ISO 639-1 code (the manifest's first entry per language)."""
    chosen: dict[str, ModelSpec] = {}
    for spec in load_manifest().values():
        if spec.task == "ner" and spec.language and spec.language not in chosen:
            chosen[spec.language] = spec
    return chosen


def usable_ner_models() -> dict[str, ModelSpec]:
    """The NER models present and intact on this machine (the others are reported, not silently skipped)."""
    return {spec.language or "": spec for spec, state in installed_models("ner") if state == "installed"}


@lru_cache(maxsize=4)
def _pipeline(model_id: str) -> Any:
    nlp = partial_pipeline(model_id, NER_COMPONENTS)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _chunks(body: str) -> Iterator[tuple[int, str]]:
    """Pieces of at most CHUNK_CHARS, cut at a line or sentence end so that no name is split."""
    start = 0
    while start < len(body):
        end = min(start + CHUNK_CHARS, len(body))
        if end < len(body):
            cut = max(body.rfind("\n", start + CHUNK_CHARS // 2, end), body.rfind(". ", start + CHUNK_CHARS // 2, end))
            end = cut + 1 if cut > 0 else end
        yield start, body[start:end]
        start = end


MAX_RUN_CHARS = 48  # no name is written this long without a space
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


def broken_long_runs(text: str) -> str:
    """``text`` with a space every MAX_RUN_CHARS characters of any longer run without one; the same length, so
    entity offsets hold. spaCy's tokenizer strips a token's prefixes and suffixes one at a time, so its cost grows
    faster than the square of a token's length: 10,000 characters of ``[[[...]]]`` (deeply nested JSON) took 66 s,
    100,000 would take days and hold the entities stage, and the ingest, with them."""
    def broken(match: re.Match[str]) -> str:
        characters = list(match.group())
        characters[MAX_RUN_CHARS::MAX_RUN_CHARS + 1] = " " * len(characters[MAX_RUN_CHARS::MAX_RUN_CHARS + 1])
        return "".join(characters)

    return _LONG_RUN.sub(broken, text)


def find_entities(texts: list[str], model_id: str,
                  known_names: Mapping[str, str] | None = None) -> list[list[NamedEntity]]:
    """Entities of each text (offsets into that text), read in batches by spaCy's ``nlp.pipe``.

    ``known_names`` (lower-cased name -> label, e.g. the case's entities) are looked for in chat-cased lines, with
    the names this batch finds in ordinary text."""
    nlp = _pipeline(model_id)
    pieces = [(index, offset, chunk) for index, body in enumerate(texts)
              for offset, chunk in _chunks(body[:MAX_NER_CHARS])]
    found: list[list[NamedEntity]] = [[] for _ in texts]
    read = (truecased(broken_long_runs(chunk), model_id) for _, _, chunk in pieces)
    for (index, offset, chunk), doc in zip(pieces, nlp.pipe(read, batch_size=64)):
        for entity in doc.ents:
            label = LABELS.get(entity.label_)
            if label and entity.text.strip():
                found[index].append(NamedEntity(label, chunk[entity.start_char:entity.end_char],
                                                offset + entity.start_char, offset + entity.end_char))
    _find_known_names(texts, found, model_id, known_names or {})
    return found


_NAME_TOKEN = re.compile(r"\w(?:[\w'’.-]*\w)?")
MAX_NAME_TOKENS = 6


def _name_key(name: str) -> str:
    return " ".join(_NAME_TOKEN.findall(name.lower()))


def _find_known_names(texts: list[str], found: list[list[NamedEntity]], model_id: str,
                      known_names: Mapping[str, str]) -> None:
    """Add, in chat-cased lines, the names seen with capitals (in this batch or the case), where not yet found.

    One-word names that are stop words ("will", "may") are left out; other common words are kept (place names are
    in the lemma tables: "lagos", "milan"): with them held-out recall in lower case is 0.83, without them 0.77.
    Looked up by runs of up to MAX_NAME_TOKENS words, so the cost does not grow with the number of names."""
    lines = [[(start, line) for start, line in _lines(body[:MAX_NER_CHARS]) if chat_casing(line)] for body in texts]
    if not any(lines):
        return
    names = {_name_key(name): label for name, label in known_names.items()}
    for entities in found:
        for entity in entities:
            if entity.text != entity.text.lower() and entity.text != entity.text.upper():
                names.setdefault(_name_key(entity.text), entity.label)
    common = tagging_pipeline(model_id)[0].Defaults.stop_words
    names = {key: label for key, label in names.items() if len(key) > 2 and (" " in key or key not in common)}
    for chat_lines, entities in zip(lines, found):
        for start, line in chat_lines:
            tokens = list(_NAME_TOKEN.finditer(line))
            index = 0
            while index < len(tokens):
                index += _add_longest_name(line, start, tokens, index, names, entities)
        entities.sort(key=lambda entity: entity.start)


def _lines(body: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in body.split("\n"):
        yield start, line
        start += len(line) + 1


def _add_longest_name(line: str, start: int, tokens: list[re.Match], index: int, names: Mapping[str, str],
                      entities: list[NamedEntity]) -> int:
    """Add the longest known name starting at token ``index`` (words separated by spaces only), in place of the
    model's entities that lie inside it; returns the tokens used."""
    last = index
    while last + 1 < min(len(tokens), index + MAX_NAME_TOKENS) and \
            line[tokens[last].end():tokens[last + 1].start()].isspace():
        last += 1
    for end_token in range(last, index - 1, -1):
        begin, end = tokens[index].start(), tokens[end_token].end()
        label = names.get(" ".join(token.group().lower() for token in tokens[index:end_token + 1]))
        if not label:
            continue
        overlapping = [e for e in entities if e.start < start + end and start + begin < e.end]
        if all(start + begin <= e.start and e.end <= start + end and e.end - e.start < end - begin
               for e in overlapping):  # a known name replaces the model's shorter pieces of it
            for entity in overlapping:
                entities.remove(entity)
            entities.append(NamedEntity(label, line[begin:end], start + begin, start + end))
            return end_token - index + 1
    return 1
