"""Hash sets: imports of every format (malformed input counted), exact and near matches, VICS round trip."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from heroes_desktop.case.case_file import Case
from heroes_desktop.hashsets.errors import HashSetFormatError
from heroes_desktop.hashsets.matching import compute_matches, list_matches, near_duplicate_groups
from heroes_desktop.hashsets.store import export_vics, import_hashset, list_hashsets
from heroes_desktop.hashsets.tagging import tag_file, tag_files
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.stages.perceptual import perceptual_hashes
from tests.conftest import SHARED_TESTDATA

IMAGEHASH = SHARED_TESTDATA / "imagehash"
PHOTO = SHARED_TESTDATA / "py-pdf-sample-files" / "003-pdflatex-image" / "image.jpg"


def test_imagehash_vectors() -> None:
    """tests/test_hash_is_constant.py of ImageHash 4.x (MANIFEST section 5)."""
    hashes = perceptual_hashes((IMAGEHASH / "imagehash.png").read_bytes())
    assert hashes == {"ahash": "ffd7918181c9ffff", "phash": "ba8c84536bd3c366", "dhash": "0026273b2b19550e",
                      "whash": "ffd391818181a5e7"}
    peppers = perceptual_hashes((IMAGEHASH / "peppers.png").read_bytes())
    assert peppers["ahash"] == "9f172786e71f1e00"
    assert bin(int(peppers["ahash"], 16) ^ int(hashes["ahash"], 16)).count("1") == 33  # README doctest


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_lists_count_malformed_lines(new_case: Case, tmp_path: Path) -> None:
    md5s = _write(tmp_path / "known.md5", "\n".join([
        "# a lab's list", "098f6bcd4621d373cade4e832627b4f6", "D41D8CD98F00B204E9800998ECF8427E  empty.txt",
        "not-a-hash", "098f6bcd4621d373cade4e832627b4f", "", "39cb097008d17660abd0539891a672af *passwords.txt"]))
    report = import_hashset(new_case, md5s, "md5", "lab list", category="CAT-5")
    assert (report.entries, report.malformed) == (3, 2)
    sha256s = _write(tmp_path / "known.sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nzz\n")
    assert import_hashset(new_case, sha256s, "sha256", "sha list").malformed == 1
    sha1s = _write(tmp_path / "known.sha1", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3\n")
    assert import_hashset(new_case, sha1s, "sha1", "sha1 list").entries == 1
    phashes = _write(tmp_path / "known.phash", "ba8c84536bd3c366,CAT-1\ndhash:0026273b2b19550e 3\n"
                                              "xyz\nba8c84536bd3c366,CAT-9\n")
    report = import_hashset(new_case, phashes, "phash", "phash list")
    assert (report.entries, report.malformed) == (2, 2)
    sets = {row["name"]: row for row in list_hashsets(new_case)}
    assert sets["lab list"]["source_sha256"] == hashlib.sha256(md5s.read_bytes()).hexdigest()
    assert sets["lab list"]["category"] == "CAT-5"
    events = [e for e in new_case.events() if e.action == "hashset.imported"]
    assert [e.details["malformed"] for e in events] == [2, 1, 0, 2]


def _vics_1x(media: list[dict]) -> dict:
    return {"odata.metadata": "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media", "value": media}


def _vics_2(media: list[dict]) -> dict:
    return {"@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Cases",
            "value": [{"CaseID": "x", "Media": media}]}


@pytest.mark.parametrize("shape", [_vics_1x, _vics_2])
def test_vics_imports(new_case: Case, tmp_path: Path, shape) -> None:  # type: ignore[no-untyped-def]
    media = [
        {"MediaID": 1, "Category": 1, "MD5": "098F6BCD4621D373CADE4E832627B4F6",
         "SHA1": "A94A8FE5CCB19BA61C4C0873D391E987982FBBD3", "MediaFiles": [{"MD5": "098F6BCD4621D373CADE4E832627B4F6"}]},
        {"MediaID": 2, "Category": 5, "MD5": "39cb097008d17660abd0539891a672af"},
        {"MediaID": 3, "Category": 9, "MD5": "39cb097008d17660abd0539891a672af"},  # unknown category
        {"MediaID": 4, "Category": 2, "MD5": "12345"},  # malformed digest
        {"MediaID": 5, "Category": 0},  # no digest at all
    ]
    path = tmp_path / "vics.json"
    path.write_text(json.dumps(shape(media)))
    report = import_hashset(new_case, path, "vics", "project vic")
    assert report.entries == 3 and report.malformed == 3  # Media 1's MediaFiles MD5 repeats its MD5: one entry


def test_not_vics_and_not_nsrl_are_usage_errors(new_case: Case, tmp_path: Path) -> None:
    with pytest.raises(HashSetFormatError):
        import_hashset(new_case, _write(tmp_path / "x.json", '{"hello": 1}'), "vics", "bad")
    with pytest.raises(HashSetFormatError):
        import_hashset(new_case, _write(tmp_path / "x.db", "not sqlite"), "nsrl", "bad2")
    assert list_hashsets(new_case) == []  # nothing half-imported


def _nsrl(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A database with the RDS v3 FILE table layout (sha256, sha1, md5, crc32, file_name, file_size, package_id)."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL, "
                       "crc32 VARCHAR, file_name VARCHAR, file_size INTEGER, package_id INTEGER)")
    connection.executemany("INSERT INTO FILE VALUES (?, ?, ?, '00000000', 'f', 1, 1)", rows)
    connection.commit()
    connection.close()
    return path


def _png_bomb() -> bytes:
    """A tiny PNG whose header claims 100,000 x 100,000 pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(
        b"IEND", b"")


def _variants(photo: Image.Image) -> dict[str, bytes]:
    def encode(image: Image.Image, quality: int = 90) -> bytes:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=quality)
        return buffer.getvalue()
    width, height = photo.size
    return {
        "resized.jpg": encode(photo.resize((width // 2, height // 2))),
        "recompressed.jpg": encode(photo, quality=40),
        "cropped.jpg": encode(photo.crop((width // 40, height // 40, width - width // 40, height - height // 40))),
    }


@pytest.fixture
def ingested(new_case: Case, tmp_path: Path) -> Case:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(PHOTO.read_bytes())
    for name, data in _variants(Image.open(PHOTO)).items():
        (folder / name).write_bytes(data)
    (folder / "peppers.png").write_bytes((IMAGEHASH / "peppers.png").read_bytes())
    (folder / "notes.txt").write_text("test")  # md5 098f6bcd...
    (folder / "bomb.png").write_bytes(_png_bomb())
    (folder / "broken.jpg").write_bytes(PHOTO.read_bytes()[:300])
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=2)).status == "finished"
    return new_case


def test_exact_and_near_matches_with_distance_and_category(ingested: Case, tmp_path: Path) -> None:
    photo_hashes = perceptual_hashes(PHOTO.read_bytes())
    import_hashset(ingested, _write(tmp_path / "l.md5", "098f6bcd4621d373cade4e832627b4f6\n"), "md5", "md5 list",
                   category="CAT-5")
    import_hashset(ingested, _write(tmp_path / "l.phash", f"{photo_hashes['phash']},CAT-2\n"), "phash", "known")
    compute_matches(ingested)
    rows = list_matches(ingested)
    exact = [row for row in rows if row["kind"] == "md5"]
    assert [(row["path"], row["distance"], row["category"]) for row in exact] == [("/notes.txt", 0, "CAT-5")]
    near = {row["path"]: row for row in rows if row["kind"] == "phash"}
    assert {"/photo.jpg", "/resized.jpg", "/recompressed.jpg", "/cropped.jpg"} <= set(near)
    assert near["/photo.jpg"]["distance"] == 0 and all(row["category"] == "CAT-2" for row in near.values())
    assert "/peppers.png" not in near  # an unrelated photograph does not match
    groups = near_duplicate_groups(ingested)
    by_id = {row["id"]: row["path"] for row in iter_files(ingested)}
    assert any({by_id[i] for i in group} >= {"/photo.jpg", "/resized.jpg"} for group in groups)


def test_bombs_and_broken_images_fail_alone(ingested: Case) -> None:
    with ingested.reading() as connection:
        runs = {row.path: (row.status, row.error) for row in connection.exec_driver_sql(
            "SELECT f.path, s.status, s.error FROM stage_runs s JOIN files f ON f.id = s.file_id "
            "WHERE s.stage = 'phash'")}
    assert runs["/bomb.png"][0] == "failed" and "bomb" in runs["/bomb.png"][1]
    assert runs["/photo.jpg"] == ("ok", None)
    records = {row["path"]: row for row in iter_files(ingested)}
    # hashed and typed, not decoded; issue 20: so partial, naming the stage that refused it (this used to say ok)
    assert records["/bomb.png"]["status"] == "partial" and records["/bomb.png"]["md5"]
    assert "phash: " in records["/bomb.png"]["error"] and "bomb" in records["/bomb.png"]["error"]
    assert records["/broken.jpg"]["md5"]


def test_nsrl_known_good(ingested: Case, tmp_path: Path) -> None:
    test_md5 = "098f6bcd4621d373cade4e832627b4f6"
    nsrl = _nsrl(tmp_path / "RDS_2024.03.1_modern_minimal.db", [
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
         "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", test_md5.upper()),
        ("0" * 64, "0" * 40, "bad")])
    report = import_hashset(ingested, nsrl, "nsrl", "NSRL")
    assert report.entries == 5 and report.malformed == 1
    compute_matches(ingested)
    known = [row for row in list_matches(ingested) if row["hashset"] == "NSRL"]
    assert {row["kind"] for row in known} == {"md5", "sha1", "sha256"} and all(row["known_good"] for row in known)


def test_vics_export_round_trip(ingested: Case, tmp_path: Path) -> None:
    records = {row["path"]: row for row in iter_files(ingested)}
    tag_file(ingested, records["/photo.jpg"]["id"], "CAT-3", "drawing")
    tag_file(ingested, records["/peppers.png"]["id"], "5")
    tag_file(ingested, records["/notes.txt"]["id"], "interesting")  # a bookmark: not exported
    out = tmp_path / "export.json"
    document = export_vics(ingested, out)
    media = document["value"][0]["Media"]
    assert {(item["MD5"].lower(), item["Category"]) for item in media} == {
        (records["/photo.jpg"]["md5"], 3), (records["/peppers.png"]["md5"], 5)}
    report = import_hashset(ingested, out, "vics", "round trip")
    assert report.malformed == 0
    with ingested.reading() as connection:
        entries = set(connection.exec_driver_sql(
            "SELECT e.algorithm, e.value, e.category FROM hashset_entries e JOIN hashsets h ON h.id = e.hashset_id "
            "WHERE h.name = 'round trip'").all())
    expected = {(algorithm, records[path][algorithm], category) for path, category in
                (("/photo.jpg", "CAT-3"), ("/peppers.png", "CAT-5")) for algorithm in ("md5", "sha1")}
    assert entries == expected


def test_each_categorisation_names_its_origin_in_the_custody_chain(ingested: Case, tmp_path: Path) -> None:
    """AI suggestions and examiner decisions stay apart: the event says whether the category came from a hash
    set, the examiner's own judgement, or a triage suggestion accepted or overridden."""
    import_hashset(ingested, _write(tmp_path / "l.md5", "098f6bcd4621d373cade4e832627b4f6\n"), "md5", "md5 list",
                   category="CAT-5")
    compute_matches(ingested)
    by_path = {row["path"]: row["id"] for row in iter_files(ingested)}
    with ingested.reading() as connection:
        analysed = dict(connection.exec_driver_sql("SELECT file_id, suggested_category FROM media").all())
    tag_files(ingested, [by_path["/notes.txt"]], "CAT-5")  # what its hash set says
    tag_files(ingested, [by_path["/notes.txt"]], "CAT-3")  # not what its hash set says, and no suggestion
    tag_files(ingested, [by_path["/notes.txt"]], "bookmark of interest")
    origins = [(event.details["file_id"], event.details["category"], event.details["origin"])
               for event in ingested.events() if event.action == "file.tagged"]
    notes = by_path["/notes.txt"]
    assert origins == [(notes, "CAT-5", "hash-set"), (notes, "CAT-3", "examiner"), (notes, None, "examiner")]
    assert analysed, "the photographs were triaged at ingest"  # each carries a suggestion to accept or override
    image_id, suggestion = next(iter(analysed.items()))
    other = "CAT-1" if suggestion != "CAT-1" else "CAT-2"
    tag_files(ingested, [image_id], suggestion)
    tag_files(ingested, [image_id], other)
    last = [event.details["origin"] for event in ingested.events() if event.action == "file.tagged"][-2:]
    assert last == ["suggestion-accepted", "suggestion-overridden"]
    assert ingested.verify().ok
