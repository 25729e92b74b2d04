"""``heroes entities`` and ``heroes dictionary import``."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import (
    Column, add_format_options, emit_json, emit_rows, output_format, path_argument, require_input_file, say,
)
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.nlp.labels import NER_LABELS

IDENTIFIER_LABELS = ("EMAIL", "PHONE", "URL", "IP", "IBAN", "CARD", "CRYPTO", "HANDLE")
ENTITY_LABELS = (*NER_LABELS, *IDENTIFIER_LABELS, "TERM", "P2P_SEARCH")  # TERM: a lab dictionary's term;
# P2P_SEARCH: a search term a P2P client kept (eMule's AC_SearchStrings.dat, Ares, Shareaza)

COLUMNS = (
    Column("label", "LABEL"), Column("count", "COUNT", "int"), Column("normalized", "ENTITY", width=60),
    Column("category", "CATEGORY"),
    Column("file_ids", "FILES", render=lambda ids, row: ", ".join(map(str, ids[:10])) + (
        f" (+{len(ids) - 10} more)" if len(ids) > 10 else "")),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    found = subparsers.add_parser("entities", parents=[common], help="named entities and validated identifiers")
    found.add_argument("case", metavar="CASE")
    found.add_argument("--label", type=str.upper, metavar="LABEL",
                       help=f"only this label: {', '.join(ENTITY_LABELS)}")
    add_format_options(found)
    found.set_defaults(handler=entities_command)

    group = subparsers.add_parser("dictionary", help="lab term lists")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", parents=[common], help="import a CSV or YAML list: term,category,language")
    importing.add_argument("case", metavar="CASE")
    importing.add_argument("file", metavar="FILE", type=path_argument)
    importing.add_argument("--name", required=True)
    add_actor_options(importing, supervisor=False)
    importing.set_defaults(handler=dictionary_command)


def entities_command(args: argparse.Namespace) -> int:
    from heroes_desktop.nlp.entity_stage import list_entities

    fmt = output_format(args)
    if args.label is not None and args.label not in ENTITY_LABELS:
        raise UsageError(f"unknown entity label {args.label!r}: known labels are {', '.join(ENTITY_LABELS)}")
    with open_case(args, OpenMode.READ_ONLY) as case:
        records = list_entities(case, args.label)
        why = why_empty(case, f"{args.label} entities" if args.label else "entities",
                        "the text, ocr and entities stages of `heroes ingest` fill this list") if not records else None
    emit_rows(records, COLUMNS, fmt, empty=why)
    return 0


def dictionary_command(args: argparse.Namespace) -> int:
    from heroes_desktop.nlp.dictionaries import import_dictionary
    from heroes_desktop.nlp.entity_stage import run_entities
    from heroes_desktop.pipeline.worker_pool import WorkerPool

    require_input_file(args.file, "term list")
    with open_case(args, OpenMode.READ_WRITE, purpose="dictionary import") as case:
        report = import_dictionary(case, args.file, args.name)
        pool = WorkerPool(1)
        try:
            run_entities(case, pool, run_id=0)  # dictionary hits are refreshed at once
        finally:
            pool.shutdown(cancel_futures=True)
    if args.json:
        emit_json(report.as_json())
    else:
        say(f"dictionary {report.name!r}: {report.terms} terms, {report.malformed} malformed rows skipped")
    return 0
