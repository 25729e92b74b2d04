"""Handing out a training case: what the trainees are given, without the answer key.

Into a folder of the trainer's choosing: the tasks sheet (``training.tasks``: task ids and descriptions only), one
copy of the processed case file per trainee (``<name>.heroes``; the trainee opens it in the trainee role and the
custody log records their work), and, when asked, the training evidence ``make-case`` wrote, every file but the
key. The trainees hand their copies back into one folder, which the class table scores.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes_desktop.case.failed_opens import CASE_SUFFIX
from heroes_desktop.training.errors import TrainingError
from heroes_desktop.training.make_case import DISK_NAME, E01_STEM, KEY_NAME, PHASH_NAME, VICS_NAME
from heroes_desktop.training.tasks import TASKS_NAME, write_tasks_sheet

WAL_SUFFIXES = ("-wal", "-journal")  # non-empty: changes not yet in the case file


@dataclass
class HandOut:
    folder: Path
    tasks: Path
    cases: list[Path] = field(default_factory=list)
    evidence: list[Path] = field(default_factory=list)


def _non_empty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def copy_name(trainee: str) -> str:
    """``Ana López`` -> ``Ana_López.heroes``: a file name for the trainee's copy."""
    slug = re.sub(r"[^\w.-]+", "_", trainee.strip(), flags=re.UNICODE).strip("._")
    if not slug:
        raise TrainingError(f"{trainee!r} cannot name a case copy")
    return slug + CASE_SUFFIX


def _evidence_files(evidence_dir: Path) -> list[Path]:
    """What make-case wrote there, the key left out."""
    names = [DISK_NAME, VICS_NAME, PHASH_NAME]  # the tasks sheet is written afresh from the key
    files = [evidence_dir / name for name in names if (evidence_dir / name).is_file()]
    return files + sorted(evidence_dir.glob(E01_STEM + ".E*"))


def hand_out(case_path: Path, key: dict[str, Any], out_dir: Path, trainees: Sequence[str] = (), *,
             evidence_dir: Path | None = None) -> HandOut:
    """Write the hand-out into ``out_dir`` (created; an existing file there is never replaced). Without trainee
    names, one copy keeps the case's own name. The case must be closed (no write-ahead log beside it)."""
    case_path, out_dir = Path(case_path), Path(out_dir)
    if not case_path.is_file():
        raise TrainingError(f"no case file at {case_path}")
    if any(_non_empty(Path(str(case_path) + suffix)) for suffix in WAL_SUFFIXES):
        raise TrainingError(f"{case_path} is open (or was not closed cleanly): close it before handing it out")
    names = [copy_name(name) for name in trainees] or [case_path.name]
    if len(set(names)) != len(names):
        raise TrainingError("two trainees would get the same file name: give distinct names")
    evidence = _evidence_files(Path(evidence_dir)) if evidence_dir is not None else []
    targets = [out_dir / TASKS_NAME, *(out_dir / name for name in names), *(out_dir / p.name for p in evidence)]
    taken = [str(target) for target in targets if target.exists()]
    if taken:
        raise TrainingError(f"not replacing what is there already: {', '.join(taken)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = HandOut(out_dir, write_tasks_sheet(key, out_dir / TASKS_NAME))
    for name in names:
        result.cases.append(Path(shutil.copy2(case_path, out_dir / name)))
    for source in evidence:
        if source.name != KEY_NAME:  # never, even if a key were named like evidence
            result.evidence.append(Path(shutil.copy2(source, out_dir / source.name)))
    return result
