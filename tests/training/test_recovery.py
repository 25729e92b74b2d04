"""The rule that says what a planted deletion leaves, and the NTFS writer's deletions and late writes, judged by
The Sleuth Kit's own tools on a small image."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from heroes_desktop.training.errors import TrainingError
from heroes_desktop.training.ntfs_writer import format_ntfs, populate_in_worker
from heroes_desktop.training.recovery import KEPT, Operation, recovery
from tests.training.sleuthkit import icat_md5, names

CLOCK = 1_767_225_600


def test_nothing_written_after_a_deletion_keeps_the_content() -> None:
    log = [Operation("write", "/a", 70), Operation("write", "/b", 71), Operation("delete", "/a", 70)]
    found = recovery("ntfs", "/a", log)
    assert (found.content, found.listed, found.note, found.record, found.reused_by) == (True, True, KEPT["ntfs"], 70,
                                                                                      None)
    assert recovery("fat32", "/a", [Operation("write", "/a"), Operation("delete", "/a")]).content


def test_a_reused_mft_record_takes_the_content_and_the_name() -> None:
    log = [Operation("write", "/a", 70), Operation("delete", "/a", 70), Operation("write", "/late", 70)]
    found = recovery("ntfs", "/a", log)
    assert (found.content, found.listed, found.reused_by) == (False, False, "/late")
    assert found.note.startswith("MFT record 70 reused by /late")


def test_a_write_after_a_deletion_that_may_reuse_it_is_refused() -> None:
    with pytest.raises(TrainingError, match="could not say"):
        recovery("ntfs", "/a", [Operation("write", "/a", 70), Operation("delete", "/a", 70),
                                Operation("write", "/late", 90)])
    with pytest.raises(TrainingError, match="could not say"):
        recovery("ext4", "/a", [Operation("write", "/a"), Operation("delete", "/a"), Operation("write", "/late")])
    with pytest.raises(TrainingError, match="did not both write and delete"):
        recovery("fat32", "/a", [Operation("write", "/a")])


def test_ntfs_deletions_and_a_late_write_are_what_tsk_reads(tmp_path: Path) -> None:
    """Two deletions in one folder, a file written into it after the first: the late file takes the first one's
    record (lowest free, after the remount), the second deletion keeps its content, and the folder's index lists
    no stale name (libntfs-3g must not hold two open copies of the folder)."""
    image = tmp_path / "small.img"
    format_ntfs(image, 8 * 1024 * 1024, 0, "T", 1, CLOCK)
    contents = {"/D/a.txt": b"first " * 700, "/D/b.txt": b"second " * 700, "/D/c.txt": b"third " * 700,
                "/D/late.txt": b"late " * 600}
    entries = {}
    for index, (path, data) in enumerate(contents.items()):
        source = tmp_path / f"source-{index}"
        source.write_bytes(data)
        entries[path] = {"path": path, "source": str(source), "mtime": CLOCK - 86_400, "streams": {}}
    plan = {"folders": ["/D"], "files": [entries[p] for p in ("/D/a.txt", "/D/b.txt", "/D/c.txt")],
            "then": [{"delete": "/D/a.txt"}, {"write": entries["/D/late.txt"]}, {"delete": "/D/b.txt"}],
            "folder_time": CLOCK}
    log = [Operation(**op) for op in populate_in_worker(image, plan, CLOCK)]
    records = {op.path: op.record for op in log if op.action == "write"}
    assert records["/D/late.txt"] == records["/D/a.txt"]
    assert not recovery("ntfs", "/D/a.txt", log).content and recovery("ntfs", "/D/b.txt", log).content
    listing = {(name.path, name.deleted): name for name in names(image, 0) if name.path.startswith("/D/")}
    assert set(listing) == {("/D/b.txt", True), ("/D/c.txt", False), ("/D/late.txt", False)}
    for path, deleted in listing:
        name = listing[(path, deleted)]
        assert name.record == records[path]
        assert icat_md5(image, 0, name.address) == hashlib.md5(contents[path]).hexdigest()
