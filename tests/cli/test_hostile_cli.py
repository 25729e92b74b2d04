"""Wrong and hostile inputs at the command line (issue 20): every command given a missing, wrong-type (folder,
named pipe, device), looping or broken, empty or impossibly long path, a file that is no case, a huge argument, or a
case another process is ingesting, answers with its exit code and one line: no traceback, no hang (a named pipe
once blocked three commands for good), nothing quietly taken for something else (an empty path once became the
current folder, 10^9 jobs exhausted memory). The table is ``scripts/hostile_cli.py``'s, run in-process."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import hostile_cli  # noqa: E402


def test_every_hostile_input_gets_an_exit_code_and_one_line(tmp_path: Path) -> None:
    tried = hostile_cli.run_matrix(tmp_path)
    print(hostile_cli.table(tried))  # shown with -s or on failure
    assert len(tried) > 150
    unclean = [f"{row.command} / {row.given}: exit {row.code}: {row.line[:300]}" for row in tried if not row.clean]
    assert unclean == []
    by = {(row.command, row.given): row for row in tried}
    # the exit codes of the contract: not a case 3, evidence that cannot be read 5, a wrong input file 2
    assert {by[("case info CASE", kind)].code for kind in ("missing", "folder", "named pipe", "looping link")} == {3}
    assert by[("evidence add C PATH", "named pipe")].code == 5 and "named pipe" in by[("evidence add C PATH",
                                                                                        "named pipe")].line
    assert by[("dictionary import C FILE", "named pipe")].code == 2
    assert by[("evidence add C PATH", "empty")].code == 2 and "empty path" in by[("evidence add C PATH", "empty")].line
    assert by[("ingest --jobs 10^9", "")].code == 2
    assert by[("case create, a 1 MiB title", "")].code == 2
    assert "another ingest" in by[("ingest CASE", "being ingested by another process")].line
    assert all(row.seconds < 30 for row in tried)
