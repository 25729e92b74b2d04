"""SQLite text extraction on real databases built here, on corrupt input, and on the evidence-is-untouched rules."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from heroes_desktop.stages import sqlite_extraction
from heroes_desktop.stages.sqlite_extraction import sqlite_text

MESSAGES = [
    ("alice", "Meet me at the station at nine"),
    ("bob", "¿Dónde estás? Llegaré mañana por la noche"),
    ("alice", "Señor Muñoz pagó el envío 🚚"),
    ("carol", "multi\nline\nmessage"),
]
CONTACTS = [("José Ángel", "+34 600 111 222"), ("Bob Smith", "+1 555 0100")]


def _build(path: Path, *statements: str, rows: dict[str, list[tuple[object, ...]]] | None = None,
           before: str | None = None) -> bytes:
    """A database made with the standard library, closed, and returned as bytes."""
    connection = sqlite3.connect(path)
    if before:
        connection.execute(before)
    for statement in statements:
        connection.execute(statement)
    for table, values in (rows or {}).items():
        marks = ", ".join("?" * len(values[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    connection.commit()
    connection.close()
    return path.read_bytes()


def _chat_db(path: Path, before: str | None = None) -> bytes:
    return _build(
        path,
        "CREATE TABLE messages(id INTEGER PRIMARY KEY, sender TEXT, body TEXT, sent_at INTEGER)",
        "CREATE TABLE contacts(name TEXT, phone TEXT)",
        rows={"messages": [(i, s, b, 1_700_000_000 + i) for i, (s, b) in enumerate(MESSAGES)],
              "contacts": CONTACTS},
        before=before,
    )


def _big_db(path: Path, count: int = 50_000) -> bytes:
    rows = [(i, f"user{i % 97}", f"message number {i} about the shipment ñ", 1_700_000_000 + i) for i in range(count)]
    return _build(path, "CREATE TABLE messages(id INTEGER PRIMARY KEY, sender TEXT, body TEXT, sent_at INTEGER)",
                  "CREATE TABLE contacts(name TEXT, phone TEXT)",
                  rows={"messages": rows, "contacts": CONTACTS * 500})


def test_chat_database_text(tmp_path: Path) -> None:
    extracted = sqlite_text(_chat_db(tmp_path / "chat.db"))
    for sender, body in MESSAGES:
        assert sender in extracted.text
        assert body.replace("\n", " ") in extracted.text
    for name, phone in CONTACTS:
        assert f"{name} | {phone}" in extracted.text
    lines = extracted.text.splitlines()
    assert lines.index("## contacts") < lines.index("## messages")
    assert "1700000000" not in extracted.text
    assert extracted.encoding == "UTF-8"
    assert extracted.pages is None
    assert "2 tables, 6 rows" in extracted.notes


def test_utf16_database(tmp_path: Path) -> None:
    extracted = sqlite_text(_chat_db(tmp_path / "utf16.db", before="PRAGMA encoding='UTF-16le'"))
    assert extracted.encoding == "UTF-16le"
    assert "Señor Muñoz pagó el envío 🚚" in extracted.text
    assert "José Ángel" in extracted.text


def test_text_blobs_kept_binary_blobs_dropped(tmp_path: Path) -> None:
    data = _build(tmp_path / "blobs.db", "CREATE TABLE notes(title TEXT, payload BLOB)",
                  rows={"notes": [("first", "texto en blob: café".encode()), ("second", bytes(range(256)))]})
    extracted = sqlite_text(data)
    assert "first | texto en blob: café" in extracted.text
    assert "second" in extracted.text.splitlines()


def test_view_and_trigger_are_not_run(tmp_path: Path) -> None:
    data = _build(
        tmp_path / "view.db",
        "CREATE TABLE people(name TEXT)",
        "CREATE TABLE audit(entry TEXT)",
        "CREATE VIEW shouty AS SELECT no_such_function(name) AS loud FROM people",
        "CREATE VIEW dangling AS SELECT * FROM no_such_table",
        "CREATE TRIGGER log AFTER INSERT ON people BEGIN INSERT INTO audit VALUES ('trigger fired'); END",
        rows={"people": [("Lucía",)]},
    )
    extracted = sqlite_text(data)
    assert "Lucía" in extracted.text
    assert "## shouty" not in extracted.text
    assert "## dangling" not in extracted.text
    assert extracted.text.count("trigger fired") == 1  # the one row the trigger wrote while the test built the db


def test_fts5_virtual_table(tmp_path: Path) -> None:
    data = _build(tmp_path / "fts.db", "CREATE TABLE plain(word TEXT)", "CREATE VIRTUAL TABLE search USING fts5(x)",
                  rows={"plain": [("hola",)], "search": [("indexed sentence",)]})
    extracted = sqlite_text(data)
    assert "hola" in extracted.text
    assert "## search\n" not in extracted.text + "\n"
    assert "indexed sentence" in extracted.text  # from the plain shadow table search_content
    assert "1 virtual tables skipped" in extracted.notes


@pytest.fixture
def multi_page_db(tmp_path: Path) -> bytes:
    return _big_db(tmp_path / "multi.db", count=5_000)


@pytest.mark.parametrize("make_input, message", [
    (lambda valid: valid[:1000], "unreadable"),
    (lambda valid: valid[:100] + random.Random(1).randbytes(50_000), "unreadable"),
    (lambda valid: random.Random(2).randbytes(50_000), "header missing"),
    (lambda valid: b"", "header missing"),
    (lambda valid: "Hola, esto es un texto plano.\n".encode() * 100, "header missing"),
    (lambda valid: b"SQLite format 3\x00", "unreadable"),
], ids=["truncated", "header-then-random", "random", "empty", "plain-text", "header-only"])
def test_corrupt_inputs_raise_value_error(multi_page_db: bytes, make_input: Callable[[bytes], bytes],
                                          message: str) -> None:
    data = make_input(multi_page_db)
    started = time.monotonic()
    with pytest.raises(ValueError, match=message):
        sqlite_text(data, seconds=10)
    assert time.monotonic() - started < 10


def test_corrupt_page_in_the_middle(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "pages.db")
    connection.execute("PRAGMA page_size=4096")
    for table in ("alpha", "beta", "gamma"):
        connection.execute(f"CREATE TABLE {table}(body TEXT)")
        connection.executemany(f"INSERT INTO {table} VALUES (?)", [(f"{table} row {i} " * 5,) for i in range(300)])
    connection.commit()
    connection.close()
    data = bytearray((tmp_path / "pages.db").read_bytes())
    page_count = len(data) // 4096
    for page in range(page_count // 2, page_count // 2 + 2):
        data[page * 4096:(page + 1) * 4096] = b"\xff" * 4096
    try:
        extracted = sqlite_text(bytes(data), seconds=10)
    except ValueError as error:
        assert "unreadable" in str(error)
    else:
        assert any("unreadable" in note for note in extracted.notes)
        assert "alpha row 0" in extracted.text


def test_deadline(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="took too long"):
        sqlite_text(_big_db(tmp_path / "slow.db"), seconds=0)


def _leftovers(root: Path) -> list[Path]:
    return list(root.iterdir())


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary root used both as the explicit parameter and as tempfile's default."""
    root = tmp_path / "private-temp"
    root.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(root))
    yield root


def test_private_copy_is_private_and_removed(tmp_path: Path, temp_root: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    data = _chat_db(tmp_path / "chat.db")
    seen: list[tuple[int, int, str]] = []
    real_connect = sqlite3.connect

    def spying_connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        copy = Path(unquote(database.removeprefix("file://").split("?")[0]))
        seen.append((stat.S_IMODE(copy.parent.stat().st_mode), stat.S_IMODE(copy.stat().st_mode), database))
        return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite_extraction.sqlite3, "connect", spying_connect)
    sqlite_text(data)
    assert seen and seen[0][:2] == (0o700, 0o600)
    assert seen[0][2].endswith("?mode=ro&immutable=1")
    assert _leftovers(temp_root) == []


def test_temp_removed_after_success_and_failure(tmp_path: Path, temp_root: Path) -> None:
    explicit = tmp_path / "explicit"
    explicit.mkdir()
    valid = _chat_db(tmp_path / "chat.db")
    sqlite_text(valid)
    sqlite_text(valid, temp_root=explicit)
    for data in (valid[:100] + b"\x00" * 5000, valid[:1000]):
        with pytest.raises(ValueError):
            sqlite_text(data)
        with pytest.raises(ValueError):
            sqlite_text(data, temp_root=explicit)
    with pytest.raises(ValueError):
        sqlite_text(_big_db(tmp_path / "slow.db", 5_000), seconds=0, temp_root=explicit)
    assert _leftovers(temp_root) == []
    assert _leftovers(explicit) == []


def test_evidence_unchanged(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence.db"
    _chat_db(evidence, before="PRAGMA journal_mode=WAL")
    os.utime(evidence, (1_000_000_000, 1_000_000_000))
    before_stat = evidence.stat()
    data = evidence.read_bytes()
    before_hash = hashlib.sha256(data).hexdigest()
    extracted = sqlite_text(data)
    assert "José Ángel" in extracted.text
    assert any("WAL" in note for note in extracted.notes)
    assert hashlib.sha256(data).hexdigest() == before_hash
    assert hashlib.sha256(evidence.read_bytes()).hexdigest() == before_hash
    assert evidence.stat().st_mtime_ns == before_stat.st_mtime_ns
    assert sorted(path.name for path in tmp_path.iterdir()) == ["evidence.db"]


def test_fifty_thousand_rows_are_fast(tmp_path: Path) -> None:
    data = _big_db(tmp_path / "big.db")
    started = time.perf_counter()
    extracted = sqlite_text(data)
    elapsed = time.perf_counter() - started
    assert "message number 49999 about the shipment ñ" in extracted.text
    assert "2 tables, 51000 rows" in extracted.notes
    assert elapsed < 3, f"{elapsed:.2f} s"
