"""A real case to browse: a seized folder with documents, an image, an archive, an e-mail and awkward folder
names, ingested by the real pipeline, with a hash set matched and examiners' tags (one withdrawn)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.hashsets.matching import compute_matches
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.hashsets.tagging import tag_files, withdraw_tags
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, SHARED_TESTDATA

REPORT = "Invoice for the apartment in Marbella, paid by Ms Oksana Petrenko.\n"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/first.txt", "first member of the archive")
        archive.writestr("second.txt", "second member")
    return buffer.getvalue()


def seized_folder(root: Path) -> Path:
    folder = root / "seized"
    (folder / "docs" / "sub").mkdir(parents=True)
    (folder / "docs" / "report.txt").write_text(REPORT)
    (folder / "docs" / "letter.pdf").write_bytes(
        (SHARED_TESTDATA / "py-pdf-sample-files" / "001-trivial" / "minimal-document.pdf").read_bytes())
    (folder / "docs" / "sub" / "deep.txt").write_text("a note deep down in the tree, about Segovia\n" * 3)
    (folder / "photos").mkdir()
    (folder / "photos" / "peppers.png").write_bytes((SHARED_TESTDATA / "imagehash" / "peppers.png").read_bytes())
    (folder / "photos" / "not-a-photo.jpg").write_text("plain text under an image's name\n")
    (folder / "archive.zip").write_bytes(_zip())
    (folder / "mail.eml").write_text("From: ana@example.org\nTo: bob@example.org\nSubject: Flight\n"
                                     "Content-Type: text/plain; charset=utf-8\n\nYour flight to Lisbon.\n")
    (folder / "Zeta.TXT").write_text("zeta " * 50)
    (folder / "alpha.txt").write_text("alpha")
    for name in ("odd", "odd-name", "odd.x"):  # siblings sorting around "odd/" in the folder index
        (folder / name / "in").mkdir(parents=True)
        (folder / name / "in" / "f.txt").write_text(name)
    (folder / "empty").mkdir()
    return folder


@pytest.fixture(scope="module")
def browse_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """Module-wide: the ingest is the slow part. Tests only read it (or tag files no other test looks at)."""
    root = tmp_path_factory.mktemp("browse")
    actor = Actor("Ana Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
    case = Case.create(root / "case.heroes", PASSPHRASE, actor, key, title="Browse")
    folder = seized_folder(root)
    add_evidence(case, folder)
    summary = ingest(case, IngestOptions(jobs=2, stages=("filetype", "hash", "text", "entities")))
    assert summary.status == "finished"
    md5 = hashlib.md5(REPORT.encode()).hexdigest()
    (root / "list.md5").write_text(f"{md5}\n")
    import_hashset(case, root / "list.md5", "md5", "lab list", category="CAT-5")
    compute_matches(case)
    by_path = {record["path"]: record["id"] for record in iter_files(case)}
    tag_files(case, [by_path["/alpha.txt"]], "CAT-1")
    tag_files(case, [by_path["/docs/report.txt"]], "invoices", note="the flat")
    tag_files(case, [by_path["/docs/report.txt"], by_path["/mail.eml"]], "to check")
    tag_files(case, [by_path["/Zeta.TXT"]], "CAT-3")
    withdraw_tags(case, [by_path["/Zeta.TXT"]], "CAT-3", reason="mistake")
    tag_files(case, [by_path["/mail.eml"]], "CAT-2")
    tag_files(case, [by_path["/mail.eml"]], "CAT-4")  # supersedes CAT-2
    case.ids = by_path  # type: ignore[attr-defined]
    yield case
    case.close()
