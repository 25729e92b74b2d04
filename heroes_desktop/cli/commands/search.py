"""``heroes search``."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.commands.entities import ENTITY_LABELS
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import Column, add_format_options, emit_rows, output_format, positive_int
from heroes_desktop.cli.session import open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.path_kinds import shortened

COLUMNS = (
    Column("file_id", "FILE", "int"), Column("score", "SCORE"), Column("source", "SOURCE"),
    Column("path", "PATH", width=70), Column("snippet", "SNIPPET"),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    finder = subparsers.add_parser(
        "search", parents=[common], help="full-text search over extracted text and OCR",
        epilog="examples:\n  heroes search op.heroes '\"bus station\" AND (madrid OR cadiz) NOT invoice'\n"
               "  heroes search op.heroes 'transfer OR payment' --entity \"daniel ortega\" --allocated --csv\n"
               "  heroes search op.heroes '+34 600 123 456 OR ES91 2100 0418 4502 0005 1332'   (any common form)")
    finder.add_argument("case", metavar="CASE")
    finder.add_argument("query", metavar="QUERY",
                        help='words, "phrases", AND/OR/NOT, prefix*; hyphenated words, e-mail addresses, URLs, '
                             "phone numbers, IBANs and crypto addresses as written")
    finder.add_argument("--limit", type=positive_int, default=100, metavar="N", help="at most N hits (default: 100)")
    finder.add_argument("--mime", metavar="PREFIX", help="only files whose MIME type starts with PREFIX")
    state = finder.add_mutually_exclusive_group()
    state.add_argument("--deleted", action="store_true", help="only deleted files")
    state.add_argument("--allocated", action="store_true", help="only files that are not deleted")
    finder.add_argument("--entity", metavar="TEXT", help="only files naming this entity (as `heroes entities` shows)")
    finder.add_argument("--label", metavar="LABEL", type=str.upper,
                        help=f"only files with an entity of this label: {', '.join(ENTITY_LABELS)}")
    finder.add_argument("--topic", type=int, metavar="N", help="only files about topic N (`heroes topics`)")
    add_format_options(finder)
    finder.set_defaults(handler=search_command)


def search_command(args: argparse.Namespace) -> int:
    from heroes_desktop.search.fulltext import search

    fmt = output_format(args)
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.label is not None and args.label not in ENTITY_LABELS:
        raise UsageError(f"unknown entity label {args.label!r}: known labels are {', '.join(ENTITY_LABELS)}")
    with open_case(args, OpenMode.READ_ONLY) as case:
        hits = [hit.as_json() for hit in search(
            case, args.query, limit=args.limit, mime_prefix=args.mime,
            deleted=True if args.deleted else False if args.allocated else None,
            entity=args.entity, entity_label=args.label, topic=args.topic)]
        why = why_empty(case, f"hits for {shortened(repr(args.query), 80)}",
                        "the text and ocr stages of `heroes ingest` fill the index") if not hits else None
    emit_rows(hits, COLUMNS, fmt, empty=why)
    return 0
