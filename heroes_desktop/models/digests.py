"""SHA-256 of a model: of its file, or for a model that is a folder (a spaCy pipeline), of the sorted list of
its files' relative paths and SHA-256s, so that one digest pins every byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

from heroes_desktop.core.hashing import file_sha256

__all__ = ["file_sha256", "model_sha256", "tree_sha256"]


def tree_sha256(folder: Path) -> str:
    """Digest of a folder: ``relative/path\\0sha256\\n`` for every file, sorted; caches are left out."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            lines.append(f"{path.relative_to(folder).as_posix()}\0{file_sha256(path)}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def model_sha256(path: Path) -> str:
    return tree_sha256(path) if path.is_dir() else file_sha256(path)


if __name__ == "__main__":  # print the digest a manifest entry needs
    import sys

    for argument in sys.argv[1:]:
        print(model_sha256(Path(argument)), argument)
