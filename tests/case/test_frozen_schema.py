"""The migrations' frozen SQL and ``schema.py`` describe the same case (issue 20).

The program reads and writes through ``schema.py``'s tables; a case is made by the migrations' frozen statements.
A column added to ``schema.py`` without a migration, or a frozen statement edited, fails here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlcipher3
from sqlalchemy.dialects import sqlite

from heroes_desktop.case import frozen_tables, schema
from heroes_desktop.case.case_file import Case
from tests.conftest import PASSPHRASE

FROZEN_DIGEST = "f4778a27396f92168c6ea15197fc795ce687931b24cf8286a28102c4800f664f"  # SHA-256 of the frozen statements of formats 1 to 12, in order


def _frozen_digest() -> str:
    text = "\n".join(f"{name}\n{statement}" for name, statement in frozen_tables.TABLES.items())
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_frozen_statements_of_old_formats_never_change() -> None:
    assert _frozen_digest() == FROZEN_DIGEST
    assert sorted(set(frozen_tables.VERSION_OF.values())) == list(range(1, 13))


def test_a_new_case_has_every_column_of_schema_py_with_its_type_and_nothing_else(new_case: Case,
                                                                              case_path: Path) -> None:
    new_case.close()
    connection = sqlcipher3.connect(f"file:{case_path}?mode=ro", uri=True)
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
    try:
        for table in schema.metadata.sorted_tables:
            found = {row[1]: (row[2].upper(), bool(row[3]), bool(row[5]))
                     for row in connection.execute(f"PRAGMA table_info('{table.name}')")}
            expected = {column.name: (column.type.compile(dialect=sqlite.dialect()).upper(),
                                      not column.nullable, column.primary_key)
                        for column in table.columns}
            assert found == expected, table.name
    finally:
        connection.close()
