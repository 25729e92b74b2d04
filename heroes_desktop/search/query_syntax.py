"""What an examiner types into a search, rewritten into an FTS5 expression that means what they meant.

FTS5 reads a bare ``vim-pandoc`` as the word ``vim`` and a column filter ``-pandoc``, ``ana@example.org`` and
``https://host/path`` as syntax errors, and ``+34 600 123 456`` as four unrelated numbers. The rules here:

- Every word becomes a quoted FTS5 phrase, so punctuation inside it (``-``, ``@``, ``.``, ``:``, ``/``) is read by
  the tokenizer, as it was when the text was indexed: ``vim-pandoc`` finds "vim-pandoc" and "vim pandoc". No word
  is ever a column filter. A word with no letters or digits (``&``, ``-``) is left out.
- Operators are the upper-case words ``AND``, ``OR``, ``NOT`` (FTS5's own precedence: NOT, then AND, then OR),
  parentheses, ``"quoted phrases"`` (``""`` is a quote inside one), a trailing ``*`` for a prefix (``madr*``,
  ``"bus sta"*``) and ``NEAR(a b, N)``. Words side by side are all required. ``a AND NOT b`` means ``a NOT b``.
- An identifier typed as it appears (e-mail address, URL, phone number in any common form, IBAN with or without
  spaces, payment card, IP address, Bitcoin or Ethereum address, @handle) is recognised by the same validating code
  the entities stage uses (:mod:`heroes_desktop.nlp.identifiers`) and matches any of: the text as typed, the usual
  written forms of its normalised value (a phone's national and international forms, an IBAN in groups of four),
  and every form in which the entities stage found that normalised value in this case (``entities.normalized``).
- A real syntax error (an unclosed quote or parenthesis, an operator with nothing on one side, ``*`` inside a word)
  is a :class:`SearchSyntaxError`: one line, with the position of the fault for an inline message.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import phonenumbers

from heroes_desktop.core.errors import UsageError
from heroes_desktop.nlp.identifiers import DEFAULT_REGIONS, Found, find_identifiers

OPERATORS = ("AND", "OR", "NOT")
MAX_CASE_FORMS = 64  # forms of one identifier taken from the case's entities
IDENTIFIER_WORDS = 10  # an identifier typed with spaces spans at most this many words (an IBAN in groups of 4)
IDENTIFIER_CHARS = 34  # the longest of those without its spaces (an IBAN)

# The forms in which the case holds an identifier: (label, normalised values) -> texts as found in the evidence.
FormsInCase = Callable[[str, Sequence[str]], Sequence[str]]


class SearchSyntaxError(UsageError):
    """A search that cannot be read; ``position`` is the offset in the query of the fault, when there is one."""

    def __init__(self, query: str, reason: str, position: int | None = None) -> None:
        super().__init__(f"not a valid search {query!r}: {reason}")
        self.query, self.reason, self.position = query, reason, position


@dataclass(frozen=True)
class Identifier:
    """An identifier recognised in a query: what was typed, its normalised values, and forms to look for."""

    label: str  # EMAIL, PHONE, URL, IP, IBAN, CARD, CRYPTO, HANDLE (as in the entities table)
    typed: str
    normalized: tuple[str, ...]  # values looked up in entities.normalized
    forms: tuple[str, ...]  # written forms searched as phrases, besides what was typed


@dataclass(frozen=True)
class CompiledQuery:
    """The FTS5 expression run for a query, and the identifiers recognised in it."""

    query: str
    fts: str
    identifiers: tuple[Identifier, ...] = ()


# ---- tokens ------------------------------------------------------------------------------------------------------

@dataclass
class _Token:
    kind: str  # WORD, PHRASE, IDENT, NEAR, LP, RP, AND, OR, NOT
    text: str
    start: int
    end: int
    prefix: bool = False
    identifier: Identifier | None = None
    phrases: list[_Token] = field(default_factory=list)  # NEAR's
    distance: int | None = None  # NEAR's


_PAREN_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?(?:\d{1,4}[ .-]?)?\(\d{1,5}\)[ .-]?\d[\d .-]{3,16}\d(?![\w-])")
_NEAR_DISTANCE = re.compile(r",\s*(\d+)\s*$")
_LEAF_KINDS = ("WORD", "PHRASE", "IDENT", "NEAR")


def _quoted_spans(query: str) -> list[tuple[int, int]]:
    """Where the quoted phrases are (an unclosed quote runs to the end; the lexer reports it)."""
    spans, index = [], 0
    while (start := query.find('"', index)) >= 0:
        end = start + 1
        while True:
            close = query.find('"', end)
            if close < 0:
                return [*spans, (start, len(query))]
            if query.startswith('""', close):
                end = close + 2
                continue
            spans.append((start, close + 1))
            index = close + 1
            break
    return spans


def _atomic_spans(query: str) -> dict[int, int]:
    """Phone numbers written with parentheses, "(212) 555-0123", kept whole instead of read as a group."""
    quoted = _quoted_spans(query)
    spans = {}
    for match in _PAREN_PHONE.finditer(query):
        if any(start < match.end() and match.start() < end for start, end in quoted):
            continue
        if _phone_numbers(match.group()):
            spans[match.start()] = match.end()
    return spans


def _read_phrase(query: str, start: int) -> tuple[str, int]:
    """The text of the phrase whose opening quote is at ``start``, and the offset after its closing quote."""
    parts, index = [], start + 1
    while True:
        close = query.find('"', index)
        if close < 0:
            raise SearchSyntaxError(query, 'a quote is not closed: add the closing "', start)
        if query.startswith('""', close):
            parts.append(query[index:close] + '"')
            index = close + 2
            continue
        parts.append(query[index:close])
        return "".join(parts), close + 1


def _matching_paren(query: str, open_at: int) -> int:
    depth, index = 0, open_at
    quoted = _quoted_spans(query)
    while index < len(query):
        inside = next((end for start, end in quoted if start <= index < end), None)
        if inside is not None:
            index = inside
            continue
        if query[index] == "(":
            depth += 1
        elif query[index] == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise SearchSyntaxError(query, "a ( is not closed: add the closing )", open_at)


def _lex(query: str, start: int = 0, end: int | None = None, *, whole: str | None = None) -> list[_Token]:
    whole = query if whole is None else whole
    end = len(query) if end is None else end
    atomic = _atomic_spans(whole)
    tokens: list[_Token] = []
    index = start
    while index < end:
        character = whole[index]
        if character.isspace():
            index += 1
        elif index in atomic and atomic[index] <= end:
            tokens.append(_Token("WORD", whole[index:atomic[index]], index, atomic[index]))
            index = atomic[index]
        elif character == '"':
            text, after = _read_phrase(whole, index)
            prefix = after < end and whole[after] == "*"
            tokens.append(_Token("PHRASE", text, index, after + prefix, prefix=prefix))
            index = after + prefix
        elif character in "()":
            tokens.append(_Token("LP" if character == "(" else "RP", character, index, index + 1))
            index += 1
        else:
            stop = index
            while stop < end and not whole[stop].isspace() and whole[stop] not in '"()':
                stop += 1
            word = whole[index:stop]
            following = whole[stop:end].lstrip()
            if word == "NEAR" and following.startswith("("):
                open_at = end - len(following)
                close = _matching_paren(whole, open_at)
                tokens.append(_near(whole, index, open_at, close))
                index = close + 1
                continue
            tokens.append(_Token(word if word in OPERATORS else "WORD", word, index, stop))
            index = stop
    return tokens


def _near(query: str, start: int, open_at: int, close: int) -> _Token:
    """``NEAR(a "b c" d*, 5)``: phrases and an optional distance."""
    inner_end, distance = close, None
    found = _NEAR_DISTANCE.search(query, open_at + 1, close)
    if found:
        inner_end, distance = found.start(), int(found.group(1))
    phrases = _lex(query, open_at + 1, inner_end, whole=query)
    for token in phrases:
        if token.kind not in ("WORD", "PHRASE"):
            raise SearchSyntaxError(query, "NEAR(...) holds words and phrases, then an optional , distance",
                                    token.start)
    token = _Token("NEAR", query[start:close + 1], start, close + 1, phrases=phrases, distance=distance)
    if not [phrase for phrase in phrases if _phrase(query, phrase)]:
        raise SearchSyntaxError(query, "NEAR(...) needs words inside it", start)
    return token


# ---- identifiers -------------------------------------------------------------------------------------------------

def _phone_numbers(raw: str) -> list[phonenumbers.PhoneNumber]:
    """Every valid reading of ``raw`` as a phone number in the regions the entities stage uses."""
    numbers: dict[str, phonenumbers.PhoneNumber] = {}
    for region in DEFAULT_REGIONS:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            numbers.setdefault(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), number)
    return list(numbers.values())


def _groups(digits: str, size: int) -> str:
    return " ".join(digits[index:index + size] for index in range(0, len(digits), size))


def _phone_forms(number: phonenumbers.PhoneNumber) -> list[str]:
    national = phonenumbers.national_significant_number(number)
    code = str(number.country_code)
    forms = [phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
             phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
             national, code + national, "00" + code + national]
    if len(national) % 3 == 0:  # 600 123 456
        forms += [_groups(national, 3), f"{code} {_groups(national, 3)}"]
    return forms


def _identifier(found: Found, typed: str) -> Identifier:
    """The values and forms to search for one identifier found in a query."""
    normalized, forms = [found.normalized], [found.text]
    if found.label == "PHONE" and found.normalized.startswith(PHONE_SUFFIX):
        forms.append(found.normalized.removeprefix(PHONE_SUFFIX))  # written in one piece
    elif found.label == "PHONE":
        numbers = _phone_numbers(found.text)
        normalized += [phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) for number in numbers]
        for number in numbers:
            forms += _phone_forms(number)
        if not found.text.lstrip("( ").startswith(("+", "00")):  # typed without a country code: it may be
            digits = "".join(character for character in found.text if character.isdigit()).lstrip("0")
            if 7 <= len(digits) <= 15:  # another country's number that reads as a default region's too
                normalized.append(PHONE_SUFFIX + digits)
    elif found.label == "IBAN":
        forms += [found.normalized, _groups(found.normalized, 4)]
    elif found.label == "CARD":
        forms += [found.normalized, _groups(found.normalized, 4)]
        if len(found.normalized) == 15:  # American Express: 4-6-5
            forms.append(f"{found.normalized[:4]} {found.normalized[4:10]} {found.normalized[10:]}")
    elif found.label == "URL":
        bare = found.normalized.split("://", 1)[1].rstrip("/")  # the same page with or without TLS or a last /
        normalized += [f"{scheme}://{bare}{slash}" for scheme in ("http", "https") for slash in ("", "/")]
    elif found.label == "IP":
        forms.append(found.normalized)
        address = ipaddress.ip_address(found.normalized)
        if address.version == 6:
            forms.append(address.exploded)
    elif found.label in ("EMAIL", "HANDLE"):
        normalized.append(found.text.lower())
    return Identifier(found.label, typed, tuple(dict.fromkeys(normalized)), tuple(dict.fromkeys(forms)))


def find_query_identifiers(text: str) -> list[Found]:
    """Identifiers in a run of words, longest first where two overlap (an IBAN typed in lower case too)."""
    found = list(find_identifiers(text))
    if text.upper() != text:
        found += [item for item in find_identifiers(text.upper()) if item.label == "IBAN"]
    chosen: list[Found] = []
    for item in sorted(found, key=lambda item: (-(item.end - item.start), item.start)):
        if not any(item.start < other.end and other.start < item.end for other in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda item: item.start)


PHONE_SUFFIX = "suffix:"  # a normalised value that stands for "a phone number ending in these digits"
_PHONE_DIGITS = re.compile(r"\+?\d{7,15}")  # one word: a number as written on a card or a form
_PHONE_GROUP = re.compile(r"\d{2,4}")


def _phone_suffix(words: list[str]) -> Found | None:
    """A number typed without its country code (``993836688``, ``993 836 688``) that no default region reads: it
    may be any phone number ending in these digits, so it becomes a PHONE whose normalised value is a suffix
    (matched against the case's phone entities). One word of 7 to 15 digits, or three or more groups of 2 to 4."""
    if len(words) == 1 and _PHONE_DIGITS.fullmatch(words[0]):
        digits = words[0].lstrip("+")
    elif len(words) >= 3 and all(_PHONE_GROUP.fullmatch(word) for word in words):
        digits = "".join(words)
    else:
        return None
    national = digits.lstrip("0")  # the trunk prefix (0 in most of Europe, 00 before a country code)
    if not 7 <= len(national) <= 15:
        return None
    text = " ".join(words)
    return Found("PHONE", text, PHONE_SUFFIX + national, 0, len(text))


def _spanning(query: str, first: _Token, last: _Token, run: list[_Token]) -> Found | None:
    """The identifier written across the words ``first`` .. ``last``, touching both, if there is one."""
    text = query[first.start:last.end]
    if first is not last and len("".join(text.split())) > IDENTIFIER_CHARS:
        return None  # longer than any IBAN, card or phone number written with spaces
    if not (any(character.isdigit() for character in text) or "@" in text or "://" in text
            or "www." in text.lower()):
        return None  # every identifier holds a digit, an @ or a URL's scheme or www.
    found = [item for item in find_query_identifiers(text)
             if item.start < first.end - first.start and item.end > last.start - first.start]
    if found:
        return max(found, key=lambda item: item.end - item.start)
    return _phone_suffix([token.text for token in run[run.index(first):run.index(last) + 1]])


def _mark_identifiers(query: str, tokens: list[_Token]) -> list[_Token]:
    """Runs of plain words that form an identifier become one IDENT token; so does a phrase that is one."""
    marked: list[_Token] = []
    run: list[_Token] = []

    def flush() -> None:
        """Left to right, the longest span of words (at most IDENTIFIER_WORDS) that is one identifier."""
        index = 0
        while index < len(run):
            for last in range(min(len(run), index + IDENTIFIER_WORDS) - 1, index - 1, -1):
                found = _spanning(query, run[index], run[last], run)
                if found is not None:
                    typed = query[run[index].start:run[last].end]
                    marked.append(_Token("IDENT", typed, run[index].start, run[last].end,
                                         identifier=_identifier(found, typed)))
                    index = last + 1
                    break
            else:
                marked.append(run[index])
                index += 1
        run.clear()

    for token in tokens:
        if token.kind == "WORD" and not token.text.endswith("*"):
            run.append(token)
            continue
        flush()
        if token.kind == "PHRASE" and not token.prefix:
            found = find_query_identifiers(token.text.strip())
            if len(found) == 1 and found[0].text == token.text.strip():
                token = _Token("IDENT", token.text, token.start, token.end,
                               identifier=_identifier(found[0], token.text.strip()))
        marked.append(token)
    flush()
    return marked


# ---- rendering ---------------------------------------------------------------------------------------------------

def _has_tokens(text: str) -> bool:
    """Whether the unicode61 tokenizer finds a word in ``text`` (letters, digits, marks, private use)."""
    return any(unicodedata.category(character)[0] in "LNM" or unicodedata.category(character) == "Co"
               for character in text)


def _token_key(text: str) -> tuple[str, ...]:
    """The words the tokenizer would see, to drop alternatives that search the same thing."""
    folded = "".join(character for character in unicodedata.normalize("NFKD", text.casefold())
                     if not unicodedata.combining(character))
    return tuple(re.findall(r"[^\W_]+", folded))


def _quote(text: str, prefix: bool = False) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _phrase(query: str, token: _Token) -> str | None:
    """A WORD or PHRASE as an FTS5 phrase, or None when it holds no word."""
    text, prefix = token.text, token.prefix
    if token.kind == "WORD":
        if text.endswith("*"):
            text, prefix = text[:-1], True
            if not _has_tokens(text):
                raise SearchSyntaxError(query, "a * needs the start of a word before it, as in madr*", token.start)
        if "*" in text:
            raise SearchSyntaxError(query, "a * goes at the end of a word, as in madr* (words are found by how "
                                    "they start)", token.start + text.index("*"))
    if not _has_tokens(text):
        return None
    return _quote(text, prefix)


def _alternatives(token: _Token, forms_in_case: FormsInCase | None) -> str:
    identifier = token.identifier
    assert identifier is not None
    texts = [identifier.typed, *identifier.forms]
    if forms_in_case is not None:
        texts += list(forms_in_case(identifier.label, identifier.normalized))[:MAX_CASE_FORMS]
    phrases, seen = [], set()
    for text in texts:
        key = _token_key(text)
        if key and key not in seen:
            seen.add(key)
            phrases.append(_quote(text))
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


# ---- parsing -----------------------------------------------------------------------------------------------------

class _Parser:
    """Recursive descent over the tokens, FTS5's precedence (NOT, AND, OR); builds the FTS5 text as it goes.

    Each parse method returns the FTS5 text of what it read, or None when it held no searchable word."""

    def __init__(self, query: str, tokens: list[_Token], forms_in_case: FormsInCase | None) -> None:
        self.query, self.tokens, self.forms_in_case, self.index = query, tokens, forms_in_case, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, reason: str, token: _Token | None) -> SearchSyntaxError:
        return SearchSyntaxError(self.query, reason, token.start if token else len(self.query))

    def parse(self) -> str | None:
        expression = self.any_of()
        token = self.peek()
        if token is not None:
            raise self.fail("a ) has no ( before it", token)
        return expression

    def any_of(self) -> str | None:
        parts = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            following = self.peek()
            if following is not None and following.kind == "NOT":
                raise self.fail("OR NOT cannot be searched: write a NOT b to leave b out", following)
            self.operand_expected("OR")
            parts.append(self.all_of())
        return _join(parts, " OR ")

    def all_of(self) -> str | None:
        parts = [self.without()]
        while (token := self.peek()) is not None and (token.kind == "AND" or token.kind in (*_LEAF_KINDS, "LP")):
            if token.kind == "AND":
                self.take()
                following = self.peek()
                if following is not None and following.kind == "NOT":  # a AND NOT b: FTS5's NOT is binary
                    self.take()
                    self.operand_expected("NOT")
                    parts = [_without(self, _join(parts, " AND "), self.unary(), following)]
                    continue
                self.operand_expected("AND")
            parts.append(self.without())
        return _join(parts, " AND ")

    def without(self) -> str | None:
        keep = self.unary()
        while (token := self.peek()) is not None and token.kind == "NOT":
            self.take()
            self.operand_expected("NOT")
            keep = _without(self, keep, self.unary(), token)
        return keep

    def operand_expected(self, operator: str) -> None:
        token = self.peek()
        if token is None:
            raise self.fail(f"{operator} at the end needs a word or phrase after it", None)
        if token.kind in OPERATORS or token.kind == "RP":
            raise self.fail(f"{operator} needs a word or phrase after it, not {token.text}", token)

    def unary(self) -> str | None:
        token = self.peek()
        if token is None:
            raise self.fail("a word or phrase is missing at the end", None)
        if token.kind == "NOT":
            raise self.fail("NOT needs something before it: write a NOT b (or a AND NOT b)", token)
        if token.kind in ("AND", "OR"):
            raise self.fail(f"{token.kind} needs a word or phrase before it", token)
        if token.kind == "RP":
            raise self.fail("a ) has no ( before it", token)
        self.take()
        if token.kind == "LP":
            following = self.peek()
            if following is None:
                raise self.fail("a ( is not closed: add the closing )", token)
            if following.kind == "RP":
                raise self.fail("empty parentheses", token)
            inner = self.any_of()
            closing = self.peek()
            if closing is None or closing.kind != "RP":
                raise self.fail("a ( is not closed: add the closing )", token)
            self.take()
            return inner  # already in parentheses when compound
        if token.kind == "IDENT":
            return _alternatives(token, self.forms_in_case)
        if token.kind == "NEAR":
            phrases = [phrase for phrase in (_phrase(self.query, item) for item in token.phrases) if phrase]
            distance = f", {token.distance}" if token.distance is not None else ""
            return f"NEAR({' '.join(phrases)}{distance})"
        return _phrase(self.query, token)


def _join(parts: list[str | None], operator: str) -> str | None:
    kept = [part for part in parts if part]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else "(" + operator.join(kept) + ")"


def _without(parser: _Parser, keep: str | None, drop: str | None, token: _Token) -> str | None:
    if keep is None:
        raise parser.fail("NOT needs a word or phrase before it", token)
    return keep if drop is None else f"({keep} NOT {drop})"


def compile_query(query: str, forms_in_case: FormsInCase | None = None) -> CompiledQuery:
    """The FTS5 expression for an examiner's ``query``; ``forms_in_case`` adds the case's forms of identifiers.

    Raises :class:`SearchSyntaxError` (a :class:`UsageError`) with one line for what cannot be read."""
    if not query.strip():
        raise SearchSyntaxError(query, "an empty search")
    tokens = _mark_identifiers(query, _lex(query))
    fts = _Parser(query, tokens, forms_in_case).parse()
    if fts is None:
        raise SearchSyntaxError(query, "nothing to search for: give words, numbers or identifiers", 0)
    return CompiledQuery(query, fts, tuple(token.identifier for token in tokens if token.identifier))


def check_query(query: str) -> None:
    """Raise :class:`SearchSyntaxError` when ``query`` cannot be read (for a search box, before running it)."""
    compile_query(query)
