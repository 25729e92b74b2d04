"""The Timeline panel: every dated event of the case (file-system times, the dates items state about themselves,
custody) as a histogram strip over time, the events of the range as a list below, and a brush that scopes the file
table to the files with an event in a stretch of time.

The strip is painted from the last counts the core gave (:func:`heroes_desktop.timeline.events.histogram`): one
colour per kind, stacked, custody on a lane of its own below the files' lanes, an axis whose ticks fall on the
calendar of the examiner's zone. The wheel and + / - zoom around the pointer, a drag or the arrow keys pan, Home
shows the whole case; each move asks the core for new counts in a background job (debounced; a result that no
longer matches is dropped, and the old bars stay, rescaled, until the new ones land). The paint is proportional to
the number of intervals, never to the number of events (at most one interval per three pixels of width).

A drag with Shift (or in range mode, R) selects [start, end); so do a click on a bar (its interval) and Return (the
range on screen). The selection emits ``query_part_changed({"scope": Scope.of_time(...)})`` so the file table
shows those files, and the list shows the selection's events. Every time on screen is in the examiner's zone
(UTC by default, remembered in their profile) with the zone written beside it; what is stored stays UTC.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QAction, QColor, QCursor, QFontMetrics, QIcon, QMouseEvent, QPainter, QPalette, QPen,
                           QPixmap, QWheelEvent)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QCompleter, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QSizePolicy, QTableView, QToolButton, QToolTip, QVBoxLayout,
                               QWidget)

from heroes_desktop.browse.file_query import Scope
from heroes_desktop.core.errors import UsageError
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models.timeline_model import (EVENT_ROLE, FILE_ID, KIND, PAGE, PATH, TIME, TimelineModel,
                                                      kind_title)
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import (ShortcutConflict, ShortcutRegistry, examiner_settings_dir, shortcuts_of,
                                          write_json_atomically)
from heroes_desktop.timeline.events import (CUSTODY, Histogram, TimelineEvent, event_kinds,
                                            iso_from_seconds, kind_counts, seconds_of, timeline_span)
from heroes_desktop.timeline.events import histogram as count_histogram
from heroes_desktop.timeline.zones import (UTC, aligned_intervals, available_zones, choose_step, is_zone, local,
                                           offset_text, range_text, ticks)

log = logging.getLogger("heroes.gui")

TIMELINE_CONTEXT = "timeline"
STRIP_CONTEXT = "timeline_strip"
SETTINGS_FILE = "timeline.json"
SETTINGS_FORMAT = "heroes-timeline/1"
BAR_PX = 3  # the narrowest interval drawn: at most one interval per this many pixels of the strip
HISTOGRAM_DEBOUNCE_MS = 80  # a burst of wheel steps or a drag asks the core once
LIST_DEBOUNCE_MS = 200  # the list follows the range on screen a little later
ZOOM_STEP = 0.8  # one wheel notch or key press shows this share of the range
PAN_STEP = 0.2  # an arrow key moves the range by this share
MIN_VIEW_S = 10.0
CLICK_PX = 3  # a press and release closer than this is a click (its interval), not a drag
KINDS_PER_ROW = 6

KIND_COLOURS = {
    "crtime": QColor("#2e7d32"), "mtime": QColor("#1565c0"), "ctime": QColor("#6a1b9a"), "atime": QColor("#ef6c00"),
    "email-date": QColor("#c62828"), "doc-created": QColor("#00838f"), "doc-modified": QColor("#4e9a06"),
    "doc-printed": QColor("#795548"), "exif-taken": QColor("#ad1457"), "exif-digitized": QColor("#9e9d24"),
    "gps-time": QColor("#283593"), CUSTODY: QColor("#546e7a"),
}
_SPARE_COLOURS = (QColor("#8d6e63"), QColor("#00695c"), QColor("#5d4037"), QColor("#512da8"), QColor("#827717"))


def kind_colour(kind: str) -> QColor:
    """The kind's colour in the strip, its checkbox and the legend (a kind added later gets a spare one)."""
    colour = KIND_COLOURS.get(kind)
    if colour is not None:
        return colour
    return _SPARE_COLOURS[sum(map(ord, kind)) % len(_SPARE_COLOURS)]


@dataclass(frozen=True)
class Overview:
    """What the panel needs first: the kinds the case holds with their counts, and the span of every event."""

    kinds: list[str]
    counts: dict[str, int]
    span: tuple[str, str] | None


def read_overview(case: Any) -> Overview:
    """The kinds present (with at least one event), their counts and the whole case's span (one background job)."""
    kinds = event_kinds(case)
    counts = kind_counts(case, kinds=kinds)
    present = [kind for kind in kinds if counts.get(kind, 0) > 0]
    return Overview(present, counts, timeline_span(case, present) if present else None)


# ------------------------------------------------------------------------------------------------ the strip

class HistogramStrip(QWidget):
    """Counts over time, painted from the last :class:`Histogram`. Signals: ``view_changed(start, end)`` (zoom,
    pan), ``selection_finished(start, end)`` (a brush, a click on a bar), ``selection_cleared()``; all in POSIX
    seconds."""

    view_changed = Signal(float, float)
    selection_finished = Signal(float, float)
    selection_cleared = Signal()

    LANE_TOP = 6
    CUSTODY_H = 18
    GAP = 5
    AXIS_H = 34
    SIDE = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_strip")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(150)
        self.setAccessibleName(self.tr("Timeline histogram"))
        self.zone = UTC
        self.kinds: list[str] = []  # stacking order, custody apart
        self.view_start, self.view_end = 0.0, 1.0
        self.bounds: tuple[float, float] | None = None
        self.selection: tuple[float, float] | None = None
        self.range_mode = False
        self.message = ""
        self._histogram: Histogram | None = None
        self._hist_start = 0.0
        self._stacks: list[list[tuple[QColor, int]]] = []
        self._custody: list[int] = []
        self._max_total = 0
        self._max_custody = 0
        self._unit = ""
        self._press: QPointF | None = None
        self._press_view: tuple[float, float] | None = None
        self._brushing = False
        self._brush: tuple[float, float] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(800, 170)

    # -------------------------------------------------------------------------------------------- geometry

    def plot_left(self) -> float:
        return float(self.SIDE)

    def plot_width(self) -> float:
        return max(1.0, float(self.width() - 2 * self.SIDE))

    def lanes(self) -> tuple[QRectF, QRectF, QRectF]:
        """(the files' lane, the custody lane, the axis)."""
        width, height = self.plot_width(), float(self.height())
        axis_top = height - self.AXIS_H
        custody_top = axis_top - self.CUSTODY_H
        files = QRectF(self.plot_left(), self.LANE_TOP, width, max(10.0, custody_top - self.GAP - self.LANE_TOP))
        return files, QRectF(self.plot_left(), custody_top, width, self.CUSTODY_H - 2), \
            QRectF(self.plot_left(), axis_top, width, self.AXIS_H)

    def max_intervals(self) -> int:
        return max(1, int(self.plot_width() // BAR_PX))

    def x_of(self, seconds: float) -> float:
        span = max(self.view_end - self.view_start, 1e-9)
        return self.plot_left() + (seconds - self.view_start) / span * self.plot_width()

    def seconds_at(self, x: float) -> float:
        span = self.view_end - self.view_start
        return self.view_start + (x - self.plot_left()) / self.plot_width() * span

    # ---------------------------------------------------------------------------------------------- state

    def set_histogram(self, histogram: Histogram | None, unit: str = "") -> None:
        """New counts to paint (None: no bars); stacked once here, so a paint only walks the intervals."""
        self._histogram, self._unit = histogram, unit
        self._stacks, self._custody = [], []
        self._max_total = self._max_custody = 0
        if histogram is not None and histogram.buckets:
            self._hist_start = seconds_of(histogram.start)
            file_kinds = [kind for kind in self.kinds if kind != CUSTODY and kind in histogram.counts]
            file_kinds += [kind for kind in histogram.counts if kind != CUSTODY and kind not in file_kinds]
            columns = [(kind_colour(kind), histogram.counts[kind]) for kind in file_kinds]
            for index in range(histogram.buckets):
                stack = [(colour, values[index]) for colour, values in columns
                         if index < len(values) and values[index]]
                self._stacks.append(stack)
                self._max_total = max(self._max_total, sum(count for _, count in stack))
            self._custody = list(histogram.counts.get(CUSTODY, []))
            self._max_custody = max(self._custody, default=0)
        self.update()

    @property
    def histogram(self) -> Histogram | None:
        return self._histogram

    @property
    def unit(self) -> str:
        """The name of the intervals painted now ("day", "15 minutes")."""
        return self._unit

    def set_bounds(self, start: float, end: float) -> None:
        """The whole case's span: zoom and pan stay around it."""
        self.bounds = (start, max(end, start + 1.0))

    def set_view(self, start: float, end: float, *, emit: bool = True) -> None:
        start, end = self._clamped(start, end)
        if (start, end) == (self.view_start, self.view_end):
            return
        self.view_start, self.view_end = start, end
        self.update()
        if emit:
            self.view_changed.emit(start, end)

    def _clamped(self, start: float, end: float) -> tuple[float, float]:
        width = max(end - start, MIN_VIEW_S)
        if self.bounds is not None:
            low, high = self.bounds
            width = min(width, max((high - low) * 1.5, MIN_VIEW_S))
            centre = min(max((start + end) / 2, low), high)
            return centre - width / 2, centre + width / 2
        middle = (start + end) / 2
        return middle - width / 2, middle + width / 2

    def whole(self) -> None:
        if self.bounds is not None:
            self.set_view(*self.bounds)

    def zoom(self, factor: float, anchor: float | None = None) -> None:
        """Show ``factor`` of the range (< 1: closer), keeping ``anchor`` (seconds; the middle by default) where
        it is on screen."""
        if anchor is None:
            anchor = (self.view_start + self.view_end) / 2
        start = anchor - (anchor - self.view_start) * factor
        end = anchor + (self.view_end - anchor) * factor
        self.set_view(start, end)

    def zoom_at_pointer(self, factor: float) -> None:
        """Zoom around the pointer when it is over the strip, else around the middle."""
        position = self.mapFromGlobal(QCursor.pos())
        inside = self.rect().contains(position)
        self.zoom(factor, self.seconds_at(position.x()) if inside else None)

    def pan(self, share: float) -> None:
        shift = (self.view_end - self.view_start) * share
        self.set_view(self.view_start + shift, self.view_end + shift)

    def set_selection(self, selection: tuple[float, float] | None) -> None:
        self.selection = selection
        self.update()

    def interval_at(self, x: float) -> tuple[float, float] | None:
        """The painted interval under ``x``, or None."""
        histogram = self._histogram
        if histogram is None or not histogram.buckets:
            return None
        index = math.floor((self.seconds_at(x) - self._hist_start) / histogram.width_s)
        if not 0 <= index < histogram.buckets:
            return None
        start = self._hist_start + index * histogram.width_s
        return start, start + histogram.width_s

    def interval_counts(self, start: float) -> dict[str, int]:
        histogram = self._histogram
        if histogram is None:
            return {}
        index = round((start - self._hist_start) / histogram.width_s)
        return {kind: values[index] for kind, values in histogram.counts.items()
                if 0 <= index < len(values) and values[index]}

    # ---------------------------------------------------------------------------------------------- paint

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        files, custody, axis = self.lanes()
        painter.fillRect(custody, palette.color(QPalette.ColorRole.AlternateBase))
        self._paint_bars(painter, files, custody)
        self._paint_selection(painter, files, custody)
        self._paint_axis(painter, axis, custody)
        if self.message:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(files, Qt.AlignmentFlag.AlignCenter, self.message)
        if self.hasFocus():
            pen = QPen(palette.color(QPalette.ColorRole.Highlight))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _visible_range(self) -> range:
        histogram = self._histogram
        if histogram is None or not histogram.buckets or histogram.width_s <= 0:
            return range(0)
        first = max(0, math.floor((self.view_start - self._hist_start) / histogram.width_s))
        last = min(histogram.buckets, math.ceil((self.view_end - self._hist_start) / histogram.width_s))
        return range(first, max(first, last))

    def _paint_bars(self, painter: QPainter, files: QRectF, custody: QRectF) -> None:
        histogram = self._histogram
        if histogram is None:
            return
        width = histogram.width_s
        left, right = files.left(), files.right()
        bottom, height = files.bottom(), files.height()
        custody_colour = kind_colour(CUSTODY)
        for index in self._visible_range():
            x0 = self.x_of(self._hist_start + index * width)
            x1 = self.x_of(self._hist_start + (index + 1) * width)
            x0, x1 = max(x0, left), min(x1, right)
            if x1 <= x0:
                continue
            bar = max(1.0, x1 - x0 - (1.0 if x1 - x0 > 4 else 0.0))
            if self._max_total and index < len(self._stacks):
                y = bottom
                for colour, count in self._stacks[index]:
                    tall = max(1.0, height * count / self._max_total)
                    painter.fillRect(QRectF(x0, y - tall, bar, tall), colour)
                    y -= tall
            if self._max_custody and index < len(self._custody) and self._custody[index]:
                tall = max(2.0, (custody.height() - 2) * self._custody[index] / self._max_custody)
                painter.fillRect(QRectF(x0, custody.bottom() - tall, bar, tall), custody_colour)

    def _paint_selection(self, painter: QPainter, files: QRectF, custody: QRectF) -> None:
        shown = self._brush if self._brushing and self._brush is not None else self.selection
        if shown is None:
            return
        x0, x1 = sorted((self.x_of(shown[0]), self.x_of(shown[1])))
        x0, x1 = max(x0, files.left() - 1), min(x1, files.right() + 1)
        if x1 < x0:
            return
        area = QRectF(x0, files.top(), max(1.0, x1 - x0), custody.bottom() - files.top())
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        painter.fillRect(area, highlight)
        highlight.setAlpha(220)
        painter.setPen(QPen(highlight, 1))
        painter.drawLine(QPointF(area.left(), area.top()), QPointF(area.left(), area.bottom()))
        painter.drawLine(QPointF(area.right(), area.top()), QPointF(area.right(), area.bottom()))

    def _paint_axis(self, painter: QPainter, axis: QRectF, custody: QRectF) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(axis.left(), axis.top()), QPointF(axis.right(), axis.top()))
        metrics = QFontMetrics(self.font())
        painter.setPen(QPen(text, 1))
        painter.drawText(QRectF(custody.left() + 3, custody.top(), 120, custody.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.tr("custody"))
        label_row = QRectF(axis.left(), axis.top() + 3, axis.width(), metrics.height())
        for moment, label in self.axis_ticks():
            x = self.x_of(moment)
            painter.drawLine(QPointF(x, axis.top()), QPointF(x, axis.top() + 4))
            width = metrics.horizontalAdvance(label) + 4
            left = min(max(x - width / 2, axis.left()), axis.right() - width)
            painter.drawText(QRectF(left, label_row.top() + 2, width, label_row.height()),
                             Qt.AlignmentFlag.AlignCenter, label)
        caption = self.zone_caption()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.PlaceholderText), 1))
        painter.drawText(QRectF(axis.left(), label_row.bottom() + 1, axis.width(), metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)

    def axis_ticks(self) -> list[tuple[float, str]]:
        """The axis's (seconds, label) ticks on the zone's calendar, spaced to fit their labels."""
        metrics = QFontMetrics(self.font())
        room = max(metrics.horizontalAdvance("2024-09-03 00:00") + 24, 60)
        return ticks(self.view_start, self.view_end, self.zone, max(2, int(self.plot_width() // room)))

    def zone_caption(self) -> str:
        """``Times in Europe/Madrid (UTC+02:00)``, the offset at the middle of the range; ``Times in UTC``."""
        if self.zone == UTC:
            zone = UTC
        else:
            middle = local((self.view_start + self.view_end) / 2, self.zone)
            zone = f"{self.zone} ({offset_text(middle.utcoffset())})"
        caption = self.tr("Times in %1").replace("%1", zone)
        return caption + (self.tr(" · one bar per %1").replace("%1", self._unit) if self._unit else "")

    # ---------------------------------------------------------------------------------------------- mouse

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        notches = event.angleDelta().y() / 120.0
        if not notches:
            event.ignore()
            return
        self.zoom(ZOOM_STEP ** notches, self.seconds_at(event.position().x()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._press = event.position()
        self._press_view = (self.view_start, self.view_end)
        self._brushing = self.range_mode or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._brush = None
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._press is None or self._press_view is None:
            return
        dx = event.position().x() - self._press.x()
        if self._brushing:
            first, second = sorted((self.seconds_at(self._press.x()), self.seconds_at(event.position().x())))
            self._brush = (first, second)
            self.update()
        elif abs(dx) >= 1:
            start, end = self._press_view
            shift = -dx / self.plot_width() * (end - start)
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.set_view(start + shift, end + shift)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        moved = abs(event.position().x() - self._press.x()) >= CLICK_PX
        brushing, brush = self._brushing, self._brush
        self._press, self._press_view, self._brushing, self._brush = None, None, False, None
        self.unsetCursor()
        if brushing and moved and brush is not None:
            start, end = math.floor(brush[0]), math.ceil(brush[1])
            self.selection = (float(start), float(max(end, start + 1)))
            self.update()
            self.selection_finished.emit(*self.selection)
        elif not moved:
            interval = self.interval_at(event.position().x())
            if interval is not None and (self.interval_counts(interval[0]) or brushing):
                self.selection = (float(math.floor(interval[0])), float(math.ceil(interval[1])))
                self.update()
                self.selection_finished.emit(*self.selection)
            elif self.selection is not None:
                self.selection = None
                self.update()
                self.selection_cleared.emit()
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            position = event.pos()  # type: ignore[attr-defined]
            text = self.tooltip_at(position.x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, x: float) -> str:
        """The interval under ``x``: its range in the zone and its counts per kind."""
        interval = self.interval_at(x)
        if interval is None:
            return ""
        counts = self.interval_counts(interval[0])
        locale = QLocale()
        lines = [range_text(interval[0], interval[1], self.zone)]
        total = sum(count for kind, count in counts.items() if kind != CUSTODY)
        lines.append(self.tr("%1 file events").replace("%1", locale.toString(total)))
        lines += [f"  {kind}: {locale.toString(count)}" for kind, count in counts.items()]
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------- panel

class TimelineView(QWidget):
    """The Timeline panel over ``session``; it reads the case when first shown (and on :meth:`refresh`).

    Signals: ``query_part_changed({"scope": Scope | None})`` when a range is selected (a time scope of the kinds
    shown, custody left out: it has no files) or cleared; ``file_requested(file_id)`` (Enter or a double-click on a
    file's event); ``selection_changed(range)`` ((start, end) ISO 8601 UTC, or None).

    Methods: :meth:`refresh`, :meth:`shutdown`, :meth:`selected_events` (the list's selected TimelineEvents),
    :meth:`set_zone`, :meth:`set_kind_enabled`, :meth:`enabled_kinds`, :meth:`select_range`, :meth:`select_visible`,
    :meth:`clear_selection`, :meth:`show_whole_case`, :meth:`zoom_in`, :meth:`zoom_out`, :meth:`pan`,
    :meth:`view_range`, :meth:`summary_text`, :meth:`presentation_changed`; properties ``zone``, ``selection``,
    ``loading``; parts ``strip`` (:class:`HistogramStrip`), ``table`` and ``model`` (:class:`TimelineModel`)."""

    query_part_changed = Signal(object)
    file_requested = Signal(int)
    selection_changed = Signal(object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *,
                 registry: ShortcutRegistry | None = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self._examiner = session.actor.name if session.actor is not None else None
        self.overview: Overview | None = None
        self._enabled: dict[str, bool] = {}
        self._selection: tuple[float, float] | None = None
        self._scope_emitted = False
        self._overview_job: Job | None = None
        self._histogram_job: Job | None = None
        self._zones_job: Job | None = None
        self._histogram_generation = 0
        self._histogram_asked: tuple[Any, ...] | None = None
        self._loaded_once = False
        self._stale = True
        self._closed = False
        self.error_text = ""
        self._zone = self._saved_zone()
        self.model = TimelineModel(session, self, page=page)
        self.model.set_zone(self._zone)
        self._histogram_timer = QTimer(self)
        self._histogram_timer.setSingleShot(True)
        self._histogram_timer.setInterval(HISTOGRAM_DEBOUNCE_MS)
        self._histogram_timer.timeout.connect(self._ask_histogram)
        self._list_timer = QTimer(self)
        self._list_timer.setSingleShot(True)
        self._list_timer.setInterval(LIST_DEBOUNCE_MS)
        self._list_timer.timeout.connect(self._show_list_range)
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load)
        self._build()
        self.actions_by_id: dict[str, QAction] = {}
        self._register()
        self.model.page_loaded.connect(self._show_summary)
        self.model.total_changed.connect(self._show_summary)
        self.model.load_failed.connect(self._failed)
        self._show_summary()

    # ------------------------------------------------------------------------------------------- building

    def _build(self) -> None:
        self.zone_box = QComboBox(self)
        self.zone_box.setObjectName("timeline_zone")
        self.zone_box.setEditable(True)
        self.zone_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_box.setMinimumContentsLength(22)
        self.zone_box.setAccessibleName(self.tr("Time zone"))
        self.zone_box.setToolTip(self.tr("The zone every time is shown in (the case stores UTC)"))
        self.zone_box.addItems(sorted({UTC, self._zone}, key=lambda name: (name != UTC, name)))
        self.zone_box.setCurrentText(self._zone)
        completer = QCompleter(self.zone_box.model(), self.zone_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_box.setCompleter(completer)
        self.zone_box.activated.connect(lambda index: self._zone_chosen(self.zone_box.itemText(index)))
        line = self.zone_box.lineEdit()
        if line is not None:
            line.editingFinished.connect(lambda: self._zone_chosen(self.zone_box.currentText()))
        zone_label = QLabel(self.tr("Zone:"), self)
        zone_label.setBuddy(self.zone_box)

        self.whole_button = self._tool_button("timeline_whole", self.tr("Whole case"), self.show_whole_case)
        self.zoom_out_button = self._tool_button("timeline_zoom_out", "−", self.zoom_out)
        self.zoom_in_button = self._tool_button("timeline_zoom_in", "+", self.zoom_in)
        self.range_button = self._tool_button("timeline_range_mode", self.tr("Select range"), None)
        self.range_button.setCheckable(True)
        self.range_button.toggled.connect(self._range_mode)
        self.clear_button = self._tool_button("timeline_clear", self.tr("Clear selection"), self.clear_selection)
        self.clear_button.setEnabled(False)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(zone_label)
        top.addWidget(self.zone_box)
        for button in (self.whole_button, self.zoom_out_button, self.zoom_in_button, self.range_button,
                       self.clear_button):
            top.addWidget(button)
        top.addStretch(1)

        self.kinds_box = QWidget(self)
        self.kinds_box.setObjectName("timeline_kinds")
        self.kinds_layout = QGridLayout(self.kinds_box)
        self.kinds_layout.setContentsMargins(0, 0, 0, 0)
        self.kinds_layout.setHorizontalSpacing(12)
        self.kind_boxes: dict[str, QCheckBox] = {}

        self.strip = HistogramStrip(self)
        self.strip.zone = self._zone
        self.strip.view_changed.connect(self._view_changed)
        self.strip.selection_finished.connect(self._brushed)
        self.strip.selection_cleared.connect(self.clear_selection)

        self.summary = QLabel(self)
        self.summary.setObjectName("timeline_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(self)
        self.error.setObjectName("timeline_error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        self.table = QTableView(self)
        self.table.setObjectName("timeline_events")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Timeline events"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)  # time order is the order; a sort of a page would mislead
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QFontMetrics(self.font()).height() + 6)
        rows.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = QFontMetrics(self.font())
        header.resizeSection(TIME, metrics.horizontalAdvance("2024-09-03 12:00:00.000 CEST (UTC+02:00)") + 24)
        header.resizeSection(KIND, metrics.horizontalAdvance("exif-digitized") + 24)
        header.setSectionResizeMode(PATH, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(FILE_ID, metrics.horizontalAdvance("00000000") + 24)
        self.table.activated.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.kinds_box)
        layout.addWidget(self.strip)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.strip)

    def _tool_button(self, name: str, text: str, callback: Callable[[], object] | None) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setAutoRaise(False)
        if callback is not None:
            button.clicked.connect(lambda _checked=False: callback())
        return button

    def _register(self) -> None:
        registry = self._registry
        registry.register_context(TIMELINE_CONTEXT, self.tr("Timeline"))
        registry.register_context(STRIP_CONTEXT, self.tr("Timeline histogram"), TIMELINE_CONTEXT)
        declared = (
            ("timeline.zoom_in", self.tr("Zoom in (around the pointer)"), "+",
             lambda: self.strip.zoom_at_pointer(ZOOM_STEP), self.zoom_in_button),
            ("timeline.zoom_out", self.tr("Zoom out (around the pointer)"), "-",
             lambda: self.strip.zoom_at_pointer(1 / ZOOM_STEP), self.zoom_out_button),
            ("timeline.pan_left", self.tr("Move back in time"), "Left", lambda: self.pan(-PAN_STEP), None),
            ("timeline.pan_right", self.tr("Move on in time"), "Right", lambda: self.pan(PAN_STEP), None),
            ("timeline.whole_case", self.tr("Show the whole case"), "Home", self.show_whole_case, self.whole_button),
            ("timeline.select_visible", self.tr("Select the range on screen"), "Return", self.select_visible, None),
            ("timeline.clear_selection", self.tr("Clear the selected range"), "Escape", self.clear_selection,
             self.clear_button),
            ("timeline.range_mode", self.tr("Range mode: a drag selects instead of moving"), "R",
             self.range_button.toggle, self.range_button),
        )
        for action_id, title, key, callback, button in declared:
            try:
                registry.register(action_id, title, key, STRIP_CONTEXT)
            except ShortcutConflict as error:  # a key the window took since: the button still works
                log.warning("timeline: %s is not bound to %s: %s", action_id, key, error)
                registry.register(action_id, title, None, STRIP_CONTEXT)
            self.actions_by_id[action_id] = registry.bind(action_id, self.strip, callback)
            shown = registry.key(action_id)
            if button is not None:
                button.setToolTip(self.tr("%1 (%2)").replace("%1", title).replace("%2", shown) if shown else title)

    # --------------------------------------------------------------------------------------------- public

    @property
    def zone(self) -> str:
        return self._zone

    @property
    def loading(self) -> bool:
        """Something is being read: the overview, counts for the strip, or a page of the list."""
        waiting = (self._overview_job, self._histogram_job)
        timers = (self._load_timer, self._histogram_timer, self._list_timer)
        return any(job is not None for job in waiting) or any(timer.isActive() for timer in timers) \
            or self.model.loading

    @property
    def selection(self) -> tuple[str, str] | None:
        """The selected range [start, end) as ISO 8601 UTC, or None."""
        if self._selection is None:
            return None
        return iso_from_seconds(self._selection[0]), iso_from_seconds(self._selection[1])

    def enabled_kinds(self) -> list[str]:
        """The kinds shown, in the order of the case's kinds."""
        kinds = self.overview.kinds if self.overview is not None else []
        return [kind for kind in kinds if self._enabled.get(kind, True)]

    def refresh(self) -> None:
        """Read the case again (new results landed, a tab brought forward); while hidden, at the next show."""
        self._stale = True
        if self.isVisible() and not self._closed:
            self._load_timer.start()

    def shutdown(self) -> None:
        """Before the case closes: no read left running against it, no timer left to start one."""
        self._closed = True
        for timer in (self._histogram_timer, self._list_timer, self._load_timer):
            timer.stop()
        for job in (self._overview_job, self._histogram_job, self._zones_job):
            if job is not None:
                job.cancel()
        self._overview_job = self._histogram_job = self._zones_job = None
        self.model.shutdown()

    def selected_events(self) -> list[TimelineEvent]:
        """The events of the list's selected rows, in time order (for the CSV export)."""
        selection = self.table.selectionModel()
        if selection is None:
            return []
        rows = sorted({index.row() for index in selection.selectedRows()})
        return [self.model.event_at(row) for row in rows if row < self.model.rowCount()]

    def set_zone(self, zone: str) -> None:
        """Show every time in ``zone`` (an IANA name, or UTC) and remember it for this examiner; the stored times
        stay UTC. An unknown zone is a :class:`UsageError`."""
        if not is_zone(zone):
            raise UsageError(self.tr("no time zone called %1").replace("%1", repr(zone)))
        if self.zone_box.findText(zone) < 0:
            self.zone_box.addItem(zone)
        self.zone_box.setCurrentText(zone)
        if zone == self._zone:
            return
        self._zone = zone
        self.strip.zone = zone
        self.strip.update()
        self.model.set_zone(zone)
        self._save_zone(zone)
        self._show_summary()
        self._request_histogram()  # the intervals start at the zone's midnights

    def set_kind_enabled(self, kind: str, enabled: bool) -> None:
        """Show or hide one kind of event (strip, list, and the file table's scope of a selection)."""
        box = self.kind_boxes.get(kind)
        if box is not None and box.isChecked() != enabled:
            box.setChecked(enabled)  # comes back through _kind_toggled
            return
        if self._enabled.get(kind, True) == enabled:
            return
        self._enabled[kind] = enabled
        self.strip.kinds = self.enabled_kinds()
        self._request_histogram()
        self._request_list(at_once=True)
        if self._selection is not None:
            self._emit_scope()

    def select_range(self, start: str, end: str) -> None:
        """Select [start, end) (ISO 8601 UTC) as a brush would."""
        first, last = seconds_of(start), seconds_of(end)
        if last <= first:
            raise UsageError(self.tr("the end of a range comes after its start"))
        self.strip.set_selection((first, last))
        self._brushed(first, last)

    def select_visible(self) -> None:
        """Select the range on screen (the keyboard's brush)."""
        start, end = math.floor(self.strip.view_start), math.ceil(self.strip.view_end)
        if self.strip.bounds is not None:  # no further than the case's events
            start, end = max(start, math.floor(self.strip.bounds[0])), min(end, math.ceil(self.strip.bounds[1]))
        if end > start:
            self.strip.set_selection((float(start), float(end)))
            self._brushed(float(start), float(end))

    def clear_selection(self) -> None:
        if self._selection is None and self.strip.selection is None:
            return
        self._selection = None
        self.strip.set_selection(None)
        self.clear_button.setEnabled(False)
        self.selection_changed.emit(None)
        if self._scope_emitted:
            self._scope_emitted = False
            self.query_part_changed.emit({"scope": None})
        self._request_list(at_once=True)

    def show_whole_case(self) -> None:
        self.strip.whole()

    def zoom_in(self) -> None:
        self.strip.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.strip.zoom(1 / ZOOM_STEP)

    def pan(self, share: float) -> None:
        self.strip.pan(share)

    def view_range(self) -> tuple[str, str]:
        """The range on screen, ISO 8601 UTC."""
        return iso_from_seconds(self.strip.view_start), iso_from_seconds(self.strip.view_end)

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: paths masked in the list."""
        from heroes_desktop.gui.exposure import mask_text

        self.model.set_masking(mask_text if enabled else None)

    # -------------------------------------------------------------------------------------------- loading

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale and not self._closed:
            self._load_timer.start()
        if self._zones_job is None and self.zone_box.count() <= 2 and not self._closed:
            self._zones_job = self._session.jobs.read("timeline: zones", available_zones, self._zones_read,
                                                      lambda _error: None, background=True)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.overview is not None and event.oldSize().width() != event.size().width():
            self._request_histogram()  # as many intervals as the new width holds

    def _zones_read(self, zones: list[str]) -> None:
        self._zones_job = None
        current = self._zone
        self.zone_box.blockSignals(True)
        self.zone_box.clear()
        self.zone_box.addItems(zones)
        if self.zone_box.findText(current) < 0:
            self.zone_box.addItem(current)
        self.zone_box.setCurrentText(current)
        self.zone_box.blockSignals(False)

    def _load(self) -> None:
        if self._closed:
            return
        self._stale = False
        if self._overview_job is not None:
            self._overview_job.cancel()
        case = self._session.case

        def done(overview: Overview) -> None:
            self._overview_job = None
            self._show_overview(overview)

        def failed(error: BaseException) -> None:
            self._overview_job = None
            self._failed(user_message(error))

        self._overview_job = self._session.jobs.read("timeline: overview", lambda: read_overview(case), done,
                                                     failed)

    def _show_overview(self, overview: Overview) -> None:
        first = not self._loaded_once
        self._loaded_once = True
        self.overview = overview
        self._clear_error()
        self._build_kind_boxes(overview)
        self.strip.kinds = self.enabled_kinds()
        if overview.span is None:
            self.strip.bounds = None
            self.strip.message = self.tr("No dated events in this case yet.")
            self.strip.set_histogram(None)
            self.model.set_range(None, None, ())
            self._show_summary()
            return
        self.strip.message = ""
        start, end = seconds_of(overview.span[0]), seconds_of(overview.span[1])
        self.strip.set_bounds(start, end)
        if first:
            self.strip.set_view(start, end, emit=False)
        self._histogram_asked = None  # new events may have landed in the same range
        self._request_histogram(at_once=True)
        self._list_timer.stop()
        self._show_list_range(again=not first)

    def _build_kind_boxes(self, overview: Overview) -> None:
        if list(self.kind_boxes) == overview.kinds:
            for kind, box in self.kind_boxes.items():
                box.setText(self._kind_text(kind, overview.counts.get(kind, 0)))
            return
        for box in self.kind_boxes.values():
            self.kinds_layout.removeWidget(box)
            box.deleteLater()
        self.kind_boxes = {}
        previous: QWidget = self.clear_button
        for number, kind in enumerate(overview.kinds):
            box = QCheckBox(self._kind_text(kind, overview.counts.get(kind, 0)), self.kinds_box)
            box.setObjectName(f"timeline_kind_{kind}")
            box.setChecked(self._enabled.get(kind, True))
            box.setIcon(self._swatch(kind))
            box.setToolTip(kind_title(kind) if kind != CUSTODY else
                           self.tr("custody events: drawn on their own lane below the files'"))
            box.toggled.connect(lambda checked, kind=kind: self._kind_toggled(kind, checked))
            self.kinds_layout.addWidget(box, number // KINDS_PER_ROW, number % KINDS_PER_ROW)
            self.kind_boxes[kind] = box
            self.setTabOrder(previous, box)
            previous = box
        self.setTabOrder(previous, self.strip)
        self.setTabOrder(self.strip, self.table)

    def _kind_text(self, kind: str, count: int) -> str:
        return f"{kind} ({QLocale().toString(count)})"

    def _swatch(self, kind: str) -> QIcon:
        pixmap = QPixmap(12, 12)
        pixmap.fill(kind_colour(kind))
        return QIcon(pixmap)

    def _kind_toggled(self, kind: str, checked: bool) -> None:
        self.set_kind_enabled(kind, checked)

    # ------------------------------------------------------------------------------------------ histogram

    def _view_changed(self, _start: float, _end: float) -> None:
        self._request_histogram()
        if self._selection is None:
            self._request_list()
        self._show_summary()

    def _request_histogram(self, *, at_once: bool = False) -> None:
        if self._closed or self.overview is None:
            return
        if at_once:
            self._histogram_timer.stop()
            self._ask_histogram()
        else:
            self._histogram_timer.start()

    def _ask_histogram(self) -> None:
        if self._closed or self.overview is None or self.overview.span is None:
            return
        kinds = tuple(self.enabled_kinds())
        strip = self.strip
        if not kinds:
            self._cancel_histogram()
            strip.set_histogram(None)
            return
        step = choose_step(strip.view_end - strip.view_start, strip.max_intervals())
        first, count = aligned_intervals(strip.view_start, strip.view_end, step.seconds, self._zone)
        start, end = iso_from_seconds(first), iso_from_seconds(first + count * step.seconds)
        asked = (start, end, count, kinds)
        if asked == self._histogram_asked:
            return
        self._cancel_histogram()
        self._histogram_asked = asked
        self._histogram_generation += 1
        generation, case = self._histogram_generation, self._session.case

        def done(counted: Histogram) -> None:
            if generation != self._histogram_generation:
                return
            self._histogram_job = None
            self.strip.set_histogram(counted, step.unit)

        def failed(error: BaseException) -> None:
            if generation != self._histogram_generation:
                return
            self._histogram_job = None
            self._histogram_asked = None
            self._failed(user_message(error))

        self._histogram_job = self._session.jobs.read(
            "timeline: histogram", lambda: count_histogram(case, start, end, count, kinds), done, failed)

    def _cancel_histogram(self) -> None:
        if self._histogram_job is not None:
            self._histogram_job.cancel()
            self._histogram_job = None
        self._histogram_asked = None

    # ------------------------------------------------------------------------------------ selection, list

    def _brushed(self, start: float, end: float) -> None:
        self._selection = (start, end)
        self.clear_button.setEnabled(True)
        self.selection_changed.emit(self.selection)
        self._emit_scope()
        self._request_list(at_once=True)

    def _emit_scope(self) -> None:
        if self._selection is None:
            return
        start, end = self.selection or ("", "")
        kinds = [kind for kind in self.enabled_kinds() if kind != CUSTODY] or [CUSTODY]
        all_kinds = self.overview is not None and len(self.enabled_kinds()) == len(self.overview.kinds)
        label = self.tr("Time: %1").replace("%1", range_text(self._selection[0], self._selection[1], self._zone))
        if not all_kinds:
            label += f" ({', '.join(kinds)})"
        self._scope_emitted = True
        self.query_part_changed.emit({"scope": Scope.of_time(start, end, kinds, label)})

    def _request_list(self, *, at_once: bool = False) -> None:
        if self._closed:
            return
        if at_once:
            self._list_timer.stop()
            self._show_list_range()
        else:
            self._list_timer.start()

    def _show_list_range(self, again: bool = False) -> None:
        """The list shows the selection, else the range on screen; ``again`` reads the same range anew."""
        if self._closed or self.overview is None or self.overview.span is None:
            return
        if self._selection is not None:
            start, end = self._selection
        else:
            start, end = self.strip.view_start, self.strip.view_end
            if self.strip.bounds is not None:
                start, end = max(start, self.strip.bounds[0]), min(end, self.strip.bounds[1])
        wanted = (iso_from_seconds(math.floor(start)), iso_from_seconds(math.ceil(end)), tuple(self.enabled_kinds()))
        if again and wanted == self.model.query:
            self.model.reload()
        else:
            self.model.set_range(*wanted)
        self._show_summary()

    def _activated(self, index: QModelIndex) -> None:
        event = self.model.data(index, EVENT_ROLE)
        if isinstance(event, TimelineEvent) and event.file_id is not None:
            self.file_requested.emit(int(event.file_id))

    # --------------------------------------------------------------------------------------------- status

    def summary_text(self) -> str:
        locale = QLocale()
        shown = self.model.rowCount()
        total = self.model.total
        query = self.model.query
        if self.overview is not None and self.overview.span is None:
            return self.tr("No dated events in this case yet.")
        if query is None or query[0] is None or query[1] is None:
            return self.tr("Reading the timeline…")
        counted = locale.toString(total) if total is not None else self.tr("…")
        where = range_text(seconds_of(query[0]), seconds_of(query[1]), self._zone)
        text = self.tr("%1 events shown of %2 · %3 · times in %4").replace("%1", locale.toString(shown)).replace(
            "%2", counted).replace("%3", where).replace("%4", self._zone)
        if self.model.capped:
            text += self.tr(" · the list stops here: select a narrower range for the rest")
        if self._selection is not None:
            text = self.tr("Selected: ") + text
        return text

    def _show_summary(self) -> None:
        self.summary.setText(self.summary_text())

    def _failed(self, message: str) -> None:
        self.error_text = message
        self.error.setText(self.tr("The timeline could not be read: %1").replace("%1", message))
        self.error.setVisible(True)

    def _clear_error(self) -> None:
        self.error_text = ""
        self.error.setVisible(False)

    def _range_mode(self, enabled: bool) -> None:
        self.strip.range_mode = enabled
        self.strip.setCursor(Qt.CursorShape.CrossCursor if enabled else Qt.CursorShape.ArrowCursor)

    # ---------------------------------------------------------------------------------------------- zones

    def _zone_chosen(self, text: str) -> None:
        zone = text.strip()
        if zone == self._zone:
            return
        if not is_zone(zone):
            self.zone_box.setCurrentText(self._zone)  # a half-typed name is put back
            return
        self.set_zone(zone)

    @property
    def settings_file(self) -> Any:
        return examiner_settings_dir(self._examiner) / SETTINGS_FILE

    def _saved_zone(self) -> str:
        try:
            document = json.loads(self.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return UTC
        except (OSError, ValueError) as error:
            log.warning("timeline settings %s unreadable (%s); UTC is used", self.settings_file, error)
            return UTC
        zone = document.get("zone") if isinstance(document, dict) else None
        return zone if isinstance(zone, str) and is_zone(zone) else UTC

    def _save_zone(self, zone: str) -> None:
        try:
            write_json_atomically(self.settings_file, {"format": SETTINGS_FORMAT, "zone": zone})
        except OSError as error:  # the zone still applies now; only remembering it failed
            log.warning("the timeline's zone could not be saved in %s: %s", self.settings_file, error)


__all__ = ["HistogramStrip", "Overview", "TimelineView", "kind_colour", "read_overview"]
