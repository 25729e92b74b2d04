"""A report's detached signature: the file beside it that ties the report's bytes to the examiner and the case.

``REPORT.sig.json`` holds the report's SHA-256 (for an HTML folder, the SHA-256 of its manifest: every file's
relative path and SHA-256, sorted), the report id, the case id, the custody event that recorded the report, and
the signer's name, role and public key, all signed with the signer's Ed25519 key over canonical JSON. Verifying
recomputes the digest, checks the signature, and, given the case, checks that the case's chain verifies, that the
event is there with the same digest, and that the key is the one the case registered for that person.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.schema import signers
from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.core.hashing import file_sha256
from heroes_desktop.identity.keys import key_id_of, verify_signature
from heroes_desktop.reports.errors import ReportVerificationFailed

SIGNATURE_FORMAT = "heroes-report-signature/1"
SIGNATURE_SUFFIX = ".sig.json"


def signature_path(report: Path) -> Path:
    """Where a report's signature lies: beside it, its name plus ``.sig.json``."""
    return report.with_name(report.name + SIGNATURE_SUFFIX)


def folder_manifest(folder: Path) -> list[tuple[str, str]]:
    """(relative path, SHA-256) of every file under ``folder``, sorted by path; links are refused."""
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            raise ReportVerificationFailed(f"{path} is a link; a report folder holds plain files only")
        if path.is_file():
            entries.append((path.relative_to(folder).as_posix(), file_sha256(path)))
    return entries


def report_digest(report: Path) -> str:
    """SHA-256 of a PDF report, or of an HTML report folder's manifest (one ``sha256  path`` line per file)."""
    if report.is_dir():
        lines = "".join(f"{digest}  {name}\n" for name, digest in folder_manifest(report))
        return hashlib.sha256(lines.encode("utf-8")).hexdigest()
    if report.is_file():
        return file_sha256(report)
    raise ReportVerificationFailed(f"{report} does not exist")


@dataclass(frozen=True)
class ReportSignature:
    """The signed facts about one report."""

    report_id: str
    report_name: str
    kind: str  # pdf, html
    sha256: str
    case_id: str
    case_path: str
    custody_seq: int
    custody_hash: str
    written_at: str
    actor: str
    role: str
    key_id: str
    public_key: str
    format: str = SIGNATURE_FORMAT

    def signed_bytes(self) -> bytes:
        return canonical_json(self.__dict__)


def write_signature(document: ReportSignature, signature: bytes, out: Path) -> dict[str, Any]:
    """Write the signature file (atomically) and return what it holds."""
    body = {**document.__dict__, "signature": signature.hex()}
    temporary = out.with_name(f".{out.name}.partial")
    temporary.write_text(json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(out)
    return body


def read_signature(path: Path) -> tuple[ReportSignature, bytes]:
    """The signature file's facts and signature bytes; a missing or malformed file fails verification."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        signature = bytes.fromhex(body.pop("signature"))
        document = ReportSignature(**body)
    except FileNotFoundError:
        raise ReportVerificationFailed(f"no signature file {path}: a report is verified with the .sig.json "
                                       "written beside it") from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise ReportVerificationFailed(f"{path} is not a report signature: {error}") from None
    if document.format != SIGNATURE_FORMAT:
        raise ReportVerificationFailed(f"{path}: unknown signature format {document.format!r}")
    return document, signature


def verify_report(report: Path, case: Case | None, signature_file: Path | None = None) -> dict[str, Any]:
    """Check ``report`` against its signature and, when given, its case; raise ReportVerificationFailed naming the
    first thing that does not hold, else return what was checked."""
    document, signature = read_signature(signature_file or signature_path(report))
    digest = report_digest(report)
    if digest != document.sha256:
        raise ReportVerificationFailed(
            f"{report} has been altered: its SHA-256 is {digest}, the signed report's is {document.sha256}")
    public_key = bytes.fromhex(document.public_key)
    if key_id_of(public_key) != document.key_id or not verify_signature(public_key, signature,
                                                                        document.signed_bytes()):
        raise ReportVerificationFailed(f"the signature of {report} does not verify: the signature file was changed")
    checked: dict[str, Any] = {"report": str(report), "report_id": document.report_id, "sha256": digest,
                               "signed_by": document.actor, "role": document.role, "key_id": document.key_id,
                               "signature": "valid", "case_checked": False}
    if case is None:
        return checked
    if case.case_id != document.case_id:
        raise ReportVerificationFailed(f"{report} was written from case {document.case_id}, not from this case "
                                       f"({case.case_id})")
    chain = case.verify(file_integrity=False)
    if not chain.ok:
        raise ReportVerificationFailed(f"the case's custody chain does not verify: {chain.reason}")
    event = next((event for event in case.events() if event.seq == document.custody_seq), None)
    if event is None or event.hash != document.custody_hash or event.action != "report.written":
        raise ReportVerificationFailed(f"the case has no report.written event {document.custody_seq} with hash "
                                       f"{document.custody_hash}")
    if event.details.get("sha256") != digest or event.details.get("report_id") != document.report_id:
        raise ReportVerificationFailed(f"custody event {event.seq} records another report "
                                       f"({event.details.get('report_id')}, {event.details.get('sha256')})")
    if event.key_id != document.key_id or event.actor != document.actor:
        raise ReportVerificationFailed(f"the report was signed by key {document.key_id} ({document.actor}); its "
                                       f"custody event by {event.key_id} ({event.actor})")
    with case.reading() as connection:
        registered = connection.execute(select(signers.c.actor, signers.c.public_key)
                                        .where(signers.c.key_id == document.key_id)).first()
    if registered is None or registered.public_key != document.public_key or registered.actor != document.actor:
        raise ReportVerificationFailed(f"key {document.key_id} is not the key the case registered for "
                                       f"{document.actor}")
    checked.update(case_checked=True, case_id=case.case_id, custody_seq=event.seq, custody_hash=event.hash,
                   written_at=document.written_at)
    return checked
