"""The trainee's task list: what to do in a training case, without the answers.

The answer key holds the tasks beside every answer, so a trainee must never be given it. ``make-case`` therefore
writes a tasks sheet (``tasks.json``) beside the evidence: the seed and, per task, its id and description, nothing
else (no item, path, hash or category). The trainer hands out the evidence folder without ``answer-key.json``;
the trainee's window finds the sheet beside the case file or beside the case's evidence and reads only that file.
A sheet that holds anything more is refused, so a key renamed to ``tasks.json`` is never shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.pipeline.evidence_intake import list_evidence
from heroes_desktop.training.errors import TrainingError

TASKS_NAME = "tasks.json"
TASKS_FORMAT = "heroes-training-tasks/1"
SHEET_FIELDS = frozenset({"format", "seed", "tasks"})
TASK_FIELDS = frozenset({"id", "description"})
MAX_SHEET_BYTES = 64 * 1024  # a sheet is a few lines; a bigger file is not one


class TasksSheetError(TrainingError):
    """A tasks sheet cannot be read, or holds more than task ids and descriptions."""


@dataclass(frozen=True)
class TrainingTask:
    """One task as the trainee sees it."""

    id: str
    description: str

    @property
    def bookmark(self) -> str | None:
        """The bookmark name a ``bookmark:NAME`` task asks for, else None."""
        return self.id.removeprefix("bookmark:") if self.id.startswith("bookmark:") else None

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "description": self.description}


@dataclass(frozen=True)
class CaseTasks:
    """The tasks found for a case, and the sheet they came from."""

    sheet: Path
    seed: int | None
    tasks: list[TrainingTask]


def task_order(task_ids: Iterable[str]) -> list[str]:
    """Scoring's order: categorising first, then the bookmark tasks by name."""
    ids = list(task_ids)
    return [task for task in ids if task == "categorise"] + sorted(task for task in ids if task != "categorise")


def tasks_of_key(key: dict[str, Any]) -> list[TrainingTask]:
    """The key's tasks, descriptions only (for the trainer, and to write the sheet)."""
    described = key.get("tasks") or {}
    return [TrainingTask(task, str(described[task])) for task in task_order(described)]


def tasks_sheet(key: dict[str, Any]) -> dict[str, Any]:
    """The sheet's JSON: the seed and the tasks, never an answer."""
    return {"format": TASKS_FORMAT, "seed": key.get("seed"), "tasks": [t.as_json() for t in tasks_of_key(key)]}


def write_tasks_sheet(key: dict[str, Any], path: Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(tasks_sheet(key), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def read_tasks_sheet(path: Path) -> CaseTasks:
    """The tasks in the sheet at ``path``; refuses a file that holds anything but task ids and descriptions."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise TasksSheetError(f"{path} is too large to be a tasks sheet")
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TasksSheetError(f"cannot read the tasks sheet {path}: {error}") from error
    if not isinstance(document, dict) or document.get("format") != TASKS_FORMAT:
        raise TasksSheetError(f"{path} is not a HEROES tasks sheet ({TASKS_FORMAT})")
    if set(document) - SHEET_FIELDS or not isinstance(document.get("tasks"), list):
        raise TasksSheetError(f"{path} holds more than the tasks: it is not given to a trainee")
    tasks = []
    for entry in document["tasks"]:
        if not isinstance(entry, dict) or set(entry) != TASK_FIELDS or not all(
                isinstance(entry[name], str) for name in TASK_FIELDS):
            raise TasksSheetError(f"{path}: a task must hold only its id and description")
        tasks.append(TrainingTask(entry["id"], entry["description"]))
    seed = document.get("seed")
    return CaseTasks(path, seed if isinstance(seed, int) and not isinstance(seed, bool) else None, tasks)


def sheet_places(case: Case) -> list[Path]:
    """Where a case's tasks sheet may be, in order: beside the case file, then beside each evidence item."""
    places = [Path(case.path).parent / TASKS_NAME]
    for record in list_evidence(case):
        for given in record.paths[:1]:
            places.append(Path(given).parent / TASKS_NAME)
    return list(dict.fromkeys(places))


def case_tasks(case: Case) -> CaseTasks | None:
    """The tasks of a training case (None when no sheet is found). Only the sheet is read: never a key."""
    for place in sheet_places(case):
        if place.is_file():
            return read_tasks_sheet(place)
    return None
