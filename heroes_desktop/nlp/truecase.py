"""Chat-style casing: lines typed all in lower case or ALL CAPS are given a probable casing before NER (issue 19).

The news-trained spaCy recognisers lean on capitals: on held-out text re-cased to lower case their recall falls
from 0.88 to 0.57 (English) and 0.84 to 0.51 (Spanish), in capitals to 0.29 and 0.15 (scripts/bench_ner.py).
A line is re-cased only when it has no capital at all, or nothing but capitals, so ordinary text is read as
written. The copy is made from the same pipeline's tagger (or morphologiser) and lemmatiser on the lower-cased
line: a word is capitalised when the tagger calls it a proper noun, or when neither it nor its lemma is among the
pipeline's own known words (its lemmatiser tables and stop words). The line's first letter is not capitalised:
chats start with "hola", "ok", and the Spanish model reads a capitalised first word as a person. Only case changes,
letter by letter, so every offset into the copy is an offset into the original. Measured against the simpler
choices (capitalise every word not a stop word; proper nouns only; a second tagging pass) in the commit message.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from heroes_desktop.nlp.spacy_models import TAGGING_COMPONENTS, partial_pipeline

_WORD = re.compile(r"[^\W\d_]+")
_OPEN_CLASSES = {"PROPN", "NOUN", "X", "ADJ", "VERB", "ADV", "INTJ", "NUM"}


def same_length_case(text: str, upper: bool) -> str:
    """Upper- or lower-cased letter by letter, keeping a letter whose other case is longer (ß -> SS)."""
    change = str.upper if upper else str.lower
    return "".join(changed if len(changed := change(char)) == 1 else char for char in text)


def chat_casing(line: str) -> str | None:
    """``"lower"`` or ``"upper"`` for a line of two words or more typed in one case, else None."""
    words = _WORD.findall(line)
    if len(words) < 2:
        return None
    if not any(char.isupper() for char in line):
        return "lower"
    long_words = [word for word in words if len(word) > 1]
    if len(long_words) >= 2 and all(word.isupper() for word in long_words):
        return "upper"
    return None


@lru_cache(maxsize=4)
def tagging_pipeline(model_id: str) -> tuple[Any, frozenset[str]]:
    """The model's tagger and lemmatiser (no parser, no NER), and the words it knows: lemma tables, stop words."""
    nlp = partial_pipeline(model_id, TAGGING_COMPONENTS)  # shared with the topics' lemmas (lemmas.py)
    known: set[str] = set(nlp.Defaults.stop_words)
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        for table_name in ("lemma_index", "lemma_exc"):
            if table_name not in lookups:
                continue
            table = lookups.get_table(table_name)
            for key in table.keys():
                entry = table[key]
                for word, lemmas in (entry.items() if isinstance(entry, dict) else ((w, ()) for w in entry)):
                    known.add(str(word))
                    known.update(str(lemma) for lemma in lemmas)
    return nlp, frozenset(known)


def _capitalised(lowered: str, doc: Any, known: frozenset[str]) -> str:
    letters = list(lowered)
    starts = set()
    stop_words = doc.vocab.lang_defaults.stop_words if hasattr(doc.vocab, "lang_defaults") else ()
    for token in doc:
        word = token.text
        if len(word) < 2 or not word[0].isalpha() or token.is_stop or word in stop_words:
            continue
        if token.pos_ == "PROPN" or (token.pos_ in _OPEN_CLASSES and word not in known
                                     and token.lemma_.lower() not in known):
            starts.add(token.idx)
    for index in starts:
        letters[index] = same_length_case(letters[index], upper=True)
    return "".join(letters)


def truecased(text: str, model_id: str) -> str:
    """``text`` with its chat-cased lines given a probable casing; the same length, other lines untouched."""
    lines = text.split("\n")
    chat = [index for index, line in enumerate(lines) if chat_casing(line)]
    if not chat:
        return text
    nlp, known = tagging_pipeline(model_id)
    lowered = [same_length_case(lines[index], upper=False) for index in chat]
    for index, low, doc in zip(chat, lowered, nlp.pipe(lowered, batch_size=256)):
        lines[index] = _capitalised(low, doc, known)
    return "\n".join(lines)
