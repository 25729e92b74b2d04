"""The command takes the passphrases out of its environment before any child exists, wipes them from the block
``/proc/<pid>/environ`` shows, and still reads them from memory; run in-process, it leaves the caller's environment
as it found it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from heroes_desktop.cli import secrets
from heroes_desktop.cli.main import main
from tests.conftest import REPO

SECRET = "sesame-" + os.urandom(6).hex()


def test_the_program_keeps_the_passphrases_in_memory_only() -> None:
    program = textwrap.dedent("""
        import json, os, subprocess, sys
        sys.argv = ["heroes", "--version"]
        from heroes_desktop.cli import secrets
        from heroes_desktop.cli.main import main
        code = main()
        with open("/proc/self/environ", "rb") as file:
            block = file.read().decode("utf-8", "replace")
        child = subprocess.run(["env"], capture_output=True, text=True).stdout
        print(json.dumps({"code": code, "environ": repr(dict(os.environ)), "block": block, "child": child,
                          "case": secrets.case_passphrase(), "key": secrets.key_passphrase("Ana")}))
        """)
    env = {**os.environ, "HEROES_PASSPHRASE": SECRET, "HEROES_KEY_PASSPHRASE": SECRET + "-key",
           "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["code"] == 0 and seen["case"] == SECRET and seen["key"] == SECRET + "-key"
    for where in ("environ", "block", "child"):
        assert SECRET not in seen[where], where
    assert "HEROES_PASSPHRASE=" in seen["block"]  # the name stays in the block, its value is zeros


def test_in_process_commands_leave_the_environment_as_they_found_it(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HEROES_PASSPHRASE", SECRET)
    assert main(["--version"]) == 0 and main(["--version"]) == 0
    assert os.environ["HEROES_PASSPHRASE"] == SECRET
    monkeypatch.delenv("HEROES_PASSPHRASE")
    put_back = secrets.take_from_environment()  # what a command does at its start: nothing held from before
    with pytest.raises(secrets.UsageError, match="HEROES_PASSPHRASE"):
        secrets.case_passphrase()
    put_back()
    capsys.readouterr()
