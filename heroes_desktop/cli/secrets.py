"""Passphrases: from the environment when set, else from a prompt without echo. Never from the command line."""

from __future__ import annotations

import getpass
import os
import sys

from heroes_desktop.core.errors import UsageError

CASE_PASSPHRASE_ENV = "HEROES_PASSPHRASE"
KEY_PASSPHRASE_ENV = "HEROES_KEY_PASSPHRASE"


def _ask(prompt: str, env: str, confirm: bool) -> str:
    configured = os.environ.get(env)
    if configured is not None:
        if not configured:
            raise UsageError(f"{env} is set but empty")
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
