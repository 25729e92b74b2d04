"""An ingest through a two-worker TLS cluster on loopback ends with the case a local ingest gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.cluster.conftest import STAGES, make_evidence
from tests.conftest import PASSPHRASE

COMPARED = ("path", "kind", "size", "status", "error", "md5", "sha1", "sha256", "ed2k", "mime", "container")


def ingested(tmp_path: Path, name: str, folder: Path, examiner: Actor, key: SigningKey,
             **options: Any) -> tuple[dict[str, dict[str, Any]], list[Any], Any]:
    with Case.create(tmp_path / f"{name}.heroes", PASSPHRASE, examiner, key) as case:
        add_evidence(case, folder)
        summary = ingest(case, IngestOptions(jobs=2, stages=STAGES, **options))
        records = {record["path"]: {column: record.get(column) for column in COMPARED} for record in iter_files(case)}
        return records, case.events(), summary


def test_cluster_ingest_equals_local(tmp_path: Path, cluster: Any, certs: Path, examiner: Actor,
                                     examiner_key: SigningKey) -> None:
    folder = make_evidence(tmp_path / "seized")
    local, _, local_summary = ingested(tmp_path, "local", folder, examiner, examiner_key)
    remote, events, summary = ingested(tmp_path, "cluster", folder, examiner, examiner_key,
                                       cluster=cluster.scheduler_address, tls_dir=str(certs), task_items=3)
    assert summary.status == "finished" and summary.outcomes == local_summary.outcomes
    assert remote == local
    assert any(path.endswith("inside/letter.txt") for path in remote)  # the zip was opened on a node
    batches = [event.details for event in events if event.action == "cluster.batch"]
    assert sum(len(batch["items"]) for batch in batches) == local_summary.items
    digest = next(event.details for event in events if event.action == "cluster.connected")["digest"]
    assert {batch["digest"] for batch in batches} == {digest}
    assert {batch["node"] for batch in batches} <= set(cluster.scheduler_info["workers"])
