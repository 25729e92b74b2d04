"""``heroes export`` on the demo case: a portable case with its passphrase from HEROES_EXPORT_PASSPHRASE (never the
command line), refused without one; VICS 2.0; an existing path never overwritten; every export in custody."""

from __future__ import annotations

import json

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.cli import main as cli_main
from heroes_desktop.hashsets.tagging import tag_file
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE
from tests.conftest import open_demo_case

EXPORT_PASSPHRASE = "passphrase for the prosecutor's copy"


@pytest.fixture
def demo_env(demo_case, monkeypatch):
    monkeypatch.setenv("HEROES_HOME", str(demo_case.case_path.parent / "profile"))
    monkeypatch.setenv("HEROES_PASSPHRASE", DEMO_CASE_PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", DEMO_KEY_PASSPHRASE)
    monkeypatch.setenv("HEROES_EXAMINER", DEMO_EXAMINER)
    return demo_case


def _run(capsys, *args) -> tuple[int, str, str]:
    code = cli_main.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_portable_export_takes_its_passphrase_from_the_environment_only(demo_env, capsys, monkeypatch, tmp_path):
    case, _, _ = open_demo_case(demo_env)
    with case:
        with case.reading() as connection:
            ids = [row[0] for row in connection.exec_driver_sql(
                "SELECT id FROM files WHERE kind != 'dir' AND sha256 IS NOT NULL ORDER BY id LIMIT 2")]
        for file_id in ids:
            tag_file(case, file_id, "Prosecutor", note=f"exhibit {file_id}")
    out = tmp_path / "portable.heroes"
    monkeypatch.delenv("HEROES_EXPORT_PASSPHRASE", raising=False)
    code, _, err = _run(capsys, "export", demo_env.case_path, "--format", "portable", "--out", out)
    assert code == 2 and "HEROES_EXPORT_PASSPHRASE" in err and not out.exists()
    monkeypatch.setenv("HEROES_EXPORT_PASSPHRASE", EXPORT_PASSPHRASE)
    code, stdout, err = _run(capsys, "export", demo_env.case_path, "--format", "portable", "--out", out, "--json")
    assert code == 0, err
    assert json.loads(stdout)["files"] == 2
    with Case.open(out, EXPORT_PASSPHRASE, mode=OpenMode.READ_ONLY) as portable:
        assert portable.verify().ok
        created = next(event for event in portable.events() if event.action == "portable.created")
    with Case.open(demo_env.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_ONLY) as source:
        assert created.details["source_case_id"] == source.case_id
        recorded = [event for event in source.events() if event.action == "export.written"]
        assert recorded and recorded[-1].details["format"] == "portable"
    code, _, err = _run(capsys, "export", demo_env.case_path, "--format", "portable", "--out", out)
    assert code == 1 and "never overwritten" in err


def test_vics_export_from_the_export_command(demo_env, capsys, tmp_path):
    out = tmp_path / "case.vics.json"
    code, stdout, err = _run(capsys, "export", demo_env.case_path, "--format", "vics", "--out", out)
    assert code == 0, err
    document = json.loads(out.read_text())
    assert document["value"][0]["Media"] and "VICS" in stdout


def test_case_uco_export_from_the_command_line_is_recorded(demo_env, capsys, tmp_path):
    out = tmp_path / "case.jsonld"
    code, stdout, err = _run(capsys, "export", demo_env.case_path, "--format", "case-uco", "--out", out, "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    graph = json.loads(out.read_text())
    assert summary["files"] > 100 and "@context" in graph
    with Case.open(demo_env.case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_ONLY) as source:
        recorded = [event for event in source.events() if event.action == "export.written"]
    assert recorded[-1].details["format"] == "case-uco" and recorded[-1].details["sha256"] == summary["sha256"]


def test_a_weak_portable_passphrase_is_refused_and_the_demo_case_is_a_training_case(demo_env, capsys, monkeypatch,
                                                                                    tmp_path):
    out = tmp_path / "weak.heroes"
    monkeypatch.setenv("HEROES_EXPORT_PASSPHRASE", "e")
    code, _, err = _run(capsys, "export", demo_env.case_path, "--format", "portable", "--items", "all", "--out", out)
    assert code == 2 and "portable case passphrase refused as too weak" in err and not out.exists()
    code, stdout, _ = _run(capsys, "case", "info", demo_env.case_path, "--json")
    assert code == 0 and json.loads(stdout)["training"] is True  # the demo keeps its printed passphrase
