"""Language detection per document (lingua), used to pick stop words and the entity model."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.nlp.language import detect_language

TESTDATA = Path(__file__).resolve().parents[2].parent / "shared" / "testdata"


def test_languages_of_real_and_written_documents() -> None:
    lee = (TESTDATA / "gensim" / "lee_background.cor").read_text(encoding="latin-1").splitlines()
    assert [detect_language(line)[0] for line in lee[:50]].count("en") >= 49
    assert detect_language("Se busca camarera para Marbella, alojamiento incluido y viaje pagado.")[0] == "es"
    assert detect_language("Estimadas familias: el viernes no habrá clases por la excursión del colegio.")[0] == "es"
    assert detect_language("Bom dia, tudo bem com você? Estou em Lisboa até sexta-feira.")[0] == "pt"
    assert detect_language("Your booking at the Hotel Central is confirmed for two nights.")[0] == "en"


def test_too_little_text_is_undecided() -> None:
    assert detect_language("ok 1234 :)") == (None, 0.0)
    assert detect_language("") == (None, 0.0)
    assert detect_language("\x00\x01" * 500)[0] is None
