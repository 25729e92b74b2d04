"""``heroes hashset import|export``, ``heroes matches --json`` and ``heroes tag`` through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import heroes
from tests.conftest import SHARED_TESTDATA

MATCH_FIELDS = {"file_id", "path", "hashset", "kind", "distance", "category"}


def test_import_match_tag_export(tmp_path: Path, isolated_profile: Path) -> None:
    env = {"HEROES_EXAMINER": "Ana Examiner"}
    case = str(tmp_path / "c.heroes")
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "peppers.png").write_bytes((SHARED_TESTDATA / "imagehash" / "peppers.png").read_bytes())
    (folder / "sample.txt").write_text("test")
    assert heroes(isolated_profile, "case", "create", case, **env).returncode == 0
    assert heroes(isolated_profile, "evidence", "add", case, str(folder), **env).returncode == 0
    assert heroes(isolated_profile, "ingest", case, **env).returncode == 0

    listing = tmp_path / "list.md5"
    listing.write_text("098f6bcd4621d373cade4e832627b4f6\nnonsense\n")
    imported = heroes(isolated_profile, "hashset", "import", case, str(listing), "--format", "md5", "--name",
                      "lab", "--category", "CAT-5", "--json", **env)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["malformed"] == 1
    phashes = tmp_path / "list.phash"
    phashes.write_text("9f172786e71f1e01,CAT-4\n")  # aHash of peppers.png with one bit changed: not pHash
    heroes(isolated_profile, "hashset", "import", case, str(phashes), "--format", "phash", "--name", "near", **env)

    found = [json.loads(line) for line in heroes(isolated_profile, "matches", case, "--json").stdout.splitlines()]
    assert found and all(set(row) == MATCH_FIELDS for row in found)
    assert [(row["path"], row["kind"], row["distance"], row["category"]) for row in found] == [
        ("/sample.txt", "md5", 0, "CAT-5")]

    peppers_id = next(json.loads(line)["id"] for line in heroes(isolated_profile, "files", case, "--json").stdout
                      .splitlines() if json.loads(line)["path"] == "/peppers.png")
    assert heroes(isolated_profile, "tag", case, str(peppers_id), "--category", "CAT-4", **env).returncode == 0
    assert heroes(isolated_profile, "tag", case, "99999", "--category", "CAT-4", **env).returncode == 1
    out = tmp_path / "export.json"
    exported = heroes(isolated_profile, "hashset", "export", case, "--format", "vics", "--out", str(out),
                      "--supervisor", "Sam Supervisor")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text())
    assert document["@odata.context"].endswith("#Cases")
    assert {item["Category"] for item in document["value"][0]["Media"]} == {4, 5}
    log = [json.loads(line)["action"] for line in heroes(isolated_profile, "custody", "log", case, "--json").stdout
           .splitlines()]
    assert {"hashset.imported", "matches.computed", "file.tagged", "hashset.exported"} <= set(log)
