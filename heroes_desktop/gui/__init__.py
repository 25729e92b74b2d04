"""The desktop application: PySide6 only here, a face over the same core calls as the ``heroes`` command line."""

from __future__ import annotations

import ctypes
import sys


def _keep_singletons_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops one reference to ``None`` on every call of a Qt method that returns
    nothing (``QLabel.setText``, ``setEnabled``, ...), and likewise to ``True`` and ``False`` returned by its bindings. Python 3.12 made ``None`` immortal and never notices; 3.11
    aborts with "none_dealloc: deallocating None" once the count runs out: after some tens of thousands of calls,
    i.e. within an examiner's working day. Raising their counts by 2**40 makes them effectively immortal here, as
    it is on 3.12 (tests/gui/test_none_refcount.py proves the abort and its cure)."""
    if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
        for singleton in (None, True, False, Ellipsis, NotImplemented):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40  # ob_refcnt is the first field


_keep_singletons_alive()
