"""The real images of ``shared/testdata`` give the entries, hashes and partitions their sources state."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import volumes, warnings
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence, list_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import PASSPHRASE, sha256_file
from tests.evidence.conftest import DFVFS, PYTSK, SLEUTHKIT, ingest_paths

EXT2_PATHS = {"/", "/lost+found", "/a_directory", "/a_directory/a_file", "/a_directory/another_file",
              "/passwords.txt", "/a_link", "/$OrphanFiles"}
EXT2_MD5 = {  # dfvfs image.qcow2.hashes / MANIFEST 1.1
    "/a_directory/another_file": "d54ff73404ed6041a3bd66850b061bff",
    "/a_directory/a_file": "85bebf486af24792085f769afa46717d",
    "/passwords.txt": "39cb097008d17660abd0539891a672af",
}
EXT2_SHA256 = {  # dfvfs test_data/end_to_end/ext2.E01.hashes
    "/a_directory/a_file": "4a49638d0e1055fd9e4c17fef7fdf4d6ccf892b6d9c2f64164203c4bfb0ec92d",
    "/a_directory/another_file": "c7fbc0e821c0871805a99584c6a384533909f68a6bbe9a2a687d28d9f3b10c16",
    "/passwords.txt": "02a2a6af2f1ecf4720d7d49d640f0d0a269a7ec733e41973bdd34f09dad0e252",
}
EXT2_INODES = {"/a_directory": "12", "/a_directory/a_file": "13", "/a_directory/another_file": "15",
               "/passwords.txt": "14", "/a_link": "16", "/lost+found": "11"}


def _containers(unpacked: Path) -> dict[str, Path]:
    return {
        "raw": unpacked / "ext2.raw",
        "split-raw": DFVFS / "ext2.splitraw.000",
        "ewf": DFVFS / "ext2.E01",
        "split-ewf": DFVFS / "ext2.split.E01",
    }


@pytest.mark.parametrize("container", ["raw", "split-raw", "ewf", "split-ewf"])
def test_ext2_tree_is_the_same_in_every_container(container: str, unpacked: Path, tmp_path: Path, examiner: Actor,
                                                  examiner_key: SigningKey) -> None:
    image = _containers(unpacked)[container]
    segments = sorted(image.parent.glob(image.stem + ".*")) if container.startswith("split") else [image]
    before = {segment: sha256_file(segment) for segment in segments}
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, image)
    by_path = {record["path"]: record for record in records}
    assert set(by_path) == EXT2_PATHS
    assert {path: by_path[path]["md5"] for path in EXT2_MD5} == EXT2_MD5
    assert {path: by_path[path]["sha256"] for path in EXT2_SHA256} == EXT2_SHA256
    assert {path: by_path[path]["inode"] for path in EXT2_INODES} == EXT2_INODES
    assert by_path["/passwords.txt"]["size"] == 116 and by_path["/a_directory/another_file"]["size"] == 22
    assert all(record["fs_type"] == "ext2" and record["partition"] is None for record in records)
    assert all(record["status"] == "ok" for record in records)
    assert {segment: sha256_file(segment) for segment in segments} == before  # evidence untouched


def test_evidence_hashes_and_stored_md5(unpacked: Path, new_case: Case) -> None:
    expected = "196066add11fb71c4c49cf1bb50d6d24"  # md5(ext2.raw), stored in both EWF sets
    for path in (DFVFS / "ext2.E01", DFVFS / "ext2.split.E01", DFVFS / "ext2.splitraw.000", unpacked / "ext2.raw"):
        add_evidence(new_case, path)
    add_evidence(new_case, SLEUTHKIT / "image.E01")
    records = {record.label: record for record in list_evidence(new_case)}
    for label in ("ext2.E01", "ext2.split.E01", "ext2.splitraw.000", "ext2.raw"):
        assert records[label].md5 == expected and records[label].size == 4_194_304
        assert records[label].sha256 == "a6c2f0e39afe6c6ab432ca5465349fcefe8dc944398e97b2d957d3f89dbb5d80"
    assert records["ext2.split.E01"].paths[-1].endswith("ext2.split.E02")
    assert records["ext2.splitraw.000"].format == "split-raw" and len(records["ext2.splitraw.000"].paths) == 2
    for label in ("ext2.E01", "ext2.split.E01"):
        assert (records[label].stored_md5, records[label].verified) == (expected, True)
        assert records[label].metadata["headers"]["case_number"] == "case"
        assert records[label].metadata["headers"]["examiner_name"] == "examiner"
    assert records["image.E01"].stored_md5 == "3ebb0b7dcd6b5fcd59a0020625d70994"
    assert records["image.E01"].verified is True
    assert records["ext2.raw"].verified is None
    added = [event for event in new_case.events() if event.action == "evidence.added"]
    assert len(added) == 5 and added[0].details["md5"] == expected


def test_mbr_partitions(unpacked: Path, tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, unpacked / "mbr.raw")
    with Case.open(tmp_path / "c.heroes", PASSPHRASE) as case, case.reading() as connection:
        parts = connection.execute(volumes.select().order_by(volumes.c.offset)).all()
    # mkfs "-t ext3 -O ^has_journal" has no journal left, so TSK rightly reads the first one as ext2
    assert [(p.offset, p.length, p.fs_type) for p in parts] == [(512, 129 * 512, "ext2"), (131 * 512, 129 * 512,
                                                                                                "ext4")]
    for partition in {record["partition"] for record in records}:
        files = {r["path"]: r["md5"] for r in records if r["partition"] == partition}
        assert {path: files[path] for path in EXT2_MD5} == EXT2_MD5


def test_tsk_volume_system_and_gpt(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, PYTSK / "tsk_volume_system.raw",
                 SHARED_GPT := SLEUTHKIT.parent / "gpt-crate" / "gpt-disk.img")
    with Case.open(tmp_path / "c.heroes", PASSPHRASE) as case, case.reading() as connection:
        parts = connection.execute(volumes.select().order_by(volumes.c.evidence_id, volumes.c.offset)).all()
    dos = [p for p in parts if p.evidence_id == 1]
    assert [(p.offset // 512, p.length // 512, p.volume_system) for p in dos] == [(1, 350, "dos"), (352, 2528, "dos")]
    gpt = [p for p in parts if p.evidence_id == 2]
    assert [(p.offset // 512, p.length // 512, p.volume_system, p.status) for p in gpt] == [
        (34, 1, "gpt", "unknown"), (35, 4, "gpt", "unknown")]
    assert SHARED_GPT.exists()


def test_sleuthkit_and_pytsk_listings(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, SLEUTHKIT / "image.dd", PYTSK / "image.raw")
    tsk = {r["path"]: r for r in records if r["evidence_id"] == 1}
    # test/tools/fstools/fls_output/2: d/d 11 lost+found, d/d 12 a_directory, r/r 15 passwords.txt, l/l 13 a_link
    assert {p: tsk[p]["inode"] for p in ("/lost+found", "/a_directory", "/passwords.txt", "/a_link",
                                         "/$OrphanFiles")} == {"/lost+found": "11", "/a_directory": "12",
                                                               "/passwords.txt": "15", "/a_link": "13",
                                                               "/$OrphanFiles": "17"}
    assert tsk["/a_directory/a_file"]["size"] == 53 and tsk["/a_directory/another_file"]["inode"] == "16"
    assert {r["name"] for r in tsk.values() if r["deleted"]} >= {".another_file.swp", "another_file~"}
    pytsk = {r["path"]: r for r in records if r["evidence_id"] == 2}
    assert pytsk["/passwords.txt"]["inode"] == "15" and pytsk["/passwords.txt"]["size"] == 116
    assert pytsk["/passwords.txt~"]["deleted"] is True
    assert pytsk["/passwords.txt"]["md5"] == EXT2_MD5["/passwords.txt"]


def test_fat_times_are_utc(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, SLEUTHKIT / "fat_dst_test.dd")
    by_name = {r["name"]: r for r in records}
    assert by_name["2006_end_of_EST"]["inode"] == "5" and by_name["2007_start_of_EST"]["inode"] == "26"
    assert {"$MBR", "$FAT1", "$FAT2", "$OrphanFiles"} <= set(by_name)
    assert all(r["fs_type"] == "fat12" for r in records)
    assert all(r["mtime"] is None or r["mtime"].endswith("Z") for r in records)


def test_ntfs_alternate_data_streams_are_entries(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, SLEUTHKIT / "imageformat_mmls_1.E01")
    streams = {r["path"]: r for r in records if ":" in r["path"]}
    assert "/$Secure:$SDS" in streams and streams["/$Secure:$SDS"]["inode"] == "9-128-8"
    assert streams["/$Secure:$SDS"]["size"] == 263068 and streams["/$Secure:$SDS"]["md5"]
    assert {r["fs_type"] for r in records} == {"ntfs"} and {r["partition"] for r in records} == {2, 3}


def test_bitlocker_and_unknown_volumes_are_recorded(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, DFVFS / "bdetogo.raw",
                           DFVFS / "bogus.001")  # apfs.raw is read now: tests/evidence/test_apfs_hfs.py
    assert records == []  # nothing readable is invented
    with Case.open(tmp_path / "c.heroes", PASSPHRASE) as case, case.reading() as connection:
        parts = {p.evidence_id: p for p in connection.execute(volumes.select()).all()}
        notes = [row.message for row in connection.execute(warnings.select()).all()]
    assert (parts[1].status, parts[1].encryption) == ("encrypted", "BitLocker To Go")
    assert parts[2].status == "unknown" and parts[2].length == 51200
    assert any("BitLocker To Go" in note for note in notes) and any("offset 0 (51200 bytes)" in note for note in notes)


def test_folder_evidence_is_walked_without_changing_it(tmp_path: Path, examiner: Actor,
                                                       examiner_key: SigningKey) -> None:
    folder = tmp_path / "export"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "letter.txt").write_text("Dear Ana,\nsee you at the station.\n")
    (folder / "photo.jpg").write_bytes(b"%PDF-1.4\n% not really a photo\n")
    (folder / "empty.dat").write_bytes(b"")
    (folder / "link").symlink_to("/etc/passwd")
    paths = [folder, *folder.rglob("*")]
    for path in paths:  # access times older than modification times: any read would now update them (relatime)
        os.utime(path, ns=(10**18, 2 * 10**18), follow_symlinks=False)
    stats = {path: path.lstat() for path in paths}
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder)
    by_path = {r["path"]: r for r in records}
    assert set(by_path) == {"/", "/docs", "/docs/letter.txt", "/photo.jpg", "/empty.dat", "/link"}
    assert by_path["/photo.jpg"]["mime"] == "application/pdf" and by_path["/photo.jpg"]["extension_mismatch"]
    assert not by_path["/docs/letter.txt"]["extension_mismatch"]
    assert by_path["/empty.dat"]["md5"] == "d41d8cd98f00b204e9800998ecf8427e"
    assert by_path["/link"]["md5"] is None  # the link is listed, never followed
    changed = [str(path) for path, before in stats.items()
               if (path.lstat().st_mtime_ns, path.lstat().st_atime_ns, path.lstat().st_size)
               != (before.st_mtime_ns, before.st_atime_ns, before.st_size)]
    assert changed == []
    assert json.dumps(records)  # JSON-serialisable as the CLI prints it
