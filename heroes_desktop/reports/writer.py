"""Writing a report: read the case, render, put the file in place, record it in custody, sign it.

The report is rendered to a temporary name beside its destination and renamed into place, so a crash leaves no
half report at the path; a report is never overwritten. Its SHA-256 goes into a ``report.written`` custody event,
and the detached signature beside it names that event. CAT-1 and CAT-2 pictures never appear in the report itself;
with ``restricted_annex`` they go into an annex of their own (its own id, custody event and signature).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.clock import utc_now_iso
from heroes_desktop.reports.choices import FORMATS
from heroes_desktop.reports.content import ReportContent, ReportOptions, gather_report
from heroes_desktop.reports.errors import ReportError
from heroes_desktop.reports.html_render import ReportMarkup, render_markup
from heroes_desktop.reports.pdf_render import render_pdf
from heroes_desktop.reports.signature import ReportSignature, report_digest, signature_path, write_signature
from heroes_desktop.reports.thumbnails import report_thumbnails

Progress = Callable[[str, int, int], None]  # (what is being done, done, total)


def annex_path(out: Path) -> Path:
    """Where the restricted annex of the report at ``out`` goes: ``NAME.restricted-annex.pdf`` (or a folder)."""
    if out.suffix:
        return out.with_name(f"{out.stem}.restricted-annex{out.suffix}")
    return out.with_name(f"{out.name}.restricted-annex")


def write_report(case: Case, fmt: str, out: Path, options: ReportOptions, *, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Write the report of ``case`` to ``out`` (a PDF file, or a folder for HTML); return what was written."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}: use pdf or html")
    out = Path(out)
    _refuse_existing(out)
    if options.restricted_annex:
        _refuse_existing(annex_path(out))
    if case.actor is None or case.signing_key is None:
        raise ReportError("a report is signed: open the case as an examiner (or supervisor) with a signing key")
    say = progress or (lambda stage, done, total: None)
    content = gather_report(case, options, progress=lambda done, total: say("reading the case", done, total),
                            cancelled=cancelled)
    pictured = [finding.file_id for finding in content.findings if finding.has_thumbnail and not finding.restricted]
    thumbnails = report_thumbnails(case, pictured, options.thumbnails)
    written = _write_one(case, fmt, out, content, render_markup(content, thumbnails), say, cancelled)
    if options.restricted_annex and content.restricted_ids:
        annex = _annex_content(content)
        annex_pictures = report_thumbnails(case, content.restricted_ids, options.thumbnails)
        written["annex"] = _write_one(case, fmt, annex_path(out), annex,
                                      render_markup(annex, annex_pictures, annex=True), say, cancelled)
    elif options.restricted_annex:
        written["annex"] = None
    return written


def render_preview(case: Case, options: ReportOptions, *, pages: int = 2, items: int = 12) -> bytes:
    """The first ``pages`` pages of the PDF report of ``case`` with at most ``items`` findings: written nowhere,
    recorded nowhere (what the Report dialog shows before the examiner writes the report)."""
    content = gather_report(case, dataclasses.replace(options, limit=items, restricted_annex=False))
    pictured = [finding.file_id for finding in content.findings if finding.has_thumbnail and not finding.restricted]
    markup = render_markup(content, report_thumbnails(case, pictured, options.thumbnails))
    return render_pdf(markup, report_id=content.report_id, running_title=_running_title(content), page_limit=pages)


def _refuse_existing(path: Path) -> None:
    if path.exists() or path.is_symlink():
        raise ReportError(f"{path} already exists; a report is never overwritten")
    if signature_path(path).exists():
        raise ReportError(f"{signature_path(path)} already exists; a report is never overwritten")
    if not path.parent.is_dir():
        raise ReportError(f"the folder {path.parent} does not exist")


def _running_title(content: ReportContent) -> str:
    number = content.case["number"] or content.case["title"] or content.case["case_id"]
    return f"HEROES Desktop examination report · case {number}"


def _annex_content(content: ReportContent) -> ReportContent:
    restricted = [finding for finding in content.findings if finding.restricted]
    for number, finding in enumerate(restricted, 1):
        restricted[number - 1] = dataclasses.replace(finding, number=number)
    return dataclasses.replace(content, report_id=f"{content.report_id}-RA", findings=restricted,
                               findings_total=len(restricted),
                               scope=[f"Restricted annex to report {content.report_id}: the pictures of the items "
                                      "categorised CAT-1 or CAT-2, which the report itself never shows. Its "
                                      "distribution is restricted to those entitled to see such material."])


def _write_one(case: Case, fmt: str, out: Path, content: ReportContent, markup: ReportMarkup, say: Progress,
               cancelled: Callable[[], bool] | None) -> dict[str, Any]:
    temporary = out.with_name(f".{out.name}.partial")
    _remove(temporary)
    try:
        if fmt == "pdf":
            data = render_pdf(markup, report_id=content.report_id, running_title=_running_title(content),
                              cancelled=cancelled, progress=lambda pages: say("laying out pages", pages, 0))
            temporary.write_bytes(data)
        else:
            _write_html_folder(temporary, markup, content)
        if cancelled is not None and cancelled():
            raise ReportError("report cancelled")
        temporary.replace(out)
    except BaseException:
        _remove(temporary)
        raise
    digest = report_digest(out)
    try:
        event = case.record("report.written", {
            "report_id": content.report_id, "format": fmt, "sha256": digest, "out": str(out),
            "items": content.options.items, "findings": len(content.findings),
            "thumbnails": content.options.thumbnails, "restricted_annex": content.report_id.endswith("-RA"),
            "reported_head_seq": content.custody["head_seq"], "reported_head_hash": content.custody["head_hash"],
        })
    except BaseException:
        _remove(out)
        raise
    key = case.signing_key
    assert case.actor is not None and key is not None
    document = ReportSignature(
        report_id=content.report_id, report_name=out.name, kind=fmt, sha256=digest, case_id=case.case_id,
        case_path=str(Path(case.path).resolve()), custody_seq=event.seq, custody_hash=event.hash,
        written_at=utc_now_iso(), actor=case.actor.name, role=case.actor.role.value, key_id=key.key_id,
        public_key=key.public_key.hex())
    write_signature(document, key.sign(document.signed_bytes()), signature_path(out))
    return {"report": str(out), "signature": str(signature_path(out)), "report_id": content.report_id,
            "format": fmt, "sha256": digest, "findings": len(content.findings), "custody_seq": event.seq,
            "pages": _pages(out) if fmt == "pdf" else None}


def _write_html_folder(folder: Path, markup: ReportMarkup, content: ReportContent) -> None:
    folder.mkdir()
    (folder / "index.html").write_text(markup.document(_running_title(content) + f" · {content.report_id}"),
                                       encoding="utf-8")
    for name, data in markup.images.items():
        (folder / name).write_bytes(data)


def _pages(path: Path) -> int:
    import pymupdf  # noqa: PLC0415 - only to count what was written

    with pymupdf.open(path) as document:
        return document.page_count


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
