"""``heroes evidence add|list|unlock``, ``heroes ingest`` and ``heroes files``."""

from __future__ import annotations

import argparse
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import (
    Column, add_format_options, emit_json, emit_json_lines, emit_rows, output_format, path_argument, positive_int,
    readable_size, record_id, say, say_table,
)
from heroes_desktop.cli.output import note as warn
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.progress_bar import TerminalProgress
from heroes_desktop.cli.secrets import volume_key
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import ExitCode, HeroesError
from heroes_desktop.core.progress import CancelToken, Progress

if TYPE_CHECKING:  # the pipeline (and the evidence libraries under it) is loaded by the command that runs
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.pipeline.evidence_intake import EvidenceRecord
    from heroes_desktop.pipeline.volume_unlock import LockedVolume, UnlockResult


class IngestInterrupted(HeroesError):
    exit_code = ExitCode.FAILURE


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "evidence", help="register and list evidence",
        epilog="examples:\n  heroes evidence add op.heroes /media/evidence/laptop.E01 --label \"Laptop HDD\"\n"
               "  heroes evidence list op.heroes --csv\n  heroes evidence unlock op.heroes 2 --recovery-key\n"
               "A missing evidence path exits 5; a path already in the case exits 1.")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="register evidence and verify its hashes")
    add.add_argument("case", metavar="CASE")
    add.add_argument("path", metavar="PATH", type=path_argument)
    add.add_argument("--label")
    _add_recovery_option(add)
    add_actor_options(add, supervisor=False)
    add.set_defaults(handler=add_command)
    unlock = actions.add_parser("unlock", parents=[common],
                                help="unlock the encrypted volumes (BitLocker, LUKS) of an evidence item")
    unlock.add_argument("case", metavar="CASE")
    unlock.add_argument("evidence_id", metavar="EVIDENCE_ID", type=record_id)
    _add_recovery_option(unlock)
    add_actor_options(unlock, supervisor=False)
    unlock.set_defaults(handler=unlock_command)
    listing = actions.add_parser("list", parents=[common], help="evidence with hashes and verification status")
    listing.add_argument("case", metavar="CASE")
    add_format_options(listing)
    listing.set_defaults(handler=list_command)

    run = subparsers.add_parser("ingest", parents=[common], help="walk all evidence and run the stages (resumes)")
    run.epilog_factory = lambda: (  # built only for --help: listing the stages loads the registry
        f"stages: {', '.join(_stage_names())}\nexamples:\n  heroes ingest op.heroes --jobs 2\n"
        "  heroes ingest op.heroes --stages hash,filetype\n  heroes ingest op.heroes --ocr-languages eng+spa\n"
        "Ctrl-C stops after the items in flight (twice: at once); committed work is kept and the next ingest resumes.")
    run.add_argument("case", metavar="CASE")
    run.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                     help="worker processes, at least 1 (default: number of cores)")
    run.add_argument("--stages", help="comma-separated stage names (default: every installed stage)")
    run.add_argument("--ocr-languages", default="eng+spa", help="Tesseract languages for OCR (default: eng+spa)")
    run.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                     help="where image and video models run (default: the GPU when there is one)")
    run.add_argument("--ocr-seconds", type=float, default=120.0, help="OCR time limit per item (default: 120)")
    run.add_argument("--rerun", metavar="STAGE[,STAGE]",
                     help="run these stages again on every item that had them, replacing their results")
    run.add_argument("--wait", action="store_true", help="wait for another ingest of the case to finish")
    run.add_argument("--cluster", metavar="tls://HOST:PORT",
                     help="run the item work on a lab cluster (`heroes cluster`); the case and its keys stay here")
    run.add_argument("--tls-dir", metavar="DIR",
                     help="this workstation's cluster certificates (default: $HEROES_CLUSTER_TLS)")
    add_actor_options(run, supervisor=False)
    run.set_defaults(handler=ingest_command)

    entries = subparsers.add_parser(
        "files", parents=[common], help="list file entries",
        epilog="flags: D deleted, R name whose metadata entry was reused (realloc), ! extension contradicts the "
               "content\nexamples:\n  heroes files op.heroes --deleted | less\n"
               "  heroes files op.heroes --mime image/ --csv > images.csv")
    entries.add_argument("case", metavar="CASE")
    entries.add_argument("--deleted", action="store_true", help="deleted entries only")
    entries.add_argument("--mime", metavar="PREFIX", help="entries whose MIME type starts with PREFIX")
    add_format_options(entries)
    entries.set_defaults(handler=files_command)


def _stage_names() -> list[str]:
    from heroes_desktop.cli.main import stage_names

    try:
        return stage_names()
    except Exception as error:  # noqa: BLE001 - help must print even when a stage cannot load
        return [f"(unknown: {error})"]


def _add_recovery_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-key", action="store_true",
                        help="the volume key (HEROES_VOLUME_PASSWORD, else a prompt) is a BitLocker recovery key "
                             "(48 digits), not a password")


def _volumes_text(locked: list[LockedVolume]) -> str:
    return f"evidence {locked[0].evidence_id}: " + ", ".join(volume.describe() for volume in locked)


def _say_results(results: list[UnlockResult]) -> None:
    from heroes_desktop.pipeline.volume_unlock import UNLOCKED

    for result in results:
        if result.outcome == UNLOCKED:
            inside = result.fs_type or "no file system TSK recognises"
            say(f"  {result.volume.describe()}: unlocked ({inside}); the next ingest walks it")
        else:
            say(f"  {result.volume.describe()}: {result.outcome}: {result.message}")


def _offer_unlock(case: Case, record: EvidenceRecord, recovery: bool) -> list[UnlockResult]:
    """After ``evidence add``: try the volume key on the new evidence's locked volumes, when there is a key."""
    from heroes_desktop.evidence.encrypted_volumes import PASSWORD, RECOVERY_KEY
    from heroes_desktop.pipeline.volume_unlock import locked_volumes, unlock_volumes

    if record.format == "folder":
        return []
    locked = locked_volumes(case, record.id)
    if not locked:
        return []
    key = volume_key(_volumes_text(locked), recovery=recovery, required=False)
    if key is None:
        warn(f"evidence {record.id} holds {len(locked)} locked encrypted volume(s): "
            f"{', '.join(volume.describe() for volume in locked)}; unlock with `heroes evidence unlock CASE "
            f"{record.id}`")
        return []
    return unlock_volumes(case, record.id, key, RECOVERY_KEY if recovery else PASSWORD)


ACQUISITION_HEADERS = (
    ("case_number", "Case number"), ("evidence_number", "Evidence number"), ("examiner_name", "Examiner"),
    ("description", "Description"), ("notes", "Notes"), ("acquiry_date", "Acquired"),
    ("acquiry_software", "Software"), ("acquiry_software_version", "Software version"),
    ("acquiry_operating_system", "Acquired on"), ("model", "Model"), ("serial_number", "Serial number"),
)


def _say_record(record: EvidenceRecord) -> None:
    """What was added: the hashes computed, the E01 acquisition metadata and stored hashes, and the verdict."""
    size = "-" if record.size is None else f"{readable_size(record.size)} ({record.size:,} bytes)"
    rows = [("Evidence", f"{record.id}: {record.label}"), ("Format", record.format), ("Size", size)]
    if record.format != "folder":
        rows += [("MD5", record.md5 or "-"), ("SHA-1", record.sha1 or "-"), ("SHA-256", record.sha256 or "-")]
    headers = record.metadata.get("headers") or {} if isinstance(record.metadata, dict) else {}
    rows += [(label, str(headers[key])) for key, label in ACQUISITION_HEADERS if headers.get(key)]
    rows += [(label, value) for label, value in (("Stored MD5", record.stored_md5), ("Stored SHA-1", record.stored_sha1))
             if value]
    rows.append(("Stored hashes", hash_state(record)))
    say_table(rows)
    for problem in record.read_errors:
        warn(f"unreadable: {problem['length']} bytes at offset {problem['offset']}: {problem['error']}")


@contextmanager
def _hashing(path: Path) -> Iterator[TerminalProgress]:
    """A moving line on a terminal while the worker reads and hashes the evidence."""
    bar = TerminalProgress()
    bar.phase("hashing" if not path.is_dir() else "reading", detail=path.name)
    try:
        yield bar
    finally:
        bar.close()


def add_command(args: argparse.Namespace) -> int:
    from heroes_desktop.pipeline.evidence_intake import add_evidence
    from heroes_desktop.pipeline.volume_unlock import UNLOCKED, unlock_error

    with open_case(args, OpenMode.READ_WRITE, purpose="evidence add") as case:
        with _hashing(args.path) as bar:
            started = Progress(phase="hashing").started

            def hashed(done: int, total: int) -> None:
                bar(Progress(phase="hashing", bytes_done=done, bytes_total=total, started=started))

            record = add_evidence(case, args.path, args.label, progress=hashed)
        if not args.json:
            _say_record(record)
            for note in record.notes:
                warn(f"note: {note}")
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
    from heroes_desktop.evidence.encrypted_volumes import PASSWORD, RECOVERY_KEY
    from heroes_desktop.pipeline.volume_unlock import locked_volumes, unlock_error, unlock_volumes

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


def hash_state(record: EvidenceRecord) -> str:
    """What the stored-hash check says, in words ("no stored hashes in the image", "folder: no image hash")."""
    if record.format == "folder":
        manifest = record.metadata.get("manifest") if isinstance(record.metadata, dict) else None
        if manifest:  # added since v13: each file hashed at intake
            return f"folder: files hashed at intake: {manifest.get('files', 0):,} (manifest SHA-256)"
        return "folder: no image hash (each file is hashed by ingest)"
    if record.verified is True:
        return "stored hashes verified"
    if record.verified is False:
        return "STORED HASHES DO NOT MATCH"
    if record.format == "ewf":
        return "no stored hashes in the image"
    return f"{record.format} image: no stored hashes to verify (hashed when added)"


LIST_COLUMNS = (
    Column("id", "ID", "int"), Column("label", "LABEL", width=24), Column("format", "FORMAT"),
    Column("size", "SIZE", "size"),
    Column("md5", "MD5", render=lambda md5, row: md5 or ("-" if row["format"] != "folder" else "- (folder)")),
    Column("verified", "VERIFIED", render=lambda verified, row: row["hash_state"]),
)


def list_command(args: argparse.Namespace) -> int:
    from heroes_desktop.pipeline.evidence_intake import list_evidence

    fmt = output_format(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        records = list_evidence(case)
    rows = [{**{key: value for key, value in record.as_json().items() if key not in ("metadata", "read_errors")},
             "hash_state": hash_state(record)} for record in records]
    emit_rows(rows, LIST_COLUMNS, fmt, empty="no evidence yet: add evidence first (`heroes evidence add CASE PATH`)")
    return 0


def summary_line(summary: Any) -> str:
    """The ingest's one line: the case's entries by status, then this run's items by outcome."""
    counts, outcomes = summary.counts, summary.outcomes
    return (f"ingest {summary.status}: {counts.get('files', 0)} entries ({counts.get('deleted', 0)} deleted, "
            f"{counts.get('container_members', 0)} in containers), {counts.get('ok', 0)} ok, "
            f"{counts.get('failed', 0)} failed, {counts.get('partial', 0)} partial, {counts.get('pending', 0)} "
            f"pending; this run: {summary.items} items ({outcomes.get('ok', 0)} ok, {outcomes.get('partial', 0)} "
            f"partial, {outcomes.get('failed', 0)} failed), {readable_size(summary.bytes)} in "
            f"{summary.seconds:.1f} s")


def ingest_command(args: argparse.Namespace) -> int:
    from heroes_desktop.pipeline.evidence_check import EvidenceUnreadable
    from heroes_desktop.pipeline.ingest import IngestOptions, ingest

    stages = tuple(name.strip() for name in args.stages.split(",") if name.strip()) if args.stages else None
    rerun = tuple(name.strip() for name in (args.rerun or "").split(",") if name.strip())
    cancel = CancelToken()
    bar = TerminalProgress()

    def on_interrupt(signum: int, frame: object) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel()
        warn("\nstopping after the items in flight (Ctrl-C again to stop at once); committed work is kept")

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        with open_case(args, OpenMode.READ_WRITE, purpose="ingest") as case:
            options = IngestOptions(jobs=args.jobs, stages=stages, rerun=rerun, wait=args.wait,
                                    cluster=args.cluster, tls_dir=args.tls_dir, stage_settings={
                "ocr_languages": args.ocr_languages, "ocr_seconds": args.ocr_seconds, "device": args.device})
            summary = ingest(case, options, progress=bar, cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    if args.json:
        emit_json(summary.as_json())
    else:
        say(summary_line(summary))
    if summary.status != "finished":
        raise IngestInterrupted("ingest interrupted; run it again to resume")
    if summary.unreadable:
        raise EvidenceUnreadable(f"evidence unreadable, not processed: {'; '.join(summary.unreadable)}; run "
                                 "ingest again once it can be read")
    return 0


def _flags(value: object, row: dict) -> str:
    return (("D" if row.get("deleted") else "-") + ("R" if row.get("realloc") else "-")
            + ("!" if row.get("extension_mismatch") else "-"))


FILE_COLUMNS = (
    Column("id", "ID", "int"), Column("evidence_id", "EV", "int"),
    Column("partition", "PART", render=lambda part, row: "-" if part is None else str(part)),
    Column("flags", "FLAGS", render=_flags), Column("status", "STATUS"), Column("size", "SIZE", "size"),
    Column("mtime", "MODIFIED", "time"), Column("mime", "MIME", width=28), Column("md5", "MD5"),
    Column("path", "PATH"),
)
FILE_CSV_COLUMNS = (
    "id", "evidence_id", "partition", "fs_type", "path", "name", "size", "deleted", "realloc", "snapshot", "inode",
    "mtime", "atime", "ctime", "crtime", "md5", "sha1", "sha256", "ed2k", "mime", "extension_mismatch", "status",
    "error",
)


def files_command(args: argparse.Namespace) -> int:
    from heroes_desktop.pipeline.listing import iter_files

    fmt = output_format(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = iter_files(case, deleted_only=args.deleted, mime_prefix=args.mime)
        count = emit_rows(rows, FILE_COLUMNS if fmt == "human" else FILE_CSV_COLUMNS, fmt)
        if count == 0:
            filters = " matching --deleted/--mime" if args.deleted or args.mime else ""
            warn(why_empty(case, f"file entries{filters}", "the evidence holds none that were walked"))
    return 0
