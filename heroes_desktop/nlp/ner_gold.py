"""Gold named entities written inline (``[Ana Ruiz](PERSON) flew to [Lima](LOC).``), re-cased copies of them,
and exact-match precision and recall, for the NER benchmark and tests (issue 19)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_MARK = re.compile(r"\[([^\]]+)\]\((PERSON|ORG|LOC)\)")

Span = tuple[int, str, int, int]  # (sentence index, label, start, end)


@dataclass(frozen=True)
class GoldText:
    sentences: list[str]
    spans: set[Span]


def parse_gold(lines: Iterable[str]) -> GoldText:
    """Sentences without their marks and the (sentence, label, start, end) of every marked entity."""
    sentences: list[str] = []
    spans: set[Span] = set()
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        plain, cursor, index = "", 0, len(sentences)
        for match in _MARK.finditer(line):
            plain += line[cursor:match.start()]
            spans.add((index, match.group(2), len(plain), len(plain) + len(match.group(1))))
            plain += match.group(1)
            cursor = match.end()
        sentences.append(plain + line[cursor:].rstrip("\n"))
    return GoldText(sentences, spans)


def load_gold(path: Path) -> GoldText:
    return parse_gold(path.read_text(encoding="utf-8").splitlines())


def recase(text: str, change: Callable[[str], str]) -> str:
    """``change`` (str.lower, str.upper) applied letter by letter, leaving a letter whose changed form is longer
    (German ß upper-cased is SS), so that every offset stays the same."""
    return "".join(changed if len(changed := change(char)) == 1 else char for char in text)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    true: int
    predicted: int
    gold: int

    def as_json(self) -> dict[str, float | int]:
        return {key: round(value, 4) if isinstance(value, float) else value for key, value in self.__dict__.items()}


def score(gold: set[Span], predicted: set[Span], labelled: bool = True) -> Score:
    """Exact span match, with the label (``labelled``) or without it."""
    if not labelled:
        gold = {(index, "", start, end) for index, _, start, end in gold}
        predicted = {(index, "", start, end) for index, _, start, end in predicted}
    true = len(gold & predicted)
    precision = true / len(predicted) if predicted else 0.0
    recall = true / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, true, len(predicted), len(gold))
