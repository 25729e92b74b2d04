"""The gallery: the case's pictures and videos as tiles large enough to judge (256 px by default, up to 384), drawn
at the examiner's obscure level, with the badges that let most of them be decided without a clear view.

Tiles come from the core's :func:`~heroes_desktop.review.gallery.list_gallery` (same-hash copies stacked, grouped
by folder, hash set, category, triage band or near-duplicate group), badges from
:func:`~heroes_desktop.review.gallery.gallery_tiles` page by page, thumbnails from a
:class:`~heroes_desktop.gui.thumbnails.ThumbnailLoader` for the tiles on screen only. Every core call runs through
``session.jobs``: the window never waits for the case.

Keys (panel context ``gallery``): arrows move and wrap across rows (Right at a row's end goes on to the next row,
IPED #1300), Shift extends the selection in reading order, Ctrl moves without selecting, Ctrl+A selects all,
0–5 categorise the selection (a stack: every copy, each custody event saying it was carried from the tile seen),
N goes to the next unreviewed tile; after a decision the gallery moves there itself unless "Advance after deciding"
is off. Every key is the shortcut registry's (the controls carry no mnemonics that could collide with them).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (QCoreApplication, QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QRect,
                            QSize, Qt, QTimer, Signal)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QListView,
                               QListWidget, QListWidgetItem, QMenu, QSlider, QSplitter, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QToolButton, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import UsageError
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.exposure import exposure_of
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models.gallery_model import (REVIEWED_ROLE, STAND_IN_ROLE, THUMBNAIL_ROLE, TILE_ROLE,
                                                     GalleryModel)
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry, shortcuts_of
from heroes_desktop.gui.thumbnails import ThumbnailLoader, case_thumbnail_reader
from heroes_desktop.gui.views.categorise import Categoriser
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.hashsets.tagging import parse_label
from heroes_desktop.review.flagging import FLAG_SCORE
from heroes_desktop.review.gallery import (NO_GROUP, GalleryGroup, GalleryListing, GalleryScope, GalleryTile, Grouping,
                                           Order, list_gallery, next_unreviewed)

log = logging.getLogger("heroes.gui")

GALLERY_CONTEXT = "gallery"
ACTION_PREFIX = "gallery.categorise"  # gallery.categorise.cat0 .. cat5, .bookmark, .undo, .redo
NEXT_UNREVIEWED_ACTION = "gallery.next_unreviewed"
MIN_TILE, MAX_TILE, TILE_STEP = 256, 384, 32  # IPED #1474: 160 px was too small to judge
DEFAULT_TILE = MIN_TILE
PADDING = 6  # around the picture, inside the tile
GAP = 6  # between tiles
SHOW_SCORE_FROM = 0.10  # lower triage scores are in the tooltip only (a badge on every tile says nothing)
KEEP_SELECTED = 5000

# One colour per Project VIC category, for the examiner's category (a frame and a badge) and a hash set's.
CATEGORY_COLOURS = {
    "CAT-0": QColor("#757575"),
    "CAT-1": QColor("#c62828"),
    "CAT-2": QColor("#ef6c00"),
    "CAT-3": QColor("#6a1b9a"),
    "CAT-4": QColor("#1565c0"),
    "CAT-5": QColor("#2e7d32"),
}
_BADGE_BACK = QColor(20, 20, 20, 200)
_DELETED = QColor("#b71c1c")
_REVIEWED = QColor("#2e7d32")
_FLAGGED = QColor("#ff8f00")


def category_colour(category: str | None) -> QColor:
    return CATEGORY_COLOURS.get(category or "", _BADGE_BACK)


def _is_category(label: str) -> bool:
    try:
        return parse_label(label)[0] is not None
    except UsageError:
        return False


# ------------------------------------------------------------------------------------------------ the list

LAYOUT_BATCH = 2000  # tiles laid out per step of the event loop


class TileList(QListView):
    """The grid: a QListView in icon mode with uniform tiles, whose keyboard moves in reading order (wrapping
    across rows) and whose Shift selections are reading-order ranges, not rectangles."""

    viewport_changed = Signal()  # scrolled or resized: which tiles are on screen changed

    _MOVES = {
        Qt.Key.Key_Left: QAbstractItemView.CursorAction.MoveLeft,
        Qt.Key.Key_Right: QAbstractItemView.CursorAction.MoveRight,
        Qt.Key.Key_Up: QAbstractItemView.CursorAction.MoveUp,
        Qt.Key.Key_Down: QAbstractItemView.CursorAction.MoveDown,
        Qt.Key.Key_Home: QAbstractItemView.CursorAction.MoveHome,
        Qt.Key.Key_End: QAbstractItemView.CursorAction.MoveEnd,
        Qt.Key.Key_PageUp: QAbstractItemView.CursorAction.MovePageUp,
        Qt.Key.Key_PageDown: QAbstractItemView.CursorAction.MovePageDown,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        # laid out a batch at a time between events: a listing of 100,000 tiles laid out at once held the event
        # loop for 240 ms (measured offscreen); in batches of 2,000 each step takes about 5 ms
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionRectVisible(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.setDragEnabled(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self._anchor: int | None = None  # the row a Shift selection extends from
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.viewport_changed.emit())

    # ---------------------------------------------------------------------------------------------- geometry

    def columns(self) -> int:
        """Tiles per row as laid out now (at least 1)."""
        model = self.model()
        count = model.rowCount() if model is not None else 0
        if count < 2:
            return 1
        top = self.visualRect(model.index(0, 0)).top()
        columns = 1
        while columns < count and self.visualRect(model.index(columns, 0)).top() == top:
            columns += 1
        return columns

    def visible_rows(self) -> range:
        """The rows at least partly on screen (rows run in reading order, so a binary search finds them)."""
        model = self.model()
        count = model.rowCount() if model is not None else 0
        if not count or not self.visualRect(model.index(0, 0)).isValid():
            return range(0)
        height = self.viewport().height()

        def first_where(predicate: Any) -> int:
            low, high = 0, count
            while low < high:
                middle = (low + high) // 2
                if predicate(self.visualRect(model.index(middle, 0))):
                    high = middle
                else:
                    low = middle + 1
            return low

        first = first_where(lambda rect: rect.bottom() >= 0)
        end = first_where(lambda rect: rect.top() > height)
        return range(first, max(first, end))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.viewport_changed.emit()

    # --------------------------------------------------------------------------------------------- keyboard

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt's name
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        count = model.rowCount() if model is not None else 0
        if not count:
            return QModelIndex()
        current = self.currentIndex()
        if not current.isValid():
            return model.index(0, 0)
        row, columns = current.row(), self.columns()
        moves = QAbstractItemView.CursorAction
        lines_per_page = max(1, self.viewport().height() // max(1, self.gridSize().height()))
        if action in (moves.MoveRight, moves.MoveNext):
            row = min(row + 1, count - 1)  # the row's last tile goes on to the next row's first
        elif action in (moves.MoveLeft, moves.MovePrevious):
            row = max(row - 1, 0)  # and the first back to the previous row's last
        elif action == moves.MoveDown:
            if row + columns < count:
                row += columns
            elif (count - 1) // columns > row // columns:
                row = count - 1  # the last row is shorter: its last tile
        elif action == moves.MoveUp:
            row = row - columns if row >= columns else row
        elif action == moves.MoveHome:
            row = 0
        elif action == moves.MoveEnd:
            row = count - 1
        elif action == moves.MovePageDown:
            row = min(row + columns * lines_per_page, count - 1)
        elif action == moves.MovePageUp:
            row = max(row - columns * lines_per_page, row % columns)
        return model.index(row, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        action = self._MOVES.get(Qt.Key(event.key()))
        if action is None or self.model() is None:
            super().keyPressEvent(event)
            return
        modifiers = event.modifiers()
        target = self.moveCursor(action, modifiers)
        if not target.isValid():
            event.accept()
            return
        self.move_to(target.row(), extend=bool(modifiers & Qt.KeyboardModifier.ShiftModifier),
                     keep=bool(modifiers & Qt.KeyboardModifier.ControlModifier))
        event.accept()

    def move_to(self, row: int, *, extend: bool = False, keep: bool = False) -> None:
        """Make ``row`` current: alone selected; with ``extend``, the reading-order range from the anchor (added to
        the selection with ``keep``); with ``keep`` alone, moved to without changing the selection."""
        model, selection = self.model(), self.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        target = model.index(row, 0)
        if extend:
            anchor = self._anchor if self._anchor is not None and self._anchor < model.rowCount() else (
                self.currentIndex().row() if self.currentIndex().isValid() else row)
            self._anchor = anchor
            first, last = sorted((anchor, row))
            selection.setCurrentIndex(target, flags.NoUpdate)
            range_ = QItemSelection(model.index(first, 0), model.index(last, 0))
            selection.select(range_, flags.Select if keep else flags.ClearAndSelect)
        elif keep:
            selection.setCurrentIndex(target, flags.NoUpdate)
            self._anchor = row
        else:
            selection.setCurrentIndex(target, flags.ClearAndSelect)
            self._anchor = row
        self.scrollTo(target)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.indexAt(event.position().toPoint())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if index.isValid() and shift and event.button() == Qt.MouseButton.LeftButton:
            self.move_to(index.row(), extend=True, keep=bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            event.accept()
            return
        super().mousePressEvent(event)
        if index.isValid():
            self._anchor = index.row()

    def reset(self) -> None:
        self._anchor = None
        super().reset()


# -------------------------------------------------------------------------------------------- the delegate

class TileDelegate(QStyledItemDelegate):
    """Paints a tile: the thumbnail (as the model gives it: obscured at the examiner's level), and its badges."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.size = DEFAULT_TILE
        font = QFont(parent.font() if parent is not None else QFont())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.badge_font = font
        self._badge_metrics = QFontMetrics(font)
        self._texts = {
            "loading": self.tr("Loading…"),
            "none": self.tr("No thumbnail"),
            "deleted": self.tr("deleted"),
            "video": self.tr("▶ %1"),
            "reviewed": "✓",
        }

    def tile_size(self) -> QSize:
        """The tile: picture, padding and one line for the name."""
        text = self._text_height()
        return QSize(self.size + 2 * PADDING, self.size + 2 * PADDING + text)

    def _text_height(self) -> int:
        parent = self.parent()
        metrics = parent.fontMetrics() if isinstance(parent, QWidget) else QFontMetrics(QFont())
        return metrics.height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        return self.tile_size()

    def image_rect(self, tile_rect: QRect) -> QRect:
        """Where the picture box lies in a tile's rectangle."""
        return QRect(tile_rect.x() + PADDING, tile_rect.y() + PADDING, self.size, self.size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        palette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        box = self.image_rect(rect)
        painter.fillRect(box, palette.color(QPalette.ColorRole.Mid))
        tile: GalleryTile | None = index.data(TILE_ROLE)
        pixmap = index.data(THUMBNAIL_ROLE)
        if pixmap is None:
            pixmap = index.data(STAND_IN_ROLE)  # a more obscured one, never a clearer one
        if pixmap is None:
            self._centred_text(painter, box, self._texts["loading"], palette)
        elif pixmap.isNull():
            self._centred_text(painter, box, self._texts["none"], palette)
        else:
            target = QRect(QPoint(0, 0), pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio))
            target.moveCenter(box.center())
            painter.drawPixmap(target, pixmap)
        reviewed = bool(index.data(REVIEWED_ROLE))
        if tile is not None:
            self._badges(painter, box, tile, reviewed)
        elif reviewed:
            self._badge(painter, box.topRight() + QPoint(-3, 3), self._texts["reviewed"], _REVIEWED, right=True)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "") if tile is not None else ""  # masked when presenting
        text_rect = QRect(rect.x() + PADDING, box.bottom() + 2, rect.width() - 2 * PADDING, self._text_height())
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.setFont(option.font)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                         option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideMiddle, text_rect.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def _badges(self, painter: QPainter, box: QRect, tile: GalleryTile, reviewed: bool) -> None:
        if tile.examiner_category:  # the examiner's decision: a frame in its colour and a badge
            pen = QPen(category_colour(tile.examiner_category), 4)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box.adjusted(2, 2, -2, -2))
        elif tile.flagged:
            painter.setPen(QPen(_FLAGGED, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(box.adjusted(1, 1, -1, -1))
        left = box.topLeft() + QPoint(6, 6)
        if tile.hash_category:  # ≡ an exact hash hit, ≈ a perceptual one
            mark = "≡" if tile.hash_exact else "≈"
            left = self._badge(painter, left, f"{mark} {tile.hash_category}", category_colour(tile.hash_category))
        elif tile.hashsets:
            left = self._badge(painter, left, "≡" if tile.hash_exact else "≈", _BADGE_BACK)
        if tile.triage_score is not None and tile.triage_score >= SHOW_SCORE_FROM:
            text = f"{tile.triage_score:.2f}"
            self._badge(painter, left, ("⚑ " if tile.triage_score >= FLAG_SCORE else "") + text,
                        _FLAGGED if tile.triage_score >= FLAG_SCORE else _BADGE_BACK)
        right = box.topRight() + QPoint(-6, 6)
        if reviewed or tile.reviewed:
            right = self._badge(painter, right, self._texts["reviewed"], _REVIEWED, right=True)
        if tile.examiner_category:
            self._badge(painter, right, tile.examiner_category, category_colour(tile.examiner_category), right=True)
        height = self._badge_metrics.height() + 4
        bottom_left = QPoint(box.left() + 6, box.bottom() - 6 - height)
        if tile.deleted:
            bottom_left = self._badge(painter, bottom_left, "✕ " + self._texts["deleted"], _DELETED)
        if tile.kind == "video":
            self._badge(painter, bottom_left, self._texts["video"].replace("%1", str(tile.frames or 0)), _BADGE_BACK)
        if tile.copies > 1:
            self._badge(painter, QPoint(box.right() - 6, box.bottom() - 6 - height), f"×{tile.copies}",
                        _BADGE_BACK, right=True)

    def _badge(self, painter: QPainter, at: QPoint, text: str, colour: QColor, *, right: bool = False) -> QPoint:
        """A rounded label at ``at`` (its top-left, or top-right with ``right``); returns where the next one goes."""
        metrics = self._badge_metrics
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 4
        x = at.x() - width if right else at.x()
        rect = QRect(x, at.y(), width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(QColor("white"))
        painter.setFont(self.badge_font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        return QPoint(rect.left() - 4, at.y()) if right else QPoint(rect.right() + 4, at.y())

    @staticmethod
    def _centred_text(painter: QPainter, box: QRect, text: str, palette: QPalette) -> None:
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)


# ------------------------------------------------------------------------------------------------ the panel

class GalleryView(QWidget):
    """The gallery panel.

    Signals: ``current_item_changed(int | None)`` (the current tile's file id, for the viewers),
    ``selection_changed(list[int])`` (the selected tiles' files, stacks expanded), ``listing_changed(listing)`` once
    a listing is shown. Public: :meth:`show_only`, :meth:`show_all`, :meth:`refresh`, :meth:`current_id`,
    :meth:`selected_ids`, :meth:`set_grouping`, :meth:`select_group`, :meth:`next_unreviewed`,
    :meth:`set_tile_size`, :attr:`listing`.
    """

    current_item_changed = Signal(object)
    selection_changed = Signal(list)
    listing_changed = Signal(object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *,
                 registry: ShortcutRegistry | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("gallery")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self.exposure = exposure_of(session)
        self.thumbnails = ThumbnailLoader(case_thumbnail_reader(session.case), self)
        self.model = GalleryModel(session, self.thumbnails, self, size=DEFAULT_TILE, level=self.exposure.level)
        self._scope = GalleryScope()
        self._only_title = ""
        self._listing_job: Job | None = None
        self._loading = False
        self._keep: tuple[int | None, list[int]] | None = None
        self._message = ""
        self._error = ""
        self._build()
        self.categorise = Categoriser(session, self, self.selected_ids, self._registry, GALLERY_CONTEXT,
                                      action_prefix=ACTION_PREFIX, context_title=self.tr("Gallery"),
                                      details=self._decision_details)
        self.categorise.decided.connect(self._decided)
        self.categorise.landed.connect(self._landed)
        self.categorise.message.connect(self.show_message)
        self.categorise.failed.connect(self._failed)
        self.actions_by_id: dict[str, QAction] = dict(self.categorise.actions)
        self._registry.register(NEXT_UNREVIEWED_ACTION, self.tr("Next unreviewed tile"), "N", GALLERY_CONTEXT)
        self.actions_by_id[NEXT_UNREVIEWED_ACTION] = self._registry.bind(NEXT_UNREVIEWED_ACTION, self,
                                                                         self.next_unreviewed)
        self.next_button.setDefaultAction(self.actions_by_id[NEXT_UNREVIEWED_ACTION])
        self.exposure.changed.connect(self._exposure_changed)
        if load:
            self._list()

    def _build(self) -> None:
        self.grouping = QComboBox(self)
        self.grouping.setAccessibleName(self.tr("Group by"))
        for grouping, title in ((Grouping.NONE, self.tr("No grouping")), (Grouping.FOLDER, self.tr("Folder")),
                                (Grouping.HASHSET, self.tr("Hash set")),
                                (Grouping.CATEGORY, self.tr("Examiner's category")),
                                (Grouping.TRIAGE_BAND, self.tr("Triage band")),
                                (Grouping.NEAR_DUPLICATE, self.tr("Near-duplicate group"))):
            self.grouping.addItem(title, grouping.value)
        self.order = QComboBox(self)
        self.order.setAccessibleName(self.tr("Order"))
        self.order.addItem(self.tr("Path order"), Order.PATH.value)
        self.order.addItem(self.tr("Triage score, highest first"), Order.TRIAGE.value)
        self.unreviewed_only = QCheckBox(self.tr("Unreviewed only"), self)
        self.stack_copies = QCheckBox(self.tr("Stack same-hash copies"), self)
        self.stack_copies.setChecked(True)
        self.advance = QCheckBox(self.tr("Advance after deciding"), self)
        self.advance.setChecked(True)
        self.advance.setToolTip(self.tr("After a category key, go on to the next unreviewed tile"))
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(MIN_TILE, MAX_TILE)
        self.size_slider.setSingleStep(TILE_STEP)
        self.size_slider.setPageStep(TILE_STEP)
        self.size_slider.setTickInterval(TILE_STEP)
        self.size_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.size_slider.setValue(DEFAULT_TILE)
        self.size_slider.setMaximumWidth(160)
        self.size_slider.setAccessibleName(self.tr("Tile size"))
        self.size_label = QLabel(self)
        self.next_button = QToolButton(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        group_label = QLabel(self.tr("Group by:"), self)
        group_label.setBuddy(self.grouping)
        bar.addWidget(group_label)
        bar.addWidget(self.grouping)
        bar.addWidget(self.order)
        bar.addWidget(self.unreviewed_only)
        bar.addWidget(self.stack_copies)
        bar.addWidget(self.advance)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        size_label = QLabel(self.tr("Tile size:"), self)
        bar.addWidget(size_label)
        bar.addWidget(self.size_slider)
        bar.addWidget(self.size_label)

        self.chip = QWidget(self)  # "only these tiles" (similar pictures ...), with the way back
        self.chip_label = QLabel(self.chip)
        self.chip_label.setObjectName("gallery_only_label")
        self.back_button = QToolButton(self.chip)
        self.back_button.setText(self.tr("Show the whole gallery"))
        self.back_button.clicked.connect(self.show_all)
        chip_layout = QHBoxLayout(self.chip)
        chip_layout.setContentsMargins(0, 0, 0, 0)
        chip_layout.addWidget(self.chip_label)
        chip_layout.addWidget(self.back_button)
        chip_layout.addStretch(1)
        self.chip.setVisible(False)

        self.groups = QListWidget(self)
        self.groups.setObjectName("gallery_groups")
        self.groups.setAccessibleName(self.tr("Groups"))
        self.groups.setVisible(False)
        self.list = TileList(self)
        self.list.setObjectName("gallery_tiles")
        self.list.setAccessibleName(self.tr("Gallery tiles"))
        self.delegate = TileDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setModel(self.model)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._tile_menu)
        self._apply_tile_size(DEFAULT_TILE)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.groups)
        splitter.addWidget(self.list)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        self.status = QLabel(self)
        self.status.setObjectName("gallery_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.chip)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setFocusProxy(self.list)

        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)
        self._visible_timer.timeout.connect(self._retain_visible)
        self.list.viewport_changed.connect(self._visible_timer.start)
        self.model.modelReset.connect(self._visible_timer.start)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.grouping.currentIndexChanged.connect(lambda _i: self.set_grouping(Grouping(self.grouping.currentData())))
        self.order.currentIndexChanged.connect(lambda _i: self._change_scope(order=Order(self.order.currentData())))
        self.unreviewed_only.toggled.connect(lambda on: self._change_scope(unreviewed_only=on))
        self.stack_copies.toggled.connect(lambda on: self._change_scope(stack_duplicates=on))
        self.groups.currentItemChanged.connect(self._group_clicked)
        self.size_slider.valueChanged.connect(self.set_tile_size)

    # ------------------------------------------------------------------------------------------- the scope

    @property
    def listing(self) -> GalleryListing:
        """The listing shown (ids, stacks, groups, reviewed)."""
        return self.model.listing

    @property
    def scope(self) -> GalleryScope:
        return self._scope

    @property
    def only_title(self) -> str:
        """What :meth:`show_only` lists ("" for the whole gallery)."""
        return self._only_title

    @property
    def loading(self) -> bool:
        """Whether a listing is being read."""
        return self._loading

    def set_grouping(self, grouping: Grouping) -> None:
        """Group by ``grouping`` (every group shown: "All")."""
        grouping = Grouping(grouping)
        index = self.grouping.findData(grouping.value)
        if index >= 0 and index != self.grouping.currentIndex():
            self.grouping.blockSignals(True)
            self.grouping.setCurrentIndex(index)
            self.grouping.blockSignals(False)
        self.groups.setVisible(grouping is not Grouping.NONE)
        self._change_scope(grouping=grouping, group=None)

    def select_group(self, key: str | None) -> None:
        """List only the group ``key`` of the grouping (None: all)."""
        self._change_scope(group=key)

    def set_unreviewed_only(self, on: bool) -> None:
        self.unreviewed_only.setChecked(on)

    def set_order(self, order: Order) -> None:
        self.order.setCurrentIndex(self.order.findData(Order(order).value))

    def show_only(self, ids: Sequence[int], title: str) -> None:
        """List only ``ids`` in their order (similar pictures, a selection from elsewhere); the chip above the
        tiles says so and leads back."""
        self._only_title = title
        self.chip_label.setText(self.tr("Showing only: %1 (%2)").replace("%1", title).replace(
            "%2", str(len(ids))))
        self.chip.setVisible(True)
        self._change_scope(only_ids=tuple(int(file_id) for file_id in ids), group=None)

    def show_all(self) -> None:
        """Back from :meth:`show_only` to the whole gallery (of the grouping)."""
        self._only_title = ""
        self.chip.setVisible(False)
        self._change_scope(only_ids=None)

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: names and paths masked (the pictures follow the exposure policy: STRONG)."""
        from heroes_desktop.gui.exposure import mask_text

        self.model.set_masking(mask_text if enabled else None)
        self.list.viewport().update()

    def shutdown(self) -> None:
        """Before the case closes: no thumbnail read left running against it."""
        self.thumbnails.shutdown()

    def refresh(self) -> None:
        """List again (new files landed, tags changed), keeping the current tile and the selection."""
        self._list()

    def _change_scope(self, **changes: Any) -> None:
        scope = replace(self._scope, **changes)
        if scope != self._scope:
            self._scope = scope
            self._list()

    def _list(self) -> Job:
        if self._listing_job is not None:
            self._listing_job.cancel()
        self._keep = (self.current_id(), self.selected_tile_ids()[:KEEP_SELECTED])
        scope, case = self._scope, self._session.case
        self._loading = True
        self._set_status(self.tr("Reading the gallery…"))

        def done(listing: GalleryListing) -> None:
            self._listing_job = None
            self._loading = False
            self._show(listing)

        def failed(error: BaseException) -> None:
            self._listing_job = None
            self._loading = False
            if isinstance(error, UsageError) and scope.group is not None:  # the group is gone (tags changed)
                self._scope = replace(self._scope, group=None)
                self._list()
                return
            if not isinstance(error, (UsageError, ValueError)):
                report_unexpected(error, "gallery: listing")
            self._error = user_message(error)
            self._set_status(None)

        self._listing_job = self._session.jobs.read("gallery: listing", lambda: list_gallery(case, scope), done,
                                                    failed)
        return self._listing_job

    def _show(self, listing: GalleryListing) -> None:
        keep, self._keep = self._keep, None
        self.model.set_listing(listing)
        self._show_groups(listing.groups)
        self._error = ""
        self._restore(keep)
        self._set_status(None)
        self.listing_changed.emit(listing)
        self._selection_changed()

    def _restore(self, keep: tuple[int | None, list[int]] | None) -> None:
        model, selection = self.model, self.list.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        if not model.rowCount():
            self.current_item_changed.emit(None)
            return
        current_id, selected = keep if keep is not None else (None, [])
        chosen = QItemSelection()
        for file_id in selected:
            row = model.row_of(file_id)
            if row >= 0:
                chosen.select(model.index(row), model.index(row))
        row = model.row_of(current_id) if current_id is not None else -1
        if row < 0:
            row = 0
            if chosen.isEmpty():
                chosen.select(model.index(0), model.index(0))
        selection.setCurrentIndex(model.index(row), flags.NoUpdate)
        selection.select(chosen, flags.ClearAndSelect)
        self.list._anchor = row  # noqa: SLF001 - the view's own list
        self.list.scrollTo(model.index(row))
        self._current_changed(model.index(row), QModelIndex())

    # ------------------------------------------------------------------------------------------- the groups

    def _show_groups(self, groups: Sequence[GalleryGroup]) -> None:
        self.groups.blockSignals(True)
        self.groups.clear()
        if self._scope.grouping is not Grouping.NONE:
            everything = QListWidgetItem(self.tr("All"))
            everything.setData(Qt.ItemDataRole.UserRole, None)
            everything.setToolTip(self.tr("Every group"))
            self.groups.addItem(everything)
            for group in groups:
                title = self.group_title(self._scope.grouping, group)
                item = QListWidgetItem(self.tr("%1 — %2 (%3 unreviewed)").replace("%1", title).replace(
                    "%2", str(group.count)).replace("%3", str(group.unreviewed)))
                item.setData(Qt.ItemDataRole.UserRole, group.key)
                item.setToolTip(title)
                self.groups.addItem(item)
            for row in range(self.groups.count()):
                if self.groups.item(row).data(Qt.ItemDataRole.UserRole) == self._scope.group:
                    self.groups.setCurrentRow(row)
                    break
        self.groups.blockSignals(False)

    def group_title(self, grouping: Grouping, group: GalleryGroup) -> str:
        """A group's title in the window's language."""
        key = group.key
        if key == NO_GROUP:
            titles = {Grouping.HASHSET: self.tr("No hash-set match"), Grouping.CATEGORY: self.tr("Not categorised"),
                      Grouping.NEAR_DUPLICATE: self.tr("No near duplicate")}
            return titles.get(grouping, self.tr("(none)"))
        if grouping is Grouping.TRIAGE_BAND:
            flag = f"{FLAG_SCORE:.2f}"
            return {"high": self.tr("Triage ≥ 0.70"),
                    "flagged": self.tr("Triage %1–0.70").replace("%1", flag),
                    "low": self.tr("Triage 0.10–%1").replace("%1", flag),
                    "none": self.tr("Triage < 0.10")}.get(key, group.title)
        if grouping is Grouping.NEAR_DUPLICATE:
            return self.tr("Near-duplicate group %1").replace("%1", key)
        if grouping is Grouping.CATEGORY and key in CATEGORIES:
            return f"{key} ({QCoreApplication.translate('Categories', CATEGORIES[key])})"
        return group.title

    def group_keys(self) -> list[str | None]:
        """The keys in the groups list, "All" (None) first."""
        return [self.groups.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.groups.count())]

    def _group_clicked(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.select_group(item.data(Qt.ItemDataRole.UserRole))

    # ------------------------------------------------------------------------------------- tiles and size

    @property
    def tile_size(self) -> int:
        return self.model.thumbnail_size

    def set_tile_size(self, size: int) -> None:
        """Tiles of ``size`` px pictures (256–384, in steps of 32)."""
        size = max(MIN_TILE, min(MAX_TILE, MIN_TILE + round((int(size) - MIN_TILE) / TILE_STEP) * TILE_STEP))
        if self.size_slider.value() != size:
            self.size_slider.blockSignals(True)
            self.size_slider.setValue(size)
            self.size_slider.blockSignals(False)
        if size != self.model.thumbnail_size:
            self._apply_tile_size(size)
            self.model.set_thumbnail_size(size)
            current = self.list.currentIndex()
            if current.isValid():
                self.list.scrollTo(current)
            self._visible_timer.start()

    def _apply_tile_size(self, size: int) -> None:
        self.delegate.size = size
        tile = self.delegate.tile_size()
        self.list.setGridSize(QSize(tile.width() + GAP, tile.height() + GAP))
        self.size_label.setText(self.tr("%1 px").replace("%1", str(size)))

    def _retain_visible(self) -> None:
        """Drop the thumbnail requests of tiles no longer on screen."""
        rows = self.list.visible_rows()
        if not rows and self.model.rowCount():
            return  # not laid out yet
        self.thumbnails.retain({self.model.thumbnail_key(row) for row in rows})

    def visible_ids(self) -> list[int]:
        """The file ids of the tiles on screen."""
        return [self.model.file_id(row) for row in self.list.visible_rows()]

    def _exposure_changed(self, _revealed: bool) -> None:
        self.model.set_obscure_level(self.exposure.level)
        self.list.viewport().update()
        self._visible_timer.start()

    # ---------------------------------------------------------------------------------- current, selection

    def current_id(self) -> int | None:
        """The current tile's file id (a stack's first copy), or None."""
        current = self.list.currentIndex()
        return self.model.file_id(current.row()) if current.isValid() else None

    def selected_tile_ids(self) -> list[int]:
        """The selected tiles' ids, in reading order (a stack once, by its first copy)."""
        rows: set[int] = set()  # from the selection's ranges: a select-all is one range, not an index per tile
        for selected in self.list.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        count = self.model.rowCount()
        return [self.model.file_id(row) for row in sorted(rows) if row < count]

    def selected_ids(self) -> list[int]:
        """Every file the selected tiles stand for (a stack's copies too), in reading order."""
        listing = self.model.listing
        return [member for tile in self.selected_tile_ids() for member in listing.members(tile)]

    def set_current(self, file_id: int, *, select: bool = True) -> bool:
        """Make ``file_id``'s tile current (and the only one selected); False when it is not listed."""
        row = self.model.row_of(file_id)
        if row < 0:
            return False
        if select:
            self.list.move_to(row)
        else:
            self.list.move_to(row, keep=True)
        return True

    def select_rows(self, first: int, last: int | None = None) -> None:
        """Select the tiles ``first``..``last`` in reading order, ``first`` current (a test and menu helper)."""
        last = first if last is None else last
        self.list.move_to(first)
        if last != first:
            self.list.move_to(last, extend=True)

    def _selection_changed(self, *_args: Any) -> None:
        self.selection_changed.emit(self.selected_ids())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_item_changed.emit(self.model.file_id(current.row()) if current.isValid() else None)

    def next_unreviewed(self) -> int | None:
        """Go to the next tile not reviewed yet (wrapping round); its id, or None (and a message) when none."""
        found = next_unreviewed(self.model.listing, self.current_id())
        if found is None:
            self.show_message(self.tr("Every tile listed here is reviewed"))
            return None
        self.set_current(found)
        return found

    # ------------------------------------------------------------------------------------------ decisions

    def _decision_details(self, file_ids: list[int]) -> dict[int, dict[str, Any]]:
        """A copy in a stack is decided from the tile seen: its custody event says so."""
        listing, wanted = self.model.listing, set(file_ids)
        details: dict[int, dict[str, Any]] = {}
        for tile in self.selected_tile_ids():
            for member in listing.members(tile):
                if member != tile and member in wanted:
                    details[member] = {"via": "same-hash stack", "carried_from": tile}
        return details

    def _decided(self, file_ids: list[int], label: str) -> None:
        if not _is_category(label):
            return  # a bookmark is not a decision on the tile
        self.model.mark_reviewed(file_ids)
        self._set_status(None)
        if self.advance.isChecked():
            found = next_unreviewed(self.model.listing, self.current_id())
            if found is not None:
                self.set_current(found)

    def _landed(self, file_ids: list[int], label: str, undone: bool) -> None:
        if undone:
            self.refresh()  # what is reviewed now is the case's to say
            return
        if _is_category(label):
            self.model.mark_reviewed(file_ids)  # a redo decides again
        else:
            self.model.refresh_tiles(file_ids)
        self._set_status(None)

    def _failed(self, message: str) -> None:
        self.show_error(message)
        self.refresh()

    # -------------------------------------------------------------------------------------------- status

    def show_message(self, text: str) -> None:
        self._message = text
        self._set_status(None)

    def show_error(self, text: str) -> None:
        self._error = text
        self._set_status(None)

    @property
    def error(self) -> str:
        return self._error

    def _set_status(self, text: str | None) -> None:
        if text is None:
            listing = self.model.listing
            text = self.tr("Tiles: %1 · files: %2 · not reviewed: %3").replace("%1", str(len(listing.ids))).replace(
                "%2", str(listing.total_items)).replace("%3", str(listing.unreviewed))
        parts = [text]
        if self._message:
            parts.append(self._message)
        if self._error:
            parts.append(self.tr("Error: %1").replace("%1", self._error))
        self.status.setText("  ·  ".join(part for part in parts if part))

    def _tile_menu(self, position: QPoint) -> None:
        self.tile_menu().popup(self.list.viewport().mapToGlobal(position))

    def tile_menu(self) -> QMenu:
        """Categorise, bookmark, undo and next unreviewed, with their keys."""
        menu = QMenu(self)
        for action in self.categorise.actions.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.actions_by_id[NEXT_UNREVIEWED_ACTION])
        return menu
