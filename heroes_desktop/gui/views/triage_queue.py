"""The triage queue: the case's pictures and videos most urgent first, and beside each one *why* the program suggests
what it suggests, so that the examiner decides from the evidence and no clear view is needed for what the hash sets
already know.

The list is :func:`~heroes_desktop.review.item_review.triage_queue` (first the pictures and videos image triage could
not rank, their suggestion reading "not triaged: reason", then flagged ones, then by score); the reasons are
:func:`~heroes_desktop.review.item_review.review_items`: every signal with the threshold it was compared with and
whether it crossed it, the triage reasons, hash-set hits, faces with their estimated age distribution and
P(under 18), context labels and the suggestion. No picture is shown here: the window's review pane shows the
current item (``current_item_changed``) by its reveal ladder.

Keys (panel context ``triage_queue``): A or Return accepts the suggestion, 0–5 give CAT-0..CAT-5, Down and Up move.
A decision is the core's :func:`~heroes_desktop.hashsets.tagging.tag_files` on the writer thread, so its custody
event names its origin (hash-set, suggestion-accepted, suggestion-overridden, examiner): AI suggestions and examiner
decisions stay apart. A decided item stays listed, marked decided, until the next :meth:`TriageQueueView.refresh`;
the queue moves on to the next undecided item at once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QItemSelectionModel, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGroupBox, QHeaderView, QLabel, QScrollArea,
                               QSplitter, QTableView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import HeroesError
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutRegistry, shortcuts_of
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.hashsets.tagging import tag_files
from heroes_desktop.review.item_review import ItemReview, Signal as ReviewSignal, review_items, triage_queue

log = logging.getLogger("heroes.gui")

TRIAGE_CONTEXT = "triage_queue"
ACCEPT_ACTION = "triage.accept"
ACCEPT_RETURN_ACTION = "triage.accept_return"
NEXT_ACTION = "triage.next"
PREVIOUS_ACTION = "triage.previous"
CATEGORY_ACTIONS = tuple((f"triage.cat{digit}", f"CAT-{digit}", str(digit)) for digit in range(6))

PAGE_ROWS = 100
CACHED_PAGES = 32
PLACEHOLDER = "…"
FILE_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a row's file id, whether or not its review has arrived
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # a signal row's kind as the core names it (hash-set, face, ...)
CROSSED_ROLE = Qt.ItemDataRole.UserRole + 3  # a signal row: whether it crossed its threshold

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("TriageQueueView", text)


def category_title(label: str | None) -> str:
    """``CAT-1 (child abuse material)`` in the window's language; a bookmark name as it is; "" for none."""
    if not label:
        return ""
    meaning = CATEGORIES.get(label)
    if meaning is None:
        return label
    return f"{label} ({QCoreApplication.translate('Categories', meaning)})"


def origin_title(origin: str) -> str:
    """How a categorisation was reached, as the custody chain names it, in words."""
    titles = {"hash-set": _tr("from a hash set"), "suggestion-accepted": _tr("suggestion accepted"),
              "suggestion-overridden": _tr("suggestion overridden"), "examiner": _tr("the examiner's own")}
    return titles.get(origin, origin)


# ----------------------------------------------------------------------------------------------- the suggestion


@dataclass(frozen=True)
class Suggestion:
    """What A accepts: the hash sets' category when they give one (known material), else image triage's."""

    category: str | None
    source: str  # "hash-set", "triage" or "" (none)
    exact: bool = False  # a hash-set category from exact matches (not only "looks like")


def suggestion_of(review: ItemReview | None) -> Suggestion:
    if review is None:
        return Suggestion(None, "")
    if review.hashes is not None and review.hashes.category and not review.hashes.conflict:
        return Suggestion(review.hashes.category, "hash-set", review.hashes.exact)
    if review.suggested_category:
        return Suggestion(review.suggested_category, "triage")
    return Suggestion(None, "")


def suggestion_text(suggestion: Suggestion) -> str:
    if suggestion.category is None:
        return _tr("no suggestion")
    if suggestion.source == "hash-set":
        how = _tr("exact match") if suggestion.exact else _tr("perceptual match only: looks like, not is")
        return _tr("%1 from the hash sets (%2)").replace("%1", category_title(suggestion.category)).replace("%2", how)
    return _tr("%1 from image triage").replace("%1", category_title(suggestion.category))


# --------------------------------------------------------------------------------------------------- the model


class DecisionState(str, Enum):
    WRITING = "writing"
    DECIDED = "decided"
    FAILED = "failed"


@dataclass(frozen=True)
class Decision:
    label: str
    state: DecisionState
    origin: str = ""


class TriageQueueModel(QAbstractTableModel):
    """Rows are the queue's file ids in triage order; each row's review is read in pages, off the GUI thread, when
    it is painted or asked for. ``page_loaded(first_row, last_row)`` when reviews arrive."""

    COLUMNS = ("name", "score", "suggestion", "decision")
    page_loaded = Signal(int, int)

    def __init__(self, session: CaseSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mask: Callable[[str | None], str] | None = None  # presentation-safe mode
        self._session = session
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}
        self._pages: OrderedDict[int, dict[int, ItemReview]] = OrderedDict()
        self._in_flight: dict[int, Job] = {}
        self._decisions: dict[int, Decision] = {}
        self._generation = 0

    # -- the ids ------------------------------------------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show ``ids`` (a new reading of the queue); reviews and decisions of earlier readings are dropped."""
        for job in self._in_flight.values():
            job.cancel()
        self.beginResetModel()
        self._generation += 1
        self._ids = [int(file_id) for file_id in ids]
        self._rows = {file_id: row for row, file_id in enumerate(self._ids)}
        self._pages.clear()
        self._in_flight.clear()
        self._decisions = {file_id: decision for file_id, decision in self._decisions.items()
                           if file_id in self._rows and decision.state is DecisionState.WRITING}
        self.endResetModel()

    def row_of(self, file_id: int | None) -> int:
        return -1 if file_id is None else self._rows.get(int(file_id), -1)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    # -- reviews ------------------------------------------------------------------------------------------------

    def review(self, row: int, fetch: bool = True) -> ItemReview | None:
        """The review of ``row`` if its page has arrived; else None, and the page is asked for (``fetch``)."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE_ROWS
        reviews = self._pages.get(page)
        if reviews is None:
            if fetch:
                self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return reviews.get(self._ids[row])

    def row_loaded(self, row: int) -> bool:
        return 0 <= row < len(self._ids) and row // PAGE_ROWS in self._pages

    def _fetch(self, page: int) -> None:
        if page in self._in_flight:
            return
        ids = self._ids[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]
        case, generation = self._session.case, self._generation

        def done(reviews: dict[int, ItemReview]) -> None:
            self._in_flight.pop(page, None)
            if generation != self._generation:
                return
            self._pages[page] = reviews
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
            first, last = page * PAGE_ROWS, min(len(self._ids), (page + 1) * PAGE_ROWS) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))
            self.page_loaded.emit(first, last)

        def failed(error: BaseException) -> None:
            self._in_flight.pop(page, None)
            if not isinstance(error, HeroesError):
                report_unexpected(error, "triage queue: reviews")
            log.warning("triage queue: reviews of page %d unreadable: %s", page, user_message(error))

        self._in_flight[page] = self._session.jobs.read("triage queue: reviews", lambda: review_items(case, ids),
                                                        done, failed)

    @property
    def loading(self) -> bool:
        return bool(self._in_flight)

    # -- decisions ----------------------------------------------------------------------------------------------

    def decision(self, file_id: int | None) -> Decision | None:
        return None if file_id is None else self._decisions.get(int(file_id))

    def set_decision(self, file_id: int, decision: Decision | None) -> None:
        if decision is None:
            self._decisions.pop(file_id, None)
        else:
            self._decisions[file_id] = decision
        row = self.row_of(file_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def undecided(self, row: int) -> bool:
        decision = self.decision(self.id_at(row))
        return decision is None or decision.state is DecisionState.FAILED

    # -- Qt -----------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return {"name": self.tr("Item"), "score": self.tr("Score"), "suggestion": self.tr("Suggests"),
                    "decision": self.tr("Decision")}[self.COLUMNS[section]]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._ids):
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) \
                or not 0 <= index.column() < len(self.COLUMNS):
            return None
        file_id = self._ids[index.row()]
        if role == FILE_ID_ROLE:
            return file_id
        key = self.COLUMNS[index.column()]
        decision = self._decisions.get(file_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "decision":
                return self._decision_text(decision)
            review = self.review(index.row())
            if review is None:
                return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
            if key == "name":
                text = review.name if role == Qt.ItemDataRole.DisplayRole else review.path
                return self.mask(text) if self.mask is not None else text
            if key == "score":
                return "" if review.triage_score is None else f"{review.triage_score:.2f}"
            suggestion = suggestion_of(review)
            if review.not_triaged and suggestion.category is None:  # put where a person will look: first, named
                return self.tr("not triaged: %1").replace("%1", review.not_triaged)
            if role == Qt.ItemDataRole.ToolTipRole:
                return suggestion_text(suggestion)
            if suggestion.category is None:
                return "—"
            source = self.tr("hash set") if suggestion.source == "hash-set" else self.tr("triage")
            return f"{suggestion.category} · {source}"
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and decision is not None and decision.state is DecisionState.DECIDED:
            font = QFont()
            font.setStrikeOut(key == "name")
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and decision is not None \
                and decision.state is DecisionState.DECIDED:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def _decision_text(self, decision: Decision | None) -> str:
        if decision is None:
            return ""
        if decision.state is DecisionState.WRITING:
            return self.tr("%1 (writing…)").replace("%1", decision.label)
        if decision.state is DecisionState.FAILED:
            return self.tr("%1 not written").replace("%1", decision.label)
        return self.tr("✔ %1").replace("%1", decision.label)


# ------------------------------------------------------------------------------------------------ the why panel


def _tree(parent: QWidget, headers: Sequence[str], name: str, stretch: int) -> QTreeWidget:
    """A few read-only rows; column ``stretch`` (the words) takes the width, the others fit their contents."""
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(name)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the queue keeps the keys
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    tree.setSizeAdjustPolicy(QTreeWidget.SizeAdjustPolicy.AdjustToContents)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a few rows only
    tree.header().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    tree.header().setStretchLastSection(False)
    tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return tree


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class WhyPanel(QWidget):
    """Why the program suggests what it suggests about one item: text only, never a pixel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mask: Callable[[str | None], str] | None = None  # presentation-safe mode
        self.title = QLabel(self)
        self.title.setObjectName("why_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.path = QLabel(self)
        self.path.setTextFormat(Qt.TextFormat.PlainText)
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("why_suggestion")
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion.setWordWrap(True)
        self.suggestion.setFont(font)
        self.triage = QLabel(self)
        self.triage.setTextFormat(Qt.TextFormat.PlainText)
        self.triage.setWordWrap(True)
        self.decision = QLabel(self)
        self.decision.setTextFormat(Qt.TextFormat.PlainText)
        self.decision.setWordWrap(True)

        self.signals_tree = _tree(self, (self.tr("Kind"), self.tr("Signal"), self.tr("Value"), self.tr("Threshold"),
                                         self.tr("Crossed")), "why_signals", 1)
        self.reasons = QLabel(self)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons.setWordWrap(True)
        self.hash_tree = _tree(self, (self.tr("Hash set"), self.tr("Category"), self.tr("Hash"), self.tr("Match")),
                               "why_hash_sets", 0)
        self.hash_note = QLabel(self)
        self.hash_note.setTextFormat(Qt.TextFormat.PlainText)
        self.hash_note.setWordWrap(True)
        self.faces_tree = _tree(self, (self.tr("Face"), self.tr("Gender"), self.tr("Age p10"), self.tr("Median"),
                                       self.tr("p90"), self.tr("P(under 18)")), "why_faces", 0)
        self.context = QLabel(self)
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setWordWrap(True)

        layout = QVBoxLayout(self)
        for widget in (self.title, self.path, self.summary, self.suggestion, self.triage, self.decision):
            layout.addWidget(widget)
        self.sections: dict[str, QGroupBox] = {}
        for key, title, widgets in (("signals", self.tr("Signals (each against its threshold)"),
                                     (self.signals_tree,)),
                                    ("reasons", self.tr("Triage reasons"), (self.reasons,)),
                                    ("hash_sets", self.tr("Hash-set hits"), (self.hash_tree, self.hash_note)),
                                    ("faces", self.tr("Faces and estimated ages"), (self.faces_tree,)),
                                    ("context", self.tr("Context labels"), (self.context,))):
            box = QGroupBox(title, self)
            box_layout = QVBoxLayout(box)
            for widget in widgets:
                box_layout.addWidget(widget)
            layout.addWidget(box)
            self.sections[key] = box
        layout.addStretch(1)
        self.show_review(None, None, "")

    def show_review(self, review: ItemReview | None, decision: Decision | None, empty_text: str) -> None:
        for tree in (self.signals_tree, self.hash_tree, self.faces_tree):
            tree.clear()
        for label in (self.path, self.summary, self.suggestion, self.triage, self.decision, self.reasons,
                      self.hash_note, self.context):
            label.clear()
        for box in self.sections.values():
            box.setVisible(review is not None)
        if review is None:
            self.title.setText(empty_text)
            return
        mask = self.mask if self.mask is not None else (lambda text: text or "")
        self.title.setText(mask(review.name))
        self.path.setText(mask(review.path))
        lines = review.descriptor()
        summary = lines[0] if lines else ""
        if review.flagged:
            summary += " · " + self.tr("flagged (a pertinent hash-set category, or a triage score over the flag "
                                       "line)")
        self.summary.setText(summary)
        suggestion = suggestion_of(review)
        self.suggestion.setText(self.tr("Suggests: %1").replace("%1", suggestion_text(suggestion)))
        if review.analysed:
            self.triage.setText(self.tr("Image triage: score %1, suggests %2").replace(
                "%1", _number(review.triage_score)).replace("%2", review.suggested_category or "—"))
        else:
            self.triage.setText(self.tr("Not analysed by image triage"))
        self.show_decision(review, decision)
        self._signals(review.signals)
        self.reasons.setText("\n".join(f"• {reason}" for reason in review.reasons) or self.tr("none"))
        self._hashes(review)
        self._faces(review)
        self.context.setText(", ".join(f"{label.get('label')} {float(label.get('score') or 0.0):.2f}"
                                       for label in review.context) or self.tr("none"))

    def show_decision(self, review: ItemReview | None, decision: Decision | None) -> None:
        text = ""
        if decision is not None:
            state = {DecisionState.WRITING: self.tr("being written"), DecisionState.DECIDED: self.tr("decided"),
                     DecisionState.FAILED: self.tr("NOT written")}[decision.state]
            text = self.tr("Your decision: %1 (%2)").replace("%1", category_title(decision.label)).replace(
                "%2", state + (f", {origin_title(decision.origin)}" if decision.origin else ""))
        elif review is not None and review.examiner_category:
            text = self.tr("Already categorised: %1").replace("%1", category_title(review.examiner_category))
        self.decision.setText(text)

    def _signals(self, signals: Sequence[ReviewSignal]) -> None:
        kinds = {"hash-set": self.tr("Hash set"), "detector": self.tr("Detector"), "face": self.tr("Face"),
                 "context": self.tr("Context")}
        bold = QFont(self.signals_tree.font())
        bold.setBold(True)
        for signal in signals:
            if signal.kind == "hash-set":
                value = self.tr("distance %1").replace("%1", f"{signal.value:.0f}") if signal.value is not None \
                    else "—"
            else:
                value = _number(signal.value)
            threshold = "—" if signal.threshold is None else f"≥ {signal.threshold:.2f}"
            if signal.crossed:
                crossed = self.tr("✔ YES, crossed") if signal.threshold is not None else self.tr("✔ YES, matched")
            elif signal.threshold is None:
                crossed = self.tr("— not compared")
            else:
                crossed = self.tr("✘ no, below")
            item = QTreeWidgetItem([kinds.get(signal.kind, signal.kind), signal.text, value, threshold, crossed])
            item.setData(0, KIND_ROLE, signal.kind)
            item.setData(0, CROSSED_ROLE, signal.crossed)
            if signal.crossed:
                for column in range(item.columnCount()):
                    item.setFont(column, bold)
            self.signals_tree.addTopLevelItem(item)
        if not signals:
            self.signals_tree.addTopLevelItem(QTreeWidgetItem(["", self.tr("no signal"), "", "", ""]))

    def _hashes(self, review: ItemReview) -> None:
        verdict = review.hashes
        self.hash_tree.setVisible(verdict is not None and bool(verdict.hits))
        if verdict is None:
            self.hash_note.setText(self.tr("No hash-set match"))
            return
        for hit in verdict.hits:
            match = self.tr("exact") if hit.exact else self.tr("perceptual, distance %1").replace(
                "%1", str(hit.distance))
            category = self.tr("known good") if hit.known_good else (hit.category or "—")
            self.hash_tree.addTopLevelItem(QTreeWidgetItem([hit.hashset, category, hit.kind, match]))
        if verdict.conflict:
            self.hash_note.setText(self.tr("The hash sets disagree (%1): you decide").replace(
                "%1", ", ".join(verdict.conflict)))
        elif verdict.category:
            how = self.tr("exact matches") if verdict.exact else self.tr("perceptual matches only")
            self.hash_note.setText(self.tr("The hash sets give %1 (%2)").replace(
                "%1", category_title(verdict.category)).replace("%2", how))

    def _faces(self, review: ItemReview) -> None:
        if not review.faces:
            item = QTreeWidgetItem([self.tr("no face found") if review.analysed else self.tr("not analysed")])
            self.faces_tree.addTopLevelItem(item)
            return
        for number, face in enumerate(review.faces, 1):
            name = self.tr("Face %1").replace("%1", str(number))
            if face.frame is not None:
                name += " " + self.tr("(frame %1)").replace("%1", str(face.frame))
            self.faces_tree.addTopLevelItem(QTreeWidgetItem([
                name, face.gender or "—", _number(face.age_p10, 0), _number(face.age_median, 0),
                _number(face.age_p90, 0), _number(face.p_minor)]))


# ---------------------------------------------------------------------------------------------------- the view


class TriageQueueView(QWidget):
    """The queue and the why of its current item. Signals: ``current_item_changed(file_id or None)`` for the
    window's review pane; ``decided(file_id, label, origin)`` once a decision is in the case; ``queue_loaded(count)``
    after each reading of the queue; ``message(text)`` and ``failed(text)`` for the status line."""

    current_item_changed = Signal(object)
    decided = Signal(int, str, str)
    queue_loaded = Signal(int)
    message = Signal(str)
    failed = Signal(str)

    def __init__(self, session: CaseSession, registry: ShortcutRegistry | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("triage_queue")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self._queue_job: Job | None = None
        self._loaded = False
        self._pending = 0
        self._shown_id: int | None = None
        self._emitted_id: object = ...  # nothing emitted yet
        self._resetting = False  # a new reading of the queue is going in: no transient "no item" for the window

        self.model = TriageQueueModel(session, self)
        self.queue = QTableView(self)
        self.queue.setObjectName("triage_queue_list")
        self.queue.setAccessibleName(self.tr("Triage queue"))
        self.queue.setModel(self.model)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.setTabKeyNavigation(False)
        self.queue.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.queue.verticalHeader().setDefaultSectionSize(self.queue.fontMetrics().height() + 8)
        header = self.queue.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # no resize-to-contents on a long list
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 60), (2, 130), (3, 120)):
            header.resizeSection(column, width)
        self.queue.selectionModel().currentRowChanged.connect(lambda current, _previous: self._current_changed())
        self.model.page_loaded.connect(self._page_loaded)

        self.why = WhyPanel(self)
        self.why_scroll = QScrollArea(self)
        self.why_scroll.setWidget(self.why)
        self.why_scroll.setWidgetResizable(True)
        self.why_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.why_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.why_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.hint = QLabel(self.tr("A or Return: accept the suggestion · 0–5: CAT-0…CAT-5 · ↑/↓: move · "
                                   "the picture is not shown here"), self)
        self.hint.setWordWrap(True)
        self.message.connect(self.status.setText)
        self.failed.connect(lambda text: self.status.setText(self.tr("Not written: %1").replace("%1", text)))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.why_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)

        self.actions_by_id: dict[str, QAction] = {}
        self._register()
        self.refresh()

    # -- public ---------------------------------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.queue.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_review(self) -> ItemReview | None:
        index = self.queue.currentIndex()
        return self.model.review(index.row()) if index.isValid() else None

    def set_current_id(self, file_id: int) -> bool:
        """Make ``file_id`` the current item; False when it is not in the queue."""
        row = self.model.row_of(file_id)
        if row < 0:
            return False
        self._go_to(row)
        return True

    @property
    def loading(self) -> bool:
        """Whether the queue, or the review of the current item, is still being read."""
        current = self.queue.currentIndex()
        return self._queue_job is not None or (current.isValid() and not self.model.row_loaded(current.row()))

    @property
    def busy(self) -> bool:
        """Whether a decision is still being written."""
        return self._pending > 0

    @property
    def read_only_reason(self) -> str:
        if not self._session.read_only:
            return ""
        return self.tr("This case is open read-only (or for review): decisions cannot be recorded")

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: names and paths masked in the queue and the why."""
        from heroes_desktop.gui.exposure import mask_text

        self.model.mask = self.why.mask = mask_text if enabled else None
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(self.model.rowCount() - 1, self.model.columnCount() - 1))
        self._show_why()

    def refresh(self) -> Job:
        """Read the queue again off the GUI thread; decided items leave it. The current item stays current when
        it is still queued."""
        if self._queue_job is not None:
            self._queue_job.cancel()
        case = self._session.case
        keep = self.current_id()
        keep_row = max(self.queue.currentIndex().row(), 0)

        def done(ids: list[int]) -> None:
            self._queue_job = None
            self._loaded = True
            self._resetting = True
            try:
                self.model.set_ids(ids)
                if ids:
                    row = self.model.row_of(keep)
                    self._go_to(row if row >= 0 else min(keep_row, len(ids) - 1))
            finally:
                self._resetting = False
            self._current_changed()  # once, with the item now current: the same one leaves the review pane alone
            self.queue_loaded.emit(len(ids))

        def failed(error: BaseException) -> None:
            self._queue_job = None
            if not isinstance(error, HeroesError):
                report_unexpected(error, "triage queue")
            self.failed.emit(user_message(error))

        self._queue_job = self._session.jobs.read("triage queue", lambda: triage_queue(case), done, failed)
        return self._queue_job

    def accept_suggestion(self) -> bool:
        """Give the current item its suggested category (the hash sets' when they give one, else triage's)."""
        file_id = self.current_id()
        if file_id is None:
            self.message.emit(self.tr("The queue is empty"))
            return False
        review = self.model.review(self.model.row_of(file_id))
        if review is None:
            self.message.emit(self.tr("The item's review is still being read"))
            return False
        suggestion = suggestion_of(review)
        if suggestion.category is None:
            self.message.emit(self.tr("No suggestion for this item: press 0–5 to categorise it"))
            return False
        return self.categorise(suggestion.category)

    def categorise(self, label: str) -> bool:
        """Give the current item ``label`` (CAT-0..CAT-5) and move on to the next undecided item."""
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return False
        file_id = self.current_id()
        if file_id is None:
            self.message.emit(self.tr("The queue is empty"))
            return False
        case = self._session.case
        name = self._name_of(file_id)
        self.model.set_decision(file_id, Decision(label, DecisionState.WRITING))
        self._pending += 1

        def work() -> list[dict[str, Any]]:
            return tag_files(case, [file_id], label)

        def done(results: list[dict[str, Any]]) -> None:
            self._pending -= 1
            origin = str(results[0].get("origin", "")) if results else ""
            self.model.set_decision(file_id, Decision(label, DecisionState.DECIDED, origin))
            self._refresh_decision(file_id)
            self.message.emit(self.tr("%1: %2 (%3)").replace("%1", name).replace("%2", label).replace(
                "%3", origin_title(origin)))
            self.decided.emit(file_id, label, origin)

        def failed(error: BaseException) -> None:
            self._pending -= 1
            self.model.set_decision(file_id, Decision(label, DecisionState.FAILED))
            self._refresh_decision(file_id)
            if not isinstance(error, HeroesError):
                report_unexpected(error, "triage queue: categorise")
            self.failed.emit(user_message(error))

        self.message.emit(self.tr("Writing: %1 on %2…").replace("%1", label).replace("%2", name))
        self._session.jobs.write("triage queue: categorise", work, done, failed)
        self._advance()
        return True

    def next_item(self) -> None:
        self._go_to(self.queue.currentIndex().row() + 1)

    def previous_item(self) -> None:
        self._go_to(self.queue.currentIndex().row() - 1)

    # -- keys -----------------------------------------------------------------------------------------------------

    def _register(self) -> None:
        registry = self._registry
        registry.register_context(TRIAGE_CONTEXT, self.tr("Triage queue"))
        declared: list[tuple[str, str, str, Callable[[], object], bool]] = [
            (ACCEPT_ACTION, self.tr("Accept the suggestion"), "A", self.accept_suggestion, True),
            (ACCEPT_RETURN_ACTION, self.tr("Accept the suggestion (Return)"), "Return", self.accept_suggestion, True),
            (NEXT_ACTION, self.tr("Next item in the queue"), "Down", self.next_item, False),
            (PREVIOUS_ACTION, self.tr("Previous item in the queue"), "Up", self.previous_item, False),
        ]
        for action_id, label, key in CATEGORY_ACTIONS:
            title = self.tr("Decide %1").replace("%1", category_title(label))
            declared.append((action_id, title, key, lambda label=label: self.categorise(label), True))
        reason = self.read_only_reason
        for action_id, title, key, callback, writes in declared:
            registry.register(action_id, title, key, TRIAGE_CONTEXT)
            action = registry.bind(action_id, self, callback)
            if writes and reason:
                action.setEnabled(False)
                action.setToolTip(reason)
                action.setStatusTip(reason)
            self.actions_by_id[action_id] = action
        if reason:
            self.hint.setText(reason)

    # -- internals ------------------------------------------------------------------------------------------------

    def _go_to(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.queue.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.queue.scrollTo(index)

    def _advance(self) -> None:
        """To the next undecided item after the current one (wrapping to the first); stay when none is left."""
        count = self.model.rowCount()
        start = self.queue.currentIndex().row()
        for step in range(1, count + 1):
            row = (start + step) % count
            if self.model.undecided(row):
                self._go_to(row)
                return
        self.message.emit(self.tr("Every item in the queue is decided"))

    def _name_of(self, file_id: int) -> str:
        review = self.model.review(self.model.row_of(file_id), fetch=False)
        return review.name if review is not None else f"#{file_id}"

    def _current_changed(self) -> None:
        if self._resetting:
            return
        file_id = self.current_id()
        self._show_why()
        if file_id != self._emitted_id:
            self._emitted_id = file_id
            self.current_item_changed.emit(file_id)

    def _show_why(self) -> None:
        file_id = self.current_id()
        self._shown_id = file_id
        if file_id is None:
            text = self.tr("The queue is empty: nothing left to decide") if self._loaded \
                else self.tr("Reading the queue…")
            self.why.show_review(None, None, text)
            return
        review = self.model.review(self.model.row_of(file_id))
        self.why.show_review(review, self.model.decision(file_id), self.tr("Reading…"))

    def _page_loaded(self, first: int, last: int) -> None:
        row = self.model.row_of(self._shown_id)
        if first <= row <= last or (self._shown_id is None and self.current_id() is not None):
            self._show_why()

    def _refresh_decision(self, file_id: int) -> None:
        if file_id == self._shown_id:
            review = self.model.review(self.model.row_of(file_id), fetch=False)
            self.why.show_decision(review, self.model.decision(file_id))
