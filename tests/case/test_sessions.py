"""Read-only and review sessions cannot change case data; readers work while a writer writes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.engine import make_engine
from heroes_desktop.case.errors import ReadOnlyCase
from heroes_desktop.case.schema import CUSTODY_TABLES
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.case.test_crash_safety import _collect_committed, _start_writer
from tests.conftest import PASSPHRASE, sha256_file


def _data_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows except the custody tables."""
    with Case.open(path, PASSPHRASE) as case, case.reading() as connection:
        names = [row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: connection.exec_driver_sql(f"SELECT * FROM {name}").fetchall()
            for name in names if name not in CUSTODY_TABLES
        }


def test_read_only_session_changes_nothing(new_case: Case, case_path: Path) -> None:
    new_case.close()
    before = sha256_file(case_path)
    with Case.open(case_path, PASSPHRASE) as case:
        with pytest.raises(ReadOnlyCase):
            case.record("note.added", {"text": "x"})
        with pytest.raises(ReadOnlyCase), case.change("note.added", {}):
            pass
        with case.reading() as connection:
            for statement in ("INSERT INTO case_meta VALUES ('k', 'v')", "UPDATE case_meta SET value = 'x'",
                              "DROP TABLE signers", "CREATE TABLE sneaky (x)"):
                with pytest.raises(DBAPIError, match="readonly|read-only|query_only|attempt to write"):
                    connection.exec_driver_sql(statement)
        case.info()
        case.verify()
    assert sha256_file(case_path) == before


def test_supervisor_review_session_can_only_append_custody_events(
    new_case: Case, case_path: Path, supervisor: Actor, supervisor_key: SigningKey
) -> None:
    new_case.close()
    data_before = _data_snapshot(case_path)
    # asking for read-write as a supervisor still gives a review session
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=supervisor, key=supervisor_key) as case:
        assert case.mode is OpenMode.REVIEW
        with pytest.raises(ReadOnlyCase), case.change("note.added", {"text": "x"}):
            pass
        with case.reading() as connection, pytest.raises(DBAPIError):
            connection.exec_driver_sql("UPDATE case_meta SET value = 'forged' WHERE key = 'title'")
        event = case.sign_review("looked at everything")
    assert event.action == "review.signed" and event.role == "supervisor"
    assert _data_snapshot(case_path) == data_before
    with Case.open(case_path, PASSPHRASE) as case:
        assert case.verify().ok


def test_review_writer_is_fenced_by_sqlite_itself(new_case: Case, case_path: Path) -> None:
    """The append-only connection refuses any write outside the custody tables, whatever SQL it is given."""
    new_case.close()
    engine = make_engine(case_path, PASSPHRASE, read_only=False, writable_tables=CUSTODY_TABLES)
    try:
        with engine.begin() as connection:
            for statement in ("UPDATE case_meta SET value = 'forged' WHERE key = 'title'",
                              "DELETE FROM schema_migrations", "CREATE TABLE sneaky (x)", "DROP TABLE case_meta",
                              "DROP TRIGGER custody_events_no_update", "PRAGMA writable_schema = ON"):
                with pytest.raises(DBAPIError, match="not authorized|prohibited"):
                    connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_readers_work_while_a_writer_writes(new_case: Case, case_path: Path) -> None:
    """A viewer (as the GUI will be) reads continuously while another process commits; nothing is locked out."""
    new_case.close()
    process = _start_writer(case_path, 400)
    committed: list[int] = []
    thread = threading.Thread(target=_collect_committed, args=(process, committed), daemon=True)
    thread.start()
    reads, seen = 0, []
    try:
        with Case.open(case_path, PASSPHRASE) as viewer:
            while process.poll() is None or reads == 0:
                seen.append(viewer.info().counts["custody_events"])
                reads += 1
                time.sleep(0.005)
    finally:
        process.wait(timeout=120)
        thread.join(timeout=10)
    assert process.returncode == 0
    assert reads >= 10 and seen == sorted(seen) and seen[-1] > seen[0]
    with Case.open(case_path, PASSPHRASE) as case:
        assert case.verify().ok and case.events()[-1].seq == committed[-1]
