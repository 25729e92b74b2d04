"""Wrong and hostile inputs at the command line's interfaces (issue 20): every ``heroes`` command given a missing,
wrong-type, looping, empty or impossibly long path, a file that is no case, a named pipe, a device, a huge
argument, or a case another process is ingesting, must answer with its exit code and one line, never a traceback
and never a hang. Prints the table of what was tried; ``tests/cli/test_hostile_cli.py`` runs it in the suite.

    .venv/bin/python scripts/hostile_cli.py [--out DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSPHRASE = "hostile inputs: correct horse battery staple"
KEY_PASSPHRASE = "hostile inputs: key passphrase of the examiner"
EXAMINER = "Ana Examiner"


@dataclass
class Tried:
    command: str
    given: str
    code: int
    line: str
    seconds: float

    @property
    def accepted(self) -> bool:
        """Inputs that are not wrong: a folder or any file is evidence (raw data at worst), and a long query that
        finds nothing says so."""
        return (self.command, self.given) in ACCEPTED

    @property
    def clean(self) -> bool:
        """One short line on stderr starting with ``heroes``, no traceback (or argparse's usage and one error line);
        exit 0 only where the input is in fact acceptable."""
        lines = [line for line in self.line.splitlines() if line.strip()]
        if "Traceback" in self.line or any(len(line) > 400 for line in lines):
            return False
        if self.code == 0:
            return self.accepted and len(lines) <= 1
        if self.code == 2 and lines and lines[0].startswith("usage:"):
            return lines[-1].startswith("heroes") and "error:" in lines[-1]
        return len(lines) == 1 and lines[0].startswith("heroes")


def bad_paths(folder: Path) -> dict[str, str]:
    """Paths of every wrong kind, made in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-folder").mkdir(exist_ok=True)
    fifo = folder / "a-fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    (folder / "text.txt").write_text("not a case, not a hash set\n", encoding="utf-8")
    (folder / "empty.heroes").write_bytes(b"")
    for name, target in (("loop-a", "loop-b"), ("loop-b", "loop-a"), ("broken", "nowhere")):
        if not os.path.lexists(folder / name):
            os.symlink(target, folder / name)
    return {"missing": str(folder / "missing.heroes"), "folder": str(folder / "a-folder"),
            "named pipe": str(fifo), "character device": "/dev/null", "broken link": str(folder / "broken"),
            "looping link": str(folder / "loop-a"), "empty": "", "5,000 characters": str(folder / ("a" * 5000)),
            "300-byte name": str(folder / ("n" * 300)), "text file": str(folder / "text.txt"),
            "empty file": str(folder / "empty.heroes")}


def commands(case: str) -> dict[str, Callable[[str], list[str]]]:
    """Each command with the place a path goes: as the case, or as its input or output file."""
    return {
        "case info CASE": lambda bad: ["case", "info", bad],
        "files CASE": lambda bad: ["files", bad, "--json"],
        "custody verify CASE": lambda bad: ["custody", "verify", bad],
        "ingest CASE": lambda bad: ["ingest", bad, "--stages", "hash"],
        "search CASE": lambda bad: ["search", bad, "word"],
        "media CASE": lambda bad: ["media", bad],
        "evidence add C PATH": lambda bad: ["evidence", "add", case, bad],
        "hashset import C FILE": lambda bad: ["hashset", "import", case, bad, "--format", "md5", "--name", "lab"],
        "dictionary import C FILE": lambda bad: ["dictionary", "import", case, bad, "--name", f"terms {len(bad)}"],
        "training check C --key": lambda bad: ["training", "check", case, "--key", bad],
        "custody verify C --checkpoint": lambda bad: ["custody", "verify", case, "--checkpoint", bad],
        "custody checkpoint C --out": lambda bad: ["custody", "checkpoint", case, "--out", bad],
        "report C --out": lambda bad: ["report", case, "--format", "html", "--out", bad],
        "export C --out": lambda bad: ["export", case, "--format", "case-uco", "--out", bad],
    }


ACCEPTED = {("evidence add C PATH", "folder"), ("evidence add C PATH", "text file"),
            ("evidence add C PATH", "empty file"), ("search, a 1 MiB query", "")}
OUTPUTS = {"custody checkpoint C --out", "report C --out", "export C --out"}
# an output path of these kinds is not wrong: it is written (a folder refused, a pipe or device refused)
OUTPUT_FINE = {"missing", "broken link"}


def huge_arguments(case: str) -> dict[str, list[str]]:
    return {
        "files --limit 10^30": ["files", case, "--limit", "1" + "0" * 30],
        "search, a 1 MiB query": ["search", case, "x" * 2**20],
        "search, an empty query": ["search", case, ""],
        "search --limit -5": ["search", case, "word", "--limit", "-5"],
        "ingest --jobs 10^9": ["ingest", case, "--jobs", "1000000000", "--stages", "hash"],
        "case create, a 1 MiB title": ["case", "create", str(Path(case).with_name("titled.heroes")),
                                       "--title", "t" * 2**20, "--number", "1"],
        "case create, an empty path": ["case", "create", "", "--title", "t", "--number", "1"],
        "tag, file id 10^30": ["tag", case, "1" + "0" * 30, "--category", "CAT-0"],
        "an unknown command": ["frobnicate", case],
    }


@contextlib.contextmanager
def _environment(home: Path) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(HEROES_HOME=str(home), HEROES_PASSPHRASE=PASSPHRASE, HEROES_KEY_PASSPHRASE=KEY_PASSPHRASE,
                      HEROES_EXAMINER=EXAMINER)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_in_process(arguments: list[str]) -> tuple[int, str]:
    """``heroes ARGS`` through ``main()`` in this process: exit code and what it wrote on stderr."""
    from heroes_desktop.cli import main as cli_main

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli_main.main(arguments)
    return code, err.getvalue()


def make_case(folder: Path) -> Path:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key

    actor = Actor(EXAMINER, Role.EXAMINER)
    key = load_or_create_signing_key(Path(os.environ["HEROES_HOME"]), actor.name, KEY_PASSPHRASE)
    path = folder / "case.heroes"
    Case.create(path, PASSPHRASE, actor, key, title="Hostile inputs").close()
    return path


def run_matrix(folder: Path, runner: Callable[[list[str]], tuple[int, str]] = run_in_process) -> list[Tried]:
    home = folder / "home"
    with _environment(home):
        case = make_case(folder)
        tried: list[Tried] = []
        paths = bad_paths(folder / "bad")
        for name, build in commands(str(case)).items():
            for kind, bad in paths.items():
                if name in OUTPUTS and kind in OUTPUT_FINE:
                    continue
                tried.append(_try(runner, name, kind, build(bad)))
        for name, arguments in huge_arguments(str(case)).items():
            tried.append(_try(runner, name, "", arguments))
        tried.append(_while_another_ingests(runner, case))
    return tried


def _try(runner: Callable[[list[str]], tuple[int, str]], name: str, kind: str, arguments: list[str]) -> Tried:
    started = time.monotonic()
    if os.environ.get("HOSTILE_CLI_VERBOSE"):
        print(name, kind, file=sys.__stderr__, flush=True)
    code, err = runner(arguments)
    return Tried(name, kind, code, err.strip(), time.monotonic() - started)


def _while_another_ingests(runner: Callable[[list[str]], tuple[int, str]], case: Path) -> Tried:
    """A second ingest while another process holds the case's ingest lock: refused at once, in one line."""
    import subprocess

    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(case) + '.ingest-lock'!r}, os.O_RDWR | os.O_CREAT, 0o600)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        return _try(runner, "ingest CASE", "being ingested by another process", ["ingest", str(case)])
    finally:
        holder.kill()
        holder.wait()


def table(tried: list[Tried]) -> str:
    lines = [f"{'command':<30} {'given':<34} {'exit':>4}  the one line", "-" * 118]
    for row in tried:
        first = row.line.splitlines()[-1] if row.line else ""
        lines.append(f"{row.command:<30} {row.given:<34} {row.code:>4}  {first[:140]}")
    bad = [row for row in tried if not row.clean]
    lines.append(f"{len(tried)} tried, {len(tried) - len(bad)} answered with an exit code and one line, "
                 f"slowest {max(row.seconds for row in tried):.1f} s")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="work folder (default: a new temporary one)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="heroes-hostile-cli-"))
    tried = run_matrix(folder)
    print(table(tried))
    return 0 if all(row.clean for row in tried) else 1


if __name__ == "__main__":
    raise SystemExit(main())
