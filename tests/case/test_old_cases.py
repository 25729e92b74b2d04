"""Cases made by earlier versions of the program open, upgrade and go on working (issue 20).

``old_cases/formatN.heroes`` were made by the program as it was when the case format was N (commits 2dbda81,
c94f015 and 975a1fc; ``scripts/make_old_case.py`` makes them: folder evidence of benign text files and a drawn
picture, an ingest with every stage that version had, and a tag with a note). Each is upgraded here by today's
program and must end with exactly the schema of a case made today, keep its data and its custody chain, and take
a new ingest.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from heroes_desktop.case import migrations
from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseError
from heroes_desktop.cli.main import main
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE as NEW_CASE_PASSPHRASE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import make_old_case  # noqa: E402 - the script that made the fixtures also makes their evidence

OLD_CASES = Path(__file__).parent / "old_cases"
PASSPHRASE = make_old_case.PASSPHRASE
FORMATS = (5, 8, 12)
COUNTED = ("files", "tags", "texts", "custody_events", "signers", "evidence", "entities", "stage_runs")


def _raw(path: Path, passphrase: str) -> sqlcipher3.dbapi2.Connection:
    connection = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    connection.execute(f"PRAGMA key = '{passphrase}'")
    return connection


def _chain(path: Path) -> list[tuple[int, str]]:
    connection = _raw(path, PASSPHRASE)
    try:
        return connection.execute("SELECT seq, hash FROM custody_events ORDER BY seq").fetchall()
    finally:
        connection.close()


def _counts(path: Path) -> dict[str, int]:
    connection = _raw(path, PASSPHRASE)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in COUNTED if table in tables}
    finally:
        connection.close()


def _schema(path: Path, passphrase: str) -> dict[str, object]:
    """Each table's columns (name, declared type, not null, primary key), each index's table, columns and
    condition, and the triggers' SQL: what a query can tell apart, whatever order the columns were added in.

    Column defaults are left out: a NOT NULL column added by ALTER TABLE must carry the DEFAULT that SQLite needs
    to fill existing rows, while a table made whole leaves defaults to the program (which always writes them)."""
    connection = _raw(path, passphrase)
    try:
        found: dict[str, object] = {}
        for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'text_index_%'"):
            if kind == "table":
                columns = connection.execute(f"PRAGMA table_info('{name}')").fetchall()
                found[f"table {name}"] = sorted((column[1], column[2].upper(), column[3], column[5])
                                                for column in columns)
                if sql and "VIRTUAL TABLE" in sql.upper():
                    found[f"virtual {name}"] = " ".join(sql.split())
            elif kind == "index":
                columns = [row[2] for row in connection.execute(f"PRAGMA index_xinfo('{name}')") if row[5]]
                condition = sql.upper().split(" WHERE ", 1)[1] if sql and " WHERE " in sql.upper() else None
                unique = connection.execute(
                    f"SELECT \"unique\" FROM pragma_index_list('{table}') WHERE name = ?", (name,)).fetchone()
                found[f"index {name}"] = (table, columns, condition, unique[0] if unique else None)
            elif kind == "trigger":
                found[f"trigger {name}"] = " ".join(sql.split())
        return found
    finally:
        connection.close()


@pytest.fixture
def today_schema(new_case: Case, case_path: Path) -> dict[str, object]:
    new_case.close()
    return _schema(case_path, NEW_CASE_PASSPHRASE)


def _copy(version: int, tmp_path: Path) -> Path:
    source = OLD_CASES / f"format{version}.heroes"
    copy = tmp_path / f"old-{version}" / "old.heroes"
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    return copy


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("version", FORMATS)
def test_an_old_case_upgrades_to_the_schema_of_a_case_made_today_and_keeps_its_data(
        version: int, tmp_path: Path, today_schema: dict[str, object], examiner: Actor,
        examiner_key: SigningKey) -> None:
    fixture = OLD_CASES / f"format{version}.heroes"
    fixture_hash = _sha256(fixture)
    path = _copy(version, tmp_path)
    before, chain = _counts(path), _chain(path)
    assert before["files"] >= 6 and before["tags"] == 1, before

    with pytest.raises(CaseError, match="needs an upgrade"):
        Case.open(path, PASSPHRASE)
    with Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.info().format_version == migrations.latest_version()
        migrated = [event.details["version"] for event in case.events() if event.action == "case.migrated"]
        assert migrated == list(range(version + 1, migrations.latest_version() + 1))
        assert case.verify().ok
        assert "case.created" in [event.action for event in case.events()[:3]]
        with case.reading() as connection:
            tagged = connection.exec_driver_sql("SELECT note FROM tags").all()
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
    assert [row[0] for row in tagged] == ["made by an earlier version"]
    assert dangling == [] and integrity == "ok"

    after = _counts(path)
    assert after["files"] == before["files"] and after["tags"] == before["tags"]
    assert after["texts"] == before["texts"] and after["evidence"] == before["evidence"]
    assert _chain(path)[:len(chain)] == chain  # the old chain is kept as it was; the upgrade is appended to it
    assert _schema(path, PASSPHRASE) == today_schema
    assert _sha256(fixture) == fixture_hash  # the fixture itself is never opened for writing


@pytest.fixture
def old_evidence() -> Iterator[Path]:
    """The fixtures' evidence, made again at the path they name (the script's own builder)."""
    make_old_case.make_evidence(make_old_case.EVIDENCE)
    yield make_old_case.EVIDENCE
    shutil.rmtree(make_old_case.EVIDENCE, ignore_errors=True)


@pytest.mark.parametrize("version", FORMATS)
def test_an_upgraded_old_case_is_searched_listed_and_takes_a_new_ingest(
        version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        old_evidence: Path) -> None:
    path = _copy(version, tmp_path)
    monkeypatch.setenv("HEROES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", "a new examiner's key passphrase on this workstation")
    monkeypatch.setenv("HEROES_EXAMINER", "Nadia Newversion")
    assert main(["case", "info", str(path)]) == 1  # a viewer never upgrades a case: it names the command that does
    assert f"heroes case upgrade {path}" in capsys.readouterr().err
    assert main(["case", "upgrade", str(path), "--json"]) == 0
    assert f'"format_version": {migrations.latest_version()}' in capsys.readouterr().out
    assert main(["case", "info", str(path)]) == 0
    capsys.readouterr()

    assert main(["search", str(path), "salary", "--json"]) == 0
    assert "offer.txt" in capsys.readouterr().out
    assert main(["files", str(path), "--json"]) == 0
    assert "shapes-copy.png" in capsys.readouterr().out

    evidence = tmp_path / "new-evidence"
    evidence.mkdir()
    (evidence / "letter.txt").write_text("A salary of 1,200 euros a month, write to hiring.new@example.net\n")
    assert main(["evidence", "add", str(path), str(evidence)]) == 0
    assert main(["ingest", str(path), "--jobs", "1", "--stages", "hash,filetype,phash,dates,text,entities"]) == 0
    capsys.readouterr()
    assert main(["files", str(path), "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]  # JSON lines
    assert {entry["status"] for entry in listed} == {"ok"}, listed
    connection = _raw(path, PASSPHRASE)
    try:
        pictures = connection.execute("SELECT path, phash FROM files WHERE path LIKE '%.png'").fetchall()
    finally:
        connection.close()
    assert len(pictures) == 2 and all(phash for _, phash in pictures), pictures  # a stage format 5 never had
    assert main(["search", str(path), "salary", "--json"]) == 0
    found = capsys.readouterr().out
    assert "letter.txt" in found and "offer.txt" in found
    assert main(["custody", "verify", str(path)]) == 0
