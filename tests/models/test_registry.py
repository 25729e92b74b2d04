"""The model registry: every model's SHA-256 is checked before use; missing and altered models are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from heroes_desktop.models.digests import file_sha256, tree_sha256
from heroes_desktop.models.errors import ManifestError, ModelAltered, ModelNotInstalled
from heroes_desktop.models.loading import installed_models, model_spec, verified_path
from heroes_desktop.models.manifest import load_manifest, models_folder

ENTRY = {"id": "tiny", "task": "context", "licence": "CC0-1.0", "source": "made by the test"}


def _manifest(folder: Path, *entries: dict) -> None:
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"models": list(entries)}), encoding="utf-8")


def test_shipped_manifest_models_are_installed_and_intact() -> None:
    states = {spec.id: state for spec, state in installed_models(folder=models_folder())}
    assert states["spacy-en-core-web-sm"] == "installed"
    assert states["spacy-es-core-news-sm"] == "installed"
    for spec in load_manifest().values():
        assert spec.licence and spec.source and spec.known_errors, spec.id


def test_a_file_model_with_one_byte_changed_is_refused(tmp_path: Path) -> None:
    weights = tmp_path / "tiny.onnx"
    weights.write_bytes(bytes(range(256)) * 64)
    _manifest(tmp_path, {**ENTRY, "file": "tiny.onnx", "sha256": file_sha256(weights)})
    spec = model_spec("tiny", tmp_path)
    assert verified_path(spec, tmp_path) == weights
    data = bytearray(weights.read_bytes())
    data[1000] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelAltered, match="tiny.onnx"):
        verified_path(spec, tmp_path)
    assert installed_models(folder=tmp_path)[0][1] == "altered"


def test_a_missing_model_is_named(tmp_path: Path) -> None:
    _manifest(tmp_path, {**ENTRY, "file": "absent.pt", "sha256": "0" * 64},
              {**ENTRY, "id": "pkg", "package": "no_such_package_xyz", "resource": "x", "sha256": "0" * 64})
    with pytest.raises(ModelNotInstalled, match="absent.pt"):
        verified_path(model_spec("tiny", tmp_path), tmp_path)
    with pytest.raises(ModelNotInstalled, match="no_such_package_xyz"):
        verified_path(model_spec("pkg", tmp_path), tmp_path)
    with pytest.raises(ModelNotInstalled, match="not in the manifest"):
        model_spec("other", tmp_path)


def test_a_folder_model_changed_anywhere_is_refused(tmp_path: Path) -> None:
    spacy_model = model_spec("spacy-en-core-web-sm").location()
    copy = tmp_path / "pipeline"
    shutil.copytree(spacy_model, copy)
    _manifest(tmp_path, {**ENTRY, "task": "ner", "file": "pipeline", "sha256": tree_sha256(spacy_model)})
    spec = model_spec("tiny", tmp_path)
    assert verified_path(spec, tmp_path) == copy
    (copy / "ner" / "moves").write_bytes((copy / "ner" / "moves").read_bytes() + b" ")
    with pytest.raises(ModelAltered):
        verified_path(spec, tmp_path)


def test_malformed_manifests_are_clear_errors(tmp_path: Path) -> None:
    _manifest(tmp_path, {"id": "x", "task": "ner"})
    with pytest.raises(ManifestError, match="lacks"):
        load_manifest(tmp_path)
    _manifest(tmp_path, {**ENTRY, "file": "a", "sha256": "0" * 64}, {**ENTRY, "file": "b", "sha256": "0" * 64})
    with pytest.raises(ManifestError, match="twice"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.yaml").write_text("models: [: bad", encoding="utf-8")
    with pytest.raises(ManifestError):
        load_manifest(tmp_path)
