"""The text viewer: an item's extracted or OCR text, the search's hits highlighted, next and previous hit (F3,
Shift+F3). The text is loaded and its hits found in a read job; the GUI thread only shows them.

Hits are found the way the full-text index finds documents: whole words (a trailing ``*`` a prefix), phrases as
consecutive words, case and diacritics ignored, so "medico" lights up "Médico". Operators (AND, OR, NOT, NEAR) and
parentheses are not words; the words after NOT are not highlighted.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTextEdit,
                               QVBoxLayout, QWidget)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.jobs import Job, Jobs

MAX_SHOWN_CHARS = 1_000_000  # beyond this the viewer shows the start and says so (setPlainText stays < 100 ms)
MAX_HITS = 10_000
MAX_PAINTED = 1_000  # hits coloured at once, around the current one (every hit is still reached by F3)
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Term:
    """One thing to light up: consecutive words, the last a prefix when typed with ``*``."""

    words: tuple[str, ...]
    prefix: bool = False


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` lower-cased with its diacritics removed, and where each folded character came from (None: the
    same place, for ASCII text)."""
    if text.isascii():
        return text.lower(), None
    folded: list[str] = []
    origin: list[int] = []
    for position, character in enumerate(text):
        if character.isascii():
            folded.append(character.lower())
            origin.append(position)
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        plain = plain.casefold() or " "  # a lone combining mark folds to nothing: keep a place for it
        folded.append(plain)
        origin.extend([position] * len(plain))
    return "".join(folded), origin


def search_terms(query: str | None) -> list[Term]:
    """The words and phrases of a ``heroes search`` query worth highlighting."""
    terms: list[Term] = []
    negate = False
    for match in _TOKEN.finditer((query or "").replace("(", " ").replace(")", " ")):
        phrase, token = match.group(1), match.group(2)
        if token is not None and token in OPERATORS:
            negate = token == "NOT"
            continue
        if token is not None and token.startswith("NEAR/"):
            continue
        raw = phrase if phrase is not None else token
        if token is not None and ":" in token and not token.startswith(("http", "mailto")) \
                and re.match(r"^[A-Za-z_]+:", token) and "@" not in token:
            raw = token.split(":", 1)[1]  # column:word
        prefix = raw.rstrip().endswith("*")
        words = tuple(word for word in re.split(r"\W+", fold(raw.replace("*", " "))[0]) if word)
        if words and not negate:
            terms.append(Term(words, prefix))
        negate = False
    return terms


def _pattern(terms: list[Term]) -> re.Pattern[str] | None:
    parts = []
    for term in terms:
        body = r"\W+".join(re.escape(word) for word in term.words)
        parts.append(r"(?<!\w)" + body + (r"\w*" if term.prefix else r"(?!\w)"))
    return re.compile("|".join(parts)) if parts else None


def find_hits(text: str, query: str | None, limit: int = MAX_HITS) -> list[tuple[int, int]]:
    """(start, end) of each hit of ``query`` in ``text``, in order, at most ``limit``."""
    pattern = _pattern(search_terms(query))
    if pattern is None or not text:
        return []
    folded, origin = fold(text)
    hits: list[tuple[int, int]] = []
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        if origin is None:
            hits.append((match.start(), match.end()))
        else:
            hits.append((origin[match.start()], origin[match.end() - 1] + 1))
        if len(hits) >= limit:
            break
    return hits


class PositionMap:
    """Python string index -> position in the Qt document, which counts UTF-16 units and makes one paragraph
    break of each CR LF. Built in the read job; identity for most texts."""

    _ASTRAL = re.compile("[\U00010000-\U0010FFFF]")

    def __init__(self, text: str) -> None:
        self._crlf = [match.start() + 1 for match in re.finditer("\r\n", text)]
        self._astral = [match.start() for match in self._ASTRAL.finditer(text)] if not text.isascii() else []

    def __call__(self, position: int) -> int:
        if not self._crlf and not self._astral:
            return position
        return position - bisect_left(self._crlf, position) + bisect_left(self._astral, position)


@dataclass(frozen=True)
class LoadedText:
    source: str
    text: str
    total_chars: int
    hits: list[tuple[int, int]]
    positions: PositionMap


class TextViewer(QWidget):
    """Extracted and OCR text of one item, a source chooser, the search's hits and hit navigation."""

    hits_changed = Signal(int)

    def __init__(self, jobs: Jobs, load_text: Callable[[int, str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._load_text = load_text  # (file_id, source) -> text, called in a read job
        self._file_id: int | None = None
        self._job: Job | None = None
        self._text = ""
        self._hits: list[tuple[int, int]] = []
        self._current = -1
        self._query: str | None = None
        self._selections: list[QTextEdit.ExtraSelection] = []
        self._painted_from = 0
        self._every_format = QTextCharFormat()
        self._every_format.setBackground(QColor("#fff176"))
        self._every_format.setForeground(QColor("#000000"))
        self._current_format = QTextCharFormat()
        self._current_format.setBackground(QColor("#ff9800"))
        self._current_format.setForeground(QColor("#000000"))

        self.source = QComboBox(self)
        self.source.setAccessibleName(self.tr("Text source"))
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(self.tr("Highlight (search syntax)"))
        self.find_edit.setAccessibleName(self.tr("Words to highlight"))
        self.find_edit.returnPressed.connect(lambda: self.set_search(self.find_edit.text() or None))
        self.previous_button = QPushButton(self.tr("Previous hit"), self)
        self.previous_button.clicked.connect(self.previous_hit)
        self.next_button = QPushButton(self.tr("Next hit"), self)
        self.next_button.clicked.connect(self.next_hit)
        self.hit_label = QLabel(self)
        self.editor = QPlainTextEdit(self)
        self.editor.setReadOnly(True)
        self.editor.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.editor.setAccessibleName(self.tr("Item text"))
        self.note = QLabel(self)
        self.note.setWordWrap(True)

        tools = QHBoxLayout()
        tools.addWidget(self.source)
        tools.addWidget(self.find_edit, 1)
        tools.addWidget(self.previous_button)
        tools.addWidget(self.next_button)
        tools.addWidget(self.hit_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.note)
        for key, slot in (("F3", self.next_hit), ("Shift+F3", self.previous_hit), (QKeySequence.Find,
                                                                                  self._focus_find)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_label()

    # -- what is shown ------------------------------------------------------------------------------------------

    def set_item(self, file_id: int | None, sources: list[tuple[str, int, str | None]]) -> None:
        """Show ``file_id``'s texts; ``sources`` is (source, characters, language) for each stored text."""
        self._file_id = file_id
        self._pending_span = None
        self._positions = PositionMap("")
        self.source.blockSignals(True)
        self.source.clear()
        for name, chars, language in sources:
            label = self.tr("{0} ({1} characters{2})").format(
                name, f"{chars:,}", f", {language}" if language else "")
            self.source.addItem(label, name)
        self.source.blockSignals(False)
        self._show("", [], 0)
        if file_id is None:
            self.note.setText("")
        elif not sources:
            self.note.setText(self.tr("No text was extracted from this item."))
        else:
            self._load()

    def set_search(self, query: str | None) -> None:
        """Highlight ``query``'s hits (None: none); the text stays, only the hits are found again."""
        self._query = query or None
        if self.find_edit.text() != (query or ""):
            self.find_edit.setText(query or "")
        if self._file_id is None or not self._text:
            return
        text, query_now = self._text, self._query
        self._cancel()
        self._job = self._jobs.read("find hits", lambda: find_hits(text, query_now),
                                    on_done=lambda hits: self._show(text, hits, self._total),
                                    on_error=self._failed)

    @property
    def current_source(self) -> str | None:
        return self.source.currentData()

    @property
    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    @property
    def current_hit(self) -> int:
        return self._current

    @property
    def loading(self) -> bool:
        return self._job is not None

    def choose_source(self, source: str) -> None:
        position = self.source.findData(source)
        if position >= 0:
            self.source.setCurrentIndex(position)

    def show_span(self, source: str, start: int, end: int) -> None:
        """Show characters [start, end) of text ``source`` (an entity), loading that text first if needed."""
        if source == self.current_source and self._text and self._job is None:
            self.select_span(start, end)
            return
        self._pending_span = (source, start, end)
        if source != self.current_source:
            self.choose_source(source)

    def select_span(self, start: int, end: int) -> None:
        """Select characters [start, end) of the text shown (Python indices) and scroll to them."""
        self._select(min(start, len(self._text)), min(end, len(self._text)))

    def selected_text(self) -> str:
        return self.editor.textCursor().selectedText()

    def _select(self, start: int, end: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(self._positions(start))
        cursor.setPosition(self._positions(end), QTextCursor.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    # -- hits -----------------------------------------------------------------------------------------------

    def next_hit(self) -> None:
        if self._hits:
            self._go((self._current + 1) % len(self._hits))

    def previous_hit(self) -> None:
        if self._hits:
            self._go((self._current - 1) % len(self._hits))

    def _go(self, number: int) -> None:
        self._current = number
        start, end = self._hits[number]
        self._paint_hits()
        self._select(start, end)
        self._update_label()

    def _paint_hits(self) -> None:
        """Every hit yellow, the current one orange. The selections are made once per search (at most
        MAX_PAINTED of them, around the current hit); moving to another hit only recolours two of them."""
        if not self._hits:
            self._selections = []
            self._painted_from = 0
            self.editor.setExtraSelections([])
            return
        current = max(0, self._current)
        first = self._painted_from
        if not self._selections or not first <= current < first + len(self._selections):
            first = max(0, min(current - MAX_PAINTED // 2, len(self._hits) - MAX_PAINTED))
            self._painted_from = first
            document = self.editor.document()
            self._selections = []
            for start, end in self._hits[first:first + MAX_PAINTED]:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(document)
                cursor.setPosition(self._positions(start))
                cursor.setPosition(self._positions(end), QTextCursor.KeepAnchor)
                selection.cursor = cursor
                selection.format = self._every_format
                self._selections.append(selection)
        for number, selection in enumerate(self._selections):
            selection.format = self._current_format if number + first == self._current else self._every_format
        self.editor.setExtraSelections(self._selections)

    def _update_label(self) -> None:
        if not self._hits:
            self.hit_label.setText(self.tr("no hits") if self._query and self._text else "")
        elif self._current < 0:
            self.hit_label.setText(self.tr("{0} hits").format(len(self._hits)))
        else:
            self.hit_label.setText(self.tr("hit {0} of {1}").format(self._current + 1, len(self._hits)))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(bool(self._hits))
        self.hits_changed.emit(len(self._hits))

    # -- loading ---------------------------------------------------------------------------------------------

    _total = 0
    _positions: Callable[[int], int] = staticmethod(lambda position: position)
    _pending_span: tuple[str, int, int] | None = None

    def _source_chosen(self, _index: int) -> None:
        if self._file_id is not None:
            self._load()

    def _load(self) -> None:
        file_id, source, query, load = self._file_id, self.current_source, self._query, self._load_text
        if file_id is None or source is None:
            return
        self._cancel()
        self.note.setText(self.tr("Loading…"))

        def work() -> LoadedText:
            text = load(file_id, source) or ""
            shown = text[:MAX_SHOWN_CHARS]
            return LoadedText(source, shown, len(text), find_hits(shown, query), PositionMap(shown))

        self._job = self._jobs.read("item text", work, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, loaded: LoadedText) -> None:
        self._job = None
        if loaded.total_chars > len(loaded.text):
            self.note.setText(self.tr("Showing the first {0} of {1} characters.").format(
                f"{len(loaded.text):,}", f"{loaded.total_chars:,}"))
        else:
            self.note.setText("")
        self._positions = loaded.positions
        self._show(loaded.text, loaded.hits, loaded.total_chars)
        if self._pending_span is not None and self._pending_span[0] == loaded.source:
            _, start, end = self._pending_span
            self._pending_span = None
            self.select_span(start, end)

    def _show(self, text: str, hits: list[tuple[int, int]], total: int) -> None:
        self._job = None
        if text is not self._text:
            self._text = text
            self.editor.setPlainText(text)
        self._total = total
        self._hits = hits
        self._current = -1
        self._selections = []
        self._paint_hits()
        if hits:
            self._go(0)
        self._update_label()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self.note.setText(self.tr("The text could not be read: {0}").format(user_message(error)))

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()
