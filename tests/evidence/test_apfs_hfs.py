"""APFS volumes (libfsapfs, through the ``apfs`` layer) and HFS+ (TSK) give the dfVFS test tree of MANIFEST 1.3."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import volumes, warnings
from heroes_desktop.evidence import apfs_container
from heroes_desktop.evidence import volumes as volume_discovery
from heroes_desktop.evidence.apfs_container import ApfsError, ApfsVolumeInfo, open_apfs_layer
from heroes_desktop.evidence.volume_stack import VolumeKeyRejected
from heroes_desktop.evidence.content import ContentReadError, ContentRef, iter_content
from heroes_desktop.evidence.readers import open_image
from heroes_desktop.evidence.sources import identify
from heroes_desktop.evidence.volume_stack import VolumeSpec, WindowReader
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.walk_tasks import walk_task
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, sha256_file
from tests.evidence.conftest import DFVFS, ingest_paths
from tests.evidence.test_real_images import EXT2_MD5, EXT2_SHA256

APFS = DFVFS / "apfs.raw"
HFSPLUS = DFVFS / "hfsplus.raw"
APFS_LAYERS = '[{"type": "apfs", "volume": 0}]'
# dfvfs tests/vfs/apfs_file_entry.py and fls -P apfs (MANIFEST 1.3)
APFS_IDENTIFIERS = {"/a_directory": "16", "/a_directory/a_file": "17", "/passwords.txt": "18",
                    "/a_directory/another_file": "19", "/a_link": "20", "/a_directory/a_resourcefork": "23"}
# dfvfs tests/vfs/tsk_file_entry.py TSKFileEntryTestHFSPlus, tests/file_io/tsk_file_io.py and fls (MANIFEST 1.3)
HFS_INODES = {"/a_directory": "18", "/a_directory/a_file": "19", "/passwords.txt": "20",
              "/a_directory/another_file": "21", "/a_link": "22", "/a_directory/a_resourcefork": "25"}
XATTR_MD5 = hashlib.md5(b"My extended attribute").hexdigest()
RSRC_MD5 = hashlib.md5(b"My resource fork\n").hexdigest()


def _mangled_copy(folder: Path, name: str, block: int) -> Path:
    """apfs.raw with the checksum of one block (0: the container superblock, 107: the volume's) destroyed."""
    data = bytearray(APFS.read_bytes())
    data[block * 4096:block * 4096 + 8] = b"\xff" * 8
    target = folder / name
    target.write_bytes(bytes(data))
    return target


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """One case with apfs.raw, hfsplus.raw and two damaged APFS copies, ingested once; hashes around it."""
    folder = tmp_path_factory.mktemp("apfs_hfs")
    bad_container = _mangled_copy(folder, "bad-container.raw", 0)
    bad_volume = _mangled_copy(folder, "bad-volume.raw", 107)
    evidence = (APFS, HFSPLUS, bad_container, bad_volume)
    before = {path: sha256_file(path) for path in evidence}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(folder / "profile"))
        actor = Actor("Ana Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(folder / "profile", actor.name, KEY_PASSPHRASE)
        records = ingest_paths(folder / "c.heroes", actor, key, *evidence, stages=("hash",))
        with Case.open(folder / "c.heroes", PASSPHRASE) as case, case.reading() as connection:
            parts = connection.execute(volumes.select().order_by(volumes.c.id)).all()
            notes = [row.message for row in connection.execute(warnings.select()).all()]
    after = {path: sha256_file(path) for path in evidence}
    return SimpleNamespace(records=records, volumes=parts, notes=notes, before=before, after=after)


def _of(ingested: SimpleNamespace, evidence_id: int) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in ingested.records if r["evidence_id"] == evidence_id}


def test_apfs_volume_is_a_volume_record(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before  # evidence untouched
    apfs = [v for v in ingested.volumes if v.evidence_id == 1]
    assert [(v.fs_type, v.status, v.layers, v.snapshot, v.offset, v.length) for v in apfs] == [
        ("apfs", "ok", APFS_LAYERS, None, 0, 4153344)]
    assert "apfs_test" in apfs[0].description and apfs[0].walked


def test_apfs_tree_identifiers_sizes_and_hashes(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    tree = _of(ingested, 1)
    assert {path: tree[path]["inode"] for path in APFS_IDENTIFIERS} == APFS_IDENTIFIERS
    assert {path: tree[path]["md5"] for path in EXT2_MD5} == EXT2_MD5
    assert {path: tree[path]["sha256"] for path in EXT2_SHA256} == EXT2_SHA256
    assert tree["/a_directory/another_file"]["size"] == 22 and tree["/passwords.txt"]["size"] == 116
    assert (tree["/a_directory"]["kind"], tree["/a_link"]["kind"], tree["/"]["kind"]) == ("dir", "link", "dir")
    assert {"/.fseventsd", "/.fseventsd/fseventsd-uuid"} <= set(tree)  # fls -P apfs lists .fseventsd/* too
    assert all(r["fs_type"] == "apfs" and r["snapshot"] is None for r in tree.values())
    assert not any(r["deleted"] for r in tree.values())
    assert all(r["status"] == "ok" for r in tree.values())
    mtime = tree["/a_directory/another_file"]["mtime"]
    assert mtime.startswith("2022-01-14T07:19:41.") and mtime.endswith("Z")  # hdiutil ran on 2022-01-14, in ns


def test_apfs_extended_attributes_and_resource_fork_are_streams(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    tree = _of(ingested, 1)
    xattr = tree["/a_directory/a_file:myxattr"]
    assert (xattr["kind"], xattr["size"], xattr["md5"], xattr["name"]) == ("stream", 21, XATTR_MD5, "a_file:myxattr")
    fork = tree["/a_directory/a_resourcefork:com.apple.ResourceFork"]
    assert (fork["kind"], fork["size"], fork["md5"]) == ("stream", 17, RSRC_MD5)
    assert not any(path.endswith(":com.apple.fs.symlink") for path in tree)  # a link's target is not a stream


def test_hfsplus_tree_through_the_normal_ingest(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    tree = _of(ingested, 2)
    assert {path: tree[path]["inode"] for path in HFS_INODES} == HFS_INODES
    assert {path: tree[path]["md5"] for path in EXT2_MD5} == EXT2_MD5
    assert tree["/a_directory/another_file"]["size"] == 22 and tree["/a_link"]["kind"] == "link"
    assert all(r["fs_type"] == "hfs" and r["snapshot"] is None for r in tree.values())
    fork = tree["/a_directory/a_resourcefork:rsrc"]  # dfvfs: 2 data streams, "rsrc" of 17 bytes
    assert (fork["kind"], fork["size"], fork["md5"], fork["inode"]) == ("stream", 17, RSRC_MD5, "25-4353-1")
    assert tree["/a_directory/a_resourcefork"]["size"] == 0  # its data fork is empty
    assert [path for path in tree if path.endswith(":rsrc")] == ["/a_directory/a_resourcefork:rsrc"]


def test_damaged_apfs_superblocks_are_recorded_and_the_run_goes_on(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    bad_container = [v for v in ingested.volumes if v.evidence_id == 3]
    assert [(v.fs_type, v.status) for v in bad_container] == [("apfs", "unknown")]
    assert "APFS container unreadable" in bad_container[0].error and "checksum" in bad_container[0].error
    bad_volume = [v for v in ingested.volumes if v.evidence_id == 4]
    assert [(v.fs_type, v.status, v.layers) for v in bad_volume] == [("apfs", "unknown", APFS_LAYERS)]
    assert "APFS volume 1 unreadable" in bad_volume[0].error
    assert not _of(ingested, 3) and not _of(ingested, 4)  # nothing invented from them
    assert any("APFS container unreadable" in note for note in ingested.notes)
    assert any("APFS volume 1 unreadable" in note for note in ingested.notes)
    assert _of(ingested, 1) and _of(ingested, 2)  # the other evidence was walked all the same


def test_apfs_walk_in_small_batches_equals_one_walk() -> None:
    before = sha256_file(APFS)
    source, spec = identify(APFS), VolumeSpec(0, 4153344, APFS_LAYERS)
    whole, problems, cursor = walk_task(source, spec, None, 10_000)
    assert cursor is None and problems == []
    batched, cursor, rounds = [], None, 0
    while True:
        entries, problems, cursor = walk_task(source, spec, json.loads(json.dumps(cursor)) if cursor else None, 3)
        assert problems == []
        batched.extend(entries)
        rounds += 1
        if cursor is None:
            break
    assert batched == whole and rounds > 3
    assert sha256_file(APFS) == before


def test_apfs_layer_refuses_a_missing_volume_and_reads_like_any_reader() -> None:
    before = sha256_file(APFS)
    source = identify(APFS)
    with pytest.raises(ApfsError, match="no APFS volume 2"):
        open_apfs_layer(WindowReader(open_image(source), 0, 0), {"type": "apfs", "volume": 1}, None)
    with pytest.raises(ApfsError, match="without a volume number"):
        open_apfs_layer(WindowReader(open_image(source), 0, 0), {"type": "apfs"}, None)
    layer = open_apfs_layer(WindowReader(open_image(source), 0, 0), {"type": "apfs", "volume": 0}, None)
    try:
        assert layer.read(32, 4) == b"NXSB" and layer.volume.name == "apfs_test"
    finally:
        layer.close()
    assert sha256_file(APFS) == before


class _LockedVolume:
    """A stand-in for a libfsapfs volume that only the password "s3cret" unlocks."""

    def __init__(self) -> None:
        self.locked, self.given = True, None

    def is_locked(self) -> bool:
        return self.locked

    def set_password(self, password: str) -> None:
        self.given = password

    def set_recovery_password(self, password: str) -> None:
        self.given = password

    def unlock(self) -> bool:
        self.locked = self.given != "s3cret"
        return not self.locked


def test_encrypted_apfs_volumes_are_recorded_as_encrypted_unless_unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    found = [ApfsVolumeInfo(0, "Macintosh HD", "uuid-1", True), ApfsVolumeInfo(1, "Preboot", "uuid-2", False)]
    monkeypatch.setattr(volume_discovery, "list_apfs_volumes", lambda reader: found)
    records = volume_discovery._apfs_records(None, 2, 4096, 8192, "Apple APFS", "gpt")  # type: ignore[arg-type]
    assert [(r.status, r.encryption, r.fs_type, r.layers) for r in records] == [
        ("encrypted", "APFS", "apfs", '[{"type": "apfs", "volume": 0}]'),
        ("ok", None, "apfs", '[{"type": "apfs", "volume": 1}]')]
    assert "'Macintosh HD'" in records[0].description and "partition 2" in records[0].description
    with pytest.raises(VolumeKeyRejected, match="no key"):
        apfs_container._unlock(_LockedVolume(), 0, None)
    with pytest.raises(VolumeKeyRejected, match="does not unlock"):
        apfs_container._unlock(_LockedVolume(), 0, "wrong")
    volume = _LockedVolume()
    apfs_container._unlock(volume, 0, "s3cret")
    assert not volume.is_locked()


def test_apfs_content_read_errors_are_reported() -> None:
    before = sha256_file(APFS)
    source = identify(APFS)
    ref = ContentRef(source=source, fs_offset=0, path="/nothing", size=10, meta_addr=9999, layers=APFS_LAYERS,
                     volume_length=4153344)
    with pytest.raises(ContentReadError, match="cannot open APFS entry 9999"):
        list(iter_content(ref))
    good = ContentRef(source=source, fs_offset=0, path="/a_directory/a_file:myxattr", size=21, meta_addr=17,
                      attr_id=0, layers=APFS_LAYERS, volume_length=4153344)
    assert b"".join(iter_content(good, chunk_size=8)) == b"My extended attribute"
    assert sha256_file(APFS) == before
