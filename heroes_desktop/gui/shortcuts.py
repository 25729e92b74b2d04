"""One registry for every keyboard shortcut of the window: each action's id, key, panel and translated title.

Keys are scoped to panels (``Qt.WidgetWithChildrenShortcut`` on the panel's widget), so that the file table's
digits never fire while the examiner types in the search box or the hex viewer's Find (IPED #1202). Registering a
key that another action already holds in the same or an overlapping context (the window overlaps every panel)
raises :class:`ShortcutConflict`; nothing is silently lost. Each examiner's own keys are kept as JSON in their
profile (``profile_dir()/gui/<examiner>/shortcuts.json``) and survive a restart (IPED #722, #724).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from heroes_desktop.review.exposure_log import examiner_dir
from heroes_desktop.review.exposure_log import write_json_atomically as _write_json_atomically

log = logging.getLogger("heroes.gui")

WINDOW = "window"  # the context that holds everywhere in the main window
SHORTCUTS_FORMAT = "heroes-shortcuts/1"


class ShortcutConflict(ValueError):
    """A key already belongs to another action in the same or an overlapping panel context."""


def examiner_settings_dir(examiner: str | None) -> Path:
    """``profile_dir()/gui/<slug>-<sha256(name)[:8]>``: where one examiner's window settings live (not created
    here). The one definition is the core's :func:`heroes_desktop.review.exposure_log.examiner_dir`, so the
    exposure count and the window's settings share one private folder."""
    return examiner_dir(examiner)


def write_json_atomically(path: Path, document: object) -> None:
    """Replace ``path`` with ``document`` in one step (a crash leaves the old file or the new one), owner-only:
    the core's :func:`heroes_desktop.review.exposure_log.write_json_atomically`."""
    _write_json_atomically(path, document)


def normalise_key(key: str | QKeySequence | None) -> str:
    """The portable text of a key ("Ctrl+Shift+F"), "" for none; an unreadable key is refused."""
    if key is None:
        return ""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(str(key))
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    if str(key).strip() and not text:
        message = QCoreApplication.translate("ShortcutRegistry", "“{key}” is not a key")
        raise ShortcutConflict(message.format(key=str(key)))
    return text



@dataclass(frozen=True)
class ShortcutAction:
    """One registered action: ``default_key`` is the program's, ``key`` the one in force (maybe the examiner's)."""

    action_id: str
    title: str
    default_key: str
    context: str
    key: str


@dataclass(frozen=True)
class ShortcutContext:
    context_id: str
    title: str
    parent: str | None


class ShortcutRegistry:
    """Every shortcut of one examiner's window. Views register their actions, then ``bind`` them to a widget."""

    def __init__(self, examiner: str | None = None) -> None:
        self.examiner = examiner
        everywhere = QCoreApplication.translate("ShortcutRegistry", "Everywhere")
        self._contexts: dict[str, ShortcutContext] = {WINDOW: ShortcutContext(WINDOW, everywhere, None)}
        self._actions: dict[str, ShortcutAction] = {}
        self._bound: dict[str, list[QAction]] = {}
        self._overrides = self._load_overrides()

    # ------------------------------------------------------------------------------------------ declaring

    @property
    def settings_file(self) -> Path:
        return examiner_settings_dir(self.examiner) / "shortcuts.json"

    def register_context(self, context_id: str, title: str, parent: str = WINDOW) -> None:
        """A panel whose keys hold only while focus is inside it; ``parent`` is the context it lies within."""
        if parent not in self._contexts:
            raise KeyError(f"unknown shortcut context {parent!r}")
        self._contexts[context_id] = ShortcutContext(context_id, title, parent)

    def register(self, action_id: str, title: str, default_key: str | QKeySequence | None,
                 context: str = WINDOW) -> ShortcutAction:
        """Declare an action. The examiner's saved key is used unless it now collides (then the default is kept
        and the collision is logged); a default key that collides is a programming error: ShortcutConflict."""
        if action_id in self._actions:
            existing = self._actions[action_id]
            if existing.context == context and existing.default_key == normalise_key(default_key):
                return existing  # the same declaration again (a panel rebuilt)
            message = QCoreApplication.translate("ShortcutRegistry", "the action {action} is registered twice")
            raise ShortcutConflict(message.format(action=action_id))
        if context not in self._contexts:
            self.register_context(context, context)
        default = normalise_key(default_key)
        key = default
        saved = self._overrides.get(action_id)
        if saved is not None and saved != default:
            holder = self._holder(saved, context, exclude=action_id)
            if holder is None:
                key = saved
            else:
                log.warning("saved key %s of %s collides with %s; the default %s is used", saved, action_id,
                            holder.action_id, default or "(none)")
        holder = self._holder(key, context, exclude=action_id)
        if holder is not None:
            raise self._conflict(key, holder)
        action = ShortcutAction(action_id, title, default, context, key)
        self._actions[action_id] = action
        return action

    def bind(self, action_id: str, widget: QWidget, callback: Callable[[], object]) -> QAction:
        """A QAction on ``widget`` with the action's key and title, scoped to the action's context."""
        action = self._actions[action_id]
        qaction = QAction(action.title, widget)
        qaction.setObjectName(action_id)
        qaction.setShortcut(QKeySequence(action.key))
        qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut if action.context == WINDOW
                                   else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        qaction.triggered.connect(lambda checked=False: callback())
        widget.addAction(qaction)
        self._bound.setdefault(action_id, []).append(qaction)
        qaction.destroyed.connect(lambda *_: self._forget(action_id, qaction))
        return qaction

    # -------------------------------------------------------------------------------------------- changing

    def key(self, action_id: str) -> str:
        return self._actions[action_id].key

    def action(self, action_id: str) -> ShortcutAction:
        return self._actions[action_id]

    def actions(self) -> list[ShortcutAction]:
        return list(self._actions.values())

    def set_key(self, action_id: str, key: str | QKeySequence | None) -> None:
        """The examiner's own key for an action (saved in their profile); "" or None removes the key."""
        action = self._actions[action_id]
        text = normalise_key(key)
        holder = self._holder(text, action.context, exclude=action_id)
        if holder is not None:
            raise self._conflict(text, holder)
        self._actions[action_id] = ShortcutAction(action.action_id, action.title, action.default_key,
                                                  action.context, text)
        if text == action.default_key:
            self._overrides.pop(action_id, None)
        else:
            self._overrides[action_id] = text
        for qaction in self._bound.get(action_id, []):
            qaction.setShortcut(QKeySequence(text))
        self._save_overrides()

    def reset(self, action_id: str) -> None:
        """Back to the program's key."""
        self.set_key(action_id, self._actions[action_id].default_key)

    def sheet(self) -> list[tuple[str, str, str]]:
        """(context title, action title, key as shown on this system) for the F1 sheet, window keys first."""
        rows = []
        for action in self._actions.values():
            context = self._contexts[action.context]
            shown = QKeySequence(action.key).toString(QKeySequence.SequenceFormat.NativeText) if action.key else ""
            rows.append((0 if context.context_id == WINDOW else 1, context.title, action.title, shown))
        rows.sort(key=lambda row: (row[0], row[1].casefold(), row[2].casefold()))
        return [(context, title, key) for _, context, title, key in rows]

    # ------------------------------------------------------------------------------------------- internals

    def _ancestors(self, context_id: str) -> list[str]:
        chain = []
        current: str | None = context_id
        while current is not None:
            chain.append(current)
            current = self._contexts[current].parent if current in self._contexts else None
        return chain

    def _overlap(self, first: str, second: str) -> bool:
        """Two contexts overlap when one lies within the other (or they are the same)."""
        return first in self._ancestors(second) or second in self._ancestors(first)

    def _holder(self, key: str, context: str, exclude: str) -> ShortcutAction | None:
        if not key:
            return None
        for other in self._actions.values():
            if other.action_id != exclude and other.key == key and self._overlap(other.context, context):
                return other
        return None

    def _conflict(self, key: str, holder: ShortcutAction) -> ShortcutConflict:
        shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        message = QCoreApplication.translate("ShortcutRegistry",
                                             "{key} is already the key of “{title}” ({context})")
        return ShortcutConflict(message.format(
            key=shown, title=holder.title, context=self._contexts[holder.context].title))

    def _forget(self, action_id: str, qaction: QAction) -> None:
        bound = self._bound.get(action_id, [])
        self._bound[action_id] = [item for item in bound if item is not qaction]

    def _load_overrides(self) -> dict[str, str]:
        try:
            document = json.loads(self.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("shortcut settings %s unreadable (%s); the program's keys are used", self.settings_file,
                        error)
            return {}
        keys = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(keys, dict):
            return {}
        return {str(action_id): str(key) for action_id, key in keys.items() if isinstance(key, str)}

    def _save_overrides(self) -> None:
        write_json_atomically(self.settings_file, {"format": SHORTCUTS_FORMAT, "keys": self._overrides})


def shortcuts_of(session: object) -> ShortcutRegistry:
    """The session's registry (the main window attaches one as ``session.shortcuts``), made on first use."""
    registry = getattr(session, "shortcuts", None)
    if registry is None:
        actor = getattr(session, "actor", None)
        registry = ShortcutRegistry(actor.name if actor is not None else None)
        try:
            session.shortcuts = registry  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return registry
