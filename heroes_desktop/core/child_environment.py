"""The environment every child process gets: the few variables programs need, never a passphrase.

Workers parse hostile evidence, and Tesseract, FFmpeg and ``ewfverify`` read it too: code running in any of them
must not find the keys to the case or to the examiner's signature in its environment. So no child inherits the
whole environment; it gets the names listed here (the search path, the locale, the home and temporary folders,
thread limits, Tesseract's data folder, where the profile and the models are, and what a Python child needs to
find this program), and the secret ones are left out even when a caller passes them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from heroes_desktop import OFFLINE_SWITCHES

SECRET_VARIABLES = frozenset({
    "HEROES_PASSPHRASE", "HEROES_KEY_PASSPHRASE", "HEROES_VOLUME_PASSWORD", "HEROES_EXPORT_PASSPHRASE",
    "HEROES_LAB_PASSPHRASE", "HEROES_NEW_PASSPHRASE",
})
KEPT_NAMES = frozenset({
    "PATH", "LANG", "LANGUAGE", "HOME", "TMPDIR", "TEMP", "TMP", "TZ", "USER", "LOGNAME", "TESSDATA_PREFIX",
    "LD_LIBRARY_PATH", "SYSTEMROOT", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED",
    "PYTHONUTF8", "PYTHONIOENCODING", "PYTHONUNBUFFERED", "VIRTUAL_ENV",
    "HEROES_HOME", "HEROES_MODELS_DIR", "HEROES_LAB_STORE", "HEROES_DEBUG", "HEROES_LANG",
})
KEPT_PREFIXES = ("LC_", "OMP_", "MKL_", "OPENBLAS_")


def minimal_environment(source: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """The variables of ``source`` (default: this process's environment) a child may have, plus ``extra``;
    never a passphrase."""
    source = os.environ if source is None else source
    kept = {name: value for name, value in source.items()
            if name in KEPT_NAMES or name.startswith(KEPT_PREFIXES)}
    kept.update(extra)
    kept.update(OFFLINE_SWITCHES)  # no child turns a library's telemetry back on
    for name in SECRET_VARIABLES:
        kept.pop(name, None)
    return kept


def holds_secret(environment: Mapping[str, str]) -> list[str]:
    """The secret variables present in ``environment`` (for checks and tests)."""
    return sorted(name for name in SECRET_VARIABLES if name in environment)
