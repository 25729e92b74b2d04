"""The ingest in a child process of its own, for the window: the same core :func:`ingest`, started, watched and
stopped from a process that stays responsive (and keeps no native evidence code of its own).

The child is *spawned* (a fresh interpreter: nothing of the window, no Qt, no threads copied by a fork). Secrets
(the case passphrase, the signing-key passphrase) travel over the pipe between the two processes, never in the
child's command line or environment. Progress is read from the case, where the run writes its snapshot on each
commit (:mod:`.progress_snapshot`). ``cancel()`` asks the child to stop after the items in flight, as Ctrl-C does
for ``heroes ingest``: committed work is kept, the run closes with ``ingest.interrupted``, and starting again
resumes it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_desktop.core.errors import ExitCode, HeroesError
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.pipeline.ingest import IngestOptions

CANCEL = "cancel"
START_SECONDS = 60.0  # for the child to say it has started (a fresh interpreter imports the core)


@dataclass(frozen=True)
class _Order:
    """What the child needs, sent over the pipe (so the passphrases never show in a process listing)."""

    case_path: str
    passphrase: str
    actor_name: str
    actor_role: str
    key_passphrase: str
    options: IngestOptions
    key_profile: str | None = None  # the folder holding the signing key, when not the profile (the demo's own)


class IngestProcess:
    """A running (or finished) ingest child. Every method is cheap: none waits unless asked to (``wait``)."""

    def __init__(self, process: multiprocessing.process.BaseProcess,
                 connection: multiprocessing.connection.Connection) -> None:
        self._process = process
        self._connection = connection
        self._lock = threading.Lock()
        self._summary: dict[str, Any] | None = None
        self._error: str | None = None
        self._error_kind: str | None = None
        self._cancel_sent = False

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def running(self) -> bool:
        """True while the child lives (a cancelled run is still running until its in-flight items are stored)."""
        self._drain()
        return self._process.is_alive()

    @property
    def cancelling(self) -> bool:
        return self._cancel_sent and self.running

    def cancel(self) -> None:
        """Ask for a graceful stop: the items in flight are committed, the run is recorded as interrupted."""
        with self._lock:
            if self._cancel_sent or not self._process.is_alive():
                return
            self._cancel_sent = True
            try:
                self._connection.send(CANCEL)
            except (BrokenPipeError, OSError):
                pass  # the child is ending anyway

    def kill(self) -> None:
        """Stop at once (a stuck run): what was committed stays; the next ingest resumes from there."""
        if self._process.is_alive():
            self._process.kill()
        self.wait()

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the child to end (at most ``timeout`` seconds); its exit code, or None while it runs."""
        self._process.join(timeout)
        self._drain()
        return self.exit_code

    @property
    def exit_code(self) -> int | None:
        """0: finished; 1: interrupted or refused (another ingest runs, a usage error); other: the core's exit code
        for the error, or minus the signal that killed the child. None while it runs."""
        return self._process.exitcode

    @property
    def summary(self) -> dict[str, Any] | None:
        """The run's :class:`IngestSummary` as JSON once it ended (finished or interrupted)."""
        self._drain()
        return self._summary

    @property
    def error(self) -> str | None:
        """One line saying why the run did not finish (None while it runs, or when it finished)."""
        self._drain()
        if self._error is not None:
            return self._error
        code = self._process.exitcode
        if code is None or code == 0:
            return None
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the ingest process was stopped by {name}; committed work is kept, start again to resume"
        if self._summary is not None and self._summary.get("status") == "interrupted":
            return "ingest interrupted; committed work is kept, start again to resume"
        return f"the ingest process ended with exit code {code}"

    @property
    def error_kind(self) -> str | None:
        """The class name of the core error that ended the run (``IngestAlreadyRunning``, ``UsageError``...)."""
        self._drain()
        return self._error_kind

    def _drain(self) -> None:
        """Read what the child said so far (its summary or error), without blocking."""
        with self._lock:
            try:
                while self._connection.poll():
                    message = self._connection.recv()
                    kind = message[0]
                    if kind == "summary":
                        self._summary = message[1]
                    elif kind == "error":
                        self._error_kind, self._error = message[1], message[2]
            except (EOFError, OSError):
                return

    def close(self) -> None:
        """Release the pipe once the child has ended."""
        self._drain()
        if not self._process.is_alive():
            self._connection.close()


def start_ingest_process(case_path: Path, passphrase: str, actor: Actor, key_passphrase: str,
                         options: IngestOptions = IngestOptions(), *, key_profile: Path | None = None) -> IngestProcess:
    """Start the core ingest of ``case_path`` in a spawned child, as ``actor`` signing with their key (kept in
    ``key_profile``, else in the profile folder)."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe(duplex=True)
    process = context.Process(target=_child_main, args=(child_end,), name="heroes-ingest", daemon=False)
    process.start()
    child_end.close()
    parent_end.send(_Order(str(case_path), passphrase, actor.name, actor.role.value, key_passphrase, options,
                           str(key_profile) if key_profile is not None else None))
    return IngestProcess(process, parent_end)


# ------------------------------------------------------------------------------------------------------ child

def _child_main(connection: multiprocessing.connection.Connection) -> None:
    """The child: open the case, run the ingest, listen for ``cancel`` meanwhile, report and exit."""
    from heroes_desktop.core.progress import CancelToken

    cancel = CancelToken()

    def stop(signum: int, frame: object) -> None:  # Ctrl-C in the window's terminal, or SIGTERM: a graceful stop
        cancel.cancel()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    order: _Order = connection.recv()
    send_lock = threading.Lock()

    def listen() -> None:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                cancel.cancel()  # the window went away: stop after the items in flight
                return
            if message == CANCEL:
                cancel.cancel()

    threading.Thread(target=listen, name="heroes-ingest-listen", daemon=True).start()
    code = _run(order, cancel, connection, send_lock)
    raise SystemExit(code)


def _run(order: _Order, cancel: Any, connection: multiprocessing.connection.Connection,
         send_lock: threading.Lock) -> int:
    from heroes_desktop.case.case_file import Case, OpenMode
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.identity.profile import profile_dir
    from heroes_desktop.pipeline.ingest import ingest

    def send(*message: Any) -> None:
        with send_lock:
            try:
                connection.send(message)
            except (BrokenPipeError, OSError):
                pass

    try:
        actor = Actor(order.actor_name, Role(order.actor_role))
        key = load_or_create_signing_key(Path(order.key_profile) if order.key_profile else profile_dir(), actor.name,
                                         order.key_passphrase)
        with Case.open(Path(order.case_path), order.passphrase, mode=OpenMode.READ_WRITE, actor=actor, key=key,
                       purpose="ingest") as case:
            summary = ingest(case, order.options, cancel=cancel)
    except HeroesError as error:
        text = str(error).strip().splitlines()
        send("error", type(error).__name__, text[0] if text else type(error).__name__)
        return int(getattr(error, "exit_code", ExitCode.FAILURE))
    except BaseException as error:  # noqa: BLE001 - the child's one catch-all: the window gets one line
        send("error", type(error).__name__, f"unexpected error in the ingest ({type(error).__name__}): {error}")
        return int(ExitCode.FAILURE)
    send("summary", summary.as_json())
    return 0 if summary.status == "finished" else int(ExitCode.FAILURE)
