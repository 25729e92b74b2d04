"""No network, ever: the command itself refuses connections, and an ingest passes in a network namespace that has
no interface at all (``unshare -rn``), where even native code could reach nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import HEROES_COMMAND, REPO, cli_env
from tests.core.canary_evidence import make_evidence, new_canary


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_the_command_refuses_connections_itself(isolated_profile: Path) -> None:
    """``heroes`` run as a program installs the guard before the command runs (here, around ``--version``)."""
    program = textwrap.dedent("""
        import json, socket, sys
        sys.argv = ["heroes", "--version"]
        from heroes_desktop.cli.main import main
        code = main()
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=2)
            outcome = "connected"
        except OSError as error:
            outcome = type(error).__name__
        print(json.dumps([code, outcome]))
        """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=cli_env(isolated_profile), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [0, "NetworkRefused"]


@pytest.mark.skipif(not _unshare_works(), reason="this machine allows no network namespace (unshare -rn)")
def test_an_ingest_passes_with_no_network_at_all(tmp_path: Path, isolated_profile: Path) -> None:
    canary = new_canary()
    evidence = make_evidence(tmp_path / "evidence", canary, rows=100)
    case = tmp_path / "offline.heroes"
    env = cli_env(isolated_profile, HEROES_EXAMINER="Ana Examiner")

    def heroes(*args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
        prefix = ["unshare", "-rn"] if offline else []
        return subprocess.run([*prefix, *HEROES_COMMAND, *args], capture_output=True, text=True, env=env, cwd=REPO,
                              timeout=300, stdin=subprocess.DEVNULL)

    assert heroes("case", "create", str(case), "--title", "Offline", "--number", "1").returncode == 0
    assert heroes("evidence", "add", str(case), str(evidence), "--label", "Offline").returncode == 0
    ingest = heroes("ingest", str(case), "--jobs", "1", "--stages", "filetype,hash,text,ocr", offline=True)
    assert ingest.returncode == 0, ingest.stderr
    assert "0 failed, 0 partial, 0 pending" in ingest.stdout, ingest.stdout
    assert "network access refused" not in ingest.stderr
    hits = heroes("search", str(case), canary.split()[-1], "--json", offline=True)
    assert {json.loads(line)["path"] for line in hits.stdout.splitlines()} >= {"/letter.txt", "/scan.png",
                                                                               "/chat.sqlite", "/minutes.pdf"}
