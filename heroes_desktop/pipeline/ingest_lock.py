"""One ingest at a time per case: an exclusive ``flock`` on ``CASE.ingest-lock`` beside the case file.

The kernel releases the lock when the process ends, however it ends (``kill -9`` included), so a crashed run never
leaves it stuck. The lock file is left in place (removing it would let two runs lock two different files); it is
only ever created beside a case file, never in an evidence folder.
"""

from __future__ import annotations

import fcntl
import os
import time
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
            _lock(descriptor, wait)
        except BlockingIOError:
            raise IngestAlreadyRunning(f"{case_path}: another ingest of this case is running; wait for it to "
                                       "finish (or stop it) and run ingest again") from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _lock(descriptor: int, wait: bool) -> None:
    """Take the lock; a refusal is tried again twice over 40 ms, since :func:`is_held` takes it for a moment."""
    if wait:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    for attempt in range(3):
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if attempt == 2:
                raise
            time.sleep(0.02)


def is_held(case_path: Path) -> bool:
    """Whether an ingest of the case is running now, in any process: a run the case lists as running while nobody
    holds its lock was killed or crashed. Never creates the lock file; a lock that cannot be opened is not held."""
    try:
        descriptor = os.open(lock_path(Path(case_path)), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)
