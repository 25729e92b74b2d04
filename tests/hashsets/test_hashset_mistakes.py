"""Hash-set imports a newcomer gets wrong (issue 13): a wrong --format, a file with nothing valid, a set to remove,
and VICS files whose MD5s appear twice (Media.MD5 and MediaFiles[].MD5)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import hashset_entries, hashsets
from heroes_desktop.core.errors import ExitCode
from heroes_desktop.hashsets.errors import HashSetError, HashSetFormatError, HashSetNotFound
from heroes_desktop.hashsets.matching import compute_matches, list_matches
from heroes_desktop.hashsets.readers import sniff_format
from heroes_desktop.hashsets.store import import_hashset, list_hashsets, remove_hashset, why_no_matches, why_no_tags
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import HEROES_COMMAND, REPO, cli_env

TEST_MD5 = "098f6bcd4621d373cade4e832627b4f6"  # "test"
TEST_SHA1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"
TEST_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _vics_2(media: list[dict]) -> dict:
    return {"@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases",
            "value": [{"CaseID": "x", "Media": media}]}


def _vics_file(path: Path) -> Path:
    """A VICS 2.0 export as Griffeye and HEROES write it: each Media's MD5 again in its MediaFiles."""
    media = [{"MediaID": 1, "Category": 1, "MD5": TEST_MD5.upper(), "SHA1": TEST_SHA1.upper(),
              "MediaFiles": [{"MD5": TEST_MD5.upper(), "FileName": "notes.txt"},
                             {"MD5": TEST_MD5, "FileName": "copy of notes.txt"}]}]
    path.write_text(json.dumps(_vics_2(media)), encoding="utf-8")
    return path


def _nsrl(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE FILE (sha256 VARCHAR, sha1 VARCHAR, md5 VARCHAR, file_name VARCHAR)")
    connection.execute("INSERT INTO FILE VALUES (?, ?, ?, 'f')", (TEST_SHA256, TEST_SHA1, TEST_MD5))
    connection.commit()
    connection.close()
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def samples(tmp_path: Path) -> dict[str, Path]:
    return {
        "vics2": _vics_file(tmp_path / "vics2.json"),
        "vics1": _write(tmp_path / "vics1.json", json.dumps(
            {"odata.metadata": "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media",
             "value": [{"MediaID": 1, "Category": 2, "MD5": TEST_MD5}]})),
        "nsrl": _nsrl(tmp_path / "rds.db"),
        "md5": _write(tmp_path / "l.md5", f"# lab list\n{TEST_MD5}  notes.txt\n{'d41d8cd98f00b204e9800998ecf8427e'}\n"),
        "sha1": _write(tmp_path / "l.sha1", f"{TEST_SHA1}\n"),
        "sha256": _write(tmp_path / "l.sha256", f"{TEST_SHA256} *notes.txt\n"),
        "phash": _write(tmp_path / "l.phash", "ba8c84536bd3c366,CAT-1\ndhash:0026273b2b19550e 3\n"),
    }


@pytest.mark.parametrize(("sample", "expected", "words"), [
    ("vics2", "vics", "VICS JSON 2.0"), ("vics1", "vics", "VICS JSON 1.x"), ("nsrl", "nsrl", "NSRL"),
    ("md5", "md5", "MD5 list"), ("sha1", "sha1", "SHA-1 list"), ("sha256", "sha256", "SHA-256 list"),
    ("phash", "phash", "perceptual-hash list")])
def test_the_format_of_each_kind_of_file_is_recognised(samples: dict[str, Path], sample: str, expected: str,
                                                        words: str) -> None:
    sniffed = sniff_format(samples[sample])
    assert sniffed.format == expected and words in sniffed.description


def test_what_is_no_hash_set_is_named(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path / "a.json", '{"hello": 1}')).format is None
    assert "not VICS" in sniff_format(tmp_path / "a.json").description
    assert sniff_format(_write(tmp_path / "a.txt", "hello\nworld\n")).description == "text without hash values"
    assert sniff_format(_write(tmp_path / "e.txt", "")).description == "an empty file"
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    assert "without NSRL" in sniff_format(tmp_path / "other.db").description


@pytest.mark.parametrize(("sample", "wrong", "words"), [
    ("vics2", "md5", "VICS JSON 2.0"), ("md5", "sha256", "MD5 list"), ("nsrl", "vics", "NSRL RDS"),
    ("sha256", "phash", "SHA-256 list"), ("phash", "md5", "perceptual-hash list"), ("sha1", "nsrl", "SHA-1")])
def test_a_wrong_format_is_refused_naming_what_the_file_looks_like(new_case: Case, samples: dict[str, Path],
                                                                    sample: str, wrong: str, words: str) -> None:
    with pytest.raises(HashSetFormatError) as raised:
        import_hashset(new_case, samples[sample], wrong, "wrong")
    message = str(raised.value)
    assert words in message and f"--format {sniff_format(samples[sample]).format}" in message
    assert "\n" not in message and raised.value.exit_code == ExitCode.USAGE
    assert list_hashsets(new_case) == []  # nothing stored, nothing to remove
    assert not [event for event in new_case.events() if event.action.startswith("hashset.")]


def test_an_ed2k_list_is_named_and_refused_as_md5(new_case: Case, tmp_path: Path) -> None:
    links = _write(tmp_path / "shared.ed2k", "ed2k://|file|notes.txt|4|DB346D691D7ACC4DC2625DB19F9E3F52|/\n")
    assert sniff_format(links).format == "ed2k"
    with pytest.raises(HashSetFormatError, match="eD2k links .*, not --format md5: import it with --format ed2k"):
        import_hashset(new_case, links, "md5", "p2p")
    assert list_hashsets(new_case) == []
    assert import_hashset(new_case, links, "ed2k", "p2p").entries == 1


def test_a_file_with_no_valid_entry_stores_nothing(new_case: Case, tmp_path: Path) -> None:
    junk = _write(tmp_path / "junk.txt", "\n".join(f"line {n} is not a digest" for n in range(87)) + "\n")
    with pytest.raises(HashSetError) as raised:
        import_hashset(new_case, junk, "md5", "junk")
    assert raised.value.exit_code == ExitCode.FAILURE
    assert "no valid md5 entries, 87 malformed" in str(raised.value) and "nothing imported" in str(raised.value)
    empty_vics = _write(tmp_path / "empty.json", json.dumps(_vics_2([{"MediaID": 1, "Category": 1, "MD5": "12"}])))
    with pytest.raises(HashSetError):
        import_hashset(new_case, empty_vics, "vics", "empty")
    assert list_hashsets(new_case) == []


@pytest.fixture
def seized(new_case: Case, tmp_path: Path) -> Case:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "notes.txt").write_text("test")
    (folder / "other.txt").write_text("other")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
    return new_case


def test_vics_md5s_are_stored_once_and_matched_once(seized: Case, samples: dict[str, Path]) -> None:
    report = import_hashset(seized, samples["vics2"], "vics", "Project VIC")
    assert (report.entries, report.malformed) == (2, 0)  # one MD5 (three times in the file) and one SHA-1
    compute_matches(seized)
    rows = [(row["path"], row["kind"], row["category"]) for row in list_matches(seized)]
    assert sorted(rows) == [("/notes.txt", "md5", "CAT-1"), ("/notes.txt", "sha1", "CAT-1")]
    event = [e for e in seized.events() if e.action == "matches.computed"][-1]
    assert event.details["exact"] == 2


def test_matches_are_distinct_per_file_set_and_algorithm_in_older_cases(seized: Case, samples: dict[str, Path]) -> None:
    """A case imported before duplicates were dropped holds an MD5 twice in one set: still one match."""
    report = import_hashset(seized, samples["md5"], "md5", "lab list", category="CAT-5")
    with seized.bulk() as connection:
        connection.execute(hashset_entries.insert().values(hashset_id=report.hashset_id, algorithm="md5",
                                                           value=TEST_MD5, category=None))
    assert compute_matches(seized).exact == 1
    assert [(row["path"], row["hashset"]) for row in list_matches(seized)] == [("/notes.txt", "lab list")]


def test_a_list_holding_a_line_twice_stores_it_once(new_case: Case, tmp_path: Path) -> None:
    twice = _write(tmp_path / "twice.md5", f"{TEST_MD5}\n{TEST_MD5.upper()}  again.txt\n")
    report = import_hashset(new_case, twice, "md5", "twice")
    assert (report.entries, report.duplicates) == (1, 1)
    with new_case.reading() as connection:
        assert connection.execute(hashset_entries.select()).all().__len__() == 1
        assert connection.execute(hashsets.select()).one().entries == 1


def test_a_set_can_be_removed_with_its_matches_and_a_custody_event(seized: Case, samples: dict[str, Path]) -> None:
    import_hashset(seized, samples["vics2"], "vics", "Project VIC")
    import_hashset(seized, samples["sha256"], "sha256", "lab sha256")
    compute_matches(seized)
    details = remove_hashset(seized, "Project VIC")
    assert (details["entries"], details["matches"]) == (2, 2)
    assert [row["name"] for row in list_hashsets(seized)] == ["lab sha256"]
    assert {row["hashset"] for row in list_matches(seized)} == {"lab sha256"}
    event = [e for e in seized.events() if e.action == "hashset.removed"][-1]
    imported = [e for e in seized.events() if e.action == "hashset.imported"][0]
    assert event.details["name"] == "Project VIC" and event.details["entries"] == 2
    assert event.details["source_sha256"] == imported.details["source_sha256"]
    with pytest.raises(HashSetNotFound, match="there are: 'lab sha256'"):
        remove_hashset(seized, "Project VIC")
    assert seized.verify().ok


def test_an_empty_listing_says_why(new_case: Case, tmp_path: Path, samples: dict[str, Path]) -> None:
    assert "add evidence first" in why_no_matches(new_case) and "add evidence first" in why_no_tags(new_case)
    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "a.txt").write_text("a")
    add_evidence(new_case, tmp_path / "usb")
    assert "no hash set imported yet" in why_no_matches(new_case)
    import_hashset(new_case, samples["md5"], "md5", "lab list")
    assert "run `heroes ingest CASE`" in why_no_matches(new_case)
    assert "none given yet" in why_no_tags(new_case)


def _heroes(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEROES_COMMAND, *args], capture_output=True, text=True, cwd=REPO, check=False,
                          env=cli_env(home, HEROES_EXAMINER="Ana Examiner"), timeout=300)


def test_cli_refuses_a_wrong_format_and_removes_a_set(seized: Case, samples: dict[str, Path],
                                                     isolated_profile: Path) -> None:
    path = str(seized.path)
    seized.close()
    wrong = _heroes(isolated_profile, "hashset", "import", path, str(samples["vics2"]), "--format", "md5",
                    "--name", "PV")
    assert wrong.returncode == 2, wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "VICS JSON 2.0" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    right = _heroes(isolated_profile, "hashset", "import", path, str(samples["vics2"]), "--format", "vics",
                    "--name", "PV")
    assert right.returncode == 0, right.stderr
    listed = _heroes(isolated_profile, "matches", path, "--csv")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == "file_id,kind,distance,category,hashset,path"
    assert len(listed.stdout.splitlines()) == 3  # md5 and sha1, each once
    sets = _heroes(isolated_profile, "hashset", "list", path, "--csv")
    assert sets.returncode == 0 and sets.stdout.splitlines()[0].startswith("id,name,format,entries,malformed")
    assert sets.stdout.splitlines()[1].startswith("1,PV,vics,2,0,")
    groups = _heroes(isolated_profile, "matches", path, "--duplicates")
    assert groups.returncode == 0 and "no near-duplicate images found" in groups.stderr
    removed = _heroes(isolated_profile, "hashset", "remove", path, "PV")
    assert removed.returncode == 0, removed.stderr
    assert "removed: 2 entries, 2 matches" in removed.stdout + removed.stderr
    again = _heroes(isolated_profile, "hashset", "remove", path, "PV")
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
    empty = _heroes(isolated_profile, "matches", path)
    assert empty.returncode == 0 and "no matches found" in empty.stderr
