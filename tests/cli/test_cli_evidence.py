"""``heroes evidence add|list``, ``ingest`` and ``files`` as the CLI contract states them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import heroes
from tests.conftest import SHARED_TESTDATA

FILE_FIELDS = {"id", "evidence_id", "partition", "fs_type", "path", "name", "size", "deleted", "inode", "mtime",
               "atime", "ctime", "crtime", "md5", "sha1", "sha256", "ed2k", "mime", "extension_mismatch", "status",
               "error"}
EVIDENCE_FIELDS = {"id", "label", "paths", "format", "size", "md5", "sha1", "sha256", "stored_md5", "verified"}


def test_add_ingest_and_list(tmp_path: Path, isolated_profile: Path) -> None:
    case = str(tmp_path / "c.heroes")
    env = {"HEROES_EXAMINER": "Ana Examiner"}
    assert heroes(isolated_profile, "case", "create", case, **env).returncode == 0
    added = heroes(isolated_profile, "evidence", "add", case, str(SHARED_TESTDATA / "dfvfs" / "ext2.split.E01"),
                   "--label", "USB stick", "--json", **env)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["verified"] is True
    heroes(isolated_profile, "evidence", "add", case, str(SHARED_TESTDATA / "pytsk" / "image.raw"), **env)

    listed = [json.loads(line) for line in heroes(isolated_profile, "evidence", "list", case, "--json").stdout
              .splitlines()]
    assert EVIDENCE_FIELDS <= set(listed[0]) and listed[0]["label"] == "USB stick"
    assert listed[0]["format"] == "ewf" and len(listed[0]["paths"]) == 2
    assert listed[1]["format"] == "raw" and listed[1]["stored_md5"] is None and listed[1]["verified"] is None

    run = heroes(isolated_profile, "ingest", case, "--jobs", "2", "--stages", "hash,filetype", "--json", **env)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "finished"

    rows = [json.loads(line) for line in heroes(isolated_profile, "files", case, "--json").stdout.splitlines()]
    assert rows and all(FILE_FIELDS <= set(row) for row in rows)
    passwords = [row for row in rows if row["path"] == "/passwords.txt"]
    assert {row["md5"] for row in passwords} == {"39cb097008d17660abd0539891a672af"}
    deleted = [json.loads(line) for line in heroes(isolated_profile, "files", case, "--deleted", "--json").stdout
               .splitlines()]
    assert deleted and all(row["deleted"] for row in deleted)
    texts = [json.loads(line) for line in heroes(isolated_profile, "files", case, "--mime", "text/", "--json").stdout
             .splitlines()]
    assert texts and all(row["mime"].startswith("text/") for row in texts)

    again = heroes(isolated_profile, "ingest", case, "--stages", "filetype,hash", "--json", **env)
    assert again.returncode == 0 and json.loads(again.stdout)["items"] == 0  # nothing left to do
    more = heroes(isolated_profile, "ingest", case, "--json", **env)  # every stage: phash is new to these items
    assert more.returncode == 0 and 0 < json.loads(more.stdout)["items"] <= len(rows)
    after = [json.loads(line) for line in heroes(isolated_profile, "files", case, "--json").stdout.splitlines()]
    assert [(r["path"], r["md5"]) for r in after] == [(r["path"], r["md5"]) for r in rows]  # nothing duplicated


def test_unreadable_evidence_exits_5_and_unknown_stage_exits_2(tmp_path: Path, isolated_profile: Path) -> None:
    case = str(tmp_path / "c.heroes")
    env = {"HEROES_EXAMINER": "Ana Examiner"}
    heroes(isolated_profile, "case", "create", case, **env)
    missing = heroes(isolated_profile, "evidence", "add", case, str(tmp_path / "nowhere.dd"), **env)
    assert missing.returncode == 5 and "Traceback" not in missing.stderr
    unknown = heroes(isolated_profile, "ingest", case, "--stages", "hash,telepathy", **env)
    assert unknown.returncode == 2 and "telepathy" in unknown.stderr


def test_supervisor_cannot_add_evidence(tmp_path: Path, isolated_profile: Path) -> None:
    case = str(tmp_path / "c.heroes")
    heroes(isolated_profile, "case", "create", case, "--examiner", "Ana Examiner")
    refused = heroes(isolated_profile, "evidence", "add", case, str(SHARED_TESTDATA / "pytsk" / "image.raw"),
                     "--supervisor", "Sam")
    assert refused.returncode == 2  # evidence add has no --supervisor: supervisors only review
