"""The Timeline panel on the demo case and on a synthetic case of 840,000 events.

On the demo: the answer key's planted modification times are in the panel's list (paged, read a page at a time),
a brush around one of them scopes the file table to files that include it, a kind switched off leaves the strip and
the list, the zone changes what is shown and never what is stored, custody has its lane, and the panel is driven by
keyboard. On the synthetic case: zooming, panning, paging and brushing each answer within a generous bound while an
event-loop watchdog sees no call of the panel hold the GUI thread for 100 ms.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QAbstractItemModelTester

from heroes_desktop.browse.file_query import FileQuery, Scope, matching_ids
from heroes_desktop.case.case_file import Case
from heroes_desktop.gui import errors
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.models.timeline_model import PAGE, TIME, UTC_ROLE
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.views.timeline_view import HistogramStrip, TimelineView, kind_colour
from heroes_desktop.gui.watchdog import EventLoopWatchdog, Stall
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.timeline.events import CUSTODY, iso_from_seconds, kind_counts, seconds_of
from heroes_desktop.timeline.zones import format_time
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import FileIndex
from heroes_desktop.training.demo import DemoResult
from heroes_desktop.training.synthetic_timeline import add_synthetic_times
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE
from tests.gui.demo_sessions import open_demo_session

TIMEOUT_MS = 60_000
SMALL_PAGE = 40  # the demo's 400-odd events come in several pages


# -------------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo_session(demo_case: DemoResult, qapp: Any) -> Iterator[CaseSession]:
    session = open_demo_session(demo_case, purpose="timeline test")
    yield session
    session.close()


@pytest.fixture(scope="module")
def planted(demo_case: DemoResult, demo_session: CaseSession) -> list[dict[str, Any]]:
    """The answer key's items whose file entry keeps the planted modification time (the key's ``mtime``), each
    with its file id: those the file systems store as planted (FAT's times follow the build's clock)."""
    key = read_key(demo_case.training.key)
    placed = FileIndex(demo_session.case).placed(key)
    kept = [{**item, "file_id": int(placed[item["id"]]["id"]), "case_path": placed[item["id"]]["path"]}
            for item in key["items"]
            if item["id"] in placed and placed[item["id"]]["mtime"] == item["mtime"]]
    assert len(kept) >= 30 and len({item["fs_type"] for item in kept}) >= 2, "the demo keeps its planted times"
    return kept


@pytest.fixture
def unexpected() -> Iterator[list[str]]:
    seen: list[str] = []
    errors.install_handler(lambda error, where, details: seen.append(f"{where}: {details}"))
    yield seen
    errors.install_handler(None)


def _settle(qtbot: Any, view: TimelineView) -> None:
    qtbot.waitUntil(lambda: not view.loading and view.strip.histogram is not None
                    or view.overview is not None and view.overview.span is None, timeout=TIMEOUT_MS)


@pytest.fixture
def view(qtbot: Any, demo_session: CaseSession, unexpected: list[str]) -> Iterator[TimelineView]:
    shown = TimelineView(demo_session, page=SMALL_PAGE)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    _settle(qtbot, shown)
    yield shown
    shown.shutdown()
    assert not unexpected


def _read_every_page(qtbot: Any, view: TimelineView) -> None:
    """Scroll the list to its end, page after page, as the examiner would."""
    model = view.model
    for _ in range(1000):
        qtbot.waitUntil(lambda: not model.loading, timeout=TIMEOUT_MS)
        if not model.canFetchMore(QModelIndex()):
            return
        before = model.rowCount()
        view.table.scrollToBottom()
        if not model.loading and model.rowCount() == before:
            model.fetchMore(QModelIndex())  # the view asks only when its scroll bar moves
        qtbot.waitUntil(lambda: not model.loading, timeout=TIMEOUT_MS)
    raise AssertionError("the list never ended")


def _row_of(view: TimelineView, kind: str, file_id: int) -> int:
    return next(row for row, event in enumerate(view.model.events())
                if event.kind == kind and event.file_id == file_id)


# ------------------------------------------------------------------------------------------------- demo case

def test_the_planted_times_are_in_the_list_read_a_page_at_a_time(qtbot: Any, view: TimelineView,
                                                                  planted: list[dict[str, Any]]) -> None:
    model = view.model
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # noqa: F841
    assert model.rowCount() == SMALL_PAGE  # the first page only
    total = sum(kind_counts(view._session.case).values())
    assert model.total == total > 4 * SMALL_PAGE
    _read_every_page(qtbot, view)
    events = model.events()
    assert len(events) == total
    keys = [(event.time, event.kind, event.key) for event in events]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)  # one order, no page read twice
    for item in planted:
        row = _row_of(view, "mtime", item["file_id"])
        event = model.event_at(row)
        assert event.time == item["mtime"] and event.path == item["case_path"]
        assert model.index(row, TIME).data() == format_time(item["mtime"]) and model.index(row, TIME).data().endswith(
            " UTC")
    assert f"{total:,} events shown of {total:,}".replace(",", "") in view.summary.text().replace(",", "").replace(
        "\u00a0", "")
    assert "times in UTC" in view.summary.text()


def test_a_brush_around_a_planted_time_scopes_the_file_table(qtbot: Any, view: TimelineView,
                                                             planted: list[dict[str, Any]]) -> None:
    item = planted[len(planted) // 2]
    moment = seconds_of(item["mtime"])
    strip = view.strip
    strip.set_view(moment - 3600, moment + 3600)
    _settle(qtbot, view)
    y = int(strip.lanes()[0].center().y())
    left, right = QPoint(int(strip.x_of(moment - 120)), y), QPoint(int(strip.x_of(moment + 120)), y)
    with qtbot.waitSignal(view.query_part_changed, timeout=TIMEOUT_MS) as emitted:
        qtbot.mousePress(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, left)
        qtbot.mouseMove(strip, QPoint((left.x() + right.x()) // 2, y))
        qtbot.mouseMove(strip, right)
        qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, right)
    scope = emitted.args[0]["scope"]
    assert isinstance(scope, Scope) and scope.kind == "time"
    assert seconds_of(scope.start) <= moment < seconds_of(scope.end) <= moment + 240
    assert "mtime" in scope.kinds and CUSTODY not in scope.kinds and "UTC" in scope.label
    assert item["file_id"] in set(matching_ids(view._session.case, FileQuery(scope=scope)))
    assert view.selection == (scope.start, scope.end)
    _settle(qtbot, view)
    assert any(event.kind == "mtime" and event.file_id == item["file_id"] for event in view.model.events())
    assert all(scope.start <= event.time < scope.end for event in view.model.events())
    assert view.summary.text().startswith("Selected: ")
    with qtbot.waitSignal(view.query_part_changed, timeout=TIMEOUT_MS) as cleared:
        view.clear_selection()
    assert cleared.args[0] == {"scope": None} and view.selection is None


def test_a_kind_switched_off_leaves_the_strip_and_the_list(qtbot: Any, view: TimelineView) -> None:
    box = view.kind_boxes["mtime"]
    counts = view.overview.counts  # type: ignore[union-attr]
    assert box.text().startswith("mtime (") and box.isChecked()
    whole = view.model.total
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked() and "mtime" not in view.enabled_kinds()
    _settle(qtbot, view)
    qtbot.waitUntil(lambda: view.model.total is not None, timeout=TIMEOUT_MS)
    assert view.model.total == whole - counts["mtime"]  # type: ignore[operator]
    assert view.model.events() and all(event.kind != "mtime" for event in view.model.events())
    assert "mtime" not in view.strip.histogram.counts  # type: ignore[union-attr]
    view.select_range("2000-01-01T00:00:00Z", "2030-01-01T00:00:00Z")
    qtbot.keyClick(box, Qt.Key.Key_Space)  # back on: the selection's scope carries the kinds again
    _settle(qtbot, view)
    assert "mtime" in view.strip.histogram.counts  # type: ignore[union-attr]
    assert any(event.kind == "mtime" for event in view.model.events())


def test_the_zone_changes_what_is_shown_never_what_is_stored(qtbot: Any, view: TimelineView,
                                                             demo_session: CaseSession,
                                                             planted: list[dict[str, Any]]) -> None:
    item = planted[0]
    moment = seconds_of(item["mtime"])
    view.select_range(item["mtime"], iso_from_seconds(moment + 1))
    _settle(qtbot, view)
    row = _row_of(view, "mtime", item["file_id"])
    before = view.model.index(row, TIME).data()
    assert before == format_time(item["mtime"], "UTC") and before.endswith(" UTC")
    edit = view.zone_box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "Europe/Madrid")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.zone == "Europe/Madrid", timeout=TIMEOUT_MS)
    _settle(qtbot, view)
    row = _row_of(view, "mtime", item["file_id"])
    shown = view.model.index(row, TIME).data()
    assert shown == format_time(item["mtime"], "Europe/Madrid") != before
    assert (" CET (UTC+01:00)" in shown) or (" CEST (UTC+02:00)" in shown)
    assert view.model.index(row, TIME).data(UTC_ROLE) == item["mtime"] == view.model.event_at(row).time
    assert view.model.headerData(TIME, Qt.Orientation.Horizontal) == "Time (Europe/Madrid)"
    assert "Europe/Madrid (UTC+0" in view.strip.zone_caption() and "times in Europe/Madrid" in view.summary.text()
    assert all(label for _, label in view.strip.axis_ticks())
    assert view.selection is not None and seconds_of(view.selection[0]) == moment  # the range is still UTC
    again = TimelineView(demo_session)  # remembered for this examiner
    qtbot.addWidget(again)
    assert again.zone == "Europe/Madrid" and again.model.zone == "Europe/Madrid"
    again.shutdown()
    view.set_zone("UTC")
    assert view.model.index(row, TIME).data() == before
    edit.setText("Mars/Olympus")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert view.zone == "UTC" and view.zone_box.currentText() == "UTC"  # an unknown zone is put back


def test_custody_has_its_own_lane(qtbot: Any, view: TimelineView) -> None:
    assert view.overview is not None and CUSTODY in view.overview.kinds
    strip = view.strip
    files, custody, axis = strip.lanes()
    assert files.bottom() < custody.top() < custody.bottom() <= axis.top()
    counted = strip.histogram
    assert counted is not None and sum(counted.counts[CUSTODY]) == view.overview.counts[CUSTODY]
    files_total = [sum(values[index] for kind, values in counted.counts.items() if kind != CUSTODY)
                   for index in range(counted.buckets)]
    assert strip._max_total == max(files_total) > 0
    image = strip.grab().toImage()
    index = next(index for index, count in enumerate(counted.counts[CUSTODY]) if count)
    x = int(strip.x_of(seconds_of(counted.start) + (index + 0.5) * counted.width_s))
    x = min(max(x, int(custody.left())), int(custody.right()) - 1)
    assert image.pixelColor(x, int(custody.bottom()) - 1) == kind_colour(CUSTODY)  # painted on its own lane
    view.set_kind_enabled("mtime", False)
    view.set_kind_enabled("atime", False)
    for kind in view.overview.kinds:
        view.set_kind_enabled(kind, kind == CUSTODY)
    _settle(qtbot, view)
    custody_events = view.model.events()
    assert custody_events and all(event.kind == CUSTODY and event.file_id is None and " by " in (event.detail or "")
                                  for event in custody_events)
    assert strip._max_total == 0 and strip._max_custody > 0  # nothing on the files' lanes, custody on its own
    with qtbot.assertNotEmitted(view.file_requested):
        view.table.setFocus()
        view.table.setCurrentIndex(view.model.index(0, 0))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)  # a custody event has no file to show


def test_the_panel_by_keyboard(qtbot: Any, view: TimelineView, planted: list[dict[str, Any]]) -> None:
    strip = view.strip
    strip.setFocus()
    qtbot.waitUntil(strip.hasFocus, timeout=TIMEOUT_MS)
    whole = (strip.view_start, strip.view_end)
    qtbot.keyClick(strip, Qt.Key.Key_Plus)
    assert strip.view_end - strip.view_start == pytest.approx((whole[1] - whole[0]) * 0.8)
    qtbot.keyClick(strip, Qt.Key.Key_Plus)
    narrow = strip.view_end - strip.view_start
    start = strip.view_start
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    assert strip.view_start == pytest.approx(start + 0.2 * narrow)
    qtbot.keyClick(strip, Qt.Key.Key_Left)
    assert strip.view_start == pytest.approx(start)
    qtbot.keyClick(strip, Qt.Key.Key_Minus)
    assert strip.view_end - strip.view_start == pytest.approx(narrow / 0.8)
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    assert (strip.view_start, strip.view_end) == pytest.approx(whole)
    _settle(qtbot, view)
    with qtbot.waitSignal(view.query_part_changed, timeout=TIMEOUT_MS) as selected:
        qtbot.keyClick(strip, Qt.Key.Key_Return)  # the range on screen
    assert selected.args[0]["scope"].kind == "time" and view.clear_button.isEnabled()
    with qtbot.waitSignal(view.query_part_changed, timeout=TIMEOUT_MS) as cleared:
        qtbot.keyClick(strip, Qt.Key.Key_Escape)
    assert cleared.args[0] == {"scope": None}
    qtbot.keyClick(strip, Qt.Key.Key_R)
    assert view.range_button.isChecked() and strip.range_mode
    qtbot.keyClick(strip, Qt.Key.Key_R)
    assert not strip.range_mode
    _settle(qtbot, view)
    item = planted[0]
    view.select_range(item["mtime"], iso_from_seconds(seconds_of(item["mtime"]) + 1))
    _settle(qtbot, view)
    row = _row_of(view, "mtime", item["file_id"])
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    with qtbot.waitSignal(view.file_requested, timeout=TIMEOUT_MS) as asked:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert asked.args == [item["file_id"]]
    rect = view.table.visualRect(view.model.index(row, 2))
    with qtbot.waitSignal(view.file_requested, timeout=TIMEOUT_MS) as clicked:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [item["file_id"]]
    view.table.selectAll()
    chosen = view.selected_events()
    assert chosen == view.model.events() and all(event.time == item["mtime"] for event in chosen)
    assert {action.objectName() for action in strip.actions()} >= {
        "timeline.zoom_in", "timeline.zoom_out", "timeline.whole_case", "timeline.select_visible"}


def test_a_wheel_burst_asks_the_core_once_and_the_old_bars_stay_until_then(qtbot: Any, view: TimelineView) -> None:
    strip = view.strip
    jobs = view._session.jobs
    before = sum(name == "timeline: histogram" for name, _, _ in jobs.timings)
    shown = strip.histogram
    centre = QPointF(strip.width() / 2, strip.height() / 3)
    for _ in range(8):
        wheel = QWheelEvent(centre, strip.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        strip.wheelEvent(wheel)
    assert strip.histogram is shown  # the old bars, rescaled, while the new counts are read
    _settle(qtbot, view)
    assert sum(name == "timeline: histogram" for name, _, _ in jobs.timings) == before + 1
    counted = strip.histogram
    assert counted is not None and counted is not shown
    assert seconds_of(counted.start) <= strip.view_start and seconds_of(counted.end) >= strip.view_end
    assert counted.buckets <= strip.max_intervals() + 1


def test_an_empty_case_says_so(qtbot: Any, new_case: Case, examiner: Actor, unexpected: list[str]) -> None:
    session = CaseSession(new_case, examiner, Jobs())
    panel = TimelineView(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.overview is not None and not panel.loading, timeout=TIMEOUT_MS)
    assert panel.overview.kinds == [CUSTODY]  # a new case has its custody events only
    panel.set_kind_enabled(CUSTODY, False)
    qtbot.waitUntil(lambda: not panel.loading, timeout=TIMEOUT_MS)
    assert panel.model.rowCount() == 0 and panel.model.total == 0
    panel.shutdown()
    session.jobs.shutdown()
    assert not unexpected


# -------------------------------------------------------------------------------------------- at scale

SYNTHETIC_FILES = 200_000
BOUND_S = 15.0  # generous: a shared two-core machine
STALL_S = 0.100
OWN = ("gui/views/timeline_view.py", "gui/models/timeline_model.py", "timeline/zones.py")


@pytest.fixture(scope="module")
def synthetic_session(tmp_path_factory: pytest.TempPathFactory, qapp: Any) -> Iterator[tuple[CaseSession, dict]]:
    root = tmp_path_factory.mktemp("synthetic-timeline")
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
    case = Case.create(root / "synthetic.heroes", PASSPHRASE, actor, key, title="Synthetic timeline")
    built = add_synthetic_times(case, SYNTHETIC_FILES, seed=5)
    session = CaseSession(case, actor, Jobs())
    yield session, built
    session.close()


def _own_site(stall: Stall) -> str | None:
    for frame in reversed(stall.where):
        if any(part in frame.replace("\\", "/") for part in OWN):
            return frame
    return None


def _timed(qtbot: Any, view: TimelineView, action: Any) -> float:
    started = time.perf_counter()
    action()
    _settle(qtbot, view)
    return time.perf_counter() - started


def _walk(qtbot: Any, session: CaseSession) -> tuple[dict[str, float], EventLoopWatchdog]:
    watchdog = EventLoopWatchdog(STALL_S)
    watchdog.start()
    figures: dict[str, float] = {}
    started = time.perf_counter()
    view = TimelineView(session)
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    _settle(qtbot, view)
    qtbot.waitUntil(lambda: view.model.total is not None, timeout=TIMEOUT_MS)
    figures["open_s"] = time.perf_counter() - started
    strip = view.strip
    figures["whole_buckets"] = float(strip.histogram.buckets)  # type: ignore[union-attr]
    painted = time.perf_counter()
    strip.grab()
    figures["paint_ms"] = (time.perf_counter() - painted) * 1000
    zooms = []
    for _ in range(6):
        zooms.append(_timed(qtbot, view, lambda: strip.zoom(0.5, strip.view_start + (strip.view_end -
                                                                                     strip.view_start) * 0.4)))
    figures["zoom_max_s"] = max(zooms)
    figures["pan_s"] = _timed(qtbot, view, lambda: strip.pan(0.5))
    figures["whole_s"] = _timed(qtbot, view, view.show_whole_case)
    pages = []
    model = view.model
    for _ in range(5):
        before = model.rowCount()
        pages.append(_timed(qtbot, view, lambda: model.fetchMore(QModelIndex())))
        assert model.rowCount() == before + PAGE
    figures["page_max_s"] = max(pages)
    month = (iso_from_seconds(strip.bounds[0] + 400 * 86_400), iso_from_seconds(strip.bounds[0] + 430 * 86_400))
    figures["brush_s"] = _timed(qtbot, view, lambda: view.select_range(*month))
    qtbot.waitUntil(lambda: model.total is not None, timeout=TIMEOUT_MS)
    figures["events_in_brush"] = float(model.total or 0)
    figures["zone_s"] = _timed(qtbot, view, lambda: view.set_zone("Asia/Kolkata"))
    watchdog.stop()
    figures["longest_gap_ms"] = watchdog.longest_s * 1000
    view.shutdown()
    return figures, watchdog


def test_a_million_scale_timeline_stays_responsive(qtbot: Any, synthetic_session: tuple[CaseSession, dict],
                                                   unexpected: list[str]) -> None:
    session, built = synthetic_session
    assert built["events"] >= 4 * SYNTHETIC_FILES and built["files"] == SYNTHETIC_FILES
    walks: list[list[Stall]] = []
    gaps: list[float] = []
    figures: dict[str, float] = {}
    for _ in range(3):  # a shared machine takes the CPU now and then; a slow call of ours is slow in every walk
        figures, watchdog = _walk(qtbot, session)
        walks.append(list(watchdog.stalls))
        gaps.append(watchdog.longest_s)  # also when a job's thread held the interpreter (no stack sampled then)
        frozen = [stall for stall in watchdog.stalls if stall.seconds > 1.0
                  or (stall.seconds > 0.3 and _own_site(stall))]
        assert not frozen, "; ".join(f"{stall.describe()} {stall.where}" for stall in frozen)
        if not any(_own_site(stall) for stall in watchdog.stalls) and watchdog.longest_s <= STALL_S:
            break
    sites = [{_own_site(stall) for stall in stalls} - {None} for stalls in walks]
    assert len(walks) < 3 or not set.intersection(*sites), sites
    assert min(gaps) <= STALL_S, f"the GUI thread waited over 100 ms in every walk: {gaps}"
    print(f"\nsynthetic timeline: {built['events']:,} events ({built['files']:,} files) built in "
          f"{built['seconds']:.1f} s; " + ", ".join(f"{name} {value:.3f}" for name, value in figures.items()))
    for name in ("open_s", "zoom_max_s", "pan_s", "whole_s", "page_max_s", "brush_s", "zone_s"):
        assert figures[name] < BOUND_S, (name, figures)
    assert figures["paint_ms"] < 100 and figures["whole_buckets"] <= 1400 // 3
    assert not unexpected


def test_the_strip_paints_in_time_proportional_to_its_intervals(qtbot: Any) -> None:
    from heroes_desktop.timeline.events import Histogram

    strip = HistogramStrip()
    qtbot.addWidget(strip)
    strip.resize(1400, 170)
    strip.kinds = ["mtime", "atime", "ctime", "crtime", CUSTODY]
    buckets = 466
    counts = {kind: [(index * 7919 + number) % 1000 for index in range(buckets)]
              for number, kind in enumerate(strip.kinds)}
    strip.set_histogram(Histogram("2019-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 189_216_000 / buckets / 1.0,
                                  counts), "week")
    strip.set_bounds(seconds_of("2019-01-01T00:00:00Z"), seconds_of("2025-01-01T00:00:00Z"))
    strip.set_view(*strip.bounds, emit=False)  # type: ignore[misc]
    started = time.perf_counter()
    for _ in range(10):
        strip.grab()
    assert (time.perf_counter() - started) / 10 < 0.05
    assert strip.tooltip_at(strip.width() / 2).count("\n") >= 2
