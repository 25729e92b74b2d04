#!/usr/bin/env python3
"""Benchmark: how many clear views does the examiner need to decide every picture of a case?

Exposure to the material is what harms examiners (GUI.md, "Wellbeing"); blur does not help, fewer clear views do.
This script builds the demo case (``heroes demo``'s core call, seed ``--seed``), plays a scripted examiner through
the product's review calls until every picture of the gallery carries a category, scores the result against the
answer key (``heroes training score``'s ``score_case``, task "categorise") and prints the clear views needed
against the pictures categorised, with a tool that shows every picture (one clear view per picture) as the
baseline. Precision and recall must both be 1.0 — fewer views bought with wrong answers would be no gain — and the
script exits non-zero when they are not.

The scripted examiner's policy
------------------------------
1. **Hash-set bulk confirmation, nothing shown.** ``pending_confirmations`` then ``confirm_hash_set_categories``:
   every file whose exact hash-set matches give one category gets it (origin ``hash-set``); 0 views.
2. **Near-duplicate groups, seen obscured.** For each confirmed picture, ``near_duplicate_group`` (single linkage
   within the default pHash threshold): when the group has undecided members the examiner looks at it once,
   obscured (``obscured_group_views``), and ``carry_decision`` gives those members the same category; 0 clear
   views. A member whose own hash verdict names another category (or a conflict) is not carried: it is left to 3.
3. **Every other tile of the gallery**, ``list_gallery(unreviewed_only=True)``, in triage order (``triage_queue``,
   then the rest in gallery order). The examiner moves a ``RevealLadder`` to the tile (its default step by score)
   and reads its descriptor (``review_items`` -> ``ItemReview``):

   - no signal needs a look (no crossed signal, not flagged, no face with P(under 18) >= 0.2, no hash-set hit)
     and no face: CAT-5 at the default step, no clear view ("descriptor");
   - faces: the examiner looks at the face crops first (``face_crop_views``, one per face) and, when every face is
     clearly adult (P(under 18) < 0.2) and nothing else needs a look, records an ``adult`` age decision per face
     (``record_age_decision``) and decides CAT-5 from the crops ("face crop");
   - anything else is stepped up through the ladder (``ladder.up()`` until CLEAR; its ``on_clear`` counts the clear
     view and feeds the examiner's ``ExposureLog`` with whether the item is flagged) and decided with the answer
     key's category where the key has one — the scripted examiner "knows" the answer only after a clear view —
     else CAT-5 ("clear view"). A picture whose hash verdict has a category from perceptual matches only (looks
     like, not is) and that no group reached is stepped to CLEAR too and its hash category confirmed.

   One refinement, stated here because it costs views: a picture the image triage did not analyse has an empty
   descriptor, and an empty descriptor is no evidence; the examiner looks at it clearly.
   A stacked tile (same-hash copies) is decided once for its whole stack, as the gallery does.
4. ``score_case``; the figures are printed, and the gallery must have nothing unreviewed left.

Gallery (``--gallery N``)
-------------------------
A synthetic case with N pictures, each with its own small neutral JPEG thumbnail (colour gradients and random
shapes, 256 px long side like the ingest's; ``scripts/synthetic_case.py --images N``), written through
``Case.bulk()``; then the real gallery view (``gui/views/gallery.py``, 1600 x 1000, offscreen) in one process:

- ``first_screen_s``: from the panel asking for its listing until the listing is shown and every tile on screen
  has its thumbnail and is painted (``listing_s``: the listing alone);
- ``settled_thumbnails_per_s``: ``SETTLED_PAGES`` pages scrolled one at a time, each waited for until its
  thumbnails are painted (what an examiner paging through sees); ``thumbnails_per_worker_s``: the view's
  ``ThumbnailLoader`` stats over the whole run (decoded per second of worker time: read, decode, obscure);
- ``scroll_frame_ms_p95``: ``--frames`` pages scrolled one a frame, each frame the events handled and the
  viewport painted, as fast as that goes (thumbnails land as they can; requests for tiles gone are dropped).

Each comes with a reference measured in the same process on the same case, and their ratio: a bare
``SELECT count(*) FROM files`` and the core's ``list_gallery`` for the listing; plain single-threaded
``QImage.fromData`` of the same JPEGs (and the loader's own read, decode and obscure on one thread, outside the
view) for the thumbnails; a bare icon-mode ``QListView`` of as many tiles on the same grid, each the same ready
pixmap, scrolled the same way, for the frames. The event loop's longest stall (``gui/watchdog.py``) is given too.

Usage::

    .venv/bin/python scripts/bench_review.py [--json] [--seed 1] [--out DIR]   # DIR keeps the cases built
    .venv/bin/python scripts/bench_review.py --gallery 100000 --json

Only benign material is ever involved: the demo's pictures are stand-ins, the synthetic thumbnails are gradients.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from heroes_desktop.case.case_file import Case  # noqa: E402
from heroes_desktop.hashsets.tagging import tag_files  # noqa: E402
from heroes_desktop.review.decisions import (  # noqa: E402
    carry_decision,
    confirm_hash_set_categories,
    near_duplicate_group,
    pending_confirmations,
    record_age_decision,
)
from heroes_desktop.review.exposure_log import ExposureLog  # noqa: E402
from heroes_desktop.review.gallery import GalleryScope, list_gallery  # noqa: E402
from heroes_desktop.review.item_review import ItemReview, review_items, triage_queue  # noqa: E402
from heroes_desktop.review.ladder import RevealLadder, RevealStep  # noqa: E402
from heroes_desktop.training.checks import FileIndex  # noqa: E402
from heroes_desktop.training.scoring import score_case  # noqa: E402

ADULT_FACE = 0.2  # every face under this P(under 18) is clearly adult: decided from its crop
NOTHING_TO_SEE = "CAT-5"
BENCH_EXAMINER = "Bench Examiner"  # whose exposure log counts the clear views (in a temporary profile)
# How each picture was decided: the breakdown's keys, in the order of the policy.
HOW = ("hash_set_bulk", "near_duplicate", "descriptor", "face_crop", "clear_view")


def expected_categories(case: Case, key: dict[str, Any]) -> dict[int, str]:
    """File id -> the category the answer key expects it to carry (the key's "categorise" task)."""
    placed = FileIndex(case).placed(key)
    return {placed[item["id"]]["id"]: item["tasks"]["categorise"] for item in key["items"]
            if item["tasks"].get("categorise") and item["id"] in placed}


class ScriptedExaminer:
    """Decides every picture of an open (read-write) case by the policy of this script's docstring."""

    def __init__(self, case: Case, key: dict[str, Any], examiner: str = BENCH_EXAMINER) -> None:
        self.case = case
        self.key = key
        self.expected = expected_categories(case, key)
        self.exposure = ExposureLog(examiner)
        self.ladder = RevealLadder(on_clear=self._cleared)
        self.how: dict[int, str] = {}  # file id -> how it was decided (one of HOW)
        self.obscured_group_views = 0
        self.face_crop_views = 0
        self.flagged_clear_views = 0
        self.clear_viewed: list[int] = []

    def _cleared(self, file_id: int, flagged: bool) -> None:
        self.clear_viewed.append(file_id)
        self.flagged_clear_views += flagged
        self.exposure.record_clear_view(flagged)

    def _decided(self, file_ids: Sequence[int], how: str) -> None:
        for file_id in file_ids:
            self.how.setdefault(int(file_id), how)

    # 1. exact hash-set matches, confirmed in bulk without being shown
    def confirm_hash_sets(self) -> list[dict[str, Any]]:
        pending = pending_confirmations(self.case)
        confirmed = confirm_hash_set_categories(self.case, pending.confirmations)
        self._decided([event["file_id"] for event in confirmed], "hash_set_bulk")
        return confirmed

    # 2. each confirmed picture's near-duplicate group, looked at obscured, the decision carried
    def carry_groups(self, confirmed: Sequence[dict[str, Any]]) -> None:
        for event in confirmed:
            source, category = int(event["file_id"]), event["category"]
            group = near_duplicate_group(self.case, source)
            open_members = [member for member in group if member.file_id not in self.how]
            if not open_members:
                continue
            reviews = review_items(self.case, [member.file_id for member in open_members])
            carried = [member for member in open_members
                       if self._may_carry(reviews.get(member.file_id), category)]
            self.obscured_group_views += 1  # the whole group is on screen, obscured, once
            if carried:
                carry_decision(self.case, source, category, carried)
                self._decided([member.file_id for member in carried], "near_duplicate")

    @staticmethod
    def _may_carry(review: ItemReview | None, category: str) -> bool:
        """A member takes the group's decision unless it is decided already or its own hash sets disagree."""
        if review is None or review.examiner_category is not None:
            return False
        if review.hashes is None:
            return True
        return not review.hashes.conflict and review.hash_category in (None, category)

    # 3. every other tile, in triage order, through the reveal ladder
    def review_the_rest(self) -> None:
        listing = list_gallery(self.case, GalleryScope(unreviewed_only=True))
        tiles = set(listing.ids)
        queue = [file_id for file_id in triage_queue(self.case) if file_id in tiles]
        queued = set(queue)
        queue += [file_id for file_id in listing.ids if file_id not in queued]
        reviews = review_items(self.case, queue)
        for tile in queue:
            members = [member for member in listing.members(tile) if member not in self.how]
            if members:
                self._decide_tile(reviews[tile], members)

    def _decide_tile(self, item: ItemReview, members: list[int]) -> None:
        self.ladder.move_to(item.file_id, item.triage_score, item.hash_category, item.examiner_category)
        perceptual_category = item.hash_category if item.hashes is not None and not item.hashes.exact else None
        needs_look = (not item.analysed or item.flagged or item.hashes is not None
                      or any(signal.crossed for signal in item.signals if signal.kind != "face"))
        if item.faces:
            self.face_crop_views += len(item.faces)
            adult = all(face.p_minor < ADULT_FACE for face in item.faces)
            if adult and not needs_look:
                for number, _face in enumerate(item.faces):
                    record_age_decision(self.case, item.file_id, number, "adult",
                                        note="scripted examiner: clearly adult in the crop")
                self._tag(members, NOTHING_TO_SEE, "face_crop", {"via": "face crop", "step": self.ladder.step.name})
                return
            needs_look = True
        if not needs_look:
            self._tag(members, NOTHING_TO_SEE, "descriptor", {"via": "descriptor", "step": self.ladder.step.name})
            return
        while self.ladder.step < RevealStep.CLEAR:
            self.ladder.up()
        known = next((self.expected[member] for member in members if member in self.expected), None)
        category = known or perceptual_category or NOTHING_TO_SEE
        context = {"via": "clear view"}
        if perceptual_category:
            context["hash_category_confirmed"] = perceptual_category
        self._tag(members, category, "clear_view", context)
        self.ladder.reset()

    def _tag(self, members: list[int], category: str, how: str, context: dict[str, Any]) -> None:
        tag_files(self.case, members, category, context=context)
        self._decided(members, how)

    def play(self) -> None:
        confirmed = self.confirm_hash_sets()
        self.carry_groups(confirmed)
        self.review_the_rest()


def run_examiner(case: Case, key: dict[str, Any], examiner: str = BENCH_EXAMINER) -> dict[str, Any]:
    """Play the scripted examiner on ``case`` (open read-write, nothing categorised yet) and score it: the
    figures of ``--json`` without the build's."""
    started = time.perf_counter()
    pictures = list_gallery(case, GalleryScope(stack_duplicates=False)).total_items
    examiner_run = ScriptedExaminer(case, key, examiner)
    examiner_run.play()
    seconds = time.perf_counter() - started
    left = list_gallery(case, GalleryScope(unreviewed_only=True))
    task = next(score for score in score_case(case, key) if score.task == "categorise")
    breakdown = Counter(examiner_run.how.values())
    categorised = len(examiner_run.how)
    clear_views = examiner_run.ladder.clear_views
    return {
        "pictures": pictures,
        "pictures_categorised": categorised,
        "clear_views": clear_views,
        "baseline_clear_views": pictures,
        "clear_views_per_picture": round(clear_views / categorised, 4) if categorised else None,
        "clear_views_over_baseline": round(clear_views / pictures, 4) if pictures else None,
        "decided_by": {how: breakdown.get(how, 0) for how in HOW},
        "obscured_group_views": examiner_run.obscured_group_views,
        "face_crop_views": examiner_run.face_crop_views,
        "flagged_clear_views": examiner_run.flagged_clear_views,
        "exposure_log_session_views": examiner_run.exposure.session_views,
        "undecided_left": left.total_items,
        "task_expected": task.expected,
        "task_tagged": task.tagged,
        "task_correct": task.correct,
        "task_precision": task.precision,
        "task_recall": task.recall,
        "task_missed": task.missed,
        "task_mistaken": task.mistaken,
        "examiner_seconds": round(seconds, 2),
    }


def honest(figures: dict[str, Any]) -> bool:
    """Precision and recall both 1.0 and nothing left undecided."""
    return figures["task_precision"] == 1.0 and figures["task_recall"] == 1.0 and figures["undecided_left"] == 0


def bench_demo(seed: int, out: Path | None) -> dict[str, Any]:
    """Build the demo case (seed ``seed``) in ``out`` (a temporary folder when None), play, score."""
    from heroes_desktop.case.case_file import OpenMode
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.training.answer_key import read_key
    from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE, run_demo

    with tempfile.TemporaryDirectory(prefix="heroes-bench-review-") as scratch:
        folder = out or Path(scratch) / "demo"
        started = time.perf_counter()
        built = run_demo(folder, seed=seed, jobs=2)
        build_s = time.perf_counter() - started
        actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
        key = load_or_create_signing_key(folder / "profile", actor.name, DEMO_KEY_PASSPHRASE)
        with Case.open(built.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                       purpose="bench-review") as case:
            figures = run_examiner(case, read_key(built.training.key))
    return {"seed": seed, "demo_build_s": round(build_s, 1), **figures}


# ----------------------------------------------------------------------------------------------- the gallery

GALLERY_PASSPHRASE = "orchid lantern benchmark passphrase"  # scripts/synthetic_case.py's defaults
GALLERY_KEY_PASSPHRASE = "synthetic benchmark key, never evidence"
GALLERY_EXAMINER = "Synthetic Examiner"
GALLERY_FILES = 1_000  # other entries beside the pictures (documents, programs, a few untriaged pictures)
GALLERY_SIZE = (1600, 1000)  # the panel's size on screen
REFERENCE_DECODES = 1_000  # thumbnails decoded by plain QImage for the reference rate
SETTLED_PAGES = 20  # pages scrolled one at a time, each waited for until its thumbnails are painted
TIMEOUT_S = 120.0


def _wait(app: Any, condition: Any, timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``condition()`` holds, checking it each millisecond. The loop waits in Qt, as the
    application's does, so the decoding threads are not held up by a spinning Python loop."""
    from PySide6.QtCore import QEventLoop, QTimer

    app.processEvents()
    if condition():
        return
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(1)
    timer.setTimerType(timer.timerType().PreciseTimer)

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the gallery did not get there in time")


def _p95(values: Sequence[float]) -> float:
    import statistics

    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) >= 2 else (
        values[0] if values else 0.0)


def build_gallery_case(path: Path, images: int, files: int = GALLERY_FILES, jobs: int = 2) -> float:
    """A synthetic case of ``images`` analysed pictures with their own thumbnails (and ``files`` other entries) at
    ``path``; the seconds it took."""
    from synthetic_case import build_synthetic_case

    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    actor = Actor(GALLERY_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, GALLERY_KEY_PASSPHRASE)
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    build_synthetic_case(path, GALLERY_PASSPHRASE, actor, key, files, texts=0, images=images, jobs=jobs).close()
    return time.perf_counter() - started


class _PaintClock:
    """Notes each paint of a widget (the gallery's viewport)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    clock.paints += 1
                return False

        self.paints = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)
        self.widget = widget

    def painted(self, app: Any) -> None:
        """Wait for the next paint (asked for now) to be done."""
        before = self.paints
        self.widget.update()
        _wait(app, lambda: self.paints > before)
        app.processEvents()


def _bare_grid_p95(app: Any, rows: int, grid: Any, pixmap: Any, frames: int) -> float:
    """The reference frame: a bare icon-mode QListView of ``rows`` tiles on the same grid, every tile the same
    ready pixmap, scrolled one page a frame the same way (what Qt itself costs to lay out and paint a screen)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
    from PySide6.QtWidgets import QListView

    class Model(QAbstractListModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802 - Qt's name
            return 0 if parent.isValid() else rows

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DecorationRole:
                return pixmap
            if role == Qt.ItemDataRole.DisplayRole:
                return f"IMG_{index.row():06d}.jpg"
            return None

    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setMovement(QListView.Movement.Static)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setGridSize(grid)
    view.setIconSize(pixmap.size())
    model = Model()
    view.setModel(model)
    view.resize(*GALLERY_SIZE)
    view.show()
    _wait(app, lambda: view.verticalScrollBar().maximum() > 0 or rows < 50)
    timings = _scroll(app, view, frames)
    view.close()
    view.deleteLater()
    return _p95(timings)


def _scroll(app: Any, view: Any, frames: int) -> list[float]:
    """Milliseconds per frame: one page down, the events handled and the viewport painted."""
    bar = view.verticalScrollBar()
    timings = []
    for _ in range(frames):
        if bar.value() >= bar.maximum():
            bar.setValue(0)
            app.processEvents()
            view.viewport().repaint()
        started = time.perf_counter()
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        app.processEvents()
        view.viewport().repaint()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_gallery(path: Path, frames: int) -> dict[str, Any]:
    """The real gallery view over the case at ``path``, offscreen, with its references (see the module's note)."""
    from PySide6.QtGui import QImage, QPixmap

    import heroes_desktop.gui  # noqa: F401 - the PySide6/3.11 cure, before any widget
    from heroes_desktop.browse.item_details import thumbnail_bytes
    from heroes_desktop.case.case_file import OpenMode
    from heroes_desktop.gui.app import create_application
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.thumbnails import case_thumbnail_reader, decode_thumbnail
    from heroes_desktop.gui.views.gallery import GalleryView
    from heroes_desktop.gui.watchdog import EventLoopWatchdog
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    app = create_application([], language="en")
    actor = Actor(GALLERY_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, GALLERY_KEY_PASSPHRASE)
    case = Case.open(path, GALLERY_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key, purpose="bench")
    session = CaseSession(case, actor, Jobs(), GALLERY_PASSPHRASE, GALLERY_KEY_PASSPHRASE)
    view = None
    try:
        with case.reading() as connection:
            started = time.perf_counter()
            files = connection.exec_driver_sql("SELECT count(*) FROM files").scalar_one()
            reference_count_s = time.perf_counter() - started
        started = time.perf_counter()
        core_listing = list_gallery(case)
        reference_listing_s = time.perf_counter() - started

        watchdog = EventLoopWatchdog(0.1)
        view = GalleryView(session, load=False)
        view.resize(*GALLERY_SIZE)
        view.show()
        _wait(app, lambda: view.list.viewport().isVisible())
        app.processEvents()
        model, tiles, loader = view.model, view.list, view.thumbnails
        clock = _PaintClock(tiles.viewport())

        def screen_ready() -> bool:
            rows = tiles.visible_rows()
            return bool(rows) and all(loader.cached(*model.thumbnail_key(row)) is not None for row in rows)

        watchdog.start()
        started = time.perf_counter()
        view.refresh()  # what the panel does when it opens: the listing, then the tiles on screen
        _wait(app, lambda: not view.loading and model.rowCount() > 0)
        listing_s = time.perf_counter() - started
        _wait(app, screen_ready)
        clock.painted(app)
        first_screen_s = time.perf_counter() - started
        first_screen_tiles = len(tiles.visible_rows())

        # thumbnail throughput, page by page, each page waited for until its thumbnails are painted
        _wait(app, lambda: loader.idle and not session.jobs.busy)
        bar = tiles.verticalScrollBar()
        decoded_before, seconds_before = loader.stats.decoded, loader.stats.seconds
        started = time.perf_counter()
        for _ in range(SETTLED_PAGES):
            if bar.value() >= bar.maximum():
                break
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            _wait(app, screen_ready)
            clock.painted(app)
        settled_s = time.perf_counter() - started
        settled_decoded = loader.stats.decoded - decoded_before
        settled_worker_s = loader.stats.seconds - seconds_before

        # scrolling: one page a frame, timed until painted, as fast as the examiner's key repeat allows
        timings = _scroll(app, tiles, frames)
        _wait(app, lambda: loader.idle and not session.jobs.busy)
        watchdog.stop()
        stats = loader.stats

        # references in this process: plain decoding of the same JPEGs on one thread, and a bare icon grid
        sample = [data for file_id in core_listing.ids[:REFERENCE_DECODES]
                  if (data := thumbnail_bytes(case, file_id))]
        for data in sample[:20]:  # the JPEG plugin loaded and warm, as the loader's is by now
            QImage.fromData(data, "JPEG")
        started = time.perf_counter()
        for data in sample:
            QImage.fromData(data, "JPEG")
        reference_decode_s = time.perf_counter() - started
        reference_rate = len(sample) / reference_decode_s if reference_decode_s else 0.0
        # and the loader's own work (read from the case, decode scaled, obscure) on this thread, outside the view
        read, level, size = case_thumbnail_reader(case), int(model.obscure_level), int(model.thumbnail_size)
        ids = core_listing.ids[:len(sample)]
        started = time.perf_counter()
        for file_id in ids:
            decode_thumbnail(read(file_id), size, level)
        own_work_s = time.perf_counter() - started
        own_work_rate = len(ids) / own_work_s if own_work_s else 0.0
        ready = QImage.fromData(sample[0]) if sample else QImage(256, 192, QImage.Format.Format_RGB32)
        reference_frame_p95 = _bare_grid_p95(app, model.rowCount(), tiles.gridSize(), QPixmap.fromImage(ready),
                                             frames)
        shown = {"tiles": model.rowCount(), "obscure_level": int(model.obscure_level),
                 "tile_px": int(model.thumbnail_size)}
    finally:
        if view is not None:
            view.thumbnails.shutdown()
            view.close()
            view.deleteLater()
        session.close()
        app.processEvents()

    p95 = _p95(timings)
    loader_rate = stats.per_second
    settled_rate = settled_decoded / settled_s if settled_s else 0.0

    def ratio(value: float, reference: float) -> float | None:
        return round(value / reference, 2) if reference else None

    return {
        "images": core_listing.total_items, **shown, "files": int(files),
        "first_screen_s": round(first_screen_s, 3), "first_screen_tiles": first_screen_tiles,
        "listing_s": round(listing_s, 3),
        "reference_count_files_s": round(reference_count_s, 4),
        "reference_core_listing_s": round(reference_listing_s, 3),
        "listing_over_count_files": ratio(listing_s, reference_count_s),
        "first_screen_over_count_files": ratio(first_screen_s, reference_count_s),
        "listing_over_core_listing": ratio(listing_s, reference_listing_s),
        "scroll_frames": len(timings), "scroll_frame_ms_p95": round(p95, 2),
        "scroll_frame_ms_max": round(max(timings), 2) if timings else None,
        "reference_bare_grid_frame_ms_p95": round(reference_frame_p95, 2),
        "scroll_p95_over_bare_grid": ratio(p95, reference_frame_p95),
        "thumbnails_decoded": stats.decoded, "thumbnails_dropped": stats.dropped,
        "thumbnails_requested": stats.requested, "thumbnail_cache_hits": stats.hits,
        "thumbnails_per_worker_s": round(loader_rate, 1),
        "thumbnail_worker_ms": round(stats.seconds / stats.decoded * 1000, 2) if stats.decoded else None,
        "settled_pages": SETTLED_PAGES, "settled_thumbnails": settled_decoded,
        "settled_thumbnails_per_s": round(settled_rate, 1),
        "settled_worker_s": round(settled_worker_s, 3),
        "reference_qimage_decodes_per_s": round(reference_rate, 1),
        "thumbnail_rate_over_qimage_decode": ratio(loader_rate, reference_rate),
        "reference_loader_work_alone_per_s": round(own_work_rate, 1),
        "thumbnail_rate_over_loader_work_alone": ratio(loader_rate, own_work_rate),
        "settled_rate_over_qimage_decode": ratio(settled_rate, reference_rate),
        "gui_stall_max_ms": round(watchdog.longest_s * 1000, 1),
        "gui_stalls_over_100ms": [stall.describe() for stall in watchdog.stalls][:5],
    }


def bench_gallery(images: int, frames: int = 200, out: Path | None = None, *, files: int = GALLERY_FILES,
                  jobs: int = 2) -> dict[str, Any]:
    """Build the synthetic gallery case (in ``out`` or a temporary folder) and time the real gallery view on it."""
    with tempfile.TemporaryDirectory(prefix="heroes-bench-gallery-") as scratch:
        folder = out or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"gallery-{images}.heroes"
        build_s = build_gallery_case(path, images, files, jobs)
        case_bytes = path.stat().st_size
        figures = measure_gallery(path, frames)
        if out is None:
            path.unlink(missing_ok=True)
    return {"images_built": images, "build_s": round(build_s, 1), "case_bytes": case_bytes, **figures}


def _print_figures(figures: dict[str, Any]) -> None:
    print(f"pictures categorised: {figures['pictures_categorised']} of {figures['pictures']}")
    print(f"clear views: {figures['clear_views']} (a tool that shows every picture: "
          f"{figures['baseline_clear_views']}); {figures['clear_views_per_picture']} per picture")
    print("decided by: " + ", ".join(f"{how.replace('_', ' ')} {count}"
                                     for how, count in figures["decided_by"].items()))
    print(f"obscured group views: {figures['obscured_group_views']}; face crop views: {figures['face_crop_views']};"
          f" clear views of flagged material: {figures['flagged_clear_views']}")
    print(f"categorise task: precision {figures['task_precision']}, recall {figures['task_recall']} "
          f"({figures['task_correct']} correct of {figures['task_expected']} expected, "
          f"{figures['task_tagged']} tagged); undecided left {figures['undecided_left']}")
    for name in ("task_missed", "task_mistaken"):
        for entry in figures[name]:
            print(f"  {name.removeprefix('task_')}: {entry}")
    gallery = figures.get("gallery")
    if gallery:
        print("gallery:")
        for name, value in gallery.items():
            print(f"{name:>36}: {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the demo case's seed")
    parser.add_argument("--out", type=Path, help="build the demo case here (and keep it) instead of a temporary folder")
    parser.add_argument("--gallery", type=int, default=0, metavar="N",
                        help="also time the gallery view on a synthetic case of N pictures")
    parser.add_argument("--frames", type=int, default=200, help="pages of gallery scrolling to time")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    home = tempfile.TemporaryDirectory(prefix="heroes-bench-review-home-")
    os.environ["HEROES_HOME"] = home.name  # the demo's and the bench examiner's profile: never a real one
    try:
        figures = bench_demo(args.seed, args.out)
        if args.gallery:
            figures["gallery"] = bench_gallery(args.gallery, args.frames, args.out)
    finally:
        home.cleanup()
    if args.json:
        print(json.dumps(figures))
    else:
        _print_figures(figures)
    if not honest(figures):
        print("the scripted examiner's categories are not all right (precision or recall below 1.0, or pictures "
              "left undecided): its clear-view count means nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
