"""The portable case: a real case (a seized folder with an archive, and an EWF image read through The Sleuth Kit),
ingested by the real pipeline, with a hash set matched, triage results and examiners' bookmarks; its bookmarked
items exported into a new encrypted case, which is then opened and read back."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from heroes_desktop.browse.item_content import ItemContentReader
from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.errors import CaseAccessDenied, CustodyIntegrityError, ReadOnlyCase
from heroes_desktop.case.schema import (
    carried_content,
    entities,
    evidence,
    files,
    hashset_entries,
    hashsets,
    matches,
    media,
    media_frames,
    stage_runs,
    tags,
    texts,
    volumes,
)
from heroes_desktop.core.errors import UsageError
from heroes_desktop.exports.errors import ExportError, NothingToExport
from heroes_desktop.exports.portable import export_portable, items_digest
from heroes_desktop.hashsets.matching import compute_matches
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.hashsets.tagging import annotated_tags, tag_file, withdraw_tags
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import SigningKey, load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.browse.conftest import REPORT, seized_folder
from tests.case.tamper import Tamperer
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, SHARED_TESTDATA, sha256_file

E01 = SHARED_TESTDATA / "dfvfs" / "ext2.E01"
PORTABLE_PASSPHRASE = "a passphrase of the prosecutor's own"
THUMBNAIL = b"\xff\xd8\xff\xe0 not really a JPEG, but bytes to carry \xff\xd9"
EXHIBITS = {  # (evidence, path) -> the bookmark's note
    ("folder", "/docs/report.txt"): "the invoice for the flat",
    ("folder", "/archive.zip/inner/first.txt"): "found inside the archive",
    ("folder", "/photos/peppers.png"): "the photograph",
    ("e01", "/a_directory/a_file"): "on the seized disk",
}


@dataclass
class Exported:
    source: Case
    actor: Actor
    key: SigningKey
    ids: dict[tuple[str, str], int]
    head_seq: int
    head_hash: str
    out: Path
    result: dict[str, Any]
    evidence_before: dict[str, str]
    evidence_after: dict[str, str]
    root: Path


def _evidence_hashes(folder: Path) -> dict[str, str]:
    hashes = {str(path): sha256_file(path) for path in sorted(folder.rglob("*")) if path.is_file()}
    hashes[str(E01)] = sha256_file(E01)
    return hashes


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    """Module-wide (the ingest is the slow part): tests read the source and the portable case, and change neither."""
    root = tmp_path_factory.mktemp("portable")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(root / "profile"))
        actor = Actor("Ana Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
        source = Case.create(root / "source.heroes", PASSPHRASE, actor, key, title="Operation Portable",
                             number="2026-042")
        folder = seized_folder(root)
        before = _evidence_hashes(folder)
        add_evidence(source, folder)
        add_evidence(source, E01)
        assert ingest(source, IngestOptions(jobs=2, stages=("filetype", "hash", "text", "entities"))).status \
            == "finished"
        (root / "list.md5").write_text(hashlib.md5(REPORT.encode()).hexdigest() + "\n" + "0" * 32 + "\n")
        import_hashset(source, root / "list.md5", "md5", "lab list", category="CAT-5")
        compute_matches(source)
        labels = {1: "folder", 2: "e01"}
        ids = {(labels[record["evidence_id"]], record["path"]): record["id"] for record in iter_files(source)}
        for (where, path), note in EXHIBITS.items():
            tag_file(source, ids[(where, path)], "Exhibit", note=note)
        tag_file(source, ids[("folder", "/mail.eml")], "Exhibit", note="a mistake")
        withdraw_tags(source, [ids[("folder", "/mail.eml")]], "Exhibit", reason="not relevant")
        tag_file(source, ids[("folder", "/alpha.txt")], "CAT-1")  # categorised, not bookmarked
        peppers = ids[("folder", "/photos/peppers.png")]
        with source.change("test.triage_added", {"file_id": peppers}) as connection:  # as the image stage writes
            connection.execute(insert(media).values(
                file_id=peppers, kind="image", width=512, height=512, faces="[]", detections="[]", context="[]",
                triage_score=0.25, suggested_category="CAT-0", reasons="[]", models="{}", thumbnail=THUMBNAIL))
            connection.execute(insert(media_frames).values(
                file_id=peppers, frame_index=0, faces="[]", detections="[]", context="[]", triage_score=0.25,
                suggested_category="CAT-0", reasons="[]", thumbnail=THUMBNAIL))
        report = source.verify()
        assert report.ok
        out = root / "exhibits.portable.heroes"
        result = export_portable(source, out, PORTABLE_PASSPHRASE, items="bookmarked")
        after = _evidence_hashes(folder)
        yield Exported(source, actor, key, ids, report.head_seq, report.head_hash, out, result, before, after, root)
        source.close()


@pytest.fixture
def portable(exported: Exported) -> Iterator[Case]:
    with Case.open(exported.out, PORTABLE_PASSPHRASE) as case:
        yield case


def _chosen(exported: Exported) -> set[int]:
    return {exported.ids[item] for item in EXHIBITS}


def _table(case: Case, table: Any, ids: set[int] | None = None, column: str = "file_id") -> list[dict[str, Any]]:
    query = select(table)
    if ids is not None:
        query = query.where(table.c[column].in_(sorted(ids)))
    with case.reading() as connection:
        return sorted((dict(row._mapping) for row in connection.execute(query)),
                      key=lambda row: tuple(str(value) for value in row.values()))


def test_the_portable_case_opens_read_only_with_its_own_passphrase(exported: Exported, portable: Case) -> None:
    assert portable.mode is OpenMode.READ_ONLY and portable.case_id == exported.result["case_id"]
    assert portable.case_id != exported.source.case_id
    report = portable.verify()
    assert report.ok, report.as_json()
    meta = portable.meta()
    assert meta["portable_of"] == exported.source.case_id and meta["portable_head"] == exported.head_hash
    assert meta["title"] == "Operation Portable (portable)" and meta["number"] == "2026-042"
    with pytest.raises(CaseAccessDenied):
        Case.open(exported.out, PASSPHRASE)  # the source's passphrase does not open it
    with pytest.raises(ReadOnlyCase):
        portable.record("note.added", {"text": "x"})


def test_a_read_write_session_of_the_portable_case_is_refused_and_changes_nothing(exported: Exported) -> None:
    before = sha256_file(exported.out)
    events = len(Case.open(exported.out, PORTABLE_PASSPHRASE).events())
    with pytest.raises(ReadOnlyCase, match=f"portable case exported from case {exported.source.case_id}: it opens "
                                           "read-only"):
        Case.open(exported.out, PORTABLE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=exported.actor,
                  key=exported.key)
    assert sha256_file(exported.out) == before
    with Case.open(exported.out, PORTABLE_PASSPHRASE) as case:
        assert len(case.events()) == events


def test_its_custody_chain_starts_from_the_source_head(exported: Exported, portable: Case) -> None:
    events = portable.events()
    assert [event.action for event in events] == ["signer.registered", "case.created", "portable.created",
                                                  "portable.items_copied", "portable.content_carried"]
    created = events[2].details
    assert created["source_case_id"] == exported.source.case_id
    assert (created["source_head_seq"], created["source_head_hash"]) == (exported.head_seq, exported.head_hash)
    assert any(event.seq == exported.head_seq and event.hash == exported.head_hash
               for event in exported.source.events())
    assert created["selection"] == "bookmarked" and created["chosen"] == len(EXHIBITS) == exported.result["files"]
    assert created["items_sha256"] == items_digest(_table(exported.source, files, _chosen(exported), "id"))
    assert {event.actor for event in events} == {exported.actor.name}
    assert {event.key_id for event in events} == {exported.key.key_id}  # signed by the exporter, as every event
    carried = events[4].details
    assert carried["carried"] == len(EXHIBITS) and carried["not_carried"] == 0


def test_it_holds_exactly_the_chosen_items_their_containers_and_their_findings(
        exported: Exported, portable: Case) -> None:
    source, chosen = exported.source, _chosen(exported)
    archive = exported.ids[("folder", "/archive.zip")]
    held = _table(portable, files)
    assert {row["id"] for row in held} == chosen | {archive}
    assert held == _table(source, files, chosen | {archive}, "id")  # ids, paths, times and hashes unchanged
    assert all(row["sha256"] for row in held)
    for table in (stage_runs, texts, entities, media, media_frames, matches):
        assert _table(portable, table) == _table(source, table, chosen), table.name
    assert _table(portable, media)[0]["thumbnail"] == THUMBNAIL
    assert _table(portable, matches) and {row["id"] for row in _table(portable, hashset_entries)} == {
        row["entry_id"] for row in _table(portable, matches)}  # only the matched entries of the set
    assert [row["name"] for row in _table(portable, hashsets)] == ["lab list"]
    assert _table(portable, entities)  # identifiers found in the report
    assert {row["id"] for row in _table(portable, evidence)} == {1, 2}
    assert _table(portable, evidence) == _table(source, evidence)  # metadata and hashes of the images
    assert {row["id"] for row in _table(portable, volumes)} == {row["volume_id"] for row in held}
    with portable.reading() as connection:
        current = [row for row in annotated_tags(connection) if row["current"]]
        hits = connection.exec_driver_sql(
            "SELECT rowid >> 1 FROM text_index WHERE text_index MATCH 'marbella'").scalars().all()
    assert {(row["file_id"], row["bookmark"], row["note"]) for row in current} == {
        (exported.ids[item], "Exhibit", note) for item, note in EXHIBITS.items()}
    assert hits == [exported.ids[("folder", "/docs/report.txt")]]


def test_carried_content_is_the_items_bytes_and_the_viewers_read_it(exported: Exported, portable: Case) -> None:
    rows = {row["id"]: row for row in _table(portable, files)}
    carried = _table(portable, carried_content)
    assert {row["file_id"] for row in carried} == _chosen(exported)
    for row in carried:
        assert row["sha256"] == hashlib.sha256(row["data"]).hexdigest() == rows[row["file_id"]]["sha256"]
    report = exported.ids[("folder", "/docs/report.txt")]
    with ItemContentReader(portable, block=16) as reader, ItemContentReader(exported.source) as original:
        assert reader.read(report, 0, 10**6) == REPORT.encode()
        assert reader.read(report, 10, 25) == REPORT.encode()[10:35]
        assert reader.read(report, len(REPORT) + 5, 10) == b""
        for file_id in _chosen(exported):
            size = reader.size(file_id)
            assert size == rows[file_id]["size"]
            assert reader.read(file_id, 0, size) == original.read(file_id, 0, size)
        assert reader.read(exported.ids[("folder", "/archive.zip/inner/first.txt")], 0, 100) \
            == b"first member of the archive"
        with pytest.raises(UsageError, match="not carried in this portable case"):
            reader.read(exported.ids[("folder", "/archive.zip")], 0, 10)  # a container, held for containment only


def test_the_evidence_is_never_written(exported: Exported) -> None:
    assert exported.evidence_after == exported.evidence_before
    assert _evidence_hashes(exported.root / "seized") == exported.evidence_before


def test_categorised_items_or_chosen_ids(exported: Exported, tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    result = export_portable(exported.source, tmp_path / "cat.heroes", PORTABLE_PASSPHRASE, items="categorised",
                             progress=lambda done, total: progress.append((done, total)))
    with Case.open(tmp_path / "cat.heroes", PORTABLE_PASSPHRASE) as case:
        assert [row["id"] for row in _table(case, files)] == [exported.ids[("folder", "/alpha.txt")]]
        assert [row["category"] for row in _table(case, tags)] == ["CAT-1"]
    assert result["selection"] == "categorised" and progress[-1] == (1, 1)
    docs = exported.ids[("folder", "/docs")]
    result = export_portable(exported.source, tmp_path / "ids.heroes", PORTABLE_PASSPHRASE, file_ids=[docs])
    assert (result["selection"], result["files"], result["carried"], result["not_carried"]) == ("file_ids", 1, 0, 1)
    with pytest.raises(ExportError, match="no file with id 999999"):
        export_portable(exported.source, tmp_path / "none.heroes", PORTABLE_PASSPHRASE, file_ids=[999999])
    assert not (tmp_path / "none.heroes").exists()


def test_an_existing_out_path_or_an_empty_passphrase_is_refused(exported: Exported, tmp_path: Path) -> None:
    existing = tmp_path / "already.heroes"
    existing.write_bytes(b"something else")
    with pytest.raises(ExportError, match="already exists"):
        export_portable(exported.source, existing, PORTABLE_PASSPHRASE)
    assert existing.read_bytes() == b"something else"
    with pytest.raises(ExportError, match="passphrase"):
        export_portable(exported.source, tmp_path / "p.heroes", "")
    assert not (tmp_path / "p.heroes").exists()


def test_a_cancelled_export_leaves_nothing(exported: Exported, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.heroes"
    with pytest.raises(ExportError, match="cancelled"):
        export_portable(exported.source, out, PORTABLE_PASSPHRASE, cancelled=lambda: True)
    assert not any(tmp_path.iterdir())


def test_nothing_selected_is_nothing_to_export(new_case: Case, tmp_path: Path) -> None:
    for items in ("bookmarked", "categorised", "all"):
        with pytest.raises(NothingToExport):
            export_portable(new_case, tmp_path / "empty.heroes", PORTABLE_PASSPHRASE, items=items)
    assert not (tmp_path / "empty.heroes").exists()


def test_bytes_that_differ_from_their_ingest_hash_fail_the_export(new_case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    (folder / "letter.txt").write_text("the letter as it was seized\n")
    add_evidence(new_case, folder)
    assert ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "hash"))).status == "finished"
    letter = next(record["id"] for record in iter_files(new_case) if record["path"] == "/letter.txt")
    tag_file(new_case, letter, "Exhibit", note="the letter")
    (folder / "letter.txt").write_text("a letter changed since it was seized\n")  # the evidence is not what it was
    out = tmp_path / "letter.heroes"
    with pytest.raises(ExportError, match=rf"file {letter} \(/letter.txt\).*differ"):
        export_portable(new_case, out, PORTABLE_PASSPHRASE)
    assert not out.exists() and not Path(str(out) + "-wal").exists()


def test_a_source_chain_that_does_not_verify_is_refused(
        new_case: Case, case_path: Path, examiner: Actor, examiner_key: SigningKey, tmp_path: Path) -> None:
    new_case.close()
    with Tamperer(case_path, new_case.case_id) as tamper:
        tamper.sql("UPDATE custody_events SET details = '{\"title\":\"forged\"}' WHERE seq = 2")
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.REVIEW, actor=examiner, key=examiner_key) as case, \
            pytest.raises(CustodyIntegrityError, match="does not verify"):
        export_portable(case, tmp_path / "p.heroes", PORTABLE_PASSPHRASE, items="all")
    assert not (tmp_path / "p.heroes").exists()


def test_run_export_records_the_portable_case_in_the_source(exported: Exported, tmp_path: Path) -> None:
    from heroes_desktop.exports.run import run_export

    out = tmp_path / "through-run.heroes"
    result = run_export(exported.source, "portable", out, items="bookmarked", passphrase=PORTABLE_PASSPHRASE)
    written = exported.source.events()[-1]
    assert written.action == "export.written" and written.details["sha256"] == sha256_file(out)
    assert (written.details["items"], written.details["files"], result["carried"]) == ("bookmarked", 4, 4)


def test_a_format_9_case_gains_the_carried_content_table_when_opened_read_write(
        case_path: Path, examiner: Actor, examiner_key: SigningKey, monkeypatch: pytest.MonkeyPatch) -> None:
    from heroes_desktop.case import migrations

    with monkeypatch.context() as older:
        older.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:9])
        Case.create(case_path, PASSPHRASE, examiner, examiner_key).close()
    with Case.open(case_path, PASSPHRASE, mode=OpenMode.READ_WRITE, actor=examiner, key=examiner_key) as case:
        assert case.info().format_version == migrations.latest_version() == 13
        migrated = [event.details["version"] for event in case.events() if event.action == "case.migrated"]
        assert migrated == list(range(10, migrations.latest_version() + 1))
        assert _table(case, carried_content) == [] and case.verify().ok
        with case.reading() as connection:  # format 11: the timeline's item dates, entity merges, topic labels
            tables = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert {"file_dates", "entity_merges", "topic_labels", "entities_key_file"} <= tables
