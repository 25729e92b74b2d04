"""The VICS export never overwrites a file (the rule of every export; issue 20) and writes atomically: the library
call, both commands that write VICS, and a link at the destination."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.exports.errors import ExportError
from heroes_desktop.hashsets.store import export_vics
from tests.cli.test_cli import heroes

NOTES = "the examiner's own notes, not an export\n"


def test_an_existing_file_is_refused_and_left_as_it_was(new_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "op.vics.json"
    out.write_text(NOTES)
    with pytest.raises(ExportError, match="already exists; an export is never overwritten"):
        export_vics(new_case, out)
    assert out.read_text() == NOTES
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_a_link_at_the_destination_is_not_followed(new_case: Case, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    (tmp_path / "out.json").symlink_to(target)
    with pytest.raises(ExportError, match="already exists"):
        export_vics(new_case, tmp_path / "out.json")
    assert not target.exists()


def test_a_new_file_is_written_whole_and_its_hash_recorded(new_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "op.vics.json"
    export_vics(new_case, out)
    assert json.loads(out.read_text())["value"][0]["Media"] == []
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no temporary left
    event = [event for event in new_case.events() if event.action == "hashset.exported"][-1]
    assert event.details["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_both_commands_refuse_an_existing_file(tmp_path: Path, isolated_profile: Path) -> None:
    env = {"HEROES_EXAMINER": "Ana Examiner"}
    case = str(tmp_path / "c.heroes")
    assert heroes(isolated_profile, "case", "create", case, **env).returncode == 0
    out = tmp_path / "op.vics.json"
    out.write_text(NOTES)
    for command in (("hashset", "export", case, "--format", "vics", "--out", str(out)),
                    ("export", case, "--format", "vics", "--out", str(out))):
        result = heroes(isolated_profile, *command, "--supervisor", "Sam Supervisor", **env)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "already exists; an export is never overwritten" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert out.read_text() == NOTES
