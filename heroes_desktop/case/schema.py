"""Tables of the case file (SQLAlchemy Core).

This module describes the current shape; :mod:`heroes_desktop.case.migrations` creates and evolves it, one
numbered step at a time, so that cases written by older versions open in newer ones.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

case_meta = Table(
    "case_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

custody_events = Table(
    "custody_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("role", String, nullable=False),
    Column("action", String, nullable=False),
    Column("details", Text, nullable=False),  # canonical JSON
    Column("versions", Text, nullable=False),  # canonical JSON
    Column("key_id", String, nullable=False),
    Column("prev_hash", String, nullable=False),
    Column("hash", String, nullable=False, unique=True),
    Column("signature", String, nullable=False),
)

# Maintained by a trigger on custody_events: a cheap second record of the head that a naive deletion misses.
custody_head = Table(
    "custody_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

signers = Table(
    "signers",
    metadata,
    Column("key_id", String, primary_key=True),
    Column("actor", String, nullable=False),
    Column("public_key", String, nullable=False),
    Column("registered_seq", Integer, nullable=False),
)

# ---- v2: evidence, volumes, file entries and what the stages found -----------------------------------------------

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String, nullable=False),
    Column("format", String, nullable=False),  # raw, split-raw, ewf, folder
    Column("paths", Text, nullable=False),  # JSON list
    Column("size", Integer),
    Column("md5", String),
    Column("sha1", String),
    Column("sha256", String),
    Column("stored_md5", String),
    Column("stored_sha1", String),
    Column("verified", Boolean),
    Column("metadata", Text, nullable=False, default="{}"),  # JSON: EWF acquisition metadata
    Column("read_errors", Text, nullable=False, default="[]"),  # JSON: [{offset, length, error}]
    Column("added_at", String, nullable=False),
    Column("added_by", String, nullable=False),
    Column("volumes_scanned", Boolean, nullable=False, default=False),
)

volumes = Table(
    "volumes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("partition", Integer),  # TSK partition address; NULL for a whole image or a folder
    Column("offset", Integer, nullable=False),
    Column("length", Integer, nullable=False),
    Column("description", String, nullable=False),
    Column("volume_system", String),
    Column("fs_type", String),
    Column("status", String, nullable=False),  # ok, unknown, encrypted
    Column("encryption", String),
    Column("error", Text),
    Column("walked", Boolean, nullable=False, default=False),
    Column("walk_problems", Text, nullable=False, default="[]"),
    # v8: how to reach the file system's bytes past the partition (shadow copy, decryption, APFS volume), as a
    # JSON list of layers; the snapshot name of a shadow copy; where an interrupted walk goes on
    Column("layers", Text, nullable=False, default="[]"),
    Column("snapshot", String),
    Column("walk_cursor", Text),
    Column("walk_entries", Integer, nullable=False, default=0),
)

volume_secrets = Table(  # v8: keys that unlock encrypted volumes, kept only inside the encrypted case
    "volume_secrets",
    metadata,
    Column("volume_id", Integer, ForeignKey("volumes.id"), primary_key=True),
    Column("kind", String, nullable=False),  # password, recovery-key
    Column("secret", Text, nullable=False),
    Column("added_at", String, nullable=False),
    Column("added_by", String, nullable=False),
)

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id"), nullable=False),
    Column("volume_id", Integer, ForeignKey("volumes.id"), nullable=False),
    Column("parent_id", Integer, ForeignKey("files.id")),  # the container, for container members
    Column("ordinal", Integer, nullable=False),  # position in its walk or container: the stable identity
    Column("path", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("inode", String),
    Column("meta_addr", Integer),
    Column("attr_type", Integer),
    Column("attr_id", Integer),
    Column("mtime", String),
    Column("atime", String),
    Column("ctime", String),
    Column("crtime", String),
    Column("flags", String),
    Column("md5", String),
    Column("sha1", String),
    Column("sha256", String),
    Column("mime", String),
    Column("extension_mismatch", Boolean),
    Column("container", String),
    Column("encrypted", Boolean),
    Column("phash", String),  # v3: 64-bit perceptual hashes of images, lowercase hex
    Column("dhash", String),
    Column("ahash", String),
    Column("whash", String),
    Column("status", String, nullable=False),  # pending, ok, partial, failed
    Column("error", Text),
    Column("run_id", Integer),
    Column("stages_done", String),  # v3: ",filetype,hash," - the item stages already run on this item
    Column("realloc", Boolean, nullable=False, default=False),  # v8: a deleted name whose metadata entry was reused
    Column("folder", Text),  # v9: the path of the folder holding the entry ("/" at a volume's root), for browsing
    Column("ed2k", String),  # v12: the eDonkey/eMule hash (MD4 of 9,500 KiB blocks), lowercase hex
)

stage_runs = Table(
    "stage_runs",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("stage", String, primary_key=True),
    Column("status", String, nullable=False),  # ok, failed, skipped
    Column("error", Text),
    Column("seconds", Float),
    Column("data", Text),  # JSON: what the stage found beyond its columns
    Column("run_id", Integer),
)

warnings = Table(
    "warnings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("evidence_id", Integer),
    Column("file_id", Integer),
    Column("stage", String, nullable=False),
    Column("message", Text, nullable=False),
    Column("run_id", Integer),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("status", String, nullable=False),  # running, finished, interrupted
    Column("stages", Text, nullable=False),
    Column("jobs", Integer, nullable=False),
    Column("counts", Text),
)

ingest_progress = Table(  # v9: the latest progress snapshot of each run, written by the run on each commit
    "ingest_progress",
    metadata,
    Column("run_id", Integer, ForeignKey("ingest_runs.id"), primary_key=True),
    Column("updated_at", String, nullable=False),
    Column("snapshot", Text, nullable=False),  # JSON: phase, counts found and done, bytes, rate, stage counts
)

# ---- v3: hash sets, matches, tags --------------------------------------------------------------------------------

hashsets = Table(
    "hashsets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("format", String, nullable=False),  # vics, nsrl, md5, sha1, sha256, phash
    Column("source_path", Text, nullable=False),
    Column("source_sha256", String, nullable=False),
    Column("category", String),  # the set's category, used where an entry has none
    Column("known_good", Boolean, nullable=False, default=False),
    Column("entries", Integer, nullable=False),
    Column("malformed", Integer, nullable=False),
    Column("imported_at", String, nullable=False),
    Column("imported_by", String, nullable=False),
)

hashset_entries = Table(
    "hashset_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hashset_id", Integer, ForeignKey("hashsets.id"), nullable=False),
    Column("algorithm", String, nullable=False),  # md5, sha1, sha256, phash, dhash, ahash, whash
    Column("value", String, nullable=False),  # lowercase hex
    Column("category", String),
    Column("label", Text),
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("hashset_id", Integer, ForeignKey("hashsets.id"), nullable=False),
    Column("entry_id", Integer, ForeignKey("hashset_entries.id"), nullable=False),
    Column("kind", String, nullable=False),
    Column("distance", Integer, nullable=False),
    Column("category", String),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("category", String),  # a Project VIC category, or None for a plain bookmark
    Column("bookmark", String),
    Column("note", Text),
    Column("actor", String, nullable=False),
    Column("time", String, nullable=False),
)

# ---- v4: extracted text and its full-text index ------------------------------------------------------------------

texts = Table(
    "texts",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("source", String, primary_key=True),  # text, ocr
    Column("encoding", String),
    Column("pages", Integer),
    Column("chars", Integer, nullable=False),
    Column("encrypted", Boolean),
    Column("notes", Text),
    Column("run_id", Integer),
    Column("language", String),  # v6: ISO 639-1 code found by the entities stage, null when undecided
    Column("language_confidence", Float),
)
# The words themselves live in the FTS5 table text_index (body, file_id, source), created by migration 4:
# diacritic- and case-insensitive (unicode61 remove_diacritics 2), ranked with bm25. From format 9 a text's row in
# it is ``text_index_rowid(file_id, source)``: a hit's file id is its rowid, read without touching the stored body,
# and a file's text is found, replaced or read by rowid, never by a scan of the index.
TEXT_SOURCES = ("text", "ocr")


def text_index_rowid(file_id: int, source: str) -> int:
    """The row of a file's extracted (``text``) or recognised (``ocr``) text in ``text_index``."""
    return int(file_id) * 2 + TEXT_SOURCES.index(source)


TEXT_INDEX_FILE_ID = "(text_index.rowid >> 1)"  # the file id of a text_index row, in SQL, from its rowid

# ---- v5: identifiers and lab dictionaries -------------------------------------------------------------------------

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("source", String, nullable=False),  # text, ocr
    Column("label", String, nullable=False),  # EMAIL, PHONE, URL, IP, IBAN, CARD, CRYPTO, HANDLE, TERM
    Column("text", Text, nullable=False),
    Column("normalized", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("category", String),  # for TERM: the dictionary's category
    Column("run_id", Integer),
)

entity_runs = Table(  # which texts the entities stage has read
    "entity_runs",
    metadata,
    Column("file_id", Integer, primary_key=True),
    Column("source", String, primary_key=True),
    Column("run_id", Integer),
)

dictionaries = Table(
    "dictionaries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("source_sha256", String, nullable=False),
    Column("terms", Integer, nullable=False),
    Column("malformed", Integer, nullable=False),
    Column("imported_at", String, nullable=False),
    Column("imported_by", String, nullable=False),
)

dictionary_terms = Table(
    "dictionary_terms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dictionary_id", Integer, ForeignKey("dictionaries.id"), nullable=False),
    Column("term", Text, nullable=False),
    Column("category", String, nullable=False),
    Column("language", String),
)

# ---- v6: languages and topics ----------------------------------------------------------------------------------

topic_models = Table(  # one row per topic-modelling run; the latest is the one shown
    "topic_models",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", String, nullable=False),
    Column("num_topics", Integer, nullable=False),
    Column("chosen_by", String, nullable=False),  # "coherence" or "examiner"
    Column("coherence_measure", String),
    Column("coherence", Float),
    Column("documents", Integer, nullable=False),
    Column("parameters", Text, nullable=False),  # JSON: ranges, seeds, coherence per k, languages
)

topics = Table(
    "topics",
    metadata,
    Column("model_id", Integer, ForeignKey("topic_models.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("terms", Text, nullable=False),  # JSON list of [term, weight]
)

document_topics = Table(
    "document_topics",
    metadata,
    Column("model_id", Integer, ForeignKey("topic_models.id"), primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("topic", Integer, primary_key=True),
    Column("weight", Float, nullable=False),
)

# ---- v7: image and video triage (ACPIC) ---------------------------------------------------------------------------

media = Table(  # one row per image or video analysed; for a video, the strongest frames' results
    "media",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("kind", String, nullable=False),  # image, video
    Column("width", Integer),
    Column("height", Integer),
    Column("faces", Text, nullable=False),  # JSON lists, as `heroes media --json` shows them
    Column("detections", Text, nullable=False),
    Column("context", Text, nullable=False),
    Column("triage_score", Float, nullable=False),
    Column("suggested_category", String, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("models", Text, nullable=False),  # JSON: model id -> SHA-256
    Column("frames", Integer),  # for a video: the key frames analysed
    Column("details", Text),  # JSON: video information, notes
    Column("thumbnail", LargeBinary),  # JPEG, long side 256
    Column("run_id", Integer),
)

media_frames = Table(  # a video's analysed key frames
    "media_frames",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("frame_index", Integer, primary_key=True),
    Column("seconds", Float),
    Column("reason", String),
    Column("faces", Text, nullable=False),
    Column("detections", Text, nullable=False),
    Column("context", Text, nullable=False),
    Column("triage_score", Float, nullable=False),
    Column("suggested_category", String, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("thumbnail", LargeBinary),
)

# ---- v10: portable cases ----------------------------------------------------------------------------------------

carried_content = Table(  # a portable case's items' bytes (its evidence is not with it); the viewers read them here
    "carried_content",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("sha256", String, nullable=False),  # of ``data``, checked against the file row's when it was carried
)

# ---- v11: dates inside items, merged entities -----------------------------------------------------------------

file_dates = Table(  # the times an item states about itself (e-mail Date, document metadata, EXIF), in UTC
    "file_dates",
    metadata,
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("kind", String, primary_key=True),  # email-date, doc-created, doc-modified, exif-taken, gps-time, ...
    Column("time", String, nullable=False),  # ISO 8601 UTC, as the files' own times
    Column("source", String, nullable=False),  # where it was read: "Date header", "PDF /CreationDate", ...
    Column("original", Text),  # the value as written, before it was turned into UTC
    Column("assumed_utc", Boolean, nullable=False, default=False),  # written without a zone: taken as UTC
    Column("run_id", Integer),
)

entity_merges = Table(  # an examiner's "these two are one": the entities themselves never change
    "entity_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("label", String, nullable=False),  # the entity merged away ...
    Column("normalized", Text, nullable=False),
    Column("into_label", String, nullable=False),  # ... into this one
    Column("into_normalized", Text, nullable=False),
    Column("actor", String, nullable=False),
    Column("time", String, nullable=False),
    Column("withdrawn", Boolean, nullable=False, default=False),  # an undone merge stays, marked
)

topic_labels = Table(  # an examiner's name for a topic of a model ("recruitment offers"); the latest one counts
    "topic_labels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model_id", Integer, ForeignKey("topic_models.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("actor", String, nullable=False),
    Column("time", String, nullable=False),
)

p2p_records = Table(  # v12: what a P2P client recorded (a torrent, a download, a search, a shared folder)
    "p2p_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),  # the artifact the record was read from
    Column("ordinal", Integer, nullable=False),  # its position in that artifact: (file_id, ordinal) is its identity
    Column("client", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("name", Text),
    Column("size", Integer),
    Column("infohash", String),  # BitTorrent v1 (SHA-1)
    Column("infohash_v2", String),  # BitTorrent v2 (SHA-256)
    Column("ed2k", String),
    Column("times", Text, nullable=False, default="{}"),  # JSON: what happened -> ISO 8601 UTC
    Column("details", Text, nullable=False, default="{}"),  # JSON: what else the client kept
    Column("content_keys", Text),  # JSON: how to recognise a torrent's files (sizes, sampled pieces, v2 roots)
    Column("run_id", Integer),
)

p2p_links = Table(  # v12: case files whose content a P2P record describes, and how that was established
    "p2p_links",
    metadata,
    Column("record_id", Integer, ForeignKey("p2p_records.id"), primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), primary_key=True),
    Column("basis", String, nullable=False),  # ed2k, sha1, md5, pieces, pieces-root, name-and-size
    Column("detail", Text, nullable=False, default="{}"),  # JSON: e.g. pieces matched of pieces compared
)

evidence_manifests = Table(  # v13: folder evidence hashed file by file when added (evidence.folder_manifest)
    "evidence_manifests",
    metadata,
    Column("evidence_id", Integer, ForeignKey("evidence.id"), primary_key=True),
    Column("path", String, primary_key=True),  # as the walk stores it
    Column("size", Integer, nullable=False),
    Column("sha256", String, nullable=False),
)

# Tables a supervisor's review session may append to (enforced by an SQLite authorizer).
CUSTODY_TABLES = ("custody_events", "custody_head", "signers")
