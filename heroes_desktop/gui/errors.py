"""What the window says when something goes wrong: the core's one-line message for a known error, and a crash
dialog (never a silent failure, never a traceback in a normal dialog) for anything unexpected."""

from __future__ import annotations

import logging
import traceback

from heroes_desktop.core.errors import HeroesError

log = logging.getLogger("heroes.gui")


def user_message(error: BaseException) -> str:
    """One line an examiner can act on: the core's own message for a :class:`HeroesError`."""
    if isinstance(error, HeroesError):
        text = str(error).strip()
        return text.splitlines()[0] if text else type(error).__name__
    if isinstance(error, (OSError, ValueError)):
        text = str(error).strip()
        return text.splitlines()[0] if text else type(error).__name__
    return f"unexpected error ({type(error).__name__}): {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


def report_unexpected(error: BaseException, where: str = "") -> None:
    """A job failed and nobody handled it: log it and show the crash dialog (app.py installs the handler)."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("unhandled error in %s: %s", where or "a background job", details)
    if _handler is not None:
        _handler(error, where, details)


_handler = None


def install_handler(handler) -> None:  # type: ignore[no-untyped-def]
    """app.py installs the crash dialog here; tests may install a recorder."""
    global _handler
    _handler = handler
