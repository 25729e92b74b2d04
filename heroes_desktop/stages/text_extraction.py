"""Text out of documents, one function per format, each given the whole file's bytes (worker side).

Libraries: charset-normalizer for unknown encodings, the standard library's ``html.parser`` and ``email``, PyMuPDF for PDF, python-docx for DOCX, ``zipfile`` + ElementTree for ODF's ``content.xml``, and the
standard library's ``sqlite3`` on a private copy for SQLite databases.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import html.parser
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree

import charset_normalizer

MAX_TEXT_CHARS = 20_000_000


@dataclass
class Extracted:
    text: str
    encoding: str | None = None
    pages: int | None = None
    encrypted: bool = False
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # damage that left the text incomplete (the item is partial)


def decode_text(data: bytes) -> Extracted:
    """Plain text in any encoding: BOMs first, then UTF-16 without a BOM, then charset-normalizer's guess."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Extracted(data.decode(name, errors="replace"), name)
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) * 0.4 and sample[0::2].count(0) < len(sample) * 0.1:
        return Extracted(data.decode("utf-16-le", errors="replace"), "utf-16-le")
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) * 0.4 and sample[1::2].count(0) < len(sample) * 0.1:
        return Extracted(data.decode("utf-16-be", errors="replace"), "utf-16-be")
    try:
        return Extracted(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-16/32 were ruled out above by their NUL pattern; charset-normalizer's guesses of them on short
    # single-byte text are wrong, so only single- and multi-byte legacy encodings are taken from it.
    guesses = [match.encoding for match in charset_normalizer.from_bytes(data[:1_000_000])
               if not match.encoding.startswith(("utf_16", "utf_32"))]
    if not guesses and b"\x00" in sample:
        raise ValueError("no text encoding fits: binary content")
    western = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "ascii"}
    # Short samples are too little for a statistical guess; Western European text is the likeliest legacy case.
    if not guesses or len(data) < 256 or western & set(guesses[:3]):
        encoding = "cp1252"
    else:
        encoding = guesses[0]
    return Extracted(data.decode(encoding, errors="replace"), encoding)


class _TextOfHtml(html.parser.HTMLParser):
    SKIPPED = {"script", "style", "noscript", "template"}
    BREAKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(data: bytes) -> Extracted:
    decoded = decode_text(data)
    parser = _TextOfHtml()
    parser.feed(decoded.text)
    parser.close()
    return Extracted("".join(parser.parts), decoded.encoding)


def pdf_text(data: bytes) -> Extracted:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        if document.needs_pass:
            return Extracted("", pages=document.page_count, encrypted=True, notes=["encrypted PDF: no text read"])
        pages = [page.get_text() for page in document]
        return Extracted("\n\f".join(pages), pages=len(pages))


def docx_text(data: bytes) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return Extracted("\n".join(parts))


def odf_text(data: bytes) -> Extracted:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    paragraphs = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag.endswith(("}p", "}h"))
    ]
    return Extracted("\n".join(paragraphs))


def _message_text(message: email.message.EmailMessage) -> str:
    headers = [f"{name}: {message[name]}" for name in ("From", "To", "Cc", "Date", "Subject") if message[name]]
    bodies = []
    for part in message.walk():
        if part.get_content_maintype() == "multipart" or part.get_filename():
            continue
        if part.get_content_type() in ("text/plain", "text/html"):
            try:
                content = part.get_content()
            except (LookupError, UnicodeError, AssertionError):
                content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
            if part.get_content_type() == "text/html":
                content = html_text(content.encode("utf-8")).text
            bodies.append(content)
    return "\n".join(headers) + "\n\n" + "\n".join(bodies)


def email_text(data: bytes) -> Extracted:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return Extracted(_message_text(message))  # type: ignore[arg-type]


_MBOX_SEPARATOR = re.compile(rb"(?m)^From [^\r\n]*\r?\n")


def mbox_text(data: bytes) -> Extracted:
    """Each message of an mbox, split at its ``From `` lines in memory (no copy of evidence on disk)."""
    chunks = [chunk for chunk in _MBOX_SEPARATOR.split(data) if chunk.strip()]
    messages = [_message_text(email.message_from_bytes(chunk, policy=email.policy.default))  # type: ignore[arg-type]
                for chunk in chunks]
    return Extracted("\n\n\f".join(messages), notes=[f"{len(messages)} messages"])


def sqlite_database_text(data: bytes, companions: Mapping[str, bytes] | None = None) -> Extracted:
    """The text values of an SQLite database (chats, browsers, SMS) merged with its ``-wal`` or hot ``-journal``
    (``companions``, by suffix), and the text recovered from its free space, read from a private copy."""
    from heroes_desktop.stages.sqlite_extraction import sqlite_text  # it builds on this module's Extracted

    return sqlite_text(data, companions=companions)


EXTRACTORS = {
    "application/pdf": pdf_text,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": docx_text,
    "application/vnd.oasis.opendocument.text": odf_text,
    "text/html": html_text,
    "message/rfc822": email_text,
    "application/mbox": mbox_text,
    "application/vnd.sqlite3": sqlite_database_text,
    "application/x-sqlite3": sqlite_database_text,
}


def extractor_for(mime: str | None, name: str):  # type: ignore[no-untyped-def]
    """The function for a MIME type (text/* falls back to plain text); None when the item holds no text."""
    mime = mime or ""
    if mime in EXTRACTORS:
        return EXTRACTORS[mime]
    if mime == "application/zip" and name.lower().endswith(".docx"):
        return docx_text
    if mime == "application/zip" and name.lower().endswith(".odt"):
        return odf_text
    if mime.startswith("text/") or mime in ("application/json", "application/xml", "application/csv"):
        return decode_text
    if mime == "application/octet-stream" and name.lower().endswith(TEXT_EXTENSIONS):
        return decode_text  # libmagic does not know UTF-16 without a BOM; decode_text refuses real binary
    return None


TEXT_EXTENSIONS = (".txt", ".csv", ".log", ".xml", ".json", ".htm", ".html", ".md", ".ini", ".cfg", ".tsv")
