"""Folder evidence hashed file by file when added (issue 20): the manifest in the case, its digest as the folder's
SHA-256 (what sha256sum prints, with sizes), access times kept, a second copy named, and an ingest that finds a
file changed or gone since intake says so in a warning and a custody event."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import evidence_manifests, warnings
from heroes_desktop.evidence import read_only
from heroes_desktop.evidence.folder_manifest import hash_folder, manifest_digest
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import PASSPHRASE


def _folder(root: Path) -> Path:
    (root / "docs" / "deep").mkdir(parents=True)
    (root / "docs" / "invoice.txt").write_text("invoice 2026-004\n")
    (root / "docs" / "deep" / "photo.bin").write_bytes(os.urandom(300_000))
    (root / "empty.txt").write_bytes(b"")
    os.symlink("docs/invoice.txt", root / "link-to-invoice")  # a link is not followed, not hashed
    return root


def test_a_folder_is_hashed_file_by_file_at_intake(tmp_path: Path, examiner: Actor,
                                                   examiner_key: SigningKey) -> None:
    folder = _folder(tmp_path / "usb")
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    before = {path: (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_atime_ns) for path in files}
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        record = add_evidence(case, folder)
        with case.reading() as connection:
            rows = {row.path: (row.size, row.sha256) for row in connection.execute(select(evidence_manifests))}
        added = next(event for event in case.events() if event.action == "evidence.added")
    expected = {"/" + path.relative_to(folder).as_posix(): (path.stat().st_size, before[path][0]) for path in files}
    assert rows == expected  # every regular file, the link left out
    # the digest is sha256sum's lines, with sizes, sorted by path: anyone can recompute it from the folder
    lines = "".join(f"{sha}  {size}  {path}\n" for path, (size, sha) in sorted(expected.items()))
    assert record.sha256 == hashlib.sha256(lines.encode()).hexdigest() == added.details["sha256"]
    assert record.metadata["manifest"]["files"] == 3 and record.size == sum(size for size, _ in expected.values())
    assert any("3 files hashed at intake" in note for note in record.notes)
    # evidence untouched, access times included (the process owns the files: O_NOATIME applies)
    assert {path: (hashlib.sha256(path.read_bytes()).hexdigest(), before[path][1]) for path in files} == before


def test_a_second_copy_of_a_folder_is_named_and_other_owners_files_are_said(tmp_path: Path, examiner: Actor,
                                                                          examiner_key: SigningKey,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = _folder(tmp_path / "first")
    second = tmp_path / "second"
    subprocess.run(["cp", "-a", str(first), str(second)], check=True)
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, first)
        copy = add_evidence(case, second)
    assert "same content as evidence 1 (first)" in copy.notes
    # files of another owner on a writable mount: the system refuses O_NOATIME, and the notes say so
    real_open = os.open

    def refusing(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & getattr(os, "O_NOATIME", 0) and not flags & os.O_DIRECTORY:
            raise PermissionError(1, "Operation not permitted")
        return real_open(path, flags, *args)

    monkeypatch.setattr(read_only.os, "open", refusing)
    manifest = hash_folder(first)
    assert manifest.access_time_refused == 3 and not manifest.access_times_kept
    assert any("access times may have changed: 3 files are not yours" in note for note in manifest.notes())
    assert manifest_digest(manifest.entries) == copy.sha256


def test_an_ingest_names_files_changed_or_gone_since_intake(tmp_path: Path, examiner: Actor,
                                                            examiner_key: SigningKey) -> None:
    folder = _folder(tmp_path / "usb")
    path = tmp_path / "c.heroes"
    with Case.create(path, PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, folder)
    (folder / "docs" / "invoice.txt").write_text("invoice 2026-005\n")  # changed on the drive after intake
    (folder / "empty.txt").unlink()  # and one gone
    with Case.open(path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert ingest(case, IngestOptions(jobs=1, stages=("hash",))).status == "finished"
        ingest(case, IngestOptions(jobs=1, stages=("hash",)))  # nothing new: no second event
        events = [event.details for event in case.events() if event.action == "evidence.changed_since_intake"]
        with case.reading() as connection:
            messages = [row.message for row in connection.execute(
                select(warnings).where(warnings.c.stage == "intake-check"))]
        assert case.verify().ok
    assert len(events) == 1
    assert events[0]["changed"] == 1 and events[0]["first_changed"] == ["/docs/invoice.txt"]
    assert events[0]["missing"] == 1 and events[0]["first_missing"] == ["/empty.txt"]
    assert len(messages) == 2 and any(message.startswith("changed since intake: SHA-256") for message in messages)
    assert json.dumps(events[0])  # plain data in the custody log
