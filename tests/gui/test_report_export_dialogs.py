"""The Report… and Export… dialogs over a copy of the demo case: the preview shows the report's first pages, writing
runs off the GUI thread and lands a signed report that verifies, an export lands and is recorded; a read-only
session cannot write either and says why."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heroes_desktop.gui.dialogs.export_dialog import ExportDialog
from heroes_desktop.gui.dialogs.report_dialog import ReportDialog
from heroes_desktop.hashsets.tagging import tag_file
from heroes_desktop.reports.signature import verify_report
from tests.gui.demo_sessions import demo, open_demo_session, session, unexpected  # noqa: F401 - fixtures

TIMEOUT = 60_000


def test_report_dialog_previews_then_writes_a_signed_report(qtbot, session, tmp_path):
    with session.case.reading() as connection:
        file_id = connection.exec_driver_sql("SELECT id FROM files WHERE kind != 'dir' ORDER BY id LIMIT 1").scalar()
    tag_file(session.case, file_id, "Exhibit 1", note="noted in the window test")
    dialog = ReportDialog(session)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        pass
    assert all(not label.pixmap().isNull() for label in dialog.pages)
    out = tmp_path / "window-report.pdf"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(dialog.written, timeout=TIMEOUT) as written:
        assert dialog.write()
        QApplication.processEvents()
        assert dialog.busy  # the window stays responsive while the writer thread lays it out
    result = written.args[0]
    assert Path(result["report"]) == out and out.exists()
    assert verify_report(out, session.case)["case_checked"]
    assert result["report_id"] in dialog.status.text()


def test_export_dialog_writes_case_uco_and_refuses_mismatched_passphrases(qtbot, session, tmp_path):
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("portable"))
    dialog.passphrase.setText("one passphrase for the prosecutor")
    dialog.repeat.setText("another")
    dialog.out.setText(str(tmp_path / "p.heroes"))
    assert not dialog.export() and "differ" in dialog.error.text()
    dialog.format.setCurrentIndex(dialog.format.findData("vics"))
    out = tmp_path / "window.vics.json"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT):
        assert dialog.export()
    assert json.loads(out.read_text())["value"][0]["CaseID"] == session.case.case_id
    assert any(event.action == "hashset.exported" for event in session.case.events())


def test_a_read_only_session_cannot_write_a_report_or_an_export(qtbot, demo, unexpected):
    read_only = open_demo_session(demo, mode="read-only")
    try:
        report = ReportDialog(read_only)
        qtbot.addWidget(report)
        assert not report.write_button.isEnabled() and "read-only" in report.read_only_reason
        assert not report.write()
        export = ExportDialog(read_only)
        qtbot.addWidget(export)
        assert not export.export_button.isEnabled() and not export.export()
        with qtbot.waitSignal(report.previewed, timeout=TIMEOUT):
            pass  # the preview still works: it records nothing
    finally:
        read_only.close()
    assert not unexpected


def test_a_portable_case_exported_from_the_window_opens_read_only_there(qtbot, session, tmp_path):
    from heroes_desktop.case.case_file import OpenMode
    from heroes_desktop.gui.dialogs.open_case import OpenRequest, open_case_for

    with session.case.reading() as connection:
        file_id = connection.exec_driver_sql(
            "SELECT id FROM files WHERE kind != 'dir' AND sha256 IS NOT NULL ORDER BY id LIMIT 1").scalar()
    tag_file(session.case, file_id, "For the prosecutor", note="exhibit 1")
    dialog = ExportDialog(session, fmt="portable")
    qtbot.addWidget(dialog)
    out = tmp_path / "prosecutor.heroes"
    dialog.out.setText(str(out))
    dialog.passphrase.setText("prosecutor passphrase")
    dialog.repeat.setText("prosecutor passphrase")
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as exported:
        assert dialog.export()
    assert exported.args[0]["files"] == 1 and not dialog.passphrase.text()
    request = OpenRequest(out, "prosecutor passphrase", False, session.actor, "a key passphrase of the examiner")
    portable = open_case_for(request)
    try:
        assert portable.mode is OpenMode.READ_ONLY and request.read_only
        assert portable.verify().ok
    finally:
        portable.close()
