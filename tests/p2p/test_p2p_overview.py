"""The P2P panel's core listing: records grouped by client with matched clients and records first, the case's
counts per kind whatever the filter, and the content and artifact files of records, each once."""

from __future__ import annotations

from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.p2p.listing import files_of, p2p_overview
from tests.conftest import PASSPHRASE
from tests.p2p.p2p_case import ingest_p2p_case, write_p2p_evidence


def test_overview_groups_by_client_matched_first(tmp_path: Path, case_path: Path, examiner, examiner_key) -> None:
    evidence = write_p2p_evidence(tmp_path)
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        ids = ingest_p2p_case(case, evidence)
        overview = p2p_overview(case)
        known_only = p2p_overview(case, kind="known")
        matched = p2p_overview(case, matched_only=True)
    clients = {group.client: group for group in overview.clients}
    assert set(clients) == {"emule", "utorrent", "torrent"}
    assert [group.client for group in overview.clients] == ["emule", "torrent", "utorrent"]  # all matched: by name
    emule = clients["emule"]
    assert [record["name"] for record in emule.records[:1]] == ["gone.bin"]  # the matched record first
    assert emule.matched == 1 and {record["kind"] for record in emule.records} == {"known", "search"}
    assert overview.kinds["known"] == 2 and overview.total == sum(overview.kinds.values()) == overview.shown
    assert [group.client for group in known_only.clients] == ["emule"]
    assert known_only.total == overview.total and known_only.shown == 2  # the case's counts, whatever the filter
    assert all(record["matches"] for group in matched.clients for record in group.records)
    assert matched.shown == sum(group.matched for group in overview.clients)
    torrent = clients["torrent"].records[0]
    assert files_of([torrent], "content") == sorted(torrent["content_file_ids"])
    assert set(files_of([torrent], "content")) == {ids["Downloads/holiday/beach.bin"],
                                                  ids["Downloads/holiday/sub/harbour.bin"]}
    assert files_of(emule.records, "artifact") == sorted({ids["eMule/config/known.met"],
                                                          ids["eMule/config/AC_SearchStrings.dat"]},
                                                         key=[r["artifact_file_id"] for r in emule.records].index)


def test_overview_of_a_case_without_records(new_case: Case) -> None:
    overview = p2p_overview(new_case)
    assert (overview.clients, overview.total, overview.kinds, overview.shown) == ((), 0, {}, 0)


def test_files_of_refuses_an_unknown_side() -> None:
    with pytest.raises(ValueError):
        files_of([], "pictures")
