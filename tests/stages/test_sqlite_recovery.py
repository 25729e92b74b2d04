"""The SQLite file formats read byte by byte and the text recovered from them: freeblocks, unallocated space and
freelist pages of real databases built here, -wal frames in each of their states, a hot -journal, and damaged
or random input (which may raise SqliteFormatError, never anything else)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
import time
from pathlib import Path

import pytest

from heroes_desktop.stages.sqlite_format import (SqliteFormatError, free_areas, freelist_pages, is_hot_journal,
                                                 newest_wal_pages, parse_header, parse_journal, parse_wal)
from heroes_desktop.stages.sqlite_recovery import RECOVERED_MARK, RecoveredText, recover_text, text_runs
from tests.stages.sqlite_builders import deleted_rows_database, hot_journal_database, wal_database

LIVE = ["see you at the station", "bring the documents", "the car is ready"]
DELETED = ["delete this: the meeting moved to Vigo", "and this one: 4471 euros in cash"]


def _runs(data: bytes, **kwargs: object) -> list[RecoveredText]:
    recovery = recover_text(data, parse_header(data), **kwargs)  # type: ignore[arg-type]
    assert recovery.complete, recovery.problems
    return recovery.runs


def _texts(runs: list[RecoveredText]) -> str:
    return "\n".join(run.text for run in runs)


def test_header_fields(tmp_path: Path) -> None:
    database, _wal = wal_database(tmp_path / "e", "chat.db", ["one"], ["two"], encoding="UTF-16le", page_size=1024)
    header = parse_header(database.read_bytes())
    assert (header.page_size, header.encoding, header.wal_mode, header.freelist_count) == (1024, "utf-16-le", True, 0)
    with pytest.raises(SqliteFormatError, match="missing"):
        parse_header(b"not a database" * 10)
    with pytest.raises(SqliteFormatError, match="cut short"):
        parse_header(database.read_bytes()[:50])


def test_deleted_rows_are_recovered_from_freeblocks_with_their_page(tmp_path: Path) -> None:
    data = deleted_rows_database(tmp_path / "sms.db", LIVE, DELETED).read_bytes()
    runs = _runs(data)
    for body in DELETED:
        [run] = [run for run in runs if body in run.text]
        assert run.source == "database" and run.page >= 2 and run.area in ("freeblock", "unallocated")
        page = data[(run.page - 1) * 1024:run.page * 1024]
        assert body.encode() in page[run.offset:run.offset + len(run.text.encode()) + 2]  # the offset is exact
        assert run.line().startswith(f"[{RECOVERED_MARK}: page {run.page}, offset {run.offset}, ")
    assert not any(body in _texts(runs) for body in LIVE)  # live rows are not "recovered"


def test_dropped_table_pages_are_on_the_freelist(tmp_path: Path) -> None:
    notes = [f"dropped note {index} about the harbour warehouse" * 3 for index in range(60)]
    data = deleted_rows_database(tmp_path / "sms.db", LIVE, [], drop_table_rows=notes).read_bytes()
    header = parse_header(data)
    pages, problems = freelist_pages(data, header)
    assert header.freelist_count > 2 and len(pages) == header.freelist_count and problems == []
    assert "freelist trunk" in pages.values() and "freelist leaf" in pages.values()
    runs = _runs(data)
    found = {run.area for run in runs if "harbour warehouse" in run.text}
    assert found & {"freelist leaf", "freelist trunk"}
    assert sum("harbour warehouse" in run.text for run in runs) >= 20


@pytest.mark.parametrize("encoding", ["UTF-16le", "UTF-16be"])
def test_utf16_deleted_rows(tmp_path: Path, encoding: str) -> None:
    database, wal = wal_database(tmp_path / "e", "chat.db", LIVE, [], deleted=["borrado: José pagó 300 €"],
                                 encoding=encoding)
    runs = _runs(database.read_bytes())
    assert any("borrado: José pagó 300 €" in run.text for run in runs)
    assert all(len(run.text) >= 4 for run in runs)
    assert not any(body in _texts(runs) for body in LIVE)


def test_text_runs_utf8_and_noise() -> None:
    data = b"\x00\x01\x02Hola Se\xc3\xb1or\x00\xff\xfeab\x00\x07\x08 *** \x00x1234567"
    assert list(text_runs(data, "utf-8")) == [(3, "Hola Señor"), (28, "x1234567")]
    noise = list(text_runs(random.Random(3).randbytes(65536), "utf-16-le"))
    assert len(noise) < 20  # binary read as UTF-16 yields few runs that look like text
    assert list(text_runs("ok: 日本語の文章です、明日".encode("utf-16-le"), "utf-16-le")) == \
        [(8, "日本語の文章です、明日")]  # cut where the script changes; "ok: " alone is too short


def test_wal_frames_and_their_states(tmp_path: Path) -> None:
    database, wal = wal_database(tmp_path / "e", "chat.db", LIVE, ["only in the wal"],
                                 deleted_in_wal=["inserted then deleted in the wal"])
    data, wal_bytes = database.read_bytes(), wal.read_bytes()
    summary = parse_wal(wal_bytes, parse_header(data).page_size)
    assert summary.problems == () and summary.transactions == 3
    assert {frame.state for frame in summary.frames} == {"committed"}
    assert newest_wal_pages(summary)[2] == summary.frames[-1]
    runs = _runs(data, wal=wal_bytes, wal_summary=summary)
    [gone] = [run for run in runs if "inserted then deleted in the wal" in run.text]
    assert gone.source.startswith("-wal frame ") and gone.page == 2
    assert "only in the wal" not in _texts(runs)  # live in the merged state


def test_damaged_and_torn_frames(tmp_path: Path) -> None:
    database, wal = wal_database(tmp_path / "e", "chat.db", LIVE, ["first wal message", "second wal message"],
                                 page_size=1024)
    wal_bytes = bytearray(wal.read_bytes())
    summary = parse_wal(bytes(wal_bytes), 1024)
    frame = summary.frames[-1]
    wal_bytes[frame.offset + 600] ^= 0xFF  # the last frame's page no longer matches its checksum
    damaged = parse_wal(bytes(wal_bytes), 1024)
    assert damaged.frames[-1].state == "damaged" and "fails its checksum" in damaged.problems[0]
    assert len(damaged.committed) == len(summary.frames) - 1
    assert "torn" in parse_wal(bytes(wal_bytes[:32 + 1000]), 1024).problems[0]


def test_frames_of_a_transaction_that_never_committed(tmp_path: Path) -> None:
    source = tmp_path / "w.db"
    connection = sqlite3.connect(source, isolation_level=None)
    for pragma in ("page_size=1024", "journal_mode=WAL", "wal_autocheckpoint=0"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE t (body TEXT)")
    connection.execute("INSERT INTO t VALUES ('committed row')")
    connection.execute("PRAGMA cache_size=1")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO t VALUES (?)", [(f"never committed {index} " * 8,) for index in range(200)])
    shutil.copyfile(source, tmp_path / "copy.db")  # the writer's cache spilled into the -wal: frames, no commit
    wal_bytes = Path(f"{source}-wal").read_bytes()
    connection.execute("ROLLBACK")
    connection.close()
    data = (tmp_path / "copy.db").read_bytes()
    summary = parse_wal(wal_bytes, 1024)
    states = [frame.state for frame in summary.frames]
    assert "committed" in states and states[-1] == "uncommitted" and summary.problems == ()
    runs = _runs(data, wal=wal_bytes, wal_summary=summary)
    assert any("never committed" in run.text and run.area.startswith("after the last commit") for run in runs)


def test_stale_frames_after_a_checkpoint(tmp_path: Path) -> None:
    source = tmp_path / "w.db"
    connection = sqlite3.connect(source)
    for pragma in ("page_size=1024", "secure_delete=OFF", "journal_mode=WAL", "wal_autocheckpoint=0"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE t (body TEXT)")
    for body in ("alpha message", "bravo message", "charlie message"):
        connection.execute("INSERT INTO t VALUES (?)", (body,))
        connection.commit()
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # all frames copied: the next writer restarts the -wal
    connection.execute("DELETE FROM t WHERE body = 'charlie message'")
    connection.commit()
    shutil.copyfile(source, tmp_path / "copy.db")
    wal_bytes = Path(f"{source}-wal").read_bytes()
    connection.close()
    data = (tmp_path / "copy.db").read_bytes()
    summary = parse_wal(wal_bytes, 1024)
    assert [frame.state for frame in summary.frames][:1] == ["committed"]
    assert "stale" in {frame.state for frame in summary.frames}
    assert summary.problems == ()  # old frames are not damage
    runs = _runs(data, wal=wal_bytes, wal_summary=summary)
    assert "charlie message" in _texts(runs)


@pytest.mark.parametrize("damage, message", [
    (lambda wal: b"\x00" * len(wal), "magic"),
    (lambda wal: wal[:20], "shorter than a WAL header"),
    (lambda wal: wal[:4] + b"\x00\x00\x00\x01" + wal[8:], "version"),
    (lambda wal: wal[:24] + b"\x00" * 8 + wal[32:], "checksum"),
    (lambda wal: wal[:8] + struct.pack(">I", 512) + wal[12:], "pages are 512 bytes"),
], ids=["zeroed", "short", "version", "header-checksum", "page-size"])
def test_wal_header_damage(tmp_path: Path, damage, message: str) -> None:  # type: ignore[no-untyped-def]
    _database, wal = wal_database(tmp_path / "e", "chat.db", LIVE, ["x"])
    with pytest.raises(SqliteFormatError, match=message):
        parse_wal(damage(wal.read_bytes()), 4096)


def test_hot_journal_pages_and_rolled_back_text(tmp_path: Path) -> None:
    database, journal = hot_journal_database(tmp_path / "sms.db", LIVE * 30, "rewritten before the crash")
    data, journal_bytes = database.read_bytes(), journal.read_bytes()
    assert is_hot_journal(journal_bytes)
    summary = parse_journal(journal_bytes)
    assert summary.page_size == 1024 and summary.pages and summary.original_pages >= 2
    runs = _runs(data, journal=journal_bytes, journal_summary=summary)
    rolled = [run for run in runs if "rewritten before the crash" in run.text]
    assert rolled and all(run.area.startswith("uncommitted, rolled back") for run in rolled)
    with pytest.raises(SqliteFormatError):
        parse_journal(b"\x00" * 600)
    assert not is_hot_journal(b"\x00" * 28 + journal_bytes[28:])


def test_freelist_that_loops_or_leaves_the_file(tmp_path: Path) -> None:
    notes = [f"dropped note {index} " * 10 for index in range(40)]
    data = bytearray(deleted_rows_database(tmp_path / "sms.db", LIVE, [], drop_table_rows=notes).read_bytes())
    header = parse_header(bytes(data))
    trunk = header.freelist_trunk
    struct.pack_into(">I", data, (trunk - 1) * 1024, trunk)  # the trunk names itself as the next trunk
    _pages, problems = freelist_pages(bytes(data), parse_header(bytes(data)))
    assert any("already listed" in problem for problem in problems)
    struct.pack_into(">I", data, 32, 10_000_000)  # the first trunk lies far outside the file
    recovery = recover_text(bytes(data), parse_header(bytes(data)))
    assert any("outside the database" in problem for problem in recovery.problems)


def test_cut_short_database(tmp_path: Path) -> None:
    data = deleted_rows_database(tmp_path / "sms.db", LIVE * 40, DELETED).read_bytes()
    cut = data[:len(data) - 2048 - 300]
    recovery = recover_text(cut, parse_header(cut))
    assert any("cut short" in problem for problem in recovery.problems)


@pytest.mark.parametrize("seed", range(12))
def test_mutated_and_random_input_never_crashes(tmp_path: Path, seed: int) -> None:
    """Corrupt input: random bytes written over a real database, its -wal and its -journal."""
    rng = random.Random(seed)
    database, wal = wal_database(tmp_path / "e", "chat.db", LIVE * 5, ["wal message"] * 5, deleted=DELETED,
                                 page_size=1024)
    data, wal_bytes = bytearray(database.read_bytes()), bytearray(wal.read_bytes())
    for buffer in (data, wal_bytes):
        for _ in range(rng.randint(1, 60)):
            position = rng.randrange(16 if buffer is data else 0, len(buffer))
            buffer[position:position + rng.randint(1, 64)] = rng.randbytes(rng.randint(1, 64))
    started = time.monotonic()
    try:
        header = parse_header(bytes(data))
        free_areas(bytes(data), header)
        try:
            summary = parse_wal(bytes(wal_bytes), header.page_size)
        except SqliteFormatError:
            summary = None
        recover_text(bytes(data), header, wal=bytes(wal_bytes) if summary else None, wal_summary=summary,
                     seconds=5)
    except SqliteFormatError:
        pass
    try:
        parse_journal(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + rng.randbytes(3000))
    except SqliteFormatError:
        pass
    assert time.monotonic() - started < 5


def test_recovery_stops_at_its_deadline(tmp_path: Path) -> None:
    notes = [f"dropped note {index} " * 10 for index in range(40)]
    data = deleted_rows_database(tmp_path / "sms.db", LIVE, [], drop_table_rows=notes).read_bytes()
    recovery = recover_text(data, parse_header(data), seconds=0)
    assert not recovery.complete and "stopped early" in recovery.problems[-1]


def test_text_moved_by_a_page_split_is_live_not_recovered(tmp_path: Path) -> None:
    """The first -wal frame of page 2 holds every row; a later split moved them to new pages, so that frame's
    text is superseded on its page but live on others: not recovered. The row deleted after the split is."""
    bodies = [f"message {index} of the split conversation" for index in range(150)]
    database, wal = wal_database(tmp_path / "e", "chat.db", [], bodies[:20], page_size=1024)
    source = tmp_path / "split.db"
    shutil.copyfile(database, source)
    shutil.copyfile(wal, f"{source}-wal")
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA secure_delete=OFF")
    connection.executemany("INSERT INTO sms (body) VALUES (?)", [(body,) for body in bodies[20:]])
    connection.execute("DELETE FROM sms WHERE body = ?", (bodies[7],))
    connection.commit()
    shutil.copyfile(source, tmp_path / "copy.db")
    wal_bytes = Path(f"{source}-wal").read_bytes()
    connection.close()
    data = (tmp_path / "copy.db").read_bytes()
    summary = parse_wal(wal_bytes, 1024)
    assert len({frame.page for frame in summary.committed}) > 3  # the split made new pages
    texts = _texts(_runs(data, wal=wal_bytes, wal_summary=summary))
    assert bodies[7] in texts
    assert not any(body in texts for index, body in enumerate(bodies) if index != 7)
