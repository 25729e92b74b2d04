"""Tasks that misbehave on purpose, to test the worker pool (importable by the workers)."""

from __future__ import annotations

import ctypes
import os
import time


def square(value: int) -> int:
    return value * value


def crash_natively() -> None:
    ctypes.string_at(0)  # a segmentation fault inside native code


def hang(seconds: float) -> str:
    time.sleep(seconds)
    return "woke up"


def balloon(megabytes: int) -> int:
    block = bytearray(megabytes * 2**20)
    for offset in range(0, len(block), 4096):
        block[offset] = 1
    time.sleep(5)
    return len(block)


def fail() -> None:
    raise ValueError("bad input")


def pid() -> int:
    return os.getpid()
