"""The installed spaCy pipelines, loaded offline from their verified folders with only the components a caller
needs (NER alone for the entities; the tagger and lemmatiser for re-casing chat lines and for the topics' lemmas),
each combination once per process."""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from heroes_desktop.models.loading import verified_path
from heroes_desktop.models.manifest import load_manifest

NER_COMPONENTS = frozenset({"ner"})
TAGGING = ("tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer")  # in pipeline order
TAGGING_COMPONENTS = frozenset(TAGGING)


@lru_cache(maxsize=8)
def partial_pipeline(model_id: str, keep: frozenset[str]) -> Any:
    """The pipeline of ``model_id`` with the components in ``keep`` (the others are never loaded), from the model's
    folder once its SHA-256 matches the manifest."""
    import spacy

    path = verified_path(load_manifest()[model_id])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W095: a pipeline built for an older spaCy 3.x (tested, see manifest)
        return spacy.util.load_model_from_path(path, exclude=[name for name in components(path) if name not in keep])


def components(path: Path) -> list[str]:
    """Every component a pipeline folder declares (its ``meta.json``)."""
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return list(meta.get("components") or meta.get("pipeline") or [])
