"""``heroes training make-case | hand-out | score | check | class`` and ``heroes demo``."""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import (
    CSV,
    JSON,
    Column,
    add_format_options,
    emit_json,
    emit_json_lines,
    emit_rows,
    note,
    output_format,
    require_input_file,
    say,
)
from heroes_desktop.cli.progress_bar import TerminalProgress
from heroes_desktop.cli.secrets import case_passphrase
from heroes_desktop.cli.session import open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.progress import CancelToken


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    training = subparsers.add_parser("training", help="classroom evidence, its answer key and scoring")
    actions = training.add_subparsers(dest="training_command", required=True, metavar="ACTION")
    make = actions.add_parser("make-case", parents=[common], help="write the training evidence and its answer key")
    make.add_argument("out_dir", metavar="OUT_DIR")
    make.add_argument("--seed", type=int, default=1, help="the same seed gives the same key and the same files")
    make.add_argument("--no-e01", action="store_true", help="write only the raw disk image")
    make.set_defaults(handler=make_case_command)
    out = actions.add_parser("hand-out", parents=[common],
                             help="copy a processed training case for each trainee, with the tasks and not the key")
    out.add_argument("case", metavar="CASE", help="the processed training case (closed)")
    out.add_argument("--key", required=True, metavar="FILE", help="the answer key (only its tasks are written)")
    out.add_argument("--out", required=True, metavar="DIR", help="the folder to hand out")
    out.add_argument("--trainee", action="append", default=[], metavar="NAME",
                     help="one copy of the case per trainee (repeat); default: one copy under its own name")
    out.add_argument("--evidence", metavar="DIR", help="also copy the training evidence from DIR (never the key)")
    out.set_defaults(handler=hand_out_command)
    score = actions.add_parser("score", parents=[common], help="score a trainee's tags against the answer key")
    score.add_argument("case", metavar="CASE")
    score.add_argument("--key", required=True, metavar="FILE")
    score.set_defaults(handler=score_command)
    check = actions.add_parser("check", parents=[common],
                               help="check what the program found in a case against the answer key")
    check.add_argument("case", metavar="CASE")
    check.add_argument("--key", required=True, metavar="FILE")
    check.add_argument("--all", action="store_true", help="list passed checks too")
    check.set_defaults(handler=check_command)
    classroom = actions.add_parser(
        "class", parents=[common],
        help="score every trainee's case in a folder against the answer key: one row per trainee and task")
    classroom.add_argument("folder", metavar="FOLDER", help="the folder of the trainees' case files (*.heroes)")
    classroom.add_argument("--key", required=True, metavar="FILE")
    classroom.add_argument("--html", metavar="OUT", help="also write the table as one self-contained HTML page")
    add_format_options(classroom)
    classroom.set_defaults(handler=class_command)

    demo = subparsers.add_parser("demo", parents=[common],
                                 help="build the training evidence and process it into a case; print a summary")
    demo.add_argument("--out", metavar="DIR", help="folder for the evidence and the case (default: a new temp folder)")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    demo.add_argument("--gui", action="store_true", help="then open the finished case in the desktop application")
    demo.set_defaults(handler=demo_command)


def _answer_key(args: argparse.Namespace) -> dict[str, Any]:
    """The answer key given with ``--key`` (one that does not exist is a usage error)."""
    from heroes_desktop.training.answer_key import read_key

    return read_key(require_input_file(args.key, "answer key"))


def make_case_command(args: argparse.Namespace) -> int:
    from heroes_desktop.training.make_case import image_sha256, make_training_case

    made = make_training_case(Path(args.out_dir), seed=args.seed, progress=note, with_e01=not args.no_e01)
    record = {"out_dir": str(made.out_dir), "disk": str(made.disk), "disk_sha256": image_sha256(made),
              "e01": [str(path) for path in made.e01], "answer_key": str(made.key), "vics": str(made.vics),
              "phash": str(made.phash), "tasks": str(made.tasks), "seed": args.seed}
    if args.json:
        emit_json(record)
    else:
        for label, value in record.items():
            say(f"{label:12} {value}")
    return 0


def hand_out_command(args: argparse.Namespace) -> int:
    from heroes_desktop.training.hand_out import hand_out

    key = _answer_key(args)
    case = require_input_file(args.case, "case")
    evidence = Path(args.evidence) if args.evidence else None
    if evidence is not None and not evidence.is_dir():
        raise UsageError(f"the evidence folder is not a folder: {evidence}")
    given = hand_out(case, key, Path(args.out), args.trainee, evidence_dir=evidence)
    record = {"folder": str(given.folder), "tasks": str(given.tasks), "cases": [str(p) for p in given.cases],
              "evidence": [str(p) for p in given.evidence]}
    if args.json:
        emit_json(record)
    else:
        say(f"{'folder':9} {record['folder']}")
        say(f"{'tasks':9} {record['tasks']}")
        for path in record["cases"]:
            say(f"{'case':9} {path}")
        for path in record["evidence"]:
            say(f"{'evidence':9} {path}")
        note("the answer key is not in the hand-out: keep it away from the trainees")
    return 0


def score_command(args: argparse.Namespace) -> int:
    from heroes_desktop.training.scoring import score_case

    key = _answer_key(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        scores = score_case(case, key)
    if args.json:
        emit_json_lines(score.as_json() for score in scores)
        return 0
    for score in scores:
        precision = "-" if score.precision is None else f"{score.precision:.0%}"
        recall = "-" if score.recall is None else f"{score.recall:.0%}"
        say(f"{score.task}: precision {precision}, recall {recall} ({score.correct} right of {score.tagged} tagged, "
            f"{score.expected} expected)")
        for missed in score.missed:
            say(f"  missed   {missed['path']}" + (f" (expected {missed['expected']})" if missed.get("expected")
                                                   else ""))
        for mistaken in score.mistaken:
            say(f"  mistaken {mistaken['path']}" + (f" (tagged {mistaken['tagged']}, expected {mistaken['expected']})"
                                                    if "tagged" in mistaken else ""))
    return 0


def check_command(args: argparse.Namespace) -> int:
    from heroes_desktop.training.checks import check_case, summarise

    key = _answer_key(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        results = check_case(case, key)
    if args.json:
        emit_json_lines(result.as_json() for result in results)
    else:
        for result in results:
            if args.all or result.ok is not True:
                say(f"{result.verdict:7} {result.item:40} {result.what:24} {result.detail}")
        counts = summarise(results)
        say(f"{counts['passed']} passed, {counts['failed']} failed, {counts['not_run']} not run"
            + (" (a stage or a hash set the check needs is not in the case: see each line)" if counts["not_run"]
               else ""))
    return 1 if any(result.ok is False for result in results) else 0


def _class_columns() -> list[Column]:
    from heroes_desktop.training.class_table import duration_text, ratio_text

    return [
        Column("trainee", "TRAINEE", width=24, render=lambda value, row: value or row["case"]),
        Column("case", "CASE", width=24), Column("task", "TASK", width=26),
        Column("precision", "PRECISION", render=lambda value, row: ratio_text(value)),
        Column("recall", "RECALL", render=lambda value, row: ratio_text(value)),
        Column("correct", "RIGHT", "int"), Column("tagged", "TAGGED", "int"), Column("expected", "EXPECTED", "int"),
        Column("missed", "MISSED", "int", render=lambda value, row: "-" if row["error"] else str(len(value))),
        Column("mistaken", "MISTAKEN", "int", render=lambda value, row: "-" if row["error"] else str(len(value))),
        Column("seconds_spent", "TIME", render=lambda value, row: duration_text(value)),
        Column("clear_views", "CLEAR VIEWS", "int"),
        Column("error", "PROBLEM"),
    ]


def class_command(args: argparse.Namespace) -> int:
    """The class table; exit 1 when a case could not be scored (its row says why, the others are listed)."""
    from heroes_desktop.training.class_table import build_class_table, table_csv, write_html

    key = _answer_key(args)
    fmt = output_format(args)
    passphrase = case_passphrase()
    bar = TerminalProgress()
    try:
        table = build_class_table(Path(args.folder), passphrase, key, progress=bar)
    finally:
        bar.close()
    rows = table.rows()
    if fmt == CSV:
        sys.stdout.write(table_csv(table))
        sys.stdout.flush()
    else:
        emit_rows(rows, _class_columns(), fmt, empty=f"no case files (*.heroes) in {args.folder}")
    if args.html:
        write_html(table, Path(args.html))
        note(f"class table written to {args.html}")
    failed = [result for result in table.trainees if result.error is not None]
    for result in failed if fmt != JSON else []:
        note(f"heroes: {result.case_path.name}: not scored: {result.error}")
    for result in table.trainees:
        for remark in result.notes:
            note(f"heroes: note: {result.case_path.name}: {remark}")
    return 1 if failed else 0


def demo_command(args: argparse.Namespace) -> int:
    from heroes_desktop.training.demo import run_demo

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="heroes-demo-"))
    cancel = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda signum, frame: cancel.cancel())
    bar = TerminalProgress()
    if args.gui:
        from heroes_desktop.cli.commands.gui import check_display

        check_display()  # before the build, not after minutes of it
    note(f"demo folder: {out}")
    try:
        result = run_demo(out, seed=args.seed, jobs=args.jobs, progress=bar, say=note, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    summary = result.summary
    if args.json:
        emit_json(summary)
    else:
        _print_summary(summary)
    finished = summary["custody_chain_verified"] and summary["ingest"] == "finished"
    if args.gui and finished:
        from heroes_desktop.gui.app import run_gui

        return run_gui(demo=result)
    return 0 if finished else 1


def _yes_no(value: bool | None, none: str = "not checked") -> str:
    return none if value is None else "yes" if value else "no"


def _print_summary(summary: dict) -> None:
    checks = summary["answer_key"]
    entities = ", ".join(f"{count} {label}" for label, count in sorted(summary["entities"].items())) or "none"
    flagged = summary["flagged_images"]
    say("")
    say(f"case            {summary['case']}")
    say(f"passphrases     case: {summary['case_passphrase']}   signing key: {summary['key_passphrase']} "
        f"(profile {summary['profile']}; a demo only, never for real evidence)")
    say(f"evidence        E01 copy of the training disk; its stored MD5 matches its content: "
        f"{_yes_no(summary['evidence_verified'])}")
    say(f"files           {summary['files']} entries ({summary['deleted_files']} deleted), folders included, "
        f"as `heroes case info` counts them; {summary['folders']} of them folders")
    say(f"hash sets       {', '.join(summary['hashsets']) or 'none'}")
    say(f"matches         {summary['matches']} hash-set matches on {summary['matched_files']} files "
        f"(a file matches once per set and hash kind: MD5, SHA-1, pHash, ...)")
    say(f"entities        {entities}")
    say(f"topics          {len(summary['topics'])}")
    for terms in summary["topics"]:
        say(f"                - {terms}")
    say(f"flagged images  {flagged} of {summary['images_analysed']} analysed (triage score at least "
        f"{summary['flag_score']})" + ("; the training pictures are harmless, so 0 is the expected answer"
                                       if flagged == 0 else ""))
    say(f"answer key      {checks['passed']} checks passed, {checks['failed']} failed, {checks['not_run']} not run"
        + (" (a stage or hash set they need is not in the case)" if checks["not_run"] else ""))
    for problem in summary.get("answer_key_problems", []):
        say(f"                {problem}")
    say(f"                details: heroes training check {summary['case']} --key {summary['answer_key_path']}")
    say(f"custody chain   {'verified' if summary['custody_chain_verified'] else 'DOES NOT VERIFY'} "
        f"({summary['custody_events']} events)")
    say(f"time            {summary['seconds']} s (ingest {summary['ingest_seconds']} s)")
