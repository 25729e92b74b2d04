"""The trainee's task panel: what the training case asks for, without the answers.

The tasks come from the case's tasks sheet (``training.tasks``: ids and descriptions only), found beside the case
file or its evidence and read in a background job; the answer key is never read in a trainee's session. The
trainee works with the normal examiner tools. A button lets the trainee share their private exposure count with
the trainer (``training.exposure_share``), in a file they choose; nothing is shared unless they do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Role
from heroes_desktop.training.exposure_share import SharedExposure, share_case_exposure, share_path_for
from heroes_desktop.training.tasks import CaseTasks, TrainingTask, case_tasks

TASK_ID_ROLE = Qt.ItemDataRole.UserRole


class TraineeTasksView(QWidget):
    """``TraineeTasksView(session)``: the tasks for a trainee session, an empty-state line otherwise.
    ``loaded`` is emitted once the tasks are known (an empty list when there are none)."""

    loaded = Signal(list)  # list[TrainingTask]
    message = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainee_tasks")
        self.session = session
        self.tasks: list[TrainingTask] = []
        self.sheet: Path | None = None
        self.ready = False  # the tasks (or their absence) are known

        self.heading = QLabel(self.tr("Your tasks"), self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(self.tr("Work with the usual examiner tools: categorise with the digit keys, bookmark "
                                    "with the bookmark names below. Your trainer scores your tags."), self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("tasks")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(self.tr("Training tasks"))
        self.empty = QLabel(self)
        self.empty.setObjectName("empty_state")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.share_button = QPushButton(self.tr("&Share my exposure count with the trainer…"), self)
        self.share_button.setObjectName("share_exposure")
        self.share_button.setToolTip(self.tr(
            "Writes your clear-view counts for the days you worked on this case to a file you choose (beside the "
            "case by default). Counts only: no file names. Nothing is shared unless you do this."))
        self.share_button.clicked.connect(lambda: self.share_exposure())
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.share_button)
        layout.addWidget(self.status)
        self.refresh()

    @property
    def is_trainee(self) -> bool:
        actor = self.session.actor
        return actor is not None and actor.role is Role.TRAINEE

    def refresh(self) -> None:
        """Look for the tasks again (in the background)."""
        self.ready = False
        self.list.clear()
        self.share_button.setVisible(self.is_trainee and not self.session.read_only)
        if not self.is_trainee:
            self._show_empty(self.tr("The tasks of a training case are shown here in a trainee's session."))
            self._done([])
            return
        self._show_empty(self.tr("Looking for the tasks…"))
        case = self.session.case
        self.session.jobs.read("training tasks", lambda: case_tasks(case), self._tasks_found, self._tasks_failed)

    def _tasks_found(self, found: CaseTasks | None) -> None:
        if found is None or not found.tasks:
            self._show_empty(self.tr("No tasks for this case: ask your trainer for the tasks sheet (tasks.json) and "
                                     "put it beside the case file."))
            self._done([])
            return
        self.sheet = found.sheet
        for task in found.tasks:
            item = QListWidgetItem(self._task_text(task), self.list)
            item.setData(TASK_ID_ROLE, task.id)
            item.setToolTip(task.id)
        self.list.show()
        self.empty.hide()
        if self.list.count():
            self.list.setCurrentRow(0)
        self._done(list(found.tasks))

    def _task_text(self, task: TrainingTask) -> str:
        if task.bookmark:
            return self.tr("{description}\nBookmark name: {name}").format(description=task.description,
                                                                          name=task.bookmark)
        return task.description

    def _tasks_failed(self, error: BaseException) -> None:
        self._show_empty(self.tr("The tasks could not be read: {reason}").format(reason=user_message(error)))
        self._done([])

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.show()
        self.list.hide()

    def _done(self, tasks: list[TrainingTask]) -> None:
        self.tasks = tasks
        self.ready = True
        self.loaded.emit(tasks)

    # ------------------------------------------------------------------------------------------------ sharing

    def share_exposure(self, out: Path | None = None) -> None:
        """Write the trainee's exposure share to ``out`` (asked for when None), in the background."""
        if not self.is_trainee or self.session.actor is None:
            return
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Share your exposure count"), str(share_path_for(self.session.path)),
                self.tr("Exposure share (*.exposure.json);;All files (*)"))
            if not chosen:
                return
            out = Path(chosen)
        case, name = self.session.case, self.session.actor.name
        self.share_button.setEnabled(False)
        self.status.setText(self.tr("Sharing…"))
        self.session.jobs.read("share the exposure count", lambda: share_case_exposure(case, name, out),
                               lambda shared: self._shared(shared, out), self._share_failed)

    def _shared(self, shared: SharedExposure, out: Path) -> None:
        self.share_button.setEnabled(True)
        text = self.tr("Shared {views} clear view(s) over {days} day(s) in {path}.").format(
            views=shared.clear_views, days=len(shared.days), path=out)
        self.status.setText(text)
        self.message.emit(text)

    def _share_failed(self, error: BaseException) -> None:
        self.share_button.setEnabled(True)
        self.status.setText(self.tr("Not shared: {reason}").format(reason=user_message(error)))
