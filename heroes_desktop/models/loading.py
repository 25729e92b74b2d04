"""The one way to reach a model's files: check the SHA-256 first, then hand out the path or, better, the bytes.

A path checked and then opened again by a loader leaves a moment in which the file can be replaced (and an
Ultralytics ``.pt`` is a pickle): :func:`verified_bytes` reads a file model once, hashes exactly those bytes and
returns them, for loaders that take bytes (ONNX Runtime); :func:`verified_copy` puts such bytes in a private file
on memory-backed storage for loaders that take only a path (Ultralytics), removed once it is loaded.

Verification is cached per process by each file's (device, inode, size, mtime_ns, ctime_ns): a file replaced or
rewritten in place, even to the same size with its modification time set back, changes its inode or its ctime, so
it is hashed again. A worker checks an unchanged model once, not once per item.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from heroes_desktop.models.digests import model_sha256
from heroes_desktop.models.errors import ModelAltered, ModelError, ModelNotInstalled
from heroes_desktop.models.manifest import ModelSpec, load_manifest

FileStamp = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns
_verified: dict[tuple[str, str, object], Path] = {}
MEMORY_BACKED = Path("/dev/shm")


def _file_stamp(stat: os.stat_result) -> FileStamp:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def _stamp(path: Path) -> object:
    """What identifies the file's present content cheaply; for a folder, that of each file with its relative path."""
    if path.is_dir():
        return tuple(sorted((item.relative_to(path).as_posix(), *_file_stamp(item.stat()))
                            for item in path.rglob("*") if item.is_file() and "__pycache__" not in item.parts))
    return _file_stamp(path.stat())


def verified_path(spec: ModelSpec, folder: Path | None = None) -> Path:
    """The model's path once its SHA-256 matches the manifest; ModelAltered naming the file otherwise."""
    path = spec.location(folder)
    key = (spec.id, str(path), _stamp(path))
    if key in _verified:
        return _verified[key]
    actual = model_sha256(path)
    if actual != spec.sha256:
        raise ModelAltered(f"model {spec.id}: {path} has SHA-256 {actual}, the manifest states {spec.sha256}")
    _verified[key] = path
    return path


def verified_bytes(spec: ModelSpec, folder: Path | None = None) -> bytes:
    """The bytes of a file model, read once and returned only when they hash to the manifest's SHA-256 (so what
    is loaded is what was checked); ModelAltered otherwise, ModelError for a model that is a folder."""
    path = spec.location(folder)
    if path.is_dir():
        raise ModelError(f"model {spec.id}: {path} is a folder, not one file")
    with path.open("rb") as stream:
        data = stream.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != spec.sha256:
        raise ModelAltered(f"model {spec.id}: {path} has SHA-256 {actual}, the manifest states {spec.sha256}")
    return data


@contextmanager
def verified_copy(data: bytes, name: str) -> Iterator[Path]:
    """``data`` (verified bytes) as the file ``name`` in a new private folder (mode 0700, the file 0600), on
    memory-backed storage where the machine has it; the folder is removed when the block ends."""
    root = MEMORY_BACKED if MEMORY_BACKED.is_dir() and os.access(MEMORY_BACKED, os.W_OK | os.X_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="heroes-model-", dir=root))
    try:
        copy = folder / Path(name).name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(copy, flags, 0o600), "wb") as stream:
            stream.write(data)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
