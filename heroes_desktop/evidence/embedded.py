"""Pictures and files held inside documents and e-mails, opened as containers are (their members become items).

Kinds and the member names they give (the item's path is the parent's path, ``/``, the member name, as for archive
members):

* ``eml``: each attachment (inline pictures too) as ``attachment/<file name>``, decoded by the ``email`` package
  (base64, quoted-printable); an attached message is ``attachment/<subject>.eml`` and is opened in turn.
* ``mbox``: the attachments of each message, as ``message-0001/attachment/<file name>`` (straight under the mbox:
  the messages' text is the mbox's own, read there by the text stage, so a message is not an item of its own).
* ``pdf``: each embedded image once (by object number) as ``image/page-<n>-xref-<x>.<ext>``, read by MuPDF.
  MuPDF is native: this runs in the pipeline's worker processes, never in the window's.
* ``office``: the media of an OOXML or ODF document (``word/media/``, ``xl/media/``, ``ppt/media/``,
  ``Pictures/``) under their own names in the zip; the document stays a document.

The archive limits apply (members, bytes per member, bytes per container, depth). A document that will not parse,
or a message cut short, is an error of that item, given as the expansion's error.
"""

from __future__ import annotations

import email
import email.policy
import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from heroes_desktop.evidence.mail_parts import (MAX_PARTS, attachment_bytes, attachment_name, classify, leaves,
                                                looks_like_mbox, split_mbox)

if TYPE_CHECKING:
    from heroes_desktop.evidence.containers import Budget, ContainerLimits, Member

EMBEDDED_KINDS = ("eml", "mbox", "pdf", "office")
OFFICE_PREFIXES = ("application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.",
                   "application/vnd.ms-word.", "application/vnd.ms-excel.", "application/vnd.ms-powerpoint.")
# The pictures placed in the document; not the thumbnail a program renders of its first page (docProps/thumbnail,
# Thumbnails/), which every document of some programs carries.
OFFICE_MEDIA = ("word/media/", "xl/media/", "ppt/media/", "Pictures/")
# Defects that mean content was lost (a message cut short, a broken encoding), not a header oddity.
LOSS_DEFECTS = {"CloseBoundaryNotFoundDefect", "StartBoundaryNotFoundDefect", "MultipartInvariantViolationDefect",
                "InvalidBase64PaddingDefect", "InvalidBase64CharactersDefect", "InvalidBase64LengthDefect"}
_GENERIC = ("", "application/octet-stream", "text/plain")


class EmbeddedError(Exception):
    """The document or message is damaged: its members were read as far as they go."""


def embedded_kind(mime: str | None, name: str, head: bytes = b"") -> str | None:
    """``eml``, ``mbox``, ``pdf``, ``office`` or None, from the detected type (the name or first bytes when the
    type is generic)."""
    mime = (mime or "").lower()
    lowered = name.lower()
    if mime == "message/rfc822":
        return "eml"
    if mime == "application/mbox":
        return "mbox"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith(OFFICE_PREFIXES):
        return "office"
    if mime in _GENERIC:
        if looks_like_mbox(head) or lowered.endswith((".mbox", ".mbx")):
            return "mbox"
        if lowered.endswith(".eml"):
            return "eml"
    return None


def read_embedded(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    """The members of a document or message (the reader that :func:`containers.expand` calls for these kinds)."""
    reader = {"eml": _eml, "mbox": _mbox, "pdf": _pdf, "office": _office}[kind]
    yield from reader(data, budget, limits)


def _member(name: str, data: bytes, budget: Budget, limits: ContainerLimits) -> Member:
    from heroes_desktop.evidence.containers import ContainerBomb, Member

    if len(data) > limits.max_member_bytes:
        raise ContainerBomb(f"member {name} is larger than the {limits.max_member_bytes} bytes held in memory")
    budget.take(len(data))
    return Member(name, len(data), data)


def _unique(name: str, seen: set[str]) -> str:
    """``name``, or ``stem~2.ext`` (and so on) when an earlier member has it."""
    if name not in seen:
        seen.add(name)
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension:
        stem, dot, extension = name, "", ""
    number = 2
    while f"{stem}~{number}{dot}{extension}" in seen:
        number += 1
    seen.add(f"{stem}~{number}{dot}{extension}")
    return f"{stem}~{number}{dot}{extension}"


def _safe(filename: str) -> str:
    """A file name usable as one path segment."""
    cleaned = " ".join(filename.replace("/", "_").replace("\\", "_").replace("\0", "").split()).strip(".")
    return cleaned[:200]


def _eml(data: bytes, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    problems: list[str] = []
    yield from _attachments(data, "", budget, limits, problems)
    if problems:
        raise EmbeddedError(problems[0])


def _mbox(data: bytes, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    """The attachments of every message, under ``message-0001/`` and so on: a message's text is the mbox's own
    (the text stage reads it there), so the messages are not items of their own."""
    messages = split_mbox(data)
    if not messages:
        raise EmbeddedError("the mailbox holds no message")
    problems: list[str] = []
    for number, message in enumerate(messages, start=1):
        found: list[str] = []
        yield from _attachments(message, f"message-{number:04d}/", budget, limits, found)
        problems += [f"message {number}: {problem}" for problem in found]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise EmbeddedError(problems[0] + more)


def _attachments(data: bytes, prefix: str, budget: Budget, limits: ContainerLimits,
                 problems: list[str]) -> Iterator[Member]:
    """One message's attachments as ``<prefix>attachment/<name>``; what is wrong with it goes to ``problems``."""
    import mimetypes

    if not data.strip():
        problems.append("the e-mail is empty")
        return
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        problems.append("no e-mail headers found: not an e-mail")
        return
    parts_budget = [MAX_PARTS]
    _, _, attachments = classify(leaves(message, parts_budget))
    seen: set[str] = set()
    for number, part in enumerate(attachments, start=1):
        content = attachment_bytes(part)
        filename = _safe(attachment_name(part))
        if not filename:
            filename = f"part-{number}{mimetypes.guess_extension(part.get_content_type(), strict=False) or '.bin'}"
        yield _member(_unique(f"{prefix}attachment/{filename}", seen), content, budget, limits)
    lost = {type(defect).__name__ for part in message.walk() for defect in part.defects} & LOSS_DEFECTS
    if parts_budget[0] < 0:
        problems.append(f"only the first {MAX_PARTS} parts of the e-mail are read")
    if lost:
        problems.append(f"the e-mail is damaged or cut short ({', '.join(sorted(lost))}); its attachments are "
                        "read as far as they go")


def _pdf(data: bytes, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    import pymupdf

    from heroes_desktop.evidence.containers import EncryptedArchive, Member

    pymupdf.TOOLS.mupdf_display_errors(False)
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # noqa: BLE001 - any MuPDF failure is this document's
        raise EmbeddedError(f"not a PDF MuPDF can open: {str(error).splitlines()[0] if str(error) else error!r}")
    try:
        if document.needs_pass:
            raise EncryptedArchive()
        seen: set[int] = set()
        for page_number in range(document.page_count):
            for image in document[page_number].get_images(full=True):
                xref, width, height, bits = int(image[0]), int(image[2]), int(image[3]), int(image[4] or 8)
                if xref in seen:
                    continue
                seen.add(xref)
                name = f"image/page-{page_number + 1}-xref-{xref}"
                if width * height * 4 * max(bits, 8) // 8 > limits.max_member_bytes:
                    yield Member(name, 0, None, error=f"the image declares {width}x{height} pixels, past the "
                                                      f"{limits.max_member_bytes} bytes held in memory")
                    continue
                try:
                    extracted = document.extract_image(xref)
                except Exception as error:  # noqa: BLE001 - a broken image, the others may be fine
                    yield Member(name, 0, None, error=f"{type(error).__name__}: {error}"[:300])
                    continue
                if not extracted or not extracted.get("image"):
                    yield Member(name, 0, None, error="MuPDF cannot decode this image")
                    continue
                yield _member(f"{name}.{extracted.get('ext') or 'bin'}", extracted["image"], budget, limits)
        if document.is_repaired:
            raise EmbeddedError("the PDF is damaged (MuPDF repaired it to read it); its images are read as far as "
                                "they go")
    finally:
        document.close()


def _office(data: bytes, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    from heroes_desktop.evidence.containers import zip_members

    try:
        yield from zip_members(data, budget, limits, wanted=lambda name: name.startswith(OFFICE_MEDIA))
    except zipfile.BadZipFile as error:
        raise EmbeddedError(f"the document's zip is damaged: {error}") from None
    except (EOFError, io.UnsupportedOperation) as error:
        raise EmbeddedError(f"the document's zip is cut short: {error}") from None
