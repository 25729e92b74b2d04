"""The window starts on a real X11 display: ``heroes gui`` with Qt's xcb platform under Xvfb, not offscreen.

Offscreen tests never load the xcb plugin, so they cannot notice a machine that lacks its libraries (Qt then
aborts: "xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin"). scripts/setup.sh installs
Xvfb and x11-utils for this test; without Xvfb it is skipped, and says so loudly.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.cli.commands.gui import check_display, missing_xcb_packages
from tests.conftest import HEROES_COMMAND, REPO, cli_env

XVFB = shutil.which("Xvfb")
XWININFO = shutil.which("xwininfo")


def _wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    """Poll another process's state (no event loop of ours to wait on)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    if XVFB is None:
        message = ("XVFB IS NOT INSTALLED: the xcb start-up test is SKIPPED, so nothing here shows that the window "
                   "starts on a real display. Run scripts/setup.sh (it installs xvfb and x11-utils).")
        pytest.fail(message)
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write)
    try:
        with os.fdopen(read) as stream:
            number = stream.readline().strip()  # Xvfb writes the display number once it accepts clients
        assert number.isdigit(), server.stderr.read().decode() if server.poll() is not None else number
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_heroes_gui_shows_its_window_under_xvfb_with_the_xcb_platform(display: str, tmp_path: Path,
                                                                      isolated_profile: Path) -> None:
    assert missing_xcb_packages() == [], "scripts/setup.sh installs the xcb plugin's libraries"
    ready = tmp_path / "ready.jsonl"
    env = cli_env(isolated_profile, DISPLAY=display, QT_QPA_PLATFORM="xcb", HEROES_GUI_READY_FILE=str(ready),
                  HEROES_LANG="en")
    env.pop("WAYLAND_DISPLAY", None)
    process = subprocess.Popen([*HEROES_COMMAND, "gui"], env=env, cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: ready.is_file() and ready.read_text().strip() or process.poll() is not None, 120,
                  "the window")
        assert process.poll() is None, process.communicate()[1]
        record = json.loads(ready.read_text().splitlines()[0])
        assert record == {"window": "HEROES Desktop", "object": "start_page", "platform": "xcb",
                          "pid": process.pid}
        if XWININFO is not None:  # the X server itself lists the mapped top-level window
            tree = subprocess.run([XWININFO, "-root", "-tree", "-display", display], capture_output=True, text=True,
                                  check=True).stdout
            assert '"HEROES Desktop"' in tree, tree
        else:
            warnings.warn("xwininfo (x11-utils) is not installed: only the program's own ready line was checked")
        process.send_signal(signal.SIGTERM)  # as a desktop session ending: a clean quit, exit 0
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "could not load the Qt platform plugin" not in err and "Traceback" not in err


def test_no_display_is_one_line_not_an_abort(monkeypatch: pytest.MonkeyPatch, isolated_profile: Path) -> None:
    env = cli_env(isolated_profile, QT_QPA_PLATFORM="xcb")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    result = subprocess.run([*HEROES_COMMAND, "gui"], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == ("heroes: no display to show the window on (DISPLAY is not set); run on a desktop, or "
                             "set QT_QPA_PLATFORM=offscreen for a window nobody sees\n")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    check_display()  # offscreen needs no display


def test_a_missing_case_is_told_before_any_window(isolated_profile: Path, tmp_path: Path) -> None:
    env = cli_env(isolated_profile, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([*HEROES_COMMAND, "gui", str(tmp_path / "nowhere.heroes")], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert result.stderr == f"heroes: {tmp_path / 'nowhere.heroes'}: no such case file\n"
