"""The tables of case formats 1 to 12, frozen as the SQL that created them (issue 20).

Each migration used to build its tables from today's ``schema.py``, so a later change to a table there would
have changed what an old migration makes, and an old case upgraded would differ from a new one. These are the
statements those migrations issued when they were frozen (format 13); they never change. A new column or table
is a new migration, and ``tests/case/test_frozen_schema.py`` fails when ``schema.py`` and the migrations part.
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    # format 1
    "case_meta": (
        'CREATE TABLE case_meta ( '
        '"key" VARCHAR NOT NULL, '
        'value TEXT NOT NULL, '
        'PRIMARY KEY ("key") '
        ')'
    ),
    "schema_migrations": (
        'CREATE TABLE schema_migrations ( '
        'version INTEGER NOT NULL, '
        'name VARCHAR NOT NULL, '
        'applied_at VARCHAR NOT NULL, '
        'PRIMARY KEY (version) '
        ')'
    ),
    "custody_events": (
        'CREATE TABLE custody_events ( '
        'seq INTEGER NOT NULL, '
        'time VARCHAR NOT NULL, '
        'actor VARCHAR NOT NULL, '
        'role VARCHAR NOT NULL, '
        'action VARCHAR NOT NULL, '
        'details TEXT NOT NULL, '
        'versions TEXT NOT NULL, '
        'key_id VARCHAR NOT NULL, '
        'prev_hash VARCHAR NOT NULL, '
        'hash VARCHAR NOT NULL, '
        'signature VARCHAR NOT NULL, '
        'PRIMARY KEY (seq), '
        'UNIQUE (hash) '
        ')'
    ),
    "custody_head": (
        'CREATE TABLE custody_head ( '
        'id INTEGER NOT NULL, '
        'seq INTEGER NOT NULL, '
        'hash VARCHAR NOT NULL, '
        'PRIMARY KEY (id), '
        'CONSTRAINT single_row CHECK (id = 1) '
        ')'
    ),
    "signers": (
        'CREATE TABLE signers ( '
        'key_id VARCHAR NOT NULL, '
        'actor VARCHAR NOT NULL, '
        'public_key VARCHAR NOT NULL, '
        'registered_seq INTEGER NOT NULL, '
        'PRIMARY KEY (key_id) '
        ')'
    ),
    # format 2
    "evidence": (
        'CREATE TABLE evidence ( '
        'id INTEGER NOT NULL, '
        'label VARCHAR NOT NULL, '
        'format VARCHAR NOT NULL, '
        'paths TEXT NOT NULL, '
        'size INTEGER, '
        'md5 VARCHAR, '
        'sha1 VARCHAR, '
        'sha256 VARCHAR, '
        'stored_md5 VARCHAR, '
        'stored_sha1 VARCHAR, '
        'verified BOOLEAN, '
        'metadata TEXT NOT NULL, '
        'read_errors TEXT NOT NULL, '
        'added_at VARCHAR NOT NULL, '
        'added_by VARCHAR NOT NULL, '
        'volumes_scanned BOOLEAN NOT NULL, '
        'PRIMARY KEY (id) '
        ')'
    ),
    "volumes": (
        'CREATE TABLE volumes ( '
        'id INTEGER NOT NULL, '
        'evidence_id INTEGER NOT NULL, '
        'partition INTEGER, '
        '"offset" INTEGER NOT NULL, '
        'length INTEGER NOT NULL, '
        'description VARCHAR NOT NULL, '
        'volume_system VARCHAR, '
        'fs_type VARCHAR, '
        'status VARCHAR NOT NULL, '
        'encryption VARCHAR, '
        'error TEXT, '
        'walked BOOLEAN NOT NULL, '
        'walk_problems TEXT NOT NULL, '
        'layers TEXT NOT NULL, '
        'snapshot VARCHAR, '
        'walk_cursor TEXT, '
        'walk_entries INTEGER NOT NULL, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(evidence_id) REFERENCES evidence (id) '
        ')'
    ),
    "files": (
        'CREATE TABLE files ( '
        'id INTEGER NOT NULL, '
        'evidence_id INTEGER NOT NULL, '
        'volume_id INTEGER NOT NULL, '
        'parent_id INTEGER, '
        'ordinal INTEGER NOT NULL, '
        'path TEXT NOT NULL, '
        'name TEXT NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'size INTEGER NOT NULL, '
        'deleted BOOLEAN NOT NULL, '
        'inode VARCHAR, '
        'meta_addr INTEGER, '
        'attr_type INTEGER, '
        'attr_id INTEGER, '
        'mtime VARCHAR, '
        'atime VARCHAR, '
        'ctime VARCHAR, '
        'crtime VARCHAR, '
        'flags VARCHAR, '
        'md5 VARCHAR, '
        'sha1 VARCHAR, '
        'sha256 VARCHAR, '
        'mime VARCHAR, '
        'extension_mismatch BOOLEAN, '
        'container VARCHAR, '
        'encrypted BOOLEAN, '
        'phash VARCHAR, '
        'dhash VARCHAR, '
        'ahash VARCHAR, '
        'whash VARCHAR, '
        'status VARCHAR NOT NULL, '
        'error TEXT, '
        'run_id INTEGER, '
        'stages_done VARCHAR, '
        'realloc BOOLEAN NOT NULL, '
        'folder TEXT, '
        'ed2k VARCHAR, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(evidence_id) REFERENCES evidence (id), '
        'FOREIGN KEY(volume_id) REFERENCES volumes (id), '
        'FOREIGN KEY(parent_id) REFERENCES files (id) '
        ')'
    ),
    "stage_runs": (
        'CREATE TABLE stage_runs ( '
        'file_id INTEGER NOT NULL, '
        'stage VARCHAR NOT NULL, '
        'status VARCHAR NOT NULL, '
        'error TEXT, '
        'seconds FLOAT, '
        'data TEXT, '
        'run_id INTEGER, '
        'PRIMARY KEY (file_id, stage), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    "warnings": (
        'CREATE TABLE warnings ( '
        'id INTEGER NOT NULL, '
        'evidence_id INTEGER, '
        'file_id INTEGER, '
        'stage VARCHAR NOT NULL, '
        'message TEXT NOT NULL, '
        'run_id INTEGER, '
        'PRIMARY KEY (id) '
        ')'
    ),
    "ingest_runs": (
        'CREATE TABLE ingest_runs ( '
        'id INTEGER NOT NULL, '
        'started_at VARCHAR NOT NULL, '
        'finished_at VARCHAR, '
        'status VARCHAR NOT NULL, '
        'stages TEXT NOT NULL, '
        'jobs INTEGER NOT NULL, '
        'counts TEXT, '
        'PRIMARY KEY (id) '
        ')'
    ),
    # format 3
    "hashsets": (
        'CREATE TABLE hashsets ( '
        'id INTEGER NOT NULL, '
        'name VARCHAR NOT NULL, '
        'format VARCHAR NOT NULL, '
        'source_path TEXT NOT NULL, '
        'source_sha256 VARCHAR NOT NULL, '
        'category VARCHAR, '
        'known_good BOOLEAN NOT NULL, '
        'entries INTEGER NOT NULL, '
        'malformed INTEGER NOT NULL, '
        'imported_at VARCHAR NOT NULL, '
        'imported_by VARCHAR NOT NULL, '
        'PRIMARY KEY (id), '
        'UNIQUE (name) '
        ')'
    ),
    "hashset_entries": (
        'CREATE TABLE hashset_entries ( '
        'id INTEGER NOT NULL, '
        'hashset_id INTEGER NOT NULL, '
        'algorithm VARCHAR NOT NULL, '
        'value VARCHAR NOT NULL, '
        'category VARCHAR, '
        'label TEXT, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(hashset_id) REFERENCES hashsets (id) '
        ')'
    ),
    "matches": (
        'CREATE TABLE matches ( '
        'id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'hashset_id INTEGER NOT NULL, '
        'entry_id INTEGER NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'distance INTEGER NOT NULL, '
        'category VARCHAR, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id), '
        'FOREIGN KEY(hashset_id) REFERENCES hashsets (id), '
        'FOREIGN KEY(entry_id) REFERENCES hashset_entries (id) '
        ')'
    ),
    "tags": (
        'CREATE TABLE tags ( '
        'id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'category VARCHAR, '
        'bookmark VARCHAR, '
        'note TEXT, '
        'actor VARCHAR NOT NULL, '
        'time VARCHAR NOT NULL, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    # format 4
    "texts": (
        'CREATE TABLE texts ( '
        'file_id INTEGER NOT NULL, '
        'source VARCHAR NOT NULL, '
        'encoding VARCHAR, '
        'pages INTEGER, '
        'chars INTEGER NOT NULL, '
        'encrypted BOOLEAN, '
        'notes TEXT, '
        'run_id INTEGER, '
        'language VARCHAR, '
        'language_confidence FLOAT, '
        'PRIMARY KEY (file_id, source), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    # format 5
    "entities": (
        'CREATE TABLE entities ( '
        'id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'source VARCHAR NOT NULL, '
        'label VARCHAR NOT NULL, '
        'text TEXT NOT NULL, '
        'normalized TEXT NOT NULL, '
        'start INTEGER, '
        '"end" INTEGER, '
        'category VARCHAR, '
        'run_id INTEGER, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    "entity_runs": (
        'CREATE TABLE entity_runs ( '
        'file_id INTEGER NOT NULL, '
        'source VARCHAR NOT NULL, '
        'run_id INTEGER, '
        'PRIMARY KEY (file_id, source) '
        ')'
    ),
    "dictionaries": (
        'CREATE TABLE dictionaries ( '
        'id INTEGER NOT NULL, '
        'name VARCHAR NOT NULL, '
        'source_path TEXT NOT NULL, '
        'source_sha256 VARCHAR NOT NULL, '
        'terms INTEGER NOT NULL, '
        'malformed INTEGER NOT NULL, '
        'imported_at VARCHAR NOT NULL, '
        'imported_by VARCHAR NOT NULL, '
        'PRIMARY KEY (id), '
        'UNIQUE (name) '
        ')'
    ),
    "dictionary_terms": (
        'CREATE TABLE dictionary_terms ( '
        'id INTEGER NOT NULL, '
        'dictionary_id INTEGER NOT NULL, '
        'term TEXT NOT NULL, '
        'category VARCHAR NOT NULL, '
        'language VARCHAR, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(dictionary_id) REFERENCES dictionaries (id) '
        ')'
    ),
    # format 6
    "topic_models": (
        'CREATE TABLE topic_models ( '
        'id INTEGER NOT NULL, '
        'created_at VARCHAR NOT NULL, '
        'num_topics INTEGER NOT NULL, '
        'chosen_by VARCHAR NOT NULL, '
        'coherence_measure VARCHAR, '
        'coherence FLOAT, '
        'documents INTEGER NOT NULL, '
        'parameters TEXT NOT NULL, '
        'PRIMARY KEY (id) '
        ')'
    ),
    "topics": (
        'CREATE TABLE topics ( '
        'model_id INTEGER NOT NULL, '
        'number INTEGER NOT NULL, '
        'terms TEXT NOT NULL, '
        'PRIMARY KEY (model_id, number), '
        'FOREIGN KEY(model_id) REFERENCES topic_models (id) '
        ')'
    ),
    "document_topics": (
        'CREATE TABLE document_topics ( '
        'model_id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'topic INTEGER NOT NULL, '
        'weight FLOAT NOT NULL, '
        'PRIMARY KEY (model_id, file_id, topic), '
        'FOREIGN KEY(model_id) REFERENCES topic_models (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    # format 7
    "media": (
        'CREATE TABLE media ( '
        'file_id INTEGER NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'width INTEGER, '
        'height INTEGER, '
        'faces TEXT NOT NULL, '
        'detections TEXT NOT NULL, '
        'context TEXT NOT NULL, '
        'triage_score FLOAT NOT NULL, '
        'suggested_category VARCHAR NOT NULL, '
        'reasons TEXT NOT NULL, '
        'models TEXT NOT NULL, '
        'frames INTEGER, '
        'details TEXT, '
        'thumbnail BLOB, '
        'run_id INTEGER, '
        'PRIMARY KEY (file_id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    "media_frames": (
        'CREATE TABLE media_frames ( '
        'file_id INTEGER NOT NULL, '
        'frame_index INTEGER NOT NULL, '
        'seconds FLOAT, '
        'reason VARCHAR, '
        'faces TEXT NOT NULL, '
        'detections TEXT NOT NULL, '
        'context TEXT NOT NULL, '
        'triage_score FLOAT NOT NULL, '
        'suggested_category VARCHAR NOT NULL, '
        'reasons TEXT NOT NULL, '
        'thumbnail BLOB, '
        'PRIMARY KEY (file_id, frame_index), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    # format 8
    "volume_secrets": (
        'CREATE TABLE volume_secrets ( '
        'volume_id INTEGER NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'secret TEXT NOT NULL, '
        'added_at VARCHAR NOT NULL, '
        'added_by VARCHAR NOT NULL, '
        'PRIMARY KEY (volume_id), '
        'FOREIGN KEY(volume_id) REFERENCES volumes (id) '
        ')'
    ),
    # format 9
    "ingest_progress": (
        'CREATE TABLE ingest_progress ( '
        'run_id INTEGER NOT NULL, '
        'updated_at VARCHAR NOT NULL, '
        'snapshot TEXT NOT NULL, '
        'PRIMARY KEY (run_id), '
        'FOREIGN KEY(run_id) REFERENCES ingest_runs (id) '
        ')'
    ),
    # format 10
    "carried_content": (
        'CREATE TABLE carried_content ( '
        'file_id INTEGER NOT NULL, '
        'data BLOB NOT NULL, '
        'sha256 VARCHAR NOT NULL, '
        'PRIMARY KEY (file_id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    # format 11
    "file_dates": (
        'CREATE TABLE file_dates ( '
        'file_id INTEGER NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'time VARCHAR NOT NULL, '
        'source VARCHAR NOT NULL, '
        'original TEXT, '
        'assumed_utc BOOLEAN NOT NULL, '
        'run_id INTEGER, '
        'PRIMARY KEY (file_id, kind), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    "entity_merges": (
        'CREATE TABLE entity_merges ( '
        'id INTEGER NOT NULL, '
        'label VARCHAR NOT NULL, '
        'normalized TEXT NOT NULL, '
        'into_label VARCHAR NOT NULL, '
        'into_normalized TEXT NOT NULL, '
        'actor VARCHAR NOT NULL, '
        'time VARCHAR NOT NULL, '
        'withdrawn BOOLEAN NOT NULL, '
        'PRIMARY KEY (id) '
        ')'
    ),
    "topic_labels": (
        'CREATE TABLE topic_labels ( '
        'id INTEGER NOT NULL, '
        'model_id INTEGER NOT NULL, '
        'number INTEGER NOT NULL, '
        'label TEXT NOT NULL, '
        'actor VARCHAR NOT NULL, '
        'time VARCHAR NOT NULL, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(model_id) REFERENCES topic_models (id) '
        ')'
    ),
    # format 12
    "p2p_records": (
        'CREATE TABLE p2p_records ( '
        'id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'ordinal INTEGER NOT NULL, '
        'client VARCHAR NOT NULL, '
        'kind VARCHAR NOT NULL, '
        'name TEXT, '
        'size INTEGER, '
        'infohash VARCHAR, '
        'infohash_v2 VARCHAR, '
        'ed2k VARCHAR, '
        'times TEXT NOT NULL, '
        'details TEXT NOT NULL, '
        'content_keys TEXT, '
        'run_id INTEGER, '
        'PRIMARY KEY (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
    "p2p_links": (
        'CREATE TABLE p2p_links ( '
        'record_id INTEGER NOT NULL, '
        'file_id INTEGER NOT NULL, '
        'basis VARCHAR NOT NULL, '
        'detail TEXT NOT NULL, '
        'PRIMARY KEY (record_id, file_id), '
        'FOREIGN KEY(record_id) REFERENCES p2p_records (id), '
        'FOREIGN KEY(file_id) REFERENCES files (id) '
        ')'
    ),
}

VERSION_OF: dict[str, int] = {
    "case_meta": 1,
    "schema_migrations": 1,
    "custody_events": 1,
    "custody_head": 1,
    "signers": 1,
    "evidence": 2,
    "volumes": 2,
    "files": 2,
    "stage_runs": 2,
    "warnings": 2,
    "ingest_runs": 2,
    "hashsets": 3,
    "hashset_entries": 3,
    "matches": 3,
    "tags": 3,
    "texts": 4,
    "entities": 5,
    "entity_runs": 5,
    "dictionaries": 5,
    "dictionary_terms": 5,
    "topic_models": 6,
    "topics": 6,
    "document_topics": 6,
    "media": 7,
    "media_frames": 7,
    "volume_secrets": 8,
    "ingest_progress": 9,
    "carried_content": 10,
    "file_dates": 11,
    "entity_merges": 11,
    "topic_labels": 11,
    "p2p_records": 12,
    "p2p_links": 12,
}

__all__ = ["TABLES", "VERSION_OF"]
