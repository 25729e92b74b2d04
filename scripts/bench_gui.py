#!/usr/bin/env python3
"""Benchmark: does the case window stay fast over a million files?

What it measures, and why
-------------------------
Examiners' tools slow down where cases are big: IPED's first sort of 44 M items took 38 s, Autopsy paged its table
and then sorted one page only. HEROES sorts, filters and searches in SQL over every row and shows the table from an
id array whose rows are fetched as they are painted. This script builds a synthetic case of ``--files`` file
entries through the core (``scripts/synthetic_case.py``: folders, names, sizes, times, types, deleted entries,
hash-set matches, tags, media rows and indexed texts), then, in one process, opens it in the real case window
(offscreen) and times, from the examiner's action to the table painted with real rows:

- ``open_s``: ``Case.open`` read-write and the case window shown, until the file table's first rows are loaded;
- ``first_paint_s``: until the table's viewport has painted those rows;
- ``sort_s``: a click on the Name header (ascending, every row), until row 0 is loaded and painted (each timed
  action starts from a settled window: the category counts and the other panels' reads are done);
- ``filter_s``: a column filter (``size >= 1 MiB``) on top of that sort;
- ``search_s``: a word typed into the search box and Enter, until the hits are the table;
- ``scroll_frame_ms_p95``: the 95th percentile of the time to handle one page of scrolling (events processed and
  the viewport repainted), over ``--frames`` pages scrolled through the sorted table;
- ``gui_stall_max_ms``: the longest stretch in which the GUI thread did not return to its event loop
  (``gui/watchdog.py``), over all of the above.

Figures are also given as ratios against references measured in the same process on the same case, so they
compare across machines: ``sort_s`` against the bare SQL read of every id in name order
(``reference_sort_sql_s``), ``open_s`` against a bare ``Case.open`` (``reference_open_s``).

``--part timeline`` and ``--part links`` measure the timeline at ``--events`` (1,000,000) and the people panel's links
at ``--entities`` (100,000) instead (``scripts/bench_findings.py`` says what and against which reference);
``--part all`` runs the three.

Usage::

    .venv/bin/python scripts/bench_gui.py --part timeline --events 1000000 --json
    .venv/bin/python scripts/bench_gui.py --part links --entities 100000 --json
    .venv/bin/python scripts/bench_gui.py --files 100000 --json
    .venv/bin/python scripts/bench_gui.py --files 1000000 --json [--case PATH] [--keep]

``--case PATH`` reuses a synthetic case built before (``scripts/synthetic_case.py PATH --files N``) with the
default passphrases.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # the offscreen plugin's size-hint notices
sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSPHRASE = "orchid lantern benchmark passphrase"
KEY_PASSPHRASE = "synthetic benchmark key, never evidence"
EXAMINER = "Synthetic Examiner"
TIMEOUT_S = 120.0


def _wait(app, condition, timeout_s: float = TIMEOUT_S) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.0005)


class PaintClock:
    """Records when the table's viewport last finished painting."""

    def __init__(self, viewport) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Filter(QObject):
            def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    clock.pending_paint = True
                return False

        self.pending_paint = False
        self.painted_at = 0.0
        self._filter = Filter()
        viewport.installEventFilter(self._filter)
        self.viewport = viewport

    def painted_after(self, app, started: float) -> float:  # type: ignore[no-untyped-def]
        """Seconds from ``started`` until the viewport painted (forcing nothing: the window paints on its own)."""
        self.pending_paint = False
        self.viewport.update()
        _wait(app, lambda: self.pending_paint)
        app.processEvents()
        return time.perf_counter() - started


def _build_or_reuse(args: argparse.Namespace, home: Path) -> tuple[Path, float | None]:
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from synthetic_case import build_synthetic_case

    if args.case and args.case.exists():
        return args.case, None
    path = args.case or Path(tempfile.mkdtemp(prefix="heroes-bench-gui-")) / f"synthetic-{args.files}.heroes"
    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
    started = time.perf_counter()
    texts = max(1_000, args.files // 50)
    build_synthetic_case(path, PASSPHRASE, actor, key, args.files, texts=texts).close()
    return path, time.perf_counter() - started


def run(args: argparse.Namespace) -> dict[str, object]:
    home = Path(os.environ.get("HEROES_HOME") or tempfile.mkdtemp(prefix="heroes-bench-gui-home-"))
    os.environ["HEROES_HOME"] = str(home)
    path, build_s = _build_or_reuse(args, home)

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    import heroes_desktop.gui  # noqa: F401 - the PySide6/3.11 cure, before any widget
    from heroes_desktop.browse.file_query import ColumnFilter
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.gui.app import create_application
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.main_window import MainWindow
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.watchdog import EventLoopWatchdog
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    app = create_application([], language="en")
    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)

    started = time.perf_counter()
    Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key).close()
    reference_open_s = time.perf_counter() - started

    from heroes_desktop.gui.main_window import preload_views

    preload_views()  # as the application does while its start page shows
    watchdog = EventLoopWatchdog(0.1)
    started = time.perf_counter()
    case = Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key, purpose="bench")
    watchdog.start()  # the window's own work from here (the application opens the case in a background job)
    session = CaseSession(case, actor, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    window = MainWindow(session)
    window.resize(1600, 1000)
    window.show()
    view = window.views["file_table"]
    model, table = view.model, view.table
    clock = PaintClock(table.viewport())
    _wait(app, lambda: not model.loading and model.rowCount() > 0 and model.row_loaded(0))
    open_s = time.perf_counter() - started
    first_paint_s = clock.painted_after(app, started)
    opening_jobs = sorted(session.jobs.timings, key=lambda timing: -timing[2])[:6]
    rows = model.rowCount()

    def timed(action) -> float:  # type: ignore[no-untyped-def]
        _wait(app, lambda: not session.jobs.busy)  # from a settled window: the counts beside the table are in
        before = model.query
        begun = time.perf_counter()
        action()
        _wait(app, lambda: model.query != before and not model.loading
              and (model.rowCount() == 0 or model.row_loaded(0)))
        return clock.painted_after(app, begun)

    header = table.horizontalHeader()
    name_section = header.sectionViewportPosition(model.section_of("name")) + 5
    sort_s = timed(lambda: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                                            Qt.KeyboardModifier.NoModifier, QPoint(name_section, 5)))
    sorted_query = model.query
    filter_s = timed(lambda: view.add_filter(ColumnFilter("size", ">=", 1 << 20)))
    filtered_rows = model.rowCount()
    view.remove_filter(ColumnFilter("size", ">=", 1 << 20))
    _wait(app, lambda: model.query == sorted_query and not model.loading and model.row_loaded(0))

    search = window.views["search_box"]
    box = search.edit

    def type_search() -> None:
        box.setFocus()
        box.setText(args.word)
        QTest.keyClick(box, Qt.Key.Key_Return)

    search_s = timed(type_search)
    search_rows = model.rowCount()
    search.clear()
    _wait(app, lambda: not model.query.search and not model.loading and model.row_loaded(0))

    frames = []
    bar = table.verticalScrollBar()
    for _ in range(args.frames):
        begun = time.perf_counter()
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        app.processEvents()
        table.viewport().repaint()
        frames.append((time.perf_counter() - begun) * 1000)
    _wait(app, lambda: not session.jobs.busy)
    watchdog.stop()

    with case.reading() as connection:
        begun = time.perf_counter()
        connection.exec_driver_sql("SELECT id FROM files ORDER BY name COLLATE NOCASE").fetchall()
        reference_sort_sql_s = time.perf_counter() - begun
    window.close()
    _wait(app, lambda: window.isHidden())
    slowest = watchdog.slowest()
    p95 = statistics.quantiles(frames, n=20)[-1] if len(frames) >= 2 else frames[0]
    return {
        "files": args.files, "rows_shown": rows, "case_bytes": path.stat().st_size, "build_s": build_s,
        "open_s": round(open_s, 3), "first_paint_s": round(first_paint_s, 3), "sort_s": round(sort_s, 3),
        "filter_s": round(filter_s, 3), "filtered_rows": filtered_rows, "search_s": round(search_s, 3),
        "search_word": args.word, "search_rows": search_rows,
        "scroll_frame_ms_p95": round(p95, 2), "scroll_frame_ms_max": round(max(frames), 2),
        "scroll_frames": len(frames),
        "gui_stall_max_ms": round(watchdog.longest_s * 1000, 1),
        "gui_stalls_over_100ms": [stall.describe() for stall in watchdog.stalls][:10],
        "slowest_gui_call": slowest.describe() if slowest else None,
        "opening_jobs": [f"{name}: queued {queued:.2f} s, ran {ran:.2f} s" for name, queued, ran in opening_jobs],
        "reference_open_s": round(reference_open_s, 3), "reference_sort_sql_s": round(reference_sort_sql_s, 3),
        "open_over_reference": round(open_s / reference_open_s, 2) if reference_open_s else None,
        "sort_over_reference": round(sort_s / reference_sort_sql_s, 2) if reference_sort_sql_s else None,
    }


def run_findings(args: argparse.Namespace) -> dict[str, object]:
    """The timeline and the links at scale (scripts/bench_findings.py)."""
    home = Path(os.environ.get("HEROES_HOME") or tempfile.mkdtemp(prefix="heroes-bench-gui-home-"))
    os.environ["HEROES_HOME"] = str(home)
    import heroes_desktop.gui  # noqa: F401 - the PySide6/3.11 cure, before any widget
    from bench_findings import links_figures, timeline_figures
    from heroes_desktop.gui.app import create_application
    from heroes_desktop.gui.main_window import preload_views

    app = create_application([], language="en")
    preload_views()
    figures: dict[str, object] = {}
    if args.part in ("timeline", "all"):
        figures["timeline"] = timeline_figures(app, home, args.events)
    if args.part in ("links", "all"):
        figures["links"] = links_figures(app, home, args.entities)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--case", type=Path, help="reuse (or build and keep) the synthetic case at this path")
    parser.add_argument("--frames", type=int, default=200, help="pages of scrolling to time")
    parser.add_argument("--word", default="invoice", help="the word searched")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--part", choices=("table", "timeline", "links", "all"), default="table",
                        help="the file table (default), the timeline, the links, or all three")
    parser.add_argument("--events", type=int, default=1_000_000, help="timeline events (--part timeline)")
    parser.add_argument("--entities", type=int, default=100_000, help="distinct entities (--part links)")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {}
    if args.part in ("table", "all"):
        figures.update(run(args) if args.part == "table" else {"table": run(args)})
    if args.part in ("timeline", "links", "all"):
        figures.update(run_findings(args))
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>24}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
