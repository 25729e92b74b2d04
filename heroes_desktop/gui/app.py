"""The application: ``heroes gui [CASE]`` and ``heroes-gui``. One QApplication with the desktop's light or dark
scheme, high-DPI scaling, the examiner's language and the crash dialog; a start page, and one case window at a
time. Ctrl-C in the terminal (or SIGTERM) closes the window cleanly, as the Quit menu does.

``HEROES_GUI_READY_FILE``: when set, each top-level window shown (the start page, a case window) appends a JSON
line there (title, object name, platform, pid), so a test or a launcher knows the window is up.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from heroes_desktop import PROGRAM_NAME, __version__
from heroes_desktop.gui import errors
from heroes_desktop.gui.errors import user_message
from heroes_desktop.gui.i18n import install_translation
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.session import CaseSession
from heroes_desktop.gui.start_page import StartPage
from heroes_desktop.gui.theme import follow_desktop_scheme, prepare_high_dpi

log = logging.getLogger("heroes.gui")


READY_FILE_ENV = "HEROES_GUI_READY_FILE"
APPLICATION_NAME = "HEROES Desktop"


def create_application(argv: list[str] | None = None, language: str | None = None) -> QApplication:
    """The QApplication (the existing one when there is one, as under pytest-qt), themed and translated."""
    app = QApplication.instance()
    if app is None:
        prepare_high_dpi()
        app = QApplication([sys.argv[0] if sys.argv else PROGRAM_NAME, *(argv or [])])
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("HEROES")
    app.setDesktopFileName("heroes-desktop")
    app.setProperty("heroes_language", install_translation(app, language))
    follow_desktop_scheme(app)
    return app


def show_crash_dialog(error: BaseException, where: str, details: str) -> None:
    """Something nobody expected went wrong: say so in one line, with the details a developer needs one click
    away. The window stays usable (the failed job's result is simply missing)."""
    app = QApplication.instance()
    if app is None:
        return
    parent = app.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("CrashDialog", "Something went wrong"),
                      QApplication.translate("CrashDialog", "Something went wrong while {where}.").format(
                          where=where or QApplication.translate("CrashDialog", "working in the background")),
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("crash_dialog")
    box.setInformativeText(user_message(error))
    box.setDetailedText(details)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _crash_dialogs.append(box)  # held until closed: a box without a parent would be collected at once
    box.finished.connect(lambda _result: _crash_dialogs.remove(box) if box in _crash_dialogs else None)
    box.show()


_crash_dialogs: list[QMessageBox] = []


def _excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """An exception escaping a slot or an event handler: the crash dialog, not a silent line on stderr."""
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    errors.report_unexpected(error.with_traceback(trace), "handling an event")


def _preload_views(freeze: bool) -> None:
    from heroes_desktop.gui.main_window import preload_views

    preload_views(freeze=freeze)


class Shell(QObject):
    """The start page and at most one case window. Closing the case window goes back to the start page; Quit
    (from either) ends the application once the case is closed."""

    def __init__(self, app: QApplication, *, freeze_after_preload: bool = False) -> None:
        super().__init__(app)
        self.app = app
        self.jobs = Jobs(self)  # opens and the training build: no case, so no session, exists yet
        self.start_page = StartPage(self.jobs)
        self.start_page.session_opened.connect(self.open_session)
        self.start_page.quit_requested.connect(self.quit)
        self.main_window = None
        self.jobs.read("load the case window", lambda: _preload_views(freeze_after_preload), lambda _: None)

    def show_start(self) -> None:
        self.start_page.refresh()
        self.start_page.show()
        self.start_page.raise_()
        self._write_ready(self.start_page)

    def open_session(self, session: CaseSession) -> None:
        """Show ``session`` in a case window (the one already open is closed first)."""
        from heroes_desktop.gui.main_window import MainWindow

        if self.main_window is not None:
            self.main_window.close()
        window = MainWindow(session)
        self.main_window = window
        window.closed.connect(lambda: self._window_closed(window))
        window.quit_requested.connect(self.quit)
        self.start_page.hide()
        window.show()
        self._write_ready(window)

    def open_path(self, path: Path) -> None:
        """The start page with the open dialog for ``path`` (``heroes gui CASE``)."""
        self.show_start()
        self.start_page.open_case(path)

    def open_demo(self, result) -> None:  # type: ignore[no-untyped-def]  # training.demo.DemoResult
        """Open a finished demo case as the demo examiner (``heroes demo --gui``), off the GUI thread."""
        from heroes_desktop.gui.dialogs.training_case import demo_session, open_demo_case

        self.show_start()
        self.start_page.setEnabled(False)

        def opened(case) -> None:  # type: ignore[no-untyped-def]
            self.start_page.setEnabled(True)
            self.open_session(demo_session(case))

        def failed(error: BaseException) -> None:
            self.start_page.setEnabled(True)
            QMessageBox.warning(self.start_page, self.tr("The training case could not be opened"),
                                user_message(error))

        self.jobs.write("open the demo case", lambda: open_demo_case(result), on_done=opened, on_error=failed)

    def _window_closed(self, window: QWidget) -> None:
        if self.main_window is window:
            self.main_window = None
        window.deleteLater()
        if not getattr(window, "quitting", False):
            self.show_start()

    def quit(self) -> None:
        """Close the case (clean: writes finished, case closed), then leave the event loop."""
        if self.main_window is not None:
            window = self.main_window
            window.quit()
            if self.main_window is window and not window.isHidden():
                return  # the examiner chose to keep the window (an ingest is running)
        self.start_page.close_class_window()
        self.start_page.close()
        self.app.quit()

    def shutdown(self) -> None:
        """After the event loop: nothing left open or running."""
        if self.main_window is not None:
            self.main_window.shutdown()
            self.main_window = None
        self.jobs.shutdown(wait=True)

    def _write_ready(self, window: QWidget) -> None:
        target = os.environ.get(READY_FILE_ENV)
        if not target:
            return

        def write() -> None:
            record = {"window": window.windowTitle(), "object": window.objectName(),
                      "platform": self.app.platformName(), "pid": os.getpid()}
            try:
                with Path(target).open("a", encoding="utf-8") as stream:
                    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            except OSError as error:
                log.warning("ready file %s not written: %s", target, error)

        QTimer.singleShot(0, write)  # once the event loop runs: the window has been mapped by then


def _quit_on_signals(shell: Shell) -> dict[int, object]:
    """SIGINT and SIGTERM close the window as Quit does; a timer gives Python the chance to run the handler.
    Returns the handlers they replaced."""
    def stop(signum: int, frame: object) -> None:
        QTimer.singleShot(0, shell.quit)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    heartbeat = QTimer(shell)
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    return previous


def run_gui(case: Path | None = None, *, language: str | None = None, demo=None) -> int:  # type: ignore[no-untyped-def]
    """Start the application and run it until the examiner quits; the exit status of the event loop."""
    app = create_application(language=language)
    errors.install_handler(show_crash_dialog)
    previous_hook = sys.excepthook
    sys.excepthook = _excepthook
    shell = Shell(app, freeze_after_preload=True)
    previous_signals = _quit_on_signals(shell)
    try:
        if demo is not None:
            shell.open_demo(demo)
        elif case is not None:
            shell.open_path(Path(case))
        else:
            shell.show_start()
        code = app.exec()
    finally:
        shell.shutdown()
        sys.excepthook = previous_hook
        errors.install_handler(None)
        for number, handler in previous_signals.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
    return int(code)
