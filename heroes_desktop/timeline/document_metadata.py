"""What a document, e-mail or photo says about itself: title, author, software, and its dates in UTC.

One reader per format, each given the whole file's bytes: e-mail headers by the standard library's ``email``,
PDF by PyMuPDF, OOXML and ODF by ``zipfile`` + ElementTree on their small metadata members (bounded, and never an
XML with a DTD or entities), images by Pillow's EXIF reader (no pixel is decoded). Evidence is hostile: whatever
a reader cannot read becomes a sentence in ``notes``, never an exception (a MemoryError still ends the item).
"""

from __future__ import annotations

import email.header
import email.parser
import email.policy
import email.utils
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from heroes_desktop.timeline.dates import DateError, ItemDate, exif_date, iso_utc_text, pdf_date, w3c_date

__all__ = ["DocumentMetadata", "ItemDate", "read_document_metadata"]

MAX_MEMBER_BYTES = 4 * 2**20  # a core.xml / meta.xml larger than this is no honest metadata member
MAX_FIELD_CHARS = 2000
MAX_IMAGE_PIXELS = 64_000_000  # as the phash stage: the header may claim a canvas, nothing is decoded


@dataclass(frozen=True)
class DocumentMetadata:
    """The format read ("pdf", "ooxml", "odf", "email", "image" or "none"), human-readable fields in a fixed
    order, the dates stated, and a sentence for everything that could not be read."""

    format: str
    fields: dict[str, str] = field(default_factory=dict)
    dates: tuple[ItemDate, ...] = ()
    notes: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # the notes that only say the format's metadata is not there: nothing failed


@dataclass
class _Found:
    """What a reader collects, in the order it reads."""

    fields: dict[str, str] = field(default_factory=dict)
    dates: list[ItemDate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    def missing(self, note: str) -> None:
        """A note that the metadata the format can hold is simply not there (a message without a Date header)."""
        self.notes.append(note)
        self.absent.append(note)

    def add_field(self, label: str, value: object) -> None:
        text = _clean(value)
        if text and label not in self.fields:
            self.fields[label] = text

    def date(self, kind: str, source: str, original: object, convert: Callable[[str], tuple[str, bool]]) -> None:
        """Add a date read at ``source``; an impossible or unreadable one becomes a note."""
        written = _clean(original)
        if not written or any(date.kind == kind for date in self.dates):
            return
        try:
            time, assumed = convert(written)
        except (DateError, ValueError, OverflowError) as error:
            self.notes.append(f"{source} {written!r} is not a date and was left out ({error}).")
            return
        self.dates.append(ItemDate(kind, time, source, written, assumed))


def _clean(value: object) -> str:
    """A value as one printable line, bounded (metadata is written by whoever made the file)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(value)).strip()
    return text[:MAX_FIELD_CHARS]


# -- e-mail -----------------------------------------------------------------------------------------------------------

def _email_date(value: str) -> tuple[str, bool]:
    moment = email.utils.parsedate_to_datetime(value)  # naive for "-0000" or no zone at all
    return iso_utc_text(moment), moment.tzinfo is None


def _decoded(raw: str) -> str:
    """A header with its RFC 2047 encoded words decoded."""
    return str(email.header.make_header(email.header.decode_header(raw)))


def _read_email(data: bytes, found: _Found) -> None:
    """The headers of an RFC 5322 message (the body is never parsed)."""
    end = re.search(rb"\r?\n\r?\n", data)
    head = data[: end.end()] if end else data[:1_000_000]
    message = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
    for label in ("From", "To", "Subject", "Message-ID"):
        raw = message.get(label)
        if raw is None:
            continue
        try:
            found.add_field(label, _decoded(str(raw)))
        except Exception as error:  # hostile encoded words: the header is shown as written
            found.add_field(label, raw)
            found.notes.append(f"The {label} header could not be decoded ({type(error).__name__}).")
    raw_date = message.get("Date")
    if raw_date is None:
        found.missing("The message has no Date header.")
        return
    found.date("email-date", "Date header", str(raw_date), _email_date)


# -- PDF --------------------------------------------------------------------------------------------------------------

_XMP_VALUE = r"xmp:{name}\s*=\s*[\"']([^\"']+)[\"']|<xmp:{name}>\s*([^<]+?)\s*</xmp:{name}>"


def _xmp_value(xmp: str, name: str) -> str | None:
    """An xmp:CreateDate / ModifyDate value, attribute or element form (read as text: no XML parser needed)."""
    match = re.search(_XMP_VALUE.format(name=name), xmp)
    return (match.group(1) or match.group(2)) if match else None


def _read_pdf(data: bytes, found: _Found) -> None:
    import pymupdf

    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises its own types (FileDataError, RuntimeError) on corrupt files
        found.notes.append(f"The PDF could not be opened ({_reason(error)}).")
        return
    with document:
        info = document.metadata or {}
        if document.needs_pass and not any(info.get(key) for key in ("creationDate", "modDate", "title")):
            found.notes.append("The PDF is encrypted: its metadata could not be read.")
        for label, key in (("Title", "title"), ("Author", "author"), ("Creator", "creator"),
                           ("Producer", "producer"), ("Subject", "subject"), ("Keywords", "keywords")):
            found.add_field(label, info.get(key))
        found.add_field("Pages", document.page_count if not document.needs_pass else None)
        found.date("doc-created", "PDF /CreationDate", info.get("creationDate"), pdf_date)
        found.date("doc-modified", "PDF /ModDate", info.get("modDate"), pdf_date)
        if info.get("creationDate") and info.get("modDate"):
            return
        try:
            xmp = document.get_xml_metadata() or ""
        except Exception as error:
            found.notes.append(f"The PDF's XMP metadata could not be read ({_reason(error)}).")
            return
        if not info.get("creationDate"):
            found.date("doc-created", "PDF XMP xmp:CreateDate", _xmp_value(xmp, "CreateDate"), w3c_date)
        if not info.get("modDate"):
            found.date("doc-modified", "PDF XMP xmp:ModifyDate", _xmp_value(xmp, "ModifyDate"), w3c_date)


def _reason(error: BaseException) -> str:
    text = _clean(error)[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# -- OOXML and ODF (zip packages) -------------------------------------------------------------------------------------

_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "app": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
_DECLARATIONS = tuple(marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                      for encoding in ("ascii", "utf-16-le", "utf-16-be"))


def _member_xml(archive: zipfile.ZipFile, name: str, found: _Found) -> ElementTree.Element | None:
    """A small XML member of the package, parsed safely; None (with a note when it is bad) otherwise."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER_BYTES:
        found.notes.append(f"{name} claims {info.file_size} bytes, more than {MAX_MEMBER_BYTES}: it was not read.")
        return None
    with archive.open(info) as member:
        content = member.read(MAX_MEMBER_BYTES + 1)  # the declared size may lie: the read is bounded too
    if len(content) > MAX_MEMBER_BYTES:
        found.notes.append(f"{name} holds more than {MAX_MEMBER_BYTES} bytes: it was not read.")
        return None
    if any(marker in content.upper() for marker in _DECLARATIONS):
        found.notes.append(f"{name} declares a DTD or entities: it was not parsed.")
        return None
    try:
        return ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        found.notes.append(f"{name} is not well-formed XML ({error}).")
        return None


def _text(root: ElementTree.Element, path: str) -> str | None:
    element = root.find(path, _NS)
    return element.text if element is not None else None


def _read_ooxml(archive: zipfile.ZipFile, found: _Found) -> None:
    """docProps/core.xml (title, people, dates) and docProps/app.xml (the application, pages)."""
    core = _member_xml(archive, "docProps/core.xml", found)
    app = _member_xml(archive, "docProps/app.xml", found)
    if core is None and app is None and not found.notes:
        found.missing("The package has no docProps/core.xml or docProps/app.xml.")
    if core is not None:
        found.add_field("Title", _text(core, "dc:title"))
        found.add_field("Author", _text(core, "dc:creator"))
        found.add_field("Last modified by", _text(core, "cp:lastModifiedBy"))
    if app is not None:
        application = " ".join(filter(None, (_clean(_text(app, "app:Application")),
                                             _clean(_text(app, "app:AppVersion")))))
        found.add_field("Application", application)
    if core is not None:
        found.add_field("Subject", _text(core, "dc:subject"))
        found.add_field("Keywords", _text(core, "cp:keywords"))
        found.add_field("Language", _text(core, "dc:language"))
        found.add_field("Revision", _text(core, "cp:revision"))
    if app is not None:
        found.add_field("Pages", _text(app, "app:Pages") or _text(app, "app:Slides"))
    if core is not None:
        for kind, path in (("doc-created", "dcterms:created"), ("doc-modified", "dcterms:modified"),
                           ("doc-printed", "cp:lastPrinted")):
            found.date(kind, f"docProps/core.xml {path}", _text(core, path), w3c_date)


def _read_odf(archive: zipfile.ZipFile, found: _Found) -> None:
    """meta.xml: title, people, generator, statistics and the creation, save and print dates."""
    root = _member_xml(archive, "meta.xml", found)
    if root is None:
        if not found.notes:
            found.missing("The package has no meta.xml.")
        return
    meta = root.find("office:meta", _NS)
    if meta is None:
        found.missing("meta.xml has no office:meta element.")
        return
    found.add_field("Title", _text(meta, "dc:title"))
    found.add_field("Author", _text(meta, "meta:initial-creator"))
    found.add_field("Last modified by", _text(meta, "dc:creator"))  # ODF's dc:creator is who saved it last
    found.add_field("Application", _text(meta, "meta:generator"))
    found.add_field("Subject", _text(meta, "dc:subject"))
    found.add_field("Keywords", ", ".join(filter(None, (_clean(element.text)
                                                    for element in meta.findall("meta:keyword", _NS)))))
    found.add_field("Language", _text(meta, "dc:language"))
    found.add_field("Revision", _text(meta, "meta:editing-cycles"))
    statistics = meta.find("meta:document-statistic", _NS)
    if statistics is not None:
        found.add_field("Pages", statistics.get(f"{{{_NS['meta']}}}page-count"))
    for kind, path in (("doc-created", "meta:creation-date"), ("doc-modified", "dc:date"),
                       ("doc-printed", "meta:print-date")):
        found.date(kind, f"meta.xml {path}", _text(meta, path), w3c_date)


def _read_package(data: bytes, found: _Found, wanted: str) -> str:
    """An OOXML or ODF package (``wanted`` is the expected one, or "zip"): the format its members show."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        found.notes.append(f"The file is not a readable zip package ({_reason(error)}).")
        return "none" if wanted == "zip" else wanted
    with archive:
        names = set(archive.namelist())
        package = "ooxml" if "[Content_Types].xml" in names else "odf" if names & {"mimetype", "meta.xml"} else None
        if package is None and wanted == "zip":
            return "none"
        package = package or wanted
        try:
            (_read_ooxml if package == "ooxml" else _read_odf)(archive, found)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
                RuntimeError, ValueError) as error:  # bad CRC, unknown compression, encrypted member ...
            found.notes.append(f"The package's metadata could not be read ({_reason(error)}).")
        return package


# -- images -----------------------------------------------------------------------------------------------------------

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825


def _degrees(value: object, reference: object, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)  # type: ignore[attr-defined]
    sign = -1.0 if _clean(reference).upper().startswith(negative) else 1.0
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _gps_time(stamp: object, clock: object) -> tuple[str, str]:
    """GPSDateStamp + GPSTimeStamp as an EXIF-style date text and its fraction of a second (always UTC)."""
    hours, minutes, seconds = (float(part) for part in clock)  # type: ignore[attr-defined]
    whole = int(seconds)
    fraction = f"{seconds - whole:.6f}"[2:].rstrip("0")
    return f"{_clean(stamp)} {int(hours):02d}:{int(minutes):02d}:{whole:02d}", fraction


def _read_gps(gps: dict[int, object], found: _Found) -> None:
    if 2 in gps and 4 in gps:
        try:
            latitude, longitude = _degrees(gps[2], gps.get(1), "S"), _degrees(gps[4], gps.get(3), "W")
            if abs(latitude) <= 90 and abs(longitude) <= 180:
                found.add_field("GPS position", f"{latitude:.6f}, {longitude:.6f}")
            else:
                found.notes.append("The GPS position lies outside the globe and was left out.")
        except (TypeError, ValueError, ZeroDivisionError) as error:
            found.notes.append(f"The GPS position could not be read ({_reason(error)}).")
    if 29 in gps and 7 in gps:
        try:
            written, fraction = _gps_time(gps[29], gps[7])
        except (TypeError, ValueError, ZeroDivisionError) as error:
            found.notes.append(f"The GPS time could not be read ({_reason(error)}).")
            return
        found.date("gps-time", "EXIF GPSDateStamp + GPSTimeStamp", written,
                   lambda value: (exif_date(value, "+00:00", fraction)[0], False))


def _read_image(data: bytes, found: _Found) -> None:
    """The EXIF of an image: camera, software, the moments taken and digitised, and GPS time and position."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            with Image.open(io.BytesIO(data)) as image:
                exif = image.getexif()
                details, gps = dict(exif.get_ifd(_EXIF_IFD)), dict(exif.get_ifd(_GPS_IFD))
    except Image.DecompressionBombError as error:
        found.notes.append(f"The image claims an enormous canvas and was refused ({_reason(error)}).")
        return
    except Image.UnidentifiedImageError:
        found.notes.append("The image's format could not be identified: no metadata was read.")
        return
    except Exception as error:  # Pillow's plugins raise many types (SyntaxError, struct.error ...) on bad input
        found.notes.append(f"The image's metadata could not be read ({_reason(error)}).")
        return
    for warning in warned:  # Pillow warns of corrupt EXIF and reads on; a bomb warning is moot (nothing decoded)
        if not issubclass(warning.category, Image.DecompressionBombWarning):
            found.notes.append(f"The image's EXIF is damaged: {_clean(warning.message)[:200]}")
    found.add_field("Artist", exif.get(315))
    found.add_field("Software", exif.get(305))
    found.add_field("Camera make", exif.get(271))
    found.add_field("Camera model", exif.get(272))
    _read_gps(gps, found)
    for kind, tag, offset_tag, subsecond_tag, label in (
            ("exif-taken", 36867, 36881, 37521, "DateTimeOriginal"),
            ("exif-digitized", 36868, 36882, 37522, "DateTimeDigitized")):
        offset = _clean(details.get(offset_tag)) or None
        source = f"EXIF {label}" + (f" + OffsetTime{label[8:]}" if offset else "")
        original = _clean(details.get(tag)) + (f" {offset}" if offset and details.get(tag) else "")
        subseconds = _clean(details.get(subsecond_tag))
        found.date(kind, source, original,
                   lambda value, offset=offset, subseconds=subseconds: exif_date(value[:19], offset, subseconds))
    found.dates.sort(key=lambda date: ("exif-taken", "exif-digitized", "gps-time").index(date.kind))


# -- choosing the reader ----------------------------------------------------------------------------------------------

_MIME_FORMATS = {"message/rfc822": "email", "application/pdf": "pdf", "application/x-pdf": "pdf"}
_EXTENSIONS = {
    "email": (".eml",),
    "pdf": (".pdf",),
    "ooxml": (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".dotx", ".xltx", ".potx"),
    "odf": (".odt", ".ods", ".odp", ".odg", ".ott", ".ots", ".otp"),
    "image": (".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".webp", ".heic", ".heif"),
}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")
_EMAIL_HEAD = re.compile(rb"^(?:Return-Path|Received|From|To|Date|Subject|Message-ID|MIME-Version|Delivered-To"
                         rb"|X-[\w-]+):[ \t]", re.IGNORECASE)


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _package_by_name(name: str) -> str:
    """A zip: "ooxml" or "odf" when its name says so (its members decide in the end), else "zip"."""
    extension = _extension(name)
    return next((kind for kind in ("ooxml", "odf") if extension in _EXTENSIONS[kind]), "zip")


def format_of(data: bytes, mime: str | None, name: str) -> str:
    """The reader for an item: by MIME type first, then by its first bytes, then by its name's extension."""
    mime = (mime or "").split(";")[0].strip().lower()
    if mime == "application/zip":
        return _package_by_name(name)
    if mime in _MIME_FORMATS:
        return _MIME_FORMATS[mime]
    if mime.startswith("application/vnd.openxmlformats-officedocument."):
        return "ooxml"
    if mime.startswith("application/vnd.oasis.opendocument."):
        return "odf"
    if mime.startswith("image/"):
        return "image"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _package_by_name(name)
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if _EMAIL_HEAD.match(data.lstrip()[:200]):
        return "email"
    extension = _extension(name)
    return next((kind for kind, extensions in _EXTENSIONS.items() if extension in extensions), "none")


def read_document_metadata(data: bytes, mime: str | None, name: str) -> DocumentMetadata:
    """What the item says about itself; never raises on bad input (what could not be read is in ``notes``)."""
    found = _Found()
    chosen = format_of(data, mime, name)
    try:
        if chosen in ("zip", "ooxml", "odf"):
            chosen = _read_package(data, found, chosen)
        elif chosen != "none":
            {"email": _read_email, "pdf": _read_pdf, "image": _read_image}[chosen](data, found)
    except MemoryError:
        raise
    except Exception as error:  # the one catch-all: a reader's unforeseen failure on hostile input is a note
        found.notes.append(f"The {chosen} metadata could not be read ({_reason(error)}).")
    return DocumentMetadata(chosen, dict(found.fields), tuple(found.dates), tuple(found.notes), tuple(found.absent))
