"""*Add evidence*: pick an image file or a folder, see which format it is, give it a label, and watch it being
hashed (bytes, bytes/s, time left); then the hashes, the E01 stored-hash verdict and the offsets of any chunk that
could not be read. The core's ``add_evidence`` does the work on the session's writer thread; the evidence is only
ever read."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.core.progress import Progress
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource, identify
from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.pipeline.evidence_intake import EvidenceRecord, add_evidence
from heroes_desktop.pipeline.volume_unlock import LockedVolume, locked_volumes
from heroes_desktop.core.units import readable_size

POLL_MS = 200  # how often the dialog redraws the hashing progress
DETECT_DELAY_MS = 250  # typing pauses this long before the format is detected
BAR_STEPS = 1000


human_size = readable_size  # binary units, as the CLI prints them


def human_seconds(seconds: float | None) -> str:
    """``42 s``, ``3 min 5 s``, ``2 h 10 min``; ``-`` when unknown."""
    if seconds is None:
        return "-"
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def format_title(source: EvidenceSource) -> str:
    """The detected format in words, with how many files make it up."""
    tr = lambda text: QCoreApplication.translate("AddEvidenceDialog", text)  # noqa: E731
    names = {
        EvidenceFormat.RAW: tr("Raw image"), EvidenceFormat.SPLIT_RAW: tr("Split raw image"),
        EvidenceFormat.EWF: tr("EnCase image (E01)"), EvidenceFormat.FOLDER: tr("Folder of files"),
        EvidenceFormat.VMDK: tr("Virtual disk (VMDK)"), EvidenceFormat.VHD: tr("Virtual disk (VHD)"),
        EvidenceFormat.VHDX: tr("Virtual disk (VHDX)"), EvidenceFormat.QCOW: tr("Virtual disk (QCOW2)"),
    }
    title = names.get(source.format, source.format.value)
    if source.format is EvidenceFormat.FOLDER or len(source.paths) == 1:
        return title
    return tr("{title}, {count} files").format(title=title, count=len(source.paths))


def stored_hash_verdict(record: EvidenceRecord) -> str:
    """What the stored-hash check says, in the words of ``heroes evidence add``."""
    tr = lambda text: QCoreApplication.translate("AddEvidenceDialog", text)  # noqa: E731
    if record.format == "folder":
        manifest = record.metadata.get("manifest") if isinstance(record.metadata, dict) else None
        if manifest:
            return tr("folder: files hashed at intake: {count} (manifest SHA-256)").format(
                count=f"{manifest.get('files', 0):,}")
        return tr("folder: no image hash (each file is hashed by ingest)")
    if record.verified is True:
        return tr("stored hashes verified")
    if record.verified is False:
        return tr("STORED HASHES DO NOT MATCH")
    if record.format == "ewf":
        return tr("no stored hashes in the image")
    return tr("{format} image: no stored hashes to verify (hashed when added)").format(format=record.format)


class AddEvidenceDialog(QDialog):
    """Register one evidence item in the session's case. ``evidence_added`` carries the core's record."""

    evidence_added = Signal(object)  # EvidenceRecord

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._source: EvidenceSource | None = None
        self._detect_job: Any = None
        self._hashed: tuple[int, int] = (0, 0)  # written by the writer thread, read by the timer
        self._started = 0.0
        self._busy = False
        self.record: EvidenceRecord | None = None
        self.hashing_reports = 0  # progress reports drawn while hashing (tests read it)
        self.setWindowTitle(self.tr("Add evidence"))
        self.setMinimumWidth(640)

        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("An image (E01, raw, split raw, VMDK, VHD, QCOW2) or a folder"))
        self.file_button = QPushButton(self.tr("&File…"), self)
        self.folder_button = QPushButton(self.tr("F&older…"), self)
        picker = QHBoxLayout()
        picker.addWidget(self.path_edit, 1)
        picker.addWidget(self.file_button)
        picker.addWidget(self.folder_button)
        self.format_label = QLabel(self.tr("Choose a file or a folder"), self)
        self.format_label.setObjectName("format")
        self.format_label.setWordWrap(True)
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText(self.tr("e.g. Laptop HDD (the file or folder name when empty)"))
        form = QFormLayout()
        path_label = QLabel(self.tr("&Evidence:"), self)
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, picker)
        form.addRow(self.tr("Format:"), self.format_label)
        label_label = QLabel(self.tr("&Label:"), self)
        label_label.setBuddy(self.label_edit)
        form.addRow(label_label, self.label_edit)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_bar.setValue(0)
        self.progress_label = QLabel("", self)
        self.progress_label.setObjectName("progress")
        progress_box = QVBoxLayout()
        progress_box.addWidget(self.progress_bar)
        progress_box.addWidget(self.progress_label)
        self.progress_group = QGroupBox(self.tr("Hashing"), self)
        self.progress_group.setLayout(progress_box)
        self.progress_group.hide()

        self.result_text = QPlainTextEdit(self)
        self.result_text.setObjectName("result")
        self.result_text.setReadOnly(True)
        self.result_text.setMinimumHeight(180)
        self.result_text.hide()
        self.error_line = ErrorLine(self)

        self.buttons = QDialogButtonBox(self)
        self.add_button = self.buttons.addButton(self.tr("&Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.add_button.setDefault(True)
        self.add_button.setEnabled(False)
        self.read_only_note = QLabel(self.tr("This session is read-only: evidence cannot be added."), self)
        self.read_only_note.setVisible(session.read_only)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_group)
        layout.addWidget(self.result_text)
        layout.addWidget(self.error_line)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.buttons)

        self._detect_timer = QTimer(self)
        self._detect_timer.setSingleShot(True)
        self._detect_timer.setInterval(DETECT_DELAY_MS)
        self._detect_timer.timeout.connect(self._detect)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._draw_progress)
        self.path_edit.textChanged.connect(self._path_changed)
        self.path_edit.returnPressed.connect(self._detect)
        self.file_button.clicked.connect(self.choose_file)
        self.folder_button.clicked.connect(self.choose_folder)
        self.add_button.clicked.connect(self.start_adding)
        self.close_button.clicked.connect(self.reject)
        self.path_edit.setFocus()

    # ------------------------------------------------------------------------------------------- choosing

    def _picker(self, folder: bool) -> QFileDialog:
        picker = QFileDialog(self, self.tr("Choose an evidence folder") if folder else
                             self.tr("Choose an evidence image (its first segment)"))
        picker.setObjectName("evidence-picker")
        picker.setOption(QFileDialog.Option.ReadOnly, True)  # never a rename or a new folder in evidence
        if folder:
            picker.setFileMode(QFileDialog.FileMode.Directory)
            picker.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            picker.setFileMode(QFileDialog.FileMode.ExistingFile)
            picker.setNameFilters([self.tr("Evidence images (*.E01 *.e01 *.Ex01 *.dd *.raw *.img *.001 *.000 "
                                           "*.vmdk *.vhd *.vhdx *.qcow2)"), self.tr("All files (*)")])
        current = Path(self.path_edit.text().strip()).expanduser()
        if current.parent.is_dir():
            picker.setDirectory(str(current if current.is_dir() else current.parent))
        picker.fileSelected.connect(self._chosen)
        picker.open()  # window-modal, never a nested event loop
        return picker

    def choose_file(self) -> QFileDialog:
        return self._picker(folder=False)

    def choose_folder(self) -> QFileDialog:
        return self._picker(folder=True)

    def _chosen(self, path: str) -> None:
        if path:
            self.path_edit.setText(path)
            self._detect()

    # ------------------------------------------------------------------------------------------- detecting

    def _path_changed(self, _text: str) -> None:
        self._source = None
        self.add_button.setEnabled(False)
        self.error_line.clear_message()
        self._detect_timer.start()

    def _detect(self) -> None:
        """Recognise the format off the GUI thread (a header read; nothing is written)."""
        self._detect_timer.stop()
        text = self.path_edit.text().strip()
        if self._detect_job is not None:
            self._detect_job.cancel()
        if not text:
            self.format_label.setText(self.tr("Choose a file or a folder"))
            return
        self.format_label.setText(self.tr("Detecting…"))
        path = Path(text).expanduser()
        self._detect_job = self._session.jobs.read("detect evidence format", lambda: identify(path),
                                                   self._detected, self._not_detected)

    def _detected(self, source: EvidenceSource) -> None:
        self._source = source
        self.format_label.setText(format_title(source))
        self.add_button.setEnabled(not self._session.read_only and not self._busy)

    def _not_detected(self, error: BaseException) -> None:
        self._source = None
        self.format_label.setText(user_message(error))
        self.add_button.setEnabled(False)

    # ------------------------------------------------------------------------------------------- adding

    def start_adding(self) -> None:
        """Hash and record the evidence on the writer thread; the dialog stays responsive meanwhile."""
        if self._source is None or self._busy or self._session.read_only:
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        label = self.label_edit.text().strip() or None
        case = self._session.case
        self._busy = True
        self._set_inputs_enabled(False)
        self.error_line.clear_message()
        self.result_text.hide()
        self.progress_group.setTitle(self.tr("Reading") if self._source.format is EvidenceFormat.FOLDER
                                     else self.tr("Hashing"))
        self.progress_group.show()
        self.progress_bar.setValue(0)
        self.progress_bar.setRange(0, 0)  # busy until the first report says how much there is
        self.progress_label.setText(self.tr("Starting…"))
        self._hashed = (0, 0)
        self._started = time.monotonic()

        def hashed(done: int, total: int) -> None:
            self._hashed = (done, total)  # one tuple: atomic for the timer that reads it

        def work() -> tuple[EvidenceRecord, list[LockedVolume]]:
            record = add_evidence(case, path, label, progress=hashed)
            locked = [] if record.format == "folder" else locked_volumes(case, record.id)
            return record, locked

        self._poll.start()
        self._session.jobs.write("add evidence", work, self._added, self._failed)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.path_edit, self.file_button, self.folder_button, self.label_edit, self.close_button):
            widget.setEnabled(enabled)
        self.add_button.setEnabled(enabled and self._source is not None and not self._session.read_only)

    def _draw_progress(self) -> None:
        done, total = self._hashed
        if not total:
            return
        self.hashing_reports += 1
        report = Progress(phase="hashing", bytes_done=done, bytes_total=total, started=self._started)
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_bar.setValue(int(BAR_STEPS * min(done, total) / total))
        self.progress_label.setText(self.tr("{done} of {total}, {rate}/s, {left} left").format(
            done=human_size(done), total=human_size(total), rate=human_size(report.bytes_per_second),
            left=human_seconds(report.seconds_left)))

    def _finish(self) -> None:
        self._poll.stop()
        self._busy = False
        self._set_inputs_enabled(True)

    def _added(self, outcome: tuple[EvidenceRecord, list[LockedVolume]]) -> None:
        record, locked = outcome
        self._finish()
        self.record = record
        seconds = time.monotonic() - self._started
        self.progress_bar.setRange(0, BAR_STEPS)
        self.progress_bar.setValue(BAR_STEPS)
        if record.size:
            self.progress_label.setText(self.tr("{size} in {time} ({rate}/s)").format(
                size=human_size(record.size), time=human_seconds(seconds),
                rate=human_size(record.size / max(seconds, 1e-6))))
        else:
            self.progress_label.setText(self.tr("done in {time}").format(time=human_seconds(seconds)))
        self.result_text.setPlainText("\n".join(self.result_lines(record, locked)))
        self.result_text.show()
        self.add_button.setEnabled(False)  # the same path again would be a duplicate
        self.close_button.setFocus()
        self.evidence_added.emit(record)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.progress_group.hide()
        self.error_line.show_error(error)

    def result_lines(self, record: EvidenceRecord, locked: list[LockedVolume]) -> list[str]:
        """What was added, as ``heroes evidence add`` tells it: hashes, acquisition details, the stored-hash
        verdict, unreadable chunks with their offsets, notes and locked volumes."""
        size = "-" if record.size is None else f"{human_size(record.size)} ({record.size:,} bytes)"
        lines = [self.tr("Evidence {id}: {label}").format(id=record.id, label=record.label),
                 self.tr("Format: {format}").format(format=record.format), self.tr("Size: {size}").format(size=size)]
        if record.format != "folder":
            lines += [f"MD5: {record.md5 or '-'}", f"SHA-1: {record.sha1 or '-'}", f"SHA-256: {record.sha256 or '-'}"]
        headers = record.metadata.get("headers") or {} if isinstance(record.metadata, dict) else {}
        for title, key in ((self.tr("Case number"), "case_number"), (self.tr("Evidence number"), "evidence_number"),
                           (self.tr("Examiner"), "examiner_name"), (self.tr("Acquired"), "acquiry_date"),
                           (self.tr("Software"), "acquiry_software")):
            if headers.get(key):
                lines.append(f"{title}: {headers[key]}")
        if record.stored_md5:
            lines.append(self.tr("Stored MD5: {value}").format(value=record.stored_md5))
        if record.stored_sha1:
            lines.append(self.tr("Stored SHA-1: {value}").format(value=record.stored_sha1))
        lines.append(self.tr("Stored hashes: {verdict}").format(verdict=stored_hash_verdict(record)))
        for problem in record.read_errors:
            lines.append(self.tr("Unreadable: {length} bytes at offset {offset}: {error}").format(
                length=problem.get("length"), offset=problem.get("offset"), error=problem.get("error")))
        lines += [self.tr("Note: {note}").format(note=note) for note in record.notes]
        if locked:
            lines.append(self.tr("Locked encrypted volumes: {volumes}; unlock them with `heroes evidence unlock` "
                                 "before the ingest").format(volumes=", ".join(v.describe() for v in locked)))
        return lines

    # ------------------------------------------------------------------------------------------- closing

    def reject(self) -> None:
        """Closing waits for the hashing to end: the record and its custody event are written together."""
        if self._busy:
            self.error_line.show_message(self.tr("Hashing cannot be stopped midway; the evidence is only read. "
                                                 "Wait for it to finish."))
            return
        if self.record is not None:
            self.accept()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.path_edit.hasFocus():
            self._detect()  # Enter in the path field detects; Enter elsewhere presses Add
            return
        super().keyPressEvent(event)
