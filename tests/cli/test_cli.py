"""The real ``heroes`` command, run as a subprocess, against the contract in ``shared/docs/CLI.md``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case import migrations

from tests.case.tamper import Tamperer
from tests.conftest import HEROES_COMMAND, REPO, cli_env, sha256_file


def heroes(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEROES_COMMAND, *args], capture_output=True, text=True, env=cli_env(home, **env), cwd=REPO, timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def made_case(tmp_path: Path, isolated_profile: Path) -> Path:
    path = tmp_path / "cli.heroes"
    result = heroes(isolated_profile, "case", "create", str(path), "--examiner", "Ana Examiner", "--title",
                    "Operation CLI", "--number", "77", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Operation CLI"
    return path


def test_version_names_every_component() -> None:
    result = subprocess.run([*HEROES_COMMAND, "--version"], capture_output=True, text=True, cwd=REPO, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("heroes-desktop ")
    for component in ("SQLCipher 4.", "The Sleuth Kit 4.", "libewf 20", "Tesseract "):
        assert any(line.startswith(component) for line in lines), (component, lines)


def test_create_info_log_verify(made_case: Path, isolated_profile: Path) -> None:
    info = heroes(isolated_profile, "case", "info", str(made_case), "--json")
    assert info.returncode == 0, info.stderr
    document = json.loads(info.stdout)
    assert (document["title"], document["number"]) == ("Operation CLI", "77")
    assert document["format_version"] == migrations.latest_version() == 13
    assert document["people"] == [{"name": "Ana Examiner", "role": "examiner"}]
    assert document["cipher"]["kdf_iter"] >= 256_000

    log = heroes(isolated_profile, "custody", "log", str(made_case), "--json")
    events = [json.loads(line) for line in log.stdout.splitlines()]
    assert [event["action"] for event in events] == ["signer.registered", "case.created"]
    for event in events:
        assert set(event) >= {"seq", "time", "actor", "role", "action", "details", "prev_hash", "hash", "signature"}
        assert event["time"].endswith("Z") and event["versions"]["sqlcipher"].startswith("4.")

    verify = heroes(isolated_profile, "custody", "verify", str(made_case))
    assert verify.returncode == 0 and "verified" in verify.stdout  # a result: stdout (issue 13)


def test_human_results_go_to_stdout_and_stderr_stays_clean(made_case: Path, isolated_profile: Path) -> None:
    result = heroes(isolated_profile, "case", "info", str(made_case))
    assert result.returncode == 0 and result.stderr == "" and "Operation CLI" in result.stdout


def test_wrong_passphrase_exits_3_with_one_line(made_case: Path, isolated_profile: Path) -> None:
    before = sha256_file(made_case)
    for command in (["case", "info"], ["custody", "log"], ["custody", "verify"]):
        result = heroes(isolated_profile, *command, str(made_case), HEROES_PASSPHRASE="not the passphrase")
        assert result.returncode == 3
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sha256_file(made_case) == before
    not_a_case = made_case.parent / "notes.txt"
    not_a_case.write_text("hello " * 2000)
    assert heroes(isolated_profile, "case", "info", str(not_a_case)).returncode == 3


def test_tampered_chain_exits_4_naming_the_event(made_case: Path, isolated_profile: Path) -> None:
    case_id = json.loads(heroes(isolated_profile, "case", "info", str(made_case), "--json").stdout)["case_id"]
    with Tamperer(made_case, case_id) as attacker:
        attacker.sql("UPDATE custody_events SET actor = 'Someone Else' WHERE seq = 2")
    result = heroes(isolated_profile, "custody", "verify", str(made_case))
    assert result.returncode == 4
    assert "event 2" in result.stderr and "Traceback" not in result.stderr


def test_checkpoint_review_and_rollback(made_case: Path, isolated_profile: Path, tmp_path: Path) -> None:
    old_copy = tmp_path / "old.heroes"
    old_copy.write_bytes(made_case.read_bytes())
    checkpoint = tmp_path / "kept-outside" / "checkpoint.json"
    result = heroes(isolated_profile, "custody", "checkpoint", str(made_case), "--supervisor", "Sam Supervisor",
                    "--out", str(checkpoint))
    assert result.returncode == 0, result.stderr
    signed = heroes(isolated_profile, "review", "sign", str(made_case), "--supervisor", "Sam Supervisor", "--note",
                    "all good", "--json")
    assert signed.returncode == 0, signed.stderr
    event = json.loads(signed.stdout)
    assert (event["action"], event["role"], event["details"]["note"]) == ("review.signed", "supervisor", "all good")
    assert heroes(isolated_profile, "custody", "verify", str(made_case), "--checkpoint", str(checkpoint)).returncode == 0

    made_case.write_bytes(old_copy.read_bytes())  # roll the case back to before the checkpoint
    rolled = heroes(isolated_profile, "custody", "verify", str(made_case), "--checkpoint", str(checkpoint))
    assert rolled.returncode == 4 and "rolled back" in rolled.stderr


def test_supervisor_cannot_change_the_case_from_the_command_line(made_case: Path, isolated_profile: Path) -> None:
    assert heroes(isolated_profile, "case", "create", str(made_case.parent / "x.heroes"), "--supervisor",
                  "Sam").returncode == 2
    assert not (made_case.parent / "x.heroes").exists()


def test_usage_errors_exit_2(made_case: Path, isolated_profile: Path, tmp_path: Path) -> None:
    assert heroes(isolated_profile, "case").returncode == 2
    assert heroes(isolated_profile, "case", "create", str(tmp_path / "n.heroes")).returncode == 2  # who acts?
    missing_passphrase = subprocess.run(
        [*HEROES_COMMAND, "case", "info", str(made_case)], capture_output=True, text=True, cwd=REPO,
        env={k: v for k, v in cli_env(isolated_profile).items() if k != "HEROES_PASSPHRASE"},
        stdin=subprocess.DEVNULL,
    )
    assert missing_passphrase.returncode == 2 and "HEROES_PASSPHRASE" in missing_passphrase.stderr


def test_wrong_key_passphrase_exits_3(made_case: Path, isolated_profile: Path, tmp_path: Path) -> None:
    result = heroes(isolated_profile, "custody", "checkpoint", str(made_case), "--examiner", "Ana Examiner", "--out",
                    str(tmp_path / "c.json"), HEROES_KEY_PASSPHRASE="wrong")
    assert result.returncode == 3 and "key passphrase" in result.stderr


def test_existing_file_is_never_overwritten(made_case: Path, isolated_profile: Path) -> None:
    before = sha256_file(made_case)
    result = heroes(isolated_profile, "case", "create", str(made_case), "--examiner", "Ana Examiner")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert sha256_file(made_case) == before
