"""Tables of the case file (SQLAlchemy Core).

This module describes the current shape; :mod:`heroes_desktop.case.migrations` creates and evolves it, one
numbered step at a time, so that cases written by older versions open in newer ones.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Integer, MetaData, String, Table, Text

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

# Tables a supervisor's review session may append to (enforced by an SQLite authorizer).
CUSTODY_TABLES = ("custody_events", "custody_head", "signers")
