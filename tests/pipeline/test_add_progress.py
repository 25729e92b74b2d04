"""``evidence add`` reports the worker's hashing as it goes: bytes done of the image's size, never backwards."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from tests.conftest import PASSPHRASE


def test_hashing_progress_reaches_the_main_process(tmp_path: Path, examiner: Actor,
                                                   examiner_key: SigningKey) -> None:
    image = tmp_path / "blank.raw"
    with image.open("wb") as handle:
        handle.truncate(384 * 2**20)  # ~2 s of hashing here: several reports at 4 a second
    reports: list[tuple[int, int]] = []
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        record = add_evidence(case, image, progress=lambda done, total: reports.append((done, total)))
    assert record.size == 384 * 2**20
    started = [done for done, total in reports if total]
    assert started, "no progress reached the main process"
    assert all(total == record.size for done, total in reports if total)
    assert started == sorted(started) and 0 < started[-1] <= record.size
