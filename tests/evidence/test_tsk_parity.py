"""Differential tests against The Sleuth Kit's own tools: every name ``fls -r -p`` lists is an entry of the case,
and every file or stream has the MD5 of what ``icat`` reads, deleted ones included.

Run on every disk image of ``shared/testdata`` that TSK reads as raw or E01, and on images made here with
deletions (NTFS through libntfs-3g, ext2 through debugfs). Independent of TSK, the planted bytes of the deleted
files are checked too.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import volumes
from heroes_desktop.evidence.sources import identify
from heroes_desktop.evidence.tsk_image import open_tsk_file_system
from heroes_desktop.evidence.tsk_walk import walk_batch, walk_file_system
from heroes_desktop.evidence.volume_stack import VolumeSpec
from heroes_desktop.evidence.walk_cursor import WalkCursor
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, SHARED_TESTDATA, sha256_file
from tests.evidence.conftest import gunzip_to
from tests.evidence.deletion_images import (
    EXT2_KEPT,
    EXT2_NEW,
    FAT_PLANTED,
    NTFS_AFTER,
    NTFS_DELETED,
    NTFS_PLANTED,
    make_ext2_with_reallocation,
    make_ext3_with_deletions,
    make_fat_with_deletions,
    make_ntfs_with_deletions,
)
from tests.evidence.tsk_reference import EMPTY_MD5, ICAT, ReferenceEntry, reference_entries, tsk_tools_missing

SHARED_IMAGES = (  # every image of the shared data that Debian's TSK reads itself (raw, E01, VMDK, VHD)
    "dfvfs/ext2.vmdk", "dfvfs/ext2.vhd", "dfvfs/image.vhd", "sleuthkit/image.vhd", "sleuthkit/image.vmdk",
    "dfvfs/ext2.raw.gz", "dfvfs/mbr.raw.gz", "dfvfs/ext2.E01", "dfvfs/ext2.split.E01", "dfvfs/ext2.splitraw.000",
    "dfvfs/iso9660.raw", "dfvfs/hfsplus.raw", "dfvfs/ímynd.dd", "pytsk/image.raw", "pytsk/tsk_volume_system.raw",
    "sleuthkit/image.dd", "sleuthkit/image.E01", "sleuthkit/image.iso", "sleuthkit/fat_dst_test.dd",
    "sleuthkit/imageformat_mmls_1.E01",
)
MADE_IMAGES = ("made/deletions.ntfs", "made/reallocation.ext2", "made/deletions.fat12", "made/deletions.fat16",
               "made/deletions.ext3")
_CONTROL = re.compile(r"[\x00-\x1f]")


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    assert tsk_tools_missing() is None, tsk_tools_missing()
    folder = tmp_path_factory.mktemp("parity-images")
    found = {}
    for name in SHARED_IMAGES:
        source = SHARED_TESTDATA / name
        found[name] = gunzip_to(source, folder) if name.endswith(".gz") else source
    found["made/deletions.ntfs"] = make_ntfs_with_deletions(folder / "deletions.ntfs")
    found["made/reallocation.ext2"] = make_ext2_with_reallocation(folder / "reallocation.ext2", folder / "staging")
    found["made/deletions.fat12"] = make_fat_with_deletions(folder / "deletions.fat12", 12, 1440)
    found["made/deletions.fat16"] = make_fat_with_deletions(folder / "deletions.fat16", 16, 20000)
    found["made/deletions.ext3"] = make_ext3_with_deletions(folder / "deletions.ext3", folder / "ext3-staging")
    return found


@pytest.fixture(scope="module")
def ingested(images: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """One case holding every image, walked and hashed; the evidence files' SHA-256 before and after."""
    home = tmp_path_factory.mktemp("parity-profile")
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(home, actor.name, KEY_PASSPHRASE)
    segments = {path for image in images.values() for path in map(Path, identify(image).paths)}
    before = {path: sha256_file(path) for path in segments}
    case_path = tmp_path_factory.mktemp("parity-case") / "parity.heroes"
    with Case.create(case_path, PASSPHRASE, actor, key) as case:
        evidence_ids = {name: add_evidence(case, image).id for name, image in images.items()}
        summary = ingest(case, IngestOptions(jobs=2, stages=("hash",)))
        assert summary.status == "finished"
        with case.reading() as connection:
            volume_rows = connection.execute(select(volumes)).all()
        rows = list(iter_files(case))
    yield {"evidence_ids": evidence_ids, "volumes": volume_rows, "rows": rows, "before": before,
           "after": {path: sha256_file(path) for path in segments}}


def _fls_path(path: str) -> str:
    """fls prints control characters in names as ``^``."""
    return _CONTROL.sub("^", path)


def _compare(image: Path, offset: int, ours: list[dict]) -> tuple[int, int, list[str]]:
    """(names matched, contents matched, differences) between fls + icat and the case's entries of one volume."""
    everything = reference_entries(image, offset // 512)
    reference = [entry for entry in everything if not entry.is_index_attribute]
    indexed = {entry.path.rpartition(":")[0] for entry in everything if entry.is_index_attribute}
    by_path = {_fls_path(row["path"]): row for row in ours}
    names = contents = 0
    differences = []
    for entry in reference:
        row = by_path.get(entry.path)
        if row is None:
            differences.append(f"missing {entry.path} ({entry.address})")
            continue
        names += 1
        if entry.realloc and not row["realloc"]:
            differences.append(f"{entry.path}: fls says realloc, the case does not")
        if entry.md5 is None:
            continue
        ours_md5 = row["md5"] or (EMPTY_MD5 if row["size"] == 0 else None)
        if ours_md5 != entry.md5:
            differences.append(f"{entry.path} ({entry.address}): md5 {ours_md5} (size {row['size']}, "
                               f"{row['status']}: {row['error']}), icat {entry.md5}")
        else:
            contents += 1
    listed = {entry.path for entry in reference} | indexed | {"/"}  # a file of named indexes: fls prints "$O"
    for path, row in by_path.items():
        if path in listed:
            continue
        if row["kind"] == "stream" and path.endswith(":rsrc") and path.removesuffix(":rsrc") in listed:
            differences += _resource_fork_differences(image, offset // 512, row)  # HFS+: fls lists no forks
        else:
            differences.append(f"extra {path}")
    return names, contents, differences


def _resource_fork_differences(image: Path, sector_offset: int, row: dict) -> list[str]:
    """An HFS+ resource fork (``FILE:rsrc``), which fls does not list, against what icat reads at its address."""
    data = subprocess.run([ICAT, "-o", str(sector_offset), str(image), row["inode"]], capture_output=True,
                          check=True).stdout
    md5 = hashlib.md5(data).hexdigest()
    return [] if row["md5"] == md5 else [f"{row['path']} ({row['inode']}): md5 {row['md5']}, icat {md5}"]


@pytest.mark.parametrize("name", [*SHARED_IMAGES, *MADE_IMAGES])
def test_every_volume_equals_fls_and_icat(name: str, images: dict[str, Path], ingested: dict) -> None:
    evidence_id = ingested["evidence_ids"][name]
    walked = [v for v in ingested["volumes"] if v.evidence_id == evidence_id and v.status == "ok"]
    assert walked, f"{name}: no volume walked"
    for volume in walked:
        ours = [row for row in ingested["rows"] if row["evidence_id"] == evidence_id
                and row["partition"] == volume.partition and row["parent_id"] is None]
        names, contents, differences = _compare(images[name], volume.offset, ours)
        assert differences == [], f"{name} partition {volume.partition}: {differences}"
        assert names > 0


def test_evidence_files_are_byte_identical_after_the_walk(ingested: dict) -> None:
    assert ingested["after"] == ingested["before"]


def _by_path(ingested: dict, name: str) -> dict[str, dict]:
    evidence_id = ingested["evidence_ids"][name]
    return {row["path"]: row for row in ingested["rows"] if row["evidence_id"] == evidence_id}


def test_deleted_ntfs_files_folders_and_streams_keep_their_content(ingested: dict) -> None:
    rows = _by_path(ingested, "made/deletions.ntfs")
    deleted_files = {path: data for path, data in NTFS_PLANTED.items()
                     if path.split(":")[0] in NTFS_DELETED and path != "/reused_first.txt"}
    assert "/dir1/dir2/frag3.dat" in deleted_files and "/mult1.dat:ADS" in deleted_files
    for path, data in deleted_files.items():
        row = rows[path]
        assert row["deleted"] and not row["realloc"], path
        assert (row["size"], row["md5"]) == (len(data), hashlib.md5(data).hexdigest()), path
        assert row["status"] == "ok", path
    assert rows["/dir1"]["deleted"] and rows["/dir1/dir2"]["deleted"]
    for path, data in {**NTFS_AFTER, "/keep.txt": NTFS_PLANTED["/keep.txt"]}.items():
        assert (rows[path]["deleted"], rows[path]["md5"]) == (False, hashlib.md5(data).hexdigest())
    # the reused record shows only its new owner: the old name's content is never attributed to anyone else
    assert all(row["md5"] != hashlib.md5(NTFS_AFTER["/newcomer.txt"]).hexdigest()
               for path, row in rows.items() if path != "/newcomer.txt")


def test_a_name_whose_inode_was_reused_is_realloc_without_content(ingested: dict) -> None:
    rows = _by_path(ingested, "made/reallocation.ext2")
    old = rows["/old.txt"]
    assert old["deleted"] and old["realloc"] and old["md5"] is None and old["size"] == 0
    assert old["inode"] == rows["/sub/new.txt"]["inode"]
    assert rows["/sub/new.txt"]["md5"] == hashlib.md5(EXT2_NEW).hexdigest() and not rows["/sub/new.txt"]["realloc"]
    assert rows["/kept.txt"]["md5"] == hashlib.md5(EXT2_KEPT).hexdigest()


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_a_walk_in_small_batches_lists_what_one_walk_lists(limit: int, images: dict[str, Path]) -> None:
    """Resuming from a cursor after every batch (as after ``kill -9``) gives the same entries in the same order."""
    source = identify(images["made/deletions.ntfs"])
    image, fs = open_tsk_file_system(source, VolumeSpec(0))
    try:
        whole = [entry.as_row() for entry in walk_file_system(fs, [])]
        cursor_json, batched = None, []
        while True:
            cursor = WalkCursor.from_json(cursor_json)
            batch = walk_batch(fs, cursor, limit, [])
            batched += [entry.as_row() for entry in batch]
            if not cursor.stack:
                break
            cursor_json = cursor.as_json()  # through JSON, as the case stores it
            assert len(batch) <= limit + 2  # a child's streams travel with it
    finally:
        image.close()
    assert batched == whole


def test_fls_lines_are_parsed_with_their_flags() -> None:
    """The reference parser itself: deleted, reallocated and stream names."""
    from tests.evidence import tsk_reference

    match = tsk_reference._LINE.match("r/r * 13(realloc):\told.txt")
    assert match and match["deleted"] and match["realloc"] and match["address"] == "13"
    entry = ReferenceEntry(path="/$Secure:$SDH", address="9-144-3", name_type="r", meta_type="r", deleted=False, realloc=False,
                           md5=None)
    assert entry.is_index_attribute


@pytest.mark.parametrize("name", ["made/deletions.fat12", "made/deletions.fat16"])
def test_deleted_fat_files_and_folders_come_back_with_their_bytes(name: str, ingested: dict) -> None:
    """FAT frees the clusters without clearing them and keeps the first cluster and size in the entry; its short
    name loses its first letter (TSK shows ``_``), the long name stays."""
    rows = _by_path(ingested, name)
    for path, planted in (("/_.bin", FAT_PLANTED["/c.bin"]),
                          ("/docs/_ld/b_long_name_file.txt", FAT_PLANTED["/docs/old/b_long_name_file.txt"])):
        assert rows[path]["deleted"] and rows[path]["md5"] == hashlib.md5(planted).hexdigest(), path
    assert rows["/docs/_ld"]["deleted"] and not rows["/keep.txt"]["deleted"]
