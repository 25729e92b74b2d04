"""The timeline and the links views at scale, for ``scripts/bench_gui.py --part timeline|links``.

Timeline (``--events``, a million by default): a fresh case of ``events / 4.2`` synthetic files (four file-system
times each, a fifth with an item date; ``training/synthetic_timeline.py``), then in one process the core's calls
(``histogram`` over the whole case at 1,400 intervals, the first page and a page from the middle, ``kind_counts``, a
month's time scope of the file table) and the real Timeline panel offscreen (open, zoom six times, pan, whole case,
five pages of events, a month brushed, another zone), with the GUI thread's longest time away from its event loop.
Reference: one bare SQL read of every ``mtime`` in index order, in the same process.

Links (``--entities``, 100,000 distinct by default, ten mentions each on average): a fresh case of synthetic
entities (``training/synthetic_entities.py``), then the core's ``entity_summaries`` (first page, by files), a
seeded ``entity_links`` of the most frequent entity and the case-wide strongest pairs, ``graph_layout`` of the seeded
graph, and the real People panel offscreen (open, choose the first entity, its links drawn), with the longest stall.
Reference: one bare ``SELECT label, normalized, count(*) FROM entities GROUP BY 1, 2``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

PASSPHRASE = "orchid lantern benchmark passphrase"
KEY_PASSPHRASE = "synthetic benchmark key, never evidence"
EXAMINER = "Synthetic Examiner"
TIMEOUT_S = 300.0
EVENTS_PER_FILE = 4.2  # four file-system times and, for a fifth of the files, one item date


def _wait(app: Any, condition: Any, timeout_s: float = TIMEOUT_S) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the panel did not get there in time")
        app.processEvents()
        time.sleep(0.0005)


def _timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _fresh_case(home: Path, name: str) -> Any:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
    folder = Path(tempfile.mkdtemp(prefix="heroes-bench-findings-"))
    return Case.create(folder / f"{name}.heroes", PASSPHRASE, actor, key, title=name), actor


def timeline_figures(app: Any, home: Path, events: int) -> dict[str, Any]:
    from heroes_desktop.browse.file_query import FileQuery, Scope, matching_ids
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.views.timeline_view import TimelineView
    from heroes_desktop.gui.watchdog import EventLoopWatchdog
    from heroes_desktop.timeline.events import (histogram, iso_from_seconds, kind_counts, seconds_of,
                                                timeline_page, timeline_span)
    from heroes_desktop.training.synthetic_timeline import add_synthetic_times

    case, actor = _fresh_case(home, "timeline")
    built = add_synthetic_times(case, max(1, round(events / EVENTS_PER_FILE)), seed=7)
    with case.reading() as connection:
        reference_s, _ = _timed(lambda: connection.exec_driver_sql(
            "SELECT mtime FROM files WHERE mtime >= '0' ORDER BY mtime").fetchall())
    span = timeline_span(case)
    assert span is not None
    histogram_s, _ = _timed(lambda: histogram(case, span[0], span[1], 1400))
    counts_s, counts = _timed(lambda: kind_counts(case))
    first_page_s, first = _timed(lambda: timeline_page(case, limit=250))
    middle = iso_from_seconds((seconds_of(span[0]) + seconds_of(span[1])) / 2)
    middle_page_s, _ = _timed(lambda: timeline_page(case, middle, None, limit=250))
    month = (middle, iso_from_seconds(seconds_of(middle) + 30 * 86_400))
    scope_s, scoped = _timed(lambda: matching_ids(case, FileQuery(scope=Scope.of_time(*month))))

    session = CaseSession(case, actor, Jobs())
    watchdog = EventLoopWatchdog(0.1)
    watchdog.start()
    started = time.perf_counter()
    view = TimelineView(session)
    view.resize(1400, 800)
    view.show()

    def settled() -> bool:
        return not view.loading and view.strip.histogram is not None and view.model.total is not None

    _wait(app, settled)
    gui: dict[str, float] = {"gui_open_s": time.perf_counter() - started}
    strip = view.strip

    def act(action: Any) -> float:
        begun = time.perf_counter()
        action()
        app.processEvents()
        _wait(app, settled)
        return time.perf_counter() - begun

    zooms = [act(lambda: strip.zoom(0.5, strip.view_start + (strip.view_end - strip.view_start) * 0.4))
             for _ in range(6)]
    gui["gui_zoom_max_s"] = max(zooms)
    gui["gui_pan_s"] = act(lambda: strip.pan(0.5))
    gui["gui_whole_s"] = act(view.show_whole_case)
    from PySide6.QtCore import QModelIndex

    gui["gui_page_max_s"] = max(act(lambda: view.model.fetchMore(QModelIndex())) for _ in range(5))
    gui["gui_brush_month_s"] = act(lambda: view.select_range(*month))
    gui["gui_zone_s"] = act(lambda: view.set_zone("Asia/Kolkata"))
    painted = time.perf_counter()
    strip.grab()
    gui["gui_paint_ms"] = (time.perf_counter() - painted) * 1000
    watchdog.stop()
    view.shutdown()
    view.close()
    session.close()
    slowest = watchdog.slowest()
    figures: dict[str, Any] = {
        "events": built["events"], "files": built["files"], "build_s": built["seconds"],
        "reference_mtime_index_read_s": round(reference_s, 3),
        "histogram_1400_s": round(histogram_s, 3), "kind_counts_s": round(counts_s, 3),
        "first_page_s": round(first_page_s, 3), "middle_page_s": round(middle_page_s, 3),
        "month_scope_s": round(scope_s, 3), "month_scope_files": len(scoped),
        "histogram_over_reference": round(histogram_s / reference_s, 2) if reference_s else None,
        "month_scope_over_reference": round(scope_s / reference_s, 2) if reference_s else None,
        "counted_events": sum(counts.values()), "first_page_events": len(first),
        **{name: round(value, 3) for name, value in gui.items()},
        "gui_stall_max_ms": round(watchdog.longest_s * 1000, 1),
        "gui_stalls_over_100ms": [stall.describe() for stall in watchdog.stalls][:10],
        "slowest_gui_call": slowest.describe() if slowest else None,
    }
    return figures


def links_figures(app: Any, home: Path, entities: int) -> dict[str, Any]:
    from heroes_desktop.browse.entity_index import entity_links, entity_summaries
    from heroes_desktop.browse.graph_layout import graph_layout
    from heroes_desktop.gui.jobs import Jobs
    from heroes_desktop.gui.session import CaseSession
    from heroes_desktop.gui.views.people_view import PeopleView
    from heroes_desktop.gui.watchdog import EventLoopWatchdog
    from heroes_desktop.training.synthetic_entities import add_synthetic_entities

    case, actor = _fresh_case(home, "links")
    build_s, built = _timed(lambda: add_synthetic_entities(case, entities, entities * 10, seed=7))
    with case.reading() as connection:
        reference_s, _ = _timed(lambda: connection.exec_driver_sql(
            "SELECT label, normalized, count(*) FROM entities GROUP BY 1, 2").fetchall())
    page_s, page = _timed(lambda: entity_summaries(case, limit=200))
    top = page[0]
    seeded_s, seeded = _timed(lambda: entity_links(case, top.label, top.normalized, limit=200))
    pairs_s, pairs = _timed(lambda: entity_links(case, limit=200))
    layout_s, _ = _timed(lambda: graph_layout(seeded))

    session = CaseSession(case, actor, Jobs())
    watchdog = EventLoopWatchdog(0.1)
    watchdog.start()
    started = time.perf_counter()
    view = PeopleView(session)
    view.resize(1400, 800)
    view.show()
    _wait(app, lambda: not session.jobs.busy and view.model.rowCount() > 0)
    gui: dict[str, float] = {"gui_open_s": time.perf_counter() - started}
    shown: list[Any] = []
    view.graph_shown.connect(shown.append)
    begun = time.perf_counter()
    view.table.selectRow(0)
    app.processEvents()
    _wait(app, lambda: bool(shown) and not session.jobs.busy)
    gui["gui_select_and_draw_links_s"] = time.perf_counter() - begun
    watchdog.stop()
    view.shutdown()
    view.close()
    session.close()
    slowest = watchdog.slowest()
    return {
        "entities": entities, "built": built, "build_s": round(build_s, 2),
        "reference_group_by_s": round(reference_s, 3),
        "summaries_page_s": round(page_s, 3), "seeded_links_s": round(seeded_s, 3),
        "seeded_nodes": len(seeded.nodes), "seeded_edges": len(seeded.edges),
        "case_pairs_s": round(pairs_s, 3), "case_pairs_edges": len(pairs.edges), "layout_s": round(layout_s, 3),
        "summaries_over_reference": round(page_s / reference_s, 2) if reference_s else None,
        "seeded_links_over_reference": round(seeded_s / reference_s, 2) if reference_s else None,
        "gui_graph_nodes": len(shown[-1].nodes) if shown else 0,
        **{name: round(value, 3) for name, value in gui.items()},
        "gui_stall_max_ms": round(watchdog.longest_s * 1000, 1),
        "gui_stalls_over_100ms": [stall.describe() for stall in watchdog.stalls][:10],
        "slowest_gui_call": slowest.describe() if slowest else None,
    }
