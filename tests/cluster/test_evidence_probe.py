"""The evidence probe: a node that reads other bytes, or other sizes, than the workstation is told why."""

from __future__ import annotations

from pathlib import Path

from heroes_desktop.case.case_file import Case
from heroes_desktop.cluster.digest import differences, environment
from heroes_desktop.cluster.evidence_probe import build_probe, check_probe
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, content_ref, ingest
from tests.conftest import PASSPHRASE


def test_the_probe_finds_other_evidence(tmp_path: Path, examiner: Actor, examiner_key: SigningKey) -> None:
    folder = tmp_path / "seized"
    folder.mkdir()
    for index in range(5):
        (folder / f"f{index}.txt").write_text("x" * (index + 1))
    with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
        evidence_id = add_evidence(case, folder).id
        ingest(case, IngestOptions(jobs=1, stages=("filetype",)))  # walked, not hashed: the probe hashes itself
        before = build_probe(case, evidence_id, content_ref, {})
        assert before.raw and not before.items and check_probe(before) == []
        ingest(case, IngestOptions(jobs=1, stages=("hash",)))
        recorded = build_probe(case, evidence_id, content_ref, {})
    assert len(recorded.items) == 3 and check_probe(recorded) == []
    (folder / "f0.txt").write_text("y")  # the same size, other bytes: a wrong copy on the node's mount
    assert any("SHA-256" in problem and "f0.txt" in problem for problem in check_probe(recorded))
    assert any("f0.txt" in problem and "first bytes differ" in problem for problem in check_probe(before))


def test_differences_name_what_differs() -> None:
    ours = environment()
    theirs = {**ours, "packages": {**ours["packages"], "pillow": "1.0"}, "models": {}}
    found = differences(ours, theirs)
    assert f"package pillow {ours['packages']['pillow']} here, 1.0 there" in found
    assert any(item.startswith("model ") and item.endswith("absent there") for item in found) or not ours["models"]

