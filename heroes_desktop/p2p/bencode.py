"""Bencode (BEP 3) for the BitTorrent record parsers: one bounded decode through ``fastbencode``, a span scanner that
finds the exact bytes of a value (the info-hash is the hash of the ``info`` bytes as stored, not of a re-encoding),
and typed look-ups that turn a wrong type into :class:`MalformedRecord` naming the key.

The scanner checks the whole input before ``fastbencode`` sees it: nesting deeper than :data:`MAX_DEPTH`, a string
longer than the bytes left, an integer with leading zeros, ``-0`` or more than :data:`MAX_INT_DIGITS` digits, a
dictionary key that is not a string, and bytes after the top-level value are all refused with the offset.
"""

from __future__ import annotations

from collections.abc import Mapping

import fastbencode

from heroes_desktop.p2p.byte_reader import unix_time_iso
from heroes_desktop.p2p.errors import MalformedRecord, require_size

MAX_INPUT_BYTES = 256 * 1024 * 1024  # a resume.dat of many thousand torrents is tens of MiB
MAX_DEPTH = 64  # real files nest 4 to 6 levels (a v2 file tree: one level per folder)
MAX_INT_DIGITS = 32  # 2**64 has 20 digits

_DIGITS = frozenset(b"0123456789")


def value_end(data: bytes, pos: int, what: str, depth: int = 0) -> int:
    """The offset just past the bencoded value that starts at ``pos``; raises on anything not strict bencode."""
    if depth > MAX_DEPTH:
        raise MalformedRecord(f"{what}: bencode nested deeper than {MAX_DEPTH} levels at offset {pos}")
    if pos >= len(data):
        raise MalformedRecord(f"{what}: bencode value missing (truncated) at offset {pos}")
    lead = data[pos]
    if lead == 0x69:  # i<digits>e
        return _int_end(data, pos, what)
    if lead in _DIGITS:
        return _string_end(data, pos, what)
    if lead == 0x6C:  # l ... e
        pos += 1
        while _peek(data, pos, what) != 0x65:
            pos = value_end(data, pos, what, depth + 1)
        return pos + 1
    if lead == 0x64:  # d (string value)* e
        pos += 1
        while _peek(data, pos, what) != 0x65:
            if data[pos] not in _DIGITS:
                raise MalformedRecord(f"{what}: bencode dictionary key is not a string at offset {pos}")
            pos = _string_end(data, pos, what)
            pos = value_end(data, pos, what, depth + 1)
        return pos + 1
    raise MalformedRecord(f"{what}: not bencode (byte 0x{lead:02x}) at offset {pos}")


def _peek(data: bytes, pos: int, what: str) -> int:
    if pos >= len(data):
        raise MalformedRecord(f"{what}: bencode list or dictionary not closed (truncated) at offset {pos}")
    return data[pos]


def _int_end(data: bytes, pos: int, what: str) -> int:
    end = data.find(b"e", pos + 1, pos + 3 + MAX_INT_DIGITS)
    if end < 0:
        raise MalformedRecord(f"{what}: bencode integer not closed or over {MAX_INT_DIGITS} digits at offset {pos}")
    body = data[pos + 1:end]
    digits = body[1:] if body.startswith(b"-") else body
    leading_zero = bool(digits) and digits[0] == 0x30 and (len(digits) > 1 or body[0] == 0x2D)  # 03, -0
    if not digits or not all(c in _DIGITS for c in digits) or leading_zero:
        raise MalformedRecord(f"{what}: bad bencode integer {body[:40]!r} at offset {pos}")
    return end + 1


def _string_end(data: bytes, pos: int, what: str) -> int:
    colon = data.find(b":", pos, pos + 21)
    if colon < 0:
        raise MalformedRecord(f"{what}: bencode string length not closed by ':' at offset {pos}")
    digits = data[pos:colon]
    if not all(c in _DIGITS for c in digits) or (digits[0] == 0x30 and len(digits) > 1):
        raise MalformedRecord(f"{what}: bad bencode string length {digits!r} at offset {pos}")
    length = int(digits)
    if length > len(data) - colon - 1:
        raise MalformedRecord(
            f"{what}: bencode string of {length} bytes, {len(data) - colon - 1} left (truncated) at offset {pos}")
    return colon + 1 + length


def decode(data: bytes, what: str) -> object:
    """The one bencoded value that is the whole of ``data``; raises MalformedRecord with the reason."""
    require_size(data, what, MAX_INPUT_BYTES, "bencode")
    end = value_end(data, 0, what)
    if end != len(data):
        raise MalformedRecord(f"{what}: {len(data) - end} bytes after the bencoded value at offset {end}")
    try:
        return fastbencode.bdecode(data)
    except ValueError as error:
        if "disordered" not in str(error):  # the scanner passed, so this is fastbencode's own stricter check
            raise MalformedRecord(f"{what}: bencode refused ({error}) at offset 0") from error
    except (TypeError, RecursionError) as error:
        raise MalformedRecord(f"{what}: bencode refused ({error}) at offset 0") from error
    # Keys out of order or repeated: against BEP 3, but written by some tools and read by the clients (libtorrent
    # finds the first of a repeated key), so read it the same way rather than lose the record.
    return _lenient_value(data, 0, what)[0]


def _lenient_value(data: bytes, pos: int, what: str) -> tuple[object, int]:
    """Decode an already scanned value, allowing unsorted or repeated dictionary keys (the first one counts)."""
    lead = data[pos]
    if lead == 0x69:
        end = data.index(b"e", pos)
        return int(data[pos + 1:end]), end + 1
    if lead in _DIGITS:
        colon = data.index(b":", pos)
        end = colon + 1 + int(data[pos:colon])
        return data[colon + 1:end], end
    pos += 1
    if lead == 0x6C:
        items = []
        while data[pos] != 0x65:
            item, pos = _lenient_value(data, pos, what)
            items.append(item)
        return items, pos + 1
    mapping: dict[bytes, object] = {}
    while data[pos] != 0x65:
        key, pos = _lenient_value(data, pos, what)
        value, pos = _lenient_value(data, pos, what)
        mapping.setdefault(key, value)  # type: ignore[arg-type]
    return mapping, pos + 1


def decode_dict(data: bytes, what: str) -> dict[bytes, object]:
    """``decode`` for files whose top level is a dictionary (all the BitTorrent files read here)."""
    value = decode(data, what)
    if not isinstance(value, dict):
        raise MalformedRecord(f"{what}: top-level bencode value is a {type(value).__name__}, not a dictionary "
                              "at offset 0")
    return value


def dict_value_span(data: bytes, key: bytes, what: str) -> tuple[int, int] | None:
    """Where the value of ``key`` in the top-level dictionary lies in ``data`` (start, end), or None if absent."""
    if not data.startswith(b"d"):
        raise MalformedRecord(f"{what}: top-level bencode value is not a dictionary at offset 0")
    pos = 1
    while _peek(data, pos, what) != 0x65:
        key_start = pos
        pos = _string_end(data, pos, what)
        colon = data.index(b":", key_start)
        value_start = pos
        pos = value_end(data, pos, what, 1)
        if data[colon + 1:value_start] == key:
            return value_start, pos
    return None


# Typed look-ups: a key of the wrong type is a damaged record, named with its key.

def get_times(mapping: Mapping[bytes, object], keys: Mapping[bytes, str], what: str) -> dict[str, str]:
    """The Unix times at ``keys`` (bencode key -> event name) as ISO 8601 UTC; absent or impossible ones left out."""
    times = {}
    for key, name in keys.items():
        seconds = get_int(mapping, key, what, minimum=None)
        if seconds is not None and (iso := unix_time_iso(seconds)):
            times[name] = iso
    return times


def get_int(mapping: Mapping[bytes, object], key: bytes, what: str, *, minimum: int | None = 0,
            maximum: int = 2**63 - 1) -> int | None:
    """An integer value in [minimum, maximum], None when absent."""
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' is a {type(value).__name__}, not an integer")
    if (minimum is not None and value < minimum) or value > maximum:
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' {value} is outside [{minimum}, {maximum}]")
    return value


def get_bytes(mapping: Mapping[bytes, object], key: bytes, what: str, *, size: int | None = None) -> bytes | None:
    """A byte-string value (of exactly ``size`` bytes when given), None when absent."""
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, bytes):
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' is a {type(value).__name__}, not a string")
    if size is not None and len(value) != size:
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' has {len(value)} bytes, not {size}")
    return value


def get_text(mapping: Mapping[bytes, object], key: bytes, what: str) -> str | None:
    """A string value as text (see :func:`text`), None when absent."""
    value = get_bytes(mapping, key, what)
    return None if value is None else text(value)


def get_dict(mapping: Mapping[bytes, object], key: bytes, what: str) -> dict[bytes, object] | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' is a {type(value).__name__}, not a dictionary")
    return value


def get_list(mapping: Mapping[bytes, object], key: bytes, what: str) -> list[object] | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise MalformedRecord(f"{what}: '{key.decode('latin-1')}' is a {type(value).__name__}, not a list")
    return value


def text(raw: bytes) -> str:
    """Bencoded text as the clients write it (UTF-8); bytes that are not UTF-8 become U+FFFD (see :func:`raw_hex`)."""
    return raw.decode("utf-8", errors="replace")


def raw_hex(raw: bytes) -> str | None:
    """The raw bytes in hex when they are not valid UTF-8 (so that :func:`text` lost something), else None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    return None
