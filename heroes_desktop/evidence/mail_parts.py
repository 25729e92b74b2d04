"""The parts of an e-mail, as both the e-mail viewer and the pipeline see them: body or attachment.

Pure standard library (``email``), in memory. One reading for both, so that the attachments the viewer lists are
the attachments the pipeline makes items of.
"""

from __future__ import annotations

import email.message
import re

MAX_PARTS = 1_000
_MBOX_SEPARATOR = re.compile(rb"(?m)^From [^\r\n]*\r?\n")


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox, split at its ``From `` lines (blank pieces dropped)."""
    return [chunk for chunk in _MBOX_SEPARATOR.split(data) if chunk.strip()]


def looks_like_mbox(head: bytes) -> bool:
    """An mbox starts with a ``From `` line followed by a header line (libmagic often calls it text/plain)."""
    if not head.startswith(b"From "):
        return False
    lines = head.split(b"\n", 2)
    return len(lines) > 1 and re.match(rb"[A-Za-z0-9-]+:", lines[1]) is not None


def leaves(part: email.message.Message, budget: list[int]) -> list[email.message.Message]:
    """The message's leaf parts in order; an attached message is one leaf (its own parts are its own)."""
    budget[0] -= 1
    if budget[0] < 0:
        return []
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        found = []
        for child in part.get_payload() or []:
            if isinstance(child, email.message.Message):
                found.extend(leaves(child, budget))
        return found
    return [part]


def classify(parts: list[email.message.Message]) -> tuple[email.message.Message | None,
                                                          email.message.Message | None,
                                                          list[email.message.Message]]:
    """The plain body, the HTML body and the attachments (every other leaf, inline pictures included)."""
    plain = html = None
    attachments = []
    for part in parts:
        mime = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        is_body = not part.get_filename() and disposition != "attachment" and mime in ("text/plain", "text/html")
        if is_body and mime == "text/plain" and plain is None:
            plain = part
        elif is_body and mime == "text/html" and html is None:
            html = part
        else:
            attachments.append(part)
    return plain, html, attachments


def attachment_name(part: email.message.Message) -> str:
    """The attachment's file name; an attached message without one is named after its subject."""
    filename = part.get_filename() or ""
    if part.get_content_type() == "message/rfc822" and not filename:
        inner = part.get_payload()
        subject = inner[0].get("Subject", "") if isinstance(inner, list) and inner else ""
        filename = f"{subject or 'attached message'}.eml"
    return filename


def attachment_bytes(part: email.message.Message) -> bytes:
    """The attachment decoded (base64, quoted-printable); an attached message as its own bytes."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            return inner[0].as_bytes()
        return str(inner or "").encode("utf-8", errors="replace")
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
