"""An image's size and MD5, SHA-1 and SHA-256 in one read pass; for EWF, its stored hashes and acquisition metadata;
for a virtual disk, its container format, parents and the SHA-256 of each of its files.

Runs in a worker (libewf and libyal are native code). A chunk that cannot be read is reported with its offset and
counted as zeros, so that the rest of the image is still hashed and nothing is blocked silently.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.core.child_environment import minimal_environment
from heroes_desktop.core.hashing import MultiHasher
from heroes_desktop.evidence.errors import ImageReadError
from heroes_desktop.evidence.read_only import open_read_only
from heroes_desktop.evidence.readers import EwfReader, open_image
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.evidence.virtual_disks import VirtualDiskReader

READ_SIZE = 4 * 2**20
RETRY_SIZE = 32 * 1024


@dataclass
class ImageDescription:
    size: int
    md5: str | None
    sha1: str | None
    sha256: str | None
    stored_md5: str | None = None
    stored_sha1: str | None = None
    verified: bool | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    read_errors: list[dict[str, Any]] = field(default_factory=list)


def describe_image(source: EvidenceSource,
                   progress: Callable[[int, int], None] | None = None) -> ImageDescription:
    """Hash the whole image once (``progress(bytes_done, bytes_total)`` after each read); compare with the hashes an
    EWF set stores."""
    if source.format is EvidenceFormat.FOLDER:
        raise ValueError("a folder has no single image to hash")
    reader = open_image(source)
    try:
        hasher, errors = MultiHasher(ed2k=False), []  # an image's ED2K names no file a P2P client shares
        offset = 0
        while offset < reader.size:
            length = min(READ_SIZE, reader.size - offset)
            hasher.update(_read_or_zeros(reader, offset, length, errors))
            offset += length
            if progress:
                progress(offset, reader.size)
        digests = hasher.hexdigests()
        description = ImageDescription(size=reader.size, read_errors=errors, **digests)
        if isinstance(reader, EwfReader):
            metadata = reader.metadata()
            stored = metadata.pop("stored_hashes")
            description.metadata = metadata
            description.stored_md5, description.stored_sha1 = stored.get("md5"), stored.get("sha1")
            checks = [description.stored_md5 == digests["md5"]] if description.stored_md5 else []
            if description.stored_sha1:
                checks.append(description.stored_sha1 == digests["sha1"])
            description.verified = all(checks) and not errors if checks else None
            if description.verified is not True:
                description.read_errors.extend(locate_corrupt_chunks(source, metadata["bytes_per_sector"]))
                if description.read_errors:
                    description.verified = False
        if isinstance(reader, VirtualDiskReader):
            description.metadata = {**reader.metadata(), "container_files": hash_container_files(source.paths)}
        return description
    finally:
        reader.close()


def hash_container_files(paths: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each file of a virtual disk (descriptor, extents, parents) with its own size and SHA-256, read read-only.

    The media hashes say what the disk holds; these say which files were examined, as custody needs.
    """
    records = []
    for path in paths:
        descriptor = open_read_only(path)
        try:
            digest, size = hashlib.sha256(), 0
            while chunk := os.read(descriptor, READ_SIZE):
                digest.update(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
        records.append({"path": path, "size": size, "sha256": digest.hexdigest()})
    return records


_SECTOR_ERROR = re.compile(r"at sector\(s\):\s*(\d+)\s*-\s*(\d+)\s*\(number:\s*(\d+)\)")


def locate_corrupt_chunks(source: EvidenceSource, bytes_per_sector: int) -> list[dict[str, Any]]:
    """Byte ranges whose stored chunk checksums fail, found by libewf's own ``ewfverify``.

    Run only when the stored hash does not verify (or there is none): it is a second pass, needed because libewf
    returns a damaged chunk's bytes without telling its Python binding. It gets a minimal environment (never a
    passphrase), with the C locale so that its messages are the English ones parsed here.
    """
    binary = shutil.which("ewfverify")
    if binary is None:
        return [_verification_failed("ewfverify (ewf-tools) is not installed: corrupt chunks cannot be located")]
    completed = subprocess.run([binary, "-q", source.paths[0]], capture_output=True, text=True, timeout=24 * 3600,
                               check=False, env=minimal_environment(LC_ALL="C"))
    return ewfverify_findings(completed, bytes_per_sector)


def _verification_failed(reason: str) -> dict[str, Any]:
    return {"offset": None, "length": None, "error": f"verification failed: {reason}"[:500]}


_BANNER = re.compile(r"^ewfverify \d+$")


def ewfverify_findings(completed: subprocess.CompletedProcess[str], bytes_per_sector: int) -> list[dict[str, Any]]:
    """What a finished ``ewfverify -q`` says: the byte ranges of the chunks whose checksums fail, or, when it
    failed without naming any (it could not open or read the set, crashed, was killed, or exited with a status
    other than 0 and 1), one entry "verification failed: <reason>". Only exit status 0 means nothing was found:
    a failure is never read as "no damaged chunks"."""
    output = (completed.stdout or "") + (completed.stderr or "")
    chunks = [
        {"offset": int(first) * bytes_per_sector, "length": int(count) * bytes_per_sector,
         "error": f"chunk checksum error in sectors {first}-{last}"}
        for first, last, count in _SECTOR_ERROR.findall(output)
    ]
    status = completed.returncode
    if status == 0 or (status == 1 and chunks):
        return chunks
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return [*chunks, _verification_failed(f"ewfverify was killed by {name}")]
    said = [" ".join(line.split()) for line in output.splitlines()
            if line.strip() and not _BANNER.match(line.strip()) and "at sector(s):" not in line]
    reason = "; ".join(said[-3:]) or "it printed nothing"
    return [*chunks, _verification_failed(f"ewfverify exited with status {status}: {reason}")]


def _read_or_zeros(reader: Any, offset: int, length: int, errors: list[dict[str, Any]]) -> bytes:
    try:
        return reader.read(offset, length)
    except ImageReadError:
        pass
    parts = []  # narrow the damage down to RETRY_SIZE pieces
    for start in range(offset, offset + length, RETRY_SIZE):
        size = min(RETRY_SIZE, offset + length - start)
        try:
            parts.append(reader.read(start, size))
        except ImageReadError as error:
            if errors and errors[-1]["offset"] + errors[-1]["length"] == start:
                errors[-1]["length"] += size
            else:
                errors.append({"offset": start, "length": size, "error": str(error)})
            parts.append(bytes(size))
    return b"".join(parts)
