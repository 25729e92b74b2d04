"""Damaged and hostile evidence never crashes a run: each problem becomes a recorded error."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from sqlalchemy import func, select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import files, volumes, warnings
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import PASSPHRASE, sha256_file
from tests.evidence.conftest import DFVFS

MUTANTS = 24


def _writable_copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    os.chmod(target, 0o644)
    return target


def test_corrupt_e01_chunks_are_reported_with_offsets(new_case: Case, tmp_path: Path) -> None:
    damaged = _writable_copy(DFVFS / "ext2.E01", tmp_path / "damaged.E01")
    data = bytearray(damaged.read_bytes())
    for offset in (3000, 9000):
        data[offset:offset + 16] = b"\xff" * 16
    damaged.write_bytes(bytes(data))
    before = sha256_file(damaged)
    record = add_evidence(new_case, damaged)
    assert record.stored_md5 == "196066add11fb71c4c49cf1bb50d6d24" and record.md5 != record.stored_md5
    assert record.verified is False
    assert record.read_errors and all(error["offset"] % 512 == 0 and error["length"] > 0
                                      for error in record.read_errors)
    event = [e for e in new_case.events() if e.action == "evidence.added"][-1]
    assert event.details["verified"] is False and event.details["read_errors"] == record.read_errors
    assert sha256_file(damaged) == before


def _mutate(source: bytes, rng: random.Random, region: int) -> bytes:
    data = bytearray(source)
    for _ in range(rng.randint(1, 40)):
        position = rng.randrange(0, region)
        data[position] = rng.randrange(256)
    return bytes(data)


def test_mutated_file_system_metadata_never_crashes_a_run(
    unpacked: Path, tmp_path: Path, examiner: Actor, examiner_key: SigningKey
) -> None:
    rng = random.Random(1337)
    originals = [(unpacked / "ext2.raw").read_bytes(), (unpacked / "mbr.raw").read_bytes()]
    folder = tmp_path / "mutants"
    folder.mkdir()
    images = []
    for index in range(MUTANTS):
        original = originals[index % 2]
        image = folder / f"mutant-{index:02d}.raw"
        image.write_bytes(_mutate(original, rng, region=200 * 1024))  # superblocks, group tables, inodes, dirs
        images.append(image)
    (folder / "truncated.raw").write_bytes(originals[0][: len(originals[0]) // 3])
    (folder / "random.raw").write_bytes(random.Random(7).randbytes(2 * 2**20))
    (folder / "zeros.raw").write_bytes(bytes(2**20))
    images += [folder / "truncated.raw", folder / "random.raw", folder / "zeros.raw"]
    before = {image: sha256_file(image) for image in images}

    case_path = tmp_path / "mutants.heroes"
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        for image in images:
            add_evidence(case, image)
        summary = ingest(case, IngestOptions(jobs=2, walk_seconds=60, seconds_base=30))
        assert summary.status == "finished"
        with case.reading() as connection:
            pending = connection.execute(select(func.count()).where(files.c.status == "pending")).scalar_one()
            failed = connection.execute(select(files.c.error).where(files.c.status == "failed")).scalars().all()
            scanned = connection.execute(select(func.count(func.distinct(volumes.c.evidence_id)))).scalar_one()
            notes = connection.execute(select(func.count()).select_from(warnings)).scalar_one()
        assert pending == 0 and scanned == len(images)
        assert all(error for error in failed)  # every failure says why
        assert notes > 0  # unknown volumes and unreadable directories were recorded
        assert case.verify().ok
    assert {image: sha256_file(image) for image in images} == before
