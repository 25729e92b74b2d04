"""One ingest at a time per case: an exclusive ``flock`` on ``CASE.ingest-lock`` beside the case file.

The kernel releases the lock when the process ends, however it ends (``kill -9`` included), so a crashed run never
leaves it stuck. The lock file is left in place (removing it would let two runs lock two different files); it is
only ever created beside a case file, never in an evidence folder.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from heroes_desktop.core.errors import HeroesError

LOCK_SUFFIX = ".ingest-lock"


class IngestAlreadyRunning(HeroesError):
    """Another ingest of the same case is running (exit 1)."""


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + LOCK_SUFFIX)


@contextmanager
def ingest_lock(case_path: Path, wait: bool = False) -> Iterator[None]:
    """Hold the case's ingest lock for the block; raise :class:`IngestAlreadyRunning` at once when another process
    holds it (or wait for it with ``wait``)."""
    path = lock_path(Path(case_path))
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:
        raise HeroesError(f"{path}: cannot create the ingest lock beside the case: {error.strerror}") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise IngestAlreadyRunning(f"{case_path}: another ingest of this case is running; wait for it to "
                                       "finish (or stop it) and run ingest again") from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
