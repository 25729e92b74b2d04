"""CSV of every listing an examiner takes to a spreadsheet (``heroes files|matches|entities|media ... --csv``), on
the demo case: a header line, then one row per record the JSON listing gives, with exact values (hashes, bytes,
ISO 8601 UTC times) that Python's csv module reads back."""

from __future__ import annotations

import csv
import io
import json

import pytest

from heroes_desktop.cli import main as cli_main
from heroes_desktop.training.demo import DEMO_CASE_PASSPHRASE, DEMO_EXAMINER, DEMO_KEY_PASSPHRASE


@pytest.fixture
def demo_env(demo_build, monkeypatch):
    monkeypatch.setenv("HEROES_HOME", str(demo_build.case_path.parent / "profile"))
    monkeypatch.setenv("HEROES_PASSPHRASE", DEMO_CASE_PASSPHRASE)
    monkeypatch.setenv("HEROES_KEY_PASSPHRASE", DEMO_KEY_PASSPHRASE)
    monkeypatch.setenv("HEROES_EXAMINER", DEMO_EXAMINER)
    return demo_build.case_path


def _run(capsys, *args) -> str:
    assert cli_main.main([str(arg) for arg in args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command, key", [("files", "sha256"), ("matches", "file_id"), ("entities", "normalized"),
                                          ("media", "triage_score")])
def test_a_listing_as_csv_has_the_rows_of_its_json(demo_env, capsys, command, key):
    as_json = [json.loads(line) for line in _run(capsys, command, demo_env, "--json").splitlines()]
    rows = list(csv.DictReader(io.StringIO(_run(capsys, command, demo_env, "--csv"))))
    assert rows and len(rows) == len(as_json)
    assert key in rows[0]
    if command == "files":
        by_id = {str(record["id"]): record for record in as_json}
        for row in rows:
            record = by_id[row["id"]]
            assert row["sha256"] == (record["sha256"] or "")
            assert row["size"] == str(record["size"])
