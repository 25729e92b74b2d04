"""Lemmas and parts of speech for topic modelling, from the spaCy pipelines the model registry ships for NER.

The same folders as the NER stage (``models/manifest.yaml``, task ``ner``), SHA-256 checked before loading, but
with only the components a lemma needs: the shared token-to-vector layer, the tagger (English) or morphologiser
(Spanish), the attribute ruler and the rule lemmatiser. The parser and the recogniser are left out.

A :class:`SpacyLemmatizer` holds model ids only, so it crosses to a worker process by pickling and loads each
pipeline there once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.nlp.ner import usable_ner_models
from heroes_desktop.nlp.spacy_models import TAGGING, TAGGING_COMPONENTS, partial_pipeline

LEMMA_COMPONENTS = TAGGING
MAX_LEMMA_CHARS = 100_000  # spaCy's limit per text is raised to this; the topic stage gives at most 20,000
BATCH_SIZE = 32

# (surface, lemma, coarse part of speech) of one token; "SPACE" and "PUNCT" break phrases like any dropped token.
LemmaToken = tuple[str, str, str]


def _pipeline(model_id: str) -> Any:
    nlp = partial_pipeline(model_id, TAGGING_COMPONENTS)  # the same pipeline re-casing uses (truecase.py)
    nlp.max_length = max(nlp.max_length, MAX_LEMMA_CHARS)
    return nlp


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
