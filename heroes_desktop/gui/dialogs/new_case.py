"""A new case: where it goes, its title and number, its passphrase (asked twice, no echo) and who creates it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.case.case_file import Case, check_case_passphrase
from heroes_desktop.case.failed_opens import CASE_SUFFIX
from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.dialogs.open_case import FormProblem, IdentityForm, OpenRequest, session_for
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.identity.profile import profile_dir

CREATING_ROLES = (Role.EXAMINER, Role.TRAINER, Role.TRAINEE)  # a supervisor reviews cases and does not make them


@dataclass
class CreateRequest:
    path: Path
    passphrase: str
    title: str
    number: str
    actor: Actor
    key_passphrase: str


def create_case_for(request: CreateRequest) -> Case:
    """The core create (off the GUI thread), signed by the person's key (made on first use); a passphrase weaker
    than the lab's policy is refused by the core before any key is made."""
    check_case_passphrase(request.passphrase, request.actor, title=request.title, number=request.number)
    key = load_or_create_signing_key(profile_dir(), request.actor.name, request.key_passphrase)
    return Case.create(request.path, request.passphrase, request.actor, key, title=request.title,
                       number=request.number)


class NewCaseDialog(QDialog):
    """Makes a new encrypted case; ``session`` holds it, open read-write, once accepted."""

    created = Signal(object)  # CaseSession

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New case"))
        self.setObjectName("new_case_dialog")
        self.jobs = jobs
        self.session: CaseSession | None = None
        self._busy = False

        self.path = QLineEdit(self)
        self.path.setObjectName("case_path")
        self.path.setPlaceholderText(self.tr("Where the new case file goes (.heroes)"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.number = QLineEdit(self)
        self.number.setObjectName("number")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.identity = IdentityForm(CREATING_ROLES, self)

        form = QFormLayout()
        path_label = QLabel(self.tr("&Case file"), self)
        path_label.setBuddy(self.path)
        form.addRow(path_label, path_row)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("Case &number"), self.number)
        form.addRow(self.tr("Case &passphrase"), self.passphrase)
        form.addRow(self.tr("Repeat the case passphrase"), self.repeat)
        note = QLabel(self.tr("Keep the passphrase safe: without it the case cannot be opened by anyone."), self)
        note.setWordWrap(True)
        form.addRow("", note)

        self.error = ErrorLine(self)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton(self.tr("C&reate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._start_create)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.identity)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.path.setFocus()
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("New case"), self.path.text(),
                                                self.tr("HEROES cases (*.heroes);;All files (*)"))
        if chosen:
            self.path.setText(chosen)

    def request(self) -> CreateRequest:
        text = self.path.text().strip()
        if not text:
            raise FormProblem(self.tr("Choose where the new case file goes."))
        path = Path(text).expanduser()
        if not path.name.lower().endswith(CASE_SUFFIX):
            path = path.with_name(path.name + CASE_SUFFIX)
        if not self.passphrase.text():
            raise FormProblem(self.tr("Choose a case passphrase."))
        if self.repeat.text() != self.passphrase.text():
            raise FormProblem(self.tr("The two case passphrases differ."))
        return CreateRequest(path, self.passphrase.text(), self.title.text().strip(), self.number.text().strip(),
                             self.identity.actor(), self.identity.checked_key_passphrase())

    def _start_create(self) -> None:
        if self._busy:
            return
        try:
            request = self.request()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        self.error.clear_message()
        self._set_busy(True)
        self.jobs.write("create case", lambda: create_case_for(request),
                        on_done=lambda case: self._created(case, request), on_error=self._failed)

    def _created(self, case: Case, request: CreateRequest) -> None:
        self._set_busy(False)
        self.session = session_for(case, OpenRequest(case.path, request.passphrase, False, request.actor,
                                                     request.key_passphrase))
        for field in (self.passphrase, self.repeat):
            field.clear()
        self.identity.clear_secrets()
        self.created.emit(self.session)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error.show_error(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.status.setText(self.tr("Creating the case…") if busy else "")
        for widget in (self.create_button, self.cancel_button, self.path, self.title, self.number, self.passphrase,
                       self.repeat, self.identity):
            widget.setEnabled(not busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        if not self._busy:
            for field in (self.passphrase, self.repeat):
                field.clear()
            self.identity.clear_secrets()
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._busy and event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
