"""The one way to reach a model's files: check the SHA-256 first, then hand out the path.

Verification is cached per process by (path, size, mtime), so a worker checks a model once, not once per item.
"""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.models.digests import model_sha256
from heroes_desktop.models.errors import ModelAltered, ModelNotInstalled
from heroes_desktop.models.manifest import ModelSpec, load_manifest

_verified: dict[tuple[str, str, int, float], Path] = {}


def _stamp(path: Path) -> tuple[int, float]:
    if path.is_dir():
        files = [item.stat() for item in path.rglob("*") if item.is_file()]
        return sum(stat.st_size for stat in files), max((stat.st_mtime for stat in files), default=0.0)
    stat = path.stat()
    return stat.st_size, stat.st_mtime


def verified_path(spec: ModelSpec, folder: Path | None = None) -> Path:
    """The model's path once its SHA-256 matches the manifest; ModelAltered naming the file otherwise."""
    path = spec.location(folder)
    key = (spec.id, str(path), *_stamp(path))
    if key in _verified:
        return _verified[key]
    actual = model_sha256(path)
    if actual != spec.sha256:
        raise ModelAltered(f"model {spec.id}: {path} has SHA-256 {actual}, the manifest states {spec.sha256}")
    _verified[key] = path
    return path


def model_spec(model_id: str, folder: Path | None = None) -> ModelSpec:
    specs = load_manifest(folder)
    if model_id not in specs:
        raise ModelNotInstalled(f"model {model_id} is not in the manifest")
    return specs[model_id]


def installed_models(task: str | None = None, folder: Path | None = None) -> list[tuple[ModelSpec, str]]:
    """Every manifest model with its state: ``installed``, ``missing`` or ``altered`` (hash checked)."""
    states = []
    for spec in load_manifest(folder).values():
        if task and spec.task != task:
            continue
        try:
            verified_path(spec, folder)
            states.append((spec, "installed"))
        except ModelAltered:
            states.append((spec, "altered"))
        except ModelNotInstalled:
            states.append((spec, "missing"))
    return states
