"""A model is loaded from the bytes that were hashed, and the verified-model cache notices any rewrite (issue 20):
a same-size rewrite with the modification time set back, or a file swapped in by rename, is hashed again."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml

from heroes_desktop.models import loading, manifest
from heroes_desktop.models.digests import file_sha256
from heroes_desktop.models.errors import ModelAltered
from heroes_desktop.models.loading import model_spec, verified_bytes, verified_copy, verified_path
from heroes_desktop.models.manifest import models_folder
from heroes_desktop.models.runtime import onnx_session

ENTRY = {"id": "tiny", "task": "context", "licence": "CC0-1.0", "source": "made by the test"}
WEIGHTS = bytes(range(256)) * 64


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    weights = tmp_path / "tiny.onnx"
    weights.write_bytes(WEIGHTS)
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump(
        {"models": [{**ENTRY, "file": "tiny.onnx", "sha256": file_sha256(weights)}]}), encoding="utf-8")
    manifest._load.cache_clear()
    loading._verified.clear()
    return weights


def _same_size_other_bytes() -> bytes:
    data = bytearray(WEIGHTS)
    data[1000] ^= 0x01
    return bytes(data)


def test_a_rewrite_in_place_with_the_old_mtime_is_hashed_again(tiny: Path) -> None:
    spec = model_spec("tiny", tiny.parent)
    assert verified_path(spec, tiny.parent) == tiny
    before = tiny.stat()
    with tiny.open("r+b") as stream:  # same inode, same size
        stream.write(_same_size_other_bytes())
    os.utime(tiny, ns=(before.st_atime_ns, before.st_mtime_ns))  # the modification time put back
    assert (tiny.stat().st_size, tiny.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ModelAltered, match="tiny.onnx"):
        verified_path(spec, tiny.parent)


def test_a_file_swapped_in_by_rename_is_hashed_again(tiny: Path) -> None:
    spec = model_spec("tiny", tiny.parent)
    verified_path(spec, tiny.parent)
    before = tiny.stat()
    swapped = tiny.with_name("swap.tmp")
    swapped.write_bytes(_same_size_other_bytes())
    os.utime(swapped, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(swapped, tiny)
    with pytest.raises(ModelAltered):
        verified_path(spec, tiny.parent)


def test_verified_bytes_are_the_bytes_hashed(tiny: Path) -> None:
    spec = model_spec("tiny", tiny.parent)
    assert verified_bytes(spec, tiny.parent) == WEIGHTS
    tiny.write_bytes(_same_size_other_bytes())
    with pytest.raises(ModelAltered):
        verified_bytes(spec, tiny.parent)


def test_a_verified_copy_is_private_and_removed() -> None:
    with verified_copy(b"weights", "model.pt") as copy:
        assert copy.read_bytes() == b"weights" and copy.name == "model.pt"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
            assert copy.parent.parent == Path("/dev/shm")
    assert not copy.parent.exists()


def test_an_onnx_session_is_made_from_the_verified_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("manifest.yaml", "retinaface_mobilenet025.onnx"):
        shutil.copyfile(models_folder() / name, folder / name)
    monkeypatch.setenv("HEROES_MODELS_DIR", str(folder))
    manifest._load.cache_clear()
    onnx_session.cache_clear()
    try:
        session = onnx_session("retinaface-mobilenet025")
        assert session.get_inputs()
        assert session._model_path is None  # ONNX Runtime did not open the path again
        assert hashlib.sha256(session._model_bytes).hexdigest() == model_spec("retinaface-mobilenet025").sha256
    finally:
        onnx_session.cache_clear()
        manifest._load.cache_clear()
