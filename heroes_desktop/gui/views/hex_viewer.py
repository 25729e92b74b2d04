"""The hex viewer: an item's bytes, sixteen to a row, read on demand in pages through the background jobs (never
the whole item, never on the GUI thread); find bytes or text (UTF-8 and UTF-16LE) forward or back, go to an offset.
Items over 1 GiB are shown a gigabyte at a time (Qt measures a view's height in 32-bit pixels); go-to and find
move the window.

The model holds a small cache of pages; a page not yet read shows a placeholder until it arrives. A search reads
the item in chunks in a read job and can be stopped (Esc) at any time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job, Jobs

BYTES_PER_ROW = 16
PAGE_BYTES = 16 * 1024  # one read job: 1024 rows, a few screens
CACHE_PAGES = 256  # 4 MiB of an item kept in memory
SCAN_CHUNK = 1 << 20  # a search reads 1 MiB at a time
WINDOW_BYTES = 2**30  # rows of at most 1 GiB at a time: Qt's views measure their height in 32-bit pixels
PLACEHOLDER = "··"
TEXT_COLUMN = BYTES_PER_ROW

# Roles as plain ints: comparing PySide6's enum members costs tens of microseconds, and data() runs per cell.
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
ALIGN_TEXT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
ALIGN_BYTE = int(Qt.AlignmentFlag.AlignCenter.value)

Reader = Callable[[int, int], bytes]  # (offset, length) -> bytes, safe to call from a worker thread
Index = QModelIndex | QPersistentModelIndex


HEX = [f"{byte:02X}" for byte in range(256)]


def _role(role: object) -> int:
    return role if type(role) is int else int(getattr(role, "value", role))  # type: ignore[arg-type]


def printable(data: bytes) -> str:
    """The text column: printable ASCII as itself, everything else as a dot."""
    return "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in data)


def parse_offset(text: str) -> int:
    """An offset as an examiner types it: decimal (``4096``), or hexadecimal with ``0x`` or a trailing ``h``."""
    value = text.strip().replace("_", "").replace(",", "")
    if not value:
        raise ValueError("type an offset, e.g. 4096 or 0x1000")
    try:
        if value.lower().startswith("0x"):
            return int(value[2:], 16)
        if value.lower().endswith("h"):
            return int(value[:-1], 16)
        return int(value, 10)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not an offset: use decimal (4096) or hexadecimal (0x1000)") from None


def parse_hex(text: str) -> bytes:
    """Bytes typed as hex: ``4D 5A``, ``4d5a90``, ``0x4d 0x5a`` or ``4D-5A``."""
    cleaned = text.replace("0x", "").replace("0X", "")
    for separator in " ,-:\t":
        cleaned = cleaned.replace(separator, "")
    if not cleaned:
        raise ValueError("type the bytes to find as hex, e.g. 4D 5A")
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not hex bytes: use pairs of hex digits, e.g. 4D 5A 90") from None


def text_patterns(text: str) -> list[bytes]:
    """What a typed text looks like on disk: UTF-8 (ASCII included) and UTF-16LE (Windows strings)."""
    return list(dict.fromkeys([text.encode("utf-8"), text.encode("utf-16-le")]))


@dataclass(frozen=True)
class Found:
    offset: int
    length: int


def find_bytes(read: Reader, size: int, patterns: list[bytes], start: int, forward: bool = True,
               fold_case: bool = False, cancelled: threading.Event | None = None) -> Found | None:
    """The first occurrence of any pattern at or after ``start`` (forward) or before it (backward), reading
    ``SCAN_CHUNK`` bytes at a time with an overlap so a match across two chunks is found; ``fold_case`` ignores
    the case of ASCII letters. Runs in a read job; stops early when ``cancelled`` is set."""
    patterns = [p.lower() if fold_case else p for p in patterns if p]
    if not patterns or size <= 0:
        return None
    longest = max(len(p) for p in patterns)
    if forward:
        position = max(0, start)
        while position < size:
            if cancelled is not None and cancelled.is_set():
                return None
            chunk = read(position, min(SCAN_CHUNK + longest - 1, size - position))
            if not chunk:
                return None
            haystack = chunk.lower() if fold_case else chunk
            hits = [(haystack.find(p), len(p)) for p in patterns]
            hits = [(at, length) for at, length in hits if at >= 0]
            if hits:
                at, length = min(hits)
                return Found(position + at, length)
            position += SCAN_CHUNK
        return None
    end = min(size, max(0, start))  # search in [0, end): the match starts before ``start``
    while end > 0:
        if cancelled is not None and cancelled.is_set():
            return None
        begin = max(0, end - SCAN_CHUNK)
        chunk = read(begin, min(size, end + longest - 1) - begin)
        haystack = chunk.lower() if fold_case else chunk
        hits = [(haystack.rfind(p, 0, end - begin + len(p) - 1), len(p)) for p in patterns]
        hits = [(at, length) for at, length in hits if 0 <= at < end - begin]
        if hits:
            at, length = max(hits)
            return Found(begin + at, length)
        end = begin
    return None


class HexModel(QAbstractTableModel):
    """Rows of sixteen bytes and their text, over an item read in pages on demand through ``jobs.read``."""

    read_failed = Signal(str)

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._read: Reader | None = None
        self._size = 0
        self._pages: OrderedDict[int, bytes] = OrderedDict()
        self._failed: dict[int, str] = {}
        self._pending: dict[int, Job] = {}
        self._generation = 0
        self._rows = 0
        self._base = 0

    # -- the item -----------------------------------------------------------------------------------------------

    def set_source(self, read: Reader | None, size: int) -> None:
        """Show another item (``read`` None: nothing); pages of the previous one still in flight are dropped."""
        self.beginResetModel()
        for job in self._pending.values():
            job.cancel()
        self._pending.clear()
        self._pages.clear()
        self._failed.clear()
        self._generation += 1
        self._read = read
        self._size = max(0, size) if read is not None else 0
        self._base = 0
        self._rows = self._rows_from(0)
        self.endResetModel()

    def _rows_from(self, base: int) -> int:
        return (min(self._size - base, WINDOW_BYTES) + BYTES_PER_ROW - 1) // BYTES_PER_ROW

    @property
    def base(self) -> int:
        """The offset of the first row: items over 1 GiB are shown a 1 GiB window at a time."""
        return self._base

    def window_of(self, offset: int) -> int:
        return (offset // WINDOW_BYTES) * WINDOW_BYTES

    def set_window(self, base: int) -> None:
        """Show the 1 GiB of the item that starts at ``base`` (a multiple of WINDOW_BYTES); pages read stay."""
        base = self.window_of(max(0, min(base, max(0, self._size - 1))))
        if base == self._base:
            return
        self.beginResetModel()
        self._base = base
        self._rows = self._rows_from(base)
        self.endResetModel()

    @property
    def size(self) -> int:
        return self._size

    @property
    def reader(self) -> Reader | None:
        return self._read

    def byte_at(self, offset: int) -> int | None:
        """The byte at ``offset`` when its page has arrived (for tests and the status line), else None."""
        page = self._pages.get(offset // PAGE_BYTES)
        if page is None or offset - (offset // PAGE_BYTES) * PAGE_BYTES >= len(page):
            return None
        return page[offset % PAGE_BYTES]

    def page_loaded(self, offset: int) -> bool:
        return offset // PAGE_BYTES in self._pages

    def offset_of(self, row: int, column: int) -> int:
        return self._base + row * BYTES_PER_ROW + min(column, BYTES_PER_ROW - 1)

    def cell_of(self, offset: int) -> tuple[int, int]:
        """(row, column) of ``offset`` in the window shown (the row may fall outside it)."""
        return (offset - self._base) // BYTES_PER_ROW, (offset - self._base) % BYTES_PER_ROW

    # -- the model ----------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else BYTES_PER_ROW + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if _role(role) != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == TEXT_COLUMN:
                return self.tr("Text")
            return f"{section:02X}" if 0 <= section < BYTES_PER_ROW else None
        if 0 <= section < self._rows:
            return f"{self._base + section * BYTES_PER_ROW:010X}"
        return None

    def data(self, index: Index, role: int = DISPLAY) -> object:
        role = _role(role)
        if role == DISPLAY or role == ACCESSIBLE:
            pass
        elif role == ALIGNMENT:
            return ALIGN_TEXT if index.column() == TEXT_COLUMN else ALIGN_BYTE
        elif role == TOOLTIP:
            offset = self.offset_of(index.row(), index.column())
            return self.tr("offset {0} (0x{1:X})").format(offset, offset) if offset < self._size else None
        else:
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < self._rows or not 0 <= column <= TEXT_COLUMN:
            return None
        start = self._base + row * BYTES_PER_ROW
        if column < BYTES_PER_ROW and start + column >= self._size:
            return ""
        number = start // PAGE_BYTES
        page = self._pages.get(number)
        if page is None:
            if number in self._failed:
                return "??" if column < BYTES_PER_ROW else ""
            self._request(number)
            return PLACEHOLDER if column < BYTES_PER_ROW else ""
        within = start - number * PAGE_BYTES
        if column == TEXT_COLUMN:
            self._pages.move_to_end(number)
            return printable(page[within:within + BYTES_PER_ROW])
        if within + column >= len(page):
            return ""
        return HEX[page[within + column]]

    # -- pages ---------------------------------------------------------------------------------------------------

    def _request(self, number: int) -> None:
        if number in self._pending or self._read is None:
            return
        read, generation = self._read, self._generation
        offset = number * PAGE_BYTES
        length = min(PAGE_BYTES, self._size - offset)
        self._pending[number] = self._jobs.read(
            "hex page", lambda: read(offset, length),
            on_done=lambda data: self._arrived(generation, number, data),
            on_error=lambda error: self._failed_page(generation, number, error))

    def _arrived(self, generation: int, number: int, data: bytes) -> None:
        if generation != self._generation:
            return
        self._pending.pop(number, None)
        self._pages[number] = bytes(data)
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        self._changed(number)

    def _failed_page(self, generation: int, number: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending.pop(number, None)
        self._failed[number] = user_message(error)
        self._changed(number)
        self.read_failed.emit(self._failed[number])

    def _changed(self, number: int) -> None:
        rows = self._rows
        first = (number * PAGE_BYTES - self._base) // BYTES_PER_ROW
        last = min(rows - 1, ((number + 1) * PAGE_BYTES - 1 - self._base) // BYTES_PER_ROW)
        if rows and 0 <= first < rows:
            self.dataChanged.emit(self.index(first, 0), self.index(last, TEXT_COLUMN), [DISPLAY, ACCESSIBLE])


class HexViewer(QWidget):
    """Offsets, hex and text of the selected item, with Find (Ctrl+F, F3 / Shift+F3) and Go to offset (Ctrl+G)."""

    position_changed = Signal(object)  # the offset of the current cell (may exceed 32 bits)

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._search_job: Job | None = None
        self._stop = threading.Event()
        self.model = HexModel(jobs, self)
        self.model.read_failed.connect(lambda message: self._say(self.tr("Cannot read: {0}").format(message)))

        self.goto_edit = QLineEdit(self)
        self.goto_edit.setPlaceholderText(self.tr("Go to offset (4096 or 0x1000)"))
        self.goto_edit.setAccessibleName(self.tr("Go to offset"))
        self.goto_edit.returnPressed.connect(self._go_to_typed)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(self.tr("Find"))
        self.find_edit.setAccessibleName(self.tr("Find bytes or text"))
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_mode = QComboBox(self)
        self.find_mode.addItem(self.tr("Text"), "text")
        self.find_mode.addItem(self.tr("Hex bytes"), "hex")
        self.match_case = QCheckBox(self.tr("Match case"), self)
        self.next_button = QPushButton(self.tr("Find next"), self)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button = QPushButton(self.tr("Find previous"), self)
        self.previous_button.clicked.connect(self.find_previous)
        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.window_label = QLabel(self)
        self.previous_window = QPushButton(self.tr("Previous GiB"), self)
        self.previous_window.clicked.connect(lambda: self.show_window(-1))
        self.next_window = QPushButton(self.tr("Next GiB"), self)
        self.next_window.clicked.connect(lambda: self.show_window(1))

        self.table = QTableView(self)
        self.table.setModel(self.model)
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.table.setFont(font)
        self.table.setSelectionMode(QAbstractItemView.ContiguousSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 4)
        rows.setFont(font)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.Fixed)
        width = self.table.fontMetrics().horizontalAdvance("WW") + 8
        columns.setDefaultSectionSize(width)
        columns.setMinimumSectionSize(width)
        self.table.setColumnWidth(TEXT_COLUMN, self.table.fontMetrics().horizontalAdvance("W" * 17) + 8)
        self.table.selectionModel().currentChanged.connect(self._current_changed)

        tools = QHBoxLayout()
        tools.addWidget(self.goto_edit, 1)
        tools.addWidget(self.find_edit, 2)
        tools.addWidget(self.find_mode)
        tools.addWidget(self.match_case)
        tools.addWidget(self.previous_button)
        tools.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.window_label)
        bottom.addWidget(self.previous_window)
        bottom.addWidget(self.next_window)
        layout.addLayout(bottom)

        for key, slot in ((QKeySequence.Find, self._focus_find), ("Ctrl+G", self._focus_goto),
                          ("F3", self.find_next), ("Shift+F3", self.find_previous), ("Esc", self.stop_search)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._window_changed()

    # -- the item -----------------------------------------------------------------------------------------------

    def set_source(self, read: Reader | None, size: int) -> None:
        self.stop_search()
        self.model.set_source(read, size)
        self._window_changed()
        self._say(self.tr("{0} bytes").format(f"{size:,}") if read is not None else "")

    def show_window(self, step: int) -> None:
        """The previous (-1) or next (+1) gigabyte of a large item."""
        base = self.model.base + step * WINDOW_BYTES
        if 0 <= base < self.model.size:
            self.go_to(base)

    def _window_changed(self) -> None:
        large = self.model.size > WINDOW_BYTES
        self.window_label.setVisible(large)
        self.previous_window.setVisible(large)
        self.next_window.setVisible(large)
        if large:
            end = min(self.model.size, self.model.base + WINDOW_BYTES)
            self.window_label.setText(self.tr("bytes {0:,}–{1:,} of {2:,}").format(
                self.model.base, end - 1, self.model.size))
            self.previous_window.setEnabled(self.model.base > 0)
            self.next_window.setEnabled(end < self.model.size)

    def current_offset(self) -> int:
        index = self.table.currentIndex()
        return self.model.offset_of(index.row(), index.column()) if index.isValid() else 0

    def go_to(self, offset: int, length: int = 1) -> None:
        """Make ``offset`` current and select ``length`` bytes from it."""
        if not 0 <= offset < self.model.size:
            raise ValueError(self.tr("offset {0} is outside the item (0 to {1})").format(
                offset, max(0, self.model.size - 1)))
        self.model.set_window(self.model.window_of(offset))
        self._window_changed()
        row, column = self.model.cell_of(offset)
        selection = QItemSelection()
        last = min(self.model.size, offset + max(1, length), self.model.base + WINDOW_BYTES) - 1
        last_row, last_column_of_row = self.model.cell_of(last)
        for line in range(row, last_row + 1):
            first_column = column if line == row else 0
            last_column = last_column_of_row if line == last_row else BYTES_PER_ROW - 1
            selection.select(self.model.index(line, first_column), self.model.index(line, last_column))
        model = self.table.selectionModel()
        model.setCurrentIndex(self.model.index(row, column), QItemSelectionModel.NoUpdate)
        model.select(selection, QItemSelectionModel.ClearAndSelect)
        self.table.scrollTo(self.model.index(row, column), QAbstractItemView.PositionAtCenter)

    def _go_to_typed(self) -> None:
        try:
            offset = parse_offset(self.goto_edit.text())
            self.go_to(offset)
        except ValueError as error:
            self._say(str(error))
            return
        self._say(self.tr("At offset {0} (0x{1:X})").format(offset, offset))
        self.table.setFocus()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            offset = self.model.offset_of(current.row(), current.column())
            self.position_changed.emit(offset)

    # -- find -------------------------------------------------------------------------------------------------

    def find_next(self) -> None:
        self._find(forward=True)

    def find_previous(self) -> None:
        self._find(forward=False)

    @property
    def searching(self) -> bool:
        return self._search_job is not None

    def stop_search(self) -> None:
        if self._search_job is not None:
            self._stop.set()
            self._search_job.cancel()
            self._search_job = None
            self._say(self.tr("Search stopped"))

    def _find(self, forward: bool) -> None:
        read, size = self.model.reader, self.model.size
        if read is None:
            return
        text = self.find_edit.text()
        try:
            patterns = parse_hex(text) if self.find_mode.currentData() == "hex" else None
        except ValueError as error:
            self._say(str(error))
            return
        if patterns is not None:
            found_patterns, fold = [patterns], False
        elif text:
            found_patterns, fold = text_patterns(text), not self.match_case.isChecked()
        else:
            self._say(self.tr("Type what to find"))
            self.find_edit.setFocus()
            return
        self.stop_search()
        here = self.current_offset() if self.table.currentIndex().isValid() else (-1 if forward else size)
        start = here + 1 if forward else here
        stop = self._stop = threading.Event()
        self._say(self.tr("Searching…"))
        self._search_job = self._jobs.read(
            "hex find", lambda: find_bytes(read, size, found_patterns, start, forward, fold, stop),
            on_done=self._found, on_error=self._search_failed)

    def _found(self, found: Found | None) -> None:
        self._search_job = None
        if found is None:
            self._say(self.tr("Not found"))
            return
        self.go_to(found.offset, found.length)
        self._say(self.tr("Found at offset {0} (0x{1:X})").format(found.offset, found.offset))
        self.table.setFocus()

    def _search_failed(self, error: BaseException) -> None:
        self._search_job = None
        self._say(self.tr("Search failed: {0}").format(user_message(error)))

    def _focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _focus_goto(self) -> None:
        self.goto_edit.setFocus()
        self.goto_edit.selectAll()

    def _say(self, text: str) -> None:
        self.status.setText(text)
