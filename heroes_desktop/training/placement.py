"""Where each planted item goes: a Windows laptop (NTFS), a USB stick (FAT32) and a Linux home (ext4), with the
deleted files, the deleted folder, the deleted file whose MFT record a later file takes, the mislabelled files, the
archive and the alternate data streams.

Every choice is drawn from the seeded random generator, so the same seed gives the same placement.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from typing import Any

from heroes_desktop.timeline.dates import iso_utc_text
from heroes_desktop.training.pictures import Picture, scanned_pdf
from heroes_desktop.training.planted import PlantedDocument, PlantedFile

DAY = 86_400
MIME = {"txt": "text/plain", "pdf": "application/pdf", "eml": "message/rfc822", "html": "text/html",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "jpg": "image/jpeg", "png": "image/png", "zip": "application/zip"}
ZONE_IDENTIFIER = b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://jobs.example.com/offers\r\n"


class Placer:
    """Collects PlantedFiles with seeded times; one instance per generated case."""

    def __init__(self, rng: random.Random, clock: int) -> None:
        self.rng = rng
        self.clock = clock
        self.files: list[PlantedFile] = []

    def _time(self) -> int:
        return self.clock - self.rng.randrange(2 * DAY, 240 * DAY)

    def add(self, key_id: str, volume: str, path: str, data: bytes, kind: str, expect: dict[str, Any],
            tasks: dict[str, str] | None = None, deleted: bool = False,
            streams: dict[str, bytes] | None = None) -> PlantedFile:
        mtime = self._time()
        if volume == "fat32":  # FAT keeps modification times to 2 seconds: the key states what the disk holds
            mtime -= mtime % 2
        item = PlantedFile(key_id, volume, path, data, kind, mtime, deleted, dict(streams or {}),
                           dict(expect), dict(tasks or {}))
        self.files.append(item)
        return item


# The dates each written format states about itself (documents.py: the eml's Date header, the pdf's creationDate
# and modDate, the docx's core properties created and modified); txt and html state none.
STATED_DATE_KINDS = {"eml": ("email-date",), "pdf": ("doc-created", "doc-modified"),
                     "docx": ("doc-created", "doc-modified")}


def _document_expect(document: PlantedDocument) -> dict[str, Any]:
    expect = {"mime": MIME[document.format], "language": document.language, "topic": document.topic,
              "text": list(document.phrases), "text_source": "text",
              "entities": [{"label": e["label"], "normalized": e["normalized"]} for e in document.entities]}
    kinds = STATED_DATE_KINDS.get(document.format, ())
    if kinds and document.when is not None:
        expect["dates"] = [{"kind": kind, "time": iso_utc_text(document.when)} for kind in kinds]
    return expect


def _document_tasks(document: PlantedDocument) -> dict[str, str]:
    return {"bookmark": document.bookmark} if document.bookmark else {}


def place_documents(placer: Placer, documents: list[PlantedDocument], laptop_user: str, linux_user: str) -> None:
    """English documents mostly on the laptop, Spanish ones on the stick and the Linux home; a deleted document on
    each volume and a deleted folder of Spanish money transfers on the stick."""
    english = [d for d in documents if d.language == "en"]
    spanish = [d for d in documents if d.language != "en"]
    folders = {"eml": "Documents/Mail", "html": "Downloads"}
    for index, document in enumerate(english):
        if index % 7 == 6:
            volume, path = "ext4", f"/home/{linux_user}/travel/{document.name}"
        else:
            folder = folders.get(document.format, "Documents" if index % 3 else "Desktop")
            volume, path = "ntfs", f"/Users/{laptop_user}/{folder}/{document.name}"
        placer.add(document.key_id, volume, path, document.data, "document", _document_expect(document),
                   _document_tasks(document), deleted=(index == 4))
    transfers = [d for d in spanish if d.topic == "money transfers"][:2]
    for index, document in enumerate(spanish):
        if document in transfers:
            volume, path, deleted = "fat32", f"/Privado/{document.name}", True
        elif index % 2:
            volume, path, deleted = "fat32", f"/Docs/{document.name}", index == 3
        else:
            volume, path, deleted = "ext4", f"/home/{linux_user}/Documentos/{document.name}", index == 6
        placer.add(document.key_id, volume, path, document.data, "document", _document_expect(document),
                   _document_tasks(document), deleted=deleted)


def _picture_expect(picture: Picture, extension: str) -> dict[str, Any]:
    expect: dict[str, Any] = {"mime": MIME[extension], "flagged": False}
    if picture.taken is not None:  # only the originals carry the camera's EXIF; the altered copies lost it
        expect["dates"] = [{"kind": "exif-taken", "time": iso_utc_text(picture.taken)}]
    if picture.match:
        expect["match"] = {"kind": picture.match, "category": picture.category}
    if picture.source == "astronaut":
        expect["faces"] = {"min": 1, "max": 1, "adult": True, "gender": "female"}
    elif picture.source in ("coffee", "rocket", "hubble_deep_field", "coins", "moon", "grass", "clock",
                            "immunohistochemistry"):
        expect["faces"] = {"min": 0, "max": 0}
    return expect


def _picture_tasks(picture: Picture) -> dict[str, str]:
    return {"categorise": picture.category} if picture.category and picture.category != "CAT-5" else {}


def place_pictures(placer: Placer, photos: list[Picture], texts: list[Picture], laptop_user: str) -> None:
    """Originals and altered copies across the laptop's Pictures and Downloads and the stick's DCIM; a deleted
    known picture on the stick; images of text in the stick's Scans, one of them also as a scanned PDF."""
    for index, picture in enumerate(photos):
        extension = picture.name.rsplit(".", 1)[1]
        if picture.variant == "original" and picture.source == "chelsea":
            volume, path, deleted = "fat32", f"/DCIM/100MEDIA/{picture.name}", True
        elif picture.variant in ("resized", "cropped") and index % 2:
            volume, path, deleted = "fat32", f"/DCIM/100MEDIA/{picture.name}", False
        elif picture.variant == "recompressed":
            volume, path, deleted = "ntfs", f"/Users/{laptop_user}/Downloads/{picture.name}", False
        else:
            volume, path, deleted = "ntfs", f"/Users/{laptop_user}/Pictures/{picture.name}", False
        kind = "photo" if picture.variant == "original" else "photo-copy"
        placer.add(picture.key_id, volume, path, picture.data, kind, _picture_expect(picture, extension),
                   _picture_tasks(picture), deleted=deleted)
    for picture in texts:
        extension = picture.name.rsplit(".", 1)[1]
        placer.add(picture.key_id, "fat32", f"/Scans/{picture.name}", picture.data, "ocr-image",
                   {"mime": MIME[extension], "text": list(picture.phrases), "text_source": "ocr"})
    receipt = next(p for p in texts if p.key_id == "ocr-receipt")
    placer.add("ocr-receipt-pdf", "fat32", "/Scans/recibo_escaneado.pdf", scanned_pdf(receipt), "ocr-image",
               {"mime": MIME["pdf"], "text": list(receipt.phrases), "text_source": "ocr"})


def _zip(members: list[tuple[str, bytes]], when: int) -> bytes:
    """A zip with fixed member times, so that the same seed gives the same bytes."""
    stamp = time.gmtime(when)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def place_oddities(placer: Placer, photos: list[Picture], documents: list[PlantedDocument], laptop_user: str,
                   linux_user: str) -> None:
    """Files with the wrong extension, a deleted file whose MFT record a later file took, an archive with a known
    picture inside, and alternate data streams."""
    draft = next(d for d in documents if d.format == "docx" and d.language == "en")
    word_temp = f"/Users/{laptop_user}/Documents/~WRL{placer.rng.randrange(1000, 10000):04d}.tmp"
    placer.add("deleted-record-reused", "ntfs", word_temp, draft.data, "other", {"mime": MIME["docx"]},
               deleted=True)  # Word's temporary copy of a document it saved, deleted when Word closed
    coins = next(p for p in photos if p.source == "coins")
    placer.add("mislabelled-jpeg-as-dll", "ntfs", f"/Users/{laptop_user}/AppData/Local/Temp/msvcr_cache.dll",
               coins.data, "mislabelled", {"mime": "image/jpeg", "extension_mismatch": True, "flagged": False})
    placer.files[-1].written_after = word_temp  # a cache written afterwards takes the temporary file's MFT record
    pdf = next(d for d in documents if d.format == "pdf")
    placer.add("mislabelled-pdf-as-jpg", "ext4", f"/home/{linux_user}/.cache/thumbnail_0042.jpg", pdf.data,
               "mislabelled", {"mime": "application/pdf", "extension_mismatch": True, "text": list(pdf.phrases),
                               "text_source": "text"})
    docx = next(d for d in documents if d.format == "docx" and d.language == "es")
    placer.add("mislabelled-docx-as-mp3", "fat32", "/Docs/cancion_03.mp3", docx.data, "mislabelled",
               {"mime": MIME["docx"], "extension_mismatch": True, "text": list(docx.phrases), "text_source": "text"})
    rocket = next(p for p in photos if p.source == "rocket" and p.variant == "original")
    archive = _zip([("fotos/IMG_0001.jpg", rocket.data), ("leeme.txt", "Fotos del viaje a Lima.\n".encode())],
                   placer.clock - 30 * DAY)
    placer.add("archive-with-known-picture", "ntfs", f"/Users/{laptop_user}/Downloads/fotos_viaje.zip", archive,
               "other", {"mime": MIME["zip"]})
    placer.add("archive-member-rocket", "ntfs", f"/Users/{laptop_user}/Downloads/fotos_viaje.zip/fotos/IMG_0001.jpg",
               rocket.data, "photo", {"mime": "image/jpeg", "match": {"kind": "md5", "category": rocket.category},
                                      "in_archive": True, "flagged": False}, {"categorise": rocket.category or ""})
    placer.files[-1].kind = "archive-member"
    invoice = next(d for d in documents if d.format == "pdf" and d.topic == "money transfers")
    hidden = (b"Pending: second instalment to IBAN listed in the invoice. Courier code "
              + f"HX-{placer.rng.randrange(1000, 9999)}".encode() + b".\n")
    placer.add("ads-download", "ntfs", f"/Users/{laptop_user}/Downloads/{invoice.name}", invoice.data, "document",
               {"mime": MIME["pdf"], "streams": ["Zone.Identifier", "notes"]}, {},
               streams={"Zone.Identifier": ZONE_IDENTIFIER, "notes": hidden})
    placer.add("ads-notes-stream", "ntfs", f"/Users/{laptop_user}/Downloads/{invoice.name}:notes", hidden, "stream",
               {"text": [hidden.decode().split("Courier code ")[1].rstrip(".\n")], "text_source": "text"})
