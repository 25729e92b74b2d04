"""The gallery's model: one row per tile of a :class:`~heroes_desktop.review.gallery.GalleryListing` (a stack of
same-hash copies is one tile), its badges read in pages when painted and its thumbnail from a
:class:`~heroes_desktop.gui.thumbnails.ThumbnailLoader`.

The listing is ids only, so a hundred thousand tiles cost a list of ints. A tile's badges
(:func:`~heroes_desktop.review.gallery.gallery_tiles`) are read a page (``PAGE_TILES``) at a time through
``session.jobs.read`` when the view first asks for one of its tiles; a page marked stale (a tag changed its badges)
keeps showing what it had until the new one lands, so a tile never blinks back to a placeholder. Thumbnails are
asked for only through :data:`THUMBNAIL_ROLE`, which only the delegate asks for, so only painted tiles load one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QCoreApplication, QLocale, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, Signal)

from heroes_desktop.gui.errors import report_unexpected
from heroes_desktop.gui.exposure import ObscureLevel
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.thumbnails import ThumbnailLoader
from heroes_desktop.review.gallery import GalleryListing, GalleryTile, gallery_tiles

PAGE_TILES = 120
CACHED_PAGES = 64
PAGES_IN_FLIGHT = 2
QUEUED_PAGES = 6
DEFAULT_SIZE = 256

FILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the tile's file id (a stack's first copy)
TILE_ROLE = Qt.ItemDataRole.UserRole + 2  # its GalleryTile (badges), None until its page arrived
THUMBNAIL_ROLE = Qt.ItemDataRole.UserRole + 3  # QPixmap at the model's size and level; None while it loads
REVIEWED_ROLE = Qt.ItemDataRole.UserRole + 4  # every copy carries an examiner's category
MEMBERS_ROLE = Qt.ItemDataRole.UserRole + 5  # every file the tile stands for, itself first
STAND_IN_ROLE = Qt.ItemDataRole.UserRole + 6  # a more obscured pixmap to show while THUMBNAIL_ROLE loads

Index = QModelIndex | QPersistentModelIndex


class GalleryModel(QAbstractListModel):
    """Tiles of a listing. Signals: ``listing_changed(listing)`` after :meth:`set_listing`; ``tiles_loaded(first,
    last)`` when a page of badges arrives."""

    listing_changed = Signal(object)
    tiles_loaded = Signal(int, int)

    def __init__(self, session: CaseSession, loader: ThumbnailLoader, parent: QObject | None = None, *,
                 size: int = DEFAULT_SIZE, level: int = ObscureLevel.DEFAULT) -> None:
        super().__init__(parent)
        self._mask: Callable[[str | None], str] | None = None  # presentation-safe mode
        self._session = session
        self._loader = loader
        self._size = int(size)
        self._level = int(level)
        self._listing = GalleryListing([])
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._tile_of: dict[int, int] = {}  # a stacked copy -> its tile
        self._pages: OrderedDict[int, dict[int, GalleryTile]] = OrderedDict()
        self._stale: set[int] = set()
        self._in_flight: dict[int, Job] = {}
        self._queued: OrderedDict[int, None] = OrderedDict()
        self._generation = 0
        loader.loaded.connect(self._thumbnail_loaded)

    # -------------------------------------------------------------------------------------------- the listing

    @property
    def listing(self) -> GalleryListing:
        return self._listing

    @property
    def ids(self) -> list[int]:
        """The tiles' file ids in row order (do not change it)."""
        return self._ids

    def set_listing(self, listing: GalleryListing) -> None:
        """Show ``listing``'s tiles (a reset: badges are read again as the tiles are painted)."""
        self.beginResetModel()
        self._drop_pages()
        self._listing = listing
        self._ids = list(listing.ids)
        self._row_of = {file_id: row for row, file_id in enumerate(self._ids)}
        self._tile_of = {member: tile for tile, members in listing.stacks.items() for member in members}
        self.endResetModel()
        self.listing_changed.emit(listing)

    def row_of(self, file_id: int) -> int:
        """The row of the tile ``file_id`` stands for (its own, or its stack's), or -1."""
        file_id = int(file_id)
        row = self._row_of.get(self._tile_of.get(file_id, file_id))
        return -1 if row is None else row

    def file_id(self, row: int) -> int:
        return self._ids[row]

    def members(self, row: int) -> list[int]:
        return self._listing.members(self._ids[row])

    def mark_reviewed(self, file_ids: Iterable[int]) -> None:
        """The examiner categorised these files: their tiles show reviewed now, and their badges are read again."""
        ids = list(file_ids)
        self._listing.mark_reviewed(ids)
        self.refresh_tiles(ids)

    def refresh_tiles(self, file_ids: Iterable[int]) -> None:
        """Read the badges of these files' tiles again (they keep what they show until the new ones land)."""
        rows = sorted({row for row in (self.row_of(file_id) for file_id in file_ids) if row >= 0})
        for row in rows:
            self._stale.add(row // PAGE_TILES)
        for first, last in _runs(rows):
            self.dataChanged.emit(self.index(first), self.index(last), [REVIEWED_ROLE, TILE_ROLE, _TOOLTIP])

    # ----------------------------------------------------------------------------------- size and obscuring

    @property
    def thumbnail_size(self) -> int:
        return self._size

    def set_thumbnail_size(self, size: int) -> None:
        if int(size) != self._size:
            self._size = int(size)
            self._thumbnails_changed()

    @property
    def obscure_level(self) -> int:
        return self._level

    def set_obscure_level(self, level: int) -> None:
        """The level thumbnails are asked for at (the examiner's exposure policy): every tile is drawn again."""
        if int(level) != self._level:
            self._level = int(level)
            self._thumbnails_changed()

    def thumbnail_key(self, row: int) -> tuple[int, int, int]:
        return (self._ids[row], self._size, self._level)

    def _thumbnails_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1), [THUMBNAIL_ROLE, STAND_IN_ROLE])

    def _thumbnail_loaded(self, file_id: int, size: int, level: int) -> None:
        if (size, level) != (self._size, self._level):
            return
        row = self._row_of.get(file_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [THUMBNAIL_ROLE])

    # -------------------------------------------------------------------------------------------- the badges

    def tile(self, row: int) -> GalleryTile | None:
        """The tile's badges if read (asking for its page when not, or when stale), else None."""
        page = row // PAGE_TILES
        cached = self._pages.get(page)
        if cached is None or page in self._stale:
            self._want(page)
        if cached is None:
            return None
        self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def tile_loaded(self, row: int) -> bool:
        page = row // PAGE_TILES
        return page in self._pages and page not in self._stale

    def _want(self, page: int) -> None:
        if page in self._in_flight:
            return
        self._queued[page] = None
        self._queued.move_to_end(page)
        while len(self._queued) > QUEUED_PAGES:
            self._queued.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        while self._queued and len(self._in_flight) < PAGES_IN_FLIGHT:
            page, _ = self._queued.popitem(last=True)
            self._fetch(page)

    def _fetch(self, page: int) -> None:
        generation = self._generation
        first = page * PAGE_TILES
        ids = self._ids[first:first + PAGE_TILES]
        case, listing = self._session.case, self._listing
        self._stale.discard(page)

        def done(tiles: dict[int, GalleryTile]) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            self._pages[page] = tiles
            self._pages.move_to_end(page)
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            if ids:
                last = first + len(ids) - 1
                self.dataChanged.emit(self.index(first), self.index(last),
                                      [TILE_ROLE, REVIEWED_ROLE, _DISPLAY, _TOOLTIP])
                self.tiles_loaded.emit(first, last)
            self._pump()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._in_flight.pop(page, None)
            self._pages[page] = {}  # shown without badges; the error goes to the crash log, not a loop
            report_unexpected(error, "gallery: reading tiles")
            self._pump()

        self._in_flight[page] = self._session.jobs.read("gallery: tiles", lambda: gallery_tiles(case, ids, listing),
                                                        done, failed)

    def _drop_pages(self) -> None:
        self._generation += 1
        for job in self._in_flight.values():
            job.cancel()
        self._in_flight.clear()
        self._queued.clear()
        self._pages.clear()
        self._stale.clear()

    @property
    def loading(self) -> bool:
        """Whether a page of badges is being read."""
        return bool(self._in_flight or self._queued)

    # --------------------------------------------------------------------------------------- the Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _TILE_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        role = int(role)
        if role == _FILE_ID:
            return self._ids[row]
        if role == _THUMBNAIL:
            return self._loader.pixmap(self._ids[row], self._size, self._level)
        if role == _STAND_IN:
            return self._loader.stand_in(self._ids[row], self._size, self._level)
        if role == _REVIEWED:
            return self._ids[row] in self._listing.reviewed
        if role == _MEMBERS:
            return self._listing.members(self._ids[row])
        if role not in (_TILE, _DISPLAY, _TOOLTIP, _ACCESSIBLE):
            return None
        tile = self.tile(row)
        if role == _TILE:
            return tile
        if tile is None:
            return "" if role == _DISPLAY else None
        mask = self._mask
        if role == _DISPLAY:
            return mask(tile.name) if mask is not None else tile.name
        reviewed = self._ids[row] in self._listing.reviewed
        if role == _TOOLTIP:
            return mask(tile.path) if mask is not None else tile_tooltip(tile, reviewed)
        return tile_summary(tile, reviewed)

    def set_masking(self, mask: Callable[[str | None], str] | None) -> None:
        """Presentation-safe mode: names and paths through ``mask`` (None: shown again)."""
        self._mask = mask
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1), [_DISPLAY, _TOOLTIP])


def tile_tooltip(tile: GalleryTile, reviewed: bool) -> str:
    """What a tile's tooltip says: path, size, dimensions, and every badge in words."""
    translate = QCoreApplication.translate
    locale = QLocale()
    lines = [tile.path]
    facts = [translate("GalleryModel", "%1 bytes").replace("%1", locale.toString(tile.size))]
    if tile.width and tile.height:
        facts.append(f"{tile.width} × {tile.height}")
    if tile.kind == "video":
        facts.append(translate("GalleryModel", "video, %1 key frames").replace("%1", str(tile.frames or 0)))
    lines.append(", ".join(facts))
    if tile.copies > 1:
        lines.append(translate("GalleryModel", "%1 copies with the same SHA-256").replace("%1", str(tile.copies)))
    if tile.deleted:
        lines.append(translate("GalleryModel", "Deleted"))
    if tile.hash_category:
        how = (translate("GalleryModel", "exact hash") if tile.hash_exact
               else translate("GalleryModel", "perceptual hash"))
        lines.append(translate("GalleryModel", "Hash-set hit: %1 (%2) in %3").replace("%1", tile.hash_category)
                     .replace("%2", how).replace("%3", "; ".join(tile.hashsets)))
    elif tile.hashsets:
        lines.append(translate("GalleryModel", "Hash sets: %1").replace("%1", "; ".join(tile.hashsets)))
    if tile.examiner_category:
        lines.append(translate("GalleryModel", "Examiner's category: %1").replace("%1", tile.examiner_category))
    if tile.triage_score is not None:
        lines.append(translate("GalleryModel", "Triage score: %1").replace(
            "%1", locale.toString(float(tile.triage_score), "f", 2)))
    else:
        lines.append(translate("GalleryModel", "Triage score: not analysed"))
    if tile.suggested_category:
        lines.append(translate("GalleryModel", "Suggested (not a decision): %1").replace(
            "%1", tile.suggested_category))
    lines.append(translate("GalleryModel", "Reviewed") if reviewed else translate("GalleryModel", "Not reviewed yet"))
    if not tile.has_thumbnail:
        lines.append(translate("GalleryModel", "No thumbnail"))
    return "\n".join(lines)


def tile_summary(tile: GalleryTile, reviewed: bool) -> str:
    """A tile in one line, for screen readers."""
    return tile_tooltip(tile, reviewed).replace("\n", "; ")


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [(first, last) for first, last in runs]


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_FILE_ID = int(FILE_ID_ROLE)
_TILE = int(TILE_ROLE)
_THUMBNAIL = int(THUMBNAIL_ROLE)
_REVIEWED = int(REVIEWED_ROLE)
_MEMBERS = int(MEMBERS_ROLE)
_STAND_IN = int(STAND_IN_ROLE)
_TILE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
