"""Topic modelling on the real gensim Lee corpus and on hand-written Spanish notes: k chosen by coherence, no stop
words among the terms, deterministic, and topic mixtures that agree (weakly) with human similarity judgements."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_desktop.nlp.topics import (
    NotEnoughDocuments,
    TopicDocument,
    TopicModelResult,
    TopicOptions,
    TopicsCancelled,
    model_topics,
    similar_documents,
    stop_words,
    tokenize,
)

LEE = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "gensim"
# Measured with the defaults (seed 42, gensim 4.4.0): 0.215 (Hellinger similarity of the 50 mixtures vs the 1225 human
# pairs); seeds 1, 2, 3 and 7 gave 0.17 to 0.30. gensim's LSI with 200 topics reaches > 0.6; a few LDA topics cannot.
LEE_CORRELATION_FLOOR = 0.15

SPANISH = [
    "Oferta de empleo: buscamos camarero con experiencia para restaurante, contrato de seis meses y salario fijo.",
    "Se busca cocinero para restaurante del centro, contrato indefinido, salario según experiencia.",
    "Empleo en almacén: buscamos mozo con carnet de conducir, contrato temporal y salario mensual.",
    "Oferta de trabajo para dependienta en tienda de ropa, experiencia en atención al cliente, contrato parcial.",
    "Buscamos recepcionista con inglés para hotel, contrato de verano, salario y alojamiento incluidos.",
    "Viaje a Cancún: vuelo directo, hotel frente a la playa y traslado desde el aeropuerto incluidos.",
    "Reserva confirmada: vuelo a Madrid con salida del aeropuerto a las ocho y hotel con traslado incluido.",
    "Paquete de viaje a Cartagena con hotel, playa, excursión en barco y vuelo de regreso.",
    "Su vuelo a Lima sale mañana; presente el pasaporte en el aeropuerto y recoja la tarjeta de embarque.",
    "Ofertas de verano: hotel con piscina cerca de la playa, vuelo y traslado al aeropuerto.",
    "Transferencia bancaria recibida: importe de quinientos euros en su cuenta, referencia del pago adjunta.",
    "El banco confirma la transferencia internacional; la comisión y el importe aparecen en el extracto.",
    "Aviso del banco: su tarjeta ha sido bloqueada, llame a la sucursal para verificar el pago.",
    "Envío de dinero: la transferencia del banco se realizó con éxito, consulte el importe en el extracto.",
    "Pago pendiente: el banco rechazó la transferencia por falta de saldo, revise el importe.",
    "Aviso del colegio: la reunión de padres será el jueves en el salón de actos de la escuela.",
    "La escuela informa a los padres que las clases empiezan el lunes; traer cuadernos y uniforme.",
    "Circular del colegio: excursión escolar al museo, los alumnos deben traer autorización de los padres.",
    "Calendario escolar: vacaciones de invierno para los alumnos, el colegio cierra dos semanas.",
    "Los profesores de la escuela convocan a los padres a una reunión sobre las notas de los alumnos.",
]


def _lines(name: str) -> list[str]:
    return LEE.joinpath(name).read_text(encoding="latin-1").splitlines()


def _documents(texts: list[str], first_key: int = 0, language: str | None = "en") -> list[TopicDocument]:
    return [TopicDocument(first_key + index, text, language) for index, text in enumerate(texts)]


@pytest.fixture(scope="module")
def background() -> list[TopicDocument]:
    documents = _documents(_lines("lee_background.cor"))
    assert len(documents) == 300
    return documents


@pytest.fixture(scope="module")
def background_run(background: list[TopicDocument]) -> tuple[TopicModelResult, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    result = model_topics(background, progress=lambda done, total: calls.append((done, total)))
    return result, calls


def _is_real_term(term: str) -> bool:
    return all(part.isalpha() and len(part) >= 3 for part in term.split("_"))


def test_background_topics_choose_k_by_best_coherence(background_run: tuple[TopicModelResult, list]) -> None:
    result, _ = background_run
    options = TopicOptions()
    assert list(result.coherence_by_k) == list(range(options.min_topics, options.max_topics + 1, 3))  # 300 documents
    assert options.min_topics <= result.num_topics <= options.max_topics
    leading = result.parameters["leading_topics_by_k"]
    eligible = [k for k in result.coherence_by_k if leading[k] == k] or list(result.coherence_by_k)
    assert result.coherence == result.coherence_by_k[result.num_topics] == max(result.coherence_by_k[k]
                                                                               for k in eligible)
    assert result.coherence_measure == "npmi_document"
    assert all(-1.0 <= value <= 1.0 for value in result.coherence_by_k.values())


def test_background_top_terms_are_words_not_stop_words(background_run: tuple[TopicModelResult, list]) -> None:
    result, _ = background_run
    english_stops = stop_words("en")
    assert [topic.number for topic in result.topics] == list(range(result.num_topics))
    for topic in result.topics:
        assert len(topic.terms) == 10
        assert all(_is_real_term(term) and term not in english_stops for term, _ in topic.terms), topic.terms
        weights = [weight for _, weight in topic.terms]
        assert weights == sorted(weights, reverse=True)
    all_terms = {term for topic in result.topics for term, _ in topic.terms}
    assert {"the", "and", "said"} & all_terms == set()


def test_background_mixtures_sum_to_about_one(background_run: tuple[TopicModelResult, list]) -> None:
    result, calls = background_run
    assert result.skipped == [] and len(result.mixtures) == 300
    for mixture in result.mixtures.values():
        assert 0.9 <= sum(weight for _, weight in mixture) <= 1.0 + 1e-6
        assert [weight for _, weight in mixture] == sorted((weight for _, weight in mixture), reverse=True)
        assert all(0 <= topic < result.num_topics for topic, _ in mixture)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1][0] == calls[-1][1] and len(calls) == calls[-1][1]


def test_parameters_are_recorded_as_json(background_run: tuple[TopicModelResult, list]) -> None:
    result, _ = background_run
    recorded = json.loads(json.dumps(result.parameters))
    assert recorded["seed"] == 42 and recorded["documents"] == 300
    assert recorded["topics_tried"] == list(result.coherence_by_k)
    assert {"passes", "chunksize", "no_below", "no_above", "phrase_min_count", "gensim_version"} <= set(recorded)


def test_same_seed_gives_identical_result(background: list[TopicDocument]) -> None:
    options = TopicOptions(num_topics=5, seed=7)
    assert model_topics(background, options) == model_topics(background, options)


def test_lee_mixtures_agree_with_human_similarity() -> None:
    lee = _lines("lee.cor")
    assert len(lee) == 50
    result = model_topics(_documents(_lines("lee_background.cor")) + _documents(lee, first_key=1000))
    assert result.skipped == []
    roots = np.zeros((50, result.num_topics))
    for row in range(50):
        for topic, weight in result.mixtures[1000 + row]:
            roots[row, topic] = np.sqrt(weight)
    ours = 1.0 - np.sqrt(0.5 * ((roots[:, None, :] - roots[None, :, :]) ** 2).sum(axis=2))
    upper = np.triu_indices(50, 1)
    human = np.loadtxt(LEE / "similarities0-1.txt")[upper]
    assert human.shape == (1225,)
    assert np.corrcoef(ours[upper], human)[0, 1] > LEE_CORRELATION_FLOOR

    similar = similar_documents(result, 1000, n=10)
    assert len(similar) == 10 and 1000 not in {key for key, _ in similar}
    scores = [score for _, score in similar]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= score <= 1.0 + 1e-9 for score in scores)
    everyone = dict(similar_documents(result, 1000, n=10_000))
    assert len(everyone) == 349
    assert [everyone[1000 + row] for row in range(1, 50)] == pytest.approx(list(ours[0, 1:]))
    with pytest.raises(KeyError):
        similar_documents(result, 999_999)


def test_spanish_stop_words_never_become_topic_terms() -> None:
    assert tokenize("Información para el cliente de la empresa", "es") == ["informacion", "cliente", "empresa"]
    result = model_topics(_documents(SPANISH, language="es"))
    spanish_stops = stop_words("es")
    terms = {term for topic in result.topics for term, _ in topic.terms}
    assert {"de", "que", "para", "los", "las", "del", "con", "por", "una", "el", "la"} & terms == set()
    assert not any(part in spanish_stops for term in terms for part in term.split("_"))
    assert {"salario", "vuelo", "transferencia", "padres"} & terms  # the content words survive, accents removed
    assert len(result.mixtures) == len(SPANISH)


def test_unknown_language_uses_english_and_spanish_stop_words() -> None:
    assert tokenize("The bank de la ciudad sent 2024 transfers", None) == ["bank", "ciudad", "sent", "transfers"]
    assert tokenize("The bank de la ciudad", "xx") == ["bank", "ciudad"]
    assert tokenize("Él está en la estación", "es-MX") == ["estacion"]


def test_garbage_documents_are_skipped(background: list[TopicDocument]) -> None:
    garbage = [TopicDocument(900, "", "en"), TopicDocument(901, "12345 678 9", "en"),
               TopicDocument(902, "!!! ?? ...", None), TopicDocument(903, "the of and a to", "en")]
    result = model_topics(background[:40] + garbage, TopicOptions(num_topics=3))
    assert {900, 901, 902, 903} <= set(result.skipped)
    assert not {900, 901, 902, 903} & set(result.mixtures)
    assert set(result.mixtures) | set(result.skipped) == {document.key for document in background[:40] + garbage}


def test_fewer_than_three_usable_documents_is_refused(background: list[TopicDocument]) -> None:
    with pytest.raises(NotEnoughDocuments, match="at least 3 documents"):
        model_topics([*background[:2], TopicDocument(900, "", "en"), TopicDocument(901, "the and of", "en")])
    with pytest.raises(NotEnoughDocuments):
        model_topics([])


def test_cancel_callback_stops_the_run(background: list[TopicDocument]) -> None:
    polls: list[int] = []

    def cancel_after_five() -> bool:
        polls.append(1)
        return len(polls) > 5

    with pytest.raises(TopicsCancelled):
        model_topics(background, cancelled=cancel_after_five)
    with pytest.raises(TopicsCancelled):
        model_topics(background, cancelled=lambda: True)


def test_explicit_num_topics_is_honoured(background: list[TopicDocument]) -> None:
    result = model_topics(background[:80], TopicOptions(num_topics=7))
    assert result.num_topics == 7 and list(result.coherence_by_k) == [7] and len(result.topics) == 7
    assert result.coherence == result.coherence_by_k[7]


def test_large_corpus_chooses_k_on_a_sample_then_trains_on_all(background: list[TopicDocument]) -> None:
    result = model_topics(background, TopicOptions(max_topics=6, selection_sample=100))
    assert result.parameters["selection_documents"] == 100 and result.parameters["documents"] == 300
    assert list(result.coherence_by_k) == [3, 6] and len(result.mixtures) == 300


# Issue 19: what documents are about, not whom they name.

_AGENCY = [
    "Harbourline Hospitality offers a job as waitress: salary paid monthly, contract for six months, kitchen shifts.",
    "Job offer from Harbourline Hospitality: contract and salary for a receptionist, training and shifts included.",
    "Edwin Marchbank sends the job offer: the salary, the contract and the shifts of the kitchen team.",
    "Bank transfer received: payment into the account, reference attached, the transfer fee was small.",
    "Edwin Marchbank confirms the transfer; the payment reached the account, the bank fee is on the statement.",
    "Transfer pending: the bank refused the payment for lack of funds in the account, zanzibarquux said.",
]


def test_an_entity_surface_form_never_becomes_a_term() -> None:
    """The names a document carries are dropped wherever they occur, so they form no phrase ("edwin_marchbank")
    with each other or with the words beside them."""
    names = ("Edwin Marchbank", "Harbourline Hospitality")
    documents = [TopicDocument(index, text, "en", names) for index, text in enumerate(_AGENCY)]
    result = model_topics(documents, TopicOptions(num_topics=2, seed=1))
    words = {word for topic in result.topics for term, _ in topic.terms for word in term.split("_")}
    assert not words & {"edwin", "marchbank", "harbourline", "hospitality"}
    assert {"salary", "transfer"} <= words


def test_a_word_of_one_document_only_is_dropped() -> None:
    """``no_below`` is at least 2 for every corpus size: "zanzibarquux" (one document) is no term, while the whole
    vocabulary (fewer than ten words per topic) is listed."""
    documents = [TopicDocument(index, text, "en") for index, text in enumerate(_AGENCY)]
    result = model_topics(documents, TopicOptions(num_topics=2, seed=1, no_below=1))
    assert result.parameters["no_below"] == 2
    terms = {term for topic in result.topics for term, _ in topic.terms}
    assert "zanzibarquux" not in terms and "statement" not in terms and "salary" in terms


@pytest.fixture(scope="module")
def lemmatizer():  # type: ignore[no-untyped-def]
    from heroes_desktop.nlp.lemmas import SpacyLemmatizer

    installed = SpacyLemmatizer.installed()
    assert {"en", "es"} <= installed.languages(), "the shipped spaCy pipelines (models/manifest.yaml) are missing"
    return installed


def test_lemmas_merge_inflections_and_keep_content_words_only(lemmatizer) -> None:  # type: ignore[no-untyped-def]
    from heroes_desktop.nlp.topics import content_segments

    documents = [TopicDocument(0, "The agency offers two job offers. We offer one offer to Rupert Ashdown.", "en",
                               ("Rupert Ashdown",)),
                 TopicDocument(1, "Las ofertas de empleo: la oferta de trabajo para camareras.", "es")]
    english, spanish = content_segments(documents, lemmatizer, lemmatizer.languages())
    assert [word for segment in english for word in segment] == ["agency", "offer", "job", "offer", "offer", "offer"]
    assert english[0] == ["agency", "offer"]  # "two" breaks the run: no phrase crosses a dropped word
    words = [word for segment in spanish for word in segment]
    assert words.count("oferta") == 2 and "ofertas" not in words and "empleo" in words and "trabajo" in words
    assert lemmatizer.describe()["models"]["en"]["sha256"]


def test_a_lemmatised_model_records_its_pipelines(lemmatizer) -> None:  # type: ignore[no-untyped-def]
    documents = [TopicDocument(index, text, "en") for index, text in enumerate(_AGENCY)]
    result = model_topics(documents, TopicOptions(num_topics=2, seed=1), lemmatizer=lemmatizer)
    terms = {term for topic in result.topics for term, _ in topic.terms}
    assert "offer" in terms and "offers" not in terms and "received" not in terms
    assert "en" in result.parameters["lemmatised_languages"]
    assert json.loads(json.dumps(result.parameters))["lemmatizer"]["models"]["en"]["id"]
