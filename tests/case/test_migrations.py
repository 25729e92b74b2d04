"""The format version and migrations: later capabilities add tables without breaking existing cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection

from heroes_desktop.case import migrations
from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseError, CaseFormatTooNew
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE


def _add_bookmarks(connection: Connection) -> None:
    connection.exec_driver_sql("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")


FUTURE = (*migrations.MIGRATIONS, migrations.Migration(migrations.latest_version() + 1, "bookmarks", _add_bookmarks))


def test_new_case_has_the_latest_format(new_case: Case) -> None:
    assert new_case.info().format_version == migrations.latest_version()


def test_old_case_is_upgraded_on_read_write_open_and_the_upgrade_is_recorded(
    new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case.record("note.added", {"text": "made by the older program"})
    new_case.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", FUTURE)

    with pytest.raises(CaseError, match="needs an upgrade"):  # a viewer never upgrades a case
        Case.open(case_path, PASSPHRASE)
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.info().format_version == FUTURE[-1].version
        with case.change("bookmark.added", {"name": "first"}) as connection:
            connection.exec_driver_sql("INSERT INTO bookmarks (name) VALUES ('first')")
        migrated = [event for event in case.events() if event.action == "case.migrated"]
        assert [event.details["version"] for event in migrated] == [FUTURE[-1].version]
        assert case.verify().ok
        assert any(event.details.get("text") == "made by the older program" for event in case.events())


def test_case_from_a_newer_program_is_refused(
    new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_case.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", FUTURE)
    Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key).close()
    monkeypatch.undo()
    with pytest.raises(CaseFormatTooNew, match="newer HEROES Desktop"):
        Case.open(case_path, PASSPHRASE)
