"""The evidence tree and one item's details on a real ingested case."""

from __future__ import annotations

from heroes_desktop.browse.evidence_tree import tree_children, tree_roots
from heroes_desktop.browse.file_query import FileQuery, matching_ids, rows_for
from heroes_desktop.browse.item_details import item_details, item_text, thumbnail_bytes
from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from tests.browse.conftest import REPORT


def _by_label(nodes):  # type: ignore[no-untyped-def]
    return {node.label: node for node in nodes}


def test_tree_levels_counts_and_scopes(browse_case: Case) -> None:
    (root,) = tree_roots(browse_case)
    everything = len(matching_ids(browse_case, FileQuery()))
    assert root.kind == "evidence" and root.has_children and root.count == everything
    (volume,) = tree_children(browse_case, root)
    assert volume.kind == "volume" and volume.count == everything and volume.has_children
    top = _by_label(tree_children(browse_case, volume))
    # every folder, "odd-name" and "odd.x" sorting around "odd/" in the index included, and the empty one
    assert list(top) == ["archive.zip", "docs", "empty", "odd", "odd-name", "odd.x", "photos"]
    assert (top["empty"].count, top["empty"].has_children) == (0, False)
    assert "container" in top["archive.zip"].flags
    docs = top["docs"]
    assert (docs.count, docs.has_children, docs.deleted) == (3, True, False)
    assert set(row.path for row in rows_for(browse_case, matching_ids(browse_case, FileQuery(folder=docs.ref)))) \
        == {"/docs/report.txt", "/docs/letter.pdf", "/docs/sub"}
    (sub,) = tree_children(browse_case, docs)
    assert (sub.label, sub.folder, sub.count, sub.has_children) == ("sub", "/docs/sub", 1, False)
    assert tree_children(browse_case, sub) == []
    members = _by_label(tree_children(browse_case, top["archive.zip"]))
    assert list(members) == ["inner"]
    for name in ("odd", "odd-name", "odd.x"):
        (inner,) = tree_children(browse_case, top[name])
        assert (inner.folder, inner.count) == (f"/{name}/in", 1)


def test_item_details(browse_case: Case) -> None:
    ids = browse_case.ids  # type: ignore[attr-defined]
    report = item_details(browse_case, ids["/docs/report.txt"])
    assert report.record["path"] == "/docs/report.txt" and report.record["mime"] == "text/plain"
    assert report.record["deleted"] is False and "folder" in report.record and "partition" in report.record
    assert {stage.stage for stage in report.stages} >= {"filetype", "hash", "text"}
    assert all(stage.status == "ok" for stage in report.stages)
    assert [(match["hashset"], match["kind"], match["distance"], match["category"]) for match in report.matches] \
        == [("lab list", "md5", 0, "CAT-5")]
    assert [(tag["bookmark"], tag["status"]) for tag in report.tags] == [("invoices", "current"),
                                                                        ("to check", "current")]
    assert [event["action"] for event in report.custody] == ["file.tagged", "file.tagged"]
    assert report.texts and report.texts[0].source == "text" and report.texts[0].chars == len(REPORT)
    assert item_text(browse_case, ids["/docs/report.txt"]) == REPORT
    assert item_text(browse_case, ids["/docs/report.txt"], "ocr") == ""
    assert report.media is None and thumbnail_bytes(browse_case, ids["/docs/report.txt"]) is None

    zeta = item_details(browse_case, ids["/Zeta.TXT"])
    assert [(tag["category"], tag["status"]) for tag in zeta.tags] == [("CAT-3", "withdrawn")]
    assert [event["action"] for event in zeta.custody] == ["file.tagged", "tag.withdrawn"]
    mail = item_details(browse_case, ids["/mail.eml"])
    assert [(tag["category"] or tag["bookmark"], tag["status"]) for tag in mail.tags] == [
        ("to check", "current"), ("CAT-2", "superseded"), ("CAT-4", "current")]
    assert any(entity["label"] == "EMAIL" and entity["normalized"] == "ana@example.org" for entity in mail.entities)


def test_unknown_item(browse_case: Case) -> None:
    try:
        item_details(browse_case, 10**9)
    except UsageError as error:
        assert "no file with id" in str(error)
    else:
        raise AssertionError("an unknown id was accepted")
