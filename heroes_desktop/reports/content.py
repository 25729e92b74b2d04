"""What an examination report says, read from the case: every section as plain data, no layout.

The sections follow what forensic reporting guidance asks of a report (SWGDE's guidelines, ISO/IEC 27042, the
UK Forensic Science Regulator's code): who asked and who examined, the scope, each evidence item with its hashes and
their verification, the methods with program and model versions, what processing could not do, the findings with
the examiner's interpretation kept apart from the facts, the chain of custody with its verification, the limitations
and known error rates, and the examiner's declaration. Rendering (HTML, PDF) lives in other modules.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from heroes_desktop import __version__
from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent, verify_chain
from heroes_desktop.case.schema import evidence, files, hashsets, ingest_runs, matches, media, volumes, warnings
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.versions import component_versions
from heroes_desktop.hashsets.matching import DEFAULT_THRESHOLDS, EXACT_ALGORITHMS
from heroes_desktop.hashsets.tagging import annotated_tags
from heroes_desktop.models.manifest import ModelSpec, load_manifest
from heroes_desktop.reports.choices import ITEM_CHOICES, THUMBNAIL_CHOICES
from heroes_desktop.reports.errors import ReportCancelled

RESTRICTED_CATEGORIES = frozenset({"CAT-1", "CAT-2"})  # their pictures never appear in the report body
FAILURES_LISTED = 500  # failed items named one by one; the rest are counted
CHUNK = 900  # SQLite's bound-parameter limit, with room to spare


@dataclass(frozen=True)
class ReportOptions:
    """What the examiner chose for a report."""

    items: str = "bookmarked"
    thumbnails: str = "obscured"
    restricted_annex: bool = False  # also write the CAT-1/CAT-2 pictures, in an annex of their own
    requester: str = ""
    scope: str = ""  # the examiner's statement of what was asked; a default is written when empty
    declaration: str = ""  # replaces the default declaration when given
    limit: int | None = None  # at most this many findings (a preview)

    def __post_init__(self) -> None:
        if self.items not in ITEM_CHOICES:
            raise UsageError(f"--items must be one of {', '.join(ITEM_CHOICES)}, not {self.items!r}")
        if self.thumbnails not in THUMBNAIL_CHOICES:
            raise UsageError(f"--thumbnails must be one of {', '.join(THUMBNAIL_CHOICES)}, not {self.thumbnails!r}")


@dataclass
class Finding:
    """One reported item: facts the program established, and the examiner's interpretation, apart."""

    number: int
    file_id: int
    path: str
    name: str
    evidence: str
    partition: str
    size: int
    deleted: bool
    md5: str | None
    sha1: str | None
    sha256: str | None
    mime: str | None
    times: dict[str, str | None]  # mtime, atime, ctime, crtime (ISO 8601 UTC)
    status: str
    error: str | None
    matches: list[dict[str, Any]]
    signals: list[str]
    triage: str | None  # "score 0.12, suggests CAT-5"
    category: str | None
    category_origin: str | None
    category_by: str | None
    category_at: str | None
    bookmarks: list[str]
    notes: list[dict[str, str]]  # {"text", "by", "at"}
    has_thumbnail: bool
    restricted: bool  # categorised (or matched as) CAT-1 or CAT-2: never pictured in the report body
    hash_category: str | None = None


@dataclass
class ReportContent:
    """Everything a report says, section by section."""

    report_id: str
    generated_at: str
    program: str
    author: dict[str, str]
    case: dict[str, Any]
    scope: list[str]
    evidence: list[dict[str, Any]]
    methods: dict[str, Any]
    processing: dict[str, Any]
    findings: list[Finding]
    findings_total: int
    custody: dict[str, Any]
    limitations: list[dict[str, str]]
    declaration: str
    options: ReportOptions
    restricted_ids: list[int] = field(default_factory=list)
    p2p: dict[str, Any] = field(default_factory=dict)  # P2P client records: counts and the matched ones


def new_report_id(now: datetime | None = None) -> str:
    """``HR-20261202-1a2b3c4d``: the date and 32 random bits, unique among a lab's reports in practice."""
    moment = now or datetime.now(UTC)
    return f"HR-{moment:%Y%m%d}-{secrets.token_hex(4)}"


def gather_report(case: Case, options: ReportOptions, *, report_id: str | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ReportContent:
    """Read every section of the report from ``case``; ``progress(done, total)`` counts findings."""
    events = case.events()
    meta = case.meta()
    with case.reading() as connection:
        tags = annotated_tags(connection)
        tag_events = _tag_events(events)
        selected = _selected_ids(tags, options.items, connection)
        total = len(selected)
        if options.limit is not None:
            selected = selected[: options.limit]
        evidence_rows = evidence_facts(connection)
        labels = {row["id"]: row["label"] for row in evidence_rows}
        findings = _findings(connection, selected, tags, tag_events, labels, progress, cancelled)
        processing = processing_facts(connection)
        methods = method_facts(connection, events)
    verification = verify_chain(case.case_id, events)
    author = {"name": case.actor.name, "role": case.actor.role.value} if case.actor else {"name": "", "role": ""}
    examiners = sorted({event.actor for event in events if event.role == "examiner"})
    supervisors = sorted({event.actor for event in events if event.role == "supervisor"})
    case_section = {
        "case_id": case.case_id, "number": meta.get("number", ""), "title": meta.get("title", ""),
        "requester": options.requester or meta.get("requester", ""), "created_at": meta.get("created_at", ""),
        "examiners": examiners, "supervisors": supervisors,
        "examination_from": events[0].time if events else "", "examination_to": events[-1].time if events else "",
    }
    return ReportContent(
        report_id=report_id or new_report_id(),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        program=f"HEROES Desktop {__version__}",
        author=author,
        case=case_section,
        scope=_scope(options, evidence_rows, total),
        evidence=evidence_rows,
        methods=methods,
        processing=processing,
        findings=findings,
        findings_total=total,
        custody=_custody(events, verification),
        limitations=_limitations(methods["models"]),
        declaration=options.declaration or _declaration(author["name"]),
        options=options,
        restricted_ids=[finding.file_id for finding in findings if finding.restricted],
        p2p=p2p_facts(case),
    )


# ---- selection ---------------------------------------------------------------------------------------------------


def _selected_ids(tags: list[dict[str, Any]], rule: str, connection: Connection) -> list[int]:
    """The file ids a report covers, in file-id order."""
    if rule == "all":
        return [row[0] for row in connection.execute(select(files.c.id).where(files.c.kind != "dir")
                                                     .order_by(files.c.id))]
    wanted = {row["file_id"] for row in tags if row["current"]
              and (row["bookmark"] if rule == "bookmarked" else row["category"])}
    return sorted(wanted)


def _tag_events(events: Sequence[CustodyEvent]) -> dict[int, dict[str, Any]]:
    """Tag id -> the ``file.tagged`` event's details with who and when: where a category's origin is recorded."""
    found: dict[int, dict[str, Any]] = {}
    for event in events:
        if event.action == "file.tagged" and "tag_id" in event.details:
            found[int(event.details["tag_id"])] = {**event.details, "actor": event.actor, "time": event.time}
    return found


# ---- sections ----------------------------------------------------------------------------------------------------


def _scope(options: ReportOptions, evidence_rows: list[dict[str, Any]], total: int) -> list[str]:
    lines = []
    if options.scope:
        lines.append(options.scope)
    else:
        lines.append("Examination of the evidence items listed below for material relevant to the request, "
                     "using the methods described in this report.")
    what = {"bookmarked": "the items the examiner bookmarked", "categorised": "the items the examiner categorised",
            "all": "every file entry of the case (folders excepted)"}[options.items]
    lines.append(f"This report presents {what}: {total} item(s).")
    lines.append(f"Evidence items examined: {len(evidence_rows)}.")
    return lines


def evidence_facts(connection: Connection) -> list[dict[str, Any]]:
    """Each evidence item with its hashes, stored-hash verification, damaged areas and volumes."""
    rows = []
    for row in connection.execute(select(evidence).order_by(evidence.c.id)):
        metadata = json.loads(row.metadata or "{}")
        read_errors = json.loads(row.read_errors or "[]")
        if row.stored_md5 or row.stored_sha1:
            state = ("stored hashes verified: they match the content" if row.verified
                     else "stored hashes DO NOT match the content" if row.verified is False
                     else "stored hashes not verified")
        else:
            state = "no stored hash in the container; hashes computed on acquisition into the case"
        parts = [dict(volume._mapping) for volume in connection.execute(
            select(volumes.c.partition, volumes.c.offset, volumes.c.length, volumes.c.description, volumes.c.fs_type,
                   volumes.c.status, volumes.c.encryption, volumes.c.snapshot, volumes.c.error)
            .where(volumes.c.evidence_id == row.id).order_by(volumes.c.offset, volumes.c.id))]
        rows.append({
            "id": row.id, "label": row.label, "format": row.format, "paths": json.loads(row.paths or "[]"),
            "size": row.size, "md5": row.md5, "sha1": row.sha1, "sha256": row.sha256,
            "stored_md5": row.stored_md5, "stored_sha1": row.stored_sha1, "verified": row.verified,
            "verification": state, "headers": metadata.get("headers") or {}, "damaged": read_errors,
            "added_at": row.added_at, "added_by": row.added_by, "volumes": parts,
            "read_only": "Opened read-only: the program never writes to evidence; its bytes were read through "
                         "read-only handles (The Sleuth Kit, libewf) and its hashes recorded when it was added.",
        })
    return rows


def method_facts(connection: Connection, events: Sequence[CustodyEvent]) -> dict[str, Any]:
    """The program, components, ingest runs, models used (with SHA-256 and licence) and hash sets."""
    runs = []
    for row in connection.execute(select(ingest_runs).order_by(ingest_runs.c.id)):
        runs.append({"id": row.id, "started_at": row.started_at, "finished_at": row.finished_at,
                     "status": row.status, "stages": ", ".join(json.loads(row.stages or "[]")), "jobs": row.jobs,
                     "counts": json.loads(row.counts or "{}")})
    used: dict[str, str] = {}
    for event in events:
        for model_id, digest in (event.versions.get("models") or {}).items():
            used[model_id] = digest
    specs = _model_specs()
    models = []
    for model_id, digest in sorted(used.items()):
        spec = specs.get(model_id)
        models.append({"id": model_id, "sha256": digest, "version": (spec.version if spec else None) or "",
                       "licence": spec.licence if spec else "", "source": spec.source if spec else "",
                       "task": spec.task if spec else "", "known_errors": spec.known_errors if spec else "",
                       "verified": bool(spec and spec.sha256 == digest)})
    sets = [{"name": row.name, "format": row.format, "entries": row.entries, "category": row.category,
             "source_sha256": row.source_sha256, "imported_at": row.imported_at, "imported_by": row.imported_by,
             "known_good": bool(row.known_good)}
            for row in connection.execute(select(hashsets).order_by(hashsets.c.id))]
    device = next((where_it_ran(event.details) for event in reversed(events)
                   if event.action == "ingest.started" and event.details.get("device")), None)
    components = {name: version for name, version in component_versions().items() if name != "program"}
    components.update(_library_versions())
    return {"program": f"HEROES Desktop {__version__}", "components": components, "runs": runs,
            "models": models, "hashsets": sets, "thresholds": dict(DEFAULT_THRESHOLDS), "device": device or "cpu"}


def where_it_ran(details: dict[str, Any]) -> str:
    """An ``ingest.started`` event's device in words: where the models actually ran (the providers ONNX Runtime
    gave each session, torch's device) when the run recorded them, else the device it was asked for."""
    inference = details.get("inference")
    if not isinstance(inference, dict):
        return str(details.get("device") or "cpu")
    sessions = (inference.get("onnxruntime") or {}).get("sessions") or {}
    parts = [f"{model}: {', '.join(providers) if isinstance(providers, list) else 'not opened'}"
             for model, providers in sorted(sessions.items())]
    torch = inference.get("torch")
    if isinstance(torch, dict):
        parts.append(f"torch models: {torch.get('device')}")
    return f"{inference.get('ran_on', details.get('device'))} (asked: {details.get('device')}; {'; '.join(parts)})"


LIBRARIES = {"PyMuPDF (MuPDF)": "pymupdf", "Pillow": "pillow", "ImageHash": "imagehash", "spaCy": "spacy",
             "gensim": "gensim", "ONNX Runtime": "onnxruntime", "PyTorch": "torch", "python-magic": "python-magic",
             "pytsk3": "pytsk3", "libewf-python": "libewf-python", "pytesseract": "pytesseract"}


def _library_versions() -> dict[str, str]:
    """The versions of the libraries the stages use, as installed here, and Tesseract's."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from heroes_desktop.core.versions import tesseract_version  # noqa: PLC0415

    found = {}
    for title, package in LIBRARIES.items():
        try:
            found[title] = version(package)
        except PackageNotFoundError:
            continue
    try:
        found["Tesseract"] = tesseract_version()
    except Exception:  # noqa: BLE001 - a report says what it could not read
        found["Tesseract"] = "not found"
    return found


def _model_specs() -> dict[str, ModelSpec]:
    try:
        return dict(load_manifest())
    except Exception:  # noqa: BLE001 - a report states what it cannot read rather than failing
        return {}


P2P_LISTED = 50  # matched P2P records listed in the report; the rest are counted and `heroes p2p` lists them


def p2p_facts(case: Case) -> dict[str, Any]:
    """What the P2P clients recorded: records by client and kind, and the records that match a hash set (first
    ``P2P_LISTED``), with the hash the client kept, the content files found and the matches. Empty without records."""
    from heroes_desktop.p2p.listing import list_p2p  # noqa: PLC0415 - only reports of cases with P2P records

    counts: dict[tuple[str, str], int] = {}
    matched, matched_total, linked = [], 0, 0
    for record in list_p2p(case):
        counts[(record["client"], record["kind"])] = counts.get((record["client"], record["kind"]), 0) + 1
        linked += bool(record["content_file_ids"])
        if record["matches"]:
            matched_total += 1
            if len(matched) < P2P_LISTED:
                matched.append({key: record[key] for key in (
                    "client", "kind", "name", "size", "infohash", "infohash_v2", "ed2k", "times",
                    "artifact_file_id", "artifact_path", "content_file_ids", "matches")})
    if not counts:
        return {}
    return {"records": sum(counts.values()), "with_content": linked, "matched_total": matched_total,
            "by_client": [{"client": client, "kind": kind, "records": count}
                          for (client, kind), count in sorted(counts.items())],
            "matched": matched}


def processing_facts(connection: Connection) -> dict[str, Any]:
    """Items by status, the failures and why, areas not read, encrypted files, warnings, what was analysed."""
    counts = {status: int(count) for status, count in connection.execute(
        select(files.c.status, func.count()).group_by(files.c.status))}
    failures = []
    query = (select(files.c.id, files.c.path, files.c.status, files.c.error)
             .where(files.c.status.in_(["failed", "partial"])).order_by(files.c.id).limit(FAILURES_LISTED))
    for row in connection.execute(query):
        failures.append({"file_id": row.id, "path": row.path, "status": row.status, "reason": row.error or ""})
    failed_total = counts.get("failed", 0) + counts.get("partial", 0)
    areas = [{"evidence_id": row.evidence_id, "partition": row.partition, "description": row.description,
              "status": row.status, "encryption": row.encryption, "error": row.error}
             for row in connection.execute(select(volumes).where(volumes.c.status != "ok").order_by(volumes.c.id))]
    encrypted_files = connection.execute(select(func.count()).where(files.c.encrypted.is_(True))).scalar_one()
    warning_count = connection.execute(select(func.count()).select_from(warnings)).scalar_one()
    analysed = connection.execute(select(media.c.kind, func.count()).group_by(media.c.kind)).all()
    return {"counts": counts, "files": sum(counts.values()), "failures": failures, "failures_total": failed_total,
            "areas": areas, "encrypted_files": int(encrypted_files), "warnings": int(warning_count),
            "analysed": {kind: int(count) for kind, count in analysed}}


def _findings(connection: Connection, ids: list[int], tags: list[dict[str, Any]],
              tag_events: dict[int, dict[str, Any]], labels: dict[int, str],
              progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> list[Finding]:
    from heroes_desktop.review.item_review import signals_of, _faces  # noqa: PLC0415 - review imports this lazily

    by_file: dict[int, list[dict[str, Any]]] = {}
    for row in tags:
        by_file.setdefault(row["file_id"], []).append(row)
    set_names = {row.id: row.name for row in connection.execute(select(hashsets.c.id, hashsets.c.name))}
    partitions = {row.id: (row.partition, row.fs_type, row.snapshot) for row in connection.execute(
        select(volumes.c.id, volumes.c.partition, volumes.c.fs_type, volumes.c.snapshot))}
    findings: list[Finding] = []
    for start in range(0, len(ids), CHUNK):
        if cancelled is not None and cancelled():
            raise ReportCancelled("report cancelled")
        chunk = ids[start:start + CHUNK]
        rows = {row.id: row for row in connection.execute(select(files).where(files.c.id.in_(chunk)))}
        hits: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(select(matches).where(matches.c.file_id.in_(chunk)).order_by(matches.c.id)):
            hits.setdefault(row.file_id, []).append({"hashset": set_names.get(row.hashset_id, "?"), "kind": row.kind,
                                                     "distance": row.distance, "category": row.category})
        analysed = {row.file_id: row for row in connection.execute(
            select(media.c.file_id, media.c.faces, media.c.detections, media.c.context, media.c.triage_score,
                   media.c.suggested_category, media.c.thumbnail.is_not(None).label("has_thumbnail"))
            .where(media.c.file_id.in_(chunk)))}
        for file_id in chunk:
            row = rows.get(file_id)
            if row is None:
                continue
            findings.append(_finding(len(findings) + 1, row, by_file.get(file_id, []), tag_events, labels,
                                     partitions, hits.get(file_id, []), analysed.get(file_id), signals_of, _faces))
        if progress is not None:
            progress(min(start + CHUNK, len(ids)), len(ids))
    return findings


def _finding(number: int, row: Any, file_tags: list[dict[str, Any]], tag_events: dict[int, dict[str, Any]],
             labels: dict[int, str], partitions: dict[int, tuple], hits: list[dict[str, Any]], analysed: Any,
             signals_of: Callable[..., Any], faces_of: Callable[..., Any]) -> Finding:
    current = [tag for tag in file_tags if tag["current"]]
    category_tag = next((tag for tag in reversed(current) if tag["category"]), None)
    origin = tag_events.get(category_tag["id"], {}) if category_tag else {}
    partition, fs_type, snapshot = partitions.get(row.volume_id, (None, None, None))
    where = "whole image" if partition is None else f"partition {partition}"
    where += f" ({fs_type})" if fs_type else ""
    where += f", shadow copy {snapshot}" if snapshot else ""
    hash_categories = [hit["category"] for hit in hits if hit["category"]]
    hash_category = next((hit["category"] for hit in hits if hit["category"] and hit["kind"] in EXACT_ALGORITHMS),
                         hash_categories[0] if hash_categories else None)
    signals: list[str] = []
    triage = None
    if analysed is not None:
        faces = faces_of(json.loads(analysed.faces or "[]"))
        found = signals_of(faces, tuple(json.loads(analysed.detections or "[]")),
                           tuple(json.loads(analysed.context or "[]")), None)
        signals = [signal.text for signal in found]
        triage = f"triage score {analysed.triage_score:.2f}, program suggests {analysed.suggested_category}"
    category = category_tag["category"] if category_tag else None
    notes = [{"text": tag["note"], "by": tag["actor"], "at": tag["time"]} for tag in current if tag.get("note")]
    return Finding(
        number=number, file_id=row.id, path=row.path, name=row.name, evidence=labels.get(row.evidence_id, "?"),
        partition=where, size=int(row.size or 0), deleted=bool(row.deleted), md5=row.md5, sha1=row.sha1,
        sha256=row.sha256, mime=row.mime,
        times={"mtime": row.mtime, "atime": row.atime, "ctime": row.ctime, "crtime": row.crtime},
        status=row.status, error=row.error, matches=hits, signals=signals, triage=triage,
        category=category, category_origin=origin.get("origin") if category_tag else None,
        category_by=category_tag["actor"] if category_tag else None,
        category_at=category_tag["time"] if category_tag else None,
        bookmarks=[tag["bookmark"] for tag in current if tag["bookmark"]], notes=notes,
        has_thumbnail=bool(analysed is not None and analysed.has_thumbnail),
        restricted=bool({category, hash_category} & RESTRICTED_CATEGORIES), hash_category=hash_category,
    )


def _custody(events: Sequence[CustodyEvent], verification: Any) -> dict[str, Any]:
    return {
        "events": [{"seq": event.seq, "time": event.time, "actor": event.actor, "role": event.role,
                    "action": event.action, "summary": _event_summary(event), "hash": event.hash}
                   for event in events],
        "verified": verification.ok, "events_checked": verification.events_checked,
        "head_seq": verification.head_seq, "head_hash": verification.head_hash,
        "reason": verification.reason or "; ".join(verification.problems),
        "first_bad_seq": verification.first_bad_seq,
    }


SUMMARY_KEYS = ("label", "evidence_id", "file_id", "category", "bookmark", "origin", "name", "format", "entries",
                "status", "stages", "mode", "purpose", "items", "report_id", "sha256", "note", "reason")


def _event_summary(event: CustodyEvent) -> str:
    parts = []
    for key in SUMMARY_KEYS:
        value = event.details.get(key)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        parts.append(f"{key} {value}")
    text = "; ".join(parts)
    return text if len(text) <= 160 else text[:157] + "..."


PERCEPTUAL_LIMITATION = (
    "Perceptual-hash matches (pHash, dHash, aHash, wHash) find re-encoded, resized and lightly edited copies of "
    "known pictures; they are leads, not identity. At the default thresholds (pHash 15, dHash 9, aHash 7, wHash 3 "
    "bits) the measured recall over 14 kinds of change was 90.6 %, 87.4 %, 83.1 % and 69.7 % (mirroring "
    "excluded), with no false match among a few hundred distinct benign pictures; mirrored copies and crops of "
    "10 % or more are mostly missed. A false-match rate measured on a small benign sample does not bound the rate "
    "on a real case (docs/perceptual-thresholds.md); every perceptual match was to be reviewed by a person."
)
TRIAGE_LIMITATION = (
    "Image triage scores, detector labels, face detections and age and gender estimates are produced by the "
    "models listed under Methods. They order the examiner's work and suggest a category; they decide nothing. "
    "Estimated ages carry an error of several years, and no model's accuracy on children's faces is stated by its "
    "source. Categories in this report are the examiner's, with their origin stated."
)
EXACT_LIMITATION = (
    "Exact hash matches (MD5, SHA-1, SHA-256, ED2K) identify content identical to a reference entry; the reference "
    "set's own categorisation is its source's, and its quality is that source's responsibility."
)


def _limitations(models: list[dict[str, Any]]) -> list[dict[str, str]]:
    items = [{"topic": "Exact hash matching", "text": EXACT_LIMITATION},
             {"topic": "Perceptual hash matching", "text": PERCEPTUAL_LIMITATION},
             {"topic": "Image and video triage", "text": TRIAGE_LIMITATION}]
    for model in models:
        if model["known_errors"]:
            items.append({"topic": f"Model {model['id']}", "text": model["known_errors"]})
    items.append({"topic": "Deleted and unallocated content",
                  "text": "Deleted entries are reported as the file system still describes them; their content "
                          "may have been overwritten in part or in whole since deletion."})
    return items


def _declaration(name: str) -> str:
    who = name or "The examiner"
    return (f"I, {who}, declare that this report states the examination I carried out, that the facts in it are "
            "true to the best of my knowledge and belief, that the opinions expressed are my own and are marked as "
            "such, kept apart from the facts, and that I have stated the limitations of the methods I used. I "
            "understand that this report may be relied upon in legal proceedings.")
