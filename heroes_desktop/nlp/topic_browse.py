"""Browsing a case's topics: the latest model at a glance, the files most about a topic, files like a file, and the
examiner's own names for topics. The GUI's Topics panel and any other face call these; they return plain dataclasses.

A topic's number is the model's (gensim's, from 0) and means nothing across models, so every call names the model it
reads (the latest by default) and the overview carries the model's id for the calls that follow it.

An examiner's label is a row of ``topic_labels`` (the latest row for a model and number counts) committed with a
``topic.labelled`` custody event; an empty label gives the topic back its automatic name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import document_topics, files, texts, topic_labels, topic_models, topics
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.nlp import topic_stage
from heroes_desktop.nlp.topic_stage import remodel_topics
from heroes_desktop.nlp.topics import MIN_DOCUMENTS, TopicsError

__all__ = [
    "AUTOMATIC_LABEL_TERMS", "MAX_LABEL_CHARS", "NoTopics", "SimilarDocumentRow", "TopicDocumentRow",
    "TopicNotFound", "TopicOverview", "TopicSummary", "automatic_label", "documents_like", "label_topic",
    "remodel_topics", "topic_documents", "topic_overview", "why_no_topics",
]

AUTOMATIC_LABEL_TERMS = 3
MAX_LABEL_CHARS = 200
LABEL_SEPARATOR = " · "


class TopicNotFound(TopicsError):
    """No such model, no such topic in it, or the file is not in the model."""


@dataclass(frozen=True)
class TopicSummary:
    """One topic: its terms with their weights (heaviest first), the examiner's label (None when not named), the
    automatic label, and how many documents it is the main topic of."""

    number: int
    terms: tuple[tuple[str, float], ...]
    label: str | None
    automatic_label: str
    document_count: int

    @property
    def title(self) -> str:
        """The examiner's label when there is one, else the automatic label."""
        return self.label or self.automatic_label


@dataclass(frozen=True)
class TopicOverview:
    """The latest model: how many topics, how k was chosen (``coherence`` or ``examiner``), its coherence, the
    documents it modelled, and its topics by number."""

    model_id: int
    created_at: str
    num_topics: int
    chosen_by: str
    coherence_measure: str | None
    coherence: float | None
    documents: int
    topics: tuple[TopicSummary, ...]

    def topic(self, number: int) -> TopicSummary:
        for summary in self.topics:
            if summary.number == number:
                return summary
        raise TopicNotFound(f"model {self.model_id} has no topic {number}")


@dataclass(frozen=True)
class TopicDocumentRow:
    """A file of a topic: the share of that topic in its text (0 to 1) and the file's main topic."""

    file_id: int
    path: str
    name: str
    share: float
    main_topic: int | None


@dataclass(frozen=True)
class SimilarDocumentRow:
    """A file whose topic mixture is close to another's: similarity is 1 - Hellinger distance (0 to 1)."""

    file_id: int
    path: str
    name: str
    similarity: float
    main_topic: int | None


@dataclass(frozen=True)
class NoTopics:
    """Why a case has no topic model: ``documents`` is how many files have text; below ``MIN_DOCUMENTS`` that is the
    reason (``too_few_documents``), else the topics stage has not modelled them (not run yet, or the texts share too
    few words)."""

    documents: int
    too_few_documents: bool
    minimum: int = MIN_DOCUMENTS


def automatic_label(terms: Iterable[tuple[str, float]], count: int = AUTOMATIC_LABEL_TERMS) -> str:
    """The ``count`` heaviest terms that add a word, joined by " · " ("job · salary · contract"); a phrase reads as
    its words ("bank_account" -> "bank account"), and a term whose words are all in the label already (``offer``
    after ``job_offer``, ``job_offer`` after ``job`` and ``offer``) is passed over."""
    parts: list[str] = []
    seen: set[str] = set()
    for term, _ in terms:
        words = [word for word in term.split("_") if word]
        if not words or set(words) <= seen:
            continue
        parts.append(" ".join(words))
        seen.update(words)
        if len(parts) == count:
            break
    return LABEL_SEPARATOR.join(parts)


def _model_row(connection: Any, model_id: int | None) -> Any:
    query = select(topic_models)
    query = (query.where(topic_models.c.id == model_id) if model_id is not None
             else query.order_by(topic_models.c.id.desc()).limit(1))
    return connection.execute(query).first()


def _require_model(connection: Any, model_id: int | None) -> Any:
    row = _model_row(connection, model_id)
    if row is None:
        raise TopicNotFound("the case has no topic model yet" if model_id is None
                            else f"the case has no topic model {model_id}")
    return row


def _labels(connection: Any, model_id: int) -> dict[int, str]:
    """Topic number -> its current label (the latest row; "" for a label cleared)."""
    rows = connection.execute(select(topic_labels.c.number, topic_labels.c.label)
                              .where(topic_labels.c.model_id == model_id).order_by(topic_labels.c.id))
    return {int(number): label for number, label in rows}


def _main_topics(connection: Any, model_id: int, file_ids: list[int] | None = None) -> dict[int, int]:
    """File id -> the topic with the largest share of it (the lower number on a tie)."""
    query = select(document_topics.c.file_id, document_topics.c.topic, document_topics.c.weight).where(
        document_topics.c.model_id == model_id)
    if file_ids is not None:
        query = query.where(document_topics.c.file_id.in_(file_ids))
    best: dict[int, tuple[float, int]] = {}
    for file_id, topic, weight in connection.execute(query):
        held = best.get(file_id)
        if held is None or (weight, -topic) > (held[0], -held[1]):
            best[file_id] = (weight, topic)
    return {file_id: topic for file_id, (_, topic) in best.items()}


def topic_overview(case: Case) -> TopicOverview | None:
    """The latest model and its topics, or None when the case has none (see :func:`why_no_topics`)."""
    with case.reading() as connection:
        model = _model_row(connection, None)
        if model is None:
            return None
        labels = _labels(connection, model.id)
        led: dict[int, int] = {}
        for topic in _main_topics(connection, model.id).values():
            led[topic] = led.get(topic, 0) + 1
        summaries = []
        for row in connection.execute(select(topics).where(topics.c.model_id == model.id).order_by(topics.c.number)):
            terms = tuple((str(term), float(weight)) for term, weight in json.loads(row.terms))
            summaries.append(TopicSummary(int(row.number), terms, labels.get(int(row.number)) or None,
                                          automatic_label(terms), led.get(int(row.number), 0)))
    return TopicOverview(int(model.id), model.created_at, int(model.num_topics), model.chosen_by,
                         model.coherence_measure, model.coherence, int(model.documents), tuple(summaries))


def why_no_topics(case: Case) -> NoTopics:
    """Why :func:`topic_overview` found no model: how many files have text, against the minimum."""
    with case.reading() as connection:
        count = connection.execute(select(func.count(func.distinct(texts.c.file_id))).where(texts.c.chars > 0)
                                   ).scalar_one()
    return NoTopics(int(count), int(count) < MIN_DOCUMENTS)


def _names(connection: Any, file_ids: list[int]) -> dict[int, tuple[str, str]]:
    if not file_ids:
        return {}
    rows = connection.execute(select(files.c.id, files.c.path, files.c.name).where(files.c.id.in_(file_ids)))
    return {int(file_id): (path, name) for file_id, path, name in rows}


def topic_documents(case: Case, number: int, limit: int = 100, *,
                    model_id: int | None = None) -> list[TopicDocumentRow]:
    """The files most about topic ``number`` of the model (the latest by default), largest share first."""
    with case.reading() as connection:
        model = _require_model(connection, model_id)
        if not 0 <= number < model.num_topics:
            raise TopicNotFound(f"model {model.id} has topics 0 to {model.num_topics - 1}, not {number}")
        rows = connection.execute(
            select(document_topics.c.file_id, document_topics.c.weight)
            .where(document_topics.c.model_id == model.id, document_topics.c.topic == number)
            .order_by(document_topics.c.weight.desc(), document_topics.c.file_id).limit(max(limit, 0))).all()
        ids = [int(file_id) for file_id, _ in rows]
        names = _names(connection, ids)
        main = _main_topics(connection, model.id, ids)
    return [TopicDocumentRow(file_id, *names.get(file_id, ("", "")), float(weight), main.get(file_id))
            for file_id, (_, weight) in zip(ids, rows, strict=True)]


def documents_like(case: Case, file_id: int, n: int = 20) -> list[SimilarDocumentRow]:
    """The files whose topic mixture is closest to ``file_id``'s in the latest model, most similar first
    (:func:`heroes_desktop.nlp.topic_stage.documents_like`, with names and main topics). TopicNotFound when the case
    has no model or the file is not in it (no text, or too few words)."""
    try:
        similar = topic_stage.documents_like(case, file_id, n)
    except KeyError as error:
        raise TopicNotFound(str(error.args[0]) if error.args else str(error)) from None
    ids = [int(row["file_id"]) for row in similar]
    with case.reading() as connection:
        model = _require_model(connection, None)
        names = _names(connection, ids)
        main = _main_topics(connection, model.id, ids)
    return [SimilarDocumentRow(key, *names.get(key, (row.get("path") or "", "")), float(row["similarity"]),
                               main.get(key)) for key, row in zip(ids, similar, strict=True)]


def label_topic(case: Case, model_id: int, number: int, label: str) -> dict[str, Any]:
    """Name topic ``number`` of model ``model_id`` (an empty label gives back the automatic name). The label row and
    a ``topic.labelled`` custody event (model id, number, label, previous label) commit in one transaction; returns
    the event's details."""
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        raise TopicsError(f"a topic label has at most {MAX_LABEL_CHARS} characters, not {len(label)}")
    with case.reading() as connection:
        model = _require_model(connection, model_id)
        if not 0 <= number < model.num_topics:
            raise TopicNotFound(f"model {model_id} has topics 0 to {model.num_topics - 1}, not {number}")
    details: dict[str, Any] = {"model_id": model_id, "number": number, "label": label or None}
    with case.change("topic.labelled", details) as connection:
        details["previous_label"] = _labels(connection, model_id).get(number) or None
        details["label_id"] = connection.execute(insert(topic_labels).values(
            model_id=model_id, number=number, label=label, actor=case.actor.name if case.actor else "",
            time=utc_now_iso())).inserted_primary_key[0]
    return details
