"""The report's P2P section (4.1): present with records, counting them by client and kind and listing the matched
ones with the hash the client kept and their content files; absent from a case without records."""

from __future__ import annotations

import html
import re
from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.reports.content import ReportOptions as Options
from heroes_desktop.reports.writer import write_report

from tests.conftest import PASSPHRASE
from tests.p2p.p2p_case import ingest_p2p_case, write_p2p_evidence


def _text(folder: Path) -> str:
    page = (folder / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_report_has_a_p2p_section_with_the_matched_records(tmp_path: Path, case_path: Path, examiner,
                                                               examiner_key) -> None:
    evidence = write_p2p_evidence(tmp_path)
    with Case.create(case_path, PASSPHRASE, examiner, examiner_key) as case:
        ids = ingest_p2p_case(case, evidence)
        write_report(case, "html", tmp_path / "report", Options(items="all"))
    text = " ".join(_text(tmp_path / "report").split())
    assert "4.1 P2P client records" in text
    assert re.search(r"(\d+) records were read from the P2P clients' files; (\d+) describe files found", text)
    assert "emule known 2" in text and "utorrent resume 1" in text and "torrent torrent 1" in text
    # gone.bin is not in the evidence: the ED2K that known.met kept is what the police list holds
    assert "gone.bin" in text and "police list CAT-1 (record)" in text and "none found" in text
    assert "seized set CAT-2 (content)" in text and f"BTIH {evidence['torrent'].infohash}" in text
    assert str(ids["Downloads/holiday/beach.bin"]) in text


def test_a_case_without_p2p_records_has_no_p2p_section(new_case: Case, tmp_path: Path) -> None:
    write_report(new_case, "html", tmp_path / "report", Options(items="all"))
    assert "P2P client records" not in _text(tmp_path / "report")
