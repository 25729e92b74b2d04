"""``heroes evidence add`` and ``heroes evidence unlock`` with encrypted volumes: the key comes from
``HEROES_VOLUME_PASSWORD`` or a prompt without echo, never from argv, and shows up in no output of any command."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import time
from pathlib import Path

import pytest

from heroes_desktop.case.failed_opens import side_file
from tests.cli.test_cli import heroes
from tests.conftest import HEROES_COMMAND, REPO, SHARED_TESTDATA, cli_env, sha256_file
from tests.evidence.luks_images import LUKS_PARTITION, LUKS_PASSWORD, PLANTED, make_luks_disk

EXAMINER = {"HEROES_EXAMINER": "Ana Examiner"}
WRONG = "definitely-not-the-key"


@pytest.fixture(scope="module")
def luks_disk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_luks_disk(tmp_path_factory.mktemp("cli-luks"))


@pytest.fixture
def case(tmp_path: Path, isolated_profile: Path) -> str:
    path = str(tmp_path / "c.heroes")
    assert heroes(isolated_profile, "case", "create", path, **EXAMINER).returncode == 0
    return path


def _everything_shown(home: Path, case: str) -> str:
    """The custody log, the file and evidence listings and the failed-opens notes, as text."""
    shown = [heroes(home, *command, case, "--json").stdout
             for command in (("custody", "log"), ("files",), ("evidence", "list"))]
    notes = side_file(Path(case))
    return "\n".join(shown) + (notes.read_text() if notes.exists() else "")


def test_evidence_add_unlocks_with_the_environment_password(luks_disk: Path, case: str,
                                                            isolated_profile: Path) -> None:
    before = sha256_file(luks_disk)
    added = heroes(isolated_profile, "evidence", "add", case, str(luks_disk), "--json",
                   HEROES_VOLUME_PASSWORD=LUKS_PASSWORD, **EXAMINER)
    assert added.returncode == 0, added.stderr
    [unlock] = json.loads(added.stdout)["volume_unlocks"]
    assert (unlock["outcome"], unlock["encryption"], unlock["fs_type"]) == ("unlocked", "LUKS", "ext4")
    run = heroes(isolated_profile, "ingest", case, "--stages", "hash", "--json", **EXAMINER)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in heroes(isolated_profile, "files", case, "--json").stdout.splitlines()]
    md5 = {row["path"]: row["md5"] for row in rows if row["partition"] == LUKS_PARTITION}
    assert {path: md5.get(path) for path in PLANTED} == {
        path: hashlib.md5(data).hexdigest() for path, data in PLANTED.items()}
    wrong_case_passphrase = heroes(isolated_profile, "case", "info", case, HEROES_PASSPHRASE="nope")
    assert wrong_case_passphrase.returncode == 3 and side_file(Path(case)).exists()  # a failed-opens note exists
    shown = _everything_shown(isolated_profile, case)
    assert '"volume.unlocked"' in shown
    assert LUKS_PASSWORD not in shown + added.stdout + added.stderr + run.stdout + run.stderr
    assert sha256_file(luks_disk) == before


def test_truncated_bitlocker_to_go_exits_5_on_one_line(case: str, isolated_profile: Path) -> None:
    bdetogo = SHARED_TESTDATA / "dfvfs" / "bdetogo.raw"
    heroes(isolated_profile, "evidence", "add", case, str(bdetogo), **EXAMINER)
    result = heroes(isolated_profile, "evidence", "unlock", case, "1", HEROES_VOLUME_PASSWORD="bde-TEST",
                    **EXAMINER)
    assert result.returncode == 5 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "BitLocker To Go" in result.stderr and "metadata cannot be read" in result.stderr
    assert "bde-TEST" not in result.stderr
    malformed = heroes(isolated_profile, "evidence", "unlock", case, "1", "--recovery-key",
                       HEROES_VOLUME_PASSWORD="123456-654321", **EXAMINER)
    assert malformed.returncode == 1 and "recovery password" in malformed.stderr
    assert "123456" not in malformed.stderr


def _run_on_a_terminal(argv: list[str], env: dict[str, str], answer: str, timeout: float = 120) -> tuple[int, str]:
    """Run ``argv`` with a pseudo-terminal as its controlling terminal; type ``answer`` at its prompt."""
    pid, master = pty.fork()
    if pid == 0:  # the child: nothing but exec
        os.chdir(REPO)
        os.execve(argv[0], argv, env)
    output, answered, deadline = b"", False, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if not answered and b"Password for" in output:
            os.write(master, answer.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(master)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_unlock_later_wrong_key_then_the_right_one_at_a_prompt(luks_disk: Path, case: str,
                                                               isolated_profile: Path) -> None:
    added = heroes(isolated_profile, "evidence", "add", case, str(luks_disk), **EXAMINER)  # no key, no terminal
    assert added.returncode == 0 and "heroes evidence unlock" in added.stderr
    no_key = heroes(isolated_profile, "evidence", "unlock", case, "1", **EXAMINER)
    assert no_key.returncode == 2 and "HEROES_VOLUME_PASSWORD" in no_key.stderr
    wrong = heroes(isolated_profile, "evidence", "unlock", case, "1", HEROES_VOLUME_PASSWORD=WRONG, **EXAMINER)
    assert wrong.returncode == 1 and len(wrong.stderr.splitlines()) == 1, wrong.stderr
    assert "does not unlock" in wrong.stderr and WRONG not in wrong.stderr + wrong.stdout

    env = cli_env(isolated_profile, **EXAMINER)
    code, terminal = _run_on_a_terminal([*HEROES_COMMAND, "evidence", "unlock", case, "1"], env, LUKS_PASSWORD)
    assert code == 0, terminal
    assert f"Password for evidence 1: partition {LUKS_PARTITION} (LUKS" in terminal and "unlocked (ext4)" in terminal
    assert LUKS_PASSWORD not in terminal  # typed without echo

    again = heroes(isolated_profile, "evidence", "unlock", case, "1", HEROES_VOLUME_PASSWORD=LUKS_PASSWORD,
                   **EXAMINER)
    assert again.returncode == 1 and "no locked" in again.stderr
    unknown = heroes(isolated_profile, "evidence", "unlock", case, "7", HEROES_VOLUME_PASSWORD=WRONG, **EXAMINER)
    assert unknown.returncode == 2 and "evidence 7" in unknown.stderr
    shown = _everything_shown(isolated_profile, case)
    events = [json.loads(line) for line in shown.splitlines() if '"action"' in line]
    actions = [event["action"] for event in events]
    assert "volumes.scanned" in actions  # at evidence add, to know that there is a locked volume
    assert [action for action in actions if action.startswith("volume.")] == ["volume.unlock-failed",
                                                                             "volume.unlocked"]
    assert WRONG not in shown and LUKS_PASSWORD not in shown
