"""Entry point of the ``heroes`` command: parse, dispatch, and map errors to the contract's exit codes.

Every error ends on one line of stderr (and, with ``--json``, one ``{"error", "exit_code"}`` object on stdout);
a closed stdout (``| head``) ends the command quietly; Ctrl-C ends it with one line and exit 1.

Before anything else runs, the passphrase variables are taken out of the environment into memory (no child
process inherits them), the network guard is installed (the program never connects anywhere) and the transient
copies left by crashed runs are removed.
"""

from __future__ import annotations

from heroes_desktop.cli.interrupts import guard_start_up, started_as_program

if started_as_program():  # the console script imports this module first: guard Ctrl-C before the heavy imports
    guard_start_up()

import argparse  # noqa: E402
import errno  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

from heroes_desktop import PROGRAM_NAME, __version__  # noqa: E402
from heroes_desktop.cli import interrupts  # noqa: E402
from heroes_desktop.core.errors import ExitCode, HeroesError, UsageError  # noqa: E402

_json_errors = False  # set by main() when the command line asks for --json


def _emit_error_object(message: str, code: int) -> None:
    if _json_errors:
        try:
            sys.stdout.write(json.dumps({"error": message, "exit_code": int(code)}, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except OSError:
            pass


class HeroesArgumentParser(argparse.ArgumentParser):
    """argparse with the contract's errors: the usage of the (sub-)command at fault, one error line, exit 2;
    unknown options are reported by the sub-command that received them, with that sub-command's usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def,override]
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and self._subparsers is None:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")
        _emit_error_object(message, ExitCode.USAGE)
        self.exit(int(ExitCode.USAGE))

    def format_help(self) -> str:
        if callable(getattr(self, "epilog_factory", None)):
            self.epilog = self.epilog_factory()  # type: ignore[attr-defined]
        return super().format_help()


def version_text() -> str:
    from heroes_desktop.core.versions import libewf_version, sqlcipher_version, tesseract_version, tsk_version

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


def stage_names() -> list[str]:
    """Every ``--stages`` name: the item stages of the default registry, then the case-level stages."""
    from heroes_desktop.pipeline.post_stages import POST_STAGES
    from heroes_desktop.pipeline.registry import default_registry

    names = default_registry().names()
    return [*names, *[name for name in POST_STAGES if name not in names]]


def help_epilog() -> str:
    from heroes_desktop.cli.commands.entities import ENTITY_LABELS
    from heroes_desktop.hashsets.categories import CATEGORIES

    try:
        stages = ", ".join(stage_names())
    except Exception as error:  # help must print even when a stage cannot load
        stages = f"(the stage list could not be read: {error})"
    categories = "\n".join(f"  {name}  {meaning}" for name, meaning in CATEGORIES.items())
    return f"""\
first steps:
  export HEROES_PASSPHRASE=...  HEROES_KEY_PASSPHRASE=...  HEROES_EXAMINER="Ana Ruiz"
  heroes case create op.heroes --title "Operation X" --number 2026-17
  heroes evidence add op.heroes /media/evidence/laptop.E01 --label "Laptop HDD"
  heroes ingest op.heroes --jobs 2
  heroes files op.heroes --deleted | less
  heroes files op.heroes --json | head
  heroes search op.heroes '"bus station" AND madrid' --csv > hits.csv
  heroes custody verify op.heroes

  `heroes COMMAND --help` shows a command's options.

environment:
  HEROES_PASSPHRASE       the case passphrase (else a prompt without echo; never on the command line)
  HEROES_KEY_PASSPHRASE   the passphrase of your signing key (else a prompt)
  HEROES_EXAMINER         who is acting, when --examiner is not given (else a prompt on a terminal)
  HEROES_HOME             your profile folder with your signing key (default: the platform's user data folder)
  HEROES_VOLUME_PASSWORD  the password or BitLocker recovery key of an encrypted volume (else a prompt)
  HEROES_EXPORT_PASSPHRASE  the passphrase of a portable case being exported (else a prompt)
  HEROES_NEW_PASSPHRASE   a case's new passphrase, for `heroes case rekey` (else asked twice)
  HEROES_LAB_PASSPHRASE   the lab key's passphrase, for `heroes lab` (else a prompt)
  HEROES_LAB_STORE        the lab trust store folder (default: lab in your profile folder)
  HEROES_DEBUG            print the traceback of an unexpected error

output:
  results on stdout: listings with a header line (times in UTC, sizes in KiB/MiB/GiB), --json (one object,
  or JSON Lines for listings; exact bytes), --csv for listings; progress, warnings and errors on stderr.
  With --json an error is also one object on stdout: {{"error": ..., "exit_code": ...}}.
  A closed stdout (| head) ends the command quietly, exit 0.

exit codes:
  0  success (an empty listing too: stderr says why it is empty)
  1  failure (also: evidence already in the case, a Ctrl-C interruption; committed work is kept)
  2  usage error: a bad option, or an input path that does not exist (hash-set file, answer key,
     checkpoint, dictionary term list)
  3  wrong passphrase, or not a case file (a missing case file included)
  4  integrity failure: the custody chain or the case file does not verify
  5  evidence cannot be read (a missing evidence file or folder included)

Project VIC categories (heroes tag --category, hash sets):
{categories}

stages (heroes ingest --stages): {stages}
entity labels (heroes entities --label, heroes search --label): {", ".join(ENTITY_LABELS)}
"""


def _command_groups() -> tuple[Any, ...]:
    from heroes_desktop.cli.commands import case as case_commands
    from heroes_desktop.cli.commands import cluster as cluster_commands
    from heroes_desktop.cli.commands import custody as custody_commands
    from heroes_desktop.cli.commands import entities as entity_commands
    from heroes_desktop.cli.commands import evidence as evidence_commands
    from heroes_desktop.cli.commands import gui as gui_commands
    from heroes_desktop.cli.commands import hashsets as hashset_commands
    from heroes_desktop.cli.commands import exports as export_commands
    from heroes_desktop.cli.commands import lab as lab_commands
    from heroes_desktop.cli.commands import media as media_commands
    from heroes_desktop.cli.commands import p2p as p2p_commands
    from heroes_desktop.cli.commands import report as report_commands
    from heroes_desktop.cli.commands import search as search_commands
    from heroes_desktop.cli.commands import timeline as timeline_commands
    from heroes_desktop.cli.commands import topics as topic_commands
    from heroes_desktop.cli.commands import training as training_commands

    return (case_commands, evidence_commands, hashset_commands, search_commands, entity_commands, topic_commands,
            timeline_commands, media_commands, p2p_commands, custody_commands, report_commands, export_commands, training_commands,
            gui_commands, lab_commands, cluster_commands)


def build_parser() -> argparse.ArgumentParser:
    common = HeroesArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout (errors too)")
    parser = HeroesArgumentParser(
        prog="heroes", description="HEROES Desktop: offline forensic workstation (command line).",
    )
    parser.epilog_factory = help_epilog  # type: ignore[attr-defined]
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="program and component versions")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in _command_groups():
        group.register(subparsers, common)
    return parser


def _unexpected_message(error: BaseException) -> tuple[str, ExitCode]:
    """One line for an error nobody raised on purpose, without back-end noise (SQL, URLs, decoder internals)."""
    if isinstance(error, json.JSONDecodeError):
        return (f"an input file is not valid JSON (at line {error.lineno}, column {error.colno})", ExitCode.USAGE)
    if isinstance(error, FileNotFoundError):
        return f"no such file or folder: {error.filename or error}", ExitCode.USAGE
    if isinstance(error, PermissionError):
        return f"permission denied: {error.filename or error}", ExitCode.FAILURE
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror.lower()}{where}", ExitCode.FAILURE
    try:
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError
    except ImportError:  # pragma: no cover
        DBAPIError = SQLAlchemyError = ()  # type: ignore[assignment,misc]
    if isinstance(error, DBAPIError):
        reason = str(error.orig).strip() or type(error.orig).__name__
        hint = ""
        if "readonly" in reason or "read-only" in reason or "unable to open" in reason:
            hint = " (is the case file or its folder read-only?)"
        return f"the case file could not be used: {reason}{hint}", ExitCode.FAILURE
    if isinstance(error, SQLAlchemyError):
        reason = str(error).split("\n")[0].split(" (Background on this error")[0]
        return f"the case file could not be used: {reason}", ExitCode.FAILURE
    text = str(error).splitlines()[0] if str(error) else ""
    return f"unexpected error: {type(error).__name__}{': ' + text if text else ''}", ExitCode.FAILURE


def _report(message: str, code: int) -> int:
    try:
        sys.stderr.write(f"heroes: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass
    _emit_error_object(message, code)
    return int(code)


def _quiet_closed_stdout() -> int:
    """The reader of stdout went away (``| head``): stop quietly, and keep the interpreter's final flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return int(ExitCode.OK)


def _is_closed_pipe(error: BaseException) -> bool:
    return isinstance(error, BrokenPipeError) or (isinstance(error, OSError) and error.errno == errno.EPIPE)


# Non-evidence inputs by their argparse ``dest``: a path given there that does not exist is a usage error (2),
# whatever the command. Evidence (``evidence add CASE PATH``) is not here: missing evidence is exit 5.
INPUT_FILES = {"file": "input file", "key": "answer key", "checkpoint": "checkpoint"}


# Arguments that name a path (positional and options, by their dest): an empty or impossible one is refused in one
# line before any command runs (an empty CASE once became the current folder, an empty evidence path the program's).
PATH_ARGUMENTS = {"case": "CASE", "path": "PATH", "folder": "FOLDER", "out": "--out", "out_dir": "OUT_DIR",
                  "file": "FILE", "key": "--key", "checkpoint": "--checkpoint", "store": "--store",
                  "trust_file": "--trust", "profile": "--profile", "signature": "--signature", "html": "--html",
                  "evidence": "--evidence", "tls_dir": "--tls-dir", "target": "TARGET"}


def _check_input_files(args: argparse.Namespace) -> None:
    from heroes_desktop.cli.output import require_input_file
    from heroes_desktop.core.path_kinds import length_problem, shortened

    for dest, name in PATH_ARGUMENTS.items():
        value = getattr(args, dest, None)
        if isinstance(value, (str, os.PathLike)) and (problem := length_problem(os.fspath(value))):
            shown = f": {shortened(os.fspath(value))}" if os.fspath(value) else ""
            raise UsageError(f"{name}: {problem}{shown}")
    for dest, what in INPUT_FILES.items():
        value = getattr(args, dest, None)
        if isinstance(value, (str, os.PathLike)):
            require_input_file(value, what)


def _ask_actor_when_needed(args: argparse.Namespace) -> None:
    """A write command with nobody named: ask on a terminal (the one-line usage error stays for scripts)."""
    if not hasattr(args, "examiner") or args.examiner or getattr(args, "supervisor", None):
        return
    needed = getattr(args, "actor_needed", True)
    if callable(needed):
        needed = needed(args)
    if needed:
        from heroes_desktop.cli.secrets import examiner_from_terminal

        args.examiner = examiner_from_terminal()


def _start_safely(as_program: bool) -> Any:
    """Passphrases out of the environment, and, for the program itself, the network guard and the sweep of transient
    copies left by crashed runs. Returns what puts the passphrases back (for a caller running commands in-process).

    The guard cannot be removed once installed, so a caller that runs commands in its own process (a test, a script)
    keeps its own network; its own crashed transient copies are swept by the next worker pool anyway.
    """
    from heroes_desktop.cli.secrets import take_from_environment

    put_back = take_from_environment()
    if as_program:
        from heroes_desktop.core import network_guard, transient

        network_guard.install()
        try:
            transient.sweep()
        except OSError:  # never a reason not to start
            pass
    return put_back


def main(argv: Sequence[str] | None = None) -> int:
    global _json_errors
    arguments = list(sys.argv[1:] if argv is None else argv)
    _json_errors = "--json" in arguments
    put_back = _start_safely(as_program=argv is None)
    try:
        return _main(arguments)
    finally:
        if argv is not None:
            put_back()


def _main(arguments: list[str]) -> int:
    global _json_errors
    try:
        parser = build_parser()
        interrupts.loaded()
        try:
            args = parser.parse_args(arguments)
        except SystemExit as leaving:  # --help, --version, usage errors: argparse has printed what it should
            sys.stdout.flush()
            return int(leaving.code or 0) if not isinstance(leaving.code, str) else int(ExitCode.USAGE)
        _json_errors = bool(getattr(args, "json", False))
        _check_input_files(args)
        _ask_actor_when_needed(args)
        code = int(args.handler(args))
        sys.stdout.flush()
        return code
    except HeroesError as error:
        message = "; ".join(line.strip() for line in str(error).splitlines() if line.strip()) or type(error).__name__
        return _report(message, error.exit_code)
    except KeyboardInterrupt:
        return _report(interrupts.INTERRUPTED_MESSAGE.removeprefix("heroes: "), interrupts.INTERRUPTED_EXIT)
    except Exception as error:  # the one catch-all: a bug or an unexpected back-end failure, on one line
        if _is_closed_pipe(error):
            return _quiet_closed_stdout()
        if os.environ.get("HEROES_DEBUG"):
            traceback.print_exc()
        message, code = _unexpected_message(error)
        return _report(message, code)


if __name__ == "__main__":
    raise SystemExit(main())
