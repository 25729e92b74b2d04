"""``heroes custody log|verify|checkpoint`` and ``heroes review sign``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.case.errors import CustodyIntegrityError
from heroes_desktop.cli.output import (
    Column, add_format_options, emit_json, emit_rows, note, output_format, require_input_file, say,
)
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.cli.commands.lab import trust_from_options, trust_options
from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity import lab_trust

LOG_COLUMNS = (
    Column("seq", "SEQ", "int"), Column("time", "TIME", "time"), Column("actor", "ACTOR", width=24),
    Column("role", "ROLE"), Column("action", "ACTION"),
    Column("details", "DETAILS", render=lambda details, row: _short_details(details or {})),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    custody = subparsers.add_parser(
        "custody", help="the chain-of-custody log",
        epilog="examples:\n  heroes custody log op.heroes --csv > custody.csv\n"
               "  heroes custody checkpoint op.heroes --supervisor \"Sam Lee\" --out /media/usb/op-checkpoint.json\n"
               "  heroes custody verify op.heroes --checkpoint /media/usb/op-checkpoint.json\n"
               "  heroes custody verify op.heroes --trust lab-trust.json\n"
               "verify exits 4 naming the first bad event, or the first signer the lab does not vouch for (with a"
               " lab trust from --trust, --store or the profile's lab); a checkpoint path that does not exist"
               " exits 2.")
    actions = custody.add_subparsers(dest="action", required=True, metavar="ACTION")

    log = actions.add_parser("log", parents=[common], help="the chain-of-custody events")
    log.add_argument("case", metavar="CASE")
    add_format_options(log)
    log.set_defaults(handler=show_log)

    verify = actions.add_parser("verify", parents=[common], help="verify the chain (exit 4 naming the first bad event)")
    verify.add_argument("case", metavar="CASE")
    verify.add_argument("--checkpoint", type=Path, help="also check the case against this signed checkpoint")
    trust_options(verify)
    verify.set_defaults(handler=verify_chain)

    checkpoint = actions.add_parser("checkpoint", parents=[common], help="write a signed checkpoint of the head")
    checkpoint.add_argument("case", metavar="CASE")
    checkpoint.add_argument("--out", type=Path, required=True, help="where to write it (kept outside the case)")
    add_actor_options(checkpoint)
    checkpoint.set_defaults(handler=write_checkpoint)

    review = subparsers.add_parser("review", help="supervisor review")
    review_actions = review.add_subparsers(dest="action", required=True, metavar="ACTION")
    sign = review_actions.add_parser("sign", parents=[common], help="a supervisor's signed review event")
    sign.add_argument("case", metavar="CASE")
    sign.add_argument("--supervisor", metavar="NAME", required=True)
    sign.add_argument("--note", default="")
    sign.set_defaults(handler=sign_review)


def show_log(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        events = case.events()
    emit_rows((event.as_json() for event in events), LOG_COLUMNS, fmt, empty="no custody events found")
    return 0


def _short_details(details: dict) -> str:
    text = ", ".join(f"{key}={value}" for key, value in details.items() if key != "public_key")
    return text if len(text) <= 120 else text[:117] + "..."


def _check_checkpoint_file(path: Path | None) -> None:
    """A mistyped checkpoint path or a file that is no checkpoint is a usage error (2), not an integrity failure."""
    if path is None:
        return
    require_input_file(path, "checkpoint")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        document = None
    if not isinstance(document, dict) or "signature" not in document:
        raise UsageError(f"{path} is not a checkpoint (one is written by `heroes custody checkpoint`)")


def verify_chain(args: argparse.Namespace) -> int:
    _check_checkpoint_file(args.checkpoint)
    trust = trust_from_options(args, required=False)
    with open_case(args, OpenMode.READ_ONLY) as case:
        report = case.verify(checkpoint=args.checkpoint)
        recorded = lab_trust.recorded_lab(case)
        if trust is not None and not (args.trust_file or args.store) and (
                recorded is None or recorded.get("lab_key_id") != trust.lab_key_id):
            trust = None  # the profile's own lab is used only for the cases that trust it
        findings = lab_trust.trust_findings(case, trust) if (trust or recorded) else []
    serious = [finding for finding in findings if finding.kind != lab_trust.LAB_UNKNOWN]
    if args.json:
        emit_json({**report.as_json(), "ok": report.ok and not serious, "chain_ok": report.ok,
                   "trust": _trust_summary(trust, recorded, findings)})
    if not report.ok:
        if report.first_bad_seq is not None:
            raise CustodyIntegrityError(
                f"custody chain broken at event {report.first_bad_seq}: {report.reason}", report.first_bad_seq
            )
        raise CustodyIntegrityError("custody verification failed: " + "; ".join(report.problems))
    if serious:
        first = serious[0]
        where = f"event {first.seq}: " if first.seq is not None else ""
        raise CustodyIntegrityError(
            f"the chain is intact, but {len(serious)} signer finding{'s' if len(serious) != 1 else ''} against the"
            f" lab's enrolments; first: {where}{first.reason} (all: heroes lab check {args.case})", first.seq)
    if not args.json:
        say(f"custody chain verified: {report.events_checked} events, head {report.head_hash}"
            + (f"; consistent with checkpoint {args.checkpoint}" if args.checkpoint else ""))
        if trust is not None:
            say(f"every signer is enrolled by the lab {trust.lab_name} for the role it claims")
        elif findings:
            note(findings[0].reason)
    return 0


def _trust_summary(trust: lab_trust.LabTrust | None, recorded: dict | None, findings: list) -> dict:
    """What --json says about the signers: whether they were checked, against which lab, and the findings."""
    return {
        "checked": trust is not None,
        "lab": trust.lab_name if trust else (recorded or {}).get("lab"),
        "lab_key_id": trust.lab_key_id if trust else (recorded or {}).get("lab_key_id"),
        "findings": [finding.as_json() for finding in findings],
    }


def write_checkpoint(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.REVIEW) as case:
        document = case.checkpoint(args.out)
    if args.json:
        emit_json(document)
    else:
        say(f"checkpoint of event {document['seq']} written to {args.out}")
        note("keep it outside the case folder (removable media, another machine)")
    return 0


def sign_review(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.REVIEW) as case:
        event = case.sign_review(args.note)
    if args.json:
        emit_json(event.as_json())
    else:
        say(f"review signed by {event.actor} as event {event.seq}")
    return 0
