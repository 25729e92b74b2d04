"""HEROES Desktop: an offline forensic workstation.

The package is split into a Qt-free core (``core``, ``case``, ``identity``, ...) and two faces over it: the
``heroes`` command line (``cli``) and the PySide6 desktop (``gui``).

Importing the package switches off the telemetry of the libraries that have it, before any of them is loaded:
ONNX Runtime (1.29 and later) otherwise keeps a device id and an event database under ``~/.cache/Microsoft`` and
writes a ``.ses`` file into the temporary folder, and would upload them where a network exists. The program is
offline forever; the children inherit the switch through :mod:`heroes_desktop.core.child_environment`.
"""

import os

OFFLINE_SWITCHES = {"ORT_DISABLE_TELEMETRY": "1"}
for _name, _value in OFFLINE_SWITCHES.items():
    os.environ[_name] = _value

__version__ = "0.1.0"
PROGRAM_NAME = "heroes-desktop"
