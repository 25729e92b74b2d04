"""``heroes search``."""

from __future__ import annotations

import argparse

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json_lines, say
from heroes_desktop.cli.session import open_case
from heroes_desktop.search.fulltext import search


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    finder = subparsers.add_parser("search", parents=[common], help="full-text search over extracted text and OCR")
    finder.add_argument("case", metavar="CASE")
    finder.add_argument("query", metavar="QUERY", help='words, "phrases", AND/OR/NOT, prefix*')
    finder.add_argument("--limit", type=int, default=100)
    finder.add_argument("--mime", metavar="PREFIX", help="only files whose MIME type starts with PREFIX")
    state = finder.add_mutually_exclusive_group()
    state.add_argument("--deleted", action="store_true", help="only deleted files")
    state.add_argument("--allocated", action="store_true", help="only files that are not deleted")
    finder.add_argument("--entity", metavar="TEXT", help="only files naming this entity (as `heroes entities` shows)")
    finder.add_argument("--label", metavar="LABEL", help="only files with an entity of this label (PERSON, IBAN, ...)")
    finder.add_argument("--topic", type=int, metavar="N", help="only files about topic N (`heroes topics`)")
    finder.set_defaults(handler=search_command)


def search_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        hits = search(case, args.query, limit=args.limit, mime_prefix=args.mime,
                      deleted=True if args.deleted else False if args.allocated else None,
                      entity=args.entity, entity_label=args.label, topic=args.topic)
    if args.json:
        emit_json_lines(hit.as_json() for hit in hits)
        return 0
    for hit in hits:
        say(f"{hit.file_id:>7}  {hit.score:6.2f}  {hit.path}\n         {hit.snippet}")
    return 0
