"""The Topics panel: what the case's documents talk about. The latest model's summary, its topics (the examiner's
label, or the automatic one in italics, with their top terms and weights and how many documents each leads), the
files most about the chosen topic, files like a chosen file, the examiner's names for topics, and modelling again
with a fixed number of topics (a custody event, like ``heroes topics --run --topics K``).

Every core call runs in a background job (``heroes_desktop.nlp.topic_browse``); modelling again is a write job whose
progress the panel polls on a timer and which a Cancel button stops between steps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.browse.file_query import Scope
from heroes_desktop.core.errors import HeroesError
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import ShortcutConflict, ShortcutRegistry, shortcuts_of
from heroes_desktop.nlp.topic_browse import (
    MAX_LABEL_CHARS,
    NoTopics,
    SimilarDocumentRow,
    TopicDocumentRow,
    TopicNotFound,
    TopicOverview,
    TopicSummary,
    documents_like,
    label_topic,
    remodel_topics,
    topic_documents,
    topic_overview,
    why_no_topics,
)
from heroes_desktop.nlp.topics import NotEnoughDocuments, TopicsCancelled

log = logging.getLogger("heroes.gui")

TOPICS_CONTEXT = "topics"
SHOW_IN_TABLE_ACTION = "topics.show_in_table"
FILES_LIKE_ACTION = "topics.files_like"
RENAME_ACTION = "topics.rename"
REMODEL_ACTION = "topics.remodel"
TOPIC_FILES = 100  # files listed for a topic
LIKE_FILES = 25  # files listed as like a file
TERMS_SHOWN = 5  # terms in the list's column; the tooltip has all of them
POLL_MS = 150
DEFAULT_K = 6
MAX_K = 50

ID_ROLE = Qt.ItemDataRole.UserRole


class TopicsView(QWidget):
    """Signals: ``file_requested(file_id)`` (Enter or a double-click on a file), ``query_part_changed({"scope":
    Scope})`` ("Show these files in the table"), ``message(text)`` for the status line. Methods: :meth:`refresh`,
    :meth:`show_like`, :meth:`select_topic`, :meth:`show_in_table`, :meth:`rename_topic`, :meth:`set_topic_label`,
    :meth:`remodel`, :meth:`cancel_remodel`, :meth:`shutdown`."""

    file_requested = Signal(int)
    query_part_changed = Signal(object)
    message = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *,
                 registry: ShortcutRegistry | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("topics")
        self._session = session
        self._registry = registry or shortcuts_of(session)
        self.overview: TopicOverview | None = None
        self.absence: NoTopics | None = None
        self._mode = "topic"  # what the files table lists: "topic" (its files) or "like" (files like a file)
        self._topic: int | None = None
        self._like_of: int | None = None
        self._names: dict[int, str] = {}
        self._file_ids: list[int] = []
        self._jobs: dict[str, Job] = {}
        self._loaded = False
        self._mask: Callable[[str | None], str] | None = None
        self._remodel_cancel: threading.Event | None = None
        self._progress: tuple[int, int] = (0, 0)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._show_progress)
        self._build()
        self.actions_by_id: dict[str, QAction] = {}
        self._register()
        self._update_enabled()
        if load:
            self.refresh()

    # -- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel(self)
        self.summary.setObjectName("topics_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.topic_list = QTreeWidget(self)
        self.topic_list.setObjectName("topics_list")
        self.topic_list.setAccessibleName(self.tr("Topics"))
        self.topic_list.setAccessibleDescription(self.tr("Each topic's name, how many documents it leads, and its "
                                                         "top terms with their weights"))
        self.topic_list.setHeaderLabels([self.tr("Topic"), self.tr("Documents"), self.tr("Top terms (weight)")])
        self.topic_list.setRootIsDecorated(False)
        self.topic_list.setUniformRowHeights(True)
        self.topic_list.setAllColumnsShowFocus(True)
        self.topic_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.topic_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.topic_list.header()
        header.setStretchLastSection(True)
        header.resizeSection(0, 220)
        header.resizeSection(1, 80)
        self.topic_list.itemSelectionChanged.connect(self._topic_chosen)

        self.files_heading = QLabel(self)
        self.files_heading.setObjectName("topics_files_heading")
        self.files_heading.setWordWrap(True)
        self.files = QTableWidget(0, 4, self)
        self.files.setObjectName("topics_files")
        self.files.setAccessibleName(self.tr("Files of the topic"))
        self.files.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Share"), self.tr("Main topic"),
                                              self.tr("Path")])
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setTabKeyNavigation(False)
        self.files.verticalHeader().setVisible(False)
        self.files.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.files.horizontalHeader().setStretchLastSection(True)
        self.files.horizontalHeader().resizeSection(0, 240)
        self.files.activated.connect(self._file_activated)  # Enter, and a double-click
        self.files.itemSelectionChanged.connect(self._update_enabled)
        self.files_heading.setBuddy(self.files)

        self.show_button = QPushButton(self.tr("Show these files in the table"), self)
        self.show_button.clicked.connect(self.show_in_table)
        self.like_button = QPushButton(self.tr("Files like this one"), self)
        self.like_button.clicked.connect(self._like_selected)
        self.rename_button = QPushButton(self.tr("Rename topic…"), self)
        self.rename_button.clicked.connect(self.rename_topic)

        self.k_label = QLabel(self.tr("Model again with"), self)
        self.k_spin = QSpinBox(self)
        self.k_spin.setObjectName("topics_k")
        self.k_spin.setRange(1, MAX_K)
        self.k_spin.setValue(DEFAULT_K)
        self.k_spin.setSuffix(self.tr(" topics"))
        self.k_spin.setAccessibleName(self.tr("Number of topics to model"))
        self.k_label.setBuddy(self.k_spin)
        self.remodel_button = QPushButton(self.tr("Model again"), self)
        self.remodel_button.clicked.connect(lambda: self.remodel())
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Topic modelling progress"))
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_remodel)

        self.status = QLabel(self)
        self.status.setObjectName("topics_status")
        self.status.setWordWrap(True)
        self.message.connect(self.status.setText)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.topic_list, 1)
        left_layout.addWidget(self.rename_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.files_heading)
        right_layout.addWidget(self.files, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.like_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        remodel_row = QHBoxLayout()
        remodel_row.addWidget(self.k_label)
        remodel_row.addWidget(self.k_spin)
        remodel_row.addWidget(self.remodel_button)
        remodel_row.addWidget(self.progress, 1)
        remodel_row.addWidget(self.cancel_button)
        remodel_row.addStretch(0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(remodel_row)
        layout.addWidget(self.status)
        self.setFocusProxy(self.topic_list)
        self.setTabOrder(self.topic_list, self.rename_button)
        self.setTabOrder(self.rename_button, self.files)
        self.setTabOrder(self.files, self.show_button)
        self.setTabOrder(self.show_button, self.like_button)
        self.setTabOrder(self.like_button, self.k_spin)
        self.setTabOrder(self.k_spin, self.remodel_button)

    def _register(self) -> None:
        registry = self._registry
        registry.register_context(TOPICS_CONTEXT, self.tr("Topics"))
        declared = (
            (SHOW_IN_TABLE_ACTION, self.tr("Show the listed files in the file table"), "Ctrl+T", self.show_in_table,
             self.show_button),
            (FILES_LIKE_ACTION, self.tr("Files like the selected file"), "Ctrl+Shift+L", self._like_selected,
             self.like_button),
            (RENAME_ACTION, self.tr("Rename the selected topic…"), "F2", self.rename_topic, self.rename_button),
            (REMODEL_ACTION, self.tr("Model the topics again with the number chosen"), "Ctrl+Shift+M",
             self.remodel, self.remodel_button),
        )
        for action_id, title, key, callback, button in declared:
            try:
                registry.register(action_id, title, key, TOPICS_CONTEXT)
            except ShortcutConflict as error:  # a key the window took since: the button still works
                log.warning("topics: %s is not bound to %s: %s", action_id, key, error)
                registry.register(action_id, title, None, TOPICS_CONTEXT)
            action = registry.bind(action_id, self, callback)
            self.actions_by_id[action_id] = action
            shown = registry.key(action_id)
            if shown:
                button.setToolTip(self.tr("%1 (%2)").replace("%1", title).replace("%2", shown))

    # -- public ---------------------------------------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str:
        if not self._session.read_only:
            return ""
        return self.tr("This case is open read-only (or for review): topics cannot be renamed or modelled again")

    @property
    def loading(self) -> bool:
        """Whether something is still being read (the overview, a topic's files, files like a file)."""
        return bool(self._jobs) or not self._loaded

    @property
    def remodelling(self) -> bool:
        return self._remodel_cancel is not None

    def current_topic(self) -> int | None:
        item = self.topic_list.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None and item.isSelected() else None

    def listed_file_ids(self) -> list[int]:
        """The files in the table, in their order."""
        return list(self._file_ids)

    def selected_file_id(self) -> int | None:
        row = self.files.currentRow()
        return self._file_ids[row] if 0 <= row < len(self._file_ids) else None

    def refresh(self) -> Job:
        """Read the latest model again (after an ingest commit, a label, a new model), keeping the chosen topic
        when the model is the same."""
        case = self._session.case

        def work() -> tuple[TopicOverview | None, NoTopics | None]:
            overview = topic_overview(case)
            return overview, (why_no_topics(case) if overview is None else None)

        def done(result: tuple[TopicOverview | None, NoTopics | None]) -> None:
            self._loaded = True
            self._show_overview(*result)

        return self._read("overview", work, done)

    def select_topic(self, number: int) -> bool:
        """Choose topic ``number``: the files most about it are listed. False when the model has no such topic."""
        for row in range(self.topic_list.topLevelItemCount()):
            item = self.topic_list.topLevelItem(row)
            if int(item.data(0, ID_ROLE)) == number:
                self.topic_list.setCurrentItem(item)
                item.setSelected(True)
                return True
        return False

    def show_like(self, file_id: int) -> Job:
        """List the files whose topics are closest to ``file_id``'s, most similar first."""
        self._mode, self._like_of = "like", file_id
        case = self._session.case
        self.files_heading.setText(self.tr("Reading the files like %1…").replace("%1", self._file_title(file_id)))

        def failed(error: BaseException) -> None:
            if isinstance(error, TopicNotFound):
                self._show_files([], self.tr("File %1 has no topics: it is not in the model (no text, or too few "
                                             "words)").replace("%1", self._file_title(file_id)))
            else:
                self._failed(error, "topics: files like")

        return self._read("files", lambda: documents_like(case, file_id, LIKE_FILES),
                          lambda rows: self._show_like_rows(file_id, rows), failed)

    def show_in_table(self) -> bool:
        """Scope the file table to the listed files (``query_part_changed({"scope": Scope})``)."""
        if not self._file_ids:
            self.message.emit(self.tr("No files are listed to show in the table"))
            return False
        if self._mode == "like" and self._like_of is not None:
            label = self.tr("Like %1").replace("%1", self._file_title(self._like_of))
        else:
            label = self.tr("Topic: %1").replace("%1", self._topic_title(self._topic))
        self.query_part_changed.emit({"scope": Scope.of_ids(self._file_ids, label)})
        return True

    def rename_topic(self) -> QInputDialog | None:
        """Ask for the selected topic's name (a window-modal dialog; empty gives back the automatic name)."""
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return None
        number = self.current_topic()
        if self.overview is None or number is None:
            self.message.emit(self.tr("Choose a topic to rename"))
            return None
        summary = self.overview.topic(number)
        dialog = QInputDialog(self)
        dialog.setObjectName("topics_rename_dialog")
        dialog.setWindowTitle(self.tr("Rename topic"))
        dialog.setLabelText(self.tr("Name of the topic “%1” (leave empty for the automatic name):")
                            .replace("%1", summary.automatic_label))
        dialog.setTextValue(summary.label or "")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        model_id = self.overview.model_id
        dialog.textValueSelected.connect(lambda text: self.set_topic_label(number, text, model_id=model_id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def set_topic_label(self, number: int, label: str, *, model_id: int | None = None) -> Job | None:
        """Record the examiner's name for topic ``number`` (a custody event); the list shows it once written."""
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return None
        if self.overview is None:
            return None
        if len(label.strip()) > MAX_LABEL_CHARS:
            self.message.emit(self.tr("A topic's name has at most %1 characters").replace("%1", str(MAX_LABEL_CHARS)))
            return None
        case, model = self._session.case, model_id or self.overview.model_id

        def done(details: dict[str, Any]) -> None:
            name = details.get("label") or self.tr("the automatic name")
            self.message.emit(self.tr("Topic %1 renamed: %2").replace("%1", str(number)).replace("%2", name))
            self.refresh()

        self.message.emit(self.tr("Writing the topic's name…"))
        return self._session.jobs.write("topics: label", lambda: label_topic(case, model, number, label), done,
                                        lambda error: self._failed(error, "topics: label"))

    def remodel(self, num_topics: int | None = None) -> Job | None:
        """Model the topics again with ``num_topics`` (the spin box's value by default): a write job with progress;
        the panel reads the new model when it is in."""
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return None
        if self.remodelling:
            self.message.emit(self.tr("The topics are already being modelled"))
            return None
        k = int(num_topics if num_topics is not None else self.k_spin.value())
        cancel = threading.Event()
        self._remodel_cancel, self._progress = cancel, (0, 0)
        case = self._session.case

        def progress(done: int, total: int) -> None:  # on the writer thread: a snapshot the timer reads
            self._progress = (done, total)

        def finished(model_id: int) -> None:
            self._remodel_ended()
            self.message.emit(self.tr("The topics were modelled again: %1 topics").replace("%1", str(k)))
            self.refresh()

        def failed(error: BaseException) -> None:
            self._remodel_ended()
            if isinstance(error, TopicsCancelled):
                self.message.emit(self.tr("Modelling cancelled: the previous model stays"))
            elif isinstance(error, NotEnoughDocuments):
                self.message.emit(self.tr("Too few documents with enough words to model topics"))
            else:
                self._failed(error, "topics: model again")

        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self._update_enabled()
        self._poll.start()
        self.message.emit(self.tr("Modelling the topics again with %1 topics…").replace("%1", str(k)))
        return self._session.jobs.write("topics: model again",
                                        lambda: remodel_topics(case, k, progress, cancel.is_set), finished, failed)

    def cancel_remodel(self) -> None:
        """Stop modelling at the next step; nothing is written."""
        if self._remodel_cancel is not None:
            self._remodel_cancel.set()
            self.cancel_button.setEnabled(False)
            self.message.emit(self.tr("Cancelling…"))

    def presentation_changed(self, enabled: bool) -> None:
        """Presentation-safe mode: file names and paths masked."""
        from heroes_desktop.gui.exposure import mask_text

        self._mask = mask_text if enabled else None
        self.refresh()  # lists the files again, masked or not

    def shutdown(self) -> None:
        """Before the case closes: reads dropped, a modelling run told to stop."""
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        if self._remodel_cancel is not None:
            self._remodel_cancel.set()
        self._poll.stop()

    # -- showing --------------------------------------------------------------------------------------------------

    def _show_overview(self, overview: TopicOverview | None, absence: NoTopics | None) -> None:
        same_model = self.overview is not None and overview is not None and self.overview.model_id == overview.model_id
        first_model = overview is not None and (self.overview is None or not same_model)
        keep = self._topic if same_model else None
        self.overview, self.absence = overview, absence
        self.topic_list.blockSignals(True)
        self.topic_list.clear()
        self.topic_list.blockSignals(False)
        if overview is None:
            self.summary.setText(self._absence_text(absence))
            self._topic = None
            if self._mode == "topic":
                self._show_files([], "")
            self._update_enabled()
            return
        self.summary.setText(self._summary_text(overview))
        if first_model and not self.remodelling:
            self.k_spin.setValue(min(overview.num_topics, MAX_K))
        for summary in overview.topics:
            self.topic_list.addTopLevelItem(self._topic_item(summary))
        if self._mode == "like" and self._like_of is not None:
            if keep is not None:  # the topic stays chosen, but the files like the file stay listed (read again)
                self.topic_list.blockSignals(True)
                self.select_topic(keep)
                self.topic_list.blockSignals(False)
            self.show_like(self._like_of)
        else:
            self._topic = None  # list the topic's files again: names of topics may have changed
            self.select_topic(keep if keep is not None else overview.topics[0].number)
        self._update_enabled()

    def _topic_item(self, summary: TopicSummary) -> QTreeWidgetItem:
        terms = " · ".join(f"{term.replace('_', ' ')} {weight:.3f}" for term, weight in summary.terms[:TERMS_SHOWN])
        item = QTreeWidgetItem([summary.title, str(summary.document_count), terms])
        item.setData(0, ID_ROLE, summary.number)
        item.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
        if summary.label is None:
            font = QFont(item.font(0))
            font.setItalic(True)
            item.setFont(0, font)
            item.setToolTip(0, self.tr("Automatic name (its top three terms); F2 to rename"))
        else:
            item.setToolTip(0, self.tr("Named by the examiner; automatic name: %1").replace(
                "%1", summary.automatic_label))
        every = "\n".join(f"{term.replace('_', ' ')}\t{weight:.4f}" for term, weight in summary.terms)
        item.setToolTip(2, every)
        accessible = self.tr("%1, %2 documents, terms: %3").replace("%1", summary.title).replace(
            "%2", str(summary.document_count)).replace("%3", terms)
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, accessible)
        return item

    def _summary_text(self, overview: TopicOverview) -> str:
        chosen = (self.tr("chosen by the examiner") if overview.chosen_by == "examiner"
                  else self.tr("chosen by coherence"))
        coherence = ("–" if overview.coherence is None
                     else f"{overview.coherence:.3f}")
        return (self.tr("%1 topics over %2 documents, %3 (coherence %4)")
                .replace("%1", str(overview.num_topics)).replace("%2", str(overview.documents))
                .replace("%3", chosen).replace("%4", coherence))

    def _absence_text(self, absence: NoTopics | None) -> str:
        if absence is not None and absence.too_few_documents:
            return (self.tr("No topics: only %1 files of this case have text, and topic modelling needs at least "
                            "%2 documents.").replace("%1", str(absence.documents)).replace("%2", str(absence.minimum)))
        count = str(absence.documents) if absence is not None else "?"
        return self.tr("No topics yet: the topics stage has not modelled this case's %1 documents with text (it has "
                       "not run, or their texts share too few words). Model them with the button below.").replace(
                           "%1", count)

    def _topic_chosen(self) -> None:
        number = self.current_topic()
        self._update_enabled()
        if number is None or (number == self._topic and self._mode == "topic"):
            return
        self._list_topic(number)

    def _list_topic(self, number: int) -> Job:
        self._mode, self._topic = "topic", number
        case, model_id = self._session.case, self.overview.model_id if self.overview else None
        title = self._topic_title(number)
        self.files_heading.setText(self.tr("Reading the files of “%1”…").replace("%1", title))
        return self._read("files", lambda: topic_documents(case, number, TOPIC_FILES, model_id=model_id),
                          lambda rows: self._show_topic_rows(number, rows))

    def _show_topic_rows(self, number: int, rows: list[TopicDocumentRow]) -> None:
        heading = self.tr("%1 files most about “%2”, the largest share first").replace(
            "%1", str(len(rows))).replace("%2", self._topic_title(number))
        self.files.setAccessibleName(self.tr("Files of the topic"))
        self.files.horizontalHeaderItem(1).setText(self.tr("Share"))
        self._show_files([(row.file_id, row.name, row.path, row.share, row.main_topic) for row in rows], heading)

    def _show_like_rows(self, file_id: int, rows: list[SimilarDocumentRow]) -> None:
        heading = self.tr("%1 files whose topics are like those of %2, the most similar first").replace(
            "%1", str(len(rows))).replace("%2", self._file_title(file_id))
        self.files.setAccessibleName(self.tr("Files like the chosen file"))
        self.files.horizontalHeaderItem(1).setText(self.tr("Similarity"))
        self._show_files([(row.file_id, row.name, row.path, row.similarity, row.main_topic) for row in rows],
                         heading)

    def _show_files(self, rows: list[tuple[int, str, str, float, int | None]], heading: str) -> None:
        self.files_heading.setText(heading)
        self._file_ids = [file_id for file_id, *_ in rows]
        self.files.setRowCount(len(rows))
        mask = self._mask
        for row, (file_id, name, path, value, main_topic) in enumerate(rows):
            self._names[file_id] = name
            cells = (mask(name) if mask else name, f"{value:.0%}",
                     self._topic_title(main_topic) if main_topic is not None else "", mask(path) if mask else path)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setData(Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
                    item.setToolTip(f"{value:.4f}")
                self.files.setItem(row, column, item)
        if rows:
            self.files.setCurrentCell(0, 0)
        self._update_enabled()

    def _topic_title(self, number: int | None) -> str:
        if self.overview is None or number is None:
            return "" if number is None else str(number)
        try:
            return self.overview.topic(number).title
        except TopicNotFound:
            return str(number)

    def _file_title(self, file_id: int) -> str:
        name = self._names.get(file_id)
        if name and self._mask is not None:
            name = self._mask(name)
        return self.tr("%1 (file %2)").replace("%1", name).replace("%2", str(file_id)) if name else \
            self.tr("file %1").replace("%1", str(file_id))

    # -- acting ---------------------------------------------------------------------------------------------------

    def _file_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._file_ids):
            self.file_requested.emit(self._file_ids[index.row()])

    def _like_selected(self) -> Job | None:
        file_id = self.selected_file_id()
        if file_id is None:
            self.message.emit(self.tr("Choose a file in the list first"))
            return None
        return self.show_like(file_id)

    def _update_enabled(self) -> None:
        reason = self.read_only_reason
        has_files = bool(self._file_ids)
        self.show_button.setEnabled(has_files)
        self.like_button.setEnabled(self.selected_file_id() is not None)
        can_rename = not reason and self.current_topic() is not None
        self.rename_button.setEnabled(can_rename)
        can_remodel = not reason and not self.remodelling
        self.remodel_button.setEnabled(can_remodel)
        self.k_spin.setEnabled(can_remodel)
        for action_id, enabled in ((SHOW_IN_TABLE_ACTION, has_files), (RENAME_ACTION, can_rename),
                                   (REMODEL_ACTION, can_remodel), (FILES_LIKE_ACTION, self.like_button.isEnabled())):
            action = self.actions_by_id.get(action_id) if hasattr(self, "actions_by_id") else None
            if action is not None:
                action.setEnabled(enabled)
        if reason:
            for widget in (self.rename_button, self.remodel_button, self.k_spin):
                widget.setToolTip(reason)
            self.status.setText(reason)

    def _show_progress(self) -> None:
        done, total = self._progress
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _remodel_ended(self) -> None:
        self._remodel_cancel = None
        self._poll.stop()
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_enabled()

    def _read(self, slot: str, work: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None) -> Job:
        """A read in ``slot`` ("overview" or "files"); a newer read in the same slot supersedes the older."""
        previous = self._jobs.pop(slot, None)
        if previous is not None:
            previous.cancel()

        def done(result: Any) -> None:
            self._jobs.pop(slot, None)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._jobs.pop(slot, None)
            (on_error or (lambda caught: self._failed(caught, f"topics: {slot}")))(error)

        job = self._session.jobs.read(f"topics: {slot}", work, done, failed)
        self._jobs[slot] = job
        return job

    def _failed(self, error: BaseException, where: str) -> None:
        if not isinstance(error, HeroesError):
            report_unexpected(error, where)
        self.message.emit(self.tr("Topics: %1").replace("%1", user_message(error)))
