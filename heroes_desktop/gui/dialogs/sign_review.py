"""Signing the review: the supervisor reads the chain's verdict and the blind review's result, writes a note, and
signs with their key (``review.signed``, as ``heroes review sign`` does). The core refuses a chain that does not
verify; the dialog says so before the supervisor tries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.supervision.custody_history import profile_trust_for, read_custody_history
from heroes_desktop.supervision.review_summary import ReviewSummary, read_review_summary, sign_review


class SignReviewDialog(QDialog):
    """``signed`` holds the recorded event once the review is signed."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_review_dialog")
        self.setWindowTitle(self.tr("Sign the review"))
        self.session = session
        self.signed: Any = None
        self.summary: ReviewSummary | None = None
        self.verdict = QLabel(self.tr("Verifying the chain…"), self)
        self.verdict.setObjectName("sign_verdict")
        self.verdict.setWordWrap(True)
        self.agreement = QLabel("", self)
        self.agreement.setObjectName("sign_agreement")
        self.agreement.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("sign_note")
        self.note.setPlaceholderText(self.tr("Your note: what you checked, what you found, what must be redone."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = self.buttons.addButton(self.tr("&Sign with my key"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setEnabled(False)
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel("", self)
        self.error.setObjectName("sign_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        who = session.actor.name if session.actor is not None else "?"
        layout.addWidget(QLabel(self.tr("Signing as {name}, supervisor.").format(name=who), self))
        layout.addWidget(self.verdict)
        layout.addWidget(self.agreement)
        layout.addWidget(QLabel(self.tr("Note"), self))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        case = session.case

        def work() -> tuple[Any, ReviewSummary]:
            return (read_custody_history(case, trust=profile_trust_for(case)), read_review_summary(case))

        session.jobs.read("review before signing", work, self._show, self._failed)

    def _show(self, result: tuple[Any, ReviewSummary]) -> None:
        history, self.summary = result
        self.verdict.setText(history.verdict())
        self.verdict.setStyleSheet("" if history.ok else "color: #b00020; font-weight: bold;")
        self.agreement.setText(self.summary.sentence())
        can_sign = history.chain_ok and self.session.actor is not None
        self.sign_button.setEnabled(can_sign)
        if not history.chain_ok:
            self.error.setText(self.tr("A review is not signed over a chain that does not verify."))

    def _failed(self, error: BaseException) -> None:
        self.verdict.setText(self.tr("The case could not be read: {reason}").format(reason=user_message(error)))

    def sign(self) -> None:
        note = self.note.toPlainText().strip()
        self.sign_button.setEnabled(False)
        case = self.session.case

        def done(signed: Any) -> None:
            self.signed = signed.event
            self.accept()

        def failed(error: BaseException) -> None:
            self.error.setText(user_message(error))
            self.sign_button.setEnabled(True)

        self.session.jobs.write("sign the review", lambda: sign_review(case, note), done, failed)


def open_sign_review(session: CaseSession, parent: QWidget | None = None) -> SignReviewDialog:
    dialog = SignReviewDialog(session, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
