"""Closing the case window while an ingest runs: the examiner is asked, the window keeps drawing while the child
stops after its items in flight (never a frozen wait on the GUI thread), then the case closes, and the next start
continues from what was committed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.main_window import MainWindow
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.watchdog import EventLoopWatchdog
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.progress_snapshot import latest_progress
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE
from tests.evidence.builders import populate
from tests.gui.test_ingest_panel import QUICK_STAGES, SLOW

TIMEOUT_MS = 120_000


def test_closing_during_an_ingest_asks_then_waits_without_freezing(qtbot, monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path, case_path: Path,
                                                                    examiner: Actor,
                                                                    examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    populate(folder, 1500)
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder, "seized folder")
    case = Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)
    session = CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    window = MainWindow(session)
    window.show()
    panel = window.views["ingest_panel"]
    qtbot.waitUntil(lambda: panel.installation is not None, timeout=TIMEOUT_MS)
    for index in range(panel.stage_list.topLevelItemCount()):
        name = panel.stage_list.topLevelItem(index).text(0)
        if name not in QUICK_STAGES:
            panel.set_stage_checked(name, False)
    panel.jobs_spin.setValue(1)
    panel.tuning.update(SLOW)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.running and panel.process is not None and panel.process.running,
                    timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: (progress := latest_progress(case)) is not None and progress.items_done > 0,
                    timeout=TIMEOUT_MS)

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or (
        QMessageBox.StandardButton.Yes))
    watchdog = EventLoopWatchdog(0.1)
    watchdog.start()
    window.close()
    assert asked and window.isVisible()  # asked, and still drawn while the child stops
    assert not window.centralWidget().isEnabled()
    qtbot.waitUntil(lambda: window.isHidden(), timeout=TIMEOUT_MS)
    watchdog.stop()
    assert not watchdog.stalls, [stall.describe() for stall in watchdog.stalls]

    with Case.open(case_path, PASSPHRASE) as reopened:
        progress = latest_progress(reopened)
        assert progress is not None and progress.status == "interrupted"
        assert 0 < progress.items_done < 1500
        assert reopened.verify().ok
