"""``heroes custody log|verify|checkpoint`` and ``heroes review sign|sample|categorize|agreement``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from heroes_desktop.case.errors import CustodyIntegrityError
from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import (
    HUMAN, Column, add_format_options, emit_json, emit_rows, note, output_format, path_argument, positive_int,
    record_id, require_input_file, say, say_table,
)
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.cli.commands.lab import trust_from_options, trust_options
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES

if TYPE_CHECKING:
    from heroes_desktop.identity.lab_trust import LabTrust

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
    verify.add_argument("--checkpoint", type=path_argument, help="also check the case against this signed checkpoint")
    trust_options(verify)
    verify.set_defaults(handler=verify_chain)

    checkpoint = actions.add_parser("checkpoint", parents=[common], help="write a signed checkpoint of the head")
    checkpoint.add_argument("case", metavar="CASE")
    checkpoint.add_argument("--out", type=path_argument, required=True,
                            help="where to write it (kept outside the case)")
    add_actor_options(checkpoint)
    checkpoint.set_defaults(handler=write_checkpoint)

    review = subparsers.add_parser(
        "review", help="supervisor review: the signed review and the blind second review",
        epilog="examples:\n  heroes review sample op.heroes --size 20 --supervisor \"Sam Lee\"\n"
               "  heroes review categorize op.heroes 1234 --category CAT-2 --supervisor \"Sam Lee\"\n"
               "  heroes review agreement op.heroes --json\n"
               "  heroes review sign op.heroes --supervisor \"Sam Lee\" --note \"checked\"\n"
               "sample and categorize never show the examiner's categories; agreement shows them for the decided"
               " items, and sign records the agreement in the signed review.")
    review_actions = review.add_subparsers(dest="action", required=True, metavar="ACTION")
    sign = review_actions.add_parser("sign", parents=[common], help="a supervisor's signed review event")
    sign.add_argument("case", metavar="CASE")
    sign.add_argument("--supervisor", metavar="NAME", required=True)
    sign.add_argument("--note", default="")
    sign.set_defaults(handler=sign_review)

    sample = review_actions.add_parser(
        "sample", parents=[common], help="draw a blind second-review sample of the examiner's categorised pictures")
    sample.add_argument("case", metavar="CASE")
    sample.add_argument("--size", type=positive_int, required=True, metavar="N", help="how many pictures")
    sample.add_argument("--seed", type=_seed, metavar="S", help="the random seed (default: a fresh one, recorded)")
    sample.add_argument("--supervisor", metavar="NAME", required=True)
    sample.set_defaults(handler=draw_sample)

    categorize = review_actions.add_parser(
        "categorize", parents=[common], help="the supervisor's blind decision on a sampled picture")
    categorize.add_argument("case", metavar="CASE")
    categorize.add_argument("file_id", type=record_id, metavar="FILE_ID")
    categorize.add_argument("--category", required=True, metavar="C", help=", ".join(CATEGORIES))
    categorize.add_argument("--supervisor", metavar="NAME", required=True)
    categorize.set_defaults(handler=categorize_blind)

    agreement = review_actions.add_parser(
        "agreement", parents=[common], help="examiner against supervisor on the sample: agreement, kappa, confusion")
    agreement.add_argument("case", metavar="CASE")
    agreement.set_defaults(handler=show_agreement)


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
    from heroes_desktop.identity import lab_trust

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


def _trust_summary(trust: LabTrust | None, recorded: dict | None, findings: list) -> dict:
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
    """The signed review; with a blind second review, its latest result goes into the event (``blind_review``)."""
    from heroes_desktop.supervision import review_summary

    with open_case(args, OpenMode.REVIEW) as case:
        signed = review_summary.sign_review(case, args.note)
    event, result = signed.event, (signed.summary.result if signed.summary.drawn else None)
    if result is not None and result.sample is not None and result.pending:
        note(f"heroes: note: {len(result.pending)} of the {result.sample.size} sampled pictures are not decided"
             " yet; the signed review records the blind review as it stands")
    if args.json:
        emit_json(event.as_json())
    else:
        said = f"review signed by {event.actor} as event {event.seq}"
        if result is not None and result.sample is not None:
            said += (f", with the blind review of sample event {result.sample.seq}: n {result.n}, agreement"
                     f" {_figure(result.agreement)}, kappa {_figure(result.kappa)}")
        say(said)
    return 0


# --------------------------------------------------------------------------------------- blind second review


def _seed(text: str) -> int:
    """argparse type for ``--seed``: a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} must be at least 0")
    return value


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def draw_sample(args: argparse.Namespace) -> int:
    """Record the sample and print its file ids (one per line; ``--json``: one object); never a category."""
    from heroes_desktop.review import blind_review

    with open_case(args, OpenMode.REVIEW) as case:
        before = blind_review.review_state(case)
        sample = blind_review.draw_sample(case, args.size, seed=args.seed)
    if args.json:
        emit_json(sample.as_json())
    else:
        for file_id in sample.file_ids:
            say(str(file_id))
    if sample.size < sample.size_asked:
        note(f"heroes: note: only {sample.population} categorised pictures: all of them are in the sample")
    if before is not None and before.decisions:
        note(f"heroes: note: this replaces the sample of event {before.sample.seq}; the decisions on it"
             f" ({len(before.decisions)}) stay in the custody log but no longer count")
    note(f"blind-review sample of {sample.size} of {sample.population} categorised pictures drawn (seed"
         f" {sample.seed}) as event {sample.seq}; decide each with `heroes review categorize {args.case} FILE_ID"
         " --category C --supervisor NAME`")
    return 0


def categorize_blind(args: argparse.Namespace) -> int:
    """Record one blind decision; says how far the review is, never the examiner's category."""
    from heroes_desktop.review import blind_review

    with open_case(args, OpenMode.REVIEW) as case:
        earlier = blind_review.blind_decisions(case).get(args.file_id)
        event = blind_review.record_decision(case, args.file_id, args.category)
        state = blind_review.review_state(case)
    assert state is not None
    decided, size = len(state.decisions), state.sample.size
    if args.json:
        emit_json({"seq": event.seq, **event.details, "decided": decided, "size": size,
                   "replaces": earlier})
    else:
        say(f"blind decision on file {args.file_id}: {event.details['category']} (event {event.seq});"
            f" {decided} of {size} decided")
    if earlier is not None:
        note(f"heroes: note: replaces your earlier decision {earlier} on file {args.file_id} (the latest counts)")
    if state.complete:
        note(f"every sampled picture is decided: see `heroes review agreement {args.case}`")
    return 0


DISAGREEMENT_COLUMNS = (Column("file_id", "FILE_ID", "int"), Column("examiner", "EXAMINER"),
                        Column("supervisor", "SUPERVISOR"), Column("path", "PATH"))


def show_agreement(args: argparse.Namespace) -> int:
    """Agreement, kappa, the confusion matrix (rows examiner, columns supervisor) and the disagreeing items."""
    from heroes_desktop.review import blind_review

    with open_case(args, OpenMode.READ_ONLY) as case:
        result = blind_review.agreement(case)
    if result.sample is None:
        note("heroes: note: no blind-review sample drawn yet (heroes review sample CASE --size N --supervisor NAME)")
    elif result.n == 0:
        note(f"heroes: note: no blind decisions on sample event {result.sample.seq} yet")
    elif result.kappa is None:
        note("heroes: note: kappa is undefined: both gave every item one and the same category")
    if result.excluded:
        note(f"heroes: note: file {', '.join(map(str, result.excluded))} no longer carries an examiner's category;"
             " left out")
    if args.json:
        emit_json(result.as_json())
        return 0
    sample = result.sample
    if sample is not None:
        say(f"blind review of sample event {sample.seq} by {sample.drawn_by}: {sample.size} pictures,"
            f" {sample.size - len(result.pending)} decided, {len(result.pending)} pending")
    say_table([("n", str(result.n)), ("agreement", _figure(result.agreement)), ("kappa", _figure(result.kappa))])
    if result.n:
        say()
        say("confusion (rows: examiner, columns: supervisor)")
        width = max(len(label) for label in result.labels)
        cells = max(width, *(len(str(count)) for row in result.confusion for count in row))
        say(" " * width + "".join(f"  {label.rjust(cells)}" for label in result.labels))
        for label, row in zip(result.labels, result.confusion, strict=True):
            say(label.ljust(width) + "".join(f"  {str(count).rjust(cells)}" for count in row))
        say()
        if result.disagreements:
            emit_rows((asdict(item) for item in result.disagreements), DISAGREEMENT_COLUMNS, HUMAN)
        else:
            say("no disagreements")
    return 0
