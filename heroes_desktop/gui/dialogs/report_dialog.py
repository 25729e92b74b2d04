"""Report…: the examiner chooses what the examination report holds, sees its first pages, and writes it.

The preview is the real report laid out with its first dozen findings (written nowhere, recorded nowhere); writing
runs on the writer thread with progress and cancel, through the same core call as ``heroes report``
(:func:`heroes_desktop.reports.writer.write_report`): the report is signed and recorded in the custody chain. Pictures
are obscured unless the examiner chooses otherwise, and CAT-1/CAT-2 pictures appear only in a restricted annex
asked for explicitly. The dialog holds no SQL and no layout logic: it calls the core and shows what comes back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import HeroesError
from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.dialogs.write_progress import (WriteProgress, hidden_progress_bar, path_row, show_progress,
                                                       status_line)
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.reports.content import ReportOptions
from heroes_desktop.reports.pdf_render import page_pictures
from heroes_desktop.reports.writer import render_preview, write_report

POLL_MS = 150
PREVIEW_WIDTH = 300


class ReportDialog(QDialog):
    """Signals: ``previewed`` when the preview pages are shown, ``written(dict)`` with what was written,
    ``failed(message)``."""

    previewed = Signal()
    written = Signal(dict)
    failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_dialog")
        self.setWindowTitle(self.tr("Write the examination report"))
        self._session = session
        self._preview_job: Job | None = None
        self._progress: WriteProgress | None = None
        self.result: dict | None = None

        self.format = QComboBox(self)
        self.format.setObjectName("report_format")
        self.format.addItem(self.tr("PDF (one file)"), "pdf")
        self.format.addItem(self.tr("HTML (one self-contained folder)"), "html")
        self.items = QComboBox(self)
        self.items.setObjectName("report_items")
        self.items.addItem(self.tr("Bookmarked items"), "bookmarked")
        self.items.addItem(self.tr("Categorised items"), "categorised")
        self.items.addItem(self.tr("Every file of the case"), "all")
        self.thumbnails = QComboBox(self)
        self.thumbnails.setObjectName("report_thumbnails")
        self.thumbnails.addItem(self.tr("Obscured (greyscale, blurred)"), "obscured")
        self.thumbnails.addItem(self.tr("No pictures"), "none")
        self.thumbnails.addItem(self.tr("Clear"), "clear")
        self.annex = QCheckBox(self.tr("Also write a restricted annex with the pictures of CAT-1 and CAT-2 items"),
                               self)
        self.annex.setObjectName("report_annex")
        self.annex.setToolTip(self.tr("The report itself never pictures CAT-1 or CAT-2 items; the annex is a separate, "
                                      "signed document for those entitled to see them."))
        self.requester = QLineEdit(self)
        self.requester.setObjectName("report_requester")
        self.scope = QLineEdit(self)
        self.scope.setObjectName("report_scope")
        self.scope.setPlaceholderText(self.tr("What was asked, in your words (optional)"))
        self.out = QLineEdit(self)
        self.out.setObjectName("report_out")
        self.out.setText(str(self._default_out("pdf")))
        out_row = path_row(self, self.out, self._browse, self.tr("Browse…"))

        form = QFormLayout()
        form.addRow(self.tr("&Format:"), self.format)
        form.addRow(self.tr("&Items:"), self.items)
        form.addRow(self.tr("&Pictures:"), self.thumbnails)
        form.addRow("", self.annex)
        form.addRow(self.tr("&Requested by:"), self.requester)
        form.addRow(self.tr("&Scope:"), self.scope)
        form.addRow(self.tr("&Write to:"), out_row)

        self.pages = [QLabel(self), QLabel(self)]
        preview_row = QHBoxLayout()
        for number, label in enumerate(self.pages, 1):
            label.setObjectName(f"report_preview_{number}")
            label.setAccessibleName(self.tr("Preview of page %1").replace("%1", str(number)))
            label.setMinimumSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 1.414))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFrameShape(QLabel.Shape.StyledPanel)
            preview_row.addWidget(label)
        preview_holder = QWidget(self)
        preview_holder.setLayout(preview_row)
        scroller = QScrollArea(self)
        scroller.setWidget(preview_holder)
        scroller.setWidgetResizable(True)
        self.preview_button = QPushButton(self.tr("&Update the preview"), self)
        self.preview_button.clicked.connect(self.preview)

        self.progress = hidden_progress_bar(self)
        self.status = status_line(self, "report_status")
        self.error = ErrorLine(self)
        self.write_button = QPushButton(self.tr("&Write and sign the report"), self)
        self.write_button.setObjectName("report_write")
        self.write_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Close"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.write_button.clicked.connect(self.write)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.format.currentIndexChanged.connect(self._format_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scroller, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        if self.read_only_reason:
            self.write_button.setEnabled(False)
            self.write_button.setToolTip(self.read_only_reason)
            self.status.setText(self.read_only_reason)
        self.resize(760, 820)
        self.preview()

    # -- public ---------------------------------------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str:
        if self._session.case.mode.value == "read-only":
            return self.tr("This case is open read-only: a report is recorded in the custody chain, so open the "
                           "case for work or review to write one.")
        return ""

    @property
    def busy(self) -> bool:
        return self._preview_job is not None or self._progress is not None

    def options(self) -> ReportOptions:
        return ReportOptions(items=self.items.currentData(), thumbnails=self.thumbnails.currentData(),
                             restricted_annex=self.annex.isChecked(), requester=self.requester.text().strip(),
                             scope=self.scope.text().strip())

    def preview(self) -> None:
        """Lay out the first two pages off the GUI thread and show them."""
        if self._preview_job is not None:
            self._preview_job.cancel()
        case, options = self._session.case, self.options()
        self.status.setText(self.tr("Laying out the first pages…"))

        def work() -> list[bytes]:
            return page_pictures(render_preview(case, options))

        def done(pictures: list[bytes]) -> None:
            self._preview_job = None
            for label, data in zip(self.pages, pictures + [b""] * 2):
                image = QImage.fromData(data) if data else QImage()
                label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                    PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation) if not image.isNull() else QPixmap())
            self.status.setText(self.tr("Preview: the first pages of the report, laid out with its first findings."))
            self.previewed.emit()

        def failed(error: BaseException) -> None:
            self._preview_job = None
            self._show_failure(error, "report preview")

        self._preview_job = self._session.jobs.read("report preview", work, done, failed)

    def write(self) -> bool:
        """Write, sign and record the report on the writer thread; False when it cannot start."""
        if self.read_only_reason or self._progress is not None:
            return False
        out = Path(self.out.text().strip()).expanduser()
        if not self.out.text().strip():
            self.error.show_message(self.tr("Choose where to write the report."))
            return False
        self.error.clear_message()
        case, fmt, options, progress = self._session.case, self.format.currentData(), self.options(), WriteProgress()
        self._progress = progress
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.write_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self._timer.start()

        def done(result: dict) -> None:
            self._finish()
            self.result = result
            text = self.tr("Report %1 written to %2 and signed (%3); recorded as custody event %4.")
            for index, value in enumerate((result["report_id"], result["report"], result["signature"],
                                           result["custody_seq"]), 1):
                text = text.replace(f"%{index}", str(value))
            annex = result.get("annex")
            if annex:
                text += " " + self.tr("Restricted annex: %1.").replace("%1", annex["report"])
            self.status.setText(text)
            self.written.emit(result)

        def failed(error: BaseException) -> None:
            self._finish()
            self._show_failure(error, "report")

        self._session.jobs.write("report", lambda: write_report(case, fmt, out, options, progress=progress.update,
                                                                cancelled=progress.cancelled.is_set), done, failed)
        return True

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancelled.set()
            self.status.setText(self.tr("Cancelling…"))

    # -- internals ------------------------------------------------------------------------------------------------

    def _default_out(self, fmt: str) -> Path:
        case_path = Path(self._session.case.path)
        name = f"{case_path.stem}-report"
        return case_path.with_name(name + (".pdf" if fmt == "pdf" else ""))

    def _format_changed(self) -> None:
        current = Path(self.out.text().strip())
        fmt = self.format.currentData()
        if current.name:
            self.out.setText(str(current.with_suffix(".pdf") if fmt == "pdf" else current.with_suffix("")))

    def _browse(self) -> None:
        if self.format.currentData() == "pdf":
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Write the report to"), self.out.text(),
                                                    self.tr("PDF (*.pdf)"))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Write the report folder to"), self.out.text())
        if chosen:
            self.out.setText(chosen)

    def _poll(self) -> None:
        if self._progress is None:
            return
        stage, done, total = self._progress.read()
        show_progress(self.progress, done, total)
        if stage == "laying out pages":
            self.status.setText(self.tr("Laying out pages: %1").replace("%1", str(done)))
        elif stage:
            self.status.setText(self.tr("Reading the case: %1 of %2 items").replace("%1", str(done))
                                .replace("%2", str(total)))

    def _finish(self) -> None:
        self._timer.stop()
        self._progress = None
        self.progress.setVisible(False)
        self.write_button.setEnabled(not self.read_only_reason)
        self.cancel_button.setText(self.tr("Close"))

    def _show_failure(self, error: BaseException, where: str) -> None:
        if not isinstance(error, HeroesError):
            report_unexpected(error, where)
        self.error.show_error(error)
        self.status.setText("")
        self.failed.emit(user_message(error))

    def _cancel_or_close(self) -> None:
        if self._progress is not None:
            self.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self._progress is not None:  # a report being written finishes or is cancelled first
            self.cancel()
            return
        if self._preview_job is not None:
            self._preview_job.cancel()
            self._preview_job = None
        super().reject()


def open_report_dialog(session: CaseSession, parent: QWidget | None = None) -> ReportDialog:
    dialog = ReportDialog(session, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
