"""eDonkey (ED2K) hash sets: ed2k:// file links and bare hashes, malformed lines counted, ED2K values in VICS, and
a set imported with the real ``heroes`` command matching a planted file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import hashset_entries
from heroes_desktop.hashsets.errors import HashSetError, HashSetFormatError
from heroes_desktop.hashsets.readers import ReadReport, read_ed2k_list, read_vics, sniff_format
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import HEROES_COMMAND, REPO, cli_env

TEST_ED2K = "db346d691d7acc4dc2625db19f9e3f52"  # "test" (4 bytes): MD4, the file being under one block
OTHER_ED2K = "a448017aaf21d8525fc10ae87aa6729d"  # "abc"
ZEROS_ED2K = "fc21d9af828f92a8df64beac3357425d"  # 9,728,000 zero bytes (red)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_links_and_bare_hashes_are_read_and_malformed_lines_counted(tmp_path: Path) -> None:
    listing = _write(tmp_path / "p2p.ed2k", "\n".join([
        "# collected from a seized eMule's downloads",
        f"ed2k://|file|Holiday%20Video%20%231.avi|9728000|{ZEROS_ED2K.upper()}|h=ABCDEF|/",
        f"ed2k://|file|notes.txt|4|{TEST_ED2K}|/|sources,10.0.0.1:4662|/",
        f"{OTHER_ED2K.upper()}  abc.txt",
        f"{OTHER_ED2K}",
        "ed2k://|server|192.0.2.1|4661|/",  # a server link names no file
        f"ed2k://|file|bad size.avi|12kB|{TEST_ED2K}|/",
        "ed2k://|file|short.avi|10|DB346D691D7ACC4D|/",
        "098f6bcd4621d373cade4e832627b4",  # 30 digits
        "",
    ]))
    report = ReadReport()
    entries = [(entry.algorithm, entry.value, entry.label) for entry in read_ed2k_list(listing, report)]
    assert entries == [("ed2k", ZEROS_ED2K, "Holiday Video #1.avi (9728000 bytes)"),
                       ("ed2k", TEST_ED2K, "notes.txt (4 bytes)"), ("ed2k", OTHER_ED2K, "abc.txt"),
                       ("ed2k", OTHER_ED2K, None)]
    assert report.malformed == 4
    assert [example.split(":", 1)[0] for example in report.examples] == ["line 6", "line 7", "line 8", "line 9"]
    assert "not an ed2k://|file|NAME|SIZE|HASH|/ link" in report.examples[0]
    assert "size is not a number" in report.examples[1] and "not 32 hex digits" in report.examples[2]


def test_a_list_of_bare_hashes_imports_as_ed2k_though_it_looks_like_md5s(new_case: Case, tmp_path: Path) -> None:
    bare = _write(tmp_path / "bare.txt", f"{TEST_ED2K}\n{OTHER_ED2K}\n")
    assert sniff_format(bare).format == "md5"
    report = import_hashset(new_case, bare, "ed2k", "bare", category="CAT-1")
    assert (report.entries, report.malformed) == (2, 0)
    with new_case.reading() as connection:
        assert {row.algorithm for row in connection.execute(hashset_entries.select())} == {"ed2k"}
    with pytest.raises(HashSetFormatError, match="not --format sha1"):
        import_hashset(new_case, bare, "sha1", "as sha1")


def test_a_file_of_malformed_lines_stores_nothing(new_case: Case, tmp_path: Path) -> None:
    junk = _write(tmp_path / "junk.ed2k", "ed2k://|file|a.avi|x|y|/\ned2k://|file|b.avi|1|zz|/\n")
    with pytest.raises(HashSetError, match="no valid ed2k entries, 2 malformed lines"):
        import_hashset(new_case, junk, "ed2k", "junk")


def test_vics_media_may_carry_ed2k_in_any_case(tmp_path: Path) -> None:
    document = {"@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases",
                "value": [{"CaseID": "x", "Media": [
                    {"MediaID": 1, "Category": 1, "MD5": "098F6BCD4621D373CADE4E832627B4F6", "ED2K": TEST_ED2K.upper()},
                    {"MediaID": 2, "Category": 2, "Ed2k": OTHER_ED2K},
                    {"MediaID": 3, "Category": 2, "ed2k": "not-hex"},
                ]}]}
    path = _write(tmp_path / "vics.json", json.dumps(document))
    report = ReadReport()
    entries = [(entry.algorithm, entry.value, entry.category) for entry in read_vics(path, report)]
    assert entries == [("md5", "098f6bcd4621d373cade4e832627b4f6", "CAT-1"), ("ed2k", TEST_ED2K, "CAT-1"),
                       ("ed2k", OTHER_ED2K, "CAT-2")]
    assert report.malformed == 1 and "malformed ED2K" in report.examples[0]


def _heroes(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, cwd=REPO, check=False,
                          env=cli_env(home, HEROES_EXAMINER="Ana Examiner"), timeout=300)


def test_cli_imports_an_ed2k_set_that_matches_a_planted_file(new_case: Case, tmp_path: Path,
                                                             isolated_profile: Path) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "notes.txt").write_text("test")
    (folder / "other.txt").write_text("other")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
    path = str(new_case.path)
    new_case.close()
    files = _heroes(isolated_profile, "files", path, "--json")
    assert files.returncode == 0, files.stderr
    listed = {row["path"]: row for row in map(json.loads, files.stdout.splitlines())}
    assert listed["/notes.txt"]["ed2k"] == TEST_ED2K
    links = _write(tmp_path / "wanted.ed2k", f"ed2k://|file|renamed.txt|4|{TEST_ED2K.upper()}|/\n"
                                             f"{OTHER_ED2K}\nnot a line of a hash set\n")
    imported = _heroes(isolated_profile, "hashset", "import", path, str(links), "--format", "ed2k",
                       "--name", "P2P", "--category", "CAT-2", "--json")
    assert imported.returncode == 0, imported.stderr
    report = json.loads(imported.stdout.splitlines()[-1])
    assert (report["entries"], report["malformed"]) == (2, 1)
    matches = _heroes(isolated_profile, "matches", path, "--json")
    assert matches.returncode == 0, matches.stderr
    rows = [json.loads(line) for line in matches.stdout.splitlines()]
    assert [(row["path"], row["kind"], row["distance"], row["category"], row["hashset"]) for row in rows] == [
        ("/notes.txt", "ed2k", 0, "CAT-2", "P2P")]
