"""Identifiers found by rules and validated, not guessed: e-mail addresses, phone numbers (E.164), URLs, IP
addresses, IBANs (checksum), payment cards (Luhn), Bitcoin (Base58Check, Bech32) and Ethereum (EIP-55) addresses,
social-media handles.

Libraries: phonenumbers (Google's libphonenumber) for phones, python-stdnum for IBAN and Luhn, base58 and bech32
for Bitcoin, pycryptodomex's Keccak for Ethereum checksums, the standard library's ipaddress for IPs.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import base58
import bech32
import phonenumbers
from Cryptodome.Hash import keccak
from stdnum import iban, luhn

DEFAULT_REGIONS = ("US", "ES", "GB", "MX")


@dataclass(frozen=True)
class Found:
    label: str  # EMAIL, PHONE, URL, IP, IBAN, CARD, CRYPTO, HANDLE
    text: str
    normalized: str
    start: int
    end: int


_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_BTC_BASE58 = re.compile(r"\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b")
_BTC_BECH32 = re.compile(r"\b(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}\b")
_ETH = re.compile(r"\b0x[0-9a-fA-F]{40}\b")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b")
_CARD_PREFIXES = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5)|3(?:0[0-5]|[68]))")


def _emails(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        yield Found("EMAIL", match.group(), match.group().lower(), match.start(), match.end())


def _urls(text: str) -> Iterator[Found]:
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        yield Found("URL", url, url if "://" in url else "http://" + url, match.start(), match.start() + len(url))


def _ips(text: str) -> Iterator[Found]:
    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            try:
                address = ipaddress.ip_address(match.group())
            except ValueError:
                continue
            yield Found("IP", match.group(), str(address), match.start(), match.end())


_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \t().-]{5,22}\d(?![\w-])")


def _valid_somewhere(raw: str, regions: Iterable[str]) -> str | None:
    """The first region in which ``raw`` parses as a valid number (a cheap test before the matcher)."""
    for region in regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(raw, region)):
                return region
        except phonenumbers.NumberParseException:
            continue
    return None


def _phones(text: str, regions: Iterable[str]) -> Iterator[Found]:
    """Phone-like runs of digits that parse as valid numbers, then read by phonenumbers' own matcher (VALID
    leniency) in that region. The matcher over whole documents costs about 3 s per MB and region; over the few
    plausible candidates, the same library decides at a fraction of that."""
    for candidate in _PHONE_CANDIDATE.finditer(text):
        raw = candidate.group()
        if sum(character.isdigit() for character in raw) < 7:
            continue
        region = _valid_somewhere(raw.strip(), regions)
        if region is None:
            continue
        for match in phonenumbers.PhoneNumberMatcher(raw, region, leniency=phonenumbers.Leniency.VALID):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            start = candidate.start() + match.start
            yield Found("PHONE", match.raw_string, e164, start, start + len(match.raw_string))


def _ibans(text: str) -> Iterator[Found]:
    for match in _IBAN.finditer(text):
        compact = match.group().replace(" ", "")
        if iban.is_valid(compact):
            yield Found("IBAN", match.group(), compact, match.start(), match.end())


def _cards(text: str) -> Iterator[Found]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _CARD_PREFIXES.match(digits) and luhn.is_valid(digits):
            yield Found("CARD", match.group(), digits, match.start(), match.end())


def _eip55_valid(address: str) -> bool:
    body = address[2:]
    if body.islower() or body.isupper():
        return True  # no checksum carried: valid hex is all that can be checked
    digest = keccak.new(digest_bits=256, data=body.lower().encode("ascii")).hexdigest()
    return all((character.isupper() == (int(nibble, 16) >= 8)) for character, nibble in zip(body, digest, strict=False)
               if character.isalpha())


def _crypto(text: str) -> Iterator[Found]:
    for match in _BTC_BASE58.finditer(text):
        try:
            version = base58.b58decode_check(match.group())[:1]
        except ValueError:
            continue
        if version in (b"\x00", b"\x05"):
            yield Found("CRYPTO", match.group(), f"bitcoin:{match.group()}", match.start(), match.end())
    for match in _BTC_BECH32.finditer(text):
        if bech32.decode("bc", match.group().lower()) != (None, None):
            yield Found("CRYPTO", match.group(), f"bitcoin:{match.group().lower()}", match.start(), match.end())
    for match in _ETH.finditer(text):
        if _eip55_valid(match.group()):
            yield Found("CRYPTO", match.group(), f"ethereum:{match.group().lower()}", match.start(), match.end())


def _handles(text: str, emails: list[Found]) -> Iterator[Found]:
    for match in _HANDLE.finditer(text):
        if any(found.start <= match.start() < found.end for found in emails):
            continue
        yield Found("HANDLE", match.group(), match.group().lower(), match.start(), match.end())


def find_identifiers(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> list[Found]:
    """Every validated identifier in ``text``, in order of appearance."""
    emails = list(_emails(text))
    found = [*emails, *_urls(text), *_ips(text), *_phones(text, regions), *_ibans(text), *_cards(text),
             *_crypto(text), *_handles(text, emails)]
    cards = [(item.start, item.end) for item in found if item.label in ("CARD", "IBAN")]
    found = [item for item in found if item.label != "PHONE" or not any(
        start <= item.start < end for start, end in cards)]  # a card number is not also a phone number
    return sorted(found, key=lambda item: (item.start, item.label))
