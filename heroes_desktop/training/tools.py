"""Runs the Debian tools that build the training disk, under a fixed clock when libfaketime is installed.

A frozen clock is what lets one seed give one image: mkntfs, mke2fs, debugfs, mtools and libntfs-3g all stamp the
current time into the structures they write. Without Debian's `faketime` the files inside are still identical;
only those stamps vary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from datetime import datetime, timezone

from heroes_desktop.training.errors import BuildToolMissing, TrainingError


def frozen_clock_env(unix_seconds: int) -> dict[str, str]:
    """Environment that freezes the wall clock (not the monotonic one) at `unix_seconds`, UTC."""
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C", "MTOOLS_SKIP_CHECK": "1",
           "E2FSPROGS_FAKE_TIME": str(unix_seconds), "SOURCE_DATE_EPOCH": str(unix_seconds)}
    library = faketime_library()
    if library:
        stamp = datetime.fromtimestamp(unix_seconds, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        # NO_FAKE_STAT: the files' own times stay true (by default libfaketime reports the frozen clock for every
        # file, and mcopy -m then gave every FAT32 file the clock's time instead of its planted one)
        env.update({"LD_PRELOAD": library, "FAKETIME": stamp, "DONT_FAKE_MONOTONIC": "1", "NO_FAKE_STAT": "1"})
    return env


def faketime_library() -> str | None:
    """libfaketime from Debian's `faketime` package, or None."""
    for candidate in ("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                      "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1"):
        if os.path.exists(candidate):
            return candidate
    return None


def run_tool(command: Sequence[str], clock: int, stdin: str | None = None) -> str:
    """Runs one build tool with the frozen clock; a missing tool or a failure is a TrainingError naming it."""
    if shutil.which(command[0]) is None:
        raise BuildToolMissing(f"{command[0]} is not installed (run scripts/setup.sh)")
    result = subprocess.run(list(command), input=stdin, capture_output=True, text=True, check=False,
                            env=frozen_clock_env(clock))
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise TrainingError(f"{command[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
    return result.stdout
