#!/usr/bin/env python3
"""Pictures of the desktop application: opens the demo case (the benign training material only) in the real
application, offscreen, and writes a PNG of each main view into ``--out``:

``start-page.png``, ``case-window.png`` (evidence tree, categories, the file table), ``viewer-search-hit.png``
(a search, its hits as the table, the text viewer on a hit), ``hex-view.png``, ``metadata.png``,
``ingest-panel.png`` (the ingest's progress and per-stage counts), ``add-evidence.png``, ``gallery.png`` (the
gallery grouped by hash set, obscured as by default, the review pane at a picture's first step),
``triage-queue.png`` (the queue with the why of its first item), ``review-descriptor.png`` (a flagged item as
words only), ``near-duplicates.png`` (a group shown obscured with its distances), ``people-links.png`` (the
entity browser and the links of its first entity), ``topics.png``, ``timeline.png`` and ``p2p.png`` (the P2P
records of the laptop's clients, matched first); the supervisor's window:
``supervisor-custody.png`` (the chain as a readable history), ``supervisor-what-was-done.png`` and
``supervisor-blind-review.png`` (a blind sample's item at its first step, the examiner's decision hidden); the
classroom: ``trainer-class.png`` (the class table of two trainees) and ``trainee-tasks.png`` (a trainee's window
with the tasks, never the answer key).

Usage::

    .venv/bin/python scripts/gui_screenshots.py --out docs/screenshots [--demo DIR] [--language es]

``--demo DIR`` reuses a demo built before with ``heroes demo --out DIR``; without it the demo is built into a
temporary folder first (about three minutes on two cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

SEARCH_WORD = "transfer"
TIMEOUT_S = 120.0


def _wait(app, condition, timeout_s: float = TIMEOUT_S) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.005)


def _settle(app, seconds: float = 0.4) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(widget, out: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = out / name
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}", file=sys.stderr)
    return path


def _demo(folder: Path | None) -> Path:
    from heroes_desktop.training.demo import DEMO_CASE_NAME, run_demo

    if folder is not None and (folder / DEMO_CASE_NAME).exists():
        return folder
    folder = folder or Path(tempfile.mkdtemp(prefix="heroes-screenshots-"))
    print(f"building the demo case in {folder} ...", file=sys.stderr)
    run_demo(folder, say=lambda message: print(message, file=sys.stderr))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--demo", type=Path, help="a folder made by `heroes demo --out DIR` (reused)")
    parser.add_argument("--language", default="en", help="en or es")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    folder = _demo(args.demo)
    os.environ["HEROES_HOME"] = str(folder / "profile")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    import heroes_desktop.gui  # noqa: F401 - the PySide6/3.11 cure, before any widget
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.case.failed_opens import remember_case
    from heroes_desktop.gui.app import create_application
    from heroes_desktop.gui.dialogs.add_evidence import AddEvidenceDialog
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.main_window import MainWindow
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.start_page import StartPage
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.training.demo import (DEMO_CASE_NAME, DEMO_CASE_PASSPHRASE, DEMO_EXAMINER,
                                              DEMO_KEY_PASSPHRASE)

    app = create_application([], language=args.language)
    case_path = folder / DEMO_CASE_NAME
    remember_case(case_path)

    start_jobs = Jobs()
    start = StartPage(start_jobs)
    start.resize(1100, 700)
    start.refresh()
    start.show()
    _settle(app)
    _save(start, args.out, "start-page.png")
    start.close()
    start_jobs.shutdown()

    actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(folder / "profile", actor.name, DEMO_KEY_PASSPHRASE)
    case = Case.open(case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                     purpose="screenshots")
    session = CaseSession(case, actor, Jobs(), DEMO_CASE_PASSPHRASE, DEMO_KEY_PASSPHRASE)
    window = MainWindow(session)
    window.resize(1600, 1000)
    window.show()
    table = window.views["file_table"]
    _wait(app, lambda: not table.model.loading and table.model.rowCount() > 0 and table.model.row_loaded(0))
    _settle(app, 1.0)
    _save(window, args.out, "case-window.png")

    search = window.views["search_box"]
    search.edit.setFocus()
    search.edit.setText(SEARCH_WORD)
    QTest.keyClick(search.edit, Qt.Key.Key_Return)
    _wait(app, lambda: table.model.query.search == SEARCH_WORD and not table.model.loading
          and table.model.rowCount() > 0 and table.model.row_loaded(0))
    table.select_rows(0)
    viewers = window.views["viewers"]
    _wait(app, lambda: viewers.file_id is not None and not viewers.loading)
    viewers.setCurrentWidget(viewers.text)
    _settle(app, 1.5)
    _save(window, args.out, "viewer-search-hit.png")

    viewers.setCurrentWidget(viewers.hex)
    _settle(app, 1.5)
    _save(window, args.out, "hex-view.png")
    viewers.setCurrentWidget(viewers.metadata)
    _settle(app, 1.0)
    _save(window, args.out, "metadata.png")

    panel = window.views["ingest_panel"]
    window.docks["ingest_panel"].raise_()
    _settle(app, 1.5)
    _save(panel.window() if panel.window() is not window else window, args.out, "ingest-panel.png")

    from heroes_desktop.gui.dialogs.near_duplicates import NearDuplicateDialog
    from heroes_desktop.review.gallery import Grouping

    gallery, pane, queue = window.views["gallery"], window.views["review_pane"], window.views["triage_queue"]
    window.focus_panel("gallery")
    _wait(app, lambda: not gallery.loading and gallery.model.rowCount() > 0)
    gallery.set_grouping(Grouping.HASHSET)
    _wait(app, lambda: not gallery.loading and not session.jobs.busy)
    from heroes_desktop.review.gallery import GalleryScope, gallery_tiles, list_gallery

    listing = list_gallery(case, GalleryScope(stack_duplicates=False))
    names = {tile.name: tile.file_id for tile in gallery_tiles(case, listing.ids, listing).values()}
    if "astronaut.jpg" in names:
        gallery.set_current(names["astronaut.jpg"])
    _wait(app, lambda: pane.review is not None and not session.jobs.busy)
    _settle(app, 2.0)
    _save(window, args.out, "gallery.png")

    window.focus_panel("triage_queue")
    _wait(app, lambda: not queue.loading and queue.current_id() is not None and not session.jobs.busy)
    _settle(app, 1.5)
    _save(window, args.out, "triage-queue.png")
    _wait(app, lambda: pane.file_id == queue.current_id() and pane.review is not None and not session.jobs.busy)
    _settle(app, 1.0)
    _save(window.docks["review_pane"], args.out, "review-descriptor.png")

    rocket = names.get("rocket.jpg")
    if rocket is not None:
        group = NearDuplicateDialog(session, rocket, "CAT-1", window)
        group.show()
        _wait(app, lambda: bool(group.members) and not session.jobs.busy)
        _settle(app, 1.5)
        _save(group, args.out, "near-duplicates.png")
        group.close()
    people = window.views["people"]
    window.focus_panel("people")
    _wait(app, lambda: people.model.rowCount() > 0 and not session.jobs.busy)
    people.table.selectRow(0)
    _wait(app, lambda: not session.jobs.busy)
    _settle(app, 1.5)
    _save(window, args.out, "people-links.png")
    window.focus_panel("topics")
    _wait(app, lambda: not session.jobs.busy)
    window.views["topics"].select_topic(0)
    _wait(app, lambda: not session.jobs.busy)
    _settle(app, 1.0)
    _save(window, args.out, "topics.png")
    timeline = window.views["timeline"]
    window.focus_panel("timeline")
    _wait(app, lambda: not timeline.loading and not session.jobs.busy)
    _settle(app, 1.5)
    _save(window, args.out, "timeline.png")
    p2p = window.views["p2p"]
    window.focus_panel("p2p")
    _wait(app, lambda: not p2p.loading and not session.jobs.busy)
    _settle(app, 1.0)
    _save(window, args.out, "p2p.png")
    window.focus_panel("file_table")

    dialog = AddEvidenceDialog(session, window)
    dialog.path_edit.setText(str(folder / "evidence"))
    dialog.show()
    _settle(app, 1.5)
    _save(dialog, args.out, "add-evidence.png")
    dialog.close()

    window.close()
    _wait(app, lambda: window.isHidden())
    _supervisor_shots(app, case_path, folder, args.out)
    _classroom_shots(app, folder, args.out)
    return 0


def _classroom_shots(app, folder: Path, out: Path) -> None:  # type: ignore[no-untyped-def]
    """A class of two trainees over copies of the demo case (one tags every answer right, one half of them with a
    mistake), the trainer's class window over it, and a trainee's window with the task panel."""
    import shutil

    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.main_window import MainWindow
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.trainer.class_window import ClassWindow
    from heroes_desktop.hashsets.tagging import tag_files
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.training.answer_key import read_key
    from heroes_desktop.training.checks import FileIndex
    from heroes_desktop.training.demo import DEMO_CASE_NAME, DEMO_CASE_PASSPHRASE

    key_path = folder / "evidence" / "answer-key.json"
    key = read_key(key_path)
    classroom = Path(tempfile.mkdtemp(prefix="heroes-class-"))
    profile = classroom / "profiles"
    trainees = {"Alice Trainee": "alice.heroes", "Bob Trainee": "bob.heroes"}
    for number, (name, file_name) in enumerate(trainees.items()):
        path = classroom / file_name
        shutil.copy2(folder / DEMO_CASE_NAME, path)
        actor = Actor(name, Role.TRAINEE)
        signing = load_or_create_signing_key(profile, name, "screenshot trainee key")
        with Case.open(path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=signing,
                       purpose="training") as case:
            placed = FileIndex(case).placed(key)
            wanted = [(placed[item["id"]]["id"], item["tasks"]["categorise"]) for item in key["items"]
                      if item["tasks"].get("categorise") and item["id"] in placed]
            for index, (file_id, category) in enumerate(wanted[: len(wanted) // (number + 1)]):
                tag_files(case, [file_id], category if number == 0 or index else "CAT-3")
    jobs = Jobs()
    window = ClassWindow(jobs, folder=classroom, key=key_path)
    window.resize(1400, 800)
    window.show()
    window.passphrase.setText(DEMO_CASE_PASSPHRASE)
    window.load()
    _wait(app, lambda: window.table is not None and not window.busy)
    _settle(app, 1.0)
    _save(window, out, "trainer-class.png")
    window.close()
    jobs.shutdown()

    trainee = Actor("Alice Trainee", Role.TRAINEE)
    signing = load_or_create_signing_key(profile, trainee.name, "screenshot trainee key")
    shutil.copy2(folder / "evidence" / "tasks.json", classroom / "tasks.json")  # handed out beside the cases
    case = Case.open(classroom / "alice.heroes", DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=trainee,
                     key=signing, purpose="training")
    session = CaseSession(case, trainee, Jobs(), DEMO_CASE_PASSPHRASE, "screenshot trainee key",
                          key_profile=profile)
    main = MainWindow(session)
    main.resize(1600, 1000)
    main.show()
    table = main.views["file_table"]
    _wait(app, lambda: not table.model.loading and table.model.rowCount() > 0 and not session.jobs.busy)
    _settle(app, 1.0)
    _save(main, out, "trainee-tasks.png")
    main.close()
    _wait(app, lambda: main.isHidden())


SUPERVISOR = "Sam Supervisor"
SUPERVISOR_KEY = "screenshot supervisor key"


def _supervisor_shots(app, case_path: Path, folder: Path, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The supervisor's window over the demo case: the examiner categorises eight pictures first (through the
    core), then a supervisor draws a blind sample of five (seed 3) and decides two."""
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.main_window import MainWindow
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.hashsets.tagging import tag_files
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.review.blind_review import current_sample
    from heroes_desktop.review.item_review import review_items, triage_queue
    from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE

    examiner = Actor(DEMO_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(folder / "profile", examiner.name, DEMO_KEY_PASSPHRASE)
    with Case.open(case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=key,
                   purpose="screenshots: the examiner's categories") as case:
        queued = triage_queue(case, include_reviewed=True)
        names = {review.name: file_id for file_id, review in review_items(case, queued).items()}
        for number, name in enumerate(sorted(names)[:8]):
            tag_files(case, [names[name]], ("CAT-4", "CAT-5", "CAT-5", "CAT-2")[number % 4])
    supervisor = Actor(SUPERVISOR, Role.SUPERVISOR)
    key = load_or_create_signing_key(folder / "supervisor-profile", supervisor.name, SUPERVISOR_KEY)
    case = Case.open(case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.REVIEW, actor=supervisor, key=key,
                     purpose="screenshots: the supervisor's review")
    session = CaseSession(case, supervisor, Jobs(), DEMO_CASE_PASSPHRASE, SUPERVISOR_KEY,
                          key_profile=folder / "supervisor-profile")
    window = MainWindow(session)
    window.resize(1600, 1000)
    window.show()
    custody = window.views["custody"]
    window.focus_panel("custody")
    _wait(app, lambda: custody.history is not None)
    custody.table.selectRow(custody.model.rowCount() - 1)
    _settle(app, 1.0)
    _save(window, out, "supervisor-custody.png")
    history = window.views["case_history"]
    window.focus_panel("case_history")
    _wait(app, lambda: history.history is not None)
    _settle(app, 1.0)
    _save(window, out, "supervisor-what-was-done.png")
    blind = window.views["blind_review"]
    window.focus_panel("blind_review")
    _wait(app, lambda: not session.jobs.busy)
    if current_sample(case) is None:
        blind.draw(5, seed=3)
        _wait(app, lambda: blind.state is not None and blind.pane.review is not None)
        for category in ("CAT-5", "CAT-4"):
            decided = len(blind.state.decisions)
            blind.decide(category)
            _wait(app, lambda decided=decided: blind.state is not None and len(blind.state.decisions) > decided
                  and blind.pane.review is not None)
    _wait(app, lambda: not session.jobs.busy and not blind.pane.loading)
    _settle(app, 1.5)
    _save(window, out, "supervisor-blind-review.png")
    window.close()
    _wait(app, lambda: window.isHidden())


if __name__ == "__main__":
    raise SystemExit(main())
