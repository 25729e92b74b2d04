"""The dates an item states about itself, and how a written date becomes the case's UTC time.

Every time kept in ``file_dates`` has the exact form of :func:`heroes_desktop.evidence.entries.iso_utc`
(``YYYY-MM-DDTHH:MM:SS[.fraction]Z``), so that the timeline can sort them with the file-system times as text.
A value written without a zone is taken as UTC and says so (``assumed_utc``); a value no calendar holds (year 0,
month 13) or one outside 1970-2100 is refused with :class:`ImpossibleDate`, since it dates nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2101, 1, 1, tzinfo=timezone.utc)  # "far in the future": after 2100


class DateError(ValueError):
    """Base of the timeline's date errors."""


class ImpossibleDate(DateError):
    """A written value that is no real moment (month 13, year 0) or lies outside 1970-2100."""


@dataclass(frozen=True)
class ItemDate:
    """One date an item states: its kind (``email-date``, ``doc-created``, ...), UTC time, where it was read,
    the value as written, and whether a zone was missing and UTC assumed."""

    kind: str
    time: str
    source: str
    original: str
    assumed_utc: bool = False


def iso_utc_text(moment: datetime, fraction: str = "") -> str:
    """``moment`` (naive = UTC) as the case's ISO 8601 UTC text; ``fraction`` is the written fraction's digits."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if not EARLIEST <= moment < LATEST:
        raise ImpossibleDate(f"{moment:%Y-%m-%d} lies outside 1970-2100")
    digits = fraction[:9].rstrip("0")
    if not digits and moment.microsecond:
        digits = f"{moment.microsecond:06d}".rstrip("0")
    stamp = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:" \
            f"{moment.second:02d}"
    return f"{stamp}.{digits}Z" if digits else f"{stamp}Z"


def _moment(year: str, month: str | None, day: str | None, hour: str | None, minute: str | None,
            second: str | None, offset_minutes: int | None) -> datetime:
    """A datetime of written parts (missing ones at their start), UTC when there is no offset."""
    zone = timezone.utc if offset_minutes is None else timezone(timedelta(minutes=offset_minutes))
    try:
        return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                         int(second or 0), tzinfo=zone)
    except (ValueError, OverflowError) as error:
        raise ImpossibleDate(f"not a date: {error}") from None


_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"(?:(Z)|([+-])(\d{2})'?(?:(\d{2})'?)?)?")


def pdf_date(value: str) -> tuple[str, bool]:
    """A PDF date (``D:YYYYMMDDHHmmSSOHH'mm'``, any tail part missing) as (UTC text, assumed UTC)."""
    match = _PDF_DATE.match(value)
    if match is None:
        raise ImpossibleDate(f"not a PDF date: {value!r}")
    year, month, day, hour, minute, second, zulu, sign, hours, minutes = match.groups()
    offset = None if sign is None else (1 if sign == "+" else -1) * (int(hours) * 60 + int(minutes or 0))
    moment = _moment(year, month, day, hour, minute, second, 0 if zulu else offset)
    return iso_utc_text(moment), zulu is None and sign is None


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?)?"
                       r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$")


def w3c_date(value: str) -> tuple[str, bool]:
    """An ISO 8601 / W3CDTF date (OOXML, ODF, XMP) as (UTC text, assumed UTC); dateutil for other forms."""
    match = _ISO_DATE.match(value)
    if match is None:
        return _dateutil_date(value)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    offset = None if zone is None else _offset_minutes(zone)
    moment = _moment(year, month, day, hour, minute, second, offset)
    return iso_utc_text(moment, fraction or ""), zone is None


def _offset_minutes(zone: str) -> int:
    """``Z``, ``+02``, ``+0200`` or ``-05:30`` as minutes east of UTC."""
    if zone == "Z":
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if minutes >= 24 * 60:
        raise ImpossibleDate(f"not a zone: {zone!r}")
    return minutes if zone[0] == "+" else -minutes


def _dateutil_date(value: str) -> tuple[str, bool]:
    """What the standard library cannot read (``Tue, 3 Sep 2024 10:00``, ``2024/09/03 10:00``), by dateutil."""
    from dateutil import parser

    try:
        moment = parser.parse(value)
    except (ValueError, OverflowError) as error:
        raise ImpossibleDate(f"not a date: {value!r}") from error
    return iso_utc_text(moment), moment.tzinfo is None


_EXIF_DATE = re.compile(r"^\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def exif_date(value: str, offset: str | None = None, subseconds: str | None = None) -> tuple[str, bool]:
    """An EXIF ``YYYY:MM:DD HH:MM:SS`` (with OffsetTime ``+02:00`` when given) as (UTC text, assumed UTC)."""
    match = _EXIF_DATE.match(value)
    if match is None:
        raise ImpossibleDate(f"not an EXIF date: {value!r}")
    zone = (offset or "").strip()
    minutes = _offset_minutes(zone) if re.fullmatch(r"Z|[+-]\d{2}:?\d{2}", zone) else None
    moment = _moment(*match.groups(), minutes)
    fraction = (subseconds or "").strip()
    return iso_utc_text(moment, fraction if fraction.isdigit() else ""), minutes is None


def item_dates(data: bytes, mime: str | None, name: str) -> list[ItemDate]:
    """Every date the item states about itself (e-mail Date, document metadata, EXIF), in UTC."""
    from heroes_desktop.timeline.document_metadata import read_document_metadata  # it builds on this module

    return list(read_document_metadata(data, mime, name).dates)
