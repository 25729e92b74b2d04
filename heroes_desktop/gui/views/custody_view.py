"""The Custody panel: the chain of custody as a readable history. Every event with its time (UTC), actor, role and
what was done in plain words; the verdict on top (links and signatures checked; the first bad event in red with
the reason); events after a break in grey (the chain cannot vouch for them); signers the lab does not vouch for
in amber. Verify against a checkpoint chosen from disk, write a new checkpoint (removable media suggested), and
check the signers against a lab trust file.

Reads and writes go through ``session.jobs`` (``heroes_desktop.supervision.custody_history``); the panel holds
no SQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity import lab_trust
from heroes_desktop.supervision.custody_history import (
    BAD,
    UNVERIFIABLE,
    CustodyHistory,
    HistoryLine,
    profile_trust_for,
    read_custody_history,
)

BAD_BRUSH = QBrush(QColor("#b00020"))
BAD_BACKGROUND = QBrush(QColor("#fde7ea"))
AFTER_BREAK_BRUSH = QBrush(QColor("#808080"))
TRUST_BACKGROUND = QBrush(QColor("#fff4d6"))
COLUMNS = ("seq", "time", "actor", "role", "words", "status")


def column_title(column: str) -> str:
    from PySide6.QtCore import QCoreApplication

    titles = {"seq": QCoreApplication.translate("CustodyView", "Event"),
              "time": QCoreApplication.translate("CustodyView", "Time (UTC)"),
              "actor": QCoreApplication.translate("CustodyView", "Actor"),
              "role": QCoreApplication.translate("CustodyView", "Role"),
              "words": QCoreApplication.translate("CustodyView", "What was done"),
              "status": QCoreApplication.translate("CustodyView", "Verified")}
    return titles[column]


class HistoryModel(QAbstractTableModel):
    """The history's lines, one row per event; colours say what the verification found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[HistoryLine] = []

    def set_lines(self, lines: list[HistoryLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "seq":
                return line.seq
            if column == "time":
                return line.time.replace("T", " ").removesuffix("+00:00").removesuffix("Z")
            if column == "status":
                if line.status == BAD:
                    return self.tr("NO: {reason}").format(reason=line.reason)
                if line.status == UNVERIFIABLE:
                    return self.tr("cannot be vouched for (after the break)")
                return self.tr("yes") + (self.tr(" · lab: {what}").format(what=line.trust[0]) if line.trust else "")
            return getattr(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([line.words, *([line.reason] if line.reason else []), *line.trust])
        if role == Qt.ItemDataRole.ForegroundRole:
            return BAD_BRUSH if line.status == BAD else AFTER_BREAK_BRUSH if line.status == UNVERIFIABLE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return BAD_BACKGROUND if line.status == BAD else TRUST_BACKGROUND if line.trust else None
        return None


class CustodyHistoryView(QWidget):
    """Signals: ``message(text)`` for the status line. Methods: :meth:`refresh` (verify again),
    :meth:`verify_against` (a checkpoint file), :meth:`write_checkpoint_to`, :meth:`use_trust_file`."""

    message = Signal(str)
    loaded = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custody_view")
        self.session = session
        self.history: CustodyHistory | None = None
        self.checkpoint: Path | None = None
        self.trust_file: Path | None = None
        self._job: Any = None

        self.verdict = QLabel(self.tr("Verifying the chain…"), self)
        self.verdict.setObjectName("custody_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton(self.tr("&Verify again"), self)
        self.verify_button.clicked.connect(self.refresh)
        self.checkpoint_button = QPushButton(self.tr("Verify against a &checkpoint…"), self)
        self.checkpoint_button.clicked.connect(self._choose_checkpoint)
        self.write_button = QPushButton(self.tr("&Write a checkpoint…"), self)
        self.write_button.clicked.connect(self._choose_checkpoint_out)
        self.write_button.setEnabled(session.actor is not None and session.case.mode.value != "read-only")
        self.trust_button = QPushButton(self.tr("Check signers against a &lab trust file…"), self)
        self.trust_button.clicked.connect(self._choose_trust)
        buttons = QHBoxLayout()
        for button in (self.verify_button, self.checkpoint_button, self.write_button, self.trust_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("custody_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (("seq", 60), ("time", 170), ("actor", 160), ("role", 90), ("words", 520)):
            self.table.setColumnWidth(COLUMNS.index(column), width)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_details(current))
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("custody_details")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("The chosen event's details, as recorded and signed."))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.refresh()

    # ------------------------------------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Verify the chain again (with the chosen checkpoint and trust file) and show the history."""
        if self._job is not None:
            self._job.cancel()
        self.verdict.setText(self.tr("Verifying the chain…"))
        case, checkpoint, trust_file = self.session.case, self.checkpoint, self.trust_file

        def work() -> CustodyHistory:
            trust = lab_trust.load_trust(trust_file) if trust_file else profile_trust_for(case)
            return read_custody_history(case, checkpoint=checkpoint, trust=trust)

        self._job = self.session.jobs.read("custody history", work, self._show, self._failed)

    def _show(self, history: CustodyHistory) -> None:
        self._job = None
        self.history = history
        self.model.set_lines(history.lines)
        good = history.ok
        self.verdict.setText(history.verdict())
        self.verdict.setStyleSheet("" if good else "color: #b00020; font-weight: bold;")
        bad = history.first_bad_seq
        if bad is None and history.serious_findings:
            bad = history.serious_findings[0].seq
        row = next((number for number, line in enumerate(history.lines) if line.seq == bad), None)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        self.verdict.setText(self.tr("The chain could not be read: {reason}").format(reason=user_message(error)))
        self.verdict.setStyleSheet("color: #b00020; font-weight: bold;")
        self.loaded.emit()

    def _show_details(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.model.lines):
            self.details.clear()
            return
        line = self.model.lines[index.row()]
        text = json.dumps(line.details, indent=2, ensure_ascii=False, default=str)
        head = [line.words]
        if line.reason:
            head.append(self.tr("Verification: {reason}").format(reason=line.reason))
        head.extend(self.tr("Lab: {finding}").format(finding=finding) for finding in line.trust)
        self.details.setPlainText("\n".join(head) + "\n\n" + text)

    def bad_row(self) -> int | None:
        """The row of the first bad event, if the chain is broken."""
        return next((number for number, line in enumerate(self.model.lines) if line.status == BAD), None)

    # ------------------------------------------------------------------------------------------- choosing files

    def verify_against(self, checkpoint: Path | None) -> None:
        self.checkpoint = checkpoint
        self.refresh()

    def use_trust_file(self, trust_file: Path | None) -> None:
        self.trust_file = trust_file
        self.refresh()

    def _choose_checkpoint(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Verify against a checkpoint"), _removable_media(),
                                              self.tr("Checkpoints (*.json);;All files (*)"))
        if path:
            self.verify_against(Path(path))

    def _choose_trust(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The lab's trust file"), _removable_media(),
                                              self.tr("Lab trust files (*.json);;All files (*)"))
        if path:
            self.use_trust_file(Path(path))

    def _choose_checkpoint_out(self) -> None:
        suggested = Path(_removable_media()) / f"{self.session.case.path.stem}-checkpoint.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write a checkpoint (keep it outside the case folder)"),
                                              str(suggested), self.tr("Checkpoints (*.json)"))
        if path:
            self.write_checkpoint_to(Path(path))

    def write_checkpoint_to(self, out: Path) -> None:
        """Record the checkpoint (a custody event) and write it to ``out``; then verify against it."""
        case = self.session.case
        if out.resolve().parent == case.path.resolve().parent:
            self.message.emit(self.tr("Note: a checkpoint beside the case proves little; keep a copy on removable "
                                      "media or another machine."))

        def done(document: dict) -> None:
            self.message.emit(self.tr("Checkpoint of event {seq} written to {path}").format(
                seq=document.get("seq"), path=str(out)))
            self.verify_against(out)

        self.session.jobs.write("custody checkpoint", lambda: case.checkpoint(out), done,
                                lambda error: self.message.emit(user_message(error)))


def _removable_media() -> str:
    """Where checkpoints are suggested: the first mounted removable medium (``/media/USER/LABEL``,
    ``/run/media/USER/LABEL``, ``/media/LABEL``, ``/Volumes/LABEL``), else the documents folder."""
    for root in (Path("/media"), Path("/run/media"), Path("/Volumes")):
        try:
            children = sorted(path for path in root.iterdir() if path.is_dir()) if root.is_dir() else []
            for child in children:
                inner = sorted(path for path in child.iterdir() if path.is_dir())
                if inner and root != Path("/Volumes"):
                    return str(inner[0])
                if child.is_mount() or root == Path("/Volumes"):
                    return str(child)
        except OSError:
            continue
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
