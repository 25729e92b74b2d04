"""``heroes gui [CASE]`` and the ``heroes-gui`` launcher: the desktop application.

Qt is imported only when the command runs (the rest of the command line never loads it). Before the window is
made, a missing display or a missing library of Qt's xcb platform plugin is told on one line, naming what to
install, instead of Qt's abort.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
from pathlib import Path

from heroes_desktop.case.errors import CaseAccessDenied
from heroes_desktop.core.errors import HeroesError

# The shared libraries Qt 6's xcb platform plugin loads, by the Debian package that ships each
# (scripts/setup.sh installs them).
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
}


class DisplayUnavailable(HeroesError):
    """The window cannot be shown here: no display, or Qt's platform plugin lacks a library."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    gui = subparsers.add_parser(
        "gui", help="the desktop application (optionally opening CASE)",
        epilog="examples:\n  heroes gui\n  heroes gui op.heroes\n  heroes gui --lang es\n\n"
               "environment:\n  HEROES_LANG   the window's language (en, es; default: the system's)\n"
               "  HEROES_THEME  light or dark (default: the desktop's scheme)")
    gui.add_argument("case", metavar="CASE", nargs="?", help="a case to open (the passphrase is asked in the window)")
    gui.add_argument("--lang", metavar="LANG", help="language of the window: en or es (default: the system's)")
    gui.set_defaults(handler=gui_command, actor_needed=False)


def missing_xcb_packages() -> list[str]:
    """The Debian packages whose libraries the xcb plugin needs and this system cannot load."""
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def check_display() -> None:
    """Refuse, on one line, to start where no window can be shown (Linux: no X11 or Wayland display)."""
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return  # offscreen, wayland, vnc, ...: Qt reports its own problems
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return
    if not os.environ.get("DISPLAY"):
        raise DisplayUnavailable("no display to show the window on (DISPLAY is not set); run on a desktop, "
                                 "or set QT_QPA_PLATFORM=offscreen for a window nobody sees")
    missing = missing_xcb_packages()
    if missing:
        raise DisplayUnavailable("Qt's xcb platform plugin needs libraries this system lacks; install "
                                 f"{' '.join(missing)} (scripts/setup.sh installs them)")


def gui_command(args: argparse.Namespace) -> int:
    case = Path(args.case).expanduser() if args.case else None
    if case is not None and not case.is_file():
        raise CaseAccessDenied(f"{case}: no such case file")
    check_display()
    from heroes_desktop.gui.app import run_gui

    return run_gui(case, language=args.lang)


def launcher() -> int:
    """``heroes-gui [CASE] [--lang LANG]``: the same as ``heroes gui``."""
    from heroes_desktop.cli.interrupts import guard_start_up

    guard_start_up()
    from heroes_desktop.cli.main import main

    return main(["gui", *sys.argv[1:]])
