"""``models/manifest.yaml``: what each model is, where its files are, and the SHA-256 they must have.

An entry names either ``file`` (relative to the models folder, for weights a lab places there) or ``package`` +
``resource`` (a file or folder inside an installed Python package that ships its weights). Packages are located
with ``importlib.util.find_spec`` without importing them, so no model code runs before its hash is checked.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from heroes_desktop.models.errors import ManifestError, ModelNotInstalled

REQUIRED = ("id", "task", "sha256", "licence", "source")


def models_folder() -> Path:
    """``HEROES_MODELS_DIR`` when set, else the ``models/`` folder shipped beside the package."""
    configured = os.environ.get("HEROES_MODELS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class ModelSpec:
    id: str
    task: str
    sha256: str
    licence: str
    source: str
    file: str | None = None
    package: str | None = None
    resource: str | None = None
    version: str | None = None
    language: str | None = None
    input: dict[str, Any] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    known_errors: str = ""

    def location(self, folder: Path | None = None) -> Path:
        """Where the model's files are on this machine; ModelNotInstalled when they are not."""
        if self.file:
            path = (folder or models_folder()) / self.file
        else:
            spec = importlib.util.find_spec(self.package or "")
            if spec is None or not spec.submodule_search_locations:
                raise ModelNotInstalled(f"model {self.id}: package {self.package} is not installed")
            path = Path(list(spec.submodule_search_locations)[0]).parent / (self.resource or "")
        if not path.exists():
            raise ModelNotInstalled(f"model {self.id}: {path} is missing")
        return path

    def describe(self) -> dict[str, Any]:
        """What the custody log records about a model a run used."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256, "source": self.source}


def _spec(entry: dict[str, Any], where: Path) -> ModelSpec:
    missing = [key for key in REQUIRED if not entry.get(key)]
    if missing or not (entry.get("file") or (entry.get("package") and entry.get("resource"))):
        raise ManifestError(f"{where}: model {entry.get('id', '?')} lacks {missing or ['file or package+resource']}")
    known = {name for name in ModelSpec.__dataclass_fields__}
    values = {key: value for key, value in entry.items() if key in known}
    values["labels"] = tuple(values.get("labels", ()))
    values["sha256"] = str(values["sha256"]).lower()
    return ModelSpec(**values)


@lru_cache(maxsize=4)
def _load(path: Path, stamp: float) -> dict[str, ModelSpec]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ManifestError(f"{path}: {error}") from error
    specs: dict[str, ModelSpec] = {}
    for entry in document.get("models", []):
        spec = _spec(entry, path)
        if spec.id in specs:
            raise ManifestError(f"{path}: model id {spec.id} is listed twice")
        specs[spec.id] = spec
    return specs


def load_manifest(folder: Path | None = None) -> dict[str, ModelSpec]:
    """The manifest's models by id (an absent manifest is an empty registry)."""
    path = (folder or models_folder()) / "manifest.yaml"
    if not path.exists():
        return {}
    return _load(path, path.stat().st_mtime)
