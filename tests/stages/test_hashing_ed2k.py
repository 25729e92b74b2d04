"""The hash stage writes the eDonkey hash (ED2K) beside MD5, SHA-1 and SHA-256: through a real ingest of a folder,
for a file under one block, one across a block boundary, an empty file and a container's member."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from Cryptodome.Hash import MD4

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.hashing import ED2K_BLOCK
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.stages.hashing import HashStage


def test_the_stage_declares_ed2k() -> None:
    assert HashStage.writes == ("md5", "sha1", "sha256", "ed2k")


def test_an_ingest_fills_ed2k(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    big = random.Random(21).randbytes(ED2K_BLOCK + 5)
    (folder / "notes.txt").write_bytes(b"test")
    (folder / "video.avi").write_bytes(big)
    (folder / "empty.txt").write_bytes(b"")
    with zipfile.ZipFile(folder / "shared.zip", "w") as archive:
        archive.writestr("inside.txt", "test")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash"))).status == "finished"
    hashes = {row["path"]: row["ed2k"] for row in iter_files(new_case)}
    assert hashes["/notes.txt"] == "db346d691d7acc4dc2625db19f9e3f52"
    assert hashes["/shared.zip/inside.txt"] == "db346d691d7acc4dc2625db19f9e3f52"
    blocks = MD4.new(big[:ED2K_BLOCK]).digest() + MD4.new(big[ED2K_BLOCK:]).digest()
    assert hashes["/video.avi"] == MD4.new(blocks).hexdigest()
    assert hashes["/empty.txt"] == "31d6cfe0d16ae931b73c59d7e0c089c0"  # MD4 of nothing, as for every empty file
    assert hashes["/"] is None  # a folder has no content to hash
