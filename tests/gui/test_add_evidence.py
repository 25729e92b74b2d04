"""*Add evidence*, driven by keyboard and mouse on real cases and real evidence: a folder, an E01 whose stored
hashes verify, a damaged E01 (stored hashes that do not match, unreadable chunks with their offsets), a large raw
image whose hashing progress is drawn, a duplicate and a read-only session refused with one line."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.gui.dialogs.add_evidence import AddEvidenceDialog, human_seconds, human_size
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import list_evidence
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, SHARED_TESTDATA, sha256_file

E01 = SHARED_TESTDATA / "dfvfs" / "ext2.E01"
E01_STORED_MD5 = "196066add11fb71c4c49cf1bb50d6d24"  # MANIFEST.md: ewfinfo ext2.E01 = md5(ext2.raw)


@pytest.fixture
def session(qtbot, case_path: Path, examiner: Actor, examiner_key: SigningKey) -> Iterator[CaseSession]:
    case = Case.create(case_path, PASSPHRASE, examiner, examiner_key)
    session = CaseSession(case, examiner, Jobs(), PASSPHRASE, KEY_PASSPHRASE)
    yield session
    session.close()


@pytest.fixture
def dialog(qtbot, session: CaseSession) -> AddEvidenceDialog:
    dialog = AddEvidenceDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_path(qtbot, dialog: AddEvidenceDialog, path: Path) -> None:
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(path))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Enter in the path field detects at once
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10_000)


def _added(qtbot, dialog: AddEvidenceDialog) -> str:
    with qtbot.waitSignal(dialog.evidence_added, timeout=60_000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.result_text.isVisible()
    return dialog.result_text.toPlainText()


def test_a_folder_is_typed_labelled_and_added(qtbot, dialog: AddEvidenceDialog, session: CaseSession,
                                              tmp_path: Path) -> None:
    folder = tmp_path / "usb-stick"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "invoice.txt").write_text("invoice 2026-004\n")
    (folder / "photo.bin").write_bytes(os.urandom(3000))
    _type_path(qtbot, dialog, folder)
    assert dialog.format_label.text() == "Folder of files"
    qtbot.keyClicks(dialog.label_edit, "USB stick")
    text = _added(qtbot, dialog)
    assert "Evidence 1: USB stick" in text and "folder: files hashed at intake: 2 (manifest SHA-256)" in text
    records = list_evidence(session.case)
    assert [(r.label, r.format, r.size) for r in records] == [("USB stick", "folder", 3017)]
    assert [e.action for e in session.case.events()][-1] == "evidence.added"
    assert not dialog.add_button.isEnabled()  # the same folder again would be a duplicate
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == AddEvidenceDialog.DialogCode.Accepted


def test_an_e01_chosen_with_the_file_picker_shows_its_verified_stored_hashes(
        qtbot, dialog: AddEvidenceDialog, session: CaseSession) -> None:
    before = sha256_file(E01)
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    picker = dialog.findChild(QFileDialog, "evidence-picker")
    qtbot.waitUntil(picker.isVisible)
    picker.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    name_field = picker.findChild(QLineEdit, "fileNameEdit")
    picker.setDirectory(str(E01.parent))
    name_field.setText(str(E01))
    qtbot.keyClick(name_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.path_edit.text() == str(E01))
    qtbot.waitUntil(dialog.add_button.isEnabled, timeout=10_000)
    assert dialog.format_label.text() == "EnCase image (E01)"
    text = _added(qtbot, dialog)
    assert f"Stored MD5: {E01_STORED_MD5}" in text and f"MD5: {E01_STORED_MD5}" in text
    assert "Stored hashes: stored hashes verified" in text and "Unreadable" not in text
    assert "Case number: case" in text and "Examiner: examiner" in text  # ewfacquire -C case -e examiner
    assert list_evidence(session.case)[0].verified is True
    assert sha256_file(E01) == before


def test_a_damaged_e01_shows_the_mismatch_and_the_unreadable_offsets(
        qtbot, dialog: AddEvidenceDialog, session: CaseSession, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.E01"
    shutil.copyfile(E01, damaged)
    data = bytearray(damaged.read_bytes())
    for offset in (3000, 9000):
        data[offset:offset + 16] = b"\xff" * 16
    damaged.write_bytes(bytes(data))
    _type_path(qtbot, dialog, damaged)
    text = _added(qtbot, dialog)
    record = list_evidence(session.case)[0]
    assert record.verified is False and record.read_errors
    assert "Stored hashes: STORED HASHES DO NOT MATCH" in text
    for problem in record.read_errors:
        assert f"Unreadable: {problem['length']} bytes at offset {problem['offset']}:" in text


def test_hashing_progress_is_drawn_with_rate_and_time_left(qtbot, dialog: AddEvidenceDialog,
                                                           session: CaseSession, tmp_path: Path) -> None:
    image = tmp_path / "blank.raw"
    with image.open("wb") as handle:
        handle.truncate(320 * 2**20)  # a couple of seconds of hashing here
    _type_path(qtbot, dialog, image)
    assert dialog.format_label.text() == "Raw image"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.close_button.isEnabled() and not dialog.path_edit.isEnabled()
    qtbot.waitUntil(lambda: dialog.hashing_reports > 0, timeout=60_000)
    shown = dialog.progress_label.text()
    assert " of 320.0 MiB, " in shown and "/s, " in shown and shown.endswith(" left")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # refused while hashing: the record and its event go together
    assert dialog.isVisible() and "cannot be stopped" in dialog.error_line.text()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=60_000)
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert "320.0 MiB in " in dialog.progress_label.text()
    assert list_evidence(session.case)[0].size == 320 * 2**20


def test_a_duplicate_and_a_missing_path_each_say_one_line(qtbot, dialog: AddEvidenceDialog,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    _type_path(qtbot, dialog, folder)
    _added(qtbot, dialog)
    dialog.path_edit.clear()
    _type_path(qtbot, dialog, folder)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_line.isVisible, timeout=30_000)
    assert "already evidence 1" in dialog.error_line.text() and "\n" not in dialog.error_line.text()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: "no such file or folder" in dialog.format_label.text(), timeout=10_000)
    assert not dialog.add_button.isEnabled()


def test_a_read_only_session_cannot_add(qtbot, case_path: Path, examiner: Actor, examiner_key: SigningKey,
                                        tmp_path: Path) -> None:
    Case.create(case_path, PASSPHRASE, examiner, examiner_key).close()
    session = CaseSession(Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_ONLY), None, Jobs())
    try:
        dialog = AddEvidenceDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.read_only_note.isVisible()
        _folder = tmp_path / "f"
        _folder.mkdir()
        qtbot.keyClicks(dialog.path_edit, str(_folder))
        qtbot.waitUntil(lambda: dialog.format_label.text() == "Folder of files", timeout=10_000)
        assert not dialog.add_button.isEnabled()
    finally:
        session.close()


def test_sizes_and_times_read_as_the_cli_prints_them() -> None:
    assert human_size(1536) == "1.5 KiB" and human_size(None) == "-" and human_size(12) == "12 B"
    assert human_seconds(42.4) == "42 s" and human_seconds(185) == "3 min 5 s" and human_seconds(7800) == "2 h 10 min"
    assert human_seconds(None) == "-"
