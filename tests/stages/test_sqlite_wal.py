"""The text stage's SQLite reading with the database's -wal and -journal: the merged state from a private copy,
the way each is opened (measured: ``mode=ro`` applies a -wal, a hot -journal needs ``mode=rw``), recovered text
marked as not live, damage reported as problems, the evidence unchanged and the private folder left empty."""

from __future__ import annotations

import gc
import os
import random
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from heroes_desktop.stages.sqlite_extraction import sqlite_text
from heroes_desktop.stages.sqlite_private import PrivateCopy
from heroes_desktop.stages.sqlite_recovery import RECOVERED_MARK
from tests.stages.sqlite_builders import hot_journal_database, sha256_tree, wal_database

OLD = ["see you at the station", "bring the documents"]
NEWEST = ["only in the wal: the boat leaves at dawn", "only in the wal: pier 7"]


@pytest.fixture
def private_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The folder private copies are made in, spied on: each connection's URI and the modes of what it opens."""
    root = tmp_path / "private"
    root.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(root))
    yield root
    assert list(root.iterdir()) == []  # nothing derived from evidence is left behind


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, dict[str, int]]]:
    seen: list[tuple[str, int, dict[str, int]]] = []
    real_connect = sqlite3.connect

    def spying_connect(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        if not str(database).startswith("file:"):  # the tests' own databases
            return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]
        copy = Path(unquote(str(database).removeprefix("file://").split("?")[0]))
        seen.append((str(database).split("?", 1)[1], stat.S_IMODE(copy.parent.stat().st_mode),
                     {path.name: stat.S_IMODE(path.stat().st_mode) for path in copy.parent.iterdir()}))
        return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", spying_connect)
    return seen


def test_newest_messages_only_in_the_wal_are_read(tmp_path: Path, private_root: Path,
                                                  opened: list[tuple[str, int, dict[str, int]]]) -> None:
    database, wal = wal_database(tmp_path / "evidence", "mmssms.db", OLD, NEWEST)
    before = sha256_tree(tmp_path / "evidence")
    without = sqlite_text(database.read_bytes())
    merged = sqlite_text(database.read_bytes(), companions={"-wal": wal.read_bytes()})
    assert all(body in without.text for body in OLD) and not any(body in without.text for body in NEWEST)
    assert all(body in merged.text for body in OLD + NEWEST)
    assert "2 tables" not in merged.notes[0] and "4 rows" in merged.notes[0]
    assert any(note.startswith("merged with its -wal: 1 committed transactions") for note in merged.notes)
    assert merged.problems == []
    assert [uri for uri, _mode, _files in opened] == ["mode=ro&immutable=1", "mode=ro"]
    _uri, folder_mode, files = opened[1]
    assert folder_mode == 0o700 and files == {"evidence.sqlite": 0o600, "evidence.sqlite-wal": 0o600}
    assert sha256_tree(tmp_path / "evidence") == before


def test_deleted_rows_are_indexed_as_recovered_with_their_page(tmp_path: Path, private_root: Path) -> None:
    database, wal = wal_database(tmp_path / "evidence", "mmssms.db", OLD, NEWEST,
                                 deleted=["deleted and checkpointed: 900 euros"],
                                 deleted_in_wal=["deleted in the wal: the red van"])
    extracted = sqlite_text(database.read_bytes(), companions={"-wal": wal.read_bytes()})
    live, _, recovered = extracted.text.partition(f"## recovered text ({RECOVERED_MARK}")
    assert "900 euros" not in live and "red van" not in live
    lines = recovered.splitlines()[1:]
    [checkpointed] = [line for line in lines if "900 euros" in line]
    assert checkpointed.startswith(f"[{RECOVERED_MARK}: page 2, offset ")
    [in_wal] = [line for line in lines if "red van" in line]
    assert in_wal.startswith(f"[{RECOVERED_MARK}: -wal frame ") and ", page 2, " in in_wal
    assert all(line.startswith(f"[{RECOVERED_MARK}: ") for line in lines)
    assert any(f"({RECOVERED_MARK})" in note for note in extracted.notes)


def test_hot_journal_is_rolled_back_on_the_copy(tmp_path: Path, private_root: Path,
                                                opened: list[tuple[str, int, dict[str, int]]]) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    database, journal = hot_journal_database(folder / "sms.db", OLD * 40, "rewritten, never committed")
    before = sha256_tree(folder)
    without = sqlite_text(database.read_bytes())
    merged = sqlite_text(database.read_bytes(), companions={"-journal": journal.read_bytes()})
    assert "rewritten, never committed" in without.text.split("## recovered")[0]  # the torn state, read as live
    live, _, recovered = merged.text.partition("## recovered text")
    assert live.count("see you at the station") == 40 and "rewritten, never committed" not in live
    assert any("rewritten, never committed" in line and "uncommitted, rolled back" in line
               for line in recovered.splitlines())
    assert any(note.startswith("a hot -journal: the unfinished last transaction") for note in merged.notes)
    assert opened[1][0] == "mode=rw" and "evidence.sqlite-journal" in opened[1][2]
    assert sha256_tree(folder) == before


def test_a_cleared_journal_is_left_out(tmp_path: Path, private_root: Path,
                                       opened: list[tuple[str, int, dict[str, int]]]) -> None:
    database, journal = hot_journal_database(tmp_path / "sms.db", OLD, "never committed")
    cleared = b"\x00" * 28 + journal.read_bytes()[28:]  # as journal_mode=PERSIST leaves it after a commit
    extracted = sqlite_text(database.read_bytes(), companions={"-journal": cleared})
    assert any("holds no unfinished transaction" in note for note in extracted.notes)
    assert opened[0][0] == "mode=ro&immutable=1"


@pytest.mark.parametrize("damage, reason", [
    (lambda wal: random.Random(4).randbytes(len(wal)), "its -wal file is damaged and not applied"),
    (lambda wal: wal[:32 + 24 + 600] + bytes([wal[32 + 24 + 600] ^ 0xFF]) + wal[32 + 24 + 601:],
     "frame 1 of the -wal file (page 2) fails its checksum"),
], ids=["random", "flipped-byte"])
def test_damaged_wal_is_a_problem_and_the_database_file_still_reads(  # type: ignore[no-untyped-def]
        tmp_path: Path, private_root: Path, damage, reason: str) -> None:
    database, wal = wal_database(tmp_path / "evidence", "mmssms.db", OLD, NEWEST)
    extracted = sqlite_text(database.read_bytes(), companions={"-wal": damage(wal.read_bytes())})
    assert all(body in extracted.text for body in OLD)
    assert not any(body in extracted.text.split("## recovered")[0] for body in NEWEST)
    assert any(reason in problem for problem in extracted.problems), extracted.problems


def test_database_cut_short_is_a_problem_or_unreadable(tmp_path: Path, private_root: Path) -> None:
    connection = sqlite3.connect(tmp_path / "two.db")
    connection.execute("PRAGMA page_size=1024")
    connection.execute("CREATE TABLE early (body TEXT)")
    connection.execute("INSERT INTO early VALUES ('the early table reads')")
    connection.execute("CREATE TABLE late (body TEXT)")
    connection.executemany("INSERT INTO late VALUES (?)", [(f"late row {index} " * 10,) for index in range(300)])
    connection.commit()
    connection.close()
    data = (tmp_path / "two.db").read_bytes()
    extracted = sqlite_text(data[:len(data) // 2])
    assert "the early table reads" in extracted.text
    assert any("cut short" in problem for problem in extracted.problems)
    assert any("table 'late' unreadable" in problem for problem in extracted.problems)
    with pytest.raises(ValueError, match="unreadable"):
        sqlite_text(data[:600])


def test_private_copy_closes_and_removes_everything(tmp_path: Path, private_root: Path) -> None:
    database, wal = wal_database(tmp_path / "evidence", "mmssms.db", OLD, NEWEST)
    copy = PrivateCopy(database.read_bytes(), {"-wal": wal.read_bytes()})
    assert copy.connection is not None and copy.directory is not None
    rows = copy.connection.execute("SELECT count(*) FROM sms").fetchone()[0]
    assert rows == 4 and sorted(os.listdir(copy.directory)) == ["evidence.sqlite", "evidence.sqlite-shm",
                                                               "evidence.sqlite-wal"]
    copy.close()
    copy.close()  # twice is harmless
    dropped = PrivateCopy(database.read_bytes(), {"-wal": wal.read_bytes()})
    assert dropped.directory is not None and os.path.isdir(dropped.directory)
    del dropped  # an owner that drops it unclosed (a viewer's read job whose result came too late)
    gc.collect()
    with pytest.raises(ValueError, match="missing"):
        PrivateCopy(b"not sqlite" * 20)
