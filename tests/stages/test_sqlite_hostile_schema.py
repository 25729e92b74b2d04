"""The SQLite reader reads what a file stores, never what its schema computes (issue 20): generated columns are
left out (a virtual one's text is not in the file; a ``zeroblob`` one would cost seconds and hundreds of MB), and
one text or BLOB value is read up to ``MAX_VALUE_BYTES``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from heroes_desktop.stages.sqlite_extraction import MAX_VALUE_BYTES, sqlite_text


def _database(path: Path, *statements: str) -> bytes:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_generated_columns_are_not_evaluated(tmp_path: Path) -> None:
    data = _database(
        tmp_path / "generated.db",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT,"
        " shown TEXT GENERATED ALWAYS AS ('NOT-IN-FILE ' || body) VIRTUAL,"
        " kept TEXT GENERATED ALWAYS AS ('COMPUTED ' || body) STORED)",
        "INSERT INTO t (body) VALUES ('hola desde el archivo')",
        # past SQLite's 1e9-byte limit whenever it is evaluated (added after the row, which never computed it)
        "ALTER TABLE t ADD COLUMN huge BLOB GENERATED ALWAYS AS (zeroblob(1 << 30)) VIRTUAL")
    extracted = sqlite_text(data)
    assert "hola desde el archivo" in extracted.text
    assert "NOT-IN-FILE" not in extracted.text and "COMPUTED" not in extracted.text
    assert "3 generated columns not read (computed by the file's schema, not stored in it)" in extracted.notes
    assert not extracted.problems


def test_a_huge_value_is_read_up_to_the_cap(tmp_path: Path) -> None:
    words = ("mensaje " * (3 * MAX_VALUE_BYTES // 8)).encode()
    _database(tmp_path / "huge.db", "CREATE TABLE notes (title TEXT, body TEXT, payload BLOB)")
    connection = sqlite3.connect(tmp_path / "huge.db")
    connection.execute("INSERT INTO notes VALUES ('big text', ?, NULL)", (words.decode(),))
    connection.execute("INSERT INTO notes VALUES ('big blob', NULL, ?)", (words + "é".encode(),))
    connection.commit()
    connection.close()
    data = (tmp_path / "huge.db").read_bytes()
    extracted = sqlite_text(data)
    lines = {line.split(" | ")[0]: line for line in extracted.text.splitlines() if " | " in line}
    for title in ("big text", "big blob"):
        value = lines[title].split(" | ", 1)[1]
        assert value.startswith("mensaje mensaje"), title
        assert MAX_VALUE_BYTES - 8 <= len(value) <= MAX_VALUE_BYTES, (title, len(value))
