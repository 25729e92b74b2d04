"""A folder evidence whose file names are not valid UTF-8 (issue 20's hostile-evidence campaign): before the fix
the walk's commit ended the ingest with ``UnicodeEncodeError: surrogates not allowed``."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.evidence.raw_names import printable_name, resolve_stored_path
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files

BAD = b"\xff\xfe-not-utf8"


def test_names_that_are_not_utf8_are_stored_escaped_and_read(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    raw_folder = os.fsencode(folder)
    Path(os.fsdecode(raw_folder + b"/" + BAD)).write_bytes(b"first")
    os.mkdir(raw_folder + b"/dir-\xe9")  # Latin-1 e-acute: not UTF-8
    Path(os.fsdecode(raw_folder + b"/dir-\xe9/inner\x80.txt")).write_bytes(b"second")
    (folder / "plain.txt").write_text("third")

    add_evidence(new_case, folder)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash")))
    assert summary.status == "finished"
    rows = {row["path"]: row for row in iter_files(new_case)}
    first = rows["/\\xff\\xfe-not-utf8"]
    assert first["status"] == "ok" and first["sha256"] == hashlib.sha256(b"first").hexdigest()
    inner = rows["/dir-\\xe9/inner\\x80.txt"]
    assert inner["name"] == "inner\\x80.txt" and inner["sha256"] == hashlib.sha256(b"second").hexdigest()
    assert rows["/plain.txt"]["sha256"] == hashlib.sha256(b"third").hexdigest()
    with new_case.reading() as connection:
        flags = dict(connection.exec_driver_sql("SELECT path, flags FROM files").all())
    assert flags["/\\xff\\xfe-not-utf8"] == f"raw_name={BAD.hex()}"  # the raw bytes, recoverable
    assert not flags["/plain.txt"]
    assert new_case.verify().ok


def test_escaping_keeps_valid_names_and_finds_the_real_file(tmp_path: Path) -> None:
    assert printable_name("résumé.txt") == "résumé.txt"
    assert printable_name(os.fsdecode(BAD)) == "\\xff\\xfe-not-utf8"
    Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + BAD)).write_bytes(b"x")
    found = resolve_stored_path(tmp_path, "/\\xff\\xfe-not-utf8")
    assert os.fsencode(found) == os.fsencode(tmp_path) + b"/" + BAD and found.read_bytes() == b"x"


def test_tar_members_whose_names_are_not_utf8(new_case: Case, tmp_path: Path) -> None:
    """A tar keeps any bytes in a member name; before the fix the members' commit ended the ingest."""
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8",
                      errors="surrogateescape") as archive:
        info = tarfile.TarInfo(os.fsdecode(b"inner-\xff.txt"))
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "odd.tar").write_bytes(buffer.getvalue())
    add_evidence(new_case, folder)
    summary = ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash")))
    assert summary.status == "finished"
    rows = {row["path"]: row for row in iter_files(new_case)}
    member = rows["/odd.tar/inner-\\xff.txt"]
    assert member["sha256"] == hashlib.sha256(b"hello").hexdigest()
    with new_case.reading() as connection:
        flags = connection.exec_driver_sql("SELECT flags FROM files WHERE name = 'inner-\\xff.txt'").scalar()
    assert flags == "raw_name=" + b"inner-\xff.txt".hex()
