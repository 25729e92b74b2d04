"""The classroom case's benign documents: reproducible from the seed, and read back by the program's own extractors
with every planted phrase, identifier and language found."""

from __future__ import annotations

import email
import email.policy
import io
import random
import zipfile
from collections import Counter

import pymupdf
import pytest

from heroes_desktop.nlp.identifiers import find_identifiers
from heroes_desktop.nlp.language import detect_language
from heroes_desktop.stages.text_extraction import extractor_for
from heroes_desktop.training.documents import FORMATS, TOPICS, planted_documents
from heroes_desktop.training.planted import PlantedDocument

MIME_TYPES = {
    "txt": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "eml": "message/rfc822",
    "html": "text/html",
}
IDENTIFIER_LABELS = {"EMAIL", "PHONE", "IBAN", "CRYPTO", "URL", "IP", "CARD", "HANDLE"}
NAME_LABELS = {"PERSON", "ORG", "LOC"}
DOCUMENT_YEARS = (2024, 2025)


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.fixture(scope="module")
def documents() -> list[PlantedDocument]:
    return planted_documents(random.Random(7))


@pytest.fixture(scope="module")
def extracted(documents: list[PlantedDocument]) -> list[tuple[PlantedDocument, str]]:
    """Each document with the text the program's extractor gets out of it."""
    pairs = []
    for document in documents:
        extractor = extractor_for(MIME_TYPES[document.format], document.name)
        assert extractor is not None, document.name
        pairs.append((document, extractor(document.data).text))
    return pairs


def test_the_same_seed_gives_the_same_documents(documents: list[PlantedDocument]) -> None:
    assert planted_documents(random.Random(7)) == documents
    other = planted_documents(random.Random(8))
    assert [document.data for document in other] != [document.data for document in documents]
    assert sum(a.data != b.data for a, b in zip(other, documents, strict=True)) > len(documents) // 2


def test_file_metadata_comes_from_the_seed_not_the_clock(documents: list[PlantedDocument]) -> None:
    for document in documents:
        if document.format == "docx":
            with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
                stamps = {entry.date_time for entry in archive.infolist()}
                core = archive.read("docProps/core.xml").decode("utf-8")
            assert len(stamps) == 1 and next(iter(stamps))[0] in DOCUMENT_YEARS, document.name
            assert "python-docx" not in core and "2013-12-23" not in core, document.name
        elif document.format == "pdf":
            with pymupdf.open(stream=document.data, filetype="pdf") as pdf:
                created, modified = pdf.metadata["creationDate"], pdf.metadata["modDate"]
            assert created == modified and created[2:6] in {str(year) for year in DOCUMENT_YEARS}, document.name
            assert b"/ID" not in document.data, document.name
        elif document.format == "eml":
            message = email.message_from_bytes(document.data, policy=email.policy.default)
            assert message["Date"].datetime.year in DOCUMENT_YEARS and message["Message-ID"], document.name


def test_every_phrase_is_in_the_extracted_text(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, text in extracted:
        assert 2 <= len(document.phrases) <= 3, document.key_id
        for phrase in document.phrases:
            assert _flat(phrase) in _flat(text), (document.key_id, phrase)


def test_identifiers_found_are_exactly_those_planted(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, text in extracted:
        found = {(item.label, item.normalized) for item in find_identifiers(text)}
        planted = {(entity["label"], entity["normalized"]) for entity in document.entities
                   if entity["label"] in IDENTIFIER_LABELS}
        assert found == planted, document.key_id
        written = {(item.label, item.text) for item in find_identifiers(text)}
        for entity in document.entities:
            if entity["label"] in IDENTIFIER_LABELS:
                assert (entity["label"], entity["text"]) in written, (document.key_id, entity)


def test_planted_names_are_in_the_extracted_text(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, text in extracted:
        names = [entity for entity in document.entities if entity["label"] in NAME_LABELS]
        assert {entity["label"] for entity in names} >= {"PERSON", "ORG"}, document.key_id
        for entity in names:
            assert entity["normalized"] == entity["text"]
            assert _flat(entity["text"]) in _flat(text), (document.key_id, entity)


def test_the_language_is_detected(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, text in extracted:
        assert detect_language(text)[0] == document.language, document.key_id


def test_documents_are_of_realistic_length(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, text in extracted:
        assert 120 <= len(text.split()) <= 400, (document.key_id, len(text.split()))


def test_topics_languages_and_formats_are_covered(documents: list[PlantedDocument]) -> None:
    per_topic = Counter(document.topic for document in documents)
    assert set(per_topic) == set(TOPICS) and min(per_topic.values()) >= 8
    for topic in TOPICS:
        assert {document.language for document in documents if document.topic == topic} == {"en", "es"}
    assert {"txt", "pdf", "docx", "eml"} <= {document.format for document in documents} <= set(FORMATS)
    assert len({document.name for document in documents}) == len(documents)
    assert len({document.key_id for document in documents}) == len(documents)
    for document in documents:
        assert document.name.endswith("." + document.format), document.name


def test_each_topic_carries_its_kind_of_identifier(documents: list[PlantedDocument]) -> None:
    expected = {"job offers": {"PHONE", "EMAIL"}, "travel bookings": {"PHONE", "LOC"},
                "money transfers": {"IBAN", "CRYPTO"}, "school notices": {"EMAIL", "ORG", "PERSON"}}
    for document in documents:
        labels = {entity["label"] for entity in document.entities}
        assert expected[document.topic] <= labels, document.key_id


def test_bookmarks_mark_red_flag_offers_and_transfers(extracted: list[tuple[PlantedDocument, str]]) -> None:
    for document, _ in extracted:
        if document.topic == "money transfers":
            assert document.bookmark == "money-transfers", document.key_id
        elif document.topic != "job offers":
            assert document.bookmark is None, document.key_id
    red_flags = [(document, _flat(text)) for document, text in extracted if document.bookmark == "job-offers"]
    assert {document.language for document, _ in red_flags} == {"en", "es"}
    assert len(red_flags) < sum(document.topic == "job offers" for document, _ in extracted)
    for document, text in red_flags:
        assert document.topic == "job offers", document.key_id
        assert ("passport" in text and ("debt" in text or "loan" in text)
                or "pasaporte" in text and ("deuda" in text or "préstamo" in text)), document.key_id
