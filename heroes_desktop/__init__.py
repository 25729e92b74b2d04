"""HEROES Desktop: an offline forensic workstation.

The package is split into a Qt-free core (``core``, ``case``, ``identity``, ...) and two faces over it: the
``heroes`` command line (``cli``) and, later, the PySide6 desktop (``gui``).
"""

__version__ = "0.1.0"
PROGRAM_NAME = "heroes-desktop"
