"""``heroes evidence add|list``, ``heroes ingest`` and ``heroes files``."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json, emit_json_lines, say
from heroes_desktop.cli.progress_bar import TerminalProgress
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import ExitCode, HeroesError
from heroes_desktop.core.progress import CancelToken
from heroes_desktop.pipeline.evidence_intake import add_evidence, list_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files


class IngestInterrupted(HeroesError):
    exit_code = ExitCode.FAILURE


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("evidence", help="register and list evidence")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="register evidence and verify its hashes")
    add.add_argument("case", metavar="CASE")
    add.add_argument("path", metavar="PATH", type=Path)
    add.add_argument("--label")
    add_actor_options(add, supervisor=False)
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", parents=[common], help="evidence with hashes and verification status")
    listing.add_argument("case", metavar="CASE")
    listing.set_defaults(handler=list_command)

    run = subparsers.add_parser("ingest", parents=[common], help="walk all evidence and run the stages (resumes)")
    run.add_argument("case", metavar="CASE")
    run.add_argument("--jobs", type=int, default=None, help="worker processes (default: number of cores)")
    run.add_argument("--stages", help="comma-separated stage names (default: every installed stage)")
    run.add_argument("--ocr-languages", default="eng+spa", help="Tesseract languages for OCR (default: eng+spa)")
    run.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                     help="where image and video models run (default: the GPU when there is one)")
    run.add_argument("--ocr-seconds", type=float, default=120.0, help="OCR time limit per item (default: 120)")
    add_actor_options(run, supervisor=False)
    run.set_defaults(handler=ingest_command)

    entries = subparsers.add_parser("files", parents=[common], help="list file entries")
    entries.add_argument("case", metavar="CASE")
    entries.add_argument("--deleted", action="store_true", help="deleted entries only")
    entries.add_argument("--mime", metavar="PREFIX", help="entries whose MIME type starts with PREFIX")
    entries.set_defaults(handler=files_command)


def add_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_WRITE, purpose="evidence add") as case:
        record = add_evidence(case, args.path, args.label)
    if args.json:
        emit_json(record.as_json())
    else:
        verdict = {True: "stored hashes verified", False: "STORED HASHES DO NOT MATCH", None: "no stored hashes"}
        say(f"evidence {record.id} ({record.format}, {record.size} bytes): md5 {record.md5}; "
            f"{verdict[record.verified]}")
        for problem in record.read_errors:
            say(f"  unreadable: {problem['length']} bytes at offset {problem['offset']}: {problem['error']}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        records = list_evidence(case)
    if args.json:
        emit_json_lines(
            {key: value for key, value in record.as_json().items() if key not in ("metadata", "read_errors")}
            for record in records)
        return 0
    for record in records:
        say(f"{record.id:>3}  {record.format:9}  {record.size or 0:>14}  md5 {record.md5}  "
            f"verified {record.verified}  {record.label}")
    return 0


def ingest_command(args: argparse.Namespace) -> int:
    stages = tuple(name.strip() for name in args.stages.split(",") if name.strip()) if args.stages else None
    cancel = CancelToken()
    bar = TerminalProgress()

    def on_interrupt(signum: int, frame: object) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        say("\nstopping after the items in flight (Ctrl-C again to stop at once); committed work is kept")

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        with open_case(args, OpenMode.READ_WRITE, purpose="ingest") as case:
            options = IngestOptions(jobs=args.jobs, stages=stages, stage_settings={
                "ocr_languages": args.ocr_languages, "ocr_seconds": args.ocr_seconds, "device": args.device})
            summary = ingest(case, options, progress=bar, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    if args.json:
        emit_json(summary.as_json())
    else:
        counts = summary.counts
        say(f"ingest {summary.status}: {counts.get('files', 0)} entries ({counts.get('deleted', 0)} deleted, "
            f"{counts.get('container_members', 0)} in containers), {counts.get('failed', 0)} failed, "
            f"{counts.get('partial', 0)} partial, {counts.get('pending', 0)} pending; "
            f"{summary.items} items, {summary.bytes} bytes in {summary.seconds:.1f} s")
    if summary.status != "finished":
        raise IngestInterrupted("ingest interrupted; run it again to resume")
    return 0


def files_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = iter_files(case, deleted_only=args.deleted, mime_prefix=args.mime)
        if args.json:
            emit_json_lines(rows)
            return 0
        for row in rows:
            flags = ("D" if row["deleted"] else "-") + ("!" if row["extension_mismatch"] else "-")
            say(f"{row['id']:>7} {flags} {row['status']:7} {row['size']:>12} {row['md5'] or '-':32} "
                f"{row['mime'] or '-':28} {row['path']}")
    return 0
