"""Hash-set files are read with the care evidence gets (issue 20): an NSRL database's own SQL is never run (a FILE
view, a generated column), a value longer than any digest is refused, a wrong schema is a clear error; a text list
with an endless line or a byte-order mark is read line by line in its own encoding."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from heroes_desktop.hashsets.readers import (MAX_LINE_CHARS, ReadReport, read_digest_list, read_nsrl,
                                             read_perceptual_list, sniff_format)

MD5 = hashlib.md5(b"known file").hexdigest()
SHA1 = hashlib.sha1(b"known file").hexdigest()


def _database(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


def test_a_file_view_is_refused_and_its_sql_never_runs(tmp_path: Path) -> None:
    rds = _database(tmp_path / "view.db", "CREATE VIEW FILE AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL "
                    "SELECT x + 1 FROM r LIMIT 5000) SELECT printf('%032x', x) AS md5 FROM r")
    with pytest.raises(ValueError, match="has a FILE view, not a table"):
        list(read_nsrl(rds, ReadReport()))
    assert sniff_format(rds).format is None


def test_a_generated_digest_column_is_not_read(tmp_path: Path) -> None:
    rds = _database(tmp_path / "generated.db",
                    "CREATE TABLE FILE (sha1 TEXT,"
                    " md5 TEXT GENERATED ALWAYS AS (printf('%032x', length(sha1))) VIRTUAL)",
                    f"INSERT INTO FILE (sha1) VALUES ('{SHA1}')")
    assert [(entry.algorithm, entry.value) for entry in read_nsrl(rds, ReadReport())] == [("sha1", SHA1)]


def test_a_value_longer_than_any_digest_is_refused(tmp_path: Path) -> None:
    rds = _database(tmp_path / "huge.db", "CREATE TABLE FILE (md5 TEXT)", f"INSERT INTO FILE VALUES ('{MD5}')",
                    "INSERT INTO FILE VALUES (hex(zeroblob(1500000)))")
    with pytest.raises(ValueError, match="holds a value longer than"):
        list(read_nsrl(rds, ReadReport()))


def test_a_file_table_without_digests_is_a_clear_error(tmp_path: Path) -> None:
    rds = _database(tmp_path / "wrong.db", "CREATE TABLE FILE (name TEXT, size INTEGER)",
                    "INSERT INTO FILE VALUES ('x', 1)")
    with pytest.raises(ValueError, match="stores none of the columns sha256, sha1, md5"):
        list(read_nsrl(rds, ReadReport()))


def test_a_path_with_uri_characters_opens_that_file(tmp_path: Path) -> None:
    _database(tmp_path / "rds", "CREATE TABLE other (x)")  # what "file:.../rds#1.db" opened: another file
    rds = _database(tmp_path / "rds#1.db", "CREATE TABLE FILE (md5 TEXT)", f"INSERT INTO FILE VALUES ('{MD5}')")
    assert [entry.value for entry in read_nsrl(rds, ReadReport())] == [MD5]


def test_an_endless_line_is_skipped_and_the_next_lines_read(tmp_path: Path) -> None:
    listing = tmp_path / "list.md5"
    listing.write_text("a" * (5 * MAX_LINE_CHARS + 3) + "\n" + MD5 + "  known.bin\n", encoding="utf-8")
    report = ReadReport()
    assert [(entry.value, entry.label) for entry in read_digest_list(listing, "md5", report)] == [(MD5, "known.bin")]
    assert report.malformed == 1 and report.examples[0].startswith(f"line 1: longer than {MAX_LINE_CHARS}")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_a_list_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path: Path, encoding: str) -> None:
    listing = tmp_path / "list.txt"
    text = f"{MD5}  café.bin\r\n{hashlib.md5(b'other').hexdigest()}\r\n"
    listing.write_bytes(("\ufeff" + text).encode(encoding) if encoding == "utf-16-be" else text.encode(encoding))
    report = ReadReport()
    entries = list(read_digest_list(listing, "md5", report))
    assert report.malformed == 0, report.examples
    assert [entry.label for entry in entries] == ["café.bin", None]
    assert sniff_format(listing).format == "md5"


def test_a_perceptual_list_in_utf16_is_read(tmp_path: Path) -> None:
    listing = tmp_path / "phash.txt"
    listing.write_bytes("phash:00ff00ff00ff00ff\n".encode("utf-16"))
    assert [entry.value for entry in read_perceptual_list(listing, ReadReport())] == ["00ff00ff00ff00ff"]
