"""The trainer's class table: every trainee's case in a folder scored against the answer key, one row per trainee
and task, with what the custody log says about the time they spent and, when they shared it, their exposure count.

- Scores are exactly ``score_case`` (``heroes training score``): precision, recall, right / tagged / expected,
  and the misses and mistakes by path.
- The trainee is each person recorded in the case's custody log in the trainee role.
- Time spent is the sum of the trainee's working sessions: a session runs from the trainee's ``case.opened``
  event to their last event before the case is opened again (by anyone). It counts the time the custody log
  proves work went on, from the opening to the last recorded action, not the idle time after it; a session with
  no event after its opening counts zero.
- Clear views come only from a share the trainee chose to write (``exposure_share``); the column is empty without.

A case that opens with none of the class passphrases, or that is not a case, is a row with its error: the rest
of the class is still scored. Exports: CSV (one line per row) and one self-contained HTML page (escaped text, no
script, nothing fetched).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.case.errors import CaseAccessDenied
from heroes_desktop.case.failed_opens import CASE_SUFFIX
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.core.errors import HeroesError, UsageError
from heroes_desktop.core.progress import CancelToken, Progress, ProgressCallback, no_progress
from heroes_desktop.identity.actor import Role
from heroes_desktop.training.exposure_share import read_shared_exposure, share_path_for
from heroes_desktop.training.scoring import TaskScore, score_case
from heroes_desktop.training.tasks import TrainingTask, tasks_of_key

OPENED = "case.opened"
CSV_COLUMNS = ("case", "trainee", "task", "precision", "recall", "correct", "tagged", "expected", "missed",
               "mistaken", "missed_paths", "mistaken_paths", "seconds_spent", "sessions", "clear_views", "error")


@dataclass
class TraineeResult:
    """One trainee's case: their scores per task, or the error that kept it from being scored."""

    case_path: Path
    trainees: list[str] = field(default_factory=list)
    scores: list[TaskScore] = field(default_factory=list)
    seconds_spent: float | None = None
    sessions: int = 0
    clear_views: int | None = None  # None: not shared
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def trainee(self) -> str:
        return ", ".join(self.trainees)

    @property
    def name(self) -> str:
        """Who to show: the trainee, else the case file's name."""
        return self.trainee or self.case_path.name

    def rows(self) -> list[dict[str, Any]]:
        """One row per task (``score_case``'s JSON and the trainee's columns); an error is one row of its own."""
        common = {"case": self.case_path.name, "case_path": str(self.case_path), "trainee": self.trainee,
                  "seconds_spent": self.seconds_spent, "sessions": self.sessions, "clear_views": self.clear_views,
                  "notes": list(self.notes), "error": self.error}
        if self.error is not None:
            return [{**common, "task": None, "description": None, "expected": None, "tagged": None,
                     "correct": None, "precision": None, "recall": None, "missed": [], "mistaken": []}]
        return [{**common, **score.as_json()} for score in self.scores]


@dataclass
class ClassTable:
    folder: Path
    seed: int | None
    tasks: list[TrainingTask]
    trainees: list[TraineeResult]
    made_at: str = field(default_factory=utc_now_iso)
    cancelled: bool = False

    def rows(self) -> list[dict[str, Any]]:
        return [row for result in self.trainees for row in result.rows()]


def class_cases(folder: Path) -> list[Path]:
    """The case files (``*.heroes``) directly in ``folder``, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"not a folder of trainees' cases: {folder}")
    return sorted((path for path in folder.iterdir()
                   if path.is_file() and path.name.lower().endswith(CASE_SUFFIX)), key=lambda path: path.name)


def trainee_names(events: Sequence[CustodyEvent]) -> list[str]:
    """Everyone recorded in the trainee role, in the order they first appear."""
    return list(dict.fromkeys(event.actor for event in events if event.role == Role.TRAINEE.value))


def _when(event: CustodyEvent) -> datetime:
    return datetime.fromisoformat(event.time)


def time_spent(events: Sequence[CustodyEvent], names: Sequence[str]) -> tuple[float | None, int]:
    """(seconds, sessions) of the named trainees' work; see the module's note. (None, 0) without a session."""
    spans: list[list[datetime]] = []
    current: list[datetime] | None = None
    for event in events:
        if event.action == OPENED:
            current = None
            if event.actor in names and event.role == Role.TRAINEE.value:
                current = [_when(event), _when(event)]
                spans.append(current)
        elif current is not None and event.actor in names:
            current[1] = _when(event)
    if not spans:
        return None, 0
    return round(sum((end - start).total_seconds() for start, end in spans), 3), len(spans)


def _open(path: Path, passphrases: Sequence[str]) -> Case:
    """The case opened read-only with the first passphrase that opens it."""
    denied: CaseAccessDenied | None = None
    for passphrase in passphrases:
        try:
            return Case.open(path, passphrase, mode=OpenMode.READ_ONLY)
        except CaseAccessDenied as error:
            denied = error
    assert denied is not None
    raise denied


def _shared_views(result: TraineeResult) -> None:
    """The trainee's shared clear views, when a share lies beside the case and is theirs."""
    try:
        shared = read_shared_exposure(share_path_for(result.case_path))
    except HeroesError as error:
        result.notes.append(str(error))
        return
    if shared is None:
        return
    if result.trainees and shared.examiner not in result.trainees:
        result.notes.append(f"the exposure share beside the case is {shared.examiner}'s, not the trainee's")
        return
    result.clear_views = shared.clear_views


def score_trainee(path: Path, passphrases: Sequence[str], key: dict[str, Any]) -> TraineeResult:
    """One trainee's case scored; an error opening or reading it is the result's ``error``, not an exception."""
    result = TraineeResult(Path(path))
    try:
        with _open(result.case_path, passphrases) as case:
            events = case.events()
            result.scores = score_case(case, key)
    except (HeroesError, OSError) as error:
        result.error = str(error) or type(error).__name__
        return result
    result.trainees = trainee_names(events)
    if not result.trainees:
        result.notes.append("no one in the trainee role in the custody log")
    result.seconds_spent, result.sessions = time_spent(events, result.trainees)
    _shared_views(result)
    return result


def build_class_table(folder: Path, passphrases: str | Sequence[str], key: dict[str, Any], *,
                      progress: ProgressCallback = no_progress, cancel: CancelToken | None = None) -> ClassTable:
    """Every case in ``folder`` scored against ``key``; progress after each case, stopping early when cancelled."""
    phrases = [passphrases] if isinstance(passphrases, str) else [p for p in passphrases if p]
    if not phrases:
        raise UsageError("the class passphrase is empty")
    cases = class_cases(folder)
    table = ClassTable(Path(folder), key.get("seed"), tasks_of_key(key), [])
    report = Progress(phase="scoring", items_total=len(cases))
    progress(report)
    for path in cases:
        if cancel is not None and cancel.cancelled:
            table.cancelled = True
            break
        report.phase = path.name
        progress(report)
        result = score_trainee(path, phrases, key)
        table.trainees.append(result)
        report.items_done += 1
        report.failed += result.error is not None
        progress(report)
    return table


# ------------------------------------------------------------------------------------------------------ exports


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def duration_text(seconds: float | None) -> str:
    """``1 h 05 min``, ``12 min 03 s``, ``40 s``; ``-`` when unknown."""
    if seconds is None:
        return "-"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def csv_row(row: dict[str, Any]) -> list[str]:
    """A row's CSV cells (CSV_COLUMNS): counts of misses and mistakes, and their paths joined by ``;``."""
    flat = {**row, "missed": len(row["missed"]), "mistaken": len(row["mistaken"]),
            "missed_paths": ";".join(str(m.get("path")) for m in row["missed"]),
            "mistaken_paths": ";".join(str(m.get("path")) for m in row["mistaken"])}
    return ["" if flat.get(column) is None else str(flat[column]) for column in CSV_COLUMNS]


def table_csv(table: ClassTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in table.rows():
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def write_csv(table: ClassTable, out: Path) -> Path:
    Path(out).write_text(table_csv(table), encoding="utf-8", newline="")
    return Path(out)


_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.number { text-align: right; }
.error { color: #a00; }
"""


def _cell(value: object, number: bool = False) -> str:
    css = ' class="number"' if number else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _summary_row(row: dict[str, Any]) -> str:
    who = row["trainee"] or row["case"]
    if row["error"] is not None:
        return (f"<tr>{_cell(who)}{_cell(row['case'])}"
                f'<td colspan="10" class="error">{escape(row["error"])}</td></tr>')
    views = "-" if row["clear_views"] is None else row["clear_views"]
    return ("<tr>" + _cell(who) + _cell(row["case"]) + _cell(row["task"])
            + _cell(ratio_text(row["precision"]), True) + _cell(ratio_text(row["recall"]), True)
            + _cell(row["correct"], True) + _cell(row["tagged"], True) + _cell(row["expected"], True)
            + _cell(len(row["missed"]), True) + _cell(len(row["mistaken"]), True)
            + _cell(duration_text(row["seconds_spent"]), True) + _cell(views, True) + "</tr>")


def _entry_text(entry: dict[str, Any], mistaken: bool) -> str:
    text = str(entry.get("path"))
    if mistaken and entry.get("tagged"):
        text += f" (tagged {entry['tagged']}, expected {entry.get('expected') or 'nothing'})"
    elif entry.get("expected"):
        text += f" (expected {entry['expected']})"
    return text


def _details(row: dict[str, Any]) -> str:
    parts = [f"<h3>{escape(row['trainee'] or row['case'])}: {escape(str(row['task']))}</h3>"]
    for title, entries, mistaken in (("Missed", row["missed"], False), ("Mistaken", row["mistaken"], True)):
        if entries:
            items = "".join(f"<li>{escape(_entry_text(entry, mistaken))}</li>" for entry in entries)
            parts.append(f"<p>{title} ({len(entries)})</p><ul>{items}</ul>")
    return "\n".join(parts)


def table_html(table: ClassTable) -> str:
    """One page, readable offline: no script, nothing loaded from anywhere (a CSP forbids it too)."""
    rows = table.rows()
    headers = ("Trainee", "Case", "Task", "Precision", "Recall", "Right", "Tagged", "Expected", "Missed",
               "Mistaken", "Time spent", "Clear views")
    tasks = "".join(f"<li><b>{escape(task.id)}</b>: {escape(task.description)}</li>" for task in table.tasks)
    details = [_details(row) for row in rows if row["error"] is None and (row["missed"] or row["mistaken"])]
    notes = [f"<li>{escape(result.name)}: {escape(note)}</li>" for result in table.trainees for note in result.notes]
    seed = "-" if table.seed is None else table.seed
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>Class results</title>", f"<style>{_STYLE}</style></head><body>",
        "<h1>Class results</h1>",
        f"<p>Folder {escape(str(table.folder))} · answer key seed {escape(str(seed))} · "
        f"{len(table.trainees)} case(s) · made {escape(table.made_at)}"
        + (" · stopped before the end" if table.cancelled else "") + "</p>",
        f"<h2>Tasks</h2><ul>{tasks}</ul>",
        "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead><tbody>",
        *(_summary_row(row) for row in rows),
        "</tbody></table>",
        "<p>Time spent: the trainee's working sessions in the custody log, from opening the case to the last "
        "recorded action. Clear views: only where the trainee shared their exposure count.</p>",
        *((f"<h2>Notes</h2><ul>{''.join(notes)}</ul>",) if notes else ()),
        *(("<h2>Misses and mistakes by path</h2>", *details) if details else ()),
        "</body></html>", ""])


def write_html(table: ClassTable, out: Path) -> Path:
    Path(out).write_text(table_html(table), encoding="utf-8")
    return Path(out)
