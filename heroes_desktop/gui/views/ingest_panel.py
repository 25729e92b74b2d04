"""The *Ingest* panel: which stages are installed (and why not), the run's settings (jobs, device, OCR languages),
Start and Cancel, and the live progress of the run — items found and done, bytes, rate, time left, per-stage counts
and the failures with their reasons.

The ingest runs in a child process (:mod:`heroes_desktop.pipeline.ingest_process`), so the window never waits on
it. Its progress is the snapshot the run writes into the case on each commit, read here on a timer through the
session's read jobs (house style 7); ``committed`` tells the other views that new results landed. Cancel stops the
run after the items in flight; the next Start resumes it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.dialogs.add_evidence import human_seconds, human_size
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.pipeline.ingest import POST_STAGES, IngestOptions
from heroes_desktop.pipeline.ingest_process import IngestProcess, start_ingest_process
from heroes_desktop.pipeline.progress_snapshot import IngestProgress, latest_progress

POLL_MS = 500
BAR_STEPS = 1000
DEFAULT_OCR_LANGUAGES = "eng+spa"
FAILURES_SHOWN = 200


@dataclass(frozen=True)
class StageState:
    """One stage as the panel lists it: installed or not, and why not."""

    name: str
    case_level: bool
    why_not: str | None


@dataclass(frozen=True)
class Installation:
    """What this machine can run, looked up once off the GUI thread."""

    stages: tuple[StageState, ...]
    ocr_languages: tuple[str, ...]
    ocr_problem: str | None
    device_note: str
    cores: int


def look_up_installation() -> Installation:
    """The stages with their state, Tesseract's languages and where models would run (no case access)."""
    from heroes_desktop.pipeline.registry import default_registry

    stages = []
    for stage in default_registry().select():
        try:
            why = stage.unavailable()
        except Exception as error:  # noqa: BLE001 - a stage that cannot even say is not installed, with why
            why = f"{type(error).__name__}: {error}"
        stages.append(StageState(stage.name, False, why))
    stages += [StageState(name, True, None) for name in POST_STAGES]
    try:
        from heroes_desktop.stages.ocr import installed_languages

        languages, ocr_problem = tuple(installed_languages()), None
    except Exception as error:  # noqa: BLE001 - Tesseract missing: said next to the setting
        languages, ocr_problem = (), f"{type(error).__name__}: {error}"
    try:
        from heroes_desktop.models.runtime import cuda_usable

        device = (QCoreApplication.translate("IngestPanel", "CUDA available (ONNX Runtime)")
                  if cuda_usable()
                  else QCoreApplication.translate("IngestPanel", "no CUDA execution provider: auto runs on the CPU"))
    except Exception as error:  # noqa: BLE001
        device = QCoreApplication.translate("IngestPanel", "ONNX Runtime unavailable: {error}").format(error=error)
    return Installation(tuple(stages), languages, ocr_problem, device, os.cpu_count() or 1)


def _tr(text: str) -> str:
    return QCoreApplication.translate("IngestPanel", text)


class IngestPanel(QWidget):
    """Start, watch, cancel and resume the case's ingest. Emits ``committed`` when new results are in the case and
    ``running_changed`` when the panel's own ingest starts or ends."""

    committed = Signal()
    running_changed = Signal(bool)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.process: IngestProcess | None = None
        self.progress: IngestProgress | None = None
        self.installation: Installation | None = None
        self.tuning: dict[str, Any] = {}  # advanced IngestOptions fields (batch sizes...), for tests and benches
        self._poll_job: Any = None
        self._starting = False
        self._last_update: tuple[int, str | None] | None = None
        self._failures_run: int | None = None
        self.setObjectName("ingest-panel")

        self.stage_list = QTreeWidget(self)
        self.stage_list.setObjectName("stages")
        self.stage_list.setHeaderLabels([self.tr("Stage"), self.tr("State"), self.tr("Why")])
        self.stage_list.setRootIsDecorated(False)
        self.stage_list.setUniformRowHeights(True)
        self.jobs_spin = QSpinBox(self)
        self.jobs_spin.setRange(1, 256)
        self.jobs_spin.setValue(os.cpu_count() or 1)
        self.device_combo = QComboBox(self)
        for value, title in (("auto", self.tr("auto (the GPU when there is one)")), ("cpu", self.tr("CPU")),
                             ("cuda", self.tr("CUDA GPU"))):
            self.device_combo.addItem(title, value)
        self.device_note = QLabel(self.tr("Looking…"), self)
        self.ocr_edit = QLineEdit(DEFAULT_OCR_LANGUAGES, self)
        self.ocr_note = QLabel("", self)
        settings = QFormLayout()
        for text, field, note in ((self.tr("&Jobs:"), self.jobs_spin, None),
                                  (self.tr("&Device:"), self.device_combo, self.device_note),
                                  (self.tr("&OCR languages:"), self.ocr_edit, self.ocr_note)):
            label = QLabel(text, self)
            label.setBuddy(field)
            row = QHBoxLayout()
            row.addWidget(field)
            if note is not None:
                row.addWidget(note, 1)
            settings.addRow(label, row)
        stages_box = QGroupBox(self.tr("Stages"), self)
        stages_layout = QVBoxLayout(stages_box)
        stages_layout.addWidget(self.stage_list)
        stages_layout.addLayout(settings)

        self.start_button = QPushButton(self.tr("&Start"), self)
        self.cancel_button = QPushButton(self.tr("&Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.state_label = QLabel(self.tr("No ingest yet"), self)
        self.state_label.setObjectName("state")
        self.state_label.setWordWrap(True)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.state_label, 1)

        self.bar = QProgressBar(self)
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setValue(0)
        self.counts_label = QLabel("", self)
        self.counts_label.setObjectName("counts")
        self.counts_label.setWordWrap(True)
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage_counts = QTreeWidget(self)
        self.stage_counts.setObjectName("stage-counts")
        self.stage_counts.setHeaderLabels([self.tr("Stage"), self.tr("Done"), self.tr("Failed"), self.tr("Skipped")])
        self.stage_counts.setRootIsDecorated(False)
        self.stage_counts.setUniformRowHeights(True)
        self.failure_list = QTreeWidget(self)
        self.failure_list.setObjectName("failures")
        self.failure_list.setHeaderLabels([self.tr("Item"), self.tr("Stage"), self.tr("Reason"), self.tr("File id")])
        self.failure_list.setRootIsDecorated(False)
        self.failure_list.setUniformRowHeights(True)
        self.failures_title = QLabel(self.tr("Failures"), self)
        progress_box = QGroupBox(self.tr("Progress"), self)
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.addWidget(self.bar)
        progress_layout.addWidget(self.counts_label)
        progress_layout.addWidget(self.stage_counts)
        progress_layout.addWidget(self.failures_title)
        progress_layout.addWidget(self.failure_list)

        layout = QVBoxLayout(self)
        layout.addWidget(stages_box)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        layout.addWidget(progress_box, 1)

        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self._update_buttons()
        self._session.jobs.read("look up the installed stages", look_up_installation, self._show_installation,
                                self._installation_failed, background=True)
        self.poll()

    # -------------------------------------------------------------------------------------------- settings

    def _show_installation(self, installation: Installation) -> None:
        self.installation = installation
        self.stage_list.clear()
        for stage in installation.stages:
            installed = stage.why_not is None
            state = (self.tr("installed (case-level)") if stage.case_level else self.tr("installed")) if installed \
                else self.tr("not installed")
            item = QTreeWidgetItem([stage.name, state, stage.why_not or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, stage.name)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if not installed:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setCheckState(0, Qt.CheckState.Checked if installed else Qt.CheckState.Unchecked)
            if stage.why_not:
                item.setToolTip(2, stage.why_not)
            self.stage_list.addTopLevelItem(item)
        for column in range(2):
            self.stage_list.resizeColumnToContents(column)
        self.jobs_spin.setValue(min(self.jobs_spin.value(), installation.cores) or 1)
        self.device_note.setText(installation.device_note)
        self.ocr_note.setText(installation.ocr_problem or self.tr("installed: {languages}").format(
            languages="+".join(installation.ocr_languages) or "-"))
        self._update_buttons()

    def _installation_failed(self, error: BaseException) -> None:
        self.device_note.setText(user_message(error))

    def selected_stages(self) -> tuple[str, ...] | None:
        """The ticked stages; None when every installed stage is ticked (the core's default)."""
        ticked, installed = [], []
        for index in range(self.stage_list.topLevelItemCount()):
            item = self.stage_list.topLevelItem(index)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                installed.append(item.data(0, Qt.ItemDataRole.UserRole))
                if item.checkState(0) == Qt.CheckState.Checked:
                    ticked.append(item.data(0, Qt.ItemDataRole.UserRole))
        return None if ticked == installed else tuple(ticked)

    def set_stage_checked(self, name: str, checked: bool) -> None:
        for index in range(self.stage_list.topLevelItemCount()):
            item = self.stage_list.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def ingest_options(self) -> IngestOptions:
        """The run's options as the panel's fields say (the same ones ``heroes ingest`` takes)."""
        options = IngestOptions(jobs=self.jobs_spin.value(), stages=self.selected_stages(), stage_settings={
            "ocr_languages": self.ocr_edit.text().strip() or DEFAULT_OCR_LANGUAGES,
            "device": self.device_combo.currentData()})
        return dataclasses.replace(options, **self.tuning) if self.tuning else options

    # -------------------------------------------------------------------------------------------- running

    @property
    def running(self) -> bool:
        return self._starting or (self.process is not None and self.process.running)

    def why_not_startable(self) -> str | None:
        """Why Start is disabled, in words (None when it may start)."""
        if self._session.read_only:
            return self.tr("This session is read-only: the ingest needs a read-write session.")
        if self._session.actor is None or not self._session.passphrase:
            return self.tr("The ingest needs the case passphrase and a signing key: open the case read-write.")
        if self.installation is None:
            return self.tr("Looking up the installed stages…")
        if self.selected_stages() == ():
            return self.tr("Tick at least one stage.")
        return None

    def start(self) -> None:
        """Start (or resume) the ingest in a child process; starting it runs off the GUI thread too."""
        if self.running or self.why_not_startable() is not None:
            return
        self.error_label.hide()
        options = self.ingest_options()
        session = self._session
        self._starting = True
        self._update_buttons()
        self.state_label.setText(self.tr("Starting the ingest…"))
        self._session.jobs.read(
            "start the ingest",
            lambda: start_ingest_process(session.path, session.passphrase, session.actor, session.key_passphrase,
                                         options, key_profile=session.key_profile),
            self._started, self._start_failed)

    def _started(self, process: IngestProcess) -> None:
        self._starting = False
        self.process = process
        self.running_changed.emit(True)
        self._update_buttons()
        self.poll()

    def _start_failed(self, error: BaseException) -> None:
        self._starting = False
        self._show_error(user_message(error))
        self._update_buttons()

    def cancel(self) -> None:
        """First press: stop after the items in flight (committed work kept). Second press: stop at once."""
        if self.process is None or not self.process.running:
            return
        if self.process.cancelling:
            self._session.jobs.read("stop the ingest at once", self.process.kill)
            self.state_label.setText(self.tr("Stopping at once…"))
            return
        self.process.cancel()
        self.state_label.setText(self.tr("Stopping after the items in flight; committed work is kept…"))
        self.cancel_button.setText(self.tr("Stop &now"))

    def shutdown(self, wait_seconds: float = 60.0) -> None:
        """For closing the window: ask the run to stop gracefully and wait for it (it resumes on the next start)."""
        self._timer.stop()
        if self.process is not None and self.process.running:
            self.process.cancel()
            if self.process.wait(wait_seconds) is None:
                self.process.kill()
        if self.process is not None:
            self.process.close()

    # -------------------------------------------------------------------------------------------- progress

    def poll(self) -> None:
        """Read the latest snapshot off the GUI thread (one read at a time), and notice the child's end."""
        if self._poll_job is not None:
            return
        ended = self.process is not None and not self._starting and not self.process.running
        case = self._session.case

        def read() -> IngestProgress | None:
            return latest_progress(case)

        self._poll_job = self._session.jobs.read("ingest progress", read,
                                                 lambda progress: self._polled(progress, ended), self._poll_failed,
                                                 background=True)

    def _poll_failed(self, error: BaseException) -> None:
        self._poll_job = None
        self._show_error(user_message(error))

    def _polled(self, progress: IngestProgress | None, ended: bool) -> None:
        self._poll_job = None
        self.progress = progress
        if progress is not None:
            update = (progress.run_id, progress.updated_at or progress.finished_at)
            if self._last_update is not None and update != self._last_update:
                self.committed.emit()
            self._last_update = update
        self._show_progress(progress)
        if ended and self.process is not None:
            self._ended(self.process)

    def _ended(self, process: IngestProcess) -> None:
        """The child is gone: say how it ended (the snapshot read after its end says the rest)."""
        self.process = None
        error = process.error
        if error is not None and process.exit_code != 0:
            summary = process.summary or {}
            if summary.get("status") != "interrupted":
                self._show_error(error)
        process.close()
        self.cancel_button.setText(self.tr("&Cancel"))
        self.running_changed.emit(False)
        self.committed.emit()
        self._update_buttons()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _update_buttons(self) -> None:
        running = self.running
        why = self.why_not_startable()
        self.start_button.setEnabled(not running and why is None)
        self.start_button.setToolTip(why or "")
        resumable = self.progress is not None and self.progress.status in ("interrupted", "running", "killed") and not running
        self.start_button.setText(self.tr("&Resume") if resumable else self.tr("&Start"))
        self.cancel_button.setEnabled(self.process is not None and running)
        for widget in (self.stage_list, self.jobs_spin, self.device_combo, self.ocr_edit):
            widget.setEnabled(not running)
        if why is not None and not running and self._session.read_only:
            self.state_label.setText(why)

    def _show_progress(self, progress: IngestProgress | None) -> None:
        self._update_buttons()
        if progress is None:
            if not self.running:
                self.state_label.setText(self.why_not_startable() if self._session.read_only else
                                         self.tr("No ingest yet: add evidence, then Start."))
            return
        self.state_label.setText(self.state_text(progress))
        if progress.phase == "items" and progress.items_total:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(int(BAR_STEPS * min(progress.items_done, progress.items_total) / progress.items_total))
        elif progress.status != "running":
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(BAR_STEPS if progress.status == "finished" else self.bar.value())
        else:
            self.bar.setRange(0, 0)  # walking or a case-level stage: busy, no share to show
        self.counts_label.setText(self.counts_text(progress))
        self._fill_stage_counts(progress)
        self._fill_failures(progress)

    def state_text(self, progress: IngestProgress) -> str:
        phases = {"starting": _tr("opening the evidence and scanning volumes"), "walk": _tr("walking file systems"),
                  "items": _tr("processing items"), "hashsets": _tr("matching hash sets"),
                  "entities": _tr("finding entities"), "topics": _tr("modelling topics")}
        phase = phases.get(progress.phase, progress.phase)
        if progress.status == "running":
            if self.process is None and not self._starting:
                return self.tr("Run {run} is marked running ({phase}); if no ingest runs now, it was stopped "
                               "abruptly: Resume continues it.").format(run=progress.run_id, phase=phase)
            if self.process is not None and self.process.cancelling:
                return self.tr("Stopping after the items in flight; committed work is kept…")
            return self.tr("Run {run}: {phase}").format(run=progress.run_id, phase=phase)
        if progress.status == "interrupted":
            return self.tr("Run {run} interrupted; committed work is kept. Resume continues it.").format(
                run=progress.run_id)
        if progress.status == "killed":
            return self.tr("Run {run} ended abruptly (killed or crashed); committed work is kept. Resume continues "
                           "it.").format(run=progress.run_id)
        if progress.status == "finished":
            return self.tr("Run {run} finished").format(run=progress.run_id)
        return self.tr("Run {run}: {status}").format(run=progress.run_id, status=progress.status)

    def counts_text(self, progress: IngestProgress) -> str:
        lines = [self.tr("Entries found: {found:,}").format(found=progress.entries_found)]
        if progress.volumes_total:
            lines.append(self.tr("Volumes walked: {done} of {total}").format(done=progress.volumes_done,
                                                                            total=progress.volumes_total))
        lines.append(self.tr("Items: {done:,} of {total:,} ({failed:,} failed)").format(
            done=progress.items_done, total=progress.items_total, failed=progress.failed))
        lines.append(self.tr("Bytes: {done} of {total}").format(done=human_size(progress.bytes_done),
                                                                total=human_size(progress.bytes_total)))
        if progress.status == "running" and progress.phase == "items":
            lines.append(self.tr("Rate: {rate}/s, {items:.0f} items/s; time left: {left}").format(
                rate=human_size(progress.bytes_per_second), items=progress.items_per_second,
                left=human_seconds(progress.seconds_left)))
        if progress.nodes:  # a cluster run: what each node has done
            lines.append(self.tr("Items by node: {nodes}").format(
                nodes=", ".join(f"{name} {count:,}" for name, count in progress.nodes.items())))
        lines.append(self.tr("Elapsed: {elapsed}").format(elapsed=human_seconds(progress.elapsed_s)))
        return "\n".join(lines)

    def _fill_stage_counts(self, progress: IngestProgress) -> None:
        self.stage_counts.clear()
        names = list(dict.fromkeys([*progress.stages, *progress.stage_counts]))
        for name in names:
            counts = progress.stage_counts.get(name, {})
            self.stage_counts.addTopLevelItem(QTreeWidgetItem([
                name, f"{counts.get('ok', 0):,}", f"{counts.get('failed', 0):,}", f"{counts.get('skipped', 0):,}"]))

    def _fill_failures(self, progress: IngestProgress) -> None:
        shown = self.failure_list.topLevelItemCount()
        wanted = progress.failures[:FAILURES_SHOWN]
        if progress.run_id != self._failures_run or shown > len(wanted):  # a new run: start the list again
            self.failure_list.clear()
            self._failures_run = progress.run_id
            shown = 0
        for failure in wanted[shown:]:  # failures only grow within a run: add the new ones, keep the selection
            item = QTreeWidgetItem([failure.path, failure.stage or self.tr("(whole item)"), failure.reason,
                                    "" if failure.file_id is None else str(failure.file_id)])
            item.setToolTip(2, failure.reason)
            item.setData(0, Qt.ItemDataRole.UserRole, failure.file_id)
            self.failure_list.addTopLevelItem(item)
        more = progress.failures_total - len(wanted)
        self.failures_title.setText(self.tr("Failures: {count:,}").format(count=progress.failures_total) +
                                    (self.tr(" (the first {shown:,} listed)").format(shown=len(wanted))
                                     if more > 0 else ""))
