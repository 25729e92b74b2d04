"""The ``topics`` stage: a case-level stage that models the topics of the case's documents (extracted text and
OCR of each file, in its detected language) in a worker, and stores each topic's terms and each file's mixture.

A new model is made only when the texts changed since the last one (a fingerprint of the texts read), so a
resumed ingest does not redo it. Examiners can re-run it with a fixed number of topics (``heroes topics --run``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict
from typing import Any

from sqlalchemy import func, insert, select, text

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import document_topics, files, topic_models, topics
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.nlp.lemmas import SpacyLemmatizer
from heroes_desktop.nlp.topics import (
    CancelledFn,
    NotEnoughDocuments,
    ProgressFn,
    TopicDocument,
    TopicModelResult,
    TopicOptions,
    TopicsCancelled,
    model_topics,
    similar_documents,
)

MAX_DOCUMENT_CHARS = 20_000  # of each file's text given to the model: topics show in a document's first pages
TOP_DOCUMENTS = 10


NAME_LABELS = ("PERSON",)  # their words are dropped wherever they occur in the document
# Organisations are named with common words ("Northgate Money Express", "Kestrel Travel Services"), the Spanish
# model tags many of them as places ("St Aldric's British School" as LOC, even "Hotel"), and identifiers hold such
# words too ("payments@..."), so for these only their own spans are blanked: the same words elsewhere still count.
# Place names elsewhere are proper nouns, which the lemmatised vocabulary leaves out anyway.
KEPT_LABELS = ("TERM",)  # dictionary hits are words of the examiner's lab dictionaries, not names


def _entity_spans(connection: Any) -> tuple[dict[tuple[int, str], list[tuple[int, int]]], dict[int, set[str]]]:
    """(file, source) -> the spans of its entities and identifiers; file -> the surface forms of its names."""
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    names: dict[int, set[str]] = {}
    rows = connection.execute(text(
        "SELECT file_id, source, label, text, start, \"end\" FROM entities WHERE label NOT IN ('TERM')"))
    for row in rows:
        if row.start is not None and row.end is not None and row.start < MAX_DOCUMENT_CHARS:
            spans.setdefault((row.file_id, row.source), []).append((int(row.start), int(row.end)))
        if row.label in NAME_LABELS and row.text:
            names.setdefault(row.file_id, set()).add(row.text)
    return spans, names


def _blank(body: str, spans: list[tuple[int, int]]) -> str:
    """The body with each span replaced by a line break of its length (offsets kept; phrases cannot cross it)."""
    characters = list(body)
    for start, end in spans:
        characters[max(start, 0):min(end, len(characters))] = "\n" * max(0, min(end, len(characters)) - start)
    return "".join(characters)


def _documents(connection: Any) -> tuple[list[TopicDocument], str]:
    """One document per file (its text and OCR together, entities blanked), with the language most of its text is
    in and the names it carries."""
    bodies: dict[int, list[str]] = {}
    languages: dict[int, Counter] = {}
    fingerprint = hashlib.sha256()
    spans, names = _entity_spans(connection)
    rows = connection.execute(text(
        "SELECT i.file_id, i.source, substr(i.body, 1, :cap) AS body, t.language, t.chars FROM text_index i "
        "LEFT JOIN texts t ON t.file_id = i.file_id AND t.source = i.source ORDER BY i.file_id, i.source"),
        {"cap": MAX_DOCUMENT_CHARS})
    for row in rows:
        bodies.setdefault(row.file_id, []).append(_blank(row.body, spans.get((row.file_id, row.source), [])))
        languages.setdefault(row.file_id, Counter())[row.language] += len(row.body)
        fingerprint.update(f"{row.file_id}\0{row.source}\0{row.chars}\0{row.language}\n".encode())
    fingerprint.update(json.dumps(sorted((key, sorted(found)) for key, found in spans.items())).encode())
    documents = [TopicDocument(file_id, "\n".join(parts)[:MAX_DOCUMENT_CHARS],
                               languages[file_id].most_common(1)[0][0], tuple(sorted(names.get(file_id, ()))))
                 for file_id, parts in bodies.items()]
    return documents, fingerprint.hexdigest()


def distinct_texts(documents: list[TopicDocument]) -> tuple[list[TopicDocument], dict[int, list[int]]]:
    """One document per distinct text (the lowest file id), and file id -> the ids of its copies.

    Copies are common in evidence (a download and its copy in Documents, a scanned PDF and the picture inside it
    read by OCR alike); counted once each, they would weigh a theme by how often it was copied, not by what it
    says. Each copy gets its original's mixture."""
    first: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    kept: list[TopicDocument] = []
    for document in sorted(documents, key=lambda document: document.key):
        digest = hashlib.sha256(" ".join(document.text.split()).encode("utf-8")).hexdigest()
        if digest in first:
            copies.setdefault(first[digest], []).append(document.key)
        else:
            first[digest] = document.key
            kept.append(document)
    return kept, copies


def model_or_none(documents: list[TopicDocument], options: TopicOptions,
                  lemmatizer: SpacyLemmatizer | None = None) -> TopicModelResult | None:
    """Worker side: the model, or None when too few documents have enough words (not an error)."""
    try:
        return model_topics(documents, options, lemmatizer=lemmatizer)
    except NotEnoughDocuments:
        return None


def _latest_model(connection: Any) -> Any:
    return connection.execute(select(topic_models).order_by(topic_models.c.id.desc()).limit(1)).first()


def model_parameters(row: Any) -> dict[str, Any]:
    return json.loads(row.parameters) if row is not None else {}


def run_topics(case: Case, pool: Executor, run_id: int, options: TopicOptions | None = None,
               cancelled: Callable[[], bool] = lambda: False, force: bool = False) -> int | None:
    """Model the case's topics in a worker; returns the new model's id, None when nothing needed modelling."""
    options = options or TopicOptions()
    with case.reading() as connection:
        documents, fingerprint = _documents(connection)
        latest = _latest_model(connection)
    unchanged = model_parameters(latest).get("texts_fingerprint") == fingerprint
    if cancelled() or (unchanged and not force) or not documents:
        return None
    lemmatizer = SpacyLemmatizer.installed()
    documents, copies = distinct_texts(documents)
    result = pool.submit(model_or_none, documents, options, lemmatizer).result()
    if result is None or cancelled():
        return None
    return _store(case, result, options, fingerprint, run_id, lemmatizer, copies)


def remodel_topics(case: Case, num_topics: int | None = None, progress: ProgressFn | None = None,
                   cancelled: CancelledFn | None = None, *, min_topics: int | None = None,
                   max_topics: int | None = None, run_id: int = 0) -> int:
    """Model the case's topics again now, at the examiner's request (``heroes topics --run``, the GUI's "Model
    again"): ``num_topics`` fixes k (the model is then "chosen by the examiner"), None chooses it by coherence
    (between ``min_topics`` and ``max_topics`` when given). Returns the new model's id; a ``topics.modelled``
    custody event commits with it.

    Runs in the calling thread (gensim over numpy: no native parser to isolate), so that ``progress(done, total)``
    and ``cancelled()`` reach the model's every step. Raises NotEnoughDocuments when fewer than three documents
    have enough words, TopicsCancelled when cancelled (nothing is written then), TopicsError for a bad k.
    """
    ranges = {name: value for name, value in (("min_topics", min_topics), ("max_topics", max_topics))
              if value is not None}
    options = TopicOptions(num_topics=num_topics, **ranges)
    with case.reading() as connection:
        documents, fingerprint = _documents(connection)
    lemmatizer = SpacyLemmatizer.installed()
    documents, copies = distinct_texts(documents)
    result = model_topics(documents, options, progress=progress, cancelled=cancelled, lemmatizer=lemmatizer)
    if cancelled is not None and cancelled():
        raise TopicsCancelled("topic modelling was cancelled")
    return _store(case, result, options, fingerprint, run_id, lemmatizer, copies)


def _store(case: Case, result: TopicModelResult, options: TopicOptions, fingerprint: str, run_id: int,
           lemmatizer: SpacyLemmatizer | None = None, copies: dict[int, list[int]] | None = None) -> int:
    parameters = {**result.parameters, "texts_fingerprint": fingerprint, "run_id": run_id,
                  "coherence_by_k": {str(k): v for k, v in result.coherence_by_k.items()},
                  "options": asdict(options), "max_document_chars": MAX_DOCUMENT_CHARS}
    details: dict[str, Any] = {"run_id": run_id, "num_topics": result.num_topics,
                               "chosen_by": "examiner" if options.num_topics else "coherence",
                               "coherence_measure": result.coherence_measure, "coherence": result.coherence,
                               "coherence_by_k": parameters["coherence_by_k"],
                               "documents": len(result.mixtures) + sum(len((copies or {}).get(key, ()))
                                                                       for key in result.mixtures),
                               "copies": sum(len(ids) for ids in (copies or {}).values()),
                               "skipped": len(result.skipped),
                               "lemmatizer": lemmatizer.describe() if lemmatizer is not None else None}
    models = dict(lemmatizer.sha256) if lemmatizer is not None else None
    with case.change("topics.modelled", details, models=models) as connection:
        model_id = connection.execute(insert(topic_models).values(
            created_at=utc_now_iso(), num_topics=result.num_topics, chosen_by=details["chosen_by"],
            coherence_measure=result.coherence_measure, coherence=result.coherence,
            documents=details["documents"], parameters=json.dumps(parameters, default=str),
        )).inserted_primary_key[0]
        connection.execute(insert(topics), [{"model_id": model_id, "number": topic.number,
                                             "terms": json.dumps(topic.terms)} for topic in result.topics])
        rows = [{"model_id": model_id, "file_id": copy, "topic": topic, "weight": weight}
                for file_id, mixture in result.mixtures.items() for copy in (file_id, *(copies or {}).get(file_id, ()))
                for topic, weight in mixture]
        if rows:
            connection.execute(insert(document_topics), rows)
        details["model_id"] = model_id
    return int(model_id)


def list_topics(case: Case, documents_per_topic: int = TOP_DOCUMENTS) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The latest model's summary and, per topic, its top terms and the files most about it."""
    with case.reading() as connection:
        latest = _latest_model(connection)
        if latest is None:
            return {}, []
        summary = {"model_id": latest.id, "created_at": latest.created_at, "num_topics": latest.num_topics,
                   "chosen_by": latest.chosen_by, "coherence_measure": latest.coherence_measure,
                   "coherence": latest.coherence, "documents": latest.documents,
                   "coherence_by_k": model_parameters(latest).get("coherence_by_k", {})}
        counts = dict(connection.execute(
            select(document_topics.c.topic, func.count()).where(document_topics.c.model_id == latest.id,
                                                                document_topics.c.weight >= 0.25)
            .group_by(document_topics.c.topic)).all())
        records = []
        for row in connection.execute(select(topics).where(topics.c.model_id == latest.id)
                                      .order_by(topics.c.number)):
            terms = json.loads(row.terms)
            top = connection.execute(
                select(document_topics.c.file_id, files.c.path, document_topics.c.weight)
                .join(files, files.c.id == document_topics.c.file_id)
                .where(document_topics.c.model_id == latest.id, document_topics.c.topic == row.number)
                .order_by(document_topics.c.weight.desc(), document_topics.c.file_id).limit(documents_per_topic))
            records.append({"topic": row.number, "terms": [term for term, _ in terms],
                            "weights": [round(weight, 4) for _, weight in terms],
                            "document_count": counts.get(row.number, 0),
                            "documents": [{"file_id": d.file_id, "path": d.path, "weight": round(d.weight, 4)}
                                          for d in top]})
    return summary, records


def documents_like(case: Case, file_id: int, n: int = 10) -> list[dict[str, Any]]:
    """Files whose topic mixture is closest to ``file_id``'s in the latest model (1 - Hellinger distance)."""
    with case.reading() as connection:
        latest = _latest_model(connection)
        if latest is None:
            raise KeyError("the case has no topic model yet")
        mixtures: dict[int, list[tuple[int, float]]] = {}
        for row in connection.execute(select(document_topics).where(document_topics.c.model_id == latest.id)):
            mixtures.setdefault(row.file_id, []).append((row.topic, row.weight))
        result = TopicModelResult(latest.num_topics, latest.coherence_measure or "", latest.coherence or 0.0, {},
                                  [], mixtures, [])
        similar = similar_documents(result, file_id, n)
        paths = dict(connection.execute(select(files.c.id, files.c.path)
                                        .where(files.c.id.in_([key for key, _ in similar]))).all())
    return [{"file_id": key, "path": paths.get(key), "similarity": round(score, 4)} for key, score in similar]
