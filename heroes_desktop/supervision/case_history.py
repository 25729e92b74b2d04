"""What was done to a case, for the supervisor: the evidence with its acquisition and verification hashes, every
ingest run (stages, models with their SHA-256, versions, start and end, interrupted or not), the items that
failed and why, the hash sets imported, and coverage: the share of each evidence item's pictures, videos and
documents the examiner has categorised or reviewed.

The facts are the report's own (``reports.content``), so that what the supervisor reads and what goes to court
cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.browse.categories import CATEGORY_SQL
from heroes_desktop.browse.tag_state import read_tag_state
from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.reports.content import evidence_facts, method_facts, processing_facts, where_it_ran

COVERAGE_KINDS = ("images", "videos", "documents")
RUN_ACTIONS = ("ingest.started", "ingest.finished", "ingest.interrupted")


@dataclass(frozen=True)
class Coverage:
    """Of one evidence item's files of one kind: how many, how many carry an examiner's category, how many any
    current tag (a category or a bookmark: the examiner has looked and decided)."""

    evidence_id: int
    label: str
    kind: str
    total: int
    categorised: int
    reviewed: int

    @property
    def share_reviewed(self) -> float | None:
        return round(self.reviewed / self.total, 4) if self.total else None

    def as_json(self) -> dict[str, Any]:
        return {"evidence_id": self.evidence_id, "label": self.label, "kind": self.kind, "total": self.total,
                "categorised": self.categorised, "reviewed": self.reviewed, "share_reviewed": self.share_reviewed}


@dataclass
class IngestRun:
    """One ingest run: its row in the case and the custody events that opened and closed it."""

    id: int
    started_at: str
    finished_at: str | None
    status: str  # running, finished, interrupted
    stages: str
    jobs: int | None
    counts: dict[str, Any]
    started_by: str = ""
    device: str = ""
    models: dict[str, str] = field(default_factory=dict)  # model id -> SHA-256 recorded when the run started
    versions: dict[str, Any] = field(default_factory=dict)  # component versions recorded when the run started

    @property
    def interrupted(self) -> bool:
        return self.status != "finished"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "started_at": self.started_at, "finished_at": self.finished_at, "status": self.status,
                "interrupted": self.interrupted, "stages": self.stages, "jobs": self.jobs, "counts": self.counts,
                "started_by": self.started_by, "device": self.device, "models": self.models,
                "versions": self.versions}


@dataclass
class CaseHistory:
    meta: dict[str, Any]
    evidence: list[dict[str, Any]]
    runs: list[IngestRun]
    models: list[dict[str, Any]]
    hashsets: list[dict[str, Any]]
    processing: dict[str, Any]
    coverage: list[Coverage]
    program: str

    def as_json(self) -> dict[str, Any]:
        return {"meta": self.meta, "program": self.program, "evidence": self.evidence,
                "runs": [run.as_json() for run in self.runs], "models": self.models, "hashsets": self.hashsets,
                "processing": self.processing, "coverage": [item.as_json() for item in self.coverage]}


def read_case_history(case: Case) -> CaseHistory:
    """Everything the supervisor's "what was done" view shows, read in one pass over the case."""
    events = case.events()
    try:
        meta = dict(case.meta())
    except Exception:  # noqa: BLE001 - the history is still worth showing without the title
        meta = {}
    with case.reading() as connection:
        evidence_rows = evidence_facts(connection)
        methods = method_facts(connection, events)
        processing = processing_facts(connection)
        tags = read_tag_state(connection)
        coverage = _coverage(connection, evidence_rows, tags)
    runs = _runs(methods["runs"], events)
    return CaseHistory(meta=meta, evidence=evidence_rows, runs=runs, models=methods["models"],
                       hashsets=methods["hashsets"], processing=processing, coverage=coverage,
                       program=methods["program"])


def _runs(rows: list[dict[str, Any]], events: list[CustodyEvent]) -> list[IngestRun]:
    """The runs, each with the ``ingest.started`` event that began it (the n-th event opens the n-th run: both are
    written in the same transaction, so their orders agree)."""
    started = [event for event in events if event.action == "ingest.started"]
    runs = []
    for index, row in enumerate(rows):
        event = started[index] if index < len(started) else None
        versions = dict(event.versions) if event else {}
        models = dict(versions.pop("models", {}) or {})
        runs.append(IngestRun(
            id=row["id"], started_at=row["started_at"], finished_at=row["finished_at"], status=row["status"],
            stages=row["stages"], jobs=row["jobs"], counts=row["counts"],
            started_by=f"{event.actor} ({event.role})" if event else "",
            device=where_it_ran(event.details) if event else "cpu", models=models, versions=versions,
        ))
    return runs


def _coverage(connection: Any, evidence_rows: list[dict[str, Any]], tags: Any) -> list[Coverage]:
    labels = {row["id"]: row["label"] for row in evidence_rows}
    categorised, tagged = set(tags.category), set(tags.category) | set(tags.bookmarks)
    found: list[Coverage] = []
    for kind in COVERAGE_KINDS:
        by_evidence: dict[int, list[int]] = {}
        for file_id, evidence_id in connection.exec_driver_sql(
                f"SELECT f.id, f.evidence_id FROM files f WHERE f.kind != 'dir' AND ({CATEGORY_SQL[kind]})"):
            by_evidence.setdefault(int(evidence_id), []).append(int(file_id))
        for evidence_id in sorted(labels):
            ids = by_evidence.get(evidence_id, [])
            found.append(Coverage(evidence_id, labels[evidence_id], kind, len(ids),
                                  sum(file_id in categorised for file_id in ids),
                                  sum(file_id in tagged for file_id in ids)))
    return found
