"""Categorise and bookmark by keyboard: digits 0–5 set Project VIC CAT-0..CAT-5 on the selected files, a bookmark
dialog takes a name and a note (and may give the bookmark its own key), and every change can be undone and redone.

Each change is the core's :func:`~heroes_desktop.hashsets.tagging.tag_files` (one custody event per file, as
``heroes tag``, naming the decision's origin), run on the session's writer thread. Undo withdraws the tag it made
(``withdraw_tags``, a ``tag.withdrawn`` event) and gives back what the slot held before (a file that was CAT-2 before
CAT-3 is CAT-2 again, by a new tag); redo tags again. Nothing is ever deleted: the chain shows every step.

Each panel that categorises (the file table, the gallery) has its own Categoriser, its own undo stack and its own
action ids (``action_prefix``): the shortcut registry's ids are global.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QKeySequenceEdit, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from heroes_desktop.core.errors import UsageError
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.models import counted
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import (WINDOW, ShortcutConflict, ShortcutRegistry, examiner_settings_dir,
                                          shortcuts_of, write_json_atomically)
from heroes_desktop.hashsets.categories import CATEGORIES
from heroes_desktop.hashsets.tagging import list_tags, parse_label, tag_files, withdraw_tags

log = logging.getLogger("heroes.gui")

FILE_TABLE_CONTEXT = "file_table"
DEFAULT_PREFIX = "categorise"  # the file table's action ids; another panel gives its own (ids are global)


def category_actions(prefix: str = DEFAULT_PREFIX) -> tuple[tuple[str, str, str], ...]:
    """(action id, label, default key) of the digits 0–5 under ``prefix``."""
    return tuple((f"{prefix}.cat{digit}", f"CAT-{digit}", str(digit)) for digit in range(6))


CATEGORY_ACTIONS = category_actions()
BOOKMARK_ACTION = "categorise.bookmark"
UNDO_ACTION = "categorise.undo"
REDO_ACTION = "categorise.redo"
BOOKMARK_KEY_PREFIX = "bookmark:"
BOOKMARK_KEYS_FORMAT = "heroes-bookmark-keys/1"
UNDO_REASON = "undone in the window"

Slot = tuple[str, str]  # (label, note) a file's slot held
Details = Mapping[int, Mapping[str, Any]]  # per file: how the decision was reached (tag_files' ``per_file``)


def _fold(label: str) -> str:
    return label.strip().casefold()


def _slot_of(label: str) -> str:
    """``category`` for CAT-n, else the folded bookmark name: the slot a new tag of ``label`` supersedes."""
    category, bookmark = parse_label(label)
    return "category" if category else _fold(bookmark or "")


def _current_slots(case: Any, file_ids: Sequence[int], label: str) -> dict[int, Slot]:
    """What each file's slot of ``label`` holds now: (label, note) of its current tag there."""
    wanted, slot = set(file_ids), _slot_of(label)
    held: dict[int, Slot] = {}
    for row in list_tags(case, current_only=True):
        if row["file_id"] not in wanted:
            continue
        row_slot = "category" if row["category"] else _fold(row["bookmark"] or "")
        if row_slot == slot:
            held[row["file_id"]] = (row["category"] or row["bookmark"], row["note"] or "")
    return held


class TagCommand(QUndoCommand):
    """One categorisation or bookmark of some files; ``redo`` tags, ``undo`` withdraws and restores.

    The work runs on the writer thread in submission order, so an undo pressed before its tag landed still comes
    after it. ``applied`` (the files actually tagged) and ``previous`` are set there, by the work itself.
    """

    def __init__(self, controller: Categoriser, file_ids: Sequence[int], label: str, note: str, text: str,
                 details: Details | None = None) -> None:
        super().__init__(text)
        self.controller = controller
        self.file_ids = list(dict.fromkeys(file_ids))
        self.label = label
        self.note = note
        self.details = dict(details or {})
        self.applied: list[int] = []
        self.previous: dict[int, Slot] = {}

    def redo(self) -> None:
        self.controller._submit(self, undo=False)

    def undo(self) -> None:
        self.controller._submit(self, undo=True)

    # the work, on the writer thread --------------------------------------------------------------------------

    def tag(self, case: Any) -> list[int]:
        held = _current_slots(case, self.file_ids, self.label)
        wanted = (self.label, self.note)
        todo = [file_id for file_id in self.file_ids if not self._same(held.get(file_id), wanted)]
        self.previous = {file_id: held[file_id] for file_id in todo if file_id in held}
        self.applied = todo
        if todo:
            per_file = {file_id: self.details[file_id] for file_id in todo if file_id in self.details}
            tag_files(case, todo, self.label, self.note, per_file=per_file or None)
        return todo

    def untag(self, case: Any) -> list[int]:
        if not self.applied:
            return []
        held = _current_slots(case, self.applied, self.label)
        mine = [file_id for file_id in self.applied if self._same(held.get(file_id), (self.label, self.note))]
        if mine:
            withdraw_tags(case, mine, self.label, reason=UNDO_REASON)
        groups: dict[Slot, list[int]] = {}
        for file_id in mine:
            if file_id in self.previous:
                groups.setdefault(self.previous[file_id], []).append(file_id)
        for (label, note), group in groups.items():
            tag_files(case, group, label, note)
        return mine

    @staticmethod
    def _same(held: Slot | None, wanted: Slot) -> bool:
        return held is not None and _fold(held[0]) == _fold(wanted[0]) and held[1] == wanted[1]


class BookmarkDialog(QDialog):
    """Name (one of the case's bookmarks or a new one), note, and optionally the bookmark's own key.

    ``validate(name, key)`` returns an error line or "" (checked before the dialog closes, shown inline)."""

    def __init__(self, names: Sequence[str], validate: Callable[[str, str], str], key_of: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bookmark the selected files"))
        self._validate = validate
        self._key_of = key_of
        self.name = QComboBox(self)
        self.name.setEditable(True)
        self.name.addItems(list(names))
        self.name.setCurrentText("")
        self.name.setAccessibleName(self.tr("Bookmark name"))
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("Why this matters (kept with the tag)"))
        self.key = QKeySequenceEdit(self)
        self.key.setMaximumSequenceLength(1)
        self.key.setClearButtonEnabled(True)
        self.key.setAccessibleName(self.tr("Key for this bookmark"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(link-visited); font-weight: bold;")
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("N&ote:"), self.note)
        form.addRow(self.tr("&Key (optional):"), self.key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.name.currentTextChanged.connect(self._name_changed)

    def _name_changed(self, name: str) -> None:
        self.key.setKeySequence(QKeySequence(self._key_of(name.strip())))

    def key_text(self) -> str:
        return self.key.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def accept(self) -> None:
        problem = self._validate(self.name.currentText().strip(), self.key_text())
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        super().accept()


class Categoriser(QObject):
    """The categorise and bookmark actions of a panel (the file table, the gallery), over ``selected_ids()``.

    ``action_prefix`` names the panel's actions (``categorise.cat3`` for the file table, ``gallery.categorise.cat3``
    for the gallery: action ids are global), ``context_title`` its shortcut context's title, and ``details(ids)``
    (optional) how each file's decision was reached, kept in its custody event (a same-hash copy: carried from the
    tile the examiner saw).

    Signals: ``decided(file_ids, label)`` the moment the examiner asks for a tag (before it is written: a panel may
    move on at once); ``tagged(file_ids)`` once a tag, undo or redo landed in the case (or failed); ``landed(file_ids,
    label, undone)`` once one landed; ``failed(message)`` with the core's line; ``message(text)`` for the panel's
    status line. Read-only sessions get the actions disabled, with why.
    """

    tagged = Signal(list)
    decided = Signal(list, str)
    landed = Signal(list, str, bool)
    failed = Signal(str)
    message = Signal(str)
    bookmarks_changed = Signal(list)

    def __init__(self, session: CaseSession, panel: QWidget, selected_ids: Callable[[], list[int]],
                 registry: ShortcutRegistry | None = None, context: str = FILE_TABLE_CONTEXT, *,
                 action_prefix: str = DEFAULT_PREFIX, context_title: str | None = None,
                 details: Callable[[list[int]], Details] | None = None) -> None:
        super().__init__(panel)
        self._session = session
        self._panel = panel
        self._selected_ids = selected_ids
        self._registry = registry or shortcuts_of(session)
        self._context = context
        self._context_title = context_title
        self._details = details
        self.action_prefix = action_prefix
        self.category_actions = category_actions(action_prefix)
        self.bookmark_action = f"{action_prefix}.bookmark"
        self.undo_action = f"{action_prefix}.undo"
        self.redo_action = f"{action_prefix}.redo"
        self._bookmark_key_prefix = (BOOKMARK_KEY_PREFIX if action_prefix == DEFAULT_PREFIX
                                     else f"{action_prefix}.{BOOKMARK_KEY_PREFIX}")
        self.undo_stack = QUndoStack(self)
        self.actions: dict[str, QAction] = {}
        self._bookmark_actions: dict[str, QAction] = {}
        self._bookmark_names: list[str] = []
        self._bookmark_spelling: dict[str, str] = {}
        self._pending = 0
        self.dialog: BookmarkDialog | None = None
        self._register()
        self._load_bookmark_keys()
        self.refresh_bookmarks()

    # ------------------------------------------------------------------------------------------- the actions

    @property
    def read_only_reason(self) -> str:
        if not self._session.read_only:
            return ""
        return self.tr("This case is open read-only (or for review): categories and bookmarks cannot be changed")

    @property
    def busy(self) -> bool:
        """Whether a tag, undo or redo is still being written."""
        return self._pending > 0

    def _register(self) -> None:
        registry = self._registry
        registry.register_context(self._context, self._context_title or self.tr("File table"))
        for action_id, label, key in self.category_actions:
            meaning = QCoreApplication.translate("Categories", CATEGORIES[label])
            title = self.tr("Categorise as %1 (%2)").replace("%1", label).replace("%2", meaning)
            registry.register(action_id, title, key, self._context)
            self.actions[action_id] = registry.bind(action_id, self._panel,
                                                    lambda label=label: self.categorise(label))
        bookmark, undo, redo = self.bookmark_action, self.undo_action, self.redo_action
        registry.register(bookmark, self.tr("Bookmark the selection…"), "Ctrl+B", self._context)
        self.actions[bookmark] = registry.bind(bookmark, self._panel, self.bookmark_selection)
        registry.register(undo, self.tr("Undo the last categorisation"), "Ctrl+Z", self._context)
        self.actions[undo] = registry.bind(undo, self._panel, self.undo_stack.undo)
        registry.register(redo, self.tr("Redo the categorisation undone"), "Ctrl+Shift+Z", self._context)
        self.actions[redo] = registry.bind(redo, self._panel, self.undo_stack.redo)
        reason = self.read_only_reason
        for action in self.actions.values():
            if reason:
                action.setEnabled(False)
                action.setToolTip(reason)
                action.setStatusTip(reason)
        if not reason:
            self.actions[undo].setEnabled(False)
            self.actions[redo].setEnabled(False)
            self.undo_stack.canUndoChanged.connect(self.actions[undo].setEnabled)
            self.undo_stack.canRedoChanged.connect(self.actions[redo].setEnabled)

    def categorise(self, label: str) -> bool:
        """Set ``label`` (CAT-0..CAT-5) on the selection; False (and a message) when nothing was done."""
        count = len(self._selected_ids())
        return self._push(label, "", counted("Categoriser", "%1 on %n file(s)", count).replace("%1", label))

    def bookmark(self, name: str, note: str = "") -> bool:
        """Bookmark the selection as ``name`` with ``note``."""
        count = len(self._selected_ids())
        text = counted("Categoriser", "Bookmark \u201c%1\u201d on %n file(s)", count).replace("%1", name)
        return self._push(name, note, text)

    def _push(self, label: str, note: str, text: str) -> bool:
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return False
        ids = self._selected_ids()
        if not ids:
            self.message.emit(self.tr("Select the files to categorise first"))
            return False
        try:
            parse_label(label)
        except UsageError as error:
            self.failed.emit(user_message(error))
            return False
        details = self._details(list(ids)) if self._details is not None else None
        self.undo_stack.push(TagCommand(self, ids, label, note, text, details))
        self.decided.emit(list(dict.fromkeys(ids)), label)
        return True

    def _submit(self, command: TagCommand, *, undo: bool) -> None:
        case = self._session.case
        self._pending += 1
        what = command.text()

        def work() -> list[int]:
            return command.untag(case) if undo else command.tag(case)

        def done(changed: list[int]) -> None:
            self._pending -= 1
            if undo:
                self.message.emit(self.tr("Undone: %1").replace("%1", what))
            elif changed:
                self.message.emit(what)
            else:
                self.message.emit(self.tr("Nothing to change: the selection already has %1").replace(
                    "%1", command.label))
            self.landed.emit(list(command.file_ids), command.label, undo)
            self.tagged.emit(list(command.file_ids))
            if not undo and _slot_of(command.label) != "category":
                self.refresh_bookmarks()

        def failed(error: BaseException) -> None:
            self._pending -= 1
            self.failed.emit(user_message(error))
            self.tagged.emit(list(command.file_ids))

        self.message.emit(self.tr("Writing: %1…").replace("%1", what))  # one custody event per file: say so
        self._session.jobs.write("categorise" if not undo else "categorise: undo", work, done, failed)

    # ------------------------------------------------------------------------------------------- bookmarks

    @property
    def bookmark_names(self) -> list[str]:
        return list(self._bookmark_names)

    def refresh_bookmarks(self) -> None:
        """Read the case's bookmark names (for the dialog's list) off the GUI thread."""
        case = self._session.case

        def work() -> list[str]:
            names: dict[str, str] = {}
            for row in list_tags(case):
                if row["bookmark"]:
                    names.setdefault(_fold(row["bookmark"]), row["bookmark"])
            return sorted(names.values(), key=str.casefold)

        def done(names: list[str]) -> None:
            known = {_fold(name) for name in self._bookmark_names}
            self._bookmark_names = sorted({**{_fold(n): n for n in names},
                                           **{_fold(n): n for n in self._bookmark_names}}.values(), key=str.casefold)
            if {_fold(name) for name in self._bookmark_names} != known:
                self.bookmarks_changed.emit(self.bookmark_names)

        self._session.jobs.read("categorise: bookmark names", work, done, lambda error: log.warning(
            "bookmark names unreadable: %s", user_message(error)), background=True)

    def bookmark_selection(self) -> BookmarkDialog | None:
        """Open the bookmark dialog (window-modal, not blocking); OK bookmarks the selection."""
        if self.read_only_reason:
            self.message.emit(self.read_only_reason)
            return None
        if not self._selected_ids():
            self.message.emit(self.tr("Select the files to bookmark first"))
            return None
        dialog = BookmarkDialog(self._bookmark_names, self._validate_bookmark, self.bookmark_key, self._panel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._bookmark_accepted(dialog))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _validate_bookmark(self, name: str, key: str) -> str:
        try:
            category, bookmark = parse_label(name)
        except UsageError as error:
            return user_message(error)
        if category:
            return self.tr("%1 is a category: press its digit instead of bookmarking").replace("%1", category)
        if key != self.bookmark_key(name):
            holder = self._key_holder(key, exclude=self._bookmark_action_id(name))
            if holder:
                return holder
        return ""

    def _key_holder(self, key: str, exclude: str) -> str:
        """The conflict line when ``key`` already belongs to another action of this panel or the window (the
        registry refuses it again, for any overlapping context, when the key is set)."""
        if not key:
            return ""
        for action in self._registry.actions():
            if action.action_id != exclude and action.key == key and action.context in (self._context, WINDOW):
                shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                return self.tr("%1 is already the key of \u201c%2\u201d").replace("%1", shown).replace(
                    "%2", action.title)
        return ""

    def _bookmark_accepted(self, dialog: BookmarkDialog) -> None:
        name, note, key = dialog.name.currentText().strip(), dialog.note.text().strip(), dialog.key_text()
        if key != self.bookmark_key(name):
            try:
                self.set_bookmark_key(name, key)
            except ShortcutConflict as error:
                self.failed.emit(str(error))
        if not any(_fold(name) == _fold(known) for known in self._bookmark_names):
            self._bookmark_names = sorted([*self._bookmark_names, name], key=str.casefold)
            self.bookmarks_changed.emit(self.bookmark_names)
        self.bookmark(name, note)

    def _bookmark_action_id(self, name: str) -> str:
        return self._bookmark_key_prefix + _fold(name)

    def bookmark_key(self, name: str) -> str:
        """The key that bookmarks as ``name`` ("" for none)."""
        action_id = self._bookmark_action_id(name)
        if action_id not in self._bookmark_actions:
            return ""
        return self._registry.key(action_id)

    def set_bookmark_key(self, name: str, key: str) -> None:
        """Give bookmark ``name`` its own key (kept in the examiner's profile); "" removes it.
        A key another action holds raises :class:`ShortcutConflict`."""
        action_id = self._ensure_bookmark_action(name)
        self._registry.set_key(action_id, key)
        self._save_bookmark_keys()

    def _ensure_bookmark_action(self, name: str) -> str:
        action_id = self._bookmark_action_id(name)
        if action_id not in self._bookmark_actions:
            self._registry.register(action_id, self.tr("Bookmark as \u201c%1\u201d").replace("%1", name), None,
                                    self._context)
            action = self._registry.bind(action_id, self._panel, lambda name=name: self.bookmark(name))
            if self.read_only_reason:
                action.setEnabled(False)
                action.setToolTip(self.read_only_reason)
            self._bookmark_actions[action_id] = action
            self._bookmark_spelling[action_id] = name
        return action_id

    @property
    def _keys_file(self) -> Any:
        return examiner_settings_dir(self._registry.examiner) / "bookmark_keys.json"

    def _load_bookmark_keys(self) -> None:
        """Bookmarks that have a key of their own (the keys are the registry's, in the examiner's profile)."""
        try:
            document = json.loads(self._keys_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("bookmark keys %s unreadable (%s)", self._keys_file, error)
            return
        for name in document.get("bookmarks", []) if isinstance(document, dict) else []:
            if isinstance(name, str) and name.strip():
                try:
                    self._ensure_bookmark_action(name)
                except ShortcutConflict as error:
                    log.warning("bookmark %r: %s", name, error)

    def _save_bookmark_keys(self) -> None:
        names = [self._bookmark_spelling[action_id] for action_id in self._bookmark_actions
                 if self._registry.key(action_id)]
        write_json_atomically(self._keys_file, {"format": BOOKMARK_KEYS_FORMAT, "bookmarks": names})
