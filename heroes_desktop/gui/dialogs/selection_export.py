"""Export the selection as CSV…: the timeline's selected events, or the file table's selected rows, written by the
core (:mod:`heroes_desktop.exports.selection_csv`) on the writer thread and recorded in the custody chain. Here only
the choice of the file and the messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from heroes_desktop.exports.selection_csv import SelectionExport, export_events_csv, export_files_csv
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession


def _tr(text: str) -> str:
    return QCoreApplication.translate("SelectionExport", text)


class SelectionExportJob(QObject):
    """One export on the writer thread. Signals: ``exported(SelectionExport)``, ``failed(message)``."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(self, session: CaseSession, out: Path, *, events: list[Any] | None = None,
                 file_ids: list[int] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        case = session.case
        if events is not None:
            work = lambda: export_events_csv(case, out, events)  # noqa: E731
        else:
            work = lambda: export_files_csv(case, out, file_ids or [])  # noqa: E731
        self.job = session.jobs.write(_tr("Exporting the selection"), work, self.exported.emit,
                                      lambda error: self.failed.emit(user_message(error)))


def export_selection(session: CaseSession, window: QWidget, timeline: Any, table: Any, *,
                     out: Path | None = None) -> SelectionExportJob | None:
    """Ask where to write (unless ``out`` is given) and start the export; the window's status bar says how it went.
    ``timeline`` is the timeline panel when it is in front (its ``selected_events()``), else the file table's
    ``selected_ids()`` are exported."""
    events = list(timeline.selected_events()) if timeline is not None else None
    file_ids = None if events is not None else (list(table.selected_ids()) if table is not None else [])
    status = window.statusBar() if isinstance(window, QMainWindow) else None

    def say(text: str) -> None:
        if status is not None:
            status.showMessage(text, 10000)

    if session.case.mode.value == "read-only":
        say(_tr("This case is open read-only: an export is recorded in the custody chain, so open the case for "
                "work or review to export."))
        return None
    if not (events or file_ids):
        say(_tr("Nothing is selected: select events of the timeline or rows of the file table first."))
        return None
    if out is None:
        chosen, _ = QFileDialog.getSaveFileName(window, _tr("Export the selection as CSV"),
                                                "timeline.csv" if events else "files.csv",
                                                _tr("CSV files (*.csv)"))
        if not chosen:
            return None
        out = Path(chosen)
    job = SelectionExportJob(session, out, events=events, file_ids=file_ids, parent=window)

    def exported(result: SelectionExport) -> None:
        say(_tr("%1 rows written to %2 (SHA-256 %3…), recorded in the custody log.").replace(
            "%1", str(result.rows)).replace("%2", str(result.path)).replace("%3", result.sha256[:16]))

    job.exported.connect(exported)
    job.failed.connect(lambda message: say(_tr("The selection was not exported: %1").replace("%1", message)))
    return job
