"""`heroes training score`: a trainee's categories and bookmarks against the answer key, per task.

Categorising: every picture the training known set matches must carry its category; a CAT-0 or CAT-5 tag says
"nothing to see" and is neither credited nor counted against. Bookmarks: each bookmark task names the files that
belong under it. For each task: precision (how many of the trainee's tags are right), recall (how many of the
expected files were tagged rightly), and what was missed or mistaken, by path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.hashsets.tagging import list_tags
from heroes_desktop.training.checks import FileIndex

NEUTRAL_CATEGORIES = frozenset({"CAT-0", "CAT-5"})


@dataclass
class TaskScore:
    task: str
    description: str
    expected: int = 0
    tagged: int = 0
    correct: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    mistaken: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return round(self.correct / self.tagged, 4) if self.tagged else None

    @property
    def recall(self) -> float | None:
        return round(self.correct / self.expected, 4) if self.expected else None

    def as_json(self) -> dict[str, Any]:
        return {"task": self.task, "description": self.description, "expected": self.expected,
                "tagged": self.tagged, "correct": self.correct, "precision": self.precision, "recall": self.recall,
                "missed": self.missed, "mistaken": self.mistaken}


def _latest_per_file(tags: list[dict[str, Any]], column: str) -> dict[int, str]:
    """A file's latest category (a re-categorisation replaces the earlier one)."""
    latest: dict[int, str] = {}
    for tag in tags:
        if tag[column]:
            latest[tag["file_id"]] = tag[column]
    return latest


def _score_categories(key: dict[str, Any], placed: dict[str, dict[str, Any]], tags: list[dict[str, Any]],
                      paths: dict[int, str]) -> TaskScore:
    score = TaskScore("categorise", key["tasks"]["categorise"])
    item_of = {row["id"]: item_id for item_id, row in placed.items()}
    expected = {placed[i["id"]]["id"]: (i, i["tasks"]["categorise"]) for i in key["items"]
                if i["tasks"].get("categorise") and i["id"] in placed}
    missing_from_case = [i for i in key["items"] if i["tasks"].get("categorise") and i["id"] not in placed]
    given = {file_id: category for file_id, category in _latest_per_file(tags, "category").items()
             if category not in NEUTRAL_CATEGORIES}
    score.expected, score.tagged = len(expected) + len(missing_from_case), len(given)
    for file_id, category in sorted(given.items()):
        _, wanted = expected.get(file_id, (None, None))
        if category == wanted:
            score.correct += 1
        else:
            score.mistaken.append({"path": paths.get(file_id), "file_id": file_id, "tagged": category,
                                   "expected": wanted, "item": item_of.get(file_id)})
    for file_id, (item, wanted) in sorted(expected.items()):
        if given.get(file_id) != wanted:
            score.missed.append({"item": item["id"], "path": item["path"], "file_id": file_id, "expected": wanted,
                                 "tagged": given.get(file_id)})
    score.missed += [{"item": i["id"], "path": i["path"], "file_id": None, "expected": i["tasks"]["categorise"],
                      "tagged": None} for i in missing_from_case]
    return score


def _score_bookmark(name: str, description: str, key: dict[str, Any], placed: dict[str, dict[str, Any]],
                    tags: list[dict[str, Any]], paths: dict[int, str]) -> TaskScore:
    score = TaskScore(f"bookmark:{name}", description)
    expected = {placed[i["id"]]["id"]: i for i in key["items"]
                if i["tasks"].get("bookmark") == name and i["id"] in placed}
    absent = [i for i in key["items"] if i["tasks"].get("bookmark") == name and i["id"] not in placed]
    given = {tag["file_id"] for tag in tags if (tag["bookmark"] or "").strip().casefold() == name.casefold()}
    score.expected, score.tagged = len(expected) + len(absent), len(given)
    score.correct = len(given & set(expected))
    score.mistaken = [{"path": paths.get(f), "file_id": f} for f in sorted(given - set(expected))]
    score.missed = [{"item": expected[f]["id"], "path": expected[f]["path"], "file_id": f}
                    for f in sorted(set(expected) - given)]
    score.missed += [{"item": i["id"], "path": i["path"], "file_id": None} for i in absent]
    return score


def score_case(case: Case, key: dict[str, Any]) -> list[TaskScore]:
    """One TaskScore per task the key defines."""
    index = FileIndex(case)
    placed = index.placed(key)
    tags = list_tags(case, current_only=True)  # superseded and withdrawn tags are history, not answers
    paths = {row["id"]: row["path"] for row in index.files}
    scores = [_score_categories(key, placed, tags, paths)]
    for task, description in sorted(key["tasks"].items()):
        if task.startswith("bookmark:"):
            scores.append(_score_bookmark(task.removeprefix("bookmark:"), description, key, placed, tags, paths))
    return scores
