"""Chat databases ingested through the real pipeline with the -wal and -journal stored beside them: a message only
in the -wal is found by search and listed by the database viewer's core call, deleted rows are indexed as
recovered text with their page, a hot journal is rolled back, damaged companions and a database cut short are
partial items with their reason while the run goes on, the evidence is unchanged, and the workers' private folder
is empty afterwards. Evidence: a folder, a zip of an app's folder, and an ext4 image made by ``mke2fs -d``."""

from __future__ import annotations

import io
import random
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heroes_desktop.browse.item_content import ItemContentReader
from heroes_desktop.browse.item_details import item_text
from heroes_desktop.browse.sqlite_item import database_companions, open_database
from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool
from heroes_desktop.search.fulltext import search
from heroes_desktop.stages.sqlite_recovery import RECOVERED_MARK
from tests.conftest import PASSPHRASE
from tests.evidence.builders import make_ext4_image
from tests.stages.sqlite_builders import hot_journal_database, sha256_tree, wal_database

OLD = ["see you at the station", "bring the documents"]
WAL_ONLY = "only in the wal: the boat leaves at dawn from pier seven"


def in_private_root(root: str, log: str, function: Callable[..., Any], *args: Any) -> Any:
    """Run a worker task with its private copies made under ``root``, noting each folder made in ``log``."""
    real_mkdtemp = tempfile.mkdtemp

    def noted_mkdtemp(*mkdtemp_args: Any, **kwargs: Any) -> str:
        path = real_mkdtemp(*mkdtemp_args, **kwargs)
        with open(log, "a", encoding="utf-8") as file:
            file.write(path + "\n")
        return path

    tempfile.tempdir, tempfile.mkdtemp = root, noted_mkdtemp  # type: ignore[assignment]
    try:
        return function(*args)
    finally:
        tempfile.tempdir, tempfile.mkdtemp = None, real_mkdtemp  # type: ignore[assignment]


class PrivateRootPool(WorkerPool):
    """The real worker pool, its tasks' temporary folders under a folder the test looks into."""

    def __init__(self, jobs: int, root: Path, log: Path) -> None:
        super().__init__(jobs)
        self.root, self.log = root, log

    def submit_limited(self, limits: TaskLimits, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return super().submit_limited(limits, in_private_root, str(self.root), str(self.log), fn, *args)


def _zip_of(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"databases/{path.name}")
    return buffer.getvalue()


def _cut_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA page_size=1024")
    connection.execute("CREATE TABLE early (body TEXT)")
    connection.execute("INSERT INTO early VALUES ('the early table of the cut database')")
    connection.execute("CREATE TABLE late (body TEXT)")
    connection.executemany("INSERT INTO late VALUES (?)", [(f"late row {index} " * 10,) for index in range(300)])
    connection.commit()
    connection.close()
    path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])


@pytest.fixture
def seized(tmp_path: Path) -> Path:
    folder = tmp_path / "seized"
    wal_database(folder, "mmssms.db", OLD, [WAL_ONLY], deleted=["deleted and checkpointed: nine hundred euros"],
                 deleted_in_wal=["deleted in the wal: the crimson van"])
    hot_journal_database(folder / "sms.db", OLD * 30, "rewritten by a transaction that never committed")
    _database, broken_wal = wal_database(folder / "broken", "chat.db", ["the broken one still reads"],
                                         ["lost in the damaged wal"])
    broken_wal.write_bytes(random.Random(7).randbytes(broken_wal.stat().st_size))
    _cut_database(folder / "cut.db")
    (folder / "notes.txt").write_text("a plain note about the harbour\n")
    app = tmp_path / "app"
    wal_database(app, "msgstore.db", OLD, ["inside the zip, only in its wal: lighthouse"])
    (folder / "backup.zip").write_bytes(_zip_of(app))
    return folder


def _paths(case: Case, query: str) -> set[str]:
    return {hit.path for hit in search(case, query)}


def test_chat_databases_with_their_companions(tmp_path: Path, seized: Path, examiner: Actor,
                                              examiner_key: SigningKey) -> None:
    root, log = tmp_path / "private", tmp_path / "private.log"
    root.mkdir()
    before = sha256_tree(seized)
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, seized)
        assert ingest(case, IngestOptions(jobs=2), executor=PrivateRootPool(2, root, log)).status == "finished"
        records = {record["path"]: record for record in iter_files(case)}

        assert _paths(case, "dawn AND pier") == {"/mmssms.db"}
        assert _paths(case, "lighthouse") == {"/backup.zip/databases/msgstore.db"}  # a member's companion
        assert _paths(case, "harbour") == {"/notes.txt"}  # the run went on past the damaged items

        text = item_text(case, records["/mmssms.db"]["id"])
        [euros] = [line for line in text.splitlines() if "nine hundred euros" in line]
        assert euros.startswith(f"[{RECOVERED_MARK}: page 2, offset ")
        [van] = [line for line in text.splitlines() if "crimson van" in line]
        assert van.startswith(f"[{RECOVERED_MARK}: -wal frame ")
        assert text.index(WAL_ONLY) < text.index("## recovered text")  # live, before the recovered section
        assert "crimson" in " ".join(hit.snippet for hit in search(case, "crimson"))

        journal_text = item_text(case, records["/sms.db"]["id"])
        live, _, recovered = journal_text.partition("## recovered text")
        assert live.count("see you at the station") == 30 and "never committed" not in live
        assert "uncommitted, rolled back" in recovered and "never committed" in recovered

        broken, cut = records["/broken/chat.db"], records["/cut.db"]
        assert broken["status"] == "partial" and "its -wal file is damaged and not applied" in broken["error"]
        assert "the broken one still reads" in item_text(case, broken["id"])
        assert cut["status"] == "partial" and "cut short" in cut["error"]
        assert "the early table of the cut database" in item_text(case, cut["id"])
        assert records["/mmssms.db"]["status"] == records["/sms.db"]["status"] == "ok"

        file_id = records["/mmssms.db"]["id"]
        assert set(database_companions(case, file_id)) == {"-wal"}
        with ItemContentReader(case) as reader, \
                open_database(case, file_id, records["/mmssms.db"]["size"], reader.read) as database:
            assert [schema.key for schema in database.chat_schemas()] == ["android_sms"]
            messages = database.chat_messages("android_sms")
            assert [message.text for message in messages] == [*OLD, WAL_ONLY]
            assert messages[-1].time == "2021-03-04T05:39:27Z"
            recovered_runs = database.recovered().runs
            assert any("nine hundred euros" in run.text and run.page == 2 and run.source == "database"
                       for run in recovered_runs)
            assert any(note.startswith("merged with its -wal") for note in database.notes)
    assert sha256_tree(seized) == before  # the evidence is unchanged, byte for byte and in its times
    assert log.read_text().count("\n") >= 5  # the private copies were made there...
    assert list(root.iterdir()) == []  # ...and nothing is left


def test_wal_database_in_an_ext4_image(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    tree = tmp_path / "tree"
    wal_database(tree / "data" / "com.android.providers.telephony" / "databases", "mmssms.db", OLD, [WAL_ONLY],
                 deleted=["deleted before the image was taken: umbrella"])
    (tree / "data" / "other-wal").write_text("not a companion of anything\n")
    image = make_ext4_image(tmp_path / "phone.ext4", tree, 16)
    before = sha256_tree(tmp_path)["phone.ext4"]
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, image)
        assert ingest(case, IngestOptions(jobs=2)).status == "finished"
        [path] = _paths(case, "dawn AND pier")
        assert path.endswith("/databases/mmssms.db")
        [hit] = search(case, "umbrella")
        assert hit.path == path
        record = next(record for record in iter_files(case) if record["path"] == path)
        assert record["status"] == "ok"
        assert f"[{RECOVERED_MARK}: page 2" in item_text(case, record["id"])
    assert sha256_tree(tmp_path)["phone.ext4"] == before
