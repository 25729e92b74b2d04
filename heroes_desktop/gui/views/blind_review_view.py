"""The Blind review panel: a supervisor's second review of the examiner's categorised pictures.

The supervisor draws a random sample (size chosen, stratified by the examiner's categories, seeded so that the draw
can be repeated), then categorises each sampled item without seeing the examiner's decision: the item is shown in
a blind review pane (the reveal ladder and the exposure policy the examiner has, with the examiner's category,
the hash sets' categories and the program's suggestion removed). Digits 0–5 decide the current item and move to
the next undecided one; each decision is a custody event (``review.blind_decision``), the only kind of write a
supervisor's session can make. *Show the result* then compares both: agreement, Cohen's kappa, the confusion
matrix and the items that disagree; the result goes into the signed review (*Review → Sign the review…*).

Core calls (``heroes_desktop.review.blind_review``) run in the session's jobs; no SQL here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutConflict, shortcuts_of
from heroes_desktop.gui.views.review_pane import ReviewPane
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.review.blind_review import (
    AgreementResult,
    BlindReviewState,
    agreement,
    draw_sample,
    record_decision,
    review_state,
)

CONTEXT = "blind_review"
DEFAULT_SIZE = 30
ID_ROLE = Qt.ItemDataRole.UserRole


class BlindReviewView(QWidget):
    """Signals: ``message(text)``, ``state_changed()`` (a sample drawn or a decision recorded), ``result_shown()``.
    Methods: :meth:`refresh`, :meth:`draw`, :meth:`decide`, :meth:`show_result`, :meth:`current_id`."""

    message = Signal(str)
    state_changed = Signal()
    result_shown = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blind_review_view")
        self.session = session
        self.state: BlindReviewState | None = None
        self.result: AgreementResult | None = None
        self._current: int | None = None
        self._job: Any = None

        self.size = QSpinBox(self)
        self.size.setObjectName("blind_sample_size")
        self.size.setRange(1, 100_000)
        self.size.setValue(DEFAULT_SIZE)
        self.seed = QLineEdit(self)
        self.seed.setObjectName("blind_seed")
        self.seed.setPlaceholderText(self.tr("random (recorded)"))
        self.seed.setMaximumWidth(140)
        self.draw_button = QPushButton(self.tr("&Draw a sample"), self)
        self.draw_button.clicked.connect(self._draw_clicked)
        self.result_button = QPushButton(self.tr("Show the &result"), self)
        self.result_button.setEnabled(False)
        self.result_button.clicked.connect(self._result_clicked)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Sample size"), self))
        controls.addWidget(self.size)
        controls.addWidget(QLabel(self.tr("Seed"), self))
        controls.addWidget(self.seed)
        controls.addWidget(self.draw_button)
        controls.addStretch(1)
        controls.addWidget(self.result_button)
        self.status = QLabel(self.tr("Reading the blind review…"), self)
        self.status.setObjectName("blind_status")
        self.status.setWordWrap(True)

        self.items = QListWidget(self)
        self.items.setObjectName("blind_items")
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.currentItemChanged.connect(lambda item, _previous: self._select(item))
        self.pane = ReviewPane(session, self, blind=True)
        self.pane.notice.connect(self.message)
        buttons = QHBoxLayout()
        self.category_buttons: dict[str, QPushButton] = {}
        for number, (category, meaning) in enumerate(CATEGORIES.items()):
            button = QPushButton(f"{number} · {category}", self)
            button.setToolTip(meaning)
            button.setObjectName(f"blind_{category}")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, category=category: self.decide(category))
            buttons.addWidget(button)
            self.category_buttons[category] = button
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.pane, 1)
        centre_layout.addLayout(buttons)

        self.result_label = QLabel("", self)
        self.result_label.setObjectName("blind_result")
        self.result_label.setWordWrap(True)
        self.confusion = QTableWidget(self)
        self.confusion.setObjectName("blind_confusion")
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.disagreements = QTableWidget(self)
        self.disagreements.setObjectName("blind_disagreements")
        self.disagreements.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results = QWidget(self)
        results_layout = QVBoxLayout(self.results)
        results_layout.addWidget(self.result_label)
        results_layout.addWidget(QLabel(self.tr("Confusion matrix (rows: examiner, columns: you)"), self))
        results_layout.addWidget(self.confusion, 1)
        results_layout.addWidget(QLabel(self.tr("Items that disagree"), self))
        results_layout.addWidget(self.disagreements, 1)
        self.results.setVisible(False)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.items)
        splitter.addWidget(centre)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._bind_keys()
        self.refresh()

    def _bind_keys(self) -> None:
        registry = shortcuts_of(self.session)
        if registry is None:
            return
        registry.register_context(CONTEXT, self.tr("Blind review"))
        for number, category in enumerate(CATEGORIES):
            action_id = f"blind_review.category_{number}"
            try:
                registry.register(action_id, self.tr("Blind review: decide {category}").format(category=category),
                                  str(number), CONTEXT)
            except ShortcutConflict:
                continue
            registry.bind(action_id, self, lambda category=category: self.decide(category))

    # ------------------------------------------------------------------------------------------------ reading

    def refresh(self) -> None:
        case = self.session.case
        self._job = self.session.jobs.read("blind review", lambda: review_state(case), self._show_state,
                                           self._failed)

    def _show_state(self, state: BlindReviewState | None) -> None:
        self._job = None
        self.state = state
        self.items.blockSignals(True)
        self.items.clear()
        if state is None:
            self.items.blockSignals(False)
            self.status.setText(self.tr("No sample drawn yet. Choose a size and draw one: the pictures are drawn at "
                                        "random from the examiner's categorised pictures, in proportion to each "
                                        "category."))
            self._set_deciding(False)
            self.pane.show_item(None)
            self.state_changed.emit()
            return
        sample = state.sample
        for position, file_id in enumerate(sample.file_ids, start=1):
            decided = state.decisions.get(file_id)
            text = self.tr("Item {n} of {total}").format(n=position, total=sample.size)
            item = QListWidgetItem(f"{text} — {decided}" if decided else text)
            item.setData(ID_ROLE, file_id)
            self.items.addItem(item)
        self.items.blockSignals(False)
        decided = len(state.decisions)
        self.status.setText(self.tr(
            "Sample of {size} drawn by {who} at {time} (seed {seed}, from {population} categorised pictures): "
            "{decided} decided, {pending} to go. The examiner's decisions stay hidden until you show the result."
        ).format(size=sample.size, who=sample.drawn_by, time=sample.time.replace("T", " ")[:19], seed=sample.seed,
                 population=sample.population, decided=decided, pending=len(state.pending)))
        self.result_button.setEnabled(decided > 0)
        self._set_deciding(True)
        target = self._current if self._current in sample.file_ids and self._current not in state.decisions else (
            state.pending[0] if state.pending else self._current if self._current in sample.file_ids else
            sample.file_ids[0])
        self._go_to(target)
        self.state_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self.status.setText(self.tr("The blind review could not be read: {reason}").format(reason=user_message(error)))
        self.message.emit(user_message(error))

    def _set_deciding(self, enabled: bool) -> None:
        for button in self.category_buttons.values():
            button.setEnabled(enabled and self.session.actor is not None)

    def _go_to(self, file_id: int | None) -> None:
        for row in range(self.items.count()):
            if self.items.item(row).data(ID_ROLE) == file_id:
                self.items.setCurrentRow(row)
                break
        if file_id != self.pane.file_id:
            self._current = file_id
            self.pane.show_item(file_id)

    def _select(self, item: QListWidgetItem | None) -> None:
        file_id = item.data(ID_ROLE) if item is not None else None
        if file_id != self._current:
            self._current = file_id
            self.pane.show_item(file_id)

    def current_id(self) -> int | None:
        return self._current

    # ----------------------------------------------------------------------------------------------- writing

    def _draw_clicked(self) -> None:
        text = self.seed.text().strip()
        if text and not text.isdigit():
            self.message.emit(self.tr("A seed is a whole number (or leave it empty for a random one)."))
            return
        if self.state is not None:
            answer = QMessageBox.question(self, self.tr("Draw a new sample"), self.tr(
                "A sample is drawn already. A new one replaces it for the result; the decisions made stay in the "
                "chain of custody. Draw a new sample?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.draw(self.size.value(), int(text) if text else None)

    def draw(self, size: int, seed: int | None = None) -> None:
        """Draw and record a sample (a custody event), then show its first item."""
        case = self.session.case
        self.results.setVisible(False)
        self.result = None
        self.session.jobs.write("draw a blind sample", lambda: draw_sample(case, size, seed=seed),
                                lambda _sample: self.refresh(), self._write_failed)

    def decide(self, category: str) -> None:
        """The supervisor's category for the current item (a custody event); then the next undecided item."""
        file_id, state = self._current, self.state
        if file_id is None or state is None:
            return
        if self.result is not None:
            self.message.emit(self.tr("The result has been shown: decisions made now would not be blind."))
            return
        case = self.session.case
        later = [item for item in state.sample.file_ids if item not in state.decisions and item != file_id]
        self._current = later[0] if later else file_id

        def done(_event: object) -> None:
            self.message.emit(self.tr("Recorded {category} for item {n}.").format(
                category=category, n=state.sample.file_ids.index(file_id) + 1))
            self.refresh()

        self.session.jobs.write("blind decision", lambda: record_decision(case, file_id, category), done,
                                self._write_failed)

    def _write_failed(self, error: BaseException) -> None:
        self.message.emit(user_message(error))
        self.status.setText(user_message(error))

    # ------------------------------------------------------------------------------------------------ result

    def _result_clicked(self) -> None:
        state = self.state
        if state is not None and state.pending:
            answer = QMessageBox.question(self, self.tr("Show the result"), self.tr(
                "{n} sampled items are still undecided. Showing the result now reveals the examiner's decisions; "
                "the undecided items are left out of it. Show it?").format(n=len(state.pending)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.show_result()

    def show_result(self) -> None:
        """Compare the examiner's decisions with the supervisor's (read in a job) and show them."""
        case = self.session.case
        self.session.jobs.read("blind review result", lambda: agreement(case), self._show_result, self._failed)

    def _show_result(self, result: AgreementResult) -> None:
        self.result = result
        self._set_deciding(False)
        kappa = "—" if result.kappa is None else f"{result.kappa:.3f}"
        agreed = "—" if result.agreement is None else f"{result.agreement:.1%}"
        self.result_label.setText(self.tr(
            "{n} items compared: agreement {agreement}, Cohen's kappa {kappa}, {disagree} disagree. The result goes "
            "into the signed review (Review → Sign the review…).").format(
            n=result.n, agreement=agreed, kappa=kappa, disagree=len(result.disagreements)))
        labels = list(result.labels)
        self.confusion.setRowCount(len(labels))
        self.confusion.setColumnCount(len(labels))
        self.confusion.setVerticalHeaderLabels(labels)
        self.confusion.setHorizontalHeaderLabels(labels)
        for row, counts in enumerate(result.confusion):
            for column, count in enumerate(counts):
                cell = QTableWidgetItem(str(count))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.confusion.setItem(row, column, cell)
        self.disagreements.setColumnCount(4)
        self.disagreements.setHorizontalHeaderLabels([self.tr("File"), self.tr("Path"), self.tr("Examiner"),
                                                      self.tr("You")])
        self.disagreements.setRowCount(len(result.disagreements))
        for row, item in enumerate(result.disagreements):
            for column, value in enumerate((item.file_id, item.path, item.examiner, item.supervisor)):
                self.disagreements.setItem(row, column, QTableWidgetItem(str(value)))
        self.results.setVisible(True)
        self.result_shown.emit()
