"""Dialogs of the window (open and new case, the training case, add evidence, ...) and the parts they share: the
one-line error under a form, and what the profile remembers between starts (recent cases, the people who work
here). Nothing secret is remembered: no passphrase is ever written anywhere."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from heroes_desktop.case.failed_opens import KNOWN_CASES
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.shortcuts import write_json_atomically
from heroes_desktop.gui.theme import error_colour
from heroes_desktop.identity.actor import Role
from heroes_desktop.identity.profile import profile_dir

log = logging.getLogger("heroes.gui")
RECENT_LIMIT = 12
PEOPLE_LIMIT = 20


class ErrorLine(QLabel):
    """The one line a form shows when something went wrong: the core's own message, never a traceback."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {error_colour()};")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def show_error(self, error: BaseException) -> None:
        self.show_message(user_message(error))

    def clear_message(self) -> None:
        self.show_message("")


# ---------------------------------------------------------------------------------------------- recent cases

@dataclass(frozen=True)
class RecentCase:
    path: Path
    exists: bool


def _recent_file() -> Path:
    return profile_dir() / "gui" / "recent-cases.json"


def _read_json_list(path: Path) -> list:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        log.warning("%s unreadable (%s); starting afresh", path, error)
        return []
    return document if isinstance(document, list) else []


def recent_cases(limit: int = RECENT_LIMIT) -> list[RecentCase]:
    """Cases opened in the window, most recent first, then the others this profile has opened (the core's
    ``known-cases.jsonl``, newest first); each says whether the file is still there."""
    paths: list[str] = [str(item) for item in _read_json_list(_recent_file()) if isinstance(item, str)]
    try:
        lines = (profile_dir() / KNOWN_CASES).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in reversed(lines):
        try:
            paths.append(str(json.loads(line)["path"]))
        except (ValueError, KeyError, TypeError):
            continue
    seen: set[str] = set()
    cases = []
    for text in paths:
        if text in seen:
            continue
        seen.add(text)
        path = Path(text)
        cases.append(RecentCase(path, path.is_file()))
        if len(cases) >= limit:
            break
    return cases


def remember_recent_case(path: Path) -> None:
    """Put ``path`` first in the window's recent cases (never raises: losing the list loses nothing else)."""
    text = str(Path(path).resolve())
    items = [item for item in _read_json_list(_recent_file()) if isinstance(item, str) and item != text]
    try:
        write_json_atomically(_recent_file(), [text, *items][:RECENT_LIMIT])
    except OSError as error:
        log.warning("recent cases not saved (%s)", error)


# ---------------------------------------------------------------------------------------------------- people

@dataclass(frozen=True)
class Person:
    name: str
    role: Role


def _people_file() -> Path:
    return profile_dir() / "gui" / "people.json"


def known_people() -> list[Person]:
    """Who has worked in this profile's window, the last one first (names and roles only)."""
    people = []
    for item in _read_json_list(_people_file()):
        try:
            people.append(Person(str(item["name"]), Role(item["role"])))
        except (KeyError, TypeError, ValueError):
            continue
    return people


def remember_person(name: str, role: Role) -> None:
    items = [{"name": p.name, "role": p.role.value} for p in known_people() if p.name != name]
    try:
        write_json_atomically(_people_file(), [{"name": name, "role": role.value}, *items][:PEOPLE_LIMIT])
    except OSError as error:
        log.warning("people not saved (%s)", error)
