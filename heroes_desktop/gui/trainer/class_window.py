"""The trainer's class window: a folder of trainees' case files scored against the answer key, one row per trainee
and task (``training.class_table``, the same call as ``heroes training class``), with a detail pane of misses and
mistakes by path, CSV and HTML exports, and the program itself checked against the key (``heroes training check``).

A "Hand out copies…" action writes each trainee's copy of the processed case with the tasks sheet and never the
key (``heroes training hand-out``). The cases are opened, scored and checked in the application's background jobs; progress is a snapshot the worker
updates and a timer shows. The class passphrase is typed without echo and stays in this window only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.core.progress import CancelToken, Progress
from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.dialogs.open_case import FormProblem
from heroes_desktop.gui.jobs import Job, Jobs
from heroes_desktop.gui.theme import error_colour
from heroes_desktop.gui.trainer.hand_out_dialog import HandOutDialog
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import Check, check_case, summarise
from heroes_desktop.training.class_table import (
    ClassTable,
    build_class_table,
    duration_text,
    ratio_text,
    write_csv,
    write_html,
)

POLL_MS = 150
ROW_ROLE = Qt.ItemDataRole.UserRole
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
NOTES_WIDTH = 320  # the notes column's widest start (an error message can be long: the tooltip has it all)
VERDICT_ORDER = {False: 0, None: 1, True: 2}  # failed checks first, then not run, then passed


@dataclass
class _Snapshot:
    phase: str = ""
    done: int = 0
    total: int = 0


def _cells(row: dict[str, Any], not_scored: str) -> list[tuple[str, bool]]:
    """The table's cells for one class-table row: (text, is a number)."""
    who = row["trainee"] or row["case"]
    views = "-" if row["clear_views"] is None else str(row["clear_views"])
    if row["error"] is not None:
        return [(who, False), (row["case"], False), (not_scored, False)] + [("-", True)] * 9 + [(row["error"], False)]
    return [(who, False), (row["case"], False), (row["task"], False), (ratio_text(row["precision"]), True),
            (ratio_text(row["recall"]), True), (str(row["correct"]), True), (str(row["tagged"]), True),
            (str(row["expected"]), True), (str(len(row["missed"])), True), (str(len(row["mistaken"])), True),
            (duration_text(row["seconds_spent"]), True), (views, True),
            ("; ".join(row["notes"]), False)]


class CheckResultsDialog(QDialog):
    """What ``heroes training check`` says about one case: the counts, then each check, failed ones first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("check_results")
        self.setWindowTitle(self.tr("The program checked against the key"))
        self.results: list[Check] = []
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("checks")
        self.table.setHorizontalHeaderLabels([self.tr("Result"), self.tr("Item"), self.tr("Check"),
                                              self.tr("Detail")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def show_results(self, case_path: Path, results: list[Check]) -> None:
        self.results = list(results)
        counts = summarise(self.results)
        self.summary.setText(self.tr("{case}: {passed} passed, {failed} failed, {not_run} not run (a stage or a hash "
                                     "set the check needs is not in the case).").format(
            case=case_path.name, passed=counts["passed"], failed=counts["failed"], not_run=counts["not_run"]))
        ordered = sorted(self.results, key=lambda check: VERDICT_ORDER[check.ok])
        self.table.setRowCount(len(ordered))
        verdicts = {True: self.tr("passed"), False: self.tr("FAILED"), None: self.tr("not run")}
        for index, check in enumerate(ordered):
            for column, text in enumerate((verdicts[check.ok], check.item, check.what, check.detail)):
                self.table.setItem(index, column, QTableWidgetItem(text))


class ClassWindow(QWidget):
    """The class table. ``loaded`` when a table is shown, ``checked`` when check results are shown."""

    loaded = Signal(object)  # ClassTable
    checked = Signal(object)  # list[Check]
    exported = Signal(object)  # Path

    def __init__(self, jobs: Jobs, parent: QWidget | None = None, *, folder: Path | None = None,
                 key: Path | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("class_window")
        self.setWindowTitle(self.tr("Classroom: the trainees' results"))
        self.jobs = jobs
        self.table: ClassTable | None = None
        self.rows: list[dict[str, Any]] = []
        self.checks: list[Check] | None = None
        self.check_dialog: CheckResultsDialog | None = None
        self._jobs: list[Job] = []
        self._busy = False
        self._cancel: CancelToken | None = None
        self._lock = threading.Lock()
        self._snapshot = _Snapshot()

        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        self.folder.setPlaceholderText(self.tr("The folder of the trainees' case files (*.heroes)"))
        if folder is not None:
            self.folder.setText(str(folder))
        self.key = QLineEdit(self)
        self.key.setObjectName("key")
        self.key.setPlaceholderText(self.tr("answer-key.json, kept away from the trainees"))
        if key is not None:
            self.key.setText(str(key))
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.load)
        browse_folder = QPushButton(self.tr("&Browse…"), self)
        browse_folder.setObjectName("browse_folder")
        browse_folder.clicked.connect(self._browse_folder)
        browse_key = QPushButton(self.tr("Choose the ke&y…"), self)
        browse_key.setObjectName("browse_key")
        browse_key.clicked.connect(self._browse_key)
        form = QFormLayout()
        for label_text, field, button in ((self.tr("Trainees' &cases"), self.folder, browse_folder),
                                          (self.tr("&Answer key"), self.key, browse_key),
                                          (self.tr("Class &passphrase"), self.passphrase, None)):
            label = QLabel(label_text, self)
            label.setBuddy(field)
            row = QHBoxLayout()
            row.addWidget(field, 1)
            if button is not None:
                row.addWidget(button)
            form.addRow(label, row)
        self.load_button = QPushButton(self.tr("&Score the class"), self)
        self.load_button.setObjectName("load")
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.load)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.error = ErrorLine(self)

        headers = [self.tr("Trainee"), self.tr("Case"), self.tr("Task"), self.tr("Precision"), self.tr("Recall"),
                   self.tr("Right"), self.tr("Tagged"), self.tr("Expected"), self.tr("Missed"), self.tr("Mistaken"),
                   self.tr("Time spent"), self.tr("Clear views"), self.tr("Notes")]
        self.grid = QTableWidget(0, len(headers), self)
        self.grid.setObjectName("class_table")
        self.grid.setHorizontalHeaderLabels(headers)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.currentCellChanged.connect(lambda row, *_: self._show_detail(row))

        detail = QWidget(self)
        self.detail_title = QLabel(detail)
        self.detail_title.setObjectName("detail_title")
        self.detail_title.setWordWrap(True)
        self.missed = QListWidget(detail)
        self.missed.setObjectName("missed")
        self.mistaken = QListWidget(detail)
        self.mistaken.setObjectName("mistaken")
        missed_label = QLabel(self.tr("M&issed"), detail)
        missed_label.setBuddy(self.missed)
        mistaken_label = QLabel(self.tr("Mis&taken"), detail)
        mistaken_label.setBuddy(self.mistaken)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(missed_label)
        detail_layout.addWidget(self.missed, 1)
        detail_layout.addWidget(mistaken_label)
        detail_layout.addWidget(self.mistaken, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.grid)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([650, 450])

        self.csv_button = QPushButton(self.tr("Export CS&V…"), self)
        self.csv_button.setObjectName("export_csv")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.html_button = QPushButton(self.tr("Export &HTML…"), self)
        self.html_button.setObjectName("export_html")
        self.html_button.clicked.connect(lambda: self.export_html())
        self.check_button = QPushButton(self.tr("Check the program against the &key…"), self)
        self.check_button.setObjectName("check_program")
        self.check_button.setToolTip(self.tr("Compares what the program found in a processed training case with the "
                                             "answer key, item by item (heroes training check)."))
        self.check_button.clicked.connect(lambda: self.check_program())
        self.hand_out_button = QPushButton(self.tr("Hand &out copies…"), self)
        self.hand_out_button.setObjectName("hand_out")
        self.hand_out_button.setToolTip(self.tr("Copies a processed training case for each trainee, with the tasks "
                                                "and without the answer key (heroes training hand-out)."))
        self.hand_out_button.clicked.connect(self.hand_out)
        self.hand_out_dialog: HandOutDialog | None = None
        actions = QHBoxLayout()
        actions.addWidget(self.load_button)
        actions.addWidget(self.hand_out_button)
        actions.addStretch(1)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.html_button)
        actions.addWidget(self.check_button)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._show_progress)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, activated=self.close)
        self._set_busy(False)
        self.resize(1100, 640)

    # -------------------------------------------------------------------------------------------------- inputs

    def _browse_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("The trainees' case files"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _browse_key(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("The answer key"), self.key.text(),
                                                self.tr("Answer keys (*.json);;All files (*)"))
        if chosen:
            self.key.setText(chosen)

    def _key_path(self) -> Path:
        text = self.key.text().strip()
        if not text:
            raise FormProblem(self.tr("Choose the answer key."))
        return Path(text).expanduser()

    def _passphrase(self) -> str:
        if not self.passphrase.text():
            raise FormProblem(self.tr("Type the class passphrase (the trainees' cases open with it)."))
        return self.passphrase.text()

    def _folder(self) -> Path:
        text = self.folder.text().strip()
        if not text:
            raise FormProblem(self.tr("Choose the folder of the trainees' case files."))
        folder = Path(text).expanduser()
        if not folder.is_dir():
            raise FormProblem(self.tr("{path} is not a folder.").format(path=folder))
        return folder

    # ------------------------------------------------------------------------------------------- the class

    def load(self) -> None:
        """Score every case in the folder (in the background), then show the table."""
        if self._busy:
            return
        try:
            folder, key_path, passphrase = self._folder(), self._key_path(), self._passphrase()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        self.error.clear_message()
        cancel = self._cancel = CancelToken()
        with self._lock:
            self._snapshot = _Snapshot()

        def work() -> ClassTable:
            return build_class_table(folder, passphrase, read_key(key_path), progress=self._on_progress,
                                     cancel=cancel)

        self._set_busy(True, self.tr("Scoring the class…"))
        self._timer.start()
        self._submit("score the class", work, self._loaded)

    def _on_progress(self, progress: Progress) -> None:  # worker thread
        with self._lock:
            self._snapshot = _Snapshot(progress.phase, progress.items_done, progress.items_total)

    def _show_progress(self) -> None:
        with self._lock:
            snapshot = _Snapshot(**self._snapshot.__dict__)
        if snapshot.total:
            self.progress.setRange(0, snapshot.total)
            self.progress.setValue(min(snapshot.done, snapshot.total))
            self.status.setText(self.tr("Scoring {name} ({done} of {total})…").format(
                name=snapshot.phase, done=snapshot.done, total=snapshot.total))
        else:
            self.progress.setRange(0, 0)

    def _loaded(self, table: ClassTable) -> None:
        self._timer.stop()
        self.table = table
        self.rows = table.rows()
        self._set_busy(False)  # the exports need the table
        self.grid.setRowCount(len(self.rows))
        not_scored = self.tr("not scored")
        for index, row in enumerate(self.rows):
            for column, (text, number) in enumerate(_cells(row, not_scored)):
                item = QTableWidgetItem(text)
                item.setData(ROW_ROLE, index)
                if number:
                    item.setTextAlignment(NUMBER_ALIGN)
                if row["error"] is not None:
                    item.setToolTip(row["error"])
                    item.setForeground(QColor(error_colour()))
                self.grid.setItem(index, column, item)
        self.grid.resizeColumnsToContents()
        last = self.grid.columnCount() - 1
        self.grid.setColumnWidth(last, min(self.grid.columnWidth(last), NOTES_WIDTH))
        failed = sum(1 for result in table.trainees if result.error is not None)
        text = self.tr("{cases} case(s) scored against the key of seed {seed}.").format(
            cases=len(table.trainees) - failed, seed="-" if table.seed is None else table.seed)
        if failed:
            text += " " + self.tr("{failed} could not be opened: see their rows.").format(failed=failed)
        if table.cancelled:
            text += " " + self.tr("Stopped before the end.")
        if not table.trainees:
            text = self.tr("No case files (*.heroes) in this folder.")
        self.status.setText(text)
        if self.rows:
            self.grid.setCurrentCell(0, 0)
        self._show_detail(0 if self.rows else -1)  # also when the current cell was (0, 0) already
        self.loaded.emit(table)

    def _show_detail(self, index: int) -> None:
        self.missed.clear()
        self.mistaken.clear()
        if not 0 <= index < len(self.rows):
            self.detail_title.setText("")
            return
        row = self.rows[index]
        who = row["trainee"] or row["case"]
        if row["error"] is not None:
            self.detail_title.setText(self.tr("{who}: not scored: {error}").format(who=who, error=row["error"]))
            return
        self.detail_title.setText(self.tr("{who}, {task}: {description}").format(
            who=who, task=row["task"], description=row["description"]))
        for listing, entries, mistaken in ((self.missed, row["missed"], False), (self.mistaken, row["mistaken"], True)):
            for entry in entries:
                text = self._entry_text(entry, mistaken=mistaken)
                listing.addItem(text)
                listing.item(listing.count() - 1).setToolTip(text)

    def _entry_text(self, entry: dict[str, Any], *, mistaken: bool) -> str:
        path = str(entry.get("path"))
        if mistaken and entry.get("tagged"):
            return self.tr("{path} (tagged {tagged}, expected {expected})").format(
                path=path, tagged=entry["tagged"], expected=entry.get("expected") or self.tr("nothing"))
        if entry.get("expected"):
            return self.tr("{path} (expected {expected})").format(path=path, expected=entry["expected"])
        return path

    # ------------------------------------------------------------------------------------------------ exports

    def export_csv(self, out: Path | None = None) -> None:
        self._export(out, self.tr("Export the class table as CSV"), "class-results.csv",
                     self.tr("CSV files (*.csv);;All files (*)"), write_csv)

    def export_html(self, out: Path | None = None) -> None:
        self._export(out, self.tr("Export the class table as HTML"), "class-results.html",
                     self.tr("HTML pages (*.html);;All files (*)"), write_html)

    def _export(self, out: Path | None, title: str, default_name: str, filters: str, writer: Any) -> None:
        if self.table is None or self._busy:
            return
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(self, title, str(self.table.folder / default_name), filters)
            if not chosen:
                return
            out = Path(chosen)
        table, target = self.table, Path(out)
        self._set_busy(True, self.tr("Writing {path}…").format(path=target))
        self._submit("export the class table", lambda: writer(table, target), self._written)

    def _written(self, path: Path) -> None:
        self._set_busy(False)
        self.status.setText(self.tr("Written: {path}").format(path=path))
        self.exported.emit(path)

    # -------------------------------------------------------------------------------------------- the check

    def selected_case(self) -> Path | None:
        index = self.grid.currentRow()
        return Path(self.rows[index]["case_path"]) if 0 <= index < len(self.rows) else None

    def check_program(self, case_path: Path | None = None) -> None:
        """``heroes training check`` on one processed case (the selected trainee's unless another is chosen)."""
        if self._busy:
            return
        try:
            key_path, passphrase = self._key_path(), self._passphrase()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        if case_path is None:
            start = self.selected_case() or Path(self.folder.text().strip() or Path.home())
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("The processed training case to check"),
                                                    str(start), self.tr("HEROES cases (*.heroes);;All files (*)"))
            if not chosen:
                return
            case_path = Path(chosen)
        self.error.clear_message()
        target = Path(case_path)

        def work() -> list[Check]:
            key = read_key(key_path)
            with Case.open(target, passphrase, mode=OpenMode.READ_ONLY) as case:
                return check_case(case, key)

        self._set_busy(True, self.tr("Checking {name} against the key…").format(name=target.name))
        self._submit("check the program against the key", work, lambda results: self._checked(target, results))

    def _checked(self, case_path: Path, results: list[Check]) -> None:
        self._set_busy(False)
        self.checks = list(results)
        counts = summarise(self.checks)
        self.status.setText(self.tr("{name}: {passed} checks passed, {failed} failed, {not_run} not run.").format(
            name=case_path.name, passed=counts["passed"], failed=counts["failed"], not_run=counts["not_run"]))
        if self.check_dialog is None:
            self.check_dialog = CheckResultsDialog(self)
        self.check_dialog.show_results(case_path, self.checks)
        self.check_dialog.show()
        self.check_dialog.raise_()
        self.checked.emit(self.checks)

    # ------------------------------------------------------------------------------------------------ hand out

    def hand_out(self) -> None:
        """The hand-out dialog (non-modal: the class table stays usable)."""
        if self.hand_out_dialog is None:
            key = self.key.text().strip()
            self.hand_out_dialog = HandOutDialog(self.jobs, Path(key) if key else None, self)
            if self.folder.text().strip():
                self.hand_out_dialog.folder.setText(self.folder.text().strip())
        self.hand_out_dialog.show()
        self.hand_out_dialog.raise_()

    # ------------------------------------------------------------------------------------------------- plumbing

    def _submit(self, name: str, work: Any, on_done: Any) -> None:
        job = self.jobs.read(name, work, lambda result: self._finish(job, on_done, result),
                             lambda error: self._finish(job, self._failed, error))
        self._jobs.append(job)

    def _finish(self, job: Job, handler: Any, value: Any) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        handler(value)

    def _failed(self, error: BaseException) -> None:
        self._timer.stop()
        self._set_busy(False)
        self.status.clear()
        self.error.show_error(error)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.load_button, self.check_button, self.folder, self.key, self.passphrase):
            widget.setEnabled(not busy)
        for button in (self.csv_button, self.html_button):
            button.setEnabled(not busy and self.table is not None)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(text)

    @property
    def busy(self) -> bool:
        return self._busy

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops the scoring at the next case; results still on their way are dropped."""
        if self._cancel is not None:
            self._cancel.cancel()
        for job in self._jobs:
            job.cancel()
        self._jobs.clear()
        self._timer.stop()
        for dialog in (self.check_dialog, self.hand_out_dialog):
            if dialog is not None and not getattr(dialog, "busy", False):
                dialog.close()
        super().closeEvent(event)
