"""Mechanical guards of the house rules: the core never imports Qt, and the program never imports network code."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import heroes_desktop
from tests.conftest import REPO

PACKAGE_ROOT = Path(heroes_desktop.__file__).parent
NETWORK_MODULES = {"socket", "http", "urllib", "requests", "httpx", "urllib3", "aiohttp", "ftplib", "smtplib"}
NOT_NETWORK = {"urllib.parse"}  # string quoting only
# The lab cluster (issue 22) is the one explicit, opt-in network feature; its address handling lives in one module,
# and connections go through the network guard's narrow cluster exception.
NETWORK_ALLOWED_IN = {"cluster/network.py"}


def _core_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages([str(PACKAGE_ROOT)], prefix="heroes_desktop.")
        if ".gui" not in module.name and not module.name.endswith("__main__")
    ]


def test_every_core_module_imports_with_qt_blocked() -> None:
    modules = _core_modules()
    assert "heroes_desktop.case.case_file" in modules and "heroes_desktop.cli.main" in modules
    program = textwrap.dedent(
        f"""
        import importlib, sys
        for name in ("PySide6", "PyQt5", "PyQt6", "shiboken6"):
            sys.modules[name] = None  # any import of Qt now raises ImportError
        for module in {modules!r}:
            importlib.import_module(module)
        leaked = [n for n, m in sys.modules.items() if m is not None and n.startswith(("PySide6", "shiboken6"))]
        assert not leaked, leaked
        print("ok", len({modules!r}))
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_program_imports_no_network_module() -> None:
    offenders = []
    for path in PACKAGE_ROOT.rglob("*.py"):
        if path.relative_to(PACKAGE_ROOT).as_posix() in NETWORK_ALLOWED_IN:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}: {name}" for name in names
                if name.split(".")[0] in NETWORK_MODULES and name not in NOT_NETWORK
            ]
    assert offenders == []
