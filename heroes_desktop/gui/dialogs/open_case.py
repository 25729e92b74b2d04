"""Opening a case: the case passphrase (no echo), who is working and in which role with their signing-key
passphrase, or a read-only open for viewers. A wrong passphrase, a file that is not a case and a truncated case
each show the core's one-line message in the dialog; the open itself runs off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from heroes_desktop.case.case_file import Case, OpenMode, refuse_writes_on_read_only_storage
from heroes_desktop.case.errors import PortableCaseReadOnly
from heroes_desktop.gui.dialogs import ErrorLine, known_people, remember_person, remember_recent_case
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import key_file_path, load_or_create_signing_key
from heroes_desktop.identity.profile import profile_dir


class FormProblem(ValueError):
    """Something the form itself can tell is missing, shown as the dialog's one line."""


def role_title(role: Role) -> str:
    from PySide6.QtCore import QCoreApplication

    titles = {
        Role.EXAMINER: QCoreApplication.translate("IdentityForm", "Examiner"),
        Role.SUPERVISOR: QCoreApplication.translate("IdentityForm", "Supervisor (review and sign only)"),
        Role.TRAINER: QCoreApplication.translate("IdentityForm", "Trainer"),
        Role.TRAINEE: QCoreApplication.translate("IdentityForm", "Trainee"),
    }
    return titles[role]


class IdentityForm(QWidget):
    """Who is working, in which role, and the passphrase of their signing key (asked twice the first time,
    when the key is made)."""

    def __init__(self, roles: tuple[Role, ...] = tuple(Role), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QComboBox(self)
        self.name.setObjectName("examiner")
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.lineEdit().setPlaceholderText(self.tr("Your name as it appears in the custody log"))
        self._people = known_people()
        for person in self._people:
            self.name.addItem(person.name)
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in roles:
            self.role.addItem(role_title(role), role)
        self.key_passphrase = QLineEdit(self)
        self.key_passphrase.setObjectName("key_passphrase")
        self.key_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_repeat = QLineEdit(self)
        self.key_repeat.setObjectName("key_repeat")
        self.key_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_note = QLabel(self)
        self.key_note.setObjectName("key_note")
        self.key_note.setWordWrap(True)
        layout.addRow(self.tr("&Who is working"), self.name)
        layout.addRow(self.tr("&Role"), self.role)
        layout.addRow(self.tr("Signing-&key passphrase"), self.key_passphrase)
        self._repeat_label = QLabel(self.tr("Re&peat the key passphrase"), self)
        self._repeat_label.setBuddy(self.key_repeat)
        layout.addRow(self._repeat_label, self.key_repeat)
        layout.addRow("", self.key_note)
        self.name.currentTextChanged.connect(self._name_changed)
        self.name.setCurrentIndex(0 if self._people else -1)
        self._name_changed(self.name.currentText())

    def _name_changed(self, text: str) -> None:
        for person in self._people:
            if person.name == text.strip():
                index = self.role.findData(person.role)
                if index >= 0:
                    self.role.setCurrentIndex(index)
        first_use = self.first_use
        self.key_repeat.setVisible(first_use)
        self._repeat_label.setVisible(first_use)
        self.key_note.setText(
            self.tr("No signing key for this name in your profile yet: one is made now, sealed with this "
                    "passphrase.") if first_use else "")
        self.key_note.setVisible(first_use)

    @property
    def person_name(self) -> str:
        return self.name.currentText().strip()

    @property
    def first_use(self) -> bool:
        name = self.person_name
        return bool(name) and not key_file_path(profile_dir(), name).exists()

    def selected_role(self) -> Role:
        return Role(self.role.currentData())

    def actor(self) -> Actor:
        if not self.person_name:
            raise FormProblem(self.tr("Say who is working: a name is recorded with every change."))
        return Actor(self.person_name, self.selected_role())

    def checked_key_passphrase(self) -> str:
        passphrase = self.key_passphrase.text()
        if not passphrase:
            raise FormProblem(self.tr("Enter the passphrase of your signing key."))
        if self.first_use and self.key_repeat.text() != passphrase:
            raise FormProblem(self.tr("The two key passphrases differ."))
        return passphrase

    def clear_secrets(self) -> None:
        self.key_passphrase.clear()
        self.key_repeat.clear()


@dataclass
class OpenRequest:
    """What the open needs, taken from the form on the GUI thread."""

    path: Path
    passphrase: str
    read_only: bool
    actor: Actor | None
    key_passphrase: str


def open_case_for(request: OpenRequest) -> Case:
    """The core open (off the GUI thread): read-only, or with the person's unlocked signing key."""
    if request.read_only:
        return Case.open(request.path, request.passphrase, mode=OpenMode.READ_ONLY)
    assert request.actor is not None
    # a case on read-only storage is refused (and a wrong passphrase told) before a signing key is unlocked;
    # before one is made, the case is probed first, so that a mistyped path or passphrase makes no key
    refuse_writes_on_read_only_storage(request.path, request.passphrase, OpenMode.READ_WRITE)
    if not key_file_path(profile_dir(), request.actor.name).exists():
        Case.open(request.path, request.passphrase, mode=OpenMode.READ_ONLY).close()
    key = load_or_create_signing_key(profile_dir(), request.actor.name, request.key_passphrase)
    try:
        return Case.open(request.path, request.passphrase, mode=OpenMode.READ_WRITE, actor=request.actor, key=key,
                         purpose="gui")
    except PortableCaseReadOnly:  # a prosecutor's portable case: shown read-only, as it is meant to be
        request.read_only = True
        return Case.open(request.path, request.passphrase, mode=OpenMode.READ_ONLY)


def session_for(case: Case, request: OpenRequest) -> CaseSession:
    """A session around an open case (on the GUI thread: its jobs deliver results there)."""
    remember_recent_case(case.path)
    if request.actor is not None:
        remember_person(request.actor.name, request.actor.role)
    return CaseSession(case, request.actor, Jobs(), passphrase=request.passphrase,
                       key_passphrase=request.key_passphrase)


class OpenCaseDialog(QDialog):
    """Asks for a case, its passphrase and who is working; ``session`` holds the open case once accepted."""

    opened = Signal(object)  # CaseSession

    def __init__(self, jobs: Jobs, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open case"))
        self.setObjectName("open_case_dialog")
        self.jobs = jobs
        self.session: CaseSession | None = None
        self._busy = False

        self.path = QLineEdit(self)
        self.path.setObjectName("case_path")
        self.path.setPlaceholderText(self.tr("The case file (.heroes)"))
        if path is not None:
            self.path.setText(str(path))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.read_only = QCheckBox(self.tr("Open &read-only (view only: nothing in the case is changed, no "
                                           "signing key needed)"), self)
        self.read_only.setObjectName("read_only")
        self.identity = IdentityForm(parent=self)
        self.read_only.toggled.connect(self._read_only_toggled)

        form = QFormLayout()
        path_label = QLabel(self.tr("&Case file"), self)
        path_label.setBuddy(self.path)
        form.addRow(path_label, path_row)
        form.addRow(self.tr("Case &passphrase"), self.passphrase)
        form.addRow("", self.read_only)

        self.error = ErrorLine(self)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("open")
        self.open_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._start_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.identity)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        (self.passphrase if path is not None else self.path).setFocus()
        self.resize(560, self.sizeHint().height())

    # ---------------------------------------------------------------------------------------------- form

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open case"), self.path.text(),
                                                self.tr("HEROES cases (*.heroes);;All files (*)"))
        if chosen:
            self.path.setText(chosen)
            self.passphrase.setFocus()

    def _read_only_toggled(self, read_only: bool) -> None:
        self.identity.role.setEnabled(not read_only)
        self.identity.key_passphrase.setEnabled(not read_only)
        self.identity.key_repeat.setEnabled(not read_only)

    def request(self) -> OpenRequest:
        """The form as a request, or FormProblem naming what is missing."""
        text = self.path.text().strip()
        if not text:
            raise FormProblem(self.tr("Choose the case file to open."))
        if not self.passphrase.text():
            raise FormProblem(self.tr("Enter the case passphrase."))
        read_only = self.read_only.isChecked()
        if read_only:
            name = self.identity.person_name
            actor = Actor(name, Role.EXAMINER) if name else None
            return OpenRequest(Path(text).expanduser(), self.passphrase.text(), True, actor, "")
        return OpenRequest(Path(text).expanduser(), self.passphrase.text(), False, self.identity.actor(),
                           self.identity.checked_key_passphrase())

    # ---------------------------------------------------------------------------------------------- open

    def _start_open(self) -> None:
        if self._busy:
            return
        try:
            request = self.request()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        self.error.clear_message()
        self._set_busy(True)
        self.jobs.write("open case", lambda: open_case_for(request),
                        on_done=lambda case: self._opened(case, request), on_error=self._failed)

    def _opened(self, case: Case, request: OpenRequest) -> None:
        self._set_busy(False)
        self.session = session_for(case, request)
        self.passphrase.clear()
        self.identity.clear_secrets()
        self.opened.emit(self.session)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error.show_error(error)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.status.setText(self.tr("Opening the case…") if busy else "")
        for widget in (self.open_button, self.cancel_button, self.path, self.passphrase, self.identity,
                       self.read_only):
            widget.setEnabled(not busy)
        if not busy:
            self._read_only_toggled(self.read_only.isChecked())

    @property
    def busy(self) -> bool:
        return self._busy

    # an open under way finishes (its case is then closed or kept), so the dialog stays until it has
    def reject(self) -> None:
        if not self._busy:
            self.passphrase.clear()
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
