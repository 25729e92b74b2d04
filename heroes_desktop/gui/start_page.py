"""The first thing the examiner sees: recent cases from the profile, New case, Open case, the training case, and
the trainer's classroom. Every case choice ends in a dialog; a case opened there is handed on by
``session_opened``. The classroom is a window of its own beside the start page (no case is opened in it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop import __version__
from heroes_desktop.gui.dialogs import recent_cases
from heroes_desktop.gui.jobs import Jobs

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    """Recent cases and the three ways in. ``jobs`` runs the opens (no case, so no session, exists yet)."""

    session_opened = Signal(object)  # CaseSession
    quit_requested = Signal()

    def __init__(self, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")
        self.setWindowTitle(self.tr("HEROES Desktop"))
        self.jobs = jobs
        self.dialog = None  # the dialog shown now, for tests and for the crash dialog's parent

        title = QLabel(self.tr("HEROES Desktop"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(self.tr("Offline forensic workstation · version {version}").format(version=__version__),
                          self)

        self.new_button = QPushButton(self.tr("&New case…"), self)
        self.new_button.setObjectName("new_case")
        self.open_button = QPushButton(self.tr("&Open case…"), self)
        self.open_button.setObjectName("open_case")
        self.training_button = QPushButton(self.tr("Open the &training case…"), self)
        self.training_button.setObjectName("training_case")
        self.classroom_button = QPushButton(self.tr("&Classroom (trainer)…"), self)
        self.classroom_button.setObjectName("classroom")
        self.classroom_button.setToolTip(self.tr("Score a folder of trainees' cases against the answer key, and "
                                                 "check the program against the key."))
        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(lambda: self.open_case(None))
        self.training_button.clicked.connect(self.training_case)
        self.classroom_button.clicked.connect(self.classroom)
        self.class_window = None  # the trainer's class window, once opened
        buttons = QVBoxLayout()
        for button in (self.open_button, self.new_button, self.training_button, self.classroom_button):
            button.setMinimumWidth(220)
            buttons.addWidget(button)
        buttons.addStretch(1)

        recent_label = QLabel(self.tr("&Recent cases"), self)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recent_cases")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._recent_activated)
        self.empty_note = QLabel(self.tr("No case opened yet on this computer."), self)
        self.empty_note.setObjectName("no_recent_cases")
        recent = QVBoxLayout()
        recent.addWidget(recent_label)
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.empty_note, 1, Qt.AlignmentFlag.AlignTop)

        body = QHBoxLayout()
        body.addLayout(buttons)
        body.addLayout(recent, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(body, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self, activated=self.quit_requested.emit)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, activated=lambda: self.open_case(None))
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=self.new_case)
        self.refresh()
        self.resize(820, 480)

    def refresh(self) -> None:
        """Re-read the recent cases from the profile (a small JSON file: cheap on the GUI thread)."""
        self.recent.clear()
        for case in recent_cases():
            text = str(case.path) if case.exists else self.tr("{path} (not found)").format(path=case.path)
            item = QListWidgetItem(text, self.recent)
            item.setData(PATH_ROLE, str(case.path))
            if not case.exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        has_any = self.recent.count() > 0
        self.recent.setVisible(has_any)
        self.empty_note.setVisible(not has_any)
        if has_any:
            self.recent.setCurrentRow(0)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.open_case(Path(item.data(PATH_ROLE)))

    # ------------------------------------------------------------------------------------------- dialogs

    def open_case(self, path: Path | None = None) -> None:
        from heroes_desktop.gui.dialogs.open_case import OpenCaseDialog

        self._run(OpenCaseDialog(self.jobs, self, path))

    def new_case(self) -> None:
        from heroes_desktop.gui.dialogs.new_case import NewCaseDialog

        self._run(NewCaseDialog(self.jobs, self))

    def training_case(self) -> None:
        from heroes_desktop.gui.dialogs.training_case import TrainingCaseDialog

        self._run(TrainingCaseDialog(self.jobs, self))

    def classroom(self) -> None:
        """The trainer's class window (one at a time: a second click brings it forward)."""
        from heroes_desktop.gui.trainer.class_window import ClassWindow

        if self.class_window is None:
            self.class_window = ClassWindow(self.jobs)
            self.class_window.destroyed.connect(self._class_window_gone)
            self.class_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.class_window.show()
        self.class_window.raise_()
        self.class_window.activateWindow()

    def _class_window_gone(self) -> None:
        self.class_window = None

    def close_class_window(self) -> None:
        if self.class_window is not None:
            self.class_window.close()

    def _run(self, dialog) -> None:  # type: ignore[no-untyped-def]
        """Show ``dialog`` window-modal (tests drive it while it is shown); its session is handed on."""
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog) -> None:  # type: ignore[no-untyped-def]
        if self.dialog is dialog:
            self.dialog = None
        session = getattr(dialog, "session", None)
        dialog.deleteLater()
        if session is not None:
            self.session_opened.emit(session)
        else:
            self.refresh()
