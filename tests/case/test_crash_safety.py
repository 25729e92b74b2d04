"""``kill -9`` of a writing process at random moments never damages the case or loses a committed event."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.engine import connect
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.conftest import PASSPHRASE, REPO

KILLS = 15


def _start_writer(path: Path, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.case.writer_process", str(path), str(count)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )


def _collect_committed(process: subprocess.Popen[str], committed: list[int]) -> None:
    for line in process.stdout:  # type: ignore[union-attr]
        if line.startswith("committed "):
            committed.append(int(line.split()[1]))


@pytest.mark.slow
def test_kill_9_while_writing_never_loses_committed_events(
    new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    new_case.close()
    rng = random.Random(20261121)
    last_committed = 0
    for round_number in range(KILLS):
        process = _start_writer(case_path, 100_000)
        committed: list[int] = []
        reader = threading.Thread(target=_collect_committed, args=(process, committed), daemon=True)
        reader.start()
        deadline = time.monotonic() + 30
        while not committed and time.monotonic() < deadline:  # let it get past start-up, then kill at random
            time.sleep(0.01)
        assert committed, "the writer never committed"
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        reader.join(timeout=10)
        assert committed[-1] > last_committed
        last_committed = committed[-1]

        raw = connect(case_path, PASSPHRASE, read_only=False)  # a fresh open recovers the WAL
        try:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA cipher_integrity_check").fetchall() == []
        finally:
            raw.close()
        with Case.open(case_path, PASSPHRASE) as case:
            report = case.verify()
            events = case.events()
        assert report.ok, (round_number, report.as_json())
        assert events[-1].seq >= last_committed, f"round {round_number}: committed event {last_committed} lost"
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.verify().ok
