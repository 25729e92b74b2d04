"""Which language a text is written in, so that the right stop words and entity model are used.

Library: lingua (lingua-language-detector), which ships its n-gram models in the wheel and is accurate on short
text. The low-accuracy mode (trigrams only) is used: it loads in milliseconds and is reliable above a sentence;
texts too short or too mixed to call are ``None`` rather than a guess.
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = ("en", "es", "pt", "fr", "de", "it", "nl", "ro", "ca")
SAMPLE_CHARS = 4000
MIN_LETTERS = 20


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode() \
        .with_minimum_relative_distance(0.05).build()


def _sample(body: str) -> str:
    """The start, middle and end of a long text: enough to call its language, cheap to read."""
    if len(body) <= SAMPLE_CHARS:
        return body
    third = SAMPLE_CHARS // 3
    middle = len(body) // 2
    return " ".join((body[:third], body[middle:middle + third], body[-third:]))


def detect_language(body: str) -> tuple[str | None, float]:
    """(ISO 639-1 code or None, confidence 0..1) of a text."""
    sample = _sample(body)
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return None, 0.0
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < 0.5:
        return None, values[0].value if values else 0.0
    return values[0].language.iso_code_639_1.name.lower(), round(float(values[0].value), 3)
