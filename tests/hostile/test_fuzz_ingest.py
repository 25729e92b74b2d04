"""The hostile-evidence fuzz of issue 20 at a modest size, in the suite: about 150 hostile items (every format a stage
reads, and mutated disk images) ingested with every stage in one case; nothing may crash the run or be left pending,
every damaged item says why, none runs past its budget, the custody chain verifies and a second ingest changes
nothing. ``scripts/fuzz_ingest.py`` runs the same at any size."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import fuzz_ingest  # noqa: E402

COUNT, SEED = 150, 1


def test_hostile_items_do_not_break_the_ingest(tmp_path: Path, isolated_profile: Path) -> None:
    result = fuzz_ingest.run_fuzz(COUNT, SEED, tmp_path / "fuzz", jobs=2, log=lambda *_: None)
    print(fuzz_ingest.table(result))  # shown with -s or on failure
    assert result.crashes == []
    assert result.pending == 0
    assert result.no_reason == []
    assert result.over_budget == []
    assert result.custody_ok, result.custody_problems
    assert result.second_ingest_same, result.second_ingest_changes
    total = sum(row.items for row in result.formats.values())
    assert total >= COUNT * 0.9  # every planned file is in the case (a disk image counts its files)
    damaged = sum(row.partial + row.failed for row in result.formats.values())
    assert damaged > COUNT // 5  # the mutations bite: a fuzz that damages nothing tests nothing
    expected = {"jpeg", "png", "gif", "tiff", "webp", "bmp", "pdf", "docx", "odt", "html", "text", "eml", "mbox",
                "sqlite", "zip", "7z", "tar", "gzip", "bzip2", "xz", "mp4", "avi", "mkv", "torrent", "resume.dat",
                "known.met"}
    assert expected <= set(result.formats), expected - set(result.formats)
