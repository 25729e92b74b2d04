"""Versions of the program and of the native components it relies on.

Every custody event carries :func:`component_versions`, so that any result in a case can be traced to the exact
code that produced it. Imports are local: asking for a version must not fail because an optional part is absent.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from heroes_desktop import PROGRAM_NAME, __version__

NOT_INSTALLED = "not installed"


def sqlcipher_version() -> str:
    """SQLCipher's own version string, read from the bundled library."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        return str(connection.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        connection.close()


def sqlite_version() -> str:
    import sqlcipher3

    return str(sqlcipher3.sqlite_version)


def tsk_version() -> str:
    try:
        import pytsk3
    except ImportError:
        return NOT_INSTALLED
    return str(pytsk3.TSK_VERSION_STR)


def libewf_version() -> str:
    try:
        import pyewf
    except ImportError:
        return NOT_INSTALLED
    return str(pyewf.get_version())


def tesseract_version() -> str:
    """The Tesseract binary's version (first line of ``tesseract --version``)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return NOT_INSTALLED
    completed = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    first_line = (completed.stdout or completed.stderr).splitlines()[:1]
    return first_line[0].removeprefix("tesseract ").strip() if first_line else "unknown"


@functools.cache
def component_versions() -> dict[str, str]:
    """The versions recorded in every custody event (cheap, cached per process)."""
    return {
        "program": f"{PROGRAM_NAME} {__version__}",
        "sqlcipher": sqlcipher_version(),
        "sqlite": sqlite_version(),
        "tsk": tsk_version(),
        "libewf": libewf_version(),
    }
