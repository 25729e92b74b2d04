"""A walk interrupted between any two batches goes on from its committed cursor to exactly the uninterrupted
result; a walk batch never holds more entries than asked (plus a file's streams)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import volumes
from heroes_desktop.core.progress import CancelToken, Progress
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.conftest import PASSPHRASE
from tests.evidence.deletion_images import make_ntfs_with_deletions
from tests.evidence.builders import populate


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("walk-resume")
    tree = folder / "tree"
    populate(tree, 120)
    return [make_ntfs_with_deletions(folder / "deletions.ntfs"), tree]


def _rows(case: Case) -> list[dict]:
    rows = [{k: v for k, v in row.items() if k not in ("id", "parent_id")} for row in iter_files(case)]
    return sorted(rows, key=lambda row: (row["evidence_id"], row["path"], row["inode"] or ""))


def _new_case(path: Path, evidence: list[Path], actor: Actor, key: SigningKey) -> Case:
    case = Case.create(path, PASSPHRASE, actor, key)
    for item in evidence:
        add_evidence(case, item)
    return case


@pytest.mark.parametrize("stop_after", [1, 4, 9])
def test_walk_stopped_after_any_batch_resumes_to_the_same_entries(stop_after: int, evidence: list[Path],
                                                                  tmp_path: Path, examiner: Actor,
                                                                  examiner_key: SigningKey) -> None:
    options = IngestOptions(jobs=2, stages=("hash",), walk_batch=7)
    with _new_case(tmp_path / "whole.heroes", evidence, examiner, examiner_key) as case:
        summary = ingest(case, IngestOptions(jobs=2, stages=("hash",)))
        assert summary.status == "finished"
        expected = _rows(case)
        assert summary.counts == {"files": len(expected), "deleted": sum(row["deleted"] for row in expected),
                                  "container_members": sum(row["parent_id"] is not None for row in iter_files(case)),
                                  "ok": sum(row["status"] == "ok" for row in expected)}

    with _new_case(tmp_path / "stopped.heroes", evidence, examiner, examiner_key) as case:
        cancel, batches = CancelToken(), []

        def stop_in_the_walk(report: Progress) -> None:
            if report.phase == "walk":
                batches.append(report.bytes_done)
                if len(batches) >= stop_after:
                    cancel.cancel()

        assert ingest(case, options, progress=stop_in_the_walk, cancel=cancel).status == "interrupted"
        with case.reading() as connection:
            cursors = [row.walk_cursor for row in connection.execute(select(volumes))]
        assert any(cursor is not None for cursor in cursors), "the stop came after the walk had ended"
        assert len(_rows(case)) < len(expected)
        assert ingest(case, options).status == "finished"
        assert _rows(case) == expected
        with case.reading() as connection:
            assert all(row.walked and row.walk_cursor is None for row in connection.execute(select(volumes)))
