"""An e-mail as the viewer shows it: its headers, its body as plain text, and its attachments (name, type, size).

Parsed with the standard library's ``email`` package, in memory (pure Python: a hostile message can be slow or
odd, never native-crash). An HTML body is turned into plain text by the text stage's own HTML reader: nothing is
loaded from the network and no script runs. An mbox is split into its messages at its ``From `` lines, as the text
stage does, up to a limit.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
from dataclasses import dataclass, field
from datetime import timezone

from heroes_desktop.evidence.mail_parts import MAX_PARTS, attachment_name, classify, leaves, split_mbox

MAX_EMAIL_BYTES = 64 * 2**20
MAX_BODY_CHARS = 1_000_000
MAX_MBOX_MESSAGES = 5_000
MAIN_HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID")
EMAIL_MIMES = ("message/rfc822",)
MBOX_MIMES = ("application/mbox",)


class EmailReadError(ValueError):
    """The bytes are not an e-mail the viewer can read."""


@dataclass(frozen=True)
class Attachment:
    name: str  # its file name, or "" when the part has none
    mime: str
    size: int  # decoded bytes
    inline: bool = False  # shown in the body (Content-Disposition: inline, or a part without a name)


@dataclass(frozen=True)
class EmailView:
    headers: tuple[tuple[str, str], ...]  # every header, in order, decoded
    main: dict[str, str]  # From, To, Cc, Date, Subject, Message-ID (those present)
    date_utc: str | None  # the Date header in UTC (ISO 8601, Z); a Date without a zone is read as UTC
    body: str
    body_type: str  # text/plain, text/html (shown as text) or "" when there is no text body
    attachments: tuple[Attachment, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mailbox:
    kind: str  # eml or mbox
    messages: tuple[EmailView, ...]
    notes: tuple[str, ...] = field(default=())


def mail_kind(mime: str | None, name: str | None) -> str | None:
    """``eml``, ``mbox`` or None, from the detected type (the name when the type is unknown)."""
    mime = (mime or "").lower()
    lowered = (name or "").lower()
    if mime in EMAIL_MIMES:
        return "eml"
    if mime in MBOX_MIMES:
        return "mbox"
    if not mime or mime in ("application/octet-stream", "text/plain"):
        if lowered.endswith(".eml"):
            return "eml"
        if lowered.endswith((".mbox", ".mbx")):
            return "mbox"
    return None


def read_mail(data: bytes, kind: str) -> Mailbox:
    """The messages of an ``eml`` (one) or an ``mbox`` (each, up to :data:`MAX_MBOX_MESSAGES`)."""
    if len(data) > MAX_EMAIL_BYTES:
        raise EmailReadError(f"a mail file of {len(data):,} bytes is larger than the {MAX_EMAIL_BYTES:,} bytes "
                             "the viewer reads")
    if kind == "eml":
        return Mailbox("eml", (read_email(data),))
    chunks = split_mbox(data)
    notes = []
    if len(chunks) > MAX_MBOX_MESSAGES:
        notes.append(f"the first {MAX_MBOX_MESSAGES:,} of {len(chunks):,} messages")
        chunks = chunks[:MAX_MBOX_MESSAGES]
    if not chunks:
        raise EmailReadError("the mailbox holds no message")
    return Mailbox("mbox", tuple(read_email(chunk) for chunk in chunks), tuple(notes))


def read_email(data: bytes) -> EmailView:
    """One message (RFC 5322, MIME)."""
    if not data.strip():
        raise EmailReadError("the file is empty: no e-mail to show")
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        raise EmailReadError("no e-mail headers found: this does not look like an e-mail")
    headers = tuple((str(name), _header(message, name, value)) for name, value in message.raw_items())
    main = {}
    for name in MAIN_HEADERS:
        value = _header(message, name)
        if value:
            main[name] = value
    notes: list[str] = list(_defects(message))
    body, body_type, attachments = _parts(message, notes)
    if len(body) > MAX_BODY_CHARS:
        notes.append(f"the body is cut at {MAX_BODY_CHARS:,} characters")
        body = body[:MAX_BODY_CHARS]
    return EmailView(headers, main, _date_utc(main.get("Date")), body, body_type, tuple(attachments),
                     tuple(notes))


def _header(message: email.message.Message, name: str, raw: str | None = None) -> str:
    """A header decoded (encoded words, folding); its raw text when it will not decode."""
    try:
        value = message.get(name) if raw is None else message.policy.header_fetch_parse(name, raw)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - a malformed header is shown as it stands
        return " ".join(str(raw or "").split())


def _defects(message: email.message.Message) -> list[str]:
    defects = [type(defect).__name__ for defect in getattr(message, "defects", [])]
    return [f"the message is malformed ({', '.join(sorted(set(defects)))}); shown as far as it reads"] \
        if defects else []


def _date_utc(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _decoded_text(part: email.message.Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
        if isinstance(content, str):
            return content
    except (LookupError, UnicodeError, AssertionError, KeyError, ValueError):
        pass
    payload = part.get_payload(decode=True)
    return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _size(part: email.message.Message) -> int:
    if part.get_content_type() == "message/rfc822":
        try:
            return len(part.as_bytes())
        except Exception:  # noqa: BLE001 - a malformed inner message: its encoded size
            return len(str(part.get_payload()))
    payload = part.get_payload(decode=True)
    return len(payload) if isinstance(payload, bytes) else 0


def _parts(message: email.message.Message, notes: list[str]) -> tuple[str, str, list[Attachment]]:
    budget = [MAX_PARTS]
    found = leaves(message, budget)
    if budget[0] < 0:
        notes.append(f"only the first {MAX_PARTS} parts are read")
    plain, html, parts = classify(found)
    attachments = []
    for part in parts:
        filename = attachment_name(part)
        disposition = (part.get_content_disposition() or "").lower()
        attachments.append(Attachment(filename, part.get_content_type(), _size(part),
                                      inline=disposition == "inline" or (not filename and disposition != "attachment")))
    if plain is not None:
        return _decoded_text(plain), "text/plain", attachments
    if html is not None:
        from heroes_desktop.stages.text_extraction import html_text

        return html_text(_decoded_text(html).encode("utf-8")).text, "text/html", attachments
    return "", "", attachments
