"""Lemmas and parts of speech for topic modelling, from the spaCy pipelines the model registry ships for NER.

The same folders as the NER stage (``models/manifest.yaml``, task ``ner``), SHA-256 checked before loading, but
with only the components a lemma needs: the shared token-to-vector layer, the tagger (English) or morphologiser
(Spanish), the attribute ruler and the rule lemmatiser. The parser and the recogniser are left out.

A :class:`SpacyLemmatizer` holds model ids only, so it crosses to a worker process by pickling and loads each
pipeline there once.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from heroes_desktop.models.loading import verified_path
from heroes_desktop.models.manifest import load_manifest
from heroes_desktop.nlp.ner import usable_ner_models

LEMMA_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer")
MAX_LEMMA_CHARS = 100_000  # spaCy's limit per text is raised to this; the topic stage gives at most 20,000
BATCH_SIZE = 32

# (surface, lemma, coarse part of speech) of one token; "SPACE" and "PUNCT" break phrases like any dropped token.
LemmaToken = tuple[str, str, str]


@lru_cache(maxsize=4)
def _pipeline(model_id: str) -> Any:
    import spacy

    spec = load_manifest()[model_id]
    path = verified_path(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: a pipeline built for an older spaCy 3.x (tested, see manifest)
        nlp = spacy.util.load_model_from_path(
            path, exclude=[name for name in _components(path) if name not in LEMMA_COMPONENTS])
    nlp.max_length = MAX_LEMMA_CHARS
    return nlp


def _components(path: Path) -> list[str]:
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return list(meta.get("components") or meta.get("pipeline") or [])


@dataclass(frozen=True)
class SpacyLemmatizer:
    """Lemmatises texts of the languages it has a pipeline for (ISO 639-1 code -> manifest model id)."""

    models: Mapping[str, str]
    sha256: Mapping[str, str] = field(default_factory=dict)  # model id -> its verified SHA-256, for the custody log

    @classmethod
    def installed(cls) -> SpacyLemmatizer:
        """The pipelines present and intact here (the NER models' folders)."""
        usable = usable_ner_models()
        return cls({language: spec.id for language, spec in usable.items() if language},
                   {spec.id: spec.sha256 for spec in usable.values()})

    def languages(self) -> frozenset[str]:
        return frozenset(self.models)

    def describe(self) -> dict[str, Any]:
        """What the topic model's parameters record: the model per language and its SHA-256."""
        return {"components": list(LEMMA_COMPONENTS),
                "models": {language: {"id": model_id, "sha256": self.sha256.get(model_id)}
                           for language, model_id in sorted(self.models.items())}}

    def __call__(self, texts: Sequence[str], language: str) -> Iterator[list[LemmaToken]]:
        """Each text's tokens as (surface, lemma, part of speech), in order; ``language`` must be one of
        :meth:`languages`."""
        nlp = _pipeline(self.models[language])
        for doc in nlp.pipe((text[:MAX_LEMMA_CHARS] for text in texts), batch_size=BATCH_SIZE):
            yield [(token.text, token.lemma_, token.pos_) for token in doc]
