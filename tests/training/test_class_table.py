"""The trainer's class table (issue 18): per trainee and task exactly ``score_case`` (and ``heroes training
score``), a case that does not open as an error row, the trainee and their time from the custody log, clear views
only from a share the trainee wrote, and the CSV and HTML exports; ``heroes training class``."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.cli import main as cli_main
from heroes_desktop.training.class_table import (
    CSV_COLUMNS,
    ClassTable,
    build_class_table,
    class_cases,
    table_csv,
    table_html,
    time_spent,
    write_html,
)
from heroes_desktop.training.exposure_share import (
    ExposureShareError,
    read_shared_exposure,
    share_exposure,
    share_path_for,
)
from heroes_desktop.review.exposure_log import ExposureLog
from heroes_desktop.training.scoring import score_case
from tests.training.classroom import ALICE, ALICE_CLEAR_VIEWS, BOB, CAROL, JUNK_NAME, Classroom, build_classroom

SCORE_FIELDS = ("task", "description", "expected", "tagged", "correct", "precision", "recall", "missed", "mistaken")


@pytest.fixture(scope="module")
def classroom(demo_build, tmp_path_factory: pytest.TempPathFactory) -> Classroom:  # type: ignore[no-untyped-def]
    return build_classroom(demo_build, tmp_path_factory.mktemp("classroom"))


@pytest.fixture(scope="module")
def table(classroom: Classroom) -> ClassTable:
    return build_class_table(classroom.folder, classroom.passphrase, classroom.key)


def _by_case(table: ClassTable) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for row in table.rows():
        rows.setdefault(row["case"], []).append(row)
    return rows


def expected_scores(classroom: Classroom, path: Path) -> list[dict]:
    with Case.open(path, classroom.passphrase) as case:
        return [score.as_json() for score in score_case(case, classroom.key)]


def test_the_class_table_is_score_case_for_each_trainee(classroom: Classroom, table: ClassTable) -> None:
    rows = _by_case(table)
    assert set(rows) == {"alice.heroes", "bob.heroes", "carol.heroes", "dave.heroes", JUNK_NAME}
    for who, path in classroom.trainees.items():
        scored = [{field: row[field] for field in SCORE_FIELDS} for row in rows[path.name]]
        assert scored == expected_scores(classroom, path), who
        assert all(row["trainee"] == who and row["error"] is None for row in rows[path.name])
    alice = {row["task"]: row for row in rows["alice.heroes"]}
    bob = {row["task"]: row for row in rows["bob.heroes"]}
    carol = {row["task"]: row for row in rows["carol.heroes"]}
    assert list(alice) == ["categorise", "bookmark:job-offers", "bookmark:money-transfers", "bookmark:p2p-shared"]
    for task in ("categorise", "bookmark:job-offers"):  # all right; a miss only for what the case lacks
        assert alice[task]["precision"] == 1.0 and alice[task]["mistaken"] == []
        assert all(missed["file_id"] is None for missed in alice[task]["missed"])
    assert bob["categorise"]["mistaken"] and bob["categorise"]["mistaken"][0]["path"].startswith("/")
    assert bob["categorise"]["precision"] < 1.0 and bob["categorise"]["recall"] < alice["categorise"]["recall"]
    offers = {i["path"].casefold() for i in classroom.key["items"] if i["tasks"].get("bookmark") == "job-offers"}
    [wrong] = bob["bookmark:money-transfers"]["mistaken"]
    assert wrong["path"].casefold() in offers and bob["bookmark:money-transfers"]["correct"] == 0
    assert all(row["tagged"] == 0 and row["precision"] is None for row in carol.values())
    assert table.seed == 1 and [task.id for task in table.tasks] == list(alice)


def test_a_case_that_does_not_open_is_an_error_row(table: ClassTable) -> None:
    rows = _by_case(table)
    for name in ("dave.heroes", JUNK_NAME):
        [row] = rows[name]
        assert row["error"] and row["task"] is None and row["precision"] is None, name
        assert "passphrase" in row["error"] or "not a case" in row["error"], row["error"]
    assert len([r for r in table.trainees if r.error is None]) == 3


def test_a_second_class_passphrase_opens_the_other_class(classroom: Classroom) -> None:
    table = build_class_table(classroom.folder, [classroom.passphrase, "another class's passphrase"],
                              classroom.key)
    dave = [r for r in table.trainees if r.case_path.name == "dave.heroes"][0]
    assert dave.error is None and dave.trainees == ["Dave Trainee"]
    assert all(score.tagged == 0 for score in dave.scores)


def test_trainee_and_time_come_from_the_custody_log(classroom: Classroom, table: ClassTable) -> None:
    results = {r.case_path.name: r for r in table.trainees}
    for who, path in classroom.trainees.items():
        result = results[path.name]
        assert result.trainees == [who] and result.sessions == 1
        assert result.seconds_spent is not None and 0 <= result.seconds_spent < 600
        with Case.open(path, classroom.passphrase) as case:
            events = case.events()
        assert (result.seconds_spent, result.sessions) == time_spent(events, [who])
    assert results["alice.heroes"].seconds_spent >= results["carol.heroes"].seconds_spent


def _event(seq: int, minutes: float, actor: str, role: str, action: str) -> CustodyEvent:
    when = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=minutes)
    return CustodyEvent(seq, when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), actor, role, action, {}, {}, "", "", "", "")


def test_time_spent_is_the_sum_of_the_trainees_sessions() -> None:
    events = [_event(1, 0, "Trainer", "trainer", "case.created"),
              _event(2, 1, "Ann", "trainee", "case.opened"), _event(3, 5, "Ann", "trainee", "file.tagged"),
              _event(4, 11, "Ann", "trainee", "file.tagged"),  # first session: 10 minutes
              _event(5, 60, "Trainer", "trainer", "case.opened"), _event(6, 70, "Ann", "trainee", "file.tagged"),
              _event(7, 120, "Ann", "trainee", "case.opened"),  # opened, nothing done: 0
              _event(8, 200, "Ann", "trainee", "case.opened"), _event(9, 230, "Ann", "trainee", "file.tagged")]
    assert time_spent(events, ["Ann"]) == (40 * 60, 3)
    assert time_spent(events, ["Nobody"]) == (None, 0)


def test_clear_views_only_from_the_trainees_own_share(classroom: Classroom, table: ClassTable) -> None:
    results = {r.case_path.name: r for r in table.trainees}
    assert results["alice.heroes"].clear_views == ALICE_CLEAR_VIEWS
    assert results["bob.heroes"].clear_views is None  # a share beside it, but Mallory's
    assert any("Mallory" in note for note in results["bob.heroes"].notes)
    assert results["carol.heroes"].clear_views is None and not results["carol.heroes"].notes
    shared = read_shared_exposure(share_path_for(classroom.trainees[ALICE]))
    assert shared is not None and shared.examiner == ALICE and shared.clear_views == ALICE_CLEAR_VIEWS
    text = share_path_for(classroom.trainees[ALICE]).read_text(encoding="utf-8")
    assert "/" not in text.replace("heroes-exposure-share/1", "")  # counts only: no path of any file


def test_a_share_holds_the_chosen_days_and_nothing_else(tmp_path: Path) -> None:
    log = ExposureLog("Eve Trainee")
    log.record_clear_view(True)
    log.record_clear_view(False)  # not flagged: not exposure
    today = datetime.now().astimezone().date().isoformat()
    shared = share_exposure("Eve Trainee", tmp_path / "eve.exposure.json", days=[today, "2020-01-02"])
    assert shared.days == {today: 1, "2020-01-02": 0} and shared.clear_views == 1
    document = json.loads((tmp_path / "eve.exposure.json").read_text(encoding="utf-8"))
    assert set(document) == {"format", "examiner", "days", "clear_views", "shared_at"}
    assert read_shared_exposure(tmp_path / "missing.json") is None
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ExposureShareError):
        read_shared_exposure(tmp_path / "bad.json")


def test_csv_has_one_line_per_trainee_and_task(table: ClassTable) -> None:
    lines = list(csv.reader(io.StringIO(table_csv(table))))
    assert tuple(lines[0]) == CSV_COLUMNS
    rows = table.rows()
    assert len(lines) == 1 + len(rows) == 1 + 3 * 4 + 2
    by_key = {(line[0], line[2]): dict(zip(CSV_COLUMNS, line)) for line in lines[1:]}
    for row in rows:
        cells = by_key[(row["case"], row["task"] or "")]
        assert cells["trainee"] == row["trainee"]
        if row["error"]:
            assert cells["error"] == row["error"] and cells["precision"] == ""
            continue
        assert cells["correct"] == str(row["correct"]) and cells["expected"] == str(row["expected"])
        assert cells["precision"] == ("" if row["precision"] is None else str(row["precision"]))
        assert cells["missed"] == str(len(row["missed"]))
        assert cells["missed_paths"].split(";") == ([str(m["path"]) for m in row["missed"]] or [""])
        assert cells["mistaken_paths"].split(";") == ([str(m["path"]) for m in row["mistaken"]] or [""])
    assert by_key[("alice.heroes", "categorise")]["clear_views"] == str(ALICE_CLEAR_VIEWS)


def test_html_is_one_escaped_page_without_scripts(table: ClassTable, tmp_path: Path) -> None:
    page = table_html(table)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert " src=" not in page and "<link" not in page and "@import" not in page
    assert "o&#x27;brien &lt;b&gt;&amp;amp; co.heroes" in page and JUNK_NAME not in page
    for name in (ALICE, BOB, CAROL):
        assert name in page
    bob = [r for r in table.trainees if r.trainees == [BOB]][0]
    for score in bob.scores:
        for entry in score.mistaken:
            assert str(entry["path"]) in page
    out = write_html(table, tmp_path / "class.html")
    assert out.read_text(encoding="utf-8") == page


def test_only_case_files_directly_in_the_folder(classroom: Classroom) -> None:
    names = [path.name for path in class_cases(classroom.folder)]
    assert names == sorted(names) and "alice.heroes.exposure.json" not in names and len(names) == 5


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli_main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_heroes_training_class(classroom: Classroom, table: ClassTable, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEROES_PASSPHRASE", classroom.passphrase)
    code, out, err = run(capsys, "training", "class", classroom.folder, "--key", classroom.key_path, "--json",
                         "--html", tmp_path / "class.html")
    assert code == 1  # two cases were not scored: their rows say why
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["case"], r["task"]) for r in rows] == [(r["case"], r["task"]) for r in table.rows()]
    assert "class table written" in err and (tmp_path / "class.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")
    for who, path in classroom.trainees.items():
        code, scored, _ = run(capsys, "training", "score", path, "--key", classroom.key_path, "--json")
        assert code == 0
        assert [{f: r[f] for f in SCORE_FIELDS} for r in rows if r["case"] == path.name] == [
            json.loads(line) for line in scored.splitlines()], who
    code, out, err = run(capsys, "training", "class", classroom.folder, "--key", classroom.key_path, "--csv")
    assert code == 1 and out == table_csv(build_class_table(classroom.folder, classroom.passphrase, classroom.key))
    assert "dave.heroes: not scored" in err
    code, out, _ = run(capsys, "training", "class", classroom.folder, "--key", classroom.key_path)
    assert out.splitlines()[0].split()[:3] == ["TRAINEE", "CASE", "TASK"] and ALICE in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "training", "class", empty, "--key", classroom.key_path)
    assert code == 0 and out == "" and "no case files" in err
    code, out, err = run(capsys, "training", "class", tmp_path / "nowhere", "--key", classroom.key_path)
    assert code == 2 and "not a folder" in err
