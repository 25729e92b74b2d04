"""Who is acting, with which key, on which case: the CLI's side of opening a case."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import note
from heroes_desktop.cli.secrets import case_passphrase, key_passphrase
from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity.actor import Actor, Role

if TYPE_CHECKING:  # the case file and the keys are loaded by the commands that open a case, not by `heroes --help`
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.keys import SigningKey

EXAMINER_ENV = "HEROES_EXAMINER"


def add_actor_options(parser: argparse.ArgumentParser, *, supervisor: bool = True) -> None:
    group = parser.add_argument_group("who is acting")
    group.add_argument("--examiner", metavar="NAME", help=f"the acting examiner (default: ${EXAMINER_ENV})")
    if supervisor:
        group.add_argument("--supervisor", metavar="NAME", help="the acting supervisor (sessions are review-only)")
    group.add_argument(
        "--role", choices=[Role.EXAMINER.value, Role.TRAINER.value, Role.TRAINEE.value],
        help="the role of the person named by --examiner (default: examiner)",
    )


def actor_from(args: argparse.Namespace, *, required: bool = True) -> Actor | None:
    supervisor = getattr(args, "supervisor", None)
    examiner = getattr(args, "examiner", None) or (None if supervisor else os.environ.get(EXAMINER_ENV))
    if supervisor and getattr(args, "examiner", None):
        raise UsageError("give either --examiner or --supervisor, not both")
    if supervisor:
        if getattr(args, "role", None):
            raise UsageError("--role applies to --examiner only")
        return Actor(supervisor, Role.SUPERVISOR)
    if examiner:
        return Actor(examiner, Role(getattr(args, "role", None) or Role.EXAMINER.value))
    if required:
        raise UsageError(f"who is acting? give --examiner NAME (or set {EXAMINER_ENV})")
    return None


def signing_key_for(actor: Actor) -> SigningKey:
    from heroes_desktop.identity.keys import key_file_path, load_or_create_signing_key
    from heroes_desktop.identity.profile import profile_dir

    profile = profile_dir()
    first_use = not key_file_path(profile, actor.name).exists()
    return load_or_create_signing_key(profile, actor.name, key_passphrase(actor.name, confirm=first_use))


def open_case(args: argparse.Namespace, mode: OpenMode, purpose: str = "") -> Case:
    """Open ``args.case`` in ``mode``; sessions that write need an actor and their unlocked key.

    A read-only open of a case on read-only storage says so on stderr (one line), so that the examiner knows why
    nothing (not even a failed-open note) can be written beside it. A session that would write is refused before
    the signing key is asked for.
    """
    from heroes_desktop.case.case_file import Case, refuse_writes_on_read_only_storage

    path = Path(args.case)
    if mode is OpenMode.READ_ONLY:
        case = Case.open(path, case_passphrase(), mode=mode)
        if case.read_only_storage:
            note(f"heroes: note: {path} is on read-only storage; opened read-only (nothing is written beside it)")
        return case
    actor = actor_from(args)
    assert actor is not None
    passphrase = case_passphrase()
    refuse_writes_on_read_only_storage(path, passphrase, mode)
    return Case.open(path, passphrase, mode=mode, actor=actor, key=signing_key_for(actor), purpose=purpose)
