"""PySide6 6.12 on Python 3.11 leaks references to None on every void Qt call: the GUI package must cure it, or a
long session aborts with "deallocating None"."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CALLS = 60_000  # more than None's whole reference count after the GUI modules are imported


def _run(prelude: str) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        {prelude}
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for _ in range({CALLS}):
            label.setText("x")
        print("survived")
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_a_long_session_of_qt_calls_survives_with_the_gui_package_imported() -> None:
    result = _run("import heroes_desktop.gui")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_without_the_cure_the_same_calls_abort_the_process() -> None:
    """The proof that the cure is needed: when this fails, PySide6 fixed the leak and the cure can go."""
    result = _run("")
    assert result.returncode != 0
    assert "deallocating None" in result.stderr
