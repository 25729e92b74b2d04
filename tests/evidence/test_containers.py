"""Containers inside evidence become items of their own, recursively, under guards against bombs and loops."""

from __future__ import annotations

import bz2
import hashlib
import gzip
import io
import lzma
import tarfile
import zipfile
from pathlib import Path

import py7zr

from heroes_desktop.evidence.containers import ContainerLimits, expand
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from tests.evidence.conftest import ingest_paths

LETTER = b"Meet at the bus station at 10. Bring the passports.\n"


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_700_000_000
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _seven_zip(members: dict[str, bytes], password: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", password=password) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return buffer.getvalue()


def test_every_supported_container_is_opened(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    inner_zip = _zip({"notes/letter.txt": LETTER})
    (folder / "bundle.zip").write_bytes(_zip({"inner.zip": inner_zip, "readme.txt": b"hello\n"}))
    (folder / "backup.tar.gz").write_bytes(gzip.compress(_tar({"home/letter.txt": LETTER})))
    (folder / "letter.txt.bz2").write_bytes(bz2.compress(LETTER))
    (folder / "letter.txt.xz").write_bytes(lzma.compress(LETTER))
    (folder / "archive.7z").write_bytes(_seven_zip({"deep/letter.txt": LETTER}))
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder)
    by_path = {r["path"]: r for r in records}
    letter_md5 = hashlib.md5(LETTER).hexdigest()
    for path in ("/bundle.zip/inner.zip/notes/letter.txt", "/backup.tar.gz/backup.tar/home/letter.txt",
                 "/letter.txt.bz2/letter.txt", "/letter.txt.xz/letter.txt", "/archive.7z/deep/letter.txt"):
        assert by_path[path]["md5"] == letter_md5, path
        assert by_path[path]["mime"] == "text/plain" and by_path[path]["status"] == "ok"
    assert by_path["/bundle.zip"]["container"] == "zip"
    assert by_path["/bundle.zip/inner.zip"]["parent_id"] == by_path["/bundle.zip"]["id"]
    assert by_path["/bundle.zip/inner.zip/notes/letter.txt"]["parent_id"] == by_path["/bundle.zip/inner.zip"]["id"]


def test_zip_bomb_is_stopped_and_recorded(tmp_path: Path) -> None:
    bomb = _zip({f"layer{i}.bin": b"\0" * 20_000_000 for i in range(5)})  # 100 MB from ~100 kB
    assert len(bomb) < 200_000
    expansion = expand(bomb, "zip", "bomb.zip", ContainerLimits(max_ratio=100))
    assert expansion.error and "budget" in expansion.error
    assert sum(member.size for member in expansion.members) <= len(bomb) * 100


def test_gzip_bomb_is_stopped(tmp_path: Path) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    expansion = expand(bomb, "gzip", "x.gz", ContainerLimits(max_ratio=100))
    assert expansion.error and "bomb" in expansion.error and expansion.members == []


def test_nesting_depth_is_limited(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    data = LETTER
    for level in range(12):
        data = _zip({f"level{level}.zip" if level else "letter.txt": data})
    (folder / "russian-doll.zip").write_bytes(data)
    records = ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder,
                           container_limits=ContainerLimits(max_depth=4))
    deepest = max(record["path"].count(".zip") for record in records)
    assert deepest == 5  # the container at depth 4 is listed but not opened


def test_self_containing_loop_is_not_followed(tmp_path: Path) -> None:
    from heroes_desktop.pipeline.item_processor import _process
    from heroes_desktop.pipeline.registry import default_registry
    from heroes_desktop.pipeline.stage import ItemInfo

    inner = _zip({"a.txt": b"a"})
    outer = _zip({"copy.zip": inner})
    info = ItemInfo(name="outer.zip", path="/outer.zip", size=len(outer), kind="file")
    chain = (hashlib.sha256(inner).hexdigest(),)  # as if `inner` were already open further up
    result = _process(info, iter([outer]), default_registry().select(None), ContainerLimits(), chain)
    copy = result.members[0]
    assert copy.entry["path"] == "/outer.zip/copy.zip" and copy.members == []
    assert any("loop" in message for _, message in copy.warnings)


def test_encrypted_archives_are_recorded(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "secret.7z").write_bytes(_seven_zip({"plan.txt": LETTER}, password="hunter2"))
    zipped = bytearray(_zip({"plan.txt": LETTER}, compression=zipfile.ZIP_STORED))
    # set the "encrypted" flag bit in the local and central headers, as an encrypting zip tool does
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = zipped.find(signature)
        zipped[position + flag_offset] |= 0x1
    (folder / "secret.zip").write_bytes(bytes(zipped))
    records = {r["path"]: r for r in ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder)}
    # issue 20: its members could not be read, so the archive is partial with why (this used to say ok)
    assert records["/secret.7z"]["encrypted"] is True and records["/secret.7z"]["status"] == "partial"
    assert "containers: encrypted" in records["/secret.7z"]["error"]
    assert records["/secret.zip"]["encrypted"] is True
    assert records["/secret.zip/plan.txt"]["encrypted"] is True
    assert records["/secret.zip/plan.txt"]["status"] == "failed" and records["/secret.zip/plan.txt"]["md5"] is None


def test_corrupt_containers_are_item_errors(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    good = _zip({"a.txt": LETTER, "b.txt": LETTER * 3})
    (folder / "truncated.zip").write_bytes(good[: len(good) // 2])
    (folder / "garbage.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\x00\xff" * 500)
    (folder / "broken.gz").write_bytes(gzip.compress(LETTER * 100)[:-20])
    (folder / "fine.txt").write_bytes(LETTER)
    records = {r["path"]: r for r in ingest_paths(tmp_path / "c.heroes", examiner, examiner_key, folder)}
    assert records["/fine.txt"]["status"] == "ok"
    for name in ("/truncated.zip", "/garbage.7z", "/broken.gz"):
        assert records[name]["md5"] is not None  # the container itself is still hashed
