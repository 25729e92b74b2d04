"""Export…: the case's findings for other tools and people, through the same core call as ``heroes export``
(:func:`heroes_desktop.exports.run.run_export`): CASE/UCO 1.4.0 JSON-LD, a portable case of chosen items with a
passphrase of its own (asked twice, never shown), or VICS 2.0. The export runs on the writer thread with progress
and cancel, and is recorded in the custody chain. No SQL and no format logic here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import HeroesError
from heroes_desktop.exports.run import run_export
from heroes_desktop.gui.dialogs import ErrorLine
from heroes_desktop.gui.dialogs.write_progress import (WriteProgress, hidden_progress_bar, path_row, show_progress,
                                                       status_line)
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.session import CaseSession

POLL_MS = 150
SUFFIXES = {"case-uco": ".case.jsonld", "portable": ".portable.heroes", "vics": ".vics.json"}


class ExportDialog(QDialog):
    """Signals: ``exported(dict)`` with what was written, ``failed(message)``."""

    exported = Signal(dict)
    failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None, *, fmt: str = "case-uco") -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export the case"))
        self._session = session
        self._progress: WriteProgress | None = None
        self.result: dict | None = None

        self.format = QComboBox(self)
        self.format.setObjectName("export_format")
        self.format.addItem(self.tr("CASE/UCO 1.4.0 JSON-LD (for other forensic tools)"), "case-uco")
        self.format.addItem(self.tr("Portable case of chosen items (for the prosecutor)"), "portable")
        self.format.addItem(self.tr("VICS 2.0 (categorised media, for Project VIC tools)"), "vics")
        self.items = QComboBox(self)
        self.items.setObjectName("export_items")
        self.items.addItem(self.tr("Bookmarked items"), "bookmarked")
        self.items.addItem(self.tr("Categorised items"), "categorised")
        self.items.addItem(self.tr("Every file of the case"), "all")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("export_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("export_repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.out = QLineEdit(self)
        self.out.setObjectName("export_out")
        out_row = path_row(self, self.out, self._browse, self.tr("Browse…"))
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Format:"), self.format)
        self.form.addRow(self.tr("&Items:"), self.items)
        self.form.addRow(self.tr("&Passphrase of the portable case:"), self.passphrase)
        self.form.addRow(self.tr("&Repeat it:"), self.repeat)
        self.form.addRow(self.tr("&Write to:"), out_row)

        self.progress = hidden_progress_bar(self)
        self.status = status_line(self, "export_status")
        self.error = ErrorLine(self)
        self.export_button = QPushButton(self.tr("&Export"), self)
        self.export_button.setObjectName("export_write")
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.format.currentIndexChanged.connect(self._format_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        index = self.format.findData(fmt)
        self.format.setCurrentIndex(max(index, 0))
        self._format_changed()
        if self.read_only_reason:
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(self.read_only_reason)
            self.status.setText(self.read_only_reason)
        self.resize(620, 320)

    @property
    def read_only_reason(self) -> str:
        if self._session.case.mode.value == "read-only":
            return self.tr("This case is open read-only: an export is recorded in the custody chain, so open the "
                           "case for work or review to export it.")
        return ""

    @property
    def busy(self) -> bool:
        return self._progress is not None

    def export(self) -> bool:
        """Run the export on the writer thread; False when the form is not complete."""
        if self.read_only_reason or self._progress is not None:
            return False
        fmt = self.format.currentData()
        if not self.out.text().strip():
            self.error.show_message(self.tr("Choose where to write the export."))
            return False
        passphrase = None
        if fmt == "portable":
            passphrase = self.passphrase.text()
            if not passphrase:
                self.error.show_message(self.tr("Give the portable case a passphrase of its own."))
                return False
            if passphrase != self.repeat.text():
                self.error.show_message(self.tr("The two passphrases differ."))
                return False
        self.error.clear_message()
        out = Path(self.out.text().strip()).expanduser()
        case, items, progress = self._session.case, self.items.currentData(), WriteProgress()
        self._progress = progress
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.export_button.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self.status.setText(self.tr("Exporting…"))
        self._timer.start()

        def done(result: dict) -> None:
            self._finish()
            self.result = result
            self.status.setText(self.tr("Exported to %1.").replace("%1", str(out)))
            self.exported.emit(result)

        def failed(error: BaseException) -> None:
            self._finish()
            if not isinstance(error, HeroesError):
                report_unexpected(error, "export")
            self.error.show_error(error)
            self.status.setText("")
            self.failed.emit(user_message(error))

        self._session.jobs.write("export", lambda: run_export(
            case, fmt, out, items=items, passphrase=passphrase, progress=progress.count,
            cancelled=progress.cancelled.is_set), done, failed)
        self.passphrase.clear()
        self.repeat.clear()
        return True

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        portable = fmt == "portable"
        for widget in (self.items, self.passphrase, self.repeat):
            widget.setEnabled(portable)
        self.explanation.setText({
            "case-uco": self.tr("The investigation, evidence, ingest runs, files with their hashes and times, "
                                "containment, and the examiners' tags and notes, as CASE/UCO 1.4.0 JSON-LD."),
            "portable": self.tr("A new encrypted case holding only the chosen items, their content and findings, "
                                "with a passphrase of its own. It opens read-only, and its custody chain starts "
                                "from this case's head."),
            "vics": self.tr("The categorised media (one entry per MD5) as VICS 2.0 JSON."),
        }[fmt])
        case_path = Path(self._session.case.path)
        self.out.setText(str(case_path.with_name(case_path.stem + SUFFIXES[fmt])))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.out.text())
        if chosen:
            self.out.setText(chosen)

    def _poll(self) -> None:
        if self._progress is None:
            return
        _, done, total = self._progress.read()
        show_progress(self.progress, done, total)

    def _finish(self) -> None:
        self._timer.stop()
        self._progress = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(not self.read_only_reason)
        self.close_button.setText(self.tr("Close"))

    def reject(self) -> None:
        if self._progress is not None:
            self._progress.cancelled.set()
            self.status.setText(self.tr("Cancelling…"))
            return
        super().reject()


def open_export_dialog(session: CaseSession, parent: QWidget | None = None, *, fmt: str = "case-uco") -> ExportDialog:
    dialog = ExportDialog(session, parent, fmt=fmt)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
