"""The training case: build the bundled training evidence into a folder the examiner picks, process it into a case
with every installed stage (``heroes demo``), with progress, then open it. It runs in the application's jobs (no
case is open yet); the progress is a snapshot the worker updates and a timer shows (nothing per item crosses to
the GUI thread). The demo passphrases are fixed and shown: a training case protects nothing."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.core.progress import CancelToken, Progress
from heroes_desktop.gui.dialogs import ErrorLine, remember_recent_case
from heroes_desktop.gui.dialogs.open_case import FormProblem
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.training.demo import (
    DEMO_CASE_NAME,
    DEMO_CASE_PASSPHRASE,
    DEMO_EXAMINER,
    DEMO_KEY_PASSPHRASE,
    DemoResult,
    run_demo,
)

POLL_MS = 150
DEMO_OUTPUTS = {"evidence", "profile", DEMO_CASE_NAME}  # what a previous build left (rebuilt, never kept)


def open_demo_case(result: DemoResult) -> Case:
    """The finished demo case, open read-write as the demo examiner with the demo's own key (off the GUI thread)."""
    actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(result.case_path.parent / "profile", actor.name, DEMO_KEY_PASSPHRASE,
                                     training=True)
    return Case.open(result.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                     purpose="training")


def demo_session(case: Case) -> CaseSession:
    """A session around the open demo case (on the GUI thread)."""
    remember_recent_case(case.path)
    session = CaseSession(case, case.actor, Jobs(), passphrase=DEMO_CASE_PASSPHRASE,
                          key_passphrase=DEMO_KEY_PASSPHRASE)
    session.key_profile = case.path.parent / "profile"  # where the demo key lives
    return session


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot take the training case (None when it can: new, empty, or a previous build)."""
    if folder.exists() and not folder.is_dir():
        return "not a folder"
    if folder.is_dir():
        names = {child.name for child in folder.iterdir()}
        leftovers = {name for name in names if name not in DEMO_OUTPUTS and not name.startswith(DEMO_CASE_NAME)}
        if leftovers:
            return "not empty"
    return None


@dataclass
class _Snapshot:
    """The latest word from the worker, read by the timer on the GUI thread."""

    message: str = ""
    phase: str = ""
    done: int = 0
    total: int = 0


class TrainingCaseDialog(QDialog):
    """Builds and opens the training case; ``session`` holds it once accepted."""

    opened = Signal(object)  # CaseSession

    def __init__(self, jobs: Jobs, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open the training case"))
        self.setObjectName("training_case_dialog")
        self.jobs = jobs
        self.session: CaseSession | None = None
        self._busy = False
        self._cancel: CancelToken | None = None
        self._lock = threading.Lock()
        self._snapshot = _Snapshot()

        intro = QLabel(self.tr(
            "Builds the bundled training evidence (harmless made-up files: documents, pictures, chats, deleted "
            "files) into the folder you choose, processes it into a new case with every installed stage, and "
            "opens it. It takes a minute or two."), self)
        intro.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        self.folder.setText(str(folder if folder is not None else Path.home() / "HEROES training"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        folder_label = QLabel(self.tr("&Folder"), self)
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        self.seed = QSpinBox(self)
        self.seed.setObjectName("seed")
        self.seed.setRange(1, 2**31 - 1)
        self.seed.setValue(1)
        self.seed.setToolTip(self.tr("The same seed builds the same evidence and answer key: give each class, or each "
                                     "exercise, its own."))
        seed_label = QLabel(self.tr("&Seed"), self)
        seed_label.setBuddy(self.seed)
        form.addRow(seed_label, self.seed)
        secrets = QLabel(self.tr("Case passphrase: {case}   Signing key of \u201c{who}\u201d: {key}\n"
                                 "A training case only: never put real evidence in it.").format(
            case=DEMO_CASE_PASSPHRASE, who=DEMO_EXAMINER, key=DEMO_KEY_PASSPHRASE), self)
        secrets.setObjectName("demo_passphrases")
        secrets.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(self)
        self.build_button = self.buttons.addButton(self.tr("&Build and open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.build_button.setObjectName("build")
        self.build_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._show_progress)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(secrets)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the training case"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen_folder(self) -> Path:
        text = self.folder.text().strip()
        if not text:
            raise FormProblem(self.tr("Choose a folder for the training case."))
        folder = Path(text).expanduser()
        problem = folder_problem(folder)
        if problem == "not a folder":
            raise FormProblem(self.tr("{path} is a file, not a folder.").format(path=folder))
        if problem == "not empty":
            raise FormProblem(self.tr("{path} holds other files: choose a new or empty folder (a training case "
                                      "built there before is rebuilt).").format(path=folder))
        return folder

    # ---------------------------------------------------------------------------------------------- work

    def _start(self) -> None:
        if self._busy:
            return
        try:
            folder = self.chosen_folder()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        self.error.clear_message()
        self._cancel = CancelToken()
        cancel = self._cancel
        seed = self.seed.value()
        self._set_busy(True)
        self._timer.start()
        opening = self.tr("opening the training case")

        def work() -> Case | DemoResult:
            result = run_demo(folder, seed=seed, progress=self._on_progress, say=self._on_say, cancel=cancel)
            if result.summary.get("ingest") != "finished" or cancel.cancelled:
                return result
            self._on_say(opening)
            return open_demo_case(result)

        self.jobs.write("training case", work, on_done=self._finished, on_error=self._failed)

    def _on_progress(self, progress: Progress) -> None:  # worker thread
        with self._lock:
            self._snapshot.phase = progress.phase
            self._snapshot.done = progress.items_done
            self._snapshot.total = progress.items_total

    def _on_say(self, message: str) -> None:  # worker thread
        with self._lock:
            self._snapshot.message = message

    def _show_progress(self) -> None:
        with self._lock:
            snapshot = _Snapshot(**self._snapshot.__dict__)
        if snapshot.total:
            self.progress.setRange(0, snapshot.total)
            self.progress.setValue(min(snapshot.done, snapshot.total))
        else:
            self.progress.setRange(0, 0)
        detail = f"{snapshot.phase} {snapshot.done}/{snapshot.total}" if snapshot.total else snapshot.phase
        if self._cancel is not None and self._cancel.cancelled:
            self.status.setText(self.tr("Stopping after the current step…"))
        else:
            self.status.setText(" — ".join(part for part in (snapshot.message, detail) if part))

    def _finished(self, outcome: Case | DemoResult) -> None:
        self._timer.stop()
        self._set_busy(False)
        if isinstance(outcome, DemoResult):
            self.progress.hide()
            self.status.setText(self.tr("Stopped before the end: the case was not opened (what was done is kept in "
                                        "{path}).").format(path=outcome.case_path))
            return
        self.session = demo_session(outcome)
        self.opened.emit(self.session)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._timer.stop()
        self._set_busy(False)
        self.progress.hide()
        self.status.clear()
        self.error.show_error(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.build_button.setEnabled(not busy)
        self.folder.setEnabled(not busy)
        self.seed.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(self.tr("Building the training evidence…"))

    @property
    def busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        """Cancel: while building, stop the ingest at its next item (committed work kept); else close."""
        if self._busy:
            if self._cancel is not None:
                self._cancel.cancel()
                self._show_progress()
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._busy:
            self.reject()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)
