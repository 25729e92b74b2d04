"""``heroes entities`` and ``heroes dictionary import``."""

from __future__ import annotations

import argparse
from pathlib import Path

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json, emit_json_lines, say
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.nlp.dictionaries import import_dictionary
from heroes_desktop.nlp.entity_stage import list_entities, run_entities
from heroes_desktop.pipeline.worker_pool import WorkerPool


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    found = subparsers.add_parser("entities", parents=[common], help="named entities and validated identifiers")
    found.add_argument("case", metavar="CASE")
    found.add_argument("--label", help="only this label (EMAIL, PHONE, URL, IP, IBAN, CARD, CRYPTO, HANDLE, TERM)")
    found.set_defaults(handler=entities_command)

    group = subparsers.add_parser("dictionary", help="lab term lists")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", parents=[common], help="import a CSV or YAML list: term,category,language")
    importing.add_argument("case", metavar="CASE")
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument("--name", required=True)
    add_actor_options(importing, supervisor=False)
    importing.set_defaults(handler=dictionary_command)


def entities_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        records = list_entities(case, args.label)
    if args.json:
        emit_json_lines(records)
        return 0
    for record in records:
        extra = f" [{record['category']}]" if record["category"] else ""
        say(f"{record['label']:7} {record['count']:>5}  {record['normalized']}{extra}  files "
            f"{', '.join(map(str, record['file_ids'][:10]))}")
    return 0


def dictionary_command(args: argparse.Namespace) -> int:
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
