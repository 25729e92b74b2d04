"""What the generator plants: one file (or one NTFS stream) with where it goes and what the program should find."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PlantedDocument:
    """A generated document, before it is given a place on the disk.

    `entities` are what the program must find in it: dicts of `label` (PERSON, ORG, LOC, EMAIL, PHONE, IBAN,
    CRYPTO, URL, ...), `text` (as written) and `normalized` (as `heroes entities` reports it, for identifiers).
    `phrases` are exact words or phrases a full-text search must find in it. `bookmark` names the trainee task the
    document belongs to (for example "job-offers"), or None. `when` is the document's moment (UTC), the one its
    e-mail Date header, PDF creation and modification dates or Word core properties state.
    """

    key_id: str
    name: str  # file name with extension, e.g. "oferta_empleo_03.docx"
    language: str  # "en" or "es"
    topic: str  # "job offers", "travel bookings", "money transfers", "school notices"
    format: str  # "txt", "pdf", "docx", "eml", "html"
    data: bytes
    entities: tuple[dict[str, str], ...] = ()
    phrases: tuple[str, ...] = ()
    bookmark: str | None = None
    when: datetime | None = None


@dataclass
class PlantedFile:
    """One file placed on one volume of the training disk, with the answers the key will state for it."""

    key_id: str
    volume: str  # "ntfs", "fat32", "ext4"
    path: str  # "/"-separated, from the volume root
    data: bytes
    kind: str  # "document", "ocr-image", "photo", "photo-copy", "mislabelled", "stream", "other"
    mtime: int  # Unix seconds, derived from the seed
    deleted: bool = False
    streams: dict[str, bytes] = field(default_factory=dict)  # NTFS alternate data streams: name -> content
    expect: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)  # {"categorise": "CAT-1"} or {"bookmark": "job-offers"}
    written_after: str | None = None  # path of a deleted file of the same volume: written after that deletion
