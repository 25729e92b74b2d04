"""``heroes evidence add|list|unlock``, ``heroes ingest`` and ``heroes files``."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from heroes_desktop.case.case_file import Case, OpenMode
from heroes_desktop.cli.output import emit_json, emit_json_lines, say
from heroes_desktop.cli.progress_bar import TerminalProgress
from heroes_desktop.cli.secrets import volume_key
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import ExitCode, HeroesError
from heroes_desktop.core.progress import CancelToken
from heroes_desktop.evidence.encrypted_volumes import PASSWORD, RECOVERY_KEY
from heroes_desktop.pipeline.evidence_check import EvidenceUnreadable
from heroes_desktop.pipeline.evidence_intake import EvidenceRecord, add_evidence, list_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from heroes_desktop.pipeline.volume_unlock import (
    UNLOCKED, LockedVolume, UnlockResult, locked_volumes, unlock_error, unlock_volumes,
)


class IngestInterrupted(HeroesError):
    exit_code = ExitCode.FAILURE


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("evidence", help="register and list evidence")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="register evidence and verify its hashes")
    add.add_argument("case", metavar="CASE")
    add.add_argument("path", metavar="PATH", type=Path)
    add.add_argument("--label")
    _add_recovery_option(add)
    add_actor_options(add, supervisor=False)
    add.set_defaults(handler=add_command)
    unlock = actions.add_parser("unlock", parents=[common],
                                help="unlock the encrypted volumes (BitLocker, LUKS) of an evidence item")
    unlock.add_argument("case", metavar="CASE")
    unlock.add_argument("evidence_id", metavar="EVIDENCE_ID", type=int)
    _add_recovery_option(unlock)
    add_actor_options(unlock, supervisor=False)
    unlock.set_defaults(handler=unlock_command)
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
    run.add_argument("--rerun", metavar="STAGE[,STAGE]",
                     help="run these stages again on every item that had them, replacing their results")
    run.add_argument("--wait", action="store_true", help="wait for another ingest of the case to finish")
    add_actor_options(run, supervisor=False)
    run.set_defaults(handler=ingest_command)

    entries = subparsers.add_parser("files", parents=[common], help="list file entries")
    entries.add_argument("case", metavar="CASE")
    entries.add_argument("--deleted", action="store_true", help="deleted entries only")
    entries.add_argument("--mime", metavar="PREFIX", help="entries whose MIME type starts with PREFIX")
    entries.set_defaults(handler=files_command)


def _add_recovery_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-key", action="store_true",
                        help="the volume key (HEROES_VOLUME_PASSWORD, else a prompt) is a BitLocker recovery key "
                             "(48 digits), not a password")


def _volumes_text(locked: list[LockedVolume]) -> str:
    return f"evidence {locked[0].evidence_id}: " + ", ".join(volume.describe() for volume in locked)


def _say_results(results: list[UnlockResult]) -> None:
    for result in results:
        if result.outcome == UNLOCKED:
            inside = result.fs_type or "no file system TSK recognises"
            say(f"  {result.volume.describe()}: unlocked ({inside}); the next ingest walks it")
        else:
            say(f"  {result.volume.describe()}: {result.outcome}: {result.message}")


def _offer_unlock(case: Case, record: EvidenceRecord, recovery: bool) -> list[UnlockResult]:
    """After ``evidence add``: try the volume key on the new evidence's locked volumes, when there is a key."""
    if record.format == "folder":
        return []
    locked = locked_volumes(case, record.id)
    if not locked:
        return []
    key = volume_key(_volumes_text(locked), recovery=recovery, required=False)
    if key is None:
        say(f"evidence {record.id} holds {len(locked)} locked encrypted volume(s): "
            f"{', '.join(volume.describe() for volume in locked)}; unlock with `heroes evidence unlock CASE "
            f"{record.id}`")
        return []
    return unlock_volumes(case, record.id, key, RECOVERY_KEY if recovery else PASSWORD)


def _say_record(record: EvidenceRecord) -> None:
    verdict = {True: "stored hashes verified", False: "STORED HASHES DO NOT MATCH", None: "no stored hashes"}
    say(f"evidence {record.id} ({record.format}, {record.size} bytes): md5 {record.md5}; {verdict[record.verified]}")
    for problem in record.read_errors:
        say(f"  unreadable: {problem['length']} bytes at offset {problem['offset']}: {problem['error']}")


def add_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_WRITE, purpose="evidence add") as case:
        record = add_evidence(case, args.path, args.label)
        if not args.json:
            _say_record(record)
            for note in record.notes:
                say(f"  note: {note}")
        results = _offer_unlock(case, record, args.recovery_key)
    if args.json:
        emit_json({**record.as_json(), "volume_unlocks": [result.as_json() for result in results]})
    elif any(result.outcome == UNLOCKED for result in results):
        _say_results(results)
    error = unlock_error(results)
    if error is not None:
        raise type(error)(f"evidence {record.id} was added, but {error}; try another key with "
                          f"`heroes evidence unlock CASE {record.id}`")
    return 0


def unlock_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_WRITE, purpose="evidence unlock") as case:
        locked = locked_volumes(case, args.evidence_id)
        if not locked:
            raise HeroesError(f"evidence {args.evidence_id} holds no locked encrypted volume")
        key = volume_key(_volumes_text(locked), recovery=args.recovery_key, required=True)
        assert key is not None
        results = unlock_volumes(case, args.evidence_id, key, RECOVERY_KEY if args.recovery_key else PASSWORD)
    error = unlock_error(results)
    if error is not None:
        raise error
    if args.json:
        emit_json_lines(result.as_json() for result in results)
    else:
        _say_results(results)
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
    rerun = tuple(name.strip() for name in (args.rerun or "").split(",") if name.strip())
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
            options = IngestOptions(jobs=args.jobs, stages=stages, rerun=rerun, wait=args.wait, stage_settings={
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
    if summary.unreadable:
        raise EvidenceUnreadable(f"evidence unreadable, not processed: {'; '.join(summary.unreadable)}; run "
                                 "ingest again once it can be read")
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
