"""The passphrase policy at the command line: a weak case or key passphrase is one line and exit 2, before any
file or key is made; ``heroes case rekey`` takes HEROES_NEW_PASSPHRASE; ``case info --json`` says ``training``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heroes_desktop.cli import main as cli_main
from heroes_desktop.core.child_environment import SECRET_VARIABLES
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE

NEW = "plinth marzipan quokka ferrule"


@pytest.fixture
def env(isolated_profile: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HEROES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", KEY_PASSPHRASE)
    monkeypatch.setenv("HEROES_EXAMINER", "Ana Ruiz")
    return isolated_profile


def _run(capsys, *args) -> tuple[int, str, str]:
    code = cli_main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_weak_case_passphrase_is_refused_with_reason_and_exit_2(env, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HEROES_PASSPHRASE", "a")
    case = tmp_path / "weak.heroes"
    code, _, err = _run(capsys, "case", "create", case)
    assert code == 2 and err.count("\n") == 1 and "case passphrase refused as too weak" in err
    assert "Suggestion:" in err and "Traceback" not in err
    assert not case.exists() and not (env / "keys").exists()  # refused before the signing key is made


def test_the_case_title_and_number_do_not_count(env, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HEROES_PASSPHRASE", "Nightjar 2026-17")  # 10^13 guesses, unless the case is known
    code, _, err = _run(capsys, "case", "create", tmp_path / "c.heroes", "--title", "Nightjar", "--number", "2026-17")
    assert code == 2 and "too weak" in err


def test_a_weak_key_passphrase_is_refused(env, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", "k3y")
    code, out, _ = _run(capsys, "case", "create", tmp_path / "c.heroes", "--json")
    assert code == 2 and "signing-key passphrase for Ana Ruiz" in json.loads(out)["error"]
    assert json.loads(out)["exit_code"] == 2 and not (tmp_path / "c.heroes").exists()


def test_a_lab_policy_refuses_what_the_default_accepts(env, capsys, tmp_path) -> None:
    (env / "settings.toml").write_text("[passphrase-policy]\nmin_length = 40\n", encoding="utf-8")
    code, _, err = _run(capsys, "case", "create", tmp_path / "c.heroes")
    assert code == 2 and "at least 40" in err
    (env / "settings.toml").write_text("[passphrase-policy]\nmin_guesses = 1000\n", encoding="utf-8")
    code, _, err = _run(capsys, "case", "create", tmp_path / "c.heroes")
    assert code == 2 and "below the floor" in err


def test_create_info_and_rekey(env, capsys, monkeypatch, tmp_path) -> None:
    case = tmp_path / "op.heroes"
    code, _, err = _run(capsys, "case", "create", case, "--title", "Operation X")
    assert code == 0, err
    code, out, _ = _run(capsys, "case", "info", case, "--json")
    assert code == 0 and json.loads(out)["training"] is False
    assert "HEROES_NEW_PASSPHRASE" in SECRET_VARIABLES
    monkeypatch.setenv("HEROES_NEW_PASSPHRASE", "Operation X")
    code, _, err = _run(capsys, "case", "rekey", case)
    assert code == 2 and "new case passphrase refused" in err
    monkeypatch.setenv("HEROES_NEW_PASSPHRASE", NEW)
    code, out, err = _run(capsys, "case", "rekey", case, "--json")
    assert code == 0, err
    assert json.loads(out)["rekeyed"] is True
    code, _, _ = _run(capsys, "case", "info", case)
    assert code == 3
    monkeypatch.setenv("HEROES_PASSPHRASE", NEW)
    code, out, _ = _run(capsys, "custody", "log", case, "--json")
    assert code == 0 and "case.rekeyed" in out
    code, _, err = _run(capsys, "custody", "verify", case)
    assert code == 0, err
