"""The P2P categories on a real case with P2P records: *P2P artifacts* are the client files records were read from,
*P2P content* the case files linked to a record, *P2P matches* the content of records that match a hash set (by
their own hash or a content file's) and the artifacts of records whose own hash matched; each count is the number
of files the file table's category selects."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.browse.categories import CATEGORY_KEYS, category_counts
from heroes_desktop.browse.file_query import FileQuery, matching_ids
from heroes_desktop.case.case_file import Case
from tests.conftest import PASSPHRASE
from tests.p2p.p2p_case import ingest_p2p_case, write_p2p_evidence


def test_p2p_categories_select_artifacts_content_and_matches(tmp_path: Path, case_path: Path, examiner,
                                                             examiner_key) -> None:
    evidence = write_p2p_evidence(tmp_path)
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        ids = ingest_p2p_case(case, evidence)
        counts = {count.key: count.count for count in category_counts(case)}
        chosen = {key: set(matching_ids(case, FileQuery(category=key)))
                  for key in ("p2p_artifacts", "p2p_content", "p2p_matches")}
    assert chosen["p2p_artifacts"] == {ids["uTorrent/holiday.torrent"], ids["uTorrent/resume.dat"],
                                       ids["eMule/config/known.met"], ids["eMule/config/AC_SearchStrings.dat"]}
    assert chosen["p2p_content"] == {ids["Downloads/holiday/beach.bin"], ids["Downloads/holiday/sub/harbour.bin"],
                                     ids["Music/song.bin"]}  # the decoy of the same name and size is not content
    # the torrent and its resume record match by beach.bin's MD5: all their content; gone.bin matches by the ED2K
    # known.met keeps (the file is gone): its artifact; song.bin's record matches nothing
    assert chosen["p2p_matches"] == {ids["Downloads/holiday/beach.bin"], ids["Downloads/holiday/sub/harbour.bin"],
                                     ids["eMule/config/known.met"]}
    for key, files_chosen in chosen.items():
        assert counts[key] == len(files_chosen), key
    assert CATEGORY_KEYS.index("p2p_artifacts") < CATEGORY_KEYS.index("bookmarks")


def test_p2p_categories_are_empty_without_records(new_case: Case) -> None:
    counts = {count.key: count.count for count in category_counts(new_case)}
    assert (counts["p2p_artifacts"], counts["p2p_content"], counts["p2p_matches"]) == (0, 0, 0)
    assert list(matching_ids(new_case, FileQuery(category="p2p_matches"))) == []
