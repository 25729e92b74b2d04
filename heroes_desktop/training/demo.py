"""`heroes demo`: builds the training evidence, processes it into a new case with every installed stage, and
summarises what the program found, checked against the answer key.

The passphrases are fixed and printed: a demo case protects nothing and must never hold real evidence. So it is
exempt from the passphrase policy and marked as a training case (``heroes case info``: ``"training": true``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.case.schema import entities, files, media
from heroes_desktop.core.progress import CancelToken, ProgressCallback, no_progress
from heroes_desktop.hashsets.matching import list_matches
from heroes_desktop.hashsets.store import import_hashset
from heroes_desktop.identity.actor import Actor, Role
from heroes_desktop.identity.keys import load_or_create_signing_key
from heroes_desktop.nlp.topic_stage import list_topics
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.training.answer_key import read_key
from heroes_desktop.training.checks import FLAG_SCORE, Check, check_case, summarise
from heroes_desktop.training.make_case import TrainingCase, make_training_case

DEMO_CASE_PASSPHRASE = "demo-case-passphrase"
DEMO_KEY_PASSPHRASE = "demo-key-passphrase"
DEMO_EXAMINER = "Demo Examiner"
DEMO_CASE_NAME = "demo.heroes"
MAX_PROBLEMS_SHOWN = 10  # failed or not-run answer-key checks named in the summary


@dataclass
class DemoResult:
    case_path: Path
    training: TrainingCase
    summary: dict[str, Any]
    checks: list[Check] = field(default_factory=list)


def _counts(case: Case) -> dict[str, Any]:
    """What the summary reports, counted as ``heroes case info`` counts (every entry, folders included)."""
    counts = case.info().counts
    with case.reading() as connection:
        folders = connection.execute(select(func.count()).select_from(files)
                                     .where(files.c.kind == "dir")).scalar_one()
        by_label = dict(connection.execute(select(entities.c.label, func.count(func.distinct(entities.c.normalized)))
                                           .group_by(entities.c.label)).all())
        analysed = connection.execute(select(func.count()).select_from(media)).scalar_one()
        flagged = connection.execute(select(func.count()).select_from(media)
                                     .where(media.c.triage_score >= FLAG_SCORE)).scalar_one()
    matches = list_matches(case)
    _, topics = list_topics(case)
    return {"files": counts["files"], "deleted_files": counts["deleted_files"], "folders": int(folders),
            "matches": len(matches), "matched_files": len({m["file_id"] for m in matches}),
            "entities": by_label, "topics": [" ".join(t["terms"][:6]) for t in topics],
            "images_analysed": int(analysed), "flagged_images": int(flagged), "flag_score": FLAG_SCORE}


def run_demo(out_dir: Path, seed: int = 1, jobs: int | None = None, progress: ProgressCallback = no_progress,
             say: Callable[[str], None] = lambda message: None, cancel: CancelToken | None = None) -> DemoResult:
    """Training evidence -> new case -> evidence (the E01 copy) -> hash sets -> ingest -> summary and checks."""
    out_dir = Path(out_dir)
    started = time.monotonic()
    training = make_training_case(out_dir / "evidence", seed=seed, progress=say)
    key = read_key(training.key)
    case_path = out_dir / DEMO_CASE_NAME
    for stale in (case_path, *out_dir.glob(DEMO_CASE_NAME + "-*")):
        stale.unlink(missing_ok=True)
    actor = Actor(DEMO_EXAMINER, Role.EXAMINER)
    signing_key = load_or_create_signing_key(out_dir / "profile", actor.name, DEMO_KEY_PASSPHRASE, training=True)
    with Case.create(case_path, DEMO_CASE_PASSPHRASE, actor, signing_key, title="HEROES demo (training evidence)",
                     number=f"DEMO-{seed}", training=True):
        pass
    with Case.open(case_path, DEMO_CASE_PASSPHRASE, mode=OpenMode.READ_WRITE, actor=actor, key=signing_key,
                   purpose="demo") as case:
        say("adding the evidence (E01 copy of the training disk)")
        evidence = add_evidence(case, training.e01[0], label="Training disk (E01)")
        imported = []  # both files: the exact matches need the VICS set, the perceptual ones the pHash list
        for path, format_name in ((training.vics, "vics"), (training.phash, "phash")):
            report = import_hashset(case, path, format_name, key["hashset"]["name"] + f" ({format_name})")
            imported.append((report.name, report.entries))
        say("ingesting with every installed stage")
        ingest_summary = ingest(case, IngestOptions(jobs=jobs), progress=progress, cancel=cancel)
        checks = check_case(case, key)
        verification = case.verify()
        summary = {"case": str(case_path), "evidence_verified": evidence.verified, "ingest": ingest_summary.status,
                   "ingest_seconds": round(ingest_summary.seconds, 1), **_counts(case),
                   "custody_chain_verified": verification.ok, "custody_events": verification.events_checked,
                   "answer_key": summarise(checks),
                   "answer_key_problems": [f"{c.verdict} {c.item} {c.what}: {c.detail}" for c in checks
                                           if c.ok is not True][:MAX_PROBLEMS_SHOWN],
                   "hashsets": [name for name, _ in imported], "seconds": round(time.monotonic() - started, 1),
                   "case_passphrase": DEMO_CASE_PASSPHRASE, "key_passphrase": DEMO_KEY_PASSPHRASE,
                   "profile": str(out_dir / "profile"), "answer_key_path": str(training.key)}
    return DemoResult(case_path, training, summary, checks)
