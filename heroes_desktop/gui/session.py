"""An open case in the window: the core ``Case``, who is working and in which role, and the background jobs that
read and write it. Views take a session and call the core through ``session.jobs``; none of them holds SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.identity.actor import Actor


@dataclass
class CaseSession:
    """One open case. ``passphrase`` stays in this process only, to start the ingest child process."""

    case: Case
    actor: Actor | None
    jobs: Jobs
    passphrase: str = field(repr=False, default="")
    key_passphrase: str = field(repr=False, default="")
    key_profile: Path | None = None  # where the signing key lives when not in the profile (the demo's own)
    shortcuts: Any = None  # the window's ShortcutRegistry, set by MainWindow for its panels
    exposure: Any = None  # the window's ExposurePolicy, likewise
    exposure_monitor: Any = None  # the window's ExposureMonitor (private counts, breaks, presentation mode)

    @property
    def path(self) -> Path:
        return self.case.path

    @property
    def read_only(self) -> bool:
        return self.case.mode is not OpenMode.READ_WRITE

    def close(self) -> None:
        """Let running writes finish, then close the case: no writer left running, nothing left in plaintext."""
        self.jobs.shutdown(wait=True)
        self.case.close()
        self.passphrase = ""
        self.key_passphrase = ""
