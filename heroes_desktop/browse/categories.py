"""The categories beside the evidence tree (images, videos, documents, ..., deleted, hash-set hits, P2P artifacts,
content and matches, bookmarks) and their counts, each defined once so that ``FileQuery(category=key)`` selects
exactly the files counted."""

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

_OLE = _among(*OLE_MIMES)
_ZIP = "f.mime = 'application/zip'"
_OFFICE = _named(*OFFICE_EXTENSIONS)
_OPENXML = _prefix("application/vnd.openxmlformats-officedocument.")
_OPENDOCUMENT = _prefix("application/vnd.oasis.opendocument.")

# key -> the disjoint parts of a category, each a condition on ``files f`` that one index range answers (the type
# index; the name is read only for ZIP and OLE files, which are documents, e-mail or archives by their extension)
_TYPE_PARTS: dict[str, tuple[str, ...]] = {
    "images": (_prefix("image/"),),
    "videos": (_prefix("video/"),),
    "audio": (_prefix("audio/"),),
    "documents": (_among(*DOCUMENT_MIMES), _OPENXML, _OPENDOCUMENT, f"{_OLE} AND NOT {_named('msg')}",
                  f"{_ZIP} AND {_OFFICE}"),
    "email": (_among(*EMAIL_MIMES), f"{_OLE} AND {_named('msg')}"),
    "chats": (_among(*CHAT_MIMES),),
    "archives": (_among(*ARCHIVE_MIMES), f"{_ZIP} AND NOT {_OFFICE}"),
}
_TYPED = " OR ".join([_prefix("image/"), _prefix("video/"), _prefix("audio/"), _OPENXML, _OPENDOCUMENT,
                      _among(*DOCUMENT_MIMES, *EMAIL_MIMES, *CHAT_MIMES, *ARCHIVE_MIMES, *OLE_MIMES,
                             "application/zip")])
# the P2P records that match a hash set (as ``heroes p2p`` marks them, known-good sets aside): by the hash the
# client kept (ED2K, or the SHA-1 / MD5 some clients keep beside it) or by a content file's own match
_GOOD = "h.id = e.hashset_id AND h.known_good = 0"
_RECORD_HASH_MATCHED = (
    "SELECT r.id FROM p2p_records r JOIN hashset_entries e ON e.algorithm = 'ed2k' AND e.value = lower(r.ed2k) "
    f"JOIN hashsets h ON {_GOOD} WHERE r.ed2k IS NOT NULL"
    + "".join(f" UNION SELECT r.id FROM p2p_records r JOIN hashset_entries e ON e.algorithm = '{algorithm}' "
              f"AND e.value = lower(json_extract(r.details, '$.{algorithm}')) JOIN hashsets h ON {_GOOD} "
              f"WHERE json_type(r.details, '$.{algorithm}') = 'text'" for algorithm in ("sha1", "md5")))
_CONTENT_MATCHED = ("SELECT l.record_id FROM p2p_links l JOIN matches m ON m.file_id = l.file_id "
                    "JOIN hashsets h ON h.id = m.hashset_id AND h.known_good = 0")
P2P_MATCHES_IDS = (  # the content files of matched records, and the artifacts of records whose own hash matched
    f"SELECT l.file_id AS id FROM p2p_links l WHERE l.record_id IN ({_RECORD_HASH_MATCHED} UNION {_CONTENT_MATCHED})"
    f" UNION SELECT r.file_id AS id FROM p2p_records r WHERE r.id IN ({_RECORD_HASH_MATCHED})")

CATEGORY_PARTS: dict[str, tuple[str, ...]] = {
    **_TYPE_PARTS,
    # every other file: of another type, or of none yet (directories have no type)
    "other": (f"f.mime IS NOT NULL AND NOT ({_TYPED})", "f.mime IS NULL AND f.kind != 'dir'"),
    "deleted": ("f.deleted = 1",),
    "extension_mismatch": ("f.extension_mismatch = 1",),
    "hash_hits": ("f.id IN (SELECT DISTINCT file_id AS id FROM matches)",),
    "triage_flagged": (f"f.id IN (SELECT file_id AS id FROM media WHERE triage_score >= {TRIAGE_FLAG_SCORE})",),
    "p2p_artifacts": ("f.id IN (SELECT DISTINCT file_id AS id FROM p2p_records)",),  # a client's own files
    "p2p_content": ("f.id IN (SELECT DISTINCT file_id AS id FROM p2p_links)",),  # files a record describes
    "p2p_matches": (f"f.id IN ({P2P_MATCHES_IDS})",),
}
# key -> one condition on ``files f``, for a category combined with other conditions
CATEGORY_SQL: dict[str, str] = {key: " OR ".join(f"({part})" for part in parts)
                                for key, parts in CATEGORY_PARTS.items()}
# key -> a query of the category's ids (column ``id``), part by part: on its own, each part keeps to its index
def _ids_of(key: str, part: str) -> str:
    if part.startswith("f.id IN (") and part.endswith(")"):  # ids another table holds: no file row to read
        return part.removeprefix("f.id IN (").removesuffix(")")
    return f"SELECT f.id AS id FROM files f{' INDEXED BY files_mime' if key in _TYPE_PARTS else ''} WHERE {part}"


CATEGORY_IDS: dict[str, str] = {key: " UNION ALL ".join(_ids_of(key, part) for part in parts)
                                for key, parts in CATEGORY_PARTS.items()}
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
    "p2p_artifacts": "P2P artifacts",
    "p2p_content": "P2P content",
    "p2p_matches": "P2P matches",
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
    """How many files each category holds, in display order: each type part on the type index, deleted and
    extension mismatch on their partial indexes, hits and triage on their tables' indexes, bookmarks and
    categories from the current tags."""
    counts: dict[str, int] = {}
    with case.reading() as connection:
        connection.exec_driver_sql("PRAGMA cache_size = -65536")
        for key, ids in CATEGORY_IDS.items():
            if key not in ("deleted", "extension_mismatch"):
                counts[key] = int(connection.exec_driver_sql(f"SELECT count(*) FROM ({ids})").scalar_one())
        for key, condition in (("deleted", "deleted = 1"), ("extension_mismatch", "extension_mismatch = 1")):
            counts[key] = int(connection.exec_driver_sql(  # on the partial index of the flag (format 9)
                f"SELECT count(*) FROM files WHERE {condition}").scalar_one())
        tags = read_tag_state(connection)
    counts["bookmarks"] = len(tags.bookmarks)
    counts["categorised"] = len(tags.category)
    return [CategoryCount(key, TITLES[key], counts[key]) for key in CATEGORY_KEYS]
