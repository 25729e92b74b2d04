"""``heroes timeline``: every dated event of the case in time order."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import Column, add_format_options, emit_rows, note, output_format
from heroes_desktop.cli.session import open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.timeline.kinds import KNOWN_KINDS

COLUMNS = (
    Column("time", "TIME", "time"), Column("kind", "KIND"), Column("file_id", "FILE", "int"),
    Column("path", "PATH", width=80, render=lambda path, row: path if path else f"({row.get('detail') or '-'})"),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser(
        "timeline", parents=[common], help="every dated event of the case in time order",
        description="File-system times (mtime, atime, ctime, crtime), the dates items state about themselves "
                    "(e-mail Date headers, document metadata, EXIF capture times) and the custody events, in "
                    "one order. Times are UTC.",
        epilog="examples:\n  heroes timeline op.heroes --from 2024-09-01 --to 2024-09-30\n"
               "  heroes timeline op.heroes --kind email-date --kind exif-taken --json\n"
               "  heroes timeline op.heroes --from '2024-09-03T10:00+02:00' --csv")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--from", dest="start", metavar="T",
                       help="from this date or time on (2024-09-03, 2024-09-03T10:00:00Z, +02:00 for a zone; "
                            "without one it is UTC)")
    shown.add_argument("--to", dest="end", metavar="T",
                       help="before this time; a bare date keeps the whole of that day")
    shown.add_argument("--kind", dest="kinds", action="append", metavar="KIND",
                       help=f"only events of this kind (repeatable): {', '.join(KNOWN_KINDS)}")
    add_format_options(shown)
    shown.set_defaults(handler=timeline_command)


def timeline_command(args: argparse.Namespace) -> int:
    from heroes_desktop.timeline.events import iter_timeline, parse_moment

    fmt = output_format(args)
    start = parse_moment(args.start) if args.start else None
    end = parse_moment(args.end, end=True) if args.end else None
    if start and end and end <= start:
        raise UsageError(f"--to ({args.end}) must come after --from ({args.start})")
    kinds = None
    if args.kinds:
        kinds = [kind.strip().lower() for kind in args.kinds]
        unknown = [kind for kind in kinds if kind not in KNOWN_KINDS]
        if unknown:
            raise UsageError(f"unknown timeline kind {unknown[0]!r}: known kinds are {', '.join(KNOWN_KINDS)}")
    with open_case(args, OpenMode.READ_ONLY) as case:
        count = emit_rows((event.as_json() for event in iter_timeline(case, start, end, kinds)), COLUMNS, fmt)
        if count == 0:
            note(why_empty(case, "dated events" + (" in that range" if start or end else ""),
                           "`heroes ingest` walks the file systems' times and the dates stage reads the dates "
                           "inside items"))
    return 0
