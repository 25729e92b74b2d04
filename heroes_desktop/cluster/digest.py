"""The environment digest of a node: the program version, the versions of the packages that shape results, and
the SHA-256 of every model the manifest pins. Two nodes with the same digest produce the same results from the same
item; a node whose digest differs from the workstation's is refused, and every batch's custody record names the
digest of the node that ran it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from typing import Any

from heroes_desktop import PROGRAM_NAME, __version__

# The distributions whose versions decide what the stages find (parsers, decoders, models' runtimes, the engine).
PACKAGES = (
    "pytsk3", "libewf-python", "libfsapfs-python", "pillow", "numpy", "onnxruntime", "onnxruntime-gpu", "torch",
    "spacy", "pymupdf", "python-magic", "imagehash", "py7zr", "rarfile", "pyzipper", "opencv-python-headless",
    "scikit-learn", "dask", "distributed", "cloudpickle", "msgpack", "cryptography",
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _models() -> dict[str, str]:
    """Model id -> pinned SHA-256 (a model is loaded only when its files hash to it: :mod:`heroes_desktop.models`)."""
    from heroes_desktop.models.errors import ModelError
    from heroes_desktop.models.manifest import load_manifest

    try:
        return {model_id: spec.sha256 for model_id, spec in sorted(load_manifest().items())}
    except ModelError as error:
        return {"manifest": f"unreadable: {error}"}


@functools.cache
def environment() -> dict[str, Any]:
    """What the digest is made of (cached: it does not change while a process runs)."""
    import sys

    return {"program": f"{PROGRAM_NAME} {__version__}", "python": sys.version.split()[0],
            "packages": {name: _version(name) for name in PACKAGES}, "models": _models()}


def digest_of(description: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()


def environment_digest() -> str:
    return digest_of(environment())


def differences(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """What differs, one phrase each (``numpy 2.1.0 here, 2.0.1 there``), for the refusal's message."""
    found = []
    for key in ("program", "python"):
        if ours.get(key) != theirs.get(key):
            found.append(f"{key} {ours.get(key)} here, {theirs.get(key)} there")
    for group in ("packages", "models"):
        mine, other = ours.get(group, {}), theirs.get(group, {})
        for name in sorted(set(mine) | set(other)):
            if mine.get(name) != other.get(name):
                found.append(f"{group[:-1]} {name} {mine.get(name, 'absent')} here, {other.get(name, 'absent')} there")
    return found or ["the digests differ"]
