"""Entry point of the ``heroes`` command: parse, dispatch, and map errors to the contract's exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from heroes_desktop import PROGRAM_NAME, __version__
from heroes_desktop.cli.commands import case as case_commands
from heroes_desktop.cli.commands import custody as custody_commands
from heroes_desktop.cli.commands import entities as entity_commands
from heroes_desktop.cli.commands import evidence as evidence_commands
from heroes_desktop.cli.commands import hashsets as hashset_commands
from heroes_desktop.cli.commands import media as media_commands
from heroes_desktop.cli.commands import search as search_commands
from heroes_desktop.cli.commands import topics as topic_commands
from heroes_desktop.cli.commands import training as training_commands
from heroes_desktop.core.errors import ExitCode, HeroesError
from heroes_desktop.core.versions import libewf_version, sqlcipher_version, tesseract_version, tsk_version

COMMAND_GROUPS = (
    case_commands, evidence_commands, hashset_commands, search_commands, entity_commands, topic_commands,
    media_commands, custody_commands, training_commands,
)


def version_text() -> str:
    lines = [
        f"{PROGRAM_NAME} {__version__}",
        f"SQLCipher {sqlcipher_version()}",
        f"The Sleuth Kit {tsk_version()}",
        f"libewf {libewf_version()}",
        f"Tesseract {tesseract_version()}",
    ]
    from heroes_desktop.models.errors import ModelError
    from heroes_desktop.models.loading import installed_models

    try:
        models = installed_models()
    except ModelError as error:
        return "\n".join([*lines, f"models: {error}"])
    lines += [f"model {spec.id} {spec.version or ''} ({spec.task}, {state}) sha256 {spec.sha256}"
              for spec, state in models] or ["models: none listed"]
    return "\n".join(lines)


class _VersionAction(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        sys.stdout.write(version_text() + "\n")
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser = argparse.ArgumentParser(
        prog="heroes", description="HEROES Desktop: offline forensic workstation (command line)."
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="program and component versions")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except HeroesError as error:
        sys.stderr.write(f"heroes: {error}\n")
        return int(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("heroes: interrupted; committed work is kept\n")
        return int(ExitCode.FAILURE)
    except Exception as error:  # the one catch-all: a bug or an unexpected back-end failure, on one line
        if os.environ.get("HEROES_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(f"heroes: unexpected error: {type(error).__name__}: {error}\n")
        return int(ExitCode.FAILURE)


if __name__ == "__main__":
    raise SystemExit(main())
