"""A class of trainees over the demo case, for the class-table tests (core and window): copies of the built demo
case, each opened by a trainee (role trainee) and tagged differently through the core, plus a case of another
class (another passphrase) and a file that is not a case. Built once per test module: it only reads the demo."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.hashsets.tagging import tag_files
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.review.exposure_log import ExposureLog
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import FileIndex
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DemoResult
from heroes_desktop.training.exposure_share import SHARE_FORMAT, share_case_exposure, share_path_for

KEY_PASSPHRASE = "trainee key passphrase"
ALICE, BOB, CAROL = "Alice Trainee", "Bob Trainee", "Carol Trainee"
ALICE_CLEAR_VIEWS = 3
JUNK_NAME = "o'brien <b>&amp; co.heroes"  # not a case, with a name that must be escaped in HTML


@dataclass(frozen=True)
class Classroom:
    folder: Path
    key_path: Path
    key: dict[str, Any]
    passphrase: str
    trainees: dict[str, Path]  # trainee name -> case file, for the cases that open with the class passphrase
    other_class: Path  # a case with another passphrase
    junk: Path  # not a case


@contextmanager
def profile_home(home: Path) -> Iterator[None]:
    """HEROES_HOME pointed at ``home`` for a while (module-scoped fixtures run outside the per-test profile)."""
    previous = os.environ.get("HEROES_HOME")
    os.environ["HEROES_HOME"] = str(home)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("HEROES_HOME", None)
        else:
            os.environ["HEROES_HOME"] = previous


def _other(category: str) -> str:
    return "CAT-2" if category != "CAT-2" else "CAT-3"


def _alice(case: Case, key: dict[str, Any], placed: dict[str, dict[str, Any]]) -> None:
    """Every category right; every job offer bookmarked."""
    for item in key["items"]:
        row = placed.get(item["id"])
        if row is None:
            continue
        if item["tasks"].get("categorise"):
            tag_files(case, [row["id"]], item["tasks"]["categorise"])
        if item["tasks"].get("bookmark") == "job-offers":
            tag_files(case, [row["id"]], "job-offers")


def _bob(case: Case, key: dict[str, Any], placed: dict[str, dict[str, Any]]) -> None:
    """Half the categories, one of them wrong, a neutral CAT-0; a job offer bookmarked as a money transfer."""
    pictures = [(placed[i["id"]], i["tasks"]["categorise"]) for i in key["items"]
                if i["tasks"].get("categorise") and i["id"] in placed]
    half = pictures[: max(2, len(pictures) // 2)]
    for index, (row, category) in enumerate(half):
        tag_files(case, [row["id"]], _other(category) if index == 0 else category)
    others = [row for row in placed.values() if row["id"] not in {r["id"] for r, _ in pictures}]
    tag_files(case, [others[0]["id"]], "CAT-0")
    offers = [placed[i["id"]] for i in key["items"]
              if i["tasks"].get("bookmark") == "job-offers" and i["id"] in placed]
    tag_files(case, [offers[0]["id"]], "money-transfers")


def _nothing(case: Case, key: dict[str, Any], placed: dict[str, dict[str, Any]]) -> None:
    """Carol opens the case and tags nothing."""


PLANS: dict[str, tuple[str, Callable[[Case, dict[str, Any], dict[str, dict[str, Any]]], None]]] = {
    ALICE: ("alice.heroes", _alice), BOB: ("bob.heroes", _bob), CAROL: ("carol.heroes", _nothing)}


def trainee_copy(demo: DemoResult, folder: Path, profile: Path, trainee: str,
                 tagging: Callable[[Case, dict[str, Any], dict[str, dict[str, Any]]], None], name: str,
                 key: dict[str, Any]) -> Path:
    """A copy of the demo case, opened read-write by ``trainee`` (role trainee) and tagged by ``tagging``."""
    path = folder / name
    shutil.copy2(demo.case_path, path)
    signing_key = load_or_create_signing_key(profile, trainee, KEY_PASSPHRASE)
    with Case.open(path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=Actor(trainee, Role.TRAINEE),
                   key=signing_key, purpose="training") as case:
        tagging(case, key, FileIndex(case).placed(key))
    return path


def build_classroom(demo: DemoResult, root: Path) -> Classroom:
    """The class folder under ``root`` (see the module's note); Alice shares her exposure count, Bob's folder holds
    someone else's share."""
    folder, profile = root / "class", root / "profile"
    folder.mkdir(parents=True)
    key = read_key(demo.training.key)
    with profile_home(root / "home"):
        trainees = {who: trainee_copy(demo, folder, profile, who, plan, name, key)
                    for who, (name, plan) in PLANS.items()}
        exposure = ExposureLog(ALICE)
        for _ in range(ALICE_CLEAR_VIEWS):
            exposure.record_clear_view(True)
        with Case.open(trainees[ALICE], DEMO_CASE_PASSPHRASE) as case:
            share_case_exposure(case, ALICE)
        share_path_for(trainees[BOB]).write_text(
            f'{{"format": "{SHARE_FORMAT}", "examiner": "Mallory", "days": {{"2026-01-01": 9}}}}', encoding="utf-8")
        other = folder / "dave.heroes"
        dave = Actor("Dave Trainee", Role.TRAINEE)
        Case.create(other, "another class's passphrase", dave,
                    load_or_create_signing_key(profile, dave.name, KEY_PASSPHRASE), title="another class").close()
    junk = folder / JUNK_NAME
    junk.write_bytes(os.urandom(8192))
    return Classroom(folder, demo.training.key, key, DEMO_CASE_PASSPHRASE, trainees, other, junk)


def record_opens(monkeypatch: Any) -> list[Path]:
    """Every path opened from now on (``open``, ``io.open``, ``os.open``: ``Path.open``, ``read_text`` and
    ``json.load`` of a file all go through them), resolved; ``monkeypatch`` undoes the patch."""
    import builtins
    import io

    opened: list[Path] = []
    real_open, real_os_open = io.open, os.open

    def _note(target: object) -> None:
        if isinstance(target, (str, bytes, os.PathLike)):
            try:
                opened.append(Path(os.fsdecode(target)).resolve())
            except (OSError, ValueError):
                opened.append(Path(os.fsdecode(target)))

    def recording_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        _note(file)
        return real_open(file, *args, **kwargs)

    def recording_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        _note(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    monkeypatch.setattr(os, "open", recording_os_open)
    return opened
