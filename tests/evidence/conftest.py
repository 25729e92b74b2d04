"""Evidence fixtures: the real images of ``shared/testdata``, unpacked into temporary folders when gzipped."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import PASSPHRASE, SHARED_TESTDATA

DFVFS = SHARED_TESTDATA / "dfvfs"
SLEUTHKIT = SHARED_TESTDATA / "sleuthkit"
PYTSK = SHARED_TESTDATA / "pytsk"


def gunzip_to(source: Path, folder: Path) -> Path:
    target = folder / source.name.removesuffix(".gz")
    with gzip.open(source) as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out)
    return target


@pytest.fixture(scope="session")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    for name in ("ext2.raw.gz", "mbr.raw.gz"):
        gunzip_to(DFVFS / name, folder)
    return folder


def ingest_paths(case_path: Path, actor: Actor, key: SigningKey, *paths: Path, jobs: int = 2,
                 **options: object) -> list[dict]:
    """A new case with ``paths`` as evidence, fully ingested; returns ``heroes files`` records."""
    with Case.create(case_path, PASSPHRASE, actor, key) as case:
        for path in paths:
            add_evidence(case, path)
        summary = ingest(case, IngestOptions(jobs=jobs, **options))  # type: ignore[arg-type]
        assert summary.status == "finished"
        return list(iter_files(case))


@pytest.fixture
def open_rw(examiner: Actor, examiner_key: SigningKey) -> Iterator[object]:
    def opener(path: Path) -> Case:
        return Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key)

    yield opener
