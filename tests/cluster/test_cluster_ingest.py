"""An ingest through a two-worker TLS cluster on loopback ends with the case a local ingest gives."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.core.progress import no_progress
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.progress_snapshot import latest_progress
from tests.cluster.conftest import STAGES, make_evidence
from tests.conftest import PASSPHRASE

COMPARED = ("path", "kind", "size", "status", "error", "md5", "sha1", "sha256", "ed2k", "mime", "container")


def ingested(tmp_path: Path, name: str, folder: Path, examiner: Actor, key: SigningKey,
             progress: Any = no_progress, **options: Any) -> tuple[dict[str, dict[str, Any]], list[Any], Any, Any]:
    with Case.create(tmp_path / f"{name}.heroes", PASSPHRASE, examiner, key) as case:
        add_evidence(case, folder)
        summary = ingest(case, IngestOptions(jobs=2, stages=STAGES, **options), progress=progress)
        records = {record["path"]: {column: record.get(column) for column in COMPARED} for record in iter_files(case)}
        return records, case.events(), summary, latest_progress(case)


def test_cluster_ingest_equals_local(tmp_path: Path, cluster: Any, certs: Path, examiner: Actor,
                                     examiner_key: SigningKey) -> None:
    folder = make_evidence(tmp_path / "seized")
    local, _, local_summary, _ = ingested(tmp_path, "local", folder, examiner, examiner_key)
    reports: list[Any] = []
    remote, events, summary, snapshot = ingested(tmp_path, "cluster", folder, examiner, examiner_key,
                                                 progress=lambda report: reports.append(copy.copy(report)), cluster=cluster.scheduler_address,
                                                 tls_dir=str(certs), task_items=3)
    assert summary.status == "finished" and summary.outcomes == local_summary.outcomes
    assert remote == local
    seen = [dict(report.nodes) for report in reports if report.phase == "items" and report.nodes]
    assert seen and sum(seen[-1].values()) == local_summary.items  # progress counts items by node (issue 22)
    assert snapshot.nodes == seen[-1]  # the window's ingest panel reads them from the run's snapshot
    assert any(path.endswith("inside/letter.txt") for path in remote)  # the zip was opened on a node
    batches = [event.details for event in events if event.action == "cluster.batch"]
    assert sum(len(batch["items"]) for batch in batches) == local_summary.items
    digest = next(event.details for event in events if event.action == "cluster.connected")["digest"]
    assert {batch["digest"] for batch in batches} == {digest}
    assert {batch["node"] for batch in batches} <= set(cluster.scheduler_info["workers"])


ANALYSIS_STAGES = (*STAGES, "media", "p2p", "hashsets", "p2p-content", "entities")


def analysed(tmp_path: Path, name: str, folder: Path, hashset: Path, examiner: Actor, key: SigningKey,
             **options: Any) -> dict[str, Any]:
    """What the examiner reads after an ingest with every analysis: matches, entities, media triage, P2P."""
    from heroes_desktop.acpic.listing import iter_media
    from heroes_desktop.hashsets.matching import list_matches
    from heroes_desktop.hashsets.store import import_hashset
    from heroes_desktop.nlp.entity_stage import list_entities
    from heroes_desktop.p2p.listing import list_p2p

    with Case.create(tmp_path / f"{name}.heroes", PASSPHRASE, examiner, key) as case:
        add_evidence(case, folder)
        import_hashset(case, hashset, "md5", "lab list", category="CAT-5")
        summary = ingest(case, IngestOptions(jobs=2, stages=ANALYSIS_STAGES, **options))
        assert summary.status == "finished"
        return {
            "matches": sorted((m["path"], m["kind"], m["category"]) for m in list_matches(case)),
            "entities": sorted((e["label"], e["normalized"], e["count"]) for e in list_entities(case)),
            "media": sorted((m["path"], len(m["faces"]), m["suggested_category"], round(m["triage_score"] or 0, 3))
                            for m in iter_media(case)),
            "p2p": sorted((r["client"], r["kind"], r["name"], tuple(r["content_file_ids"]) != ())
                          for r in list_p2p(case)),
        }


def test_cluster_analysis_equals_local(tmp_path: Path, cluster: Any, certs: Path, examiner: Actor,
                                       examiner_key: SigningKey) -> None:
    """Matches, entities, media triage (a face: the astronaut portrait scikit-image ships) and P2P records read on
    the nodes are the ones a local ingest finds."""
    import hashlib

    import skimage.data
    from PIL import Image

    folder = make_evidence(tmp_path / "seized", texts=2)
    Image.fromarray(skimage.data.astronaut()).save(folder / "portrait.jpg", quality=90)
    (folder / "AC_SearchStrings.dat").write_bytes(b"\xff\xfe" + "harbour photos\r\n".encode("utf-16-le"))
    emule = folder / "AppData/Local/eMule/config"
    emule.mkdir(parents=True)
    (folder / "AC_SearchStrings.dat").rename(emule / "AC_SearchStrings.dat")
    hashset = tmp_path / "lab.md5"
    hashset.write_text(hashlib.md5((folder / "shapes.png").read_bytes()).hexdigest() + "\n")
    local = analysed(tmp_path, "local", folder, hashset, examiner, examiner_key)
    remote = analysed(tmp_path, "cluster", folder, hashset, examiner, examiner_key,
                      cluster=cluster.scheduler_address, tls_dir=str(certs), task_items=3)
    assert remote == local
    assert local["matches"] and local["entities"] and local["p2p"]
    assert any(path.endswith("portrait.jpg") and faces >= 1 for path, faces, _, _ in local["media"])
