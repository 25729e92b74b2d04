"""Numbered schema migrations: the case file's format version is the number of the last one applied.

Each migration runs in the same transaction as the custody event that records it, so a case is never left
half-upgraded. Later capabilities append migrations here; existing ones never change: each one issues fixed SQL
(its tables' statements are frozen in :mod:`.frozen_tables`, its indexes here), never SQL made from today's
``schema.py``, so that an old case upgraded today ends as a case made today (``tests/case/test_old_cases.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.exc import OperationalError

from heroes_desktop.case.errors import CaseFormatTooNew
from heroes_desktop.case.frozen_tables import TABLES
from heroes_desktop.case.schema import schema_migrations, text_index_rowid
from heroes_desktop.core.clock import utc_now_iso


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


APPEND_ONLY_TRIGGERS = """
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
CREATE TRIGGER custody_events_in_sequence BEFORE INSERT ON custody_events
WHEN NEW.seq != (SELECT COALESCE(MAX(seq), 0) + 1 FROM custody_events)
BEGIN SELECT RAISE(ABORT, 'custody events must be appended in sequence'); END;
CREATE TRIGGER custody_events_move_head AFTER INSERT ON custody_events
BEGIN UPDATE custody_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END;
CREATE TRIGGER custody_head_no_delete BEFORE DELETE ON custody_head
BEGIN SELECT RAISE(ABORT, 'the custody head cannot be deleted'); END;
CREATE TRIGGER signers_no_update BEFORE UPDATE ON signers
BEGIN SELECT RAISE(ABORT, 'signers are append-only'); END;
CREATE TRIGGER signers_no_delete BEFORE DELETE ON signers
BEGIN SELECT RAISE(ABORT, 'signers are append-only'); END;
"""


def _create_tables(connection: Connection, *names: str, if_missing: bool = False) -> None:
    """Issue the frozen CREATE TABLE statements of ``names`` (``if_missing``: leave a table already there)."""
    for name in names:
        statement = TABLES[name]
        if if_missing:
            statement = statement.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1)
        connection.exec_driver_sql(statement)


def _create_indexes(connection: Connection, table: str, indexes: tuple[tuple[str, str], ...]) -> None:
    for name, columns in indexes:
        connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def _create_foundation(connection: Connection) -> None:
    """v1: metadata, the custody chain with its append-only guards, and the signers' public keys."""
    _create_tables(connection, "case_meta", "schema_migrations", "custody_events", "custody_head", "signers")
    connection.exec_driver_sql("INSERT INTO custody_head (id, seq, hash) VALUES (1, 0, ?)", ("0" * 64,))
    for statement in APPEND_ONLY_TRIGGERS.split(";\n"):
        if statement.strip():
            connection.exec_driver_sql(statement.strip().removesuffix(";") + ";")


def _create_evidence_tables(connection: Connection) -> None:
    """v2: evidence, volumes, file entries, per-stage outcomes, warnings and ingest runs."""
    _create_tables(connection, "evidence", "volumes", "files", "stage_runs", "warnings", "ingest_runs")
    connection.exec_driver_sql(
        "CREATE UNIQUE INDEX files_identity ON files (evidence_id, volume_id, COALESCE(parent_id, 0), ordinal)"
    )
    connection.exec_driver_sql("CREATE INDEX files_pending ON files (status) WHERE status = 'pending'")
    connection.exec_driver_sql("CREATE INDEX files_parent ON files (parent_id)")
    connection.exec_driver_sql("CREATE INDEX files_sha256 ON files (sha256)")
    connection.exec_driver_sql("CREATE INDEX files_md5 ON files (md5)")


def _create_hashset_tables(connection: Connection) -> None:
    """v3: perceptual hashes on file rows; hash sets, their entries, matches and examiners' tags."""
    present = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(files)")}
    for column in ("phash", "dhash", "ahash", "whash", "stages_done"):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE files ADD COLUMN {column} VARCHAR")
    _create_tables(connection, "hashsets", "hashset_entries", "matches", "tags")
    connection.exec_driver_sql("CREATE INDEX hashset_entries_lookup ON hashset_entries (algorithm, value)")
    connection.exec_driver_sql("CREATE INDEX matches_file ON matches (file_id)")
    connection.exec_driver_sql("CREATE INDEX tags_file ON tags (file_id)")
    connection.exec_driver_sql("CREATE INDEX files_sha1 ON files (sha1)")


def _create_text_tables(connection: Connection) -> None:
    """v4: extracted text per file and source, and the FTS5 index searched by ``heroes search``."""
    _create_tables(connection, "texts")
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE text_index USING fts5(body, file_id UNINDEXED, source UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def _create_entity_tables(connection: Connection) -> None:
    """v5: identifiers found in texts, the texts already read, and lab dictionaries."""
    _create_tables(connection, "entities", "entity_runs", "dictionaries", "dictionary_terms")
    connection.exec_driver_sql("CREATE INDEX entities_lookup ON entities (label, normalized)")
    connection.exec_driver_sql("CREATE INDEX entities_file ON entities (file_id)")


def _create_topic_tables(connection: Connection) -> None:
    """v6: each text's language, and topic models with their topics and document mixtures."""
    present = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(texts)")}
    for column, kind in (("language", "VARCHAR"), ("language_confidence", "FLOAT")):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE texts ADD COLUMN {column} {kind}")
    _create_tables(connection, "topic_models", "topics", "document_topics")
    connection.exec_driver_sql("CREATE INDEX document_topics_topic ON document_topics (model_id, topic, weight)")
    connection.exec_driver_sql("CREATE INDEX entities_text ON entities (normalized)")


def _create_media_tables(connection: Connection) -> None:
    """v7: image and video triage results, with thumbnails and a video's key frames."""
    _create_tables(connection, "media", "media_frames")
    connection.exec_driver_sql("CREATE INDEX media_triage ON media (triage_score)")


def _add_volume_layers(connection: Connection) -> None:
    """v8: volumes reached through layers (shadow copies, decrypted volumes, APFS), resumable walks in batches,
    reallocated names, and the keys of unlocked volumes."""
    present = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(volumes)")}
    for column, declaration in (("layers", "TEXT NOT NULL DEFAULT '[]'"), ("snapshot", "VARCHAR"),
                                ("walk_cursor", "TEXT"), ("walk_entries", "INTEGER NOT NULL DEFAULT 0")):
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE volumes ADD COLUMN {column} {declaration}")
    if "realloc" not in {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(files)")}:
        connection.exec_driver_sql("ALTER TABLE files ADD COLUMN realloc BOOLEAN NOT NULL DEFAULT 0")
    _create_tables(connection, "volume_secrets")


def folder_of(path: str) -> str:
    """The folder part of an entry's path ("/" at the root); a stream ``/a/b:s`` lies in ``/a``, as ``/a/b`` does."""
    head = path.rsplit("/", 1)[0]
    return head or "/"


def _add_browsing(connection: Connection) -> None:
    """v9: what the desktop application browses and sorts by in SQL over every row (folders, names, paths, sizes,
    times, types, deleted and mismatched entries), where each text lies in the full-text index (read and replaced
    by rowid, never by a scan of the index), and the progress snapshot an ingest writes on each commit for a window
    that watches it."""
    if "folder" not in {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(files)")}:
        connection.exec_driver_sql("ALTER TABLE files ADD COLUMN folder TEXT")
    rows = connection.exec_driver_sql("SELECT id, path FROM files WHERE folder IS NULL").all()
    if rows:
        connection.exec_driver_sql("UPDATE files SET folder = ? WHERE id = ?",
                                   [(folder_of(path), file_id) for file_id, path in rows])
    _create_indexes(connection, "files", BROWSE_INDEXES)
    for name, condition in BROWSE_PARTIAL_INDEXES:
        connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON files (id) WHERE {condition}")
    _renumber_text_index(connection)
    connection.exec_driver_sql("CREATE INDEX IF NOT EXISTS tags_time ON tags (file_id, time)")
    _create_tables(connection, "ingest_progress", if_missing=True)


def _renumber_text_index(connection: Connection) -> None:
    """Give every text_index row its format-9 rowid (``text_index_rowid``): moved first to a negative rowid, so that
    no move lands on a row not moved yet, then to its own."""
    moves = [(rowid, text_index_rowid(file_id, source)) for rowid, file_id, source in connection.exec_driver_sql(
        "SELECT rowid, file_id, source FROM text_index")
        if rowid != text_index_rowid(file_id, source)]
    for stage in (((old, -new) for old, new in moves), ((-new, new) for _, new in moves)):
        for old, new in stage:
            connection.exec_driver_sql(
                "INSERT INTO text_index (rowid, body, file_id, source) "
                "SELECT ?, body, file_id, source FROM text_index WHERE rowid = ?", (new, old))
            connection.exec_driver_sql("DELETE FROM text_index WHERE rowid = ?", (old,))


def _add_carried_content(connection: Connection) -> None:
    """v10: the bytes of a portable case's items, which travel without their evidence."""
    _create_tables(connection, "carried_content", if_missing=True)


def _add_dates_and_merges(connection: Connection) -> None:
    """v11: the dates items state about themselves (for the timeline), the examiners' entity merges and their
    names for topics, and an index of the entities by (label, normalized, file) for the people panel."""
    _create_tables(connection, "file_dates", "entity_merges", "topic_labels", if_missing=True)
    _create_indexes(connection, "file_dates", (("file_dates_time", "time"), ("file_dates_kind_time", "kind, time")))
    _create_indexes(connection, "entity_merges", (("entity_merges_from", "label, normalized"),
                                                  ("entity_merges_into", "into_label, into_normalized")))
    _create_indexes(connection, "entities", (("entities_key_file", "label, normalized, file_id"),))


def _add_p2p(connection: Connection) -> None:
    """v12: the eDonkey hash of every file, the records of P2P clients and the case files they describe. Items
    hashed before v12 lose ``hash`` from their done stages, so that a resumed ingest adds their eDonkey hash."""
    if "ed2k" not in {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(files)")}:
        connection.exec_driver_sql("ALTER TABLE files ADD COLUMN ed2k VARCHAR")
    connection.exec_driver_sql(
        "UPDATE files SET stages_done = replace(stages_done, ',hash,', ',') "
        "WHERE ed2k IS NULL AND stages_done LIKE '%,hash,%'")
    connection.exec_driver_sql(  # empty files are hashed at walk time, never by the stage: MD4 of nothing
        "UPDATE files SET ed2k = '31d6cfe0d16ae931b73c59d7e0c089c0' "
        "WHERE ed2k IS NULL AND size = 0 AND md5 = 'd41d8cd98f00b204e9800998ecf8427e'")
    _create_tables(connection, "p2p_records", "p2p_links", if_missing=True)
    _create_indexes(connection, "p2p_records", (("p2p_records_file", "file_id, ordinal"),
                                                ("p2p_records_infohash", "infohash"), ("p2p_records_ed2k", "ed2k")))
    _create_indexes(connection, "p2p_links", (("p2p_links_file", "file_id"),))


def _add_evidence_manifests(connection: Connection) -> None:
    """v13: the intake manifest of folder evidence: each file's path, size and SHA-256 when it was added. Written
    as the SQL of this version, not from today's schema, so that a later change of the table cannot change what
    this migration makes."""
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS evidence_manifests (evidence_id INTEGER NOT NULL REFERENCES evidence (id), "
        "path VARCHAR NOT NULL, size INTEGER NOT NULL, sha256 VARCHAR NOT NULL, PRIMARY KEY (evidence_id, path))")


BROWSE_INDEXES = (
    ("files_folder", "volume_id, folder"),
    ("files_name", "name COLLATE NOCASE"),
    ("files_size", "size"),
    ("files_mtime", "mtime"),
    ("files_mime", "mime"),
    ("files_path", "path"),
    ("files_atime", "atime"),
    ("files_ctime", "ctime"),
    ("files_crtime", "crtime"),
)
BROWSE_PARTIAL_INDEXES = (  # the few rows of a flag: a category scan reads them, never the whole table
    ("files_deleted", "deleted = 1"),
    ("files_mismatch", "extension_mismatch = 1"),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "foundation: meta, custody chain, signers", _create_foundation),
    Migration(2, "evidence, volumes, files, stage runs", _create_evidence_tables),
    Migration(3, "hash sets, matches, tags, perceptual hashes", _create_hashset_tables),
    Migration(4, "extracted text and full-text index", _create_text_tables),
    Migration(5, "identifiers and lab dictionaries", _create_entity_tables),
    Migration(6, "languages and topics", _create_topic_tables),
    Migration(7, "image and video triage", _create_media_tables),
    Migration(8, "volume layers, snapshots, resumable walks, reallocated names, volume keys", _add_volume_layers),
    Migration(9, "folders and indexes for browsing, ingest progress snapshots", _add_browsing),
    Migration(10, "carried content of portable cases", _add_carried_content),
    Migration(11, "dates inside items, entity merges, topic labels", _add_dates_and_merges),
    Migration(12, "eDonkey hashes, P2P client records and the files they describe", _add_p2p),
    Migration(13, "intake manifests of folder evidence", _add_evidence_manifests),
)


def latest_version() -> int:
    return MIGRATIONS[-1].version


def current_version(connection: Connection) -> int:
    """The case's format version (0 for an empty database)."""
    try:
        value = connection.execute(select(schema_migrations.c.version).order_by(schema_migrations.c.version.desc()))
    except OperationalError:
        return 0
    row = value.first()
    return int(row[0]) if row else 0


def pending(connection: Connection) -> list[Migration]:
    """Migrations not yet applied; refuses a case newer than this program."""
    version = current_version(connection)
    if version > latest_version():
        raise CaseFormatTooNew(
            f"this case has format version {version}; this program knows up to {latest_version()}: "
            "open it with a newer HEROES Desktop"
        )
    return [migration for migration in MIGRATIONS if migration.version > version]


def apply(connection: Connection, migration: Migration) -> None:
    """Apply one migration and record it (the caller owns the transaction and the custody event)."""
    migration.apply(connection)
    connection.exec_driver_sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                               (migration.version, migration.name, utc_now_iso()))


__all__ = ["MIGRATIONS", "Migration", "apply", "current_version", "latest_version", "pending"]
