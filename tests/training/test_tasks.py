"""The trainee's tasks sheet (issue 18): ``make-case`` writes the tasks without their answers beside the evidence;
a trainee's case finds it there (or beside the case file) and reads only that file, never the answer key; a file
that holds more than task ids and descriptions is refused; the hand-out (``heroes training hand-out``) gives each
trainee a copy of the case with the sheet beside it, and never the key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.cli import main as cli_main
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE
from heroes_desktop.training.errors import TrainingError
from heroes_desktop.training.hand_out import hand_out
from heroes_desktop.training.make_case import KEY_NAME, remove_training_case
from heroes_desktop.training.tasks import (
    TASKS_NAME,
    TasksSheetError,
    TrainingTask,
    case_tasks,
    read_tasks_sheet,
    tasks_of_key,
    tasks_sheet,
    write_tasks_sheet,
)
from tests.training.classroom import record_opens


def test_make_case_writes_the_tasks_without_answers(demo_build) -> None:  # type: ignore[no-untyped-def]
    training = demo_build.training
    assert training.tasks == training.out_dir / TASKS_NAME and training.tasks.is_file()
    key = read_key(training.key)
    sheet = json.loads(training.tasks.read_text(encoding="utf-8"))
    assert sheet == tasks_sheet(key)
    assert set(sheet) == {"format", "seed", "tasks"} and sheet["seed"] == 1
    assert [task["id"] for task in sheet["tasks"]] == ["categorise", "bookmark:job-offers",
                                                       "bookmark:money-transfers", "bookmark:p2p-shared"]
    assert all(set(task) == {"id", "description"} for task in sheet["tasks"])
    text = training.tasks.read_text(encoding="utf-8")
    for item in key["items"]:  # no path, name or hash of any planted file, and no answer
        assert item["path"] not in text and item["md5"] not in text and item["id"] not in text
    assert "CAT-1" not in text and "CAT-2" not in text and "CAT-3" not in text


def test_the_demo_case_finds_its_tasks_beside_the_evidence_and_never_opens_the_key(
        demo_build) -> None:  # type: ignore[no-untyped-def]
    key_path = demo_build.training.key.resolve()
    with Case.open(demo_build.case_path, DEMO_CASE_PASSPHRASE) as case, pytest.MonkeyPatch.context() as patch:
        opened = record_opens(patch)
        found = case_tasks(case)
    assert found is not None and found.sheet == demo_build.training.tasks and found.seed == 1
    assert found.tasks == tasks_of_key(read_key(demo_build.training.key))
    assert demo_build.training.tasks.resolve() in opened
    assert key_path not in opened and not any(path.name == KEY_NAME for path in opened)


def test_a_sheet_beside_the_case_file_comes_first(demo_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case_path = tmp_path / "trainee.heroes"
    shutil.copy2(demo_build.case_path, case_path)
    own = {"format": "heroes-training-tasks/1", "seed": 7, "tasks": [{"id": "bookmark:x", "description": "Find x."}]}
    (tmp_path / TASKS_NAME).write_text(json.dumps(own), encoding="utf-8")
    with Case.open(case_path, DEMO_CASE_PASSPHRASE) as case:
        found = case_tasks(case)
    assert found is not None and found.seed == 7 and found.tasks == [TrainingTask("bookmark:x", "Find x.")]
    assert found.tasks[0].bookmark == "x"


def test_a_key_or_a_sheet_with_answers_is_refused(demo_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    renamed = tmp_path / TASKS_NAME
    shutil.copy2(demo_build.training.key, renamed)  # the key renamed: never shown to a trainee
    with pytest.raises(TasksSheetError):
        read_tasks_sheet(renamed)
    key = read_key(demo_build.training.key)
    sheet = tasks_sheet(key)
    for spoiled in ({**sheet, "items": key["items"][:1]},
                    {**sheet, "tasks": [{**sheet["tasks"][0], "paths": ["/Users/x/a.jpg"]}]},
                    {**sheet, "tasks": [{"id": 1, "description": "x"}]}, {**sheet, "tasks": "categorise"}):
        renamed.write_text(json.dumps(spoiled), encoding="utf-8")
        with pytest.raises(TasksSheetError):
            read_tasks_sheet(renamed)
    renamed.write_text("not json", encoding="utf-8")
    with pytest.raises(TasksSheetError):
        read_tasks_sheet(renamed)
    write_tasks_sheet(key, renamed)
    assert read_tasks_sheet(renamed).tasks == tasks_of_key(key)


def test_no_sheet_no_tasks(demo_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / TASKS_NAME).write_text("{}", encoding="utf-8")
    remove_training_case(evidence)  # make-case's own files, the sheet among them, go
    assert not (evidence / TASKS_NAME).exists()
    assert tasks_of_key({"tasks": {}}) == []


def test_the_hand_out_holds_the_tasks_and_a_copy_per_trainee_but_never_the_key(
        demo_build, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    key = read_key(demo_build.training.key)
    out = tmp_path / "hand-out"
    given = hand_out(demo_build.case_path, key, out, ["Ana López", "Ben"], evidence_dir=demo_build.training.out_dir)
    names = sorted(path.name for path in out.iterdir())
    assert KEY_NAME not in names and TASKS_NAME in names
    assert [path.name for path in given.cases] == ["Ana_López.heroes", "Ben.heroes"]
    assert {path.name for path in given.evidence} >= {"training-disk.raw", "training-disk.E01",
                                                       "training-known-set.vics.json"}
    assert read_tasks_sheet(given.tasks).tasks == tasks_of_key(key)
    with Case.open(given.cases[0], DEMO_CASE_PASSPHRASE) as case:
        found = case_tasks(case)
    assert found is not None and found.sheet == out / TASKS_NAME
    with pytest.raises(TrainingError, match="not replacing"):
        hand_out(demo_build.case_path, key, out, ["Ben"])
    with pytest.raises(TrainingError, match="same file name"):
        hand_out(demo_build.case_path, key, tmp_path / "twice", ["Ben", "Ben"])

    monkeypatch.setenv("HEROES_PASSPHRASE", DEMO_CASE_PASSPHRASE)
    code = cli_main.main(["training", "hand-out", str(demo_build.case_path), "--key", str(demo_build.training.key),
                          "--out", str(tmp_path / "cli"), "--trainee", "Cleo", "--json"])
    record = json.loads(capsys.readouterr().out)
    assert code == 0 and record["cases"] == [str(tmp_path / "cli" / "Cleo.heroes")] and record["evidence"] == []
    assert sorted(path.name for path in (tmp_path / "cli").iterdir()) == ["Cleo.heroes", TASKS_NAME]
