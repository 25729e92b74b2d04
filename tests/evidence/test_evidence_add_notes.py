"""``evidence add`` says what it found (issue 13): raw data with nothing to walk, a second copy of evidence already
in the case; and it leaves even the access times of the evidence as they were."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.pipeline.evidence_intake import add_evidence, list_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.evidence.conftest import DFVFS

OLD_ATIME = 1_000_000_000  # 2001: older than any mtime, so that even relatime would update it on a read


def _ext2(folder: Path, name: str = "disk.raw") -> Path:
    target = folder / name
    with gzip.open(DFVFS / "ext2.raw.gz") as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out)
    return target


def test_a_file_that_is_no_image_is_added_as_raw_data_with_a_note(new_case: Case, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.001"
    shutil.copyfile(DFVFS / "bogus.001", bogus)
    text = tmp_path / "notes.txt"
    text.write_text("this is a text file, not a disk image\n" * 100)
    for path in (bogus, text):
        record = add_evidence(new_case, path)
        assert record.format == "raw"
        assert record.notes == ["no volume system and no file system found: added as raw data; nothing to walk"]
    added = [event.details for event in new_case.events() if event.action == "evidence.added"]
    assert [details["notes"] for details in added] == [record.notes, record.notes]
    assert ingest(new_case, IngestOptions(jobs=1, stages=("hash",))).unreadable == []


def test_a_real_image_has_no_notes_and_its_volumes_are_scanned_at_add(new_case: Case, tmp_path: Path) -> None:
    record = add_evidence(new_case, _ext2(tmp_path))
    assert record.notes == []
    actions = [event.action for event in new_case.events()]
    assert actions[-2:] == ["evidence.added", "volumes.scanned"]
    assert [event.details for event in new_case.events()][-2]["notes"] == []


def test_a_second_copy_is_accepted_with_a_note_naming_the_first(new_case: Case, tmp_path: Path) -> None:
    original = _ext2(tmp_path)
    copy = tmp_path / "copy" / "renamed.img"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    first = add_evidence(new_case, original, label="Laptop HDD")
    second = add_evidence(new_case, copy)
    assert first.notes == [] and second.md5 == first.md5
    assert second.notes == [f"same content as evidence {first.id} (Laptop HDD)"]
    assert [event.details["notes"] for event in new_case.events() if event.action == "evidence.added"][-1] == \
        second.notes
    assert len(list_evidence(new_case)) == 2


@pytest.mark.parametrize("name", ["ext2.E01", "raw"])
def test_add_leaves_the_access_time_of_the_evidence_alone(new_case: Case, tmp_path: Path, name: str) -> None:
    if name == "raw":
        image = _ext2(tmp_path)
    else:
        image = tmp_path / name
        shutil.copyfile(DFVFS / name, image)
    os.utime(image, (OLD_ATIME, image.stat().st_mtime))
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    os.utime(image, (OLD_ATIME, image.stat().st_mtime))  # reading it here set it
    add_evidence(new_case, image)
    assert image.stat().st_atime == OLD_ATIME
    ingest(new_case, IngestOptions(jobs=1, stages=("hash",)))
    assert image.stat().st_atime == OLD_ATIME
    assert hashlib.sha256(image.read_bytes()).hexdigest() == digest
