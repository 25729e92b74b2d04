"""Ctrl-C before the program has opened anything: one line and exit 1, never a traceback from an import.

Installed first thing (``python -m heroes_desktop`` and the ``heroes`` console script), before the heavy imports
(SQLAlchemy, TSK, spaCy, ...) that take the first second of every command. ``main`` replaces it with Python's usual
``KeyboardInterrupt`` once everything is loaded, and reports that on one line too.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType

INTERRUPTED_EXIT = 1  # a Ctrl-C is a failure of the command (CLI.md has no code of its own for it)
INTERRUPTED_MESSAGE = "heroes: interrupted; committed work is kept"


def _stop_while_loading(signum: int, frame: FrameType | None) -> None:
    try:
        sys.stderr.write(INTERRUPTED_MESSAGE + "\n")
        sys.stderr.flush()
    finally:
        os._exit(INTERRUPTED_EXIT)  # nothing is open yet: nothing to commit or close


def guard_start_up() -> None:
    """Make Ctrl-C during start-up quiet (only in the main thread, where signal handlers can be set; a SIGINT the
    parent chose to ignore, as for a background job, stays ignored)."""
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _stop_while_loading)


def loaded() -> None:
    """Start-up is over: Ctrl-C raises ``KeyboardInterrupt`` again, which ``main`` reports on one line."""
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is _stop_while_loading:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def started_as_program() -> bool:
    """True when this process is the ``heroes`` command itself (not a test importing the module)."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    name = os.path.basename(argv0)
    if name == "__main__.py":  # python -m heroes_desktop, not python -m pytest
        return os.path.basename(os.path.dirname(os.path.abspath(argv0))) == "heroes_desktop"
    return name in ("heroes", "heroes.exe") or name.startswith("heroes-")
