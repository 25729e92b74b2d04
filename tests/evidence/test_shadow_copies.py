"""Volume Shadow Copy stores of an NTFS volume are volumes of their own, walked with their snapshot name (dfVFS
``vsstest.qcow2``, MANIFEST 1.4, converted to a raw image by qemu-img)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import volumes, warnings
from heroes_desktop.evidence.readers import open_image
from heroes_desktop.evidence.shadow_copies import ShadowCopyError, filetime_iso, open_store
from heroes_desktop.evidence.sources import identify
from heroes_desktop.evidence.volume_stack import VolumeSpec, WindowReader, open_volume
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, sha256_file
from tests.evidence.conftest import DFVFS, ingest_paths

VSS_QCOW2 = DFVFS / "vsstest.qcow2"
VOLUME_SIZE = 0x40000000  # dfvfs tests/file_io/vshadow_file_io.py: each store is the 1 GiB volume
CATALOG_POINTER = 0x1E30  # the volume header (at 0x1e00) keeps the catalog's offset 48 bytes in
# dfvfs (8442a16e) tests/helpers/file_system_searcher.py testFind: every FILE entry of the current volume
LIVE_FILES = {
    "/$AttrDef", "/$BadClus", "/$Bitmap", "/$Boot", "/$Extend/$ObjId", "/$Extend/$Quota", "/$Extend/$Reparse",
    "/$Extend/$RmMetadata/$Repair", "/$Extend/$RmMetadata/$TxfLog/$Tops", "/$Extend/$RmMetadata/$TxfLog/$TxfLog.blf",
    "/$Extend/$RmMetadata/$TxfLog/$TxfLogContainer00000000000000000001",
    "/$Extend/$RmMetadata/$TxfLog/$TxfLogContainer00000000000000000002", "/$LogFile", "/$MFT", "/$MFTMirr",
    "/$Secure", "/$UpCase", "/$Volume", "/another_file", "/password.txt", "/syslog.gz",
    "/System Volume Information/{3808876b-c176-4e48-b7ae-04046e6cc752}",
    "/System Volume Information/{600f0b69-5bdf-11e3-9d6c-005056c00008}{3808876b-c176-4e48-b7ae-04046e6cc752}",
    "/System Volume Information/{600f0b6d-5bdf-11e3-9d6c-005056c00008}{3808876b-c176-4e48-b7ae-04046e6cc752}",
}
# NTFS files made only of named index attributes: fls prints them as "$ObjId:$O" etc., the walk as the file itself
INDEX_ONLY = {"/$Extend/$ObjId", "/$Extend/$Quota", "/$Extend/$Reparse"}
ANOTHER_FILE_MD5 = "d54ff73404ed6041a3bd66850b061bff"  # "This is another file.\n" (MANIFEST 1.1)
PASSWORDS_MD5 = "39cb097008d17660abd0539891a672af"


def _mangle_catalog(image: Path) -> None:
    """Overwrite the first block of the shadow-copy catalog (the image is a private copy made for this test)."""
    with image.open("r+b") as stream:
        stream.seek(CATALOG_POINTER)
        (catalog,) = struct.unpack("<Q", stream.read(8))
        stream.seek(catalog)
        stream.write(b"\xff" * 128)


def _direct_reads(raw: Path) -> dict[str, Any]:
    """Bytes of each store at the offsets dfVFS tests, and the refusals of layers naming no store."""
    source, reads = identify(raw), {}
    for name, layer in (("store 3", {"type": "vss", "store": 2}), ("no store", {"type": "vss"}),
                        ("store True", {"type": "vss", "store": True})):
        below = WindowReader(open_image(source), 0, 0)
        try:
            open_store(below, layer, None).close()
        except ShadowCopyError as error:
            reads[name] = str(error)
        finally:
            below.close()
    for index in (0, 1):
        reader = open_volume(source, VolumeSpec(0, VOLUME_SIZE, f'[{{"type": "vss", "store": {index}}}]'))
        try:
            reads[f"vss{index + 1} size"] = str(reader.size).encode()
            reads[f"vss{index + 1} 0x1e0"] = reader.read(0x1E0, 16)
            reads[f"vss{index + 1} 0x3fffffd8"] = reader.read(0x3FFFFFD8, 8)
        finally:
            reader.close()
    return reads


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The volume as a raw image and a copy whose catalog is damaged, ingested in one case; every read of them
    (the ingest and direct reads of the stores) happens between the hashes before and after."""
    folder = tmp_path_factory.mktemp("vss")
    raw, mangled = folder / "vsstest.raw", folder / "vsstest-bad-catalog.raw"
    subprocess.run(["qemu-img", "convert", "-O", "raw", str(VSS_QCOW2), str(raw)], check=True)
    subprocess.run(["cp", "--sparse=always", str(raw), str(mangled)], check=True)
    _mangle_catalog(mangled)
    evidence = (VSS_QCOW2, raw, mangled)
    before = {path: sha256_file(path) for path in evidence}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(folder / "profile"))
        actor = Actor("Ana Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(folder / "profile", actor.name, KEY_PASSPHRASE)
        records = ingest_paths(folder / "c.heroes", actor, key, raw, mangled, stages=("hash",))
        with Case.open(folder / "c.heroes", PASSPHRASE) as case, case.reading() as connection:
            parts = connection.execute(volumes.select().order_by(volumes.c.id)).all()
            notes = [row.message for row in connection.execute(warnings.select()).all()]
    reads = _direct_reads(raw)
    after = {path: sha256_file(path) for path in evidence}
    shutil.rmtree(folder / "profile")
    return SimpleNamespace(records=records, volumes=parts, notes=notes, reads=reads, before=before, after=after,
                           raw=raw)


def _tree(ingested: SimpleNamespace, snapshot: str | None, evidence_id: int = 1) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in ingested.records
            if r["evidence_id"] == evidence_id and r["snapshot"] == snapshot}


def test_each_store_is_a_volume_record(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before  # evidence untouched
    parts = [v for v in ingested.volumes if v.evidence_id == 1]
    assert [(v.snapshot, v.layers, v.fs_type, v.status, v.offset, v.length, v.walked) for v in parts] == [
        (None, "[]", "ntfs", "ok", 0, VOLUME_SIZE, True),
        ("vss1", '[{"type": "vss", "store": 0}]', "ntfs", "ok", 0, VOLUME_SIZE, True),
        ("vss2", '[{"type": "vss", "store": 1}]', "ntfs", "ok", 0, VOLUME_SIZE, True)]
    # the stores' identifiers name their creation: {600f0b69-...} at 06:35:09, {600f0b6d-...} at 06:37:48
    assert parts[1].description.startswith("shadow copy 1 of the whole image (created 2013-12-03T06:35:09.")
    assert parts[2].description.startswith("shadow copy 2 of the whole image (created 2013-12-03T06:37:48.")


def test_live_volume_has_the_dfvfs_file_entries(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    live = _tree(ingested, None)
    paths = set(live)
    listed = {path for path in LIVE_FILES if path in paths or any(p.startswith(path + ":") for p in paths)}
    assert LIVE_FILES == listed and INDEX_ONLY <= paths
    assert "/$Secure:$SDS" in paths  # $Secure, a file of named attributes, listed as them (like fls)
    assert live["/password.txt"]["md5"] == PASSWORDS_MD5 and live["/password.txt"]["size"] == 116
    assert live["/another_file"]["md5"] == ANOTHER_FILE_MD5
    assert all(r["fs_type"] == "ntfs" for r in live.values())


def test_every_store_is_walked_with_its_snapshot_name(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    live, first, second = _tree(ingested, None), _tree(ingested, "vss1"), _tree(ingested, "vss2")
    assert {r["snapshot"] for r in ingested.records if r["evidence_id"] == 1} == {None, "vss1", "vss2"}
    assert len(first) > 20 and len(second) > 20 and {"/", "/$MFT", "/System Volume Information"} <= set(first)
    # the live volume's times tell the story the stores keep: syslog was compressed to syslog.gz at 06:36:21 and
    # another_file written at 06:36:26, between the snapshots; password.txt was written at 06:38:53, after both
    assert live["/syslog.gz"]["mtime"].startswith("2013-12-03T06:36:21")
    assert live["/password.txt"]["mtime"].startswith("2013-12-03T06:38:53")
    assert "/syslog" in first and not {"/syslog.gz", "/another_file", "/password.txt"} & set(first)
    assert {"/syslog.gz", "/another_file"} <= set(second) and "/password.txt" not in second
    assert second["/another_file"]["md5"] == ANOTHER_FILE_MD5
    assert first["/$MFT"]["md5"] and first["/$MFT"]["md5"] != live["/$MFT"]["md5"]  # each store's own bytes
    assert all(r["status"] == "ok" for r in [*first.values(), *second.values()])


def test_stores_read_as_dfvfs_states(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    for name in ("vss1", "vss2"):
        assert ingested.reads[f"{name} size"] == str(VOLUME_SIZE).encode()
        assert ingested.reads[f"{name} 0x1e0"] == b"rl+Alt+Del to re"
        assert ingested.reads[f"{name} 0x3fffffd8"] == b"Press Ct"


def test_damaged_catalog_is_recorded_and_the_run_goes_on(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    parts = [v for v in ingested.volumes if v.evidence_id == 2]
    assert [(v.snapshot, v.fs_type, v.status) for v in parts] == [(None, "ntfs", "ok"), (None, None, "unknown")]
    assert parts[1].description == "shadow copies of the whole image"
    assert "shadow-copy catalog unreadable" in parts[1].error and "catalog header" in parts[1].error
    assert any("shadow-copy catalog unreadable" in note for note in ingested.notes)
    live = _tree(ingested, None, evidence_id=2)
    assert live["/password.txt"]["md5"] == PASSWORDS_MD5  # its live volume is walked all the same
    assert not _tree(ingested, "vss1", evidence_id=2)


def test_vss_layer_refuses_a_store_that_is_not_there(ingested: SimpleNamespace) -> None:
    assert ingested.after == ingested.before
    assert ingested.reads["store 3"] == "no shadow-copy store 3: the volume has 2"
    assert ingested.reads["no store"].startswith("vss layer without a store number")
    assert ingested.reads["store True"].startswith("vss layer without a store number")


def test_filetime_is_utc() -> None:
    assert filetime_iso(0) is None
    assert filetime_iso(116_444_736_010_000_001) == "1970-01-01T00:00:01.0000001Z"
