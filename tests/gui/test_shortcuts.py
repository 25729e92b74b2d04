"""The one shortcut registry: conflicts refused in the same or an overlapping panel, keys scoped to their panel,
each examiner's own keys saved in their profile and used at the next start, and the F1 sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

import heroes_desktop.gui.app  # noqa: F401  # the PySide6/CPython 3.11 refcount workaround, as the program has it
from heroes_desktop.gui.shortcut_sheet import ShortcutSheet
from heroes_desktop.gui.shortcuts import WINDOW, ShortcutConflict, ShortcutRegistry, examiner_settings_dir


def registry(examiner: str = "Ana Examiner") -> ShortcutRegistry:
    shortcuts = ShortcutRegistry(examiner)
    shortcuts.register_context("file_table", "Files")
    shortcuts.register_context("hex", "Hex viewer")
    shortcuts.register_context("hex_find", "Hex viewer: find", parent="hex")
    return shortcuts


def test_a_key_taken_in_the_same_context_is_refused() -> None:
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    with pytest.raises(ShortcutConflict, match="already the key of “CAT-1” \\(Files\\)"):
        shortcuts.register("bookmark.evidence", "Bookmark: evidence", "1", "file_table")


def test_the_window_overlaps_every_panel_and_a_panel_its_sub_panels() -> None:
    shortcuts = registry()
    shortcuts.register("window.find", "Find everywhere", "Ctrl+F", WINDOW)
    with pytest.raises(ShortcutConflict):
        shortcuts.register("hex.find", "Find bytes", "Ctrl+F", "hex")  # IPED #1202: blur keys broke Find
    shortcuts.register("hex.next", "Next hit", "F3", "hex")
    with pytest.raises(ShortcutConflict):
        shortcuts.register("hex_find.next", "Next", "F3", "hex_find")
    with pytest.raises(ShortcutConflict):
        shortcuts.register("window.next", "Next anything", "F3", WINDOW)


def test_sibling_panels_may_share_a_key() -> None:
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    shortcuts.register("hex.one", "Something in hex", "1", "hex")
    assert shortcuts.key("tag.cat1") == shortcuts.key("hex.one") == "1"


def test_the_same_declaration_twice_is_one_action_but_another_is_refused() -> None:
    shortcuts = registry()
    first = shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    assert shortcuts.register("tag.cat1", "CAT-1", "1", "file_table") == first
    with pytest.raises(ShortcutConflict, match="registered twice"):
        shortcuts.register("tag.cat1", "CAT-1", "2", "file_table")


def test_an_examiners_keys_are_saved_in_their_profile_and_used_next_time(isolated_profile: Path) -> None:
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    shortcuts.register("tag.cat2", "CAT-2", "2", "file_table")
    shortcuts.set_key("tag.cat1", "Ctrl+1")
    with pytest.raises(ShortcutConflict):
        shortcuts.set_key("tag.cat1", "2")
    saved = examiner_settings_dir("Ana Examiner") / "shortcuts.json"
    assert saved.is_relative_to(isolated_profile / "gui")
    assert json.loads(saved.read_text())["keys"] == {"tag.cat1": "Ctrl+1"}
    again = registry()
    again.register("tag.cat1", "CAT-1", "1", "file_table")
    assert again.key("tag.cat1") == "Ctrl+1"
    other = registry("Otro Examinador")
    other.register("tag.cat1", "CAT-1", "1", "file_table")
    assert other.key("tag.cat1") == "1"  # another examiner keeps the program's keys
    again.reset("tag.cat1")
    assert again.key("tag.cat1") == "1" and json.loads(saved.read_text())["keys"] == {}


def test_a_saved_key_that_now_collides_falls_back_to_the_default() -> None:
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    shortcuts.set_key("tag.cat1", "B")
    later = registry()
    later.register("bookmark.b", "Bookmark B", "B", "file_table")  # a new version gave B to a bookmark
    later.register("tag.cat1", "CAT-1", "1", "file_table")
    assert later.key("tag.cat1") == "1" and later.key("bookmark.b") == "B"


def test_a_bound_key_acts_only_inside_its_panel_and_follows_a_change(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    table, elsewhere = QLineEdit(window), QLineEdit(window)
    table.setReadOnly(True)
    layout = QHBoxLayout(window)
    layout.addWidget(table)
    layout.addWidget(elsewhere)
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "Ctrl+1", "file_table")
    fired: list[str] = []
    action = shortcuts.bind("tag.cat1", table, lambda: fired.append("cat1"))
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    qtbot.keyClick(elsewhere, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["cat1"]
    shortcuts.set_key("tag.cat1", "Ctrl+Shift+1")
    assert action.shortcut().toString() == "Ctrl+Shift+1"


def test_the_sheet_lists_every_key_window_first_and_filters_as_one_types(qtbot: QtBot) -> None:
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    shortcuts.register("help.shortcuts", "Keyboard shortcuts", "F1", WINDOW)
    shortcuts.register("file.quit", "Quit", "Ctrl+Q", WINDOW)
    rows = shortcuts.sheet()
    assert rows[0][0] == rows[1][0] == "Everywhere" and rows[2] == ("Files", "CAT-1", "1")
    sheet = ShortcutSheet(shortcuts)
    qtbot.addWidget(sheet)
    sheet.show()
    qtbot.keyClicks(sheet.filter, "cat")
    assert sheet.visible_rows() == [("Files", "CAT-1", "1")]
    sheet.filter.clear()
    assert len(sheet.visible_rows()) == 3


def test_an_unreadable_settings_file_keeps_the_programs_keys() -> None:
    path = examiner_settings_dir("Ana Examiner") / "shortcuts.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    shortcuts = registry()
    shortcuts.register("tag.cat1", "CAT-1", "1", "file_table")
    assert shortcuts.key("tag.cat1") == "1"
