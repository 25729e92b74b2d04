"""The CASE/UCO 1.4.0 export: a real case (a seized folder with an archive, and an EWF image read through The Sleuth
Kit), ingested by the real pipeline and tagged, exported and checked by case-utils' ``case_validate`` against the
CASE 1.4.0 shapes; then read back for its evidence, files, hashes, containment, annotations and tool."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

import heroes_desktop
from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import evidence, files, volumes
from heroes_desktop.exports import case_uco
from heroes_desktop.exports.case_uco import export_case_uco
from heroes_desktop.exports.errors import ExportError
from heroes_desktop.hashsets.tagging import tag_file, withdraw_tags
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from tests.conftest import KEY_PASSPHRASE, PASSPHRASE, SHARED_TESTDATA, sha256_file

E01 = SHARED_TESTDATA / "dfvfs" / "ext2.E01"
CASE_VALIDATE = Path(sys.executable).parent / "case_validate"
NOTE = "the invoice for the flat, paid in cash"
ODD_NAME = "odd\x01name.txt"  # a control character, as a damaged or hostile file system may hold


@dataclass
class Exported:
    case: Case
    out: Path
    result: dict[str, Any]
    document: dict[str, Any]
    rows: list[dict[str, Any]]
    ids: dict[tuple[str, str], int]
    root: Path


def _seized(root: Path) -> Path:
    folder = root / "seized"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "invoice.txt").write_text("Invoice for the flat in Marbella.\n")
    (folder / "notes.txt").write_text("meet at the port\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/first.txt", "first member of the archive")
        archive.writestr("second.txt", "second member")
    (folder / "archive.zip").write_bytes(buffer.getvalue())
    return folder


def _add_odd_entry(case: Case) -> None:
    """An entry as a damaged file system may leave it: a control character in its name, impossible times, a hash
    that is not hex. The export must still validate (the bad values are escaped or left out)."""
    with case.reading() as connection:
        volume = connection.execute(select(volumes.c.id, volumes.c.evidence_id).order_by(volumes.c.id)).first()
    with case.change("test.entry_added", {"name": ODD_NAME}) as connection:
        connection.execute(insert(files).values(
            evidence_id=volume.evidence_id, volume_id=volume.id, ordinal=10_000, path=f"/{ODD_NAME}", name=ODD_NAME,
            kind="file", size=3, deleted=True, mtime="2021-02-30T10:00:00Z", atime="yesterday", crtime="",
            md5="not hex", sha256="ab" * 32, status="ok", folder="/"))


def _export(case: Case, out: Path, **options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    result = export_case_uco(case, out, **options)
    return result, json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    """Module-wide (the ingest is the slow part): the tests read the case and its export, and change neither."""
    root = tmp_path_factory.mktemp("case-uco")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(root / "profile"))
        actor = Actor("Ana Examiner", Role.EXAMINER)
        key = load_or_create_signing_key(root / "profile", actor.name, KEY_PASSPHRASE)
        case = Case.create(root / "case.heroes", PASSPHRASE, actor, key, title="Operation Export", number="2026-077")
        add_evidence(case, _seized(root))
        add_evidence(case, E01)
        assert ingest(case, IngestOptions(jobs=2, stages=("filetype", "hash"))).status == "finished"
        _add_odd_entry(case)
        with case.reading() as connection:
            rows = [dict(row._mapping) for row in connection.execute(select(files).order_by(files.c.id))]
        ids = {(str(row["evidence_id"]), row["path"]): row["id"] for row in rows}
        tag_file(case, ids[("1", "/docs/invoice.txt")], "CAT-0", note="first look")
        tag_file(case, ids[("1", "/docs/invoice.txt")], "CAT-1", note=NOTE)  # supersedes the CAT-0
        tag_file(case, ids[("2", "/a_directory/a_file")], "Exhibit", note="on the seized disk")
        tag_file(case, ids[("1", "/notes.txt")], "Exhibit", note="a mistake")
        withdraw_tags(case, [ids[("1", "/notes.txt")]], "Exhibit", reason="not relevant")
        out = root / "exports" / "operation.case.jsonld"
        out.parent.mkdir()
        result, document = _export(case, out)
        yield Exported(case, out, result, document, rows, ids, root)
        case.close()


# ------------------------------------------------------------------------------------------------------ helpers

def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every typed node of a document, nested ones included."""
    if isinstance(value, dict):
        if "@id" in value and "@type" in value and not str(value["@type"]).startswith("xsd:"):
            yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _of_type(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [node for node in _nodes(document["@graph"]) if node["@type"] == kind]


def _facet(node: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((facet for facet in node.get("uco-core:hasFacet", []) if facet["@type"] == kind), None)


def _hash_values(node: dict[str, Any], method: str) -> list[str]:
    content = _facet(node, "uco-observable:ContentDataFacet") or {}
    return [entry["uco-types:hashValue"]["@value"] for entry in content.get("uco-observable:hash", [])
            if entry["uco-types:hashMethod"] == method]


def _containers(document: dict[str, Any]) -> dict[str, str]:
    """File id -> the id of what it is ``Contained_Within``."""
    return {node["uco-core:source"]["@id"]: node["uco-core:target"]["@id"]
            for node in _of_type(document, "uco-observable:ObservableRelationship")
            if node["uco-core:kindOfRelationship"] == "Contained_Within"}


def _files_by_place(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(evidence name, path) -> file node, the evidence found by following ``Contained_Within`` up."""
    names = {node["@id"]: name for name, node in _evidence_nodes(document).items()}
    containers = _containers(document)
    found = {}
    for node in _of_type(document, "uco-observable:File"):
        above = containers[node["@id"]]
        while above not in names:
            above = containers[above]
        found[(names[above], _facet(node, "uco-observable:FileFacet")["uco-observable:filePath"])] = node
    return found


def _files_by_path(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Path -> file node, for the paths that are unique to one evidence item (not the roots, "/")."""
    return {path: node for (_name, path), node in _files_by_place(document).items() if path != "/"}


def _evidence_nodes(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["uco-core:name"]: node for node in document["@graph"]
            if node["@type"] in ("uco-observable:Image", "uco-observable:Directory")}


# -------------------------------------------------------------------------------------------------------- tests

def test_the_export_conforms_to_case_1_4_0(exported: Exported) -> None:
    assert CASE_VALIDATE.exists(), f"case-utils is not installed in this environment ({CASE_VALIDATE})"
    started = time.monotonic()
    completed = subprocess.run([str(CASE_VALIDATE), "--built-version", "case-1.4.0", str(exported.out)],
                               capture_output=True, text=True, timeout=300, check=False)
    seconds = time.monotonic() - started
    print(f"case_validate: {exported.result['nodes']} nodes in {seconds:.1f} s")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Conforms: True" in completed.stdout


def test_the_summary_names_what_was_written(exported: Exported) -> None:
    result, document = exported.result, exported.document
    assert result["out"] == str(exported.out)
    assert result["sha256"] == sha256_file(exported.out)
    assert result["files"] == len(exported.rows) and result["evidence"] == 2
    assert result["nodes"] == len(list(_nodes(document["@graph"])))
    assert result["runs"] == 1 and result["annotations"] == 2
    assert document["@context"]["uco-core"] == "https://ontology.unifiedcyberontology.org/uco/core/"
    assert all(node["@id"].startswith("kb:") for node in _nodes(document["@graph"]))
    identifiers = [node["@id"] for node in _nodes(document["@graph"])]
    assert len(identifiers) == len(set(identifiers))  # no two nodes share an identifier


def test_the_investigation_names_the_case_and_its_parts(exported: Exported) -> None:
    [investigation] = _of_type(exported.document, "case-investigation:Investigation")
    assert investigation["uco-core:name"] == "2026-077 Operation Export"
    assert exported.case.case_id in investigation["uco-core:description"]
    members = {ref["@id"] for ref in investigation["uco-core:object"]}
    [examiner] = _of_type(exported.document, "uco-identity:Identity")
    assert examiner["uco-core:name"] == "Ana Examiner" and examiner["@id"] in members
    [role] = _of_type(exported.document, "uco-role:Role")
    assert role["uco-core:name"] == "examiner"
    [has_role] = [node for node in _of_type(exported.document, "uco-core:Relationship")
                  if node["uco-core:kindOfRelationship"] == "Has_Role"]
    assert (has_role["uco-core:source"]["@id"], has_role["uco-core:target"]["@id"]) == (examiner["@id"], role["@id"])
    for node in [*_evidence_nodes(exported.document).values(),
                 *_of_type(exported.document, "case-investigation:InvestigativeAction"),
                 *_of_type(exported.document, "uco-core:Annotation")]:
        assert node["@id"] in members


def test_the_evidence_carries_its_hashes_and_files(exported: Exported) -> None:
    with exported.case.reading() as connection:
        image = connection.execute(select(evidence).where(evidence.c.format == "ewf")).one()
    nodes = _evidence_nodes(exported.document)
    disk = nodes["ext2.E01"]
    assert disk["@type"] == "uco-observable:Image"
    assert _hash_values(disk, "SHA256") == [image.sha256] and _hash_values(disk, "MD5") == [image.md5]
    assert _facet(disk, "uco-observable:ContentDataFacet")["uco-observable:sizeInBytes"] == {
        "@type": "xsd:integer", "@value": str(image.size)}
    assert _facet(disk, "uco-observable:FileFacet")["uco-observable:filePath"] == [str(E01)]
    assert _facet(disk, "uco-observable:ImageFacet")["uco-observable:imageType"] == "EWF"
    assert "verified" in disk["uco-core:description"]
    folder = nodes["seized"]
    assert folder["@type"] == "uco-observable:Directory"
    assert _facet(folder, "uco-observable:FileFacet")["uco-observable:isDirectory"]["@value"] == "true"
    records = _of_type(exported.document, "case-investigation:ProvenanceRecord")
    assert {record["uco-core:object"][0]["@id"] for record in records} == {disk["@id"], folder["@id"]}


def test_every_file_has_its_facets_hashes_and_times(exported: Exported) -> None:
    by_path = _files_by_path(exported.document)
    assert len(_of_type(exported.document, "uco-observable:File")) == len(exported.rows)
    expected = Counter(row["sha256"] for row in exported.rows if row["sha256"])
    found = Counter(value for node in _of_type(exported.document, "uco-observable:File")
                    for value in _hash_values(node, "SHA256"))
    assert found == expected and len(expected) >= 8
    row = next(row for row in exported.rows if row["path"] == "/a_directory/a_file")
    node = by_path["/a_directory/a_file"]
    facet = _facet(node, "uco-observable:FileFacet")
    assert facet["uco-observable:fileName"] == "a_file"
    assert facet["uco-observable:sizeInBytes"] == {"@type": "xsd:integer", "@value": str(row["size"])}
    assert facet["uco-observable:isDirectory"] == {"@type": "xsd:boolean", "@value": "false"}
    assert facet["uco-observable:modifiedTime"] == {"@type": "xsd:dateTime", "@value": row["mtime"]}
    assert facet["uco-observable:accessedTime"] == {"@type": "xsd:dateTime", "@value": row["atime"]}
    content = _facet(node, "uco-observable:ContentDataFacet")
    assert content["uco-observable:mimeType"] == row["mime"]
    assert {entry["uco-types:hashMethod"]: entry["uco-types:hashValue"] for entry in content["uco-observable:hash"]} \
        == {method: {"@type": "xsd:hexBinary", "@value": row[column]}
            for column, method in (("md5", "MD5"), ("sha1", "SHA1"), ("sha256", "SHA256"))}
    assert _facet(by_path["/a_directory"], "uco-observable:FileFacet")["uco-observable:isDirectory"]["@value"] == "true"


def test_bad_values_of_a_damaged_entry_are_escaped_or_left_out(exported: Exported) -> None:
    odd = _files_by_path(exported.document)["/odd\\x01name.txt"]
    facet = _facet(odd, "uco-observable:FileFacet")
    assert facet["uco-observable:fileName"] == "odd\\x01name.txt"
    assert facet["uco-observable:allocationStatus"] == "Unallocated"
    for name in ("modifiedTime", "accessedTime", "observableCreatedTime"):
        assert f"uco-observable:{name}" not in facet  # impossible or empty times are not written
    assert _hash_values(odd, "MD5") == [] and _hash_values(odd, "SHA256") == ["ab" * 32]


def test_each_file_is_contained_within_its_container_or_its_evidence(exported: Exported) -> None:
    document = exported.document
    relationships = [node for node in _of_type(document, "uco-observable:ObservableRelationship")
                     if node["uco-core:kindOfRelationship"] == "Contained_Within"]
    assert len(relationships) == len(exported.rows)
    assert all(node["uco-core:isDirectional"] == {"@type": "xsd:boolean", "@value": "true"} for node in relationships)
    target = _containers(document)
    places = _files_by_place(document)
    assert set(target) == {node["@id"] for node in places.values()} and len(places) == len(exported.rows)
    evidence_ids = {name: node["@id"] for name, node in _evidence_nodes(document).items()}
    labels = {1: "seized", 2: "ext2.E01"}
    by_id = {row["id"]: row for row in exported.rows}
    for row in exported.rows:
        label = labels[row["evidence_id"]]
        source = places[(label, row["path"].replace("\x01", "\\x01"))]["@id"]
        if row["parent_id"] is not None:
            assert target[source] == places[(label, by_id[row["parent_id"]]["path"])]["@id"], row["path"]
        else:
            assert target[source] == evidence_ids[label], row["path"]
    assert any(row["parent_id"] is not None for row in exported.rows)  # the archive's members


def test_current_tags_and_notes_are_annotations_of_their_files(exported: Exported) -> None:
    by_path = _files_by_path(exported.document)
    annotations = {node["uco-core:object"][0]["@id"]: node for node in _of_type(exported.document,
                                                                                 "uco-core:Annotation")}
    invoice = annotations[by_path["/docs/invoice.txt"]["@id"]]
    assert invoice["uco-core:statement"] == ["category: CAT-1", f"note: {NOTE}"]  # the CAT-0 was superseded
    assert invoice["uco-core:tag"] == ["CAT-1"]
    [examiner] = _of_type(exported.document, "uco-identity:Identity")
    assert invoice["uco-core:createdBy"] == {"@id": examiner["@id"]}
    exhibit = annotations[by_path["/a_directory/a_file"]["@id"]]
    assert exhibit["uco-core:statement"] == ["bookmark: Exhibit", "note: on the seized disk"]
    assert by_path["/notes.txt"]["@id"] not in annotations  # withdrawn
    assert len(annotations) == 2


def test_each_ingest_run_is_an_action_of_the_configured_tool(exported: Exported) -> None:
    [action] = _of_type(exported.document, "case-investigation:InvestigativeAction")
    [tool] = action["uco-action:instrument"]
    assert tool["@type"] == "uco-tool:ConfiguredTool" and tool["uco-core:name"] == "HEROES Desktop"
    assert tool["uco-tool:version"] == heroes_desktop.__version__
    entries = {entry["uco-configuration:itemName"]: entry["uco-configuration:itemValue"]
               for entry in tool["uco-configuration:usesConfiguration"]["uco-configuration:configurationEntry"]}
    assert entries["stages"] == ["filetype", "hash"] and entries["jobs"] == ["2"]
    [base] = _of_type(exported.document, "uco-tool:Tool")
    assert tool["uco-configuration:isConfigurationOf"] == {"@id": base["@id"]}
    assert action["uco-action:actionStatus"] == "Complete/Finish"
    assert action["uco-action:startTime"]["@type"] == action["uco-action:endTime"]["@type"] == "xsd:dateTime"
    evidence_ids = {node["@id"] for node in _evidence_nodes(exported.document).values()}
    assert {ref["@id"] for ref in action["uco-action:object"]} == evidence_ids
    records = {node["@id"] for node in _of_type(exported.document, "case-investigation:ProvenanceRecord")}
    assert {ref["@id"] for ref in action["uco-action:result"]} == records
    [examiner] = _of_type(exported.document, "uco-identity:Identity")
    assert action["uco-action:performer"] == {"@id": examiner["@id"]}


def test_a_second_export_names_everything_alike(exported: Exported) -> None:
    again = exported.root / "exports" / "again.case.jsonld"
    result, document = _export(exported.case, again)
    assert {node["@id"] for node in _nodes(document["@graph"])} == {
        node["@id"] for node in _nodes(exported.document["@graph"])}
    assert result["sha256"] == exported.result["sha256"]  # the same case gives the same bytes
    again.unlink()


def test_an_existing_out_is_never_overwritten(exported: Exported, tmp_path: Path) -> None:
    out = tmp_path / "taken.case.jsonld"
    out.write_text("someone else's file")
    with pytest.raises(ExportError, match="already exists"):
        export_case_uco(exported.case, out)
    assert out.read_text() == "someone else's file"
    assert [path.name for path in tmp_path.iterdir()] == ["taken.case.jsonld"]
    with pytest.raises(ExportError, match="not a folder"):
        export_case_uco(exported.case, tmp_path / "missing" / "out.case.jsonld")


def test_a_cancelled_export_leaves_no_file(exported: Exported, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cancelled.case.jsonld"
    with pytest.raises(ExportError, match="cancelled"):
        export_case_uco(exported.case, out, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(case_uco, "STEP", 4)  # cancelled in the middle of the file entries, some already written
    asked = iter([False, False, False, True])
    reports: list[tuple[int, int]] = []
    with pytest.raises(ExportError, match="cancelled"):
        export_case_uco(exported.case, out, cancelled=lambda: next(asked, True),
                        progress=lambda done, total: reports.append((done, total)))
    assert len(reports) == 3 and list(tmp_path.iterdir()) == []


def test_progress_runs_to_its_total(exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_uco, "STEP", 5)
    reports: list[tuple[int, int]] = []
    export_case_uco(exported.case, tmp_path / "progress.case.jsonld",
                    progress=lambda done, total: reports.append((done, total)))
    done = [report[0] for report in reports]
    assert done == sorted(done) and len(reports) > 4
    assert reports[-1][0] == reports[-1][1] and {total for _done, total in reports} == {reports[-1][1]}


def test_an_empty_case_exports_its_investigation(new_case: Case, tmp_path: Path) -> None:
    result, document = _export(new_case, tmp_path / "empty.case.jsonld")
    assert result["files"] == result["evidence"] == 0
    assert [node["@type"] for node in document["@graph"]][0] == "case-investigation:Investigation"
    assert hashlib.sha256((tmp_path / "empty.case.jsonld").read_bytes()).hexdigest() == result["sha256"]
