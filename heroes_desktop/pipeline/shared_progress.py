"""Progress of a worker's long task (hashing a whole image) read by the main process, without pipe traffic.

Two 64-bit counters in a shared-memory block that the main process creates and names: the worker writes the bytes
done and the total, the main process polls them to draw progress. Nothing but two integers crosses.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from multiprocessing import shared_memory

_LAYOUT = struct.Struct("<QQ")  # done, total


class SharedProgress:
    """Owned by the main process: create, hand ``name`` to the worker, read ``done``/``total``, then close."""

    def __init__(self) -> None:
        self._memory = shared_memory.SharedMemory(create=True, size=_LAYOUT.size)
        _LAYOUT.pack_into(self._memory.buf, 0, 0, 0)

    @property
    def name(self) -> str:
        return self._memory.name

    def read(self) -> tuple[int, int]:
        done, total = _LAYOUT.unpack_from(self._memory.buf, 0)
        return int(done), int(total)

    def close(self) -> None:
        self._memory.close()
        self._memory.unlink()


def progress_writer(name: str | None) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """In the worker: a callback writing (bytes done, total) into the named block, and a function that detaches."""
    if name is None:
        return None, lambda: None
    memory = shared_memory.SharedMemory(name=name)  # the workers share the owner's resource tracker: it unlinks

    def write(done: int, total: int) -> None:
        _LAYOUT.pack_into(memory.buf, 0, done, total)

    return write, memory.close
