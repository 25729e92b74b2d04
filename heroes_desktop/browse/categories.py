"""The categories beside the evidence tree (images, videos, documents, ..., deleted, hash-set hits, bookmarks) and
their counts, each defined once so that ``FileQuery(category=key)`` selects exactly the files counted."""

from __future__ import annotations

from dataclasses import dataclass

from heroes_desktop.browse.tag_state import TagState, read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError

TRIAGE_FLAG_SCORE = 0.35  # triage found sexual content, or partial nudity with a child's face (acpic/triage.py)

OFFICE_EXTENSIONS = ("docx", "xlsx", "pptx", "odt", "ods", "odp", "epub")  # ZIP containers that are documents
OLE_MIMES = ("application/x-ole-storage", "application/cdfv2", "application/vnd.ms-office")


def _prefix(prefix: str) -> str:
    """A MIME prefix as an index range (``image/`` up to ``image0``), which LIKE on a BINARY index is not."""
    return f"(f.mime >= '{prefix}' AND f.mime < '{prefix[:-1]}0')"


def _among(*mimes: str) -> str:
    return "f.mime IN (" + ", ".join(f"'{mime}'" for mime in mimes) + ")"


def _named(*extensions: str) -> str:
    return "(" + " OR ".join(f"f.name LIKE '%.{extension}'" for extension in extensions) + ")"


DOCUMENT_MIMES = ("application/pdf", "application/msword", "application/rtf", "text/rtf", "text/plain", "text/html",
                  "text/csv", "text/markdown", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
                  "application/json", "application/xml", "text/xml", "application/epub+zip")
EMAIL_MIMES = ("message/rfc822", "application/mbox", "application/vnd.ms-outlook")
CHAT_MIMES = ("application/x-sqlite3", "application/vnd.sqlite3", "application/x-ese-database", "application/x-esedb")
ARCHIVE_MIMES = ("application/x-7z-compressed", "application/x-tar", "application/gzip", "application/x-gzip",
                 "application/x-rar", "application/vnd.rar", "application/x-rar-compressed", "application/x-bzip2",
                 "application/x-xz", "application/zstd", "application/x-lzma", "application/x-cpio",
                 "application/x-iso9660-image", "application/vnd.ms-cab-compressed", "application/x-archive")

_EMAIL = f"({_among(*EMAIL_MIMES)} OR ({_among(*OLE_MIMES)} AND {_named('msg')}))"
_DOCUMENT = (
    f"({_among(*DOCUMENT_MIMES)}"
    f" OR {_prefix('application/vnd.openxmlformats-officedocument.')}"
    f" OR {_prefix('application/vnd.oasis.opendocument.')}"
    f" OR ({_among(*OLE_MIMES)} AND NOT {_named('msg')})"
    f" OR (f.mime = 'application/zip' AND {_named(*OFFICE_EXTENSIONS)}))"
)
_CHATS = _among(*CHAT_MIMES)
_ARCHIVES = f"({_among(*ARCHIVE_MIMES)} OR (f.mime = 'application/zip' AND NOT {_named(*OFFICE_EXTENSIONS)}))"
_KINDS_BY_TYPE = {
    "images": _prefix("image/"),
    "videos": _prefix("video/"),
    "audio": _prefix("audio/"),
    "documents": _DOCUMENT,
    "email": _EMAIL,
    "chats": _CHATS,
    "archives": _ARCHIVES,
}
_OTHER = "(f.kind != 'dir' AND NOT coalesce(" + " OR ".join(_KINDS_BY_TYPE.values()) + ", 0))"

# key -> SQL condition on ``files f`` (tag-based categories are decided in Python: see TAG_CATEGORIES)
CATEGORY_SQL: dict[str, str] = {
    **_KINDS_BY_TYPE,
    "other": _OTHER,
    "deleted": "f.deleted = 1",
    "extension_mismatch": "f.extension_mismatch = 1",
    "hash_hits": "f.id IN (SELECT file_id FROM matches)",
    "triage_flagged": f"f.id IN (SELECT file_id FROM media WHERE triage_score >= {TRIAGE_FLAG_SCORE})",
}
TAG_CATEGORIES = ("bookmarks", "categorised")

TITLES: dict[str, str] = {
    "images": "Images",
    "videos": "Videos",
    "audio": "Audio",
    "documents": "Documents",
    "email": "E-mail",
    "chats": "Chats and databases",
    "archives": "Archives",
    "other": "Other files",
    "deleted": "Deleted",
    "extension_mismatch": "Extension mismatch",
    "hash_hits": "Hash-set hits",
    "triage_flagged": "Flagged by triage",
    "bookmarks": "Bookmarks",
    "categorised": "Categorised",
}
CATEGORY_KEYS: tuple[str, ...] = tuple(TITLES)


@dataclass(frozen=True)
class CategoryCount:
    key: str
    title: str
    count: int


def check_category(key: str) -> None:
    """Refuse an unknown category key with a one-line message naming the known ones."""
    if key not in TITLES:
        raise UsageError(f"no category {key!r}: one of {', '.join(CATEGORY_KEYS)}")


def tagged_ids(key: str, tags: TagState) -> set[int]:
    """The files of a tag-based category: with a current bookmark, or with a current examiner's category."""
    return set(tags.bookmarks) if key == "bookmarks" else set(tags.category)


def category_counts(case: Case) -> list[CategoryCount]:
    """How many files each category holds, in display order: one pass over the file rows for the file-based ones,
    the matches and media indexes for hits and triage, the current tags for bookmarks and categories."""
    scanned = [key for key in CATEGORY_SQL if key not in ("hash_hits", "triage_flagged")]
    sums = ", ".join(f"coalesce(sum({CATEGORY_SQL[key]}), 0)" for key in scanned)
    with case.reading() as connection:
        row = connection.exec_driver_sql(f"SELECT {sums} FROM files f").one()
        counts = dict(zip(scanned, (int(value) for value in row)))
        counts["hash_hits"] = int(connection.exec_driver_sql(
            "SELECT count(*) FROM (SELECT DISTINCT file_id FROM matches)").scalar_one())
        counts["triage_flagged"] = int(connection.exec_driver_sql(
            "SELECT count(*) FROM media WHERE triage_score >= ?", (TRIAGE_FLAG_SCORE,)).scalar_one())
        tags = read_tag_state(connection)
    counts["bookmarks"] = len(tags.bookmarks)
    counts["categorised"] = len(tags.category)
    return [CategoryCount(key, TITLES[key], counts[key]) for key in CATEGORY_KEYS]
