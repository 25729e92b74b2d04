"""``--mime PREFIX`` means the same to ``heroes files`` and ``heroes search`` (issue 20): a prefix whose every
character is literal (``_``, ``%`` and ``\\`` included), compared without regard to ASCII case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.search.fulltext import hit_ids, like_prefix, search
from tests.conftest import PASSPHRASE


@pytest.fixture
def text_case(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> Iterator[Case]:
    evidence = tmp_path / "seized"
    evidence.mkdir()
    (evidence / "note.txt").write_text("the shipment leaves on tuesday\n")
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        add_evidence(case, evidence)
        assert ingest(case, IngestOptions(jobs=1, stages=("filetype", "hash", "text"))).status == "finished"
    opened = Case.open(tmp_path / "c.heroes", PASSPHRASE, mode=OpenMode.READ_ONLY)
    yield opened
    opened.close()


PREFIXES = {"text/": True, "TEXT/PL": True, "text/plain": True,
            "text_": False, "text%": False, "%": False, "_": False, "te\\xt/": False, "text/\\": False}


def test_files_and_search_read_the_prefix_alike(text_case: Case) -> None:
    for prefix, matches in PREFIXES.items():
        listed = [row["path"] for row in iter_files(text_case, mime_prefix=prefix)]
        found = [hit.path for hit in search(text_case, "shipment", mime_prefix=prefix)]
        assert listed == (["/note.txt"] if matches else []), ("heroes files", prefix)
        assert found == listed, ("heroes search", prefix)
        assert len(hit_ids(text_case, "shipment", mime_prefix=prefix)) == len(found), prefix


def test_the_pattern_escapes_every_wildcard() -> None:
    assert like_prefix("a_b%c\\d") == "a\\_b\\%c\\\\d%"
