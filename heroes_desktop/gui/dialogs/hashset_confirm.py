"""Confirm known material from its hash-set category, in bulk, without showing a single picture.

A file whose exact hash-set matches give it one category is known material: the examiner need not look at it again
to categorise it (GUI.md, "Wellbeing": fewer clear views). The dialog lists what
:func:`~heroes_desktop.review.decisions.pending_confirmations` found, one line per category ("3 files: CAT-1 from
<sets>") with a checkbox, names what it leaves to the examiner (files whose sets disagree; files matched only
perceptually, which look like a listed picture but are not known to be it), and confirms the checked lines on the
writer thread through :func:`~heroes_desktop.review.decisions.confirm_hash_set_categories` (origin ``hash-set``,
via ``hash-set confirmation``, ``shown: false`` in each custody event), with progress and cancel.

There is no picture, thumbnail or icon in this dialog, by design, and it says so.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import HeroesError
from heroes_desktop.core.progress import CancelToken, Progress
from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.jobs import Job
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.review.decisions import (Confirmation, PendingConfirmations, confirm_hash_set_categories,
                                            pending_confirmations)

POLL_MS = 100
CONFIRMATION_ROLE = Qt.ItemDataRole.UserRole + 1


def _category_title(category: str) -> str:
    meaning = CATEGORIES.get(category)
    return f"{category} ({QCoreApplication.translate('Categories', meaning)})" if meaning else category


def confirmation_line(confirmation: Confirmation) -> str:
    """``3 files: CAT-1 (child abuse material) from <sets>`` in the window's language."""
    text = counted("HashSetConfirmDialog", "%n file(s): %1 from %2", len(confirmation.file_ids))
    return text.replace("%1", _category_title(confirmation.category)).replace(
        "%2", ", ".join(confirmation.hashsets))


class _Snapshot:
    """The latest progress report, written by the writer thread and read by the GUI's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0

    def update(self, report: Progress) -> None:
        with self._lock:
            self._done, self._total = report.items_done, report.items_total

    def read(self) -> tuple[int, int]:
        with self._lock:
            return self._done, self._total


class HashSetConfirmDialog(QDialog):
    """The examiner checks which categories to confirm; Confirm runs in the background. Signals: ``loaded`` once
    the pending confirmations were read, ``confirmed(file_ids)`` once a confirmation (or its cancelled part) is in
    the case, ``failed(message)``."""

    loaded = Signal()
    confirmed = Signal(list)
    failed = Signal(str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hashset_confirm")
        self.setWindowTitle(self.tr("Confirm known material from the hash sets"))
        self._session = session
        self._pending: PendingConfirmations | None = None
        self._read_job: Job | None = None
        self._cancel: CancelToken | None = None
        self._snapshot = _Snapshot()
        self._close_when_done = False
        self.result_ids: list[int] = []

        self.notice = QLabel(self.tr(
            "These pictures will not be shown. Each file below is categorised from the category its exact "
            "hash-set matches give it, without being opened or displayed; the custody chain records that the "
            "category came from a hash set and that the file was not shown."), self)
        self.notice.setObjectName("hashset_confirm_notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget(self)
        self.list.setObjectName("hashset_confirm_list")
        self.list.setAccessibleName(self.tr("Categories to confirm"))
        self.list.setUniformItemSizes(True)
        self.conflicts = QLabel(self)
        self.perceptual = QLabel(self)
        self.status = QLabel(self.tr("Reading what the hash sets give…"), self)
        for label in (self.conflicts, self.perceptual, self.status):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button = QPushButton(self.tr("&Confirm the checked categories"), self)
        self.confirm_button.setEnabled(False)
        self.confirm_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self._update_buttons())

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.perceptual)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        if self.read_only_reason:
            self.list.setEnabled(False)
            self.list.setToolTip(self.read_only_reason)
            self.confirm_button.setToolTip(self.read_only_reason)
        self.resize(640, 420)
        self.refresh()

    # -- public ---------------------------------------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str:
        if not self._session.read_only:
            return ""
        return self.tr("This case is open read-only (or for review): categories cannot be confirmed")

    @property
    def pending(self) -> PendingConfirmations | None:
        return self._pending

    @property
    def busy(self) -> bool:
        """Whether the pending confirmations are being read or a confirmation is being written."""
        return self._read_job is not None or self._cancel is not None

    def checked(self) -> list[Confirmation]:
        """The confirmations whose line is checked."""
        chosen = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(item.data(CONFIRMATION_ROLE))
        return chosen

    def set_checked(self, category: str, checked: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CONFIRMATION_ROLE).category == category:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def refresh(self) -> None:
        """Read the pending confirmations again, off the GUI thread."""
        if self._read_job is not None:
            self._read_job.cancel()
        case = self._session.case

        def done(pending: PendingConfirmations) -> None:
            self._read_job = None
            self._show(pending)
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            self._read_job = None
            if not isinstance(error, HeroesError):
                report_unexpected(error, "hash-set confirmation: pending")
            self.status.setText(user_message(error))
            self.failed.emit(user_message(error))

        self._read_job = self._session.jobs.read("hash-set confirmation: pending",
                                                 lambda: pending_confirmations(case), done, failed)

    def confirm(self) -> bool:
        """Confirm the checked categories on the writer thread; False when there is nothing to do or no right."""
        if self.read_only_reason:
            self.status.setText(self.read_only_reason)
            return False
        chosen = self.checked()
        if not chosen or self._cancel is not None:
            return False
        case, token, snapshot = self._session.case, CancelToken(), _Snapshot()
        self._cancel, self._snapshot = token, snapshot
        total = sum(len(confirmation.file_ids) for confirmation in chosen)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(counted("HashSetConfirmDialog", "Confirming %n file(s), without showing them…", total))
        self.list.setEnabled(False)
        self.cancel_button.setText(self.tr("Stop"))
        self._update_buttons()
        self._timer.start()

        def work() -> list[dict[str, Any]]:
            return confirm_hash_set_categories(case, chosen, snapshot.update, token)

        def done(results: list[dict[str, Any]]) -> None:
            self._finished(token.cancelled)
            ids = [int(result["file_id"]) for result in results]
            self.result_ids += ids
            text = counted("HashSetConfirmDialog", "%n file(s) categorised from their hash sets; none was shown",
                           len(ids))
            if token.cancelled:
                text = self.tr("Stopped: %1").replace("%1", text)
            self.status.setText(text)
            self.confirmed.emit(ids)
            if self._close_when_done:
                QDialog.reject(self)
            else:
                self.refresh()

        def failed(error: BaseException) -> None:
            self._finished(False)
            if not isinstance(error, HeroesError):
                report_unexpected(error, "hash-set confirmation")
            self.status.setText(self.tr("Not confirmed: %1").replace("%1", user_message(error)))
            self.failed.emit(user_message(error))
            self.refresh()

        self._session.jobs.write("hash-set confirmation", work, done, failed)
        return True

    def reject(self) -> None:
        """Cancel: while confirming, stop after the batch being written (what was written stays, each file with
        its custody event), then close."""
        if self._cancel is not None:
            self._cancel.cancel()
            self._close_when_done = True
            self.status.setText(self.tr("Stopping after the files being written…"))
            self.cancel_button.setEnabled(False)
            return
        if self._read_job is not None:
            self._read_job.cancel()
            self._read_job = None
        super().reject()

    # -- internals ------------------------------------------------------------------------------------------------

    def _finished(self, _cancelled: bool) -> None:
        self._timer.stop()
        self._poll()
        self._cancel = None
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)
        self.list.setEnabled(not self.read_only_reason)
        self._update_buttons()

    def _poll(self) -> None:
        done, total = self._snapshot.read()
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _show(self, pending: PendingConfirmations) -> None:
        self._pending = pending
        self.list.blockSignals(True)
        self.list.clear()
        for confirmation in pending.confirmations:
            item = QListWidgetItem(confirmation_line(confirmation))
            item.setData(CONFIRMATION_ROLE, confirmation)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if self.read_only_reason else Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.conflicts.setText(counted(
            "HashSetConfirmDialog",
            "%n file(s) whose exact hash-set matches disagree on the category: left to you, since no set "
            "decides them.", len(pending.conflicts)))
        self.perceptual.setText(counted(
            "HashSetConfirmDialog",
            "%n file(s) matched only perceptually: left to you, since a perceptual match means the picture looks "
            "like a listed one, not that it is the same file.", len(pending.perceptual_only)))
        if self.read_only_reason:
            self.status.setText(self.read_only_reason)
        elif not pending.confirmations:
            self.status.setText(self.tr("Nothing to confirm: no uncategorised file has exact hash-set matches that "
                                        "give it a category."))
        elif self._cancel is None and not self.result_ids:
            self.status.setText(self.tr("Uncheck what you do not want confirmed, then confirm."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.confirm_button.setEnabled(not self.read_only_reason and self._cancel is None and bool(self.checked()))


def confirm_from_hash_sets(session: CaseSession, parent: QWidget | None = None) -> HashSetConfirmDialog:
    """Open the dialog (window-modal, not blocking) and return it."""
    dialog = HashSetConfirmDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
