"""The cluster commands: certificates with private keys kept private, TLS required, Dask loaded only when used, and
a scheduler and a worker started by `heroes cluster` (network guard on) that run a real `heroes ingest --cluster`."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.main import main
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from tests.conftest import HEROES_COMMAND, KEY_PASSPHRASE, PASSPHRASE, cli_env


def test_certs_command_writes_private_keys_0600(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["cluster", "certs", "--out", str(tmp_path / "tls"), "--workers", "2", "--json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert {"ca.pem", "scheduler.pem", "worker-1.pem", "worker-2.pem", "client.pem"} <= set(files)
    for name in files:
        mode = stat.S_IMODE((tmp_path / "tls" / name).stat().st_mode)
        assert mode == 0o600 if name.endswith(".key") else not mode & 0o022
    assert main(["cluster", "certs", "--out", str(tmp_path / "tls")]) == 2  # never a second CA over the first


def test_ingest_refuses_a_cluster_without_tls(new_case, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HEROES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", KEY_PASSPHRASE)
    path = str(new_case.path)
    new_case.close()
    code = main(["ingest", path, "--cluster", "tcp://127.0.0.1:8786", "--examiner", "Ana Examiner"])
    assert code == 2 and "TLS is required" in capsys.readouterr().err


def test_the_command_line_does_not_load_dask_until_asked() -> None:
    probe = ("import sys; from heroes_desktop.cli.main import build_parser; build_parser(); "
             "print(sorted(name for name in ('dask', 'distributed', 'cryptography.x509') if name in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(out.replace("'", '"')) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_scheduler_and_worker_commands_run_an_ingest(tmp_path: Path, isolated_profile: Path, examiner: Actor,
                                                     examiner_key: SigningKey) -> None:
    env = cli_env(isolated_profile, HEROES_EXAMINER="Ana Examiner")
    tls = tmp_path / "tls"
    run: dict = dict(env=env, capture_output=True, text=True, timeout=120)
    assert subprocess.run([*HEROES_COMMAND, "cluster", "certs", "--out", str(tls)], **run).returncode == 0
    port = _free_port()
    address = f"tls://127.0.0.1:{port}"
    logs = [open(tmp_path / "scheduler.log", "w"), open(tmp_path / "worker.log", "w")]  # noqa: SIM115
    # started as the program: the network guard is on in both, with only the cluster's narrow exception
    scheduler = subprocess.Popen([*HEROES_COMMAND, "cluster", "scheduler", "--tls-dir", str(tls), "--port",
                                  str(port)], env=env, stdout=logs[0], stderr=subprocess.STDOUT,
                                 start_new_session=True)
    worker = subprocess.Popen([*HEROES_COMMAND, "cluster", "worker", address, "--tls-dir", str(tls), "--nthreads",
                               "1", "--name", "node-a"], env=env, stdout=logs[1], stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        folder = tmp_path / "seized"
        folder.mkdir()
        for index in range(4):
            (folder / f"n{index}.txt").write_text(f"note {index}\n")
        case = str(tmp_path / "c.heroes")
        with Case.create(Path(case), PASSPHRASE, examiner, examiner_key) as created:
            add_evidence(created, folder)
        deadline = time.monotonic() + 60
        while "Registered to" not in (tmp_path / "worker.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        done = subprocess.run([*HEROES_COMMAND, "ingest", case, "--stages", "hash,filetype", "--cluster", address,
                               "--tls-dir", str(tls), "--json"], **run)
        assert done.returncode == 0, done.stderr + (tmp_path / "worker.log").read_text()[-3000:]
        summary = json.loads(done.stdout)
        assert summary["outcomes"]["ok"] == 4 and "network access refused" not in done.stderr
        with Case.open(Path(case), PASSPHRASE, mode=OpenMode.READ_ONLY) as opened:
            batches = [event for event in opened.events() if event.action == "cluster.batch"]
        assert batches and {event.details["name"] for event in batches} == {"node-a"}
    finally:
        for process in (worker, scheduler):  # each with its nanny's worker processes and their fork server
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        for handle in logs:
            handle.close()
    assert "network access refused" not in (tmp_path / "worker.log").read_text()
    assert "network access refused" not in (tmp_path / "scheduler.log").read_text()
