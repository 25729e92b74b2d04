"""Every string of the window goes through Qt's translation system; English and Spanish ship (the consortium's
working languages) and a lab adds its own ``heroes_<lang>.ts`` beside them.

The ``.ts`` sources live in ``heroes_desktop/resources/i18n``. They are compiled to ``.qm`` at the first start
that needs them, with PySide6's ``lrelease``, into the profile's cache (``profile_dir()/cache/i18n``, keyed by the
source's SHA-256), so an edited ``.ts`` takes effect at the next start and no compiled file is kept in the
repository. ``scripts/update_translations.sh`` re-extracts the strings from the code into the ``.ts`` files.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from heroes_desktop.identity.profile import profile_dir

log = logging.getLogger("heroes.gui")

LANGUAGE_ENV = "HEROES_LANG"
SOURCE_LANGUAGE = "en"
TS_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"


def available_languages() -> list[str]:
    """The languages with a ``.ts`` file, English always among them."""
    shipped = {path.stem.removeprefix("heroes_") for path in TS_DIR.glob("heroes_*.ts")}
    return sorted(shipped | {SOURCE_LANGUAGE})


def choose_language(requested: str | None = None) -> str:
    """The requested language, else ``HEROES_LANG``, else the system's, when shipped; else English."""
    languages = available_languages()
    candidates = [requested, os.environ.get(LANGUAGE_ENV), *QLocale.system().uiLanguages(), QLocale.system().name()]
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.replace("-", "_").split("_")[0].lower()
        if code in languages:
            return code
    return SOURCE_LANGUAGE


def _lrelease() -> str | None:
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / "lrelease", Path(sys.executable).parent / "pyside6-lrelease"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compiled_translation(language: str) -> Path | None:
    """The ``.qm`` for ``language``, compiled into the cache when missing or stale; None if it cannot be had."""
    source = TS_DIR / f"heroes_{language}.ts"
    if not source.is_file():
        return None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = profile_dir() / "cache" / "i18n"
    target = cache / f"heroes_{language}-{digest}.qm"
    if target.is_file():
        return target
    tool = _lrelease()
    if tool is None:
        log.warning("no lrelease found: the window is shown in English")
        return None
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part.qm")
    result = subprocess.run([tool, "-silent", str(source), "-qm", str(partial)], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0 or not partial.is_file():
        log.warning("%s could not be compiled (%s): the window is shown in English", source,
                    (result.stderr or result.stdout).strip().splitlines()[:1])
        partial.unlink(missing_ok=True)
        return None
    partial.replace(target)
    for stale in cache.glob(f"heroes_{language}-*.qm"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


_installed: list[QTranslator] = []


def install_translation(app: QCoreApplication, language: str | None = None) -> str:
    """Install the program's translator (and Qt's own, for standard buttons) for the chosen language.

    Returns the language in force. Calling it again replaces the previous translators.
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    chosen = choose_language(language)
    if chosen == SOURCE_LANGUAGE:
        return chosen
    compiled = compiled_translation(chosen)
    if compiled is None:
        return SOURCE_LANGUAGE
    ours = QTranslator(app)
    if not ours.load(str(compiled)):
        log.warning("%s could not be loaded: the window is shown in English", compiled)
        return SOURCE_LANGUAGE
    app.installTranslator(ours)
    _installed.append(ours)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return chosen
