"""The break offer and the examiner's exposure settings.

:class:`BreakPrompt` is non-modal and never forces anything: it says why a break is offered and the examiner's own
counts (private: this window only, never the case), and offers "Take a break", "Snooze" and "Settings…". Closing it
puts the offer off like "Snooze". Breaks went with better mental health among examiners (Mitchell et al. 2023);
the offer is a nudge, not a lock (GUI.md, "Wellbeing").

:class:`ExposureSettingsDialog` edits the break policy and the reveal ladder's starting steps, written through the
:class:`~heroes_desktop.gui.exposure.ExposureMonitor` into the examiner's profile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from heroes_desktop.gui.exposure import ExposureMonitor, step_title
from heroes_desktop.review.exposure_log import BreakPolicy
from heroes_desktop.review.ladder import LadderSettings, RevealStep


class BreakPrompt(QDialog):
    """The break offer. Made once per window; with ``follow`` it shows itself each time the monitor says a break
    is due (the monitor says so once per due period)."""

    def __init__(self, monitor: ExposureMonitor, parent: QWidget | None = None, *, follow: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("break_prompt")
        self.monitor = monitor
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(self.tr("Time for a break?"))
        self.settings_dialog: ExposureSettingsDialog | None = None

        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        note = QLabel(self.tr("A break is offered, never forced. These counts are yours alone: they are kept in "
                              "your profile, never in the case."), self)
        note.setWordWrap(True)
        self.break_button = QPushButton(self.tr("Take a break"), self)
        self.snooze_button = QPushButton(self)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.break_button.clicked.connect(self.take_break)
        self.snooze_button.clicked.connect(self.snooze)
        self.settings_button.clicked.connect(self.open_settings)
        buttons = QHBoxLayout()
        for button in (self.break_button, self.snooze_button, self.settings_button):
            button.setAutoDefault(False)  # Enter chooses nothing by accident
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self._update_snooze_title(monitor.break_policy)
        monitor.policy_changed.connect(self._update_snooze_title)
        monitor.counts_changed.connect(lambda *_: self._update_counts())
        if follow:
            monitor.break_due.connect(self.offer)

    @property
    def reason(self) -> str:
        return self.reason_label.text()

    def offer(self, reason: str) -> None:
        """Show the offer with ``reason``, leaving the keyboard with the examiner's work: a Space meant for the
        review pane must not press one of these buttons."""
        self.reason_label.setText(reason)
        self._update_counts()
        working = QApplication.activeWindow()
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.show()
        if working is not None and working is not self and working.isVisible():
            working.activateWindow()

    def take_break(self) -> None:
        """The examiner takes a break: a new session begins; nothing is paused or locked."""
        self.monitor.took_break()
        self.hide()

    def snooze(self) -> None:
        """Put the offer off for the snooze minutes."""
        self.monitor.snooze()
        self.hide()

    def open_settings(self) -> ExposureSettingsDialog:
        dialog = ExposureSettingsDialog(self.monitor, self)
        self.settings_dialog = dialog
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def reject(self) -> None:  # Esc or the title bar's close button (QDialog closes through here): as Snooze
        if self.isVisible():
            self.monitor.snooze()
        super().reject()

    def _update_counts(self) -> None:
        self.counts_label.setText(self.tr("Clear views of flagged material: {0} since your last break, {1} today.")
                                  .format(self.monitor.session_views, self.monitor.today_views))

    def _update_snooze_title(self, policy: BreakPolicy) -> None:
        minutes = policy.snooze_minutes
        shown = f"{minutes:g}"
        self.snooze_button.setText(self.tr("Snooze {0} minutes").format(shown))


class ExposureSettingsDialog(QDialog):
    """The examiner's break policy and where the reveal ladder starts, kept in their profile."""

    def __init__(self, monitor: ExposureMonitor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exposure_settings")
        self.setWindowTitle(self.tr("Exposure settings"))
        self.monitor = monitor
        policy, ladder = monitor.break_policy, monitor.settings
        self.minutes = QDoubleSpinBox(self)
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setDecimals(0)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setValue(policy.minutes)
        self.clear_views = QSpinBox(self)
        self.clear_views.setRange(1, 100_000)
        self.clear_views.setValue(policy.clear_views)
        self.snooze_minutes = QDoubleSpinBox(self)
        self.snooze_minutes.setRange(1, 24 * 60)
        self.snooze_minutes.setDecimals(0)
        self.snooze_minutes.setSuffix(self.tr(" min"))
        self.snooze_minutes.setValue(policy.snooze_minutes)
        self.flagged_step = self._steps(ladder.flagged_step)
        self.default_step = self._steps(ladder.default_step)
        form = QFormLayout()
        form.addRow(self.tr("Offer a break after"), self.minutes)
        form.addRow(self.tr("…or after this many clear views of flagged material"), self.clear_views)
        form.addRow(self.tr("Snooze puts the offer off for"), self.snooze_minutes)
        form.addRow(self.tr("Flagged items start at"), self.flagged_step)
        form.addRow(self.tr("Other items start at"), self.default_step)
        note = QLabel(self.tr("Flagged material starting as a description only means fewer clear views: most "
                              "decisions need no pixels."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _steps(self, current: RevealStep) -> QComboBox:
        box = QComboBox(self)
        for step in RevealStep:
            box.addItem(step_title(step), int(step))
        box.setCurrentIndex(int(current))
        return box

    def chosen_policy(self) -> BreakPolicy:
        return BreakPolicy(minutes=self.minutes.value(), clear_views=self.clear_views.value(),
                           snooze_minutes=self.snooze_minutes.value())

    def chosen_settings(self) -> LadderSettings:
        return LadderSettings(flagged_step=RevealStep(self.flagged_step.currentData()),
                              default_step=RevealStep(self.default_step.currentData()),
                              flag_score=self.monitor.settings.flag_score)

    def accept(self) -> None:
        """Write the choices through the monitor (saved in the examiner's profile off the GUI thread)."""
        policy, settings = self.chosen_policy(), self.chosen_settings()
        if policy != self.monitor.break_policy:
            self.monitor.set_break_policy(policy)
        if settings != self.monitor.settings:
            self.monitor.set_ladder_settings(settings)
        super().accept()
