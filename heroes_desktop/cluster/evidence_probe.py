"""Before its first batch of an evidence item, a node checks that it reads the same evidence as the workstation:
the size of each of the evidence's files and the SHA-256 of a sample, taken from the hashes the case recorded for
its items (and, before any item has a hash, from byte ranges the workstation hashes itself with plain reads).

A node that reads something else (another copy, a stale or wrong mount) is refused for that evidence; its batches go
to the other nodes. The probe is built here, on the workstation, and checked on the node inside its worker pool
(reading an item of a disk image runs the native file-system code).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

SAMPLE_ITEMS = 3
RANGE_BYTES = 1 << 20  # the first MiB of each raw file, when no item has a recorded hash yet


@dataclass(frozen=True)
class EvidenceProbe:
    evidence_id: int
    raw: tuple[tuple[str, int, str], ...]  # (path, size, sha256 of its first RANGE_BYTES) of the evidence's files
    items: tuple[tuple[Any, str], ...]  # (ContentRef, sha256 the case recorded)

    @property
    def key(self) -> str:
        """What a node remembers having checked (the same probe is not run twice on one node)."""
        return hashlib.sha256(repr((self.evidence_id, self.raw, [s for _, s in self.items])).encode()).hexdigest()


def _head_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.sha256(handle.read(RANGE_BYTES)).hexdigest()


def build_probe(case: Any, evidence_id: int, content_ref: Any, secrets: dict[int, dict[str, str]]) -> EvidenceProbe:
    """The probe of one evidence item: its files' sizes and a sample of hashes (recorded ones first)."""
    from heroes_desktop.case.schema import evidence, files, volumes

    columns = (files.c.id, files.c.path, files.c.name, files.c.kind, files.c.size, files.c.meta_addr,
               files.c.attr_type, files.c.attr_id, files.c.volume_id, files.c.sha256, volumes.c.offset,
               volumes.c.length, volumes.c.layers, evidence.c.format, evidence.c.paths)
    with case.reading() as connection:
        row = connection.execute(select(evidence).where(evidence.c.id == evidence_id)).one()
        content = (select(*columns).join(volumes, volumes.c.id == files.c.volume_id)
                   .join(evidence, evidence.c.id == files.c.evidence_id)
                   .where(files.c.evidence_id == evidence_id, files.c.parent_id.is_(None), files.c.size > 0,
                          files.c.kind.in_(("file", "virtual", "stream"))))
        hashed = connection.execute(content.where(files.c.sha256.is_not(None)).order_by(files.c.size)
                                    .limit(SAMPLE_ITEMS)).all()
        smallest = [] if hashed or row.format != "folder" else connection.execute(
            content.order_by(files.c.size).limit(SAMPLE_ITEMS)).all()
    items = tuple((content_ref(item, secrets), item.sha256) for item in hashed)
    paths = [Path(path) for path in json.loads(row.paths)]
    raw: list[tuple[str, int, str]] = []
    if row.format == "folder":  # nothing hashed yet: a few of the folder's small files, read plainly here
        for item in smallest:
            path = paths[0] / item.path.lstrip("/")
            try:
                raw.append((str(path), path.stat().st_size, _head_sha256(path)))
            except OSError:
                continue
    else:
        raw = [(str(path), path.stat().st_size, _head_sha256(path) if not items else "") for path in paths]
    return EvidenceProbe(evidence_id, tuple(raw), items)


def check_probe(probe: EvidenceProbe) -> list[str]:
    """What differs on this node (empty: it reads the same evidence). Runs in a worker of the node's pool."""
    from heroes_desktop.evidence.content import ContentReadError, iter_content

    problems = []
    for path, size, head in probe.raw:
        try:
            found = os.stat(path).st_size
        except OSError as error:
            problems.append(f"{path}: cannot be read here ({error.strerror or error})")
            continue
        if found != size:
            problems.append(f"{path}: {found:,} bytes here, {size:,} on the workstation")
        elif head and _head_sha256(Path(path)) != head:
            problems.append(f"{path}: its first bytes differ from the workstation's")
    for ref, sha256 in probe.items:
        digest = hashlib.sha256()
        try:
            for chunk in iter_content(ref):
                digest.update(chunk)
        except ContentReadError as error:
            problems.append(f"{ref.path}: cannot be read here ({error})")
            continue
        if digest.hexdigest() != sha256:
            problems.append(f"{ref.path}: SHA-256 {digest.hexdigest()[:16]}... here, the case recorded "
                            f"{sha256[:16]}...")
    return problems
