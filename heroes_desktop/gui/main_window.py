"""The case window: docks and tabs around the file table, menus, and the keys of the window. Wiring only: each
panel is its own view module, imported by name when the window opens, and a panel that is not there yet shows a
placeholder instead of taking the window down."""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from heroes_desktop.gui.errors import report_unexpected, user_message
from heroes_desktop.gui.exposure import ExposureCountLabel, ExposureMonitor, ExposurePolicy
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.shortcuts import WINDOW, ShortcutRegistry

log = logging.getLogger("heroes.gui")
STOP_POLL_MS = 200
STOP_WAIT_S = 60.0  # then the ingest is stopped at once
PRESENTATION_HIDDEN = ("evidence_tree", "viewers")  # panels that show names, paths or content as text
CENTRAL_PANELS = ("gallery", "triage_queue", "people", "topics", "timeline", "p2p", "custody", "case_history",
                  "blind_review")  # tabs beside the file table (those the session's role has)
FINDING_PANELS = ("people", "topics", "timeline", "p2p")  # they scope the file table and ask for one file


@dataclass(frozen=True)
class ViewSpec:
    key: str
    module: str
    class_name: str
    roles: tuple[str, ...] | None = None  # the roles whose windows have it; None: every window

    def shown_to(self, session: CaseSession) -> bool:
        if self.roles is None:
            return True
        return session.actor is not None and session.actor.role.value in self.roles



VIEWS = {
    spec.key: spec for spec in (
        ViewSpec("evidence_tree", "heroes_desktop.gui.views.evidence_tree", "EvidenceTreeView"),
        ViewSpec("categories", "heroes_desktop.gui.views.categories", "CategoriesView"),
        ViewSpec("file_table", "heroes_desktop.gui.views.file_table", "FileTableView"),
        ViewSpec("search_box", "heroes_desktop.gui.views.search_box", "SearchBox"),
        ViewSpec("viewers", "heroes_desktop.gui.views.viewers", "ViewerTabs"),
        ViewSpec("ingest_panel", "heroes_desktop.gui.views.ingest_panel", "IngestPanel"),
        ViewSpec("gallery", "heroes_desktop.gui.views.gallery", "GalleryView"),
        ViewSpec("triage_queue", "heroes_desktop.gui.views.triage_queue", "TriageQueueView"),
        ViewSpec("review_pane", "heroes_desktop.gui.views.review_pane", "ReviewPane"),
        ViewSpec("people", "heroes_desktop.gui.views.people_view", "PeopleView"),
        ViewSpec("topics", "heroes_desktop.gui.views.topics_view", "TopicsView"),
        ViewSpec("timeline", "heroes_desktop.gui.views.timeline_view", "TimelineView"),
        ViewSpec("p2p", "heroes_desktop.gui.views.p2p_view", "P2PView"),
        ViewSpec("custody", "heroes_desktop.gui.views.custody_view", "CustodyHistoryView"),
        ViewSpec("case_history", "heroes_desktop.gui.views.case_history_view", "CaseHistoryView"),
        ViewSpec("blind_review", "heroes_desktop.gui.views.blind_review_view", "BlindReviewView", ("supervisor",)),
        ViewSpec("trainee_tasks", "heroes_desktop.gui.views.trainee_tasks", "TraineeTasksView", ("trainee",)),
    )
}


def views_for(session: CaseSession) -> list[str]:
    """The panels of a window over ``session``: every panel, less those of other roles (a supervisor's blind
    review, a trainee's tasks)."""
    return [key for key, spec in VIEWS.items() if spec.shown_to(session)]


def preload_views(freeze: bool = False) -> None:
    """Import every panel's module (run in a background job while the start page shows): the first case window
    then opens without seconds of imports on the GUI thread. A module that fails to import is left to
    :func:`load_view`, which says so in the window.

    The stages' libraries are loaded here too, and then the objects alive so far (modules, classes, the
    libraries' tables) are moved out of the garbage collector's reach (``gc.freeze``) when ``freeze`` is set: with
    Qt, NumPy and the models' libraries loaded, a full collection scanned them all and stopped the GUI thread for
    100-370 ms at random moments (measured with ``gc.callbacks`` in the responsiveness test); frozen, a full
    collection scans only what the session created since (at most 9 ms measured). Only the application freezes
    (``run_gui``): frozen objects are never collected, which a process that opens many windows (the tests) must
    not carry from one window to the next."""
    for spec in VIEWS.values():
        try:
            importlib.import_module(spec.module)
        except Exception:  # noqa: BLE001 - reported when the window builds the panel
            log.debug("preloading %s failed", spec.module, exc_info=True)
    try:  # the stages' libraries (OpenCV, ONNX Runtime, dlib, ...): their native start-up holds the interpreter
        # lock for tens of milliseconds each, which froze a live window when the ingest panel first asked
        from heroes_desktop.gui.views.ingest_panel import look_up_installation

        look_up_installation()
    except Exception:  # noqa: BLE001 - the ingest panel says what is missing when it asks again
        log.debug("preloading the stages' libraries failed", exc_info=True)
    if freeze:
        gc.collect()
        gc.freeze()


def view_title(key: str) -> str:
    titles = {
        "evidence_tree": QCoreApplication.translate("MainWindow", "Evidence"),
        "categories": QCoreApplication.translate("MainWindow", "Categories"),
        "file_table": QCoreApplication.translate("MainWindow", "Files"),
        "search_box": QCoreApplication.translate("MainWindow", "Search"),
        "viewers": QCoreApplication.translate("MainWindow", "Viewer"),
        "ingest_panel": QCoreApplication.translate("MainWindow", "Ingest"),
        "gallery": QCoreApplication.translate("MainWindow", "Gallery"),
        "triage_queue": QCoreApplication.translate("MainWindow", "Triage queue"),
        "review_pane": QCoreApplication.translate("MainWindow", "Review"),
        "people": QCoreApplication.translate("MainWindow", "People"),
        "topics": QCoreApplication.translate("MainWindow", "Topics"),
        "timeline": QCoreApplication.translate("MainWindow", "Timeline"),
        "p2p": QCoreApplication.translate("MainWindow", "P2P"),
        "custody": QCoreApplication.translate("MainWindow", "Custody"),
        "case_history": QCoreApplication.translate("MainWindow", "What was done"),
        "blind_review": QCoreApplication.translate("MainWindow", "Blind review"),
        "trainee_tasks": QCoreApplication.translate("MainWindow", "Tasks"),
    }
    return titles[key]


class PlaceholderView(QLabel):
    """Stands where a panel will be: says which, and why it is not shown."""

    def __init__(self, key: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"placeholder_{key}")
        self.key = key
        self.setText(QCoreApplication.translate("MainWindow", "{panel}: {reason}").format(
            panel=view_title(key), reason=reason))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setEnabled(False)


def load_view(key: str, session: CaseSession) -> QWidget:
    """The panel ``key`` built over ``session``, or a placeholder when its module is not installed yet or it
    failed to build (the failure goes to the crash report, the window still opens)."""
    spec = VIEWS[key]
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as missing:
        if missing.name and spec.module.startswith(missing.name):
            return PlaceholderView(key, QCoreApplication.translate("MainWindow", "not available yet"))
        raise
    view_class = getattr(module, spec.class_name, None)
    if view_class is None:
        return PlaceholderView(key, QCoreApplication.translate("MainWindow", "not available yet"))
    try:
        return view_class(session)
    except Exception as error:  # one panel failing must not close the case
        report_unexpected(error, f"building the {key} panel")
        reason = QCoreApplication.translate("MainWindow", "could not be shown ({reason})")
        return PlaceholderView(key, reason.format(reason=user_message(error)))


def _connect(source: QWidget, signal_name: str, slot: Callable[..., object] | None) -> bool:
    """Connect ``source.signal_name`` to ``slot`` when both exist (panels land one at a time)."""
    signal = getattr(source, signal_name, None)
    if signal is None or slot is None or not hasattr(signal, "connect"):
        return False
    signal.connect(slot)
    return True


class MainWindow(QMainWindow):
    """One open case. ``closed`` is emitted once the session is closed (no writer left running)."""

    closed = Signal()
    quit_requested = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.session = session
        examiner = session.actor.name if session.actor is not None else None
        self.shortcuts = ShortcutRegistry(examiner)
        self.exposure = ExposurePolicy(examiner, self)
        session.shortcuts = self.shortcuts  # for the panels: shortcuts_of(session)
        session.exposure = self.exposure  # exposure_of(session)
        self.monitor = ExposureMonitor(examiner, self, session=session, exposure=self.exposure)
        session.exposure_monitor = self.monitor  # exposure_monitor_of(session)
        self._closing = False
        self._closed = False
        self._stopping_since: float | None = None
        self._quit_after_close = False
        self.setWindowTitle(self._title())
        self._register_contexts()
        self._declare_actions()  # before the panels: a panel that wants a window key is refused, not the window

        self.views: dict[str, QWidget] = {key: load_view(key, session) for key in views_for(session)}
        self.docks: dict[str, QDockWidget] = {}
        files_page = QWidget(self)
        files_layout = QVBoxLayout(files_page)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(self.views["search_box"])
        files_layout.addWidget(self.views["file_table"], 1)
        # the file table, the gallery, the triage queue, people, topics, the timeline and P2P: one in front at a time
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("central_tabs")
        self.tabs.setDocumentMode(True)
        self.tab_keys = ["file_table", *(key for key in CENTRAL_PANELS if key in self.views)]
        self.tabs.addTab(files_page, view_title("file_table"))
        for key in self.tab_keys[1:]:
            self.tabs.addTab(self.views[key], view_title(key))
        self.setCentralWidget(self.tabs)
        self._dock("evidence_tree", Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("categories", Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("viewers", Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("review_pane", Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("ingest_panel", Qt.DockWidgetArea.RightDockWidgetArea)
        if "trainee_tasks" in self.views:  # the trainee's tasks beside the evidence, in front
            self._dock("trainee_tasks", Qt.DockWidgetArea.LeftDockWidgetArea)
            self.tabifyDockWidget(self.docks["evidence_tree"], self.docks["trainee_tasks"])
            self.docks["trainee_tasks"].raise_()
        # tabs on the right: the viewer (for the file table), the review pane (for the gallery and the queue) and
        # the tall ingest panel (Ctrl+I brings it forward); the viewer in front
        self.tabifyDockWidget(self.docks["viewers"], self.docks["review_pane"])
        self.tabifyDockWidget(self.docks["viewers"], self.docks["ingest_panel"])
        self.docks["viewers"].raise_()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.resizeDocks([self.docks["viewers"]], [480], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["evidence_tree"]], [280], Qt.Orientation.Horizontal)

        self._wire_views()
        self._build_actions()
        self._build_menus()
        self.exposure.changed.connect(lambda _revealed: self._show_state())
        self.count_label = ExposureCountLabel(self.monitor, self)  # private: this examiner's window only
        self.statusBar().addPermanentWidget(self.count_label)
        from heroes_desktop.gui.dialogs.break_prompt import BreakPrompt

        self.break_prompt = BreakPrompt(self.monitor, self)  # shows itself when a break is due; never forced
        self.monitor.presentation_changed.connect(self._presentation_changed)
        self._show_state()
        self.resize(1400, 900)

    # ----------------------------------------------------------------------------------------- building

    def _title(self) -> str:
        case = self.session.case
        try:
            meta = case.meta()
        except Exception:  # the title is not worth failing over; the path says enough
            meta = {}
        name = meta.get("title") or case.path.name
        mode = ""
        if self.session.read_only:
            mode = (QCoreApplication.translate("MainWindow", " [read-only]") if case.mode.value == "read-only"
                    else QCoreApplication.translate("MainWindow", " [review]"))
        return QCoreApplication.translate("MainWindow", "{name}{mode} — HEROES Desktop").format(name=name, mode=mode)

    def _register_contexts(self) -> None:
        for key in ("evidence_tree", "categories", "file_table", "viewers", "ingest_panel", "gallery", "triage_queue",
                    "review_pane", *FINDING_PANELS):
            self.shortcuts.register_context(key, view_title(key))
        self.shortcuts.register_context("search_box", view_title("search_box"))

    def _dock(self, key: str, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(view_title(key), self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(self.views[key])
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _real(self, key: str) -> QWidget | None:
        view = self.views[key]
        return None if isinstance(view, PlaceholderView) else view

    def _wire_views(self) -> None:
        """The viewers follow the table's current item; the tree, the categories and the search box scope the
        table; a search highlights its hits in the viewers; a commit of the ingest refreshes every panel."""
        table, viewers = self.views["file_table"], self.views["viewers"]
        show_item = getattr(viewers, "show_item", None)
        if show_item is not None and not _connect(table, "current_item_changed", show_item):
            _connect(table, "selection_changed", lambda ids: show_item(ids[0] if ids else None))
        apply_part = getattr(table, "apply_query_part", None)
        for key in ("evidence_tree", "categories", "search_box"):
            _connect(self.views[key], "query_part_changed", apply_part)
        _connect(self.views["search_box"], "search_changed", getattr(viewers, "set_search", None))
        _connect(self.views["search_box"], "escaped", lambda: self.focus_panel("file_table"))
        wire = getattr(sys.modules.get(type(table).__module__), "wire_browse", None)
        if self._real("file_table") is not None and callable(wire):  # chips removed clear their panel, and so on
            wire(table, self._real("evidence_tree"), self._real("categories"), self._real("search_box"),
                 forward=False)
        _connect(self.views["ingest_panel"], "committed", self.refresh_views)
        for key in FINDING_PANELS:  # an entity's files, a topic's documents, a stretch of time: in the file table
            _connect(self.views[key], "query_part_changed", apply_part)
            _connect(self.views[key], "file_requested", self.show_file)
        _connect(viewers, "file_requested", self.show_file)  # an attachment, an archive member
        for key in ("custody", "case_history", "blind_review", "trainee_tasks", "p2p"):
            if key in self.views:
                _connect(self.views[key], "message", lambda text: self.statusBar().showMessage(text, 8000))
        review = self._real("review_pane")
        show = getattr(review, "show_item", None)
        if show is not None:  # only the panel in front drives the review pane
            for key in ("gallery", "triage_queue"):
                _connect(self.views[key], "current_item_changed",
                         lambda file_id, key=key: self._front_item(key, file_id))
        _connect(review, "similar_requested", self.show_similar) if review is not None else None
        _connect(review, "notice", lambda text: self.statusBar().showMessage(text, 8000))
        if review is not None:
            self._bind_ladder_keys(review)

    LADDER_KEYS = (("step_up", "Space"), ("step_down", "Backspace"), ("toggle_faces", "F"),
                   ("show_similar", "S"))

    def _bind_ladder_keys(self, review: QWidget) -> None:
        """The reveal ladder's keys work from the gallery and the queue too: the examiner moves there and steps
        the current item up or back without leaving them (the same keys as in the review pane)."""
        titles = {"step_up": self.tr("Show more of the current item (reveal ladder)"),
                  "step_down": self.tr("Show less of the current item (reveal ladder)"),
                  "toggle_faces": self.tr("Face crops of the current item"),
                  "show_similar": self.tr("Pictures similar to the current item")}
        for key in ("gallery", "triage_queue"):
            panel = self._real(key)
            if panel is None:
                continue
            for method, shortcut in self.LADDER_KEYS:
                callback = getattr(review, method, None)
                if callback is None:
                    continue
                action_id = f"{key}.review.{method}"
                try:
                    self.shortcuts.register(action_id, titles[method], shortcut, key)
                except Exception as error:  # noqa: BLE001 - a key taken by the panel: that panel keeps its own
                    log.warning("the ladder key %s is not bound in %s: %s", shortcut, key, error)
                    continue
                self.shortcuts.bind(action_id, panel, callback)

    def refresh_views(self) -> None:
        """New results landed (the ingest committed): every panel that can refresh does."""
        for key, view in self.views.items():
            refresh = getattr(view, "refresh", None)
            if key != "ingest_panel" and callable(refresh):
                refresh()

    def _declared(self) -> tuple[tuple[str, str, str, Callable[[], object]], ...]:
        return (
            ("file.add_evidence", self.tr("Add evidence…"), "Ctrl+E", self.add_evidence),
            ("file.report", self.tr("Report…"), "Ctrl+Shift+R", self.write_report),
            ("file.export", self.tr("Export…"), "Ctrl+Shift+E", self.export_case),
            ("file.export_vics", self.tr("Export categorised media as VICS 2.0…"), None,
             lambda: self.export_case("vics")),
            ("file.close_case", self.tr("Close case"), "Ctrl+W", self.close_case),
            ("file.quit", self.tr("Quit"), "Ctrl+Q", self.quit),
            ("view.reveal_images", self.tr("Reveal images (blurred and greyscale until then)"), "F8",
             self.exposure.toggle),
            ("view.ingest", self.tr("Show the ingest panel"), "Ctrl+I", lambda: self.focus_panel("ingest_panel")),
            ("view.search", self.tr("Go to the search box"), "Ctrl+L", lambda: self.focus_panel("search_box")),
            ("view.evidence_tree", self.tr("Go to the evidence tree"), "Alt+1",
             lambda: self.focus_panel("evidence_tree")),
            ("view.categories", self.tr("Go to the categories"), "Alt+2", lambda: self.focus_panel("categories")),
            ("view.file_table", self.tr("Go to the file table"), "Alt+3", lambda: self.focus_panel("file_table")),
            ("view.viewers", self.tr("Go to the viewer"), "Alt+4", lambda: self.focus_panel("viewers")),
            ("view.gallery", self.tr("Go to the gallery"), "Alt+5", lambda: self.focus_panel("gallery")),
            ("view.triage_queue", self.tr("Go to the triage queue"), "Alt+6",
             lambda: self.focus_panel("triage_queue")),
            ("view.review_pane", self.tr("Go to the review pane"), "Alt+7", lambda: self.focus_panel("review_pane")),
            ("view.people", self.tr("Go to people and identifiers"), "Alt+8", lambda: self.focus_panel("people")),
            ("view.topics", self.tr("Go to the topics"), "Alt+9", lambda: self.focus_panel("topics")),
            ("view.timeline", self.tr("Go to the timeline"), "Alt+0", lambda: self.focus_panel("timeline")),
            ("view.p2p", self.tr("Go to the P2P records"), "Ctrl+Alt+P", lambda: self.focus_panel("p2p")),
            ("file.export_selection", self.tr("Export the selection as CSV…"), "Ctrl+Shift+X",
             self.export_selection),
            ("view.files_like", self.tr("Files like the current one (topics)"), None, self.show_files_like),
            ("review.confirm_hash_sets", self.tr("Confirm hash-set categories without viewing…"), "Ctrl+Shift+H",
             self.confirm_hash_sets),
            ("review.near_duplicates", self.tr("Carry a decision to the near-duplicate group…"), "Ctrl+Shift+D",
             self.carry_to_near_duplicates),
            ("exposure.presentation", self.tr("Presentation-safe mode (everything obscured, names masked)"),
             "Ctrl+Shift+P", self.toggle_presentation),
            ("exposure.take_break", self.tr("Take a break now"), None, self.take_break),
            ("exposure.settings", self.tr("Exposure and break settings…"), None, self.exposure_settings),
            ("help.shortcuts", self.tr("Keyboard shortcuts"), "F1", self.show_shortcut_sheet),
            ("view.custody", self.tr("Go to the chain of custody"), None, lambda: self.focus_panel("custody")),
            ("view.case_history", self.tr("Go to what was done to the case"), None,
             lambda: self.focus_panel("case_history")),
            *self._supervisor_actions(),
        )

    def _supervisor_actions(self) -> tuple[tuple[str, str, str | None, Callable[[], object]], ...]:
        """A supervisor's window also draws a blind review and signs the review."""
        if "blind_review" not in VIEWS or not VIEWS["blind_review"].shown_to(self.session):
            return ()
        return (
            ("view.blind_review", self.tr("Go to the blind second review"), None,
             lambda: self.focus_panel("blind_review")),
            ("review.sign", self.tr("Sign the review…"), "Ctrl+Alt+S", self.sign_review),
        )

    def _declare_actions(self) -> None:
        for action_id, title, key, _callback in self._declared():
            self.shortcuts.register(action_id, title, key, WINDOW)

    def _build_actions(self) -> None:
        self.actions_by_id: dict[str, QAction] = {}
        for action_id, _title, _key, callback in self._declared():
            self.actions_by_id[action_id] = self.shortcuts.bind(action_id, self, callback)
        reveal = self.actions_by_id["view.reveal_images"]
        reveal.setCheckable(True)
        reveal.setChecked(self.exposure.revealed)
        self.exposure.changed.connect(reveal.setChecked)
        presentation = self.actions_by_id["exposure.presentation"]
        presentation.setCheckable(True)
        presentation.setChecked(self.monitor.presentation)
        for action_id in ("review.confirm_hash_sets", "review.near_duplicates"):
            if self.session.read_only:
                self.actions_by_id[action_id].setEnabled(False)
                self.actions_by_id[action_id].setToolTip(
                    self.tr("This session cannot change the case (opened read-only or for review)."))
        add = self.actions_by_id["file.add_evidence"]
        if self.session.read_only:
            add.setEnabled(False)
            add.setToolTip(self.tr("This session cannot change the case (opened read-only or for review)."))

    def _build_menus(self) -> None:
        actions = self.actions_by_id
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(actions["file.add_evidence"])
        file_menu.addSeparator()
        file_menu.addAction(actions["file.report"])
        file_menu.addAction(actions["file.export"])
        file_menu.addAction(actions["file.export_vics"])
        file_menu.addAction(actions["file.export_selection"])
        file_menu.addSeparator()
        file_menu.addAction(actions["file.close_case"])
        file_menu.addAction(actions["file.quit"])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(actions["view.reveal_images"])
        view_menu.addAction(actions["exposure.presentation"])
        view_menu.addSeparator()
        for action_id in ("view.search", "view.evidence_tree", "view.categories", "view.file_table", "view.viewers",
                          "view.gallery", "view.triage_queue", "view.review_pane", "view.people", "view.topics",
                          "view.timeline", "view.p2p", "view.custody", "view.case_history", "view.ingest"):
            view_menu.addAction(actions[action_id])
        view_menu.addAction(actions["view.files_like"])
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        review_menu = self.menuBar().addMenu(self.tr("&Review"))
        review_menu.addAction(actions["review.confirm_hash_sets"])
        review_menu.addAction(actions["review.near_duplicates"])
        if "review.sign" in actions:
            review_menu.addSeparator()
            review_menu.addAction(actions["view.blind_review"])
            review_menu.addAction(actions["review.sign"])
        review_menu.addSeparator()
        review_menu.addAction(actions["exposure.take_break"])
        review_menu.addAction(actions["exposure.settings"])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(actions["help.shortcuts"])

    def _show_state(self) -> None:
        actor = self.session.actor
        who = (self.tr("{name} ({role})").format(name=actor.name, role=actor.role.value) if actor is not None
               else self.tr("viewer"))
        images = (self.tr("images shown clear (F8 obscures)") if self.exposure.revealed
                  else self.tr("images blurred and greyscale (F8 reveals)"))
        mode = self.tr("read-only") if self.session.read_only else self.tr("read-write")
        self.statusBar().showMessage(f"{who} · {mode} · {images}")

    # -------------------------------------------------------------------------------------------- actions

    def focus_panel(self, key: str) -> None:
        if key in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(key))
        dock = self.docks.get(key)
        if dock is not None:
            dock.show()
            dock.raise_()
        self.views[key].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _tab_changed(self, index: int) -> None:
        """The gallery and the queue show their item in the review pane, the file table in the viewer; the panel
        brought forward reads the case again (decisions made in another panel)."""
        key = self.tab_keys[index] if 0 <= index < len(self.tab_keys) else "file_table"
        self.docks["review_pane" if key in ("gallery", "triage_queue") else "viewers"].raise_()
        refresh = getattr(self._real(key), "refresh", None)
        if key != "file_table" and callable(refresh):
            refresh()
        if key in ("gallery", "triage_queue"):
            self._front_item(key, self.current_review_item())

    def _front_item(self, key: str, file_id: object) -> None:
        """The review pane follows the current item of the gallery or the queue, whichever is in front."""
        review = self._real("review_pane")
        if review is not None and self.tab_keys[self.tabs.currentIndex()] == key:
            if file_id != getattr(review, "file_id", None):
                review.show_item(file_id)

    def current_review_item(self) -> int | None:
        """The item in front: the gallery's or the queue's current one, else the file table's."""
        key = self.tab_keys[self.tabs.currentIndex()]
        view = self._real(key)
        current = getattr(view, "current_id", None)
        if callable(current):
            return current()
        return None

    def show_file(self, file_id: object) -> None:
        """One file asked for by a panel (a document behind a link, a topic's file, a timeline event, an
        attachment): the file table in front with that file current, and the viewer showing it."""
        table = self._real("file_table")
        if table is None or file_id is None:
            return
        self.tabs.setCurrentIndex(0)
        self.docks["viewers"].raise_()
        table.show_file(int(file_id))

    def show_files_like(self) -> None:
        """The topics panel's documents like the file table's current item."""
        topics, table = self._real("topics"), self._real("file_table")
        current = table.table.currentIndex() if table is not None else None
        if topics is None or current is None or not current.isValid():
            self.statusBar().showMessage(self.tr("Choose a document in the file table first."), 8000)
            return
        show_like = getattr(topics, "show_like", None)
        if callable(show_like):
            show_like(table.model.file_id(current.row()))
            self.focus_panel("topics")

    def export_selection(self) -> None:
        """The selection of the panel in front (the timeline's events, else the file table's rows) as CSV."""
        from heroes_desktop.gui.dialogs.selection_export import export_selection

        key = self.tab_keys[self.tabs.currentIndex()]
        self.selection_export = export_selection(self.session, self, self._real("timeline") if key == "timeline"
                                                 else None, self._real("file_table"))

    def show_similar(self, file_id: int, ids: list) -> None:
        """Similar pictures of ``file_id`` as the gallery's listing (obscured like every tile)."""
        gallery = self._real("gallery")
        if gallery is None:
            return
        gallery.show_only([file_id, *ids], self.tr("Pictures similar to item {id}").format(id=file_id))
        self.focus_panel("gallery")

    def confirm_hash_sets(self) -> None:
        from heroes_desktop.gui.dialogs.hashset_confirm import confirm_from_hash_sets

        dialog = confirm_from_hash_sets(self.session, self)
        self.confirm_dialog = dialog
        dialog.finished.connect(lambda _result: self.refresh_views())

    def carry_to_near_duplicates(self) -> None:
        from heroes_desktop.gui.dialogs.near_duplicates import carry_to_near_duplicates

        file_id = self.current_review_item()
        if file_id is None:
            self.statusBar().showMessage(self.tr("Choose a picture in the gallery or the triage queue first."), 8000)
            return
        dialog = carry_to_near_duplicates(self.session, file_id, None, self)
        self.near_duplicate_dialog = dialog
        dialog.finished.connect(lambda _result: self.refresh_views())

    def sign_review(self) -> None:
        from heroes_desktop.gui.dialogs.sign_review import open_sign_review

        self.sign_dialog = open_sign_review(self.session, self)
        self.sign_dialog.finished.connect(lambda _result: self.refresh_views())

    def write_report(self) -> None:
        from heroes_desktop.gui.dialogs.report_dialog import open_report_dialog

        self.report_dialog = open_report_dialog(self.session, self)

    def export_case(self, fmt: str = "case-uco") -> None:
        from heroes_desktop.gui.dialogs.export_dialog import open_export_dialog

        self.export_dialog = open_export_dialog(self.session, self, fmt=fmt)

    def toggle_presentation(self) -> None:
        self.monitor.set_presentation(not self.monitor.presentation)

    def _presentation_changed(self, enabled: bool) -> None:
        self.actions_by_id["exposure.presentation"].setChecked(enabled)
        self.count_label.setVisible(not enabled)  # the examiner's count is private: never on a briefing screen
        # the evidence tree names folders and the viewers show paths, text and metadata: put away while presenting
        if enabled:
            self._docks_before_presenting = {key: self.docks[key].isVisible() for key in PRESENTATION_HIDDEN}
            for key in PRESENTATION_HIDDEN:
                self.docks[key].hide()
        else:
            for key, visible in getattr(self, "_docks_before_presenting", {}).items():
                self.docks[key].setVisible(visible)
        self.setWindowTitle(self._title())
        for view in self.views.values():
            redraw = getattr(view, "presentation_changed", None)
            if callable(redraw):
                redraw(enabled)
        self._show_state()

    def take_break(self) -> None:
        self.monitor.took_break()
        self.statusBar().showMessage(self.tr("Break taken: the session count starts again."), 8000)

    def exposure_settings(self) -> None:
        from heroes_desktop.gui.dialogs.break_prompt import ExposureSettingsDialog

        dialog = ExposureSettingsDialog(self.monitor, self)
        self.settings_dialog = dialog
        dialog.open()

    def add_evidence(self) -> None:
        if self.session.read_only:
            self.statusBar().showMessage(
                self.tr("This session cannot change the case (opened read-only or for review)."), 8000)
            return
        try:
            module = importlib.import_module("heroes_desktop.gui.dialogs.add_evidence")
        except ModuleNotFoundError as missing:
            if missing.name and "heroes_desktop.gui.dialogs.add_evidence".startswith(missing.name):
                self.statusBar().showMessage(self.tr("Adding evidence is not available yet."), 8000)
                return
            raise
        dialog = module.AddEvidenceDialog(self.session, self)
        self.evidence_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: (self.refresh_views(), dialog.deleteLater()))
        dialog.open()

    def show_shortcut_sheet(self) -> None:
        from heroes_desktop.gui.shortcut_sheet import ShortcutSheet

        sheet = ShortcutSheet(self.shortcuts, self)
        self.shortcut_sheet = sheet
        sheet.finished.connect(lambda _result: sheet.deleteLater())
        sheet.open()

    def close_case(self) -> None:
        self.close()

    def quit(self) -> None:
        self._quit_after_close = True
        if not self.close():
            self._quit_after_close = False

    @property
    def quitting(self) -> bool:
        return self._quit_after_close

    # ------------------------------------------------------------------------------------------- closing

    def _ingest_running(self) -> bool:
        return bool(getattr(self.views["ingest_panel"], "running", False))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if self._stopping_since is not None:  # already waiting for the ingest to stop
            event.ignore()
            return
        if self._ingest_running():
            event.ignore()
            if self._confirm_stop_ingest():
                self._stop_ingest_then_close()
            return
        self.shutdown()
        event.accept()

    def _stop_ingest_then_close(self) -> None:
        """Ask the ingest to stop after the items in flight and close once it has, polling on a timer: the window
        stays drawn (never frozen while the child finishes), and is closed for input meanwhile."""
        panel = self.views["ingest_panel"]
        panel.cancel()
        self._stopping_since = time.monotonic()
        self.centralWidget().setEnabled(False)
        self.statusBar().showMessage(self.tr("Stopping the ingest; the case closes when it has stopped…"))
        self._stop_timer = QTimer(self)
        self._stop_timer.setInterval(STOP_POLL_MS)

        def check() -> None:
            waited = time.monotonic() - (self._stopping_since or 0.0)
            if panel.running and waited < STOP_WAIT_S:
                return
            if panel.running:  # it did not stop in time: stop it at once (committed work is kept)
                panel.cancel()
                return
            self._stop_timer.stop()
            self._stopping_since = None
            self.close()

        self._stop_timer.timeout.connect(check)
        self._stop_timer.start()

    def _confirm_stop_ingest(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("An ingest is running"),
            self.tr("An ingest is running. Stop it and close the case? What it has committed is kept, and the "
                    "next start continues from there."))
        return answer == QMessageBox.StandardButton.Yes

    def shutdown(self) -> None:
        """Stop the panels (an ingest child is stopped gracefully), let running writes finish, close the case."""
        if self._closed:
            return
        self._closed = True
        self.monitor.close()
        for key, view in self.views.items():
            stop = getattr(view, "shutdown", None)
            if callable(stop):
                try:
                    stop()
                except Exception as error:  # closing goes on: the case must still be closed
                    log.error("the %s panel did not stop cleanly: %s", key, error)
        self.session.close()
        self.closed.emit()
        if self._quit_after_close:
            self.quit_requested.emit()
