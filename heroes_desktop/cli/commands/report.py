"""``heroes report CASE --format pdf|html --out PATH`` and ``heroes report verify [CASE] REPORT``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import emit_json, note, path_argument, say
from heroes_desktop.cli.progress_bar import TerminalProgress
from heroes_desktop.core.progress import Progress
from heroes_desktop.cli.secrets import case_passphrase
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.reports.choices import FORMATS, ITEM_CHOICES, THUMBNAIL_CHOICES

USAGE = ("heroes report CASE --format pdf|html --out PATH [--items bookmarked|categorised|all] "
         "[--thumbnails none|obscured|clear] [--restricted-annex]\n"
         "       heroes report verify [CASE] REPORT [--signature FILE]")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser(
        "report", parents=[common], usage=USAGE, help="the examination report (PDF or HTML), signed; verify one",
        epilog="examples:\n"
               "  heroes report op.heroes --format pdf --out op-report.pdf\n"
               "  heroes report op.heroes --format html --out op-report --items categorised --thumbnails none\n"
               "  heroes report verify op.heroes op-report.pdf\n"
               "a report is never overwritten; its signature is written beside it as REPORT.sig.json and its\n"
               "SHA-256 recorded in the custody chain. Pictures are obscured unless --thumbnails clear; pictures\n"
               "of CAT-1 and CAT-2 items appear only in a separate restricted annex (--restricted-annex).\n"
               "verify exits 4 when the report, its signature or its custody record do not agree.")
    report.add_argument("target", nargs="+", metavar="CASE", help="the case (or: verify [CASE] REPORT)")
    report.add_argument("--format", choices=FORMATS, help="pdf (one file) or html (one self-contained folder)")
    report.add_argument("--out", type=path_argument, help="where to write the report (never overwritten)")
    report.add_argument("--items", choices=ITEM_CHOICES, default="bookmarked",
                        help="which items the findings present (default: bookmarked)")
    report.add_argument("--thumbnails", choices=THUMBNAIL_CHOICES, default="obscured",
                        help="pictures of the findings (default: obscured; never of CAT-1/CAT-2 in the report)")
    report.add_argument("--restricted-annex", action="store_true",
                        help="also write the CAT-1/CAT-2 items' pictures into a separate, signed restricted annex")
    report.add_argument("--requester", default="", help="who asked for the examination (default: the case's)")
    report.add_argument("--scope", default="", help="the examination's scope, in the examiner's words")
    report.add_argument("--signature", type=path_argument, help="verify: the signature file (default: REPORT.sig.json)")
    add_actor_options(report)
    report.set_defaults(handler=report_command, actor_needed=lambda args: args.target[:1] != ["verify"])


def report_command(args: argparse.Namespace) -> int:
    from heroes_desktop.reports.content import ReportOptions
    from heroes_desktop.reports.writer import write_report

    if args.target[0] == "verify":
        return _verify(args, args.target[1:])
    if len(args.target) != 1:
        raise UsageError(f"give one case to report on, not {' '.join(args.target)}\nusage: {USAGE}")
    missing = [name for name, value in (("--format", args.format), ("--out", args.out)) if value is None]
    if missing:
        raise UsageError(f"heroes report needs {' and '.join(missing)}\nusage: {USAGE}")
    args.case = args.target[0]
    options = ReportOptions(items=args.items, thumbnails=args.thumbnails, restricted_annex=args.restricted_annex,
                            requester=args.requester, scope=args.scope)
    bar = TerminalProgress()
    try:
        with open_case(args, OpenMode.REVIEW, purpose="report") as case:
            written = write_report(case, args.format, args.out, options, progress=lambda stage, done, total: bar(
                Progress(phase=stage, items_done=done, items_total=total)))
    finally:
        bar.close()
    if args.json:
        emit_json(written)
        return 0
    pages = f", {written['pages']} pages" if written.get("pages") else ""
    say(f"report {written['report_id']} written to {written['report']} ({written['findings']} items{pages})")
    say(f"signature {written['signature']}; recorded as custody event {written['custody_seq']}, "
        f"SHA-256 {written['sha256']}")
    annex = written.get("annex")
    if annex:
        say(f"restricted annex {annex['report_id']} written to {annex['report']} ({annex['findings']} items)")
    elif args.restricted_annex:
        note("no item is categorised CAT-1 or CAT-2: no restricted annex was written")
    return 0


def _verify(args: argparse.Namespace, rest: list[str]) -> int:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.reports.signature import verify_report

    if len(rest) not in (1, 2):
        raise UsageError(f"give the report to verify (and its case)\nusage: {USAGE}")
    report = Path(rest[-1])
    if not report.exists():
        raise UsageError(f"{report} does not exist")
    case_path = Path(rest[0]) if len(rest) == 2 else _case_of(report, args.signature)
    result: dict[str, Any]
    if case_path is None:
        result = verify_report(report, None, args.signature)
    else:
        if not case_path.exists():
            raise UsageError(f"{case_path} does not exist (give the case: heroes report verify CASE REPORT)")
        with Case.open(case_path, case_passphrase(), mode=OpenMode.READ_ONLY) as case:
            result = verify_report(report, case, args.signature)
    if args.json:
        emit_json({"ok": True, **result})
        return 0
    say(f"report {result['report_id']} verified: SHA-256 {result['sha256']}, signed by {result['signed_by']} "
        f"({result['role']}, key {result['key_id']})")
    if result["case_checked"]:
        say(f"recorded in case {result['case_id']} as custody event {result['custody_seq']}; the chain verifies")
    else:
        note("the case was not checked: give it as heroes report verify CASE REPORT")
    return 0


def _case_of(report: Path, signature: Path | None) -> Path | None:
    """The case a report names in its signature, when that file is still where it was."""
    from heroes_desktop.reports.errors import ReportVerificationFailed
    from heroes_desktop.reports.signature import read_signature, signature_path

    try:
        document, _ = read_signature(signature or signature_path(report))
    except ReportVerificationFailed:
        raise
    path = Path(document.case_path)
    return path if path.exists() else None
