"""A trainee's choice to share their exposure count with the trainer.

The exposure count (clear views of flagged material, per local day) stays private in the examiner's own profile
(``review.exposure_log``), never in a case file. A trainee who wants the trainer to see it writes a small share
file of their own choosing, by default beside their case as ``<case file>.exposure.json``: the per-day counts of
the days they worked on the case (or the days they pick), and who shared them. Counts only: never a file, a path
or a name of evidence. The class table reads the share when it is there; without it the column stays empty.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.review.exposure_log import LOG_NAME, examiner_dir, read_days
from heroes_desktop.training.errors import TrainingError

SHARE_FORMAT = "heroes-exposure-share/1"
SHARE_SUFFIX = ".exposure.json"
MAX_SHARE_BYTES = 64 * 1024


class ExposureShareError(TrainingError):
    """A share file cannot be read or written, or is not one."""


@dataclass(frozen=True)
class SharedExposure:
    """What a trainee shared: their name, the per-day counts, and when."""

    examiner: str
    days: dict[str, int]
    shared_at: str

    @property
    def clear_views(self) -> int:
        return sum(self.days.values())

    def as_json(self) -> dict[str, Any]:
        return {"format": SHARE_FORMAT, "examiner": self.examiner, "days": dict(sorted(self.days.items())),
                "clear_views": self.clear_views, "shared_at": self.shared_at}


def _write_atomically(path: Path, document: object) -> None:
    """Replace ``path`` in one step (a crash leaves the old share or the new one); the folder is left as it is."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".exposure-share-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, indent=2, sort_keys=True, ensure_ascii=False)
            stream.write("\n")
        os.chmod(temporary, 0o644)  # shared on purpose: the trainer reads it, as they read the case beside it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def share_path_for(case_path: Path) -> Path:
    """Where the class table looks for a case's share: ``<case file>.exposure.json`` beside it."""
    case_path = Path(case_path)
    return case_path.with_name(case_path.name + SHARE_SUFFIX)


def own_exposure_days(examiner: str) -> dict[str, int]:
    """The examiner's own per-day counts, read (never written) from their profile; {} when none is kept."""
    path = examiner_dir(examiner) / LOG_NAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ExposureShareError(f"your exposure count {path} cannot be read: {error}") from error
    return read_days(document.get("days") if isinstance(document, dict) else None)


def working_days(case: Case, examiner: str) -> list[str]:
    """The local days on which ``examiner`` has custody events in ``case`` (the days the exposure log counts in)."""
    days = {datetime.fromisoformat(event.time).astimezone().date().isoformat()
            for event in case.events() if event.actor == examiner}
    return sorted(days)


def share_exposure(examiner: str, out: Path, days: Iterable[str] | None = None) -> SharedExposure:
    """Write the examiner's counts for ``days`` (every kept day when None; a day without views counts 0) to
    ``out``, replacing an earlier share. Returns what was written."""
    if not examiner.strip():
        raise ExposureShareError("whose exposure count? a name is needed")
    counts = own_exposure_days(examiner)
    chosen = sorted(counts) if days is None else sorted({date.fromisoformat(day).isoformat() for day in days})
    shared = SharedExposure(examiner, {day: counts.get(day, 0) for day in chosen}, utc_now_iso())
    try:
        _write_atomically(Path(out), shared.as_json())
    except OSError as error:
        raise ExposureShareError(f"the share {out} cannot be written: {error}") from error
    return shared


def share_case_exposure(case: Case, examiner: str, out: Path | None = None) -> SharedExposure:
    """Share the examiner's counts for the days they worked on ``case``, beside it unless ``out`` says where."""
    return share_exposure(examiner, out or share_path_for(case.path), working_days(case, examiner))


def read_shared_exposure(path: Path) -> SharedExposure | None:
    """The share at ``path``; None when there is none; ExposureShareError when it is not a share."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SHARE_BYTES:
            raise ExposureShareError(f"{path} is too large to be an exposure share")
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ExposureShareError(f"the exposure share {path} cannot be read: {error}") from error
    if not isinstance(document, dict) or document.get("format") != SHARE_FORMAT:
        raise ExposureShareError(f"{path} is not an exposure share ({SHARE_FORMAT})")
    return SharedExposure(str(document.get("examiner") or ""), read_days(document.get("days")),
                          str(document.get("shared_at") or ""))
