"""``heroes hashset import|export``, ``heroes matches --json`` and ``heroes tag`` through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from heroes_desktop.stages.perceptual import perceptual_hashes
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
    peppers = Image.open(SHARED_TESTDATA / "imagehash" / "peppers.png").convert("RGB")
    peppers.resize((300, 300)).save(folder / "peppers-small.jpg", quality=60)
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
    original = perceptual_hashes((SHARED_TESTDATA / "imagehash" / "peppers.png").read_bytes())["phash"]
    phashes.write_text(f"{original},CAT-4\n")  # the original's pHash: the re-encoded copy is near, not equal
    heroes(isolated_profile, "hashset", "import", case, str(phashes), "--format", "phash", "--name", "near", **env)

    found = [json.loads(line) for line in heroes(isolated_profile, "matches", case, "--json").stdout.splitlines()]
    assert found and all(set(row) == MATCH_FIELDS for row in found)
    rows = {(row["path"], row["kind"]): row for row in found}
    assert (rows[("/sample.txt", "md5")]["distance"], rows[("/sample.txt", "md5")]["category"]) == (0, "CAT-5")
    assert rows[("/peppers.png", "phash")]["distance"] == 0
    assert rows[("/peppers-small.jpg", "phash")]["category"] == "CAT-4"
    assert 0 <= rows[("/peppers-small.jpg", "phash")]["distance"] <= 15

    peppers_id = next(json.loads(line)["id"] for line in heroes(isolated_profile, "files", case, "--json").stdout
                      .splitlines() if json.loads(line)["path"] == "/peppers.png")
    assert heroes(isolated_profile, "tag", case, str(peppers_id), "--category", "CAT-4", **env).returncode == 0
    assert heroes(isolated_profile, "tag", case, "99999", "--category", "CAT-4", **env).returncode == 2  # usage: no such file id
    out = tmp_path / "export.json"
    exported = heroes(isolated_profile, "hashset", "export", case, "--format", "vics", "--out", str(out),
                      "--supervisor", "Sam Supervisor")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text())
    assert document["@odata.context"].endswith("#Cases")
    assert {item["Category"] for item in document["value"][0]["Media"]} == {4, 5}  # the tag wins over the set
    log = [json.loads(line)["action"] for line in heroes(isolated_profile, "custody", "log", case, "--json").stdout
           .splitlines()]
    assert {"hashset.imported", "matches.computed", "file.tagged", "hashset.exported"} <= set(log)
