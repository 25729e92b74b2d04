"""Failed attempts to open a case, counted beside it and recorded in the custody log at the next good open.

A failed open must not touch the case file, so the attempt is appended to a plaintext side file
(``CASE.failed-opens.jsonl``) that holds no secrets: time, reason, user and host.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
from pathlib import Path
from typing import Any

from heroes_desktop.core.clock import utc_now_iso


def side_file(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".failed-opens.jsonl")


def note_failed_open(case_path: Path, reason: str) -> None:
    """Append one failed attempt; never raises (a read-only folder just loses the note)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    entry = {"time": utc_now_iso(), "reason": reason, "user": user, "host": platform.node()}
    try:
        with side_file(case_path).open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, sort_keys=True) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
    except OSError:
        pass


def _claimed_file(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".failed-opens.recording")


def claim_failed_opens(case_path: Path) -> list[dict[str, Any]]:
    """Move the noted attempts aside and return them; a new attempt meanwhile starts a fresh side file.

    Attempts claimed by an open that crashed before recording them are returned again.
    """
    claimed = _claimed_file(case_path)
    if side_file(case_path).exists():
        if claimed.exists():
            with claimed.open("a", encoding="utf-8") as stream:
                stream.write(side_file(case_path).read_text(encoding="utf-8", errors="replace"))
            side_file(case_path).unlink()
        else:
            os.replace(side_file(case_path), claimed)
    if not claimed.exists():
        return []
    attempts: list[dict[str, Any]] = []
    for line in claimed.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            try:
                attempts.append(json.loads(line))
            except json.JSONDecodeError:
                attempts.append({"unparsed": line[:500]})
    return attempts


def forget_claimed_failed_opens(case_path: Path) -> None:
    """Called once the claimed attempts are committed to the custody log."""
    _claimed_file(case_path).unlink(missing_ok=True)
