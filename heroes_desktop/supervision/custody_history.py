"""The chain of custody as a readable history: every event in plain words, with its links and signature checked,
the first bad event and why, a checkpoint's verdict, and the lab's view of each signer.

A history never hides an event: an event after the first bad one is still listed, marked as not verifiable (the
chain cannot vouch for anything after a break).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.identity import lab_trust

VERIFIED, BAD, UNVERIFIABLE = "verified", "bad", "after a break"


def _file(details: Mapping[str, Any]) -> str:
    return f"file {details.get('file_id')}" if details.get("file_id") is not None else "a file"


def _joined(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def _tagged(details: Mapping[str, Any]) -> str:
    what = details.get("category") or (f"bookmark “{details.get('bookmark')}”" if details.get("bookmark") else "a tag")
    origin = f" ({details['origin']})" if details.get("origin") else ""
    note = f"; note: {details['note']}" if details.get("note") else ""
    return f"tagged {_file(details)} as {what}{origin}{note}"


def _ingest_started(details: Mapping[str, Any]) -> str:
    stages = _joined(details.get("stages") or [])
    device = f" on {details['device']}" if details.get("device") else ""
    return f"started an ingest with the stages {stages}{device}"


def _ingest_finished(details: Mapping[str, Any]) -> str:
    counts = details.get("counts") or {}
    shown = ", ".join(f"{key} {value}" for key, value in counts.items()) if isinstance(counts, dict) else ""
    return "finished the ingest" + (f" ({shown})" if shown else "")


# action -> the event in plain words, from its details
DESCRIPTIONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "case.created": lambda d: f"created the case “{d.get('title') or ''}” (number {d.get('number') or '-'})",
    "case.opened": lambda d: f"opened the case ({d.get('mode') or 'read-write'}"
                             + (f", {d['purpose']}" if d.get("purpose") else "") + ")",
    "case.migrated": lambda d: f"upgraded the case file format to version {d.get('to') or d.get('version') or '?'}",
    "case.failed_opens": lambda d: f"was told of {d.get('count', '?')} failed attempts to open the case",
    "signer.registered": lambda d: "registered a signing key in the case",
    "evidence.added": lambda d: f"added the evidence “{d.get('label') or ''}” ({d.get('format') or '?'}, SHA-256 "
                                f"{d.get('sha256') or '?'})",
    "volume.unlocked": lambda d: f"unlocked an encrypted volume of evidence {d.get('evidence_id')}",
    "volume.unlock-failed": lambda d: f"failed to unlock an encrypted volume of evidence {d.get('evidence_id')}",
    "ingest.started": _ingest_started,
    "ingest.finished": _ingest_finished,
    "ingest.interrupted": lambda d: "the ingest was interrupted" + (f": {d['reason']}" if d.get("reason") else
                                                                    "; committed work is kept"),
    "ingest.killed": lambda d: f"found run{'s' if len(d.get('run_ids') or ()) != 1 else ''} "
                               f"{', '.join(str(i) for i in d.get('run_ids') or ())} ended abruptly (killed or "
                               "crashed); committed work is kept and resumed",
    "ingest.lost-evidence-reopened": lambda d: "evidence that had gone missing was found again",
    "hashset.imported": lambda d: f"imported the hash set “{d.get('name')}” ({d.get('entries', '?')} entries, "
                                  f"source SHA-256 {d.get('source_sha256') or d.get('sha256') or '?'})",
    "hashset.removed": lambda d: f"removed the hash set “{d.get('name')}”",
    "hashset.exported": lambda d: f"exported the hash set “{d.get('name')}”",
    "file.tagged": _tagged,
    "tag.withdrawn": lambda d: f"withdrew the tag {d.get('category') or d.get('bookmark') or ''} of {_file(d)}"
                               + (f": {d['reason']}" if d.get("reason") else ""),
    "face.age_decided": lambda d: f"decided the age of a face in {_file(d)}: {d.get('decision') or d.get('age')}",
    "entities.computed": lambda d: "found the people, places and identifiers in the documents",
    "entity.merged": lambda d: "merged two entities the examiner knows to be one",
    "entity.merge_withdrawn": lambda d: "withdrew an entity merge",
    "topics.modelled": lambda d: f"modelled the documents' topics ({d.get('topics') or d.get('num_topics') or '?'}"
                                 " topics)",
    "presentation.revealed": lambda d: f"revealed {_file(d)} during a presentation",
    "report.written": lambda d: f"wrote the report {d.get('report_id') or ''} (SHA-256 {d.get('sha256') or '?'})",
    "export.written": lambda d: f"exported the case as {d.get('format') or '?'} (SHA-256 {d.get('sha256') or '?'})",
    "export.selection": lambda d: f"exported a selection of {d.get('rows', d.get('items', '?'))} rows as CSV",
    "custody.checkpoint": lambda d: "took a signed checkpoint of the chain",
    "review.signed": lambda d: "signed a review of the chain" + (f": {d['note']}" if d.get("note") else ""),
    "review.sample_drawn": lambda d: f"drew a blind review sample of {len(d.get('file_ids') or [])} pictures",
    "review.blind_decision": lambda d: f"recorded a blind decision on {_file(d)}",
    "lab.trusted": lambda d: f"recorded the lab {d.get('lab')} (key {d.get('lab_key_id')}) as the case's lab",
    "synthetic.started": lambda d: "began writing a synthetic training case",
    "synthetic.finished": lambda d: "finished writing a synthetic training case",
}


def describe(event: CustodyEvent) -> str:
    """The event in plain words ("Ana Ruiz, examiner, tagged file 12 as CAT-2 (suggestion accepted)")."""
    describer = DESCRIPTIONS.get(event.action)
    try:
        what = describer(event.details) if describer else _generic(event)
    except Exception:  # noqa: BLE001 - details of an unexpected shape are still shown, generically
        what = _generic(event)
    return f"{event.actor or 'someone'} ({event.role}) {what}"


def _generic(event: CustodyEvent) -> str:
    shown = "; ".join(f"{key} {_joined(value)}" for key, value in event.details.items()
                      if key not in ("public_key", "signature") and value not in (None, "", [], {}))
    text = f"{event.action.replace('.', ' ').replace('_', ' ')}" + (f" ({shown})" if shown else "")
    return text if len(text) <= 200 else text[:197] + "..."


@dataclass(frozen=True)
class HistoryLine:
    """One event of the history: when, who, in which role, what, and whether the chain vouches for it."""

    seq: int
    time: str
    actor: str
    role: str
    action: str
    words: str
    details: dict[str, Any]
    status: str  # verified, bad, after a break
    reason: str = ""
    trust: tuple[str, ...] = ()  # what the lab's enrolments say against its signer

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "time": self.time, "actor": self.actor, "role": self.role, "action": self.action,
                "words": self.words, "status": self.status, "reason": self.reason, "trust": list(self.trust)}


@dataclass
class CustodyHistory:
    """The whole readable history and the verdicts on it."""

    lines: list[HistoryLine]
    chain_ok: bool
    first_bad_seq: int | None
    reason: str
    head_seq: int
    head_hash: str
    checkpoint: str | None = None  # the checkpoint file checked against, if any
    problems: list[str] = field(default_factory=list)  # checkpoint and case-level problems
    trust_checked: bool = False
    lab: str | None = None
    trust_findings: list[lab_trust.TrustFinding] = field(default_factory=list)

    @property
    def serious_findings(self) -> list[lab_trust.TrustFinding]:
        return [finding for finding in self.trust_findings if finding.kind != lab_trust.LAB_UNKNOWN]

    @property
    def ok(self) -> bool:
        return self.chain_ok and not self.serious_findings

    def verdict(self) -> str:
        """One sentence: verified, or where and why not."""
        if self.first_bad_seq is not None:
            return f"The chain is broken at event {self.first_bad_seq}: {self.reason}"
        if self.problems:
            return "The chain does not verify: " + "; ".join(self.problems)
        text = f"The chain verifies: {len(self.lines)} events, head {self.head_hash[:16]}…"
        if self.checkpoint:
            text += f"; consistent with the checkpoint {Path(self.checkpoint).name}"
        if self.serious_findings:
            first = self.serious_findings[0]
            text += (f". But {len(self.serious_findings)} signer finding(s) against the lab's enrolments; first:"
                     f" event {first.seq}: {first.reason}")
        elif self.trust_checked:
            text += f"; every signer is enrolled by the lab {self.lab} for the role it claims"
        elif self.trust_findings:
            text += f". {self.trust_findings[0].reason}"
        return text


def read_custody_history(case: Case, *, checkpoint: Path | None = None,
                         trust: lab_trust.LabTrust | None = None) -> CustodyHistory:
    """Verify the chain (against ``checkpoint`` when given, signers against ``trust`` or the lab the case records)
    and describe every event."""
    report = case.verify(checkpoint=checkpoint)
    events = case.events()
    recorded = lab_trust.recorded_lab(case)
    findings = lab_trust.trust_findings(case, trust) if (trust is not None or recorded) else []
    by_seq: dict[int, list[str]] = {}
    for finding in findings:
        if finding.seq is not None:
            by_seq.setdefault(finding.seq, []).append(finding.reason)
    lines = [_line(event, report.first_bad_seq, report.reason or "", by_seq.get(event.seq, ())) for event in events]
    chain_problems = [problem for problem in report.problems]
    return CustodyHistory(
        lines=lines, chain_ok=report.ok, first_bad_seq=report.first_bad_seq, reason=report.reason or "",
        head_seq=report.head_seq, head_hash=report.head_hash, checkpoint=str(checkpoint) if checkpoint else None,
        problems=chain_problems, trust_checked=trust is not None,
        lab=trust.lab_name if trust is not None else (recorded or {}).get("lab"), trust_findings=findings,
    )


def _line(event: CustodyEvent, first_bad: int | None, reason: str, trust: Sequence[str]) -> HistoryLine:
    if first_bad is None or event.seq < first_bad:
        status, why = VERIFIED, ""
    elif event.seq == first_bad:
        status, why = BAD, reason
    else:
        status, why = UNVERIFIABLE, f"after the break at event {first_bad}: the chain cannot vouch for it"
    return HistoryLine(event.seq, event.time, event.actor, event.role, event.action, describe(event),
                       dict(event.details), status, why, tuple(trust))


def profile_trust_for(case: Case) -> lab_trust.LabTrust | None:
    """The lab trust of this workstation's profile (``HEROES_LAB_STORE`` or the profile's lab) when it is the lab
    the case records; None otherwise (another lab's enrolments say nothing about this case's signers). A store that
    does not verify raises :class:`~heroes_desktop.identity.lab_trust.LabTrustTampered`."""
    store = lab_trust.default_store()
    if not (store / lab_trust.LAB_FILE).is_file():
        return None
    recorded = lab_trust.recorded_lab(case)
    if recorded is None:
        return None
    trust = lab_trust.load_trust(store)  # a tampered store is said, never taken for no store
    return trust if trust.lab_key_id == recorded.get("lab_key_id") else None
