"""Passphrases: from the environment when set, else from a prompt without echo. Never from the command line.

The passphrase variables are taken out of the environment when the command starts (:func:`take_from_environment`,
before any child process exists) and kept in this process's memory: the workers that parse hostile evidence,
Tesseract and ``ewfverify`` are started later and so never inherit them. On Linux their values are also wiped from
the environment block the process started with, which ``/proc/<pid>/environ`` shows to every process of the same
account (a worker taken over by hostile input included) and which a forked child would carry in its memory.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable

from heroes_desktop.core.child_environment import SECRET_VARIABLES
from heroes_desktop.core.errors import UsageError

CASE_PASSPHRASE_ENV = "HEROES_PASSPHRASE"
KEY_PASSPHRASE_ENV = "HEROES_KEY_PASSPHRASE"
VOLUME_PASSWORD_ENV = "HEROES_VOLUME_PASSWORD"
EXPORT_PASSPHRASE_ENV = "HEROES_EXPORT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "HEROES_NEW_PASSPHRASE"


_held: dict[str, str] = {}  # the passphrase variables of this command, out of the environment


def _environment_block() -> tuple[int, int] | None:
    """Where the environment the process started with lies in its memory (``env_start``, ``env_end`` of
    ``/proc/self/stat``, fields 50 and 51), or None where that cannot be read."""
    try:
        with open("/proc/self/stat", "rb") as file:
            fields = file.read().rpartition(b")")[2].split()
        return int(fields[50 - 3]), int(fields[51 - 3])
    except (OSError, IndexError, ValueError):
        return None


def _wipe_from_environment_block(names: set[str]) -> None:
    """Overwrite with zeros, in place, the values of ``names`` in the block of memory the process started with,
    which ``/proc/<pid>/environ`` shows to every process of this account. Only strings inside that block are
    touched (never the C library's own copies, which it may compare and reuse later)."""
    block = _environment_block() if sys.platform.startswith("linux") and names else None
    if block is None:
        return
    try:
        import ctypes

        entries = ctypes.POINTER(ctypes.c_void_p).in_dll(ctypes.CDLL(None), "environ")
    except (OSError, ValueError, AttributeError):
        return
    prefixes = [f"{name}=".encode() for name in names]
    index = 0
    while entries[index]:
        address = entries[index]
        index += 1
        if not block[0] <= address < block[1]:
            continue
        text = ctypes.string_at(address)
        for prefix in prefixes:
            if text.startswith(prefix) and address + len(text) <= block[1]:
                ctypes.memset(address + len(prefix), 0, len(text) - len(prefix))


def take_from_environment() -> Callable[[], None]:
    """Move the passphrase variables from the environment into memory (what was held before is dropped: each command
    has the passphrases its own environment gave it). Returns what puts them back, for a caller that runs commands
    in its own process (tests, scripts) and expects its environment unchanged afterwards."""
    taken = {name: os.environ[name] for name in sorted(SECRET_VARIABLES) if name in os.environ}
    _wipe_from_environment_block(set(taken))
    for name in taken:
        del os.environ[name]  # unsetenv: the zeroed string is no longer in the environment at all
    _held.clear()
    _held.update(taken)

    def put_back() -> None:
        for name, value in taken.items():
            os.environ.setdefault(name, value)
        for name in taken:
            if _held.get(name) == taken[name]:
                del _held[name]

    return put_back


def _from_environment(env: str) -> str | None:
    """The variable's value when it is set (set but empty is a usage error), else None; a passphrase variable is
    read where :func:`take_from_environment` put it (or, in a caller that never called it, the environment)."""
    configured = _held.get(env, os.environ.get(env))
    if configured is not None and not configured:
        raise UsageError(f"{env} is set but empty")
    return configured


def _ask(prompt: str, env: str, confirm: bool) -> str:
    configured = _from_environment(env)
    if configured is not None:
        return configured
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError(f"no passphrase: set {env} or run on a terminal to be prompted")
    first = getpass.getpass(prompt)
    if not first:
        raise UsageError("an empty passphrase is not allowed")
    if confirm and getpass.getpass("Repeat: ") != first:
        raise UsageError("the two passphrases differ")
    return first


def case_passphrase(*, confirm: bool = False) -> str:
    return _ask("Case passphrase: ", CASE_PASSPHRASE_ENV, confirm)


def key_passphrase(owner: str, *, confirm: bool = False) -> str:
    return _ask(f"Signing-key passphrase for {owner}: ", KEY_PASSPHRASE_ENV, confirm)


def new_case_passphrase() -> str:
    """A case's new passphrase (``heroes case rekey``): ``HEROES_NEW_PASSPHRASE``, else asked twice on a terminal."""
    return _ask("New case passphrase: ", NEW_PASSPHRASE_ENV, True)


def export_passphrase() -> str:
    """The passphrase of a portable case being exported: its own, asked twice on a terminal."""
    return _ask("Passphrase for the portable case: ", EXPORT_PASSPHRASE_ENV, True)


def volume_key(what: str, *, recovery: bool, required: bool) -> str | None:
    """The password (or BitLocker recovery key) for the encrypted volumes described by ``what``.

    From ``HEROES_VOLUME_PASSWORD`` when set, else a prompt without echo on a terminal. When it is not
    ``required``, no terminal or an empty answer means "not now" (None).
    """
    configured = _from_environment(VOLUME_PASSWORD_ENV)
    if configured is not None:
        return configured
    if not sys.stdin or not sys.stdin.isatty():
        if required:
            raise UsageError(f"no volume key: set {VOLUME_PASSWORD_ENV} or run on a terminal to be prompted")
        return None
    kind = "BitLocker recovery key (48 digits)" if recovery else "Password"
    answer = getpass.getpass(f"{kind} for {what}{'' if required else ' (empty: not now)'}: ")
    if not answer and required:
        raise UsageError("an empty volume key is not allowed")
    return answer or None


EXAMINER_ENV = "HEROES_EXAMINER"


def examiner_from_terminal() -> str | None:
    """Who is acting, asked on a terminal when neither ``--examiner`` nor ``HEROES_EXAMINER`` says.

    None when the variable is set (it is used as it is) or when there is no terminal to ask: the command then stops
    with the one-line usage error that names ``--examiner`` and ``HEROES_EXAMINER``.
    """
    if os.environ.get(EXAMINER_ENV) or not sys.stdin or not sys.stdin.isatty():
        return None
    sys.stderr.write(f"Who is acting? Your name as examiner (set {EXAMINER_ENV} to skip this question): ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip()
    if not answer:
        raise UsageError(f"no examiner given: give --examiner NAME or set {EXAMINER_ENV}")
    return answer
