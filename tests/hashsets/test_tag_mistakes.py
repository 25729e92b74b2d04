"""Tags a newcomer gets wrong (issue 13): an empty or odd category, unknown file ids, several files at once,
re-tags (which one is current) and withdrawals (a custody event; the tag row stays)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import tags
from heroes_desktop.core.errors import ExitCode, UsageError
from heroes_desktop.hashsets.store import categorised_files
from heroes_desktop.hashsets.tagging import list_tags, parse_label, tag_file, tag_files, withdraw_tags
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import HEROES_COMMAND, REPO, cli_env


@pytest.fixture
def seized(new_case: Case, tmp_path: Path) -> tuple[Case, dict[str, int]]:
    folder = tmp_path / "seized"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(name)
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
    return new_case, {row["name"]: row["id"] for row in iter_files(new_case) if row["kind"] != "dir"}


@pytest.mark.parametrize("label", ["", "   ", "bad\x07name", "tab\there", "line\nbreak", "CAT-9", "cat 7",
                                   "known-good", "x" * 201])
def test_a_category_must_be_a_category_or_a_plain_bookmark_name(label: str) -> None:
    with pytest.raises(UsageError):
        parse_label(label)


@pytest.mark.parametrize(("label", "parsed"), [("CAT-2", ("CAT-2", None)), ("3", ("CAT-3", None)),
                                               ("cat1", ("CAT-1", None)), (" job-offers ", (None, "job-offers")),
                                               ("cathedral photos", (None, "cathedral photos")),
                                               ("pruebas año 2024", (None, "pruebas año 2024"))])
def test_good_labels(label: str, parsed: tuple[str | None, str | None]) -> None:
    assert parse_label(label) == parsed


def test_an_empty_category_tags_nothing(seized: tuple[Case, dict[str, int]]) -> None:
    case, ids = seized
    with pytest.raises(UsageError):
        tag_file(case, ids["a.txt"], "")
    assert list_tags(case) == []
    assert not [e for e in case.events() if e.action == "file.tagged"]


def test_several_files_at_once_and_unknown_ids_named(seized: tuple[Case, dict[str, int]]) -> None:
    case, ids = seized
    with pytest.raises(UsageError, match="no file with id 9998, 9999 in this case; nothing tagged") as raised:
        tag_files(case, [ids["a.txt"], 9998, 9999], "CAT-1")
    assert raised.value.exit_code == ExitCode.USAGE and list_tags(case) == []
    done = tag_files(case, [ids["a.txt"], ids["b.txt"]], "CAT-1", "seen")
    assert [d["file_id"] for d in done] == [ids["a.txt"], ids["b.txt"]]
    assert [e.details["file_id"] for e in case.events() if e.action == "file.tagged"] == [ids["a.txt"], ids["b.txt"]]


def test_a_re_tag_supersedes_and_the_listing_says_which_is_current(seized: tuple[Case, dict[str, int]]) -> None:
    case, ids = seized
    tag_file(case, ids["a.txt"], "CAT-3")
    tag_file(case, ids["a.txt"], "job-offers")  # a bookmark is a slot of its own
    tag_file(case, ids["a.txt"], "CAT-1")
    rows = list_tags(case)
    assert [(row["category"] or row["bookmark"], row["status"]) for row in rows] == [
        ("CAT-3", "superseded"), ("job-offers", "current"), ("CAT-1", "current")]
    assert [row["category"] for row in categorised_files(case)] == ["CAT-1"]


def test_a_withdrawal_is_a_custody_event_and_the_tag_stays(seized: tuple[Case, dict[str, int]]) -> None:
    case, ids = seized
    tag_file(case, ids["a.txt"], "CAT-3")
    tag_file(case, ids["a.txt"], "CAT-1")
    tag_file(case, ids["b.txt"], "money-transfers")
    with pytest.raises(UsageError, match="has no a current tag 'CAT-2'|has no"):
        withdraw_tags(case, [ids["a.txt"]], "CAT-2")
    withdrawn = withdraw_tags(case, [ids["a.txt"], ids["b.txt"]], reason="mistaken")
    assert [(w["file_id"], w["category"] or w["bookmark"]) for w in withdrawn] == [
        (ids["a.txt"], "CAT-1"), (ids["b.txt"], "money-transfers")]
    rows = list_tags(case)
    assert [row["status"] for row in rows] == ["superseded", "withdrawn", "withdrawn"]  # every row kept
    assert rows[1]["withdrawn_by"] == "Ana Examiner"
    assert list_tags(case, current_only=True) == [] and categorised_files(case) == []
    events = [e for e in case.events() if e.action == "tag.withdrawn"]
    assert [e.details["tag_id"] for e in events] == [rows[1]["id"], rows[2]["id"]]
    assert events[0].details["reason"] == "mistaken"
    with pytest.raises(UsageError):  # nothing current left to withdraw
        withdraw_tags(case, [ids["a.txt"]])
    tag_file(case, ids["a.txt"], "CAT-2")  # a new tag after a withdrawal is current again
    assert [row["category"] for row in list_tags(case, current_only=True)] == ["CAT-2"]
    assert case.verify().ok


def _heroes(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, cwd=REPO, check=False,
                          env=cli_env(home, HEROES_EXAMINER="Ana Examiner"), timeout=300)


def test_cli_tags_several_files_lists_status_and_withdraws(seized: tuple[Case, dict[str, int]],
                                                           isolated_profile: Path) -> None:
    case, ids = seized
    with case.bulk() as connection:  # a label-less tag row, as `--category ''` used to leave behind
        connection.execute(tags.insert().values(file_id=ids["c.txt"], category=None, bookmark=None, note="",
                                                actor="Ana Examiner", time="2026-01-01T00:00:00+00:00"))
    path = str(case.path)
    case.close()
    empty = _heroes(isolated_profile, "tag", path, str(ids["a.txt"]), "--category", "")
    assert empty.returncode == 2 and len(empty.stderr.strip().splitlines()) == 1, empty.stderr
    unknown = _heroes(isolated_profile, "tag", path, str(ids["a.txt"]), "424242", "--category", "CAT-1")
    assert unknown.returncode == 2 and "424242" in unknown.stderr and "Traceback" not in unknown.stderr
    tagged = _heroes(isolated_profile, "tag", path, str(ids["a.txt"]), str(ids["b.txt"]), "--category", "CAT-1")
    assert tagged.returncode == 0, tagged.stderr
    retag = _heroes(isolated_profile, "tag", path, str(ids["a.txt"]), "--category", "CAT-2")
    assert retag.returncode == 0, retag.stderr
    withdraw = _heroes(isolated_profile, "untag", path, str(ids["b.txt"]), "--note", "wrong file")
    assert withdraw.returncode == 0, withdraw.stderr
    listed = _heroes(isolated_profile, "tags", path, "--json")
    assert listed.returncode == 0, listed.stderr  # the label-less row no longer breaks the listing
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(row["file_id"], row["category"], row["status"]) for row in rows] == [
        (ids["c.txt"], None, "empty"), (ids["a.txt"], "CAT-1", "superseded"),
        (ids["b.txt"], "CAT-1", "withdrawn"), (ids["a.txt"], "CAT-2", "current")]
    human = _heroes(isolated_profile, "tags", path)
    assert human.returncode == 0 and "STATUS" in human.stdout + human.stderr
    table = _heroes(isolated_profile, "tags", path, "--csv", "--current")
    assert table.returncode == 0 and len(table.stdout.splitlines()) == 2 and "CAT-2" in table.stdout
    also = _heroes(isolated_profile, "tag", path, str(ids["a.txt"]), "--withdraw", "--category", "CAT-2")
    assert also.returncode == 0, also.stderr
