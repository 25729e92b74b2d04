"""Handing out a training case (``heroes training hand-out``): the processed case copied once per trainee into a
folder with the tasks sheet and, if chosen, the training evidence, never the answer key. The copies are written
in the application's background jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.dialogs.open_case import FormProblem
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.hand_out import HandOut, hand_out


class HandOutDialog(QDialog):
    """``handed_out(HandOut)`` once the copies are written; the dialog then shows what it wrote."""

    handed_out = Signal(object)

    def __init__(self, jobs: Jobs, key: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hand_out_dialog")
        self.setWindowTitle(self.tr("Hand out the training case"))
        self.jobs = jobs
        self.result_: HandOut | None = None
        self._busy = False
        intro = QLabel(self.tr("Copies the processed training case once per trainee into a folder, with the "
                               "tasks (without their answers). The answer key is never copied."), self)
        intro.setWordWrap(True)
        self.case = QLineEdit(self)
        self.case.setObjectName("case")
        self.key = QLineEdit(str(key) if key else "", self)
        self.key.setObjectName("key")
        self.trainees = QPlainTextEdit(self)
        self.trainees.setObjectName("trainees")
        self.trainees.setPlaceholderText(self.tr("One trainee per line"))
        self.trainees.setTabChangesFocus(True)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        self.with_evidence = QCheckBox(self.tr("Also copy the training &evidence (from the answer key's folder)"),
                                       self)
        self.with_evidence.setObjectName("with_evidence")
        form = QFormLayout()
        for text, field, browse in ((self.tr("Processed &case"), self.case, self._browse_case),
                                    (self.tr("&Answer key"), self.key, self._browse_key),
                                    (self.tr("&Trainees"), self.trainees, None),
                                    (self.tr("&Folder to hand out"), self.folder, self._browse_folder)):
            label = QLabel(text, self)
            label.setBuddy(field)
            row = QHBoxLayout()
            row.addWidget(field, 1)
            if browse is not None:
                button = QPushButton(self.tr("Browse…"), self)
                button.clicked.connect(browse)
                row.addWidget(button)
            form.addRow(label, row)
        form.addRow("", self.with_evidence)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(self)
        self.write_button = self.buttons.addButton(self.tr("&Hand out"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setObjectName("hand_out")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def _browse_case(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("The processed training case"), self.case.text(),
                                                self.tr("HEROES cases (*.heroes);;All files (*)"))
        if chosen:
            self.case.setText(chosen)

    def _browse_key(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("The answer key"), self.key.text(),
                                                self.tr("Answer keys (*.json);;All files (*)"))
        if chosen:
            self.key.setText(chosen)

    def _browse_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("The folder to hand out"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _inputs(self) -> tuple[Path, Path, Path, list[str]]:
        paths = []
        for field, missing in ((self.case, self.tr("Choose the processed training case.")),
                               (self.key, self.tr("Choose the answer key (only its tasks are handed out).")),
                               (self.folder, self.tr("Choose the folder to hand out."))):
            if not field.text().strip():
                raise FormProblem(missing)
            paths.append(Path(field.text().strip()).expanduser())
        names = [line.strip() for line in self.trainees.toPlainText().splitlines() if line.strip()]
        return paths[0], paths[1], paths[2], names

    def start(self) -> None:
        if self._busy:
            return
        try:
            case, key_path, folder, names = self._inputs()
        except FormProblem as problem:
            self.error.show_message(str(problem))
            return
        self.error.clear_message()
        evidence = key_path.parent if self.with_evidence.isChecked() else None

        def work() -> HandOut:
            return hand_out(case, read_key(key_path), folder, names, evidence_dir=evidence)

        self._set_busy(True)
        self.jobs.read("hand out the training case", work, self._written, self._failed)

    def _written(self, given: HandOut) -> None:
        self._set_busy(False)
        self.result_ = given
        self.status.setText(self.tr("Written in {folder}: {cases} case copy(ies), the tasks sheet and {evidence} "
                                    "evidence file(s). The answer key is not there: keep it away from the "
                                    "trainees.").format(folder=given.folder, cases=len(given.cases),
                                                        evidence=len(given.evidence)))
        self.handed_out.emit(given)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.clear()
        self.error.show_error(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.write_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.status.setText(self.tr("Copying…"))

    @property
    def busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        if self._busy:
            return  # the copies finish first; the dialog then says what was written
        super().reject()
