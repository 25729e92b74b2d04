"""Named entities (people, organisations, places) with spaCy pipelines from the model registry.

Each language's pipeline is found in ``models/manifest.yaml`` (task ``ner``), its files' SHA-256 checked, and
loaded with only its ``ner`` component: in these small pipelines the recogniser has its own token-to-vector
layer, so the tagger, parser and lemmatiser are skipped (same entities, 1.25-1.5x faster, measured).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from heroes_desktop.models.loading import installed_models, verified_path
from heroes_desktop.models.manifest import ModelSpec, load_manifest

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
    import spacy

    spec = load_manifest()[model_id]
    path = verified_path(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: a pipeline built for an older spaCy 3.x (tested, see manifest)
        nlp = spacy.util.load_model_from_path(path, exclude=[name for name in _components(path) if name != "ner"])
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _components(path: Any) -> list[str]:
    import json

    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return list(meta.get("components") or meta.get("pipeline") or [])


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


def find_entities(texts: list[str], model_id: str) -> list[list[NamedEntity]]:
    """Entities of each text (offsets into that text), read in batches by spaCy's ``nlp.pipe``."""
    nlp = _pipeline(model_id)
    pieces = [(index, offset, chunk) for index, body in enumerate(texts)
              for offset, chunk in _chunks(body[:MAX_NER_CHARS])]
    found: list[list[NamedEntity]] = [[] for _ in texts]
    for (index, offset, _), doc in zip(pieces, nlp.pipe((chunk for _, _, chunk in pieces), batch_size=64)):
        for entity in doc.ents:
            label = LABELS.get(entity.label_)
            if label and entity.text.strip():
                found[index].append(NamedEntity(label, entity.text, offset + entity.start_char,
                                                offset + entity.end_char))
    return found
