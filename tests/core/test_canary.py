"""Nothing derived from evidence outside the case: a full ingest of evidence carrying a canary string (a text file,
a picture of it for OCR, a WAL-mode SQLite database with it only in the -wal, a PDF, a video) is killed with
``kill -9`` of every process while a stage holds a transient copy; then the canary is on no disk outside the evidence
(the temporary folders, the case's folder with its -wal and -shm, the profile, the home folder), what is left of the
copies is only in the private memory-backed folder, the processes' environments never held the passphrases, and the
resume removes the leftovers, finishes the job without any network attempt, and finds the canary in the case."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from heroes_desktop.core import transient
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, REPO, cli_env
from tests.core.canary_evidence import files_holding, make_evidence, new_canary

EXAMINER = "Ana Examiner"
REFUSED = "network access refused"
NOT_FROM_EVIDENCE = {".ses"}  # onnxruntime's telemetry session id (a time and a UUID), written into its TMPDIR


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _folders_of(pids: set[int]) -> list[Path]:
    """The transient process folders of these processes, in every root."""
    return [folder for root in transient.roots() if root.is_dir() for folder in root.iterdir()
            if folder.name.partition("-")[0] in {str(pid) for pid in pids}]


def _copy_in_flight(pids: set[int], system_temp: Path) -> list[Path]:
    """Files a stage made for a native tool: in the run's transient folders, or in its temporary folder."""
    found = [path for folder in [*_folders_of(pids), system_temp] for path in folder.rglob("*")
             if path.is_file() and path.name not in NOT_FROM_EVIDENCE]
    time.sleep(0.01)
    return [path for path in found if path.exists()]  # not Python's probe of the folder, made and removed at once


def _kill_everything(pid: int) -> set[int]:
    """``kill -9`` of the command and every process under it, each process group whole; returns their pids."""
    processes = _tree(pid)
    groups = set()
    for process in processes:
        try:
            groups.add(os.getpgid(process.pid))
        except ProcessLookupError:
            pass
    for group in groups:
        if group != os.getpgid(0):
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes, timeout=10)
    return {process.pid for process in processes}


def _run(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(not transient.MEMORY_BACKED.is_dir(), reason="no memory-backed storage (/dev/shm) here")
def test_the_canary_stays_in_the_evidence_and_the_case_through_a_kill_and_a_resume(tmp_path: Path) -> None:
    canary = new_canary()
    evidence = make_evidence(tmp_path / "evidence", canary, rows=20_000, frames=600)
    home, user_home, system_temp = tmp_path / "profile", tmp_path / "home", tmp_path / "tmp"
    user_home.mkdir()
    system_temp.mkdir()
    case_dir = tmp_path / "case"
    case = case_dir / "canary.heroes"
    env = cli_env(home, HEROES_EXAMINER=EXAMINER, HOME=str(user_home), TMPDIR=str(system_temp))
    assert _run(env, "case", "create", str(case), "--title", "Canary", "--number", "20").returncode == 0
    assert _run(env, "evidence", "add", str(case), str(evidence), "--label", "Canary").returncode == 0
    started = time.time()

    with (tmp_path / "killed.err").open("w+") as killed_err:
        ingest = subprocess.Popen([*HEROES_COMMAND, "ingest", str(case), "--jobs", "1"], env=env, cwd=REPO,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=killed_err,
                                  start_new_session=True)
        caught: list[Path] = []
        environments: dict[int, dict[str, str]] = {}
        names: dict[int, list[str]] = {}
        deadline = time.monotonic() + 180
        while not caught and ingest.poll() is None and time.monotonic() < deadline:
            processes = _tree(ingest.pid)
            for process in processes if len(processes) > 1 else []:  # the command too, once it has children
                try:
                    environments[process.pid] = process.environ()
                    names[process.pid] = process.cmdline()
                except psutil.Error:
                    pass
            caught = _copy_in_flight({process.pid for process in processes}, system_temp)
        killed = _kill_everything(ingest.pid)
        ingest.wait(timeout=30)
        killed_err.seek(0)
        killed_stderr = killed_err.read()
    assert caught, "the ingest ended before a stage made a transient copy: nothing was killed mid-way"

    # the passphrases were never in the environment of a process of the run once it had children (the command's
    # own block wiped; the fork server, resource tracker, workers, Tesseract, FFmpeg never given them)
    assert len(environments) >= 4, names
    for pid, environment in environments.items():
        assert PASSPHRASE not in environment.values() and KEY_PASSPHRASE not in environment.values(), names.get(pid)

    # on no disk outside the evidence; the case's -wal and -shm are searched with the case folder
    disks = [system_temp, home, user_home, case_dir, Path("/var/tmp")]
    assert files_holding(disks, canary) == []
    assert files_holding([Path(tempfile.gettempdir())], canary, skip=(tmp_path / "evidence",), since=started) == []
    # what the kill left is only in the run's private folders in memory, none of them readable by others
    left = files_holding([transient.MEMORY_BACKED], canary)
    leftovers = _folders_of(killed)
    assert all(any(Path(path).is_relative_to(folder) for folder in leftovers) for path in left), left
    assert all(os.stat(folder).st_mode & 0o077 == 0 for folder in leftovers)

    resumed = _run(env, "ingest", str(case), "--jobs", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert "0 failed, 0 partial, 0 pending" in resumed.stdout, resumed.stdout + resumed.stderr
    assert _folders_of(killed) == []  # the resume swept the killed run's leftovers
    assert files_holding([*disks, transient.MEMORY_BACKED], canary) == []
    assert files_holding([Path(tempfile.gettempdir())], canary, skip=(tmp_path / "evidence",), since=started) == []

    # no stage tried to reach the network, in either run
    assert REFUSED not in killed_stderr and REFUSED not in resumed.stderr
    files = [json.loads(line) for line in _run(env, "files", str(case), "--json").stdout.splitlines()]
    assert files and not [item for item in files if REFUSED in json.dumps(item)]

    # and the canary reached the case, from each form
    hits = _run(env, "search", str(case), canary.split()[-1], "--json")
    assert hits.returncode == 0, hits.stderr
    paths = {json.loads(line)["path"] for line in hits.stdout.splitlines()}
    assert {"/letter.txt", "/scan.png", "/chat.sqlite", "/minutes.pdf"} <= paths, paths
