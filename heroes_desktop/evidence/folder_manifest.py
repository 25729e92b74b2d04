"""Folder evidence hashed file by file when it is added: the intake manifest.

An image has one hash that proves later that it is the same image; a folder (a phone's extraction, a copy of a
share) has none, so each file is hashed (SHA-256) when the examiner adds it, and the manifest (path, size, SHA-256
per file) is kept in the case. Its digest, the SHA-256 of the lines ``<sha256>  <size>  <path>`` sorted by path
(what ``sha256sum`` prints, with the size), stands for the folder as an image's hash does: it is the evidence's
SHA-256 in the custody log. The ingest later compares each file's hash with the manifest (``intake-check``), so a
file changed after intake is named. Reading keeps access times where the system allows (O_NOATIME); where it does
not (files of another owner on a writable mount), the notes say so."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from heroes_desktop.evidence.folder_walk import walk_folder
from heroes_desktop.evidence.raw_names import resolve_stored_path
from heroes_desktop.evidence.read_only import access_time_refusals, mounted_read_only, open_read_only

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ManifestEntry:
    path: str  # as the walk stores it ("/"-separated, from "/")
    size: int
    sha256: str


@dataclass
class FolderManifest:
    entries: list[ManifestEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files or folders that could not be read, and why
    access_times_kept: bool = True
    access_time_refused: int = 0  # files opened without O_NOATIME (another owner's, on a writable mount)

    @property
    def bytes(self) -> int:
        return sum(entry.size for entry in self.entries)

    @property
    def digest(self) -> str:
        return manifest_digest(self.entries)

    def notes(self) -> list[str]:
        notes = [f"{len(self.entries):,} files hashed at intake (SHA-256 each; manifest SHA-256 {self.digest})"]
        if self.access_time_refused:
            notes.append(f"access times may have changed: {self.access_time_refused:,} files are not yours, and the "
                         "system reads another owner's files only with access-time updates (mount the evidence "
                         "read-only, e.g. mount -o ro,noatime, to keep them)")
        if self.problems:
            notes.append(f"{len(self.problems):,} files or folders could not be read at intake (first: "
                         f"{self.problems[0]})")
        return notes


def manifest_lines(entries: list[ManifestEntry]) -> Iterator[bytes]:
    for entry in sorted(entries, key=lambda item: item.path):
        yield f"{entry.sha256}  {entry.size}  {entry.path}\n".encode("utf-8", "surrogateescape")


def manifest_digest(entries: list[ManifestEntry]) -> str:
    digest = hashlib.sha256()
    for line in manifest_lines(entries):
        digest.update(line)
    return digest.hexdigest()


def hash_folder(root: Path, progress: Callable[[int, int], None] | None = None) -> FolderManifest:
    """Walk ``root`` (no links followed) and hash each regular file; ``progress(bytes_done, bytes_total)``."""
    manifest = FolderManifest()
    files = [entry for entry in walk_folder(root, manifest.problems) if entry.kind == "file"]
    total, done = sum(entry.size for entry in files), 0
    refused_before = access_time_refusals()
    for entry in files:
        try:
            sha256, size = _hash_file(resolve_stored_path(root, entry.path))
        except OSError as error:
            manifest.problems.append(f"{entry.path}: {error.strerror or error}")
            continue
        manifest.entries.append(ManifestEntry(entry.path, size, sha256))
        done += entry.size
        if progress is not None:
            progress(done, total)
    manifest.access_time_refused = access_time_refusals() - refused_before
    if mounted_read_only(str(root)):
        manifest.access_time_refused = 0  # nothing on a read-only mount changes
    manifest.access_times_kept = manifest.access_time_refused == 0
    return manifest


def _hash_file(path: Path) -> tuple[str, int]:
    descriptor = open_read_only(str(path))
    digest, offset = hashlib.sha256(), 0
    try:
        while data := os.pread(descriptor, CHUNK, offset):
            digest.update(data)
            offset += len(data)
    finally:
        os.close(descriptor)
    return digest.hexdigest(), offset


__all__ = ["FolderManifest", "ManifestEntry", "hash_folder", "manifest_digest", "manifest_lines"]
