"""``heroes hashset import|export|list``, ``heroes matches``, ``heroes tag`` and ``heroes tags``."""

from __future__ import annotations

import argparse
from pathlib import Path

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json, emit_json_lines, say
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.hashsets.matching import compute_matches, list_matches, near_duplicate_groups
from heroes_desktop.hashsets.store import FORMATS, export_vics, import_hashset, list_hashsets
from heroes_desktop.hashsets.tagging import list_tags, tag_file


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("hashset", help="import, export and list hash sets")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", parents=[common], help="import a hash set (malformed lines are counted)")
    importing.add_argument("case", metavar="CASE")
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument("--format", required=True, choices=FORMATS)
    importing.add_argument("--name", required=True)
    importing.add_argument("--category", help="CAT-0 ... CAT-5 for entries that carry none")
    add_actor_options(importing, supervisor=False)
    importing.set_defaults(handler=import_command)
    exporting = actions.add_parser("export", parents=[common], help="the case's categorised files as VICS 2.0 JSON")
    exporting.add_argument("case", metavar="CASE")
    exporting.add_argument("--format", default="vics", choices=["vics"])
    exporting.add_argument("--out", required=True, type=Path)
    add_actor_options(exporting)
    exporting.set_defaults(handler=export_command)
    listing = actions.add_parser("list", parents=[common], help="the hash sets in the case")
    listing.add_argument("case", metavar="CASE")
    listing.set_defaults(handler=list_command)

    found = subparsers.add_parser("matches", parents=[common], help="hash-set and perceptual-hash matches")
    found.add_argument("case", metavar="CASE")
    found.add_argument("--duplicates", action="store_true", help="groups of near-duplicate images in the case")
    found.add_argument("--hide-known", action="store_true", help="leave out known-good (NSRL) matches")
    found.set_defaults(handler=matches_command)

    tag = subparsers.add_parser("tag", parents=[common], help="categorise or bookmark a file")
    tag.add_argument("case", metavar="CASE")
    tag.add_argument("file_id", metavar="FILE_ID", type=int)
    tag.add_argument("--category", required=True, help="CAT-0 ... CAT-5, or a bookmark name")
    tag.add_argument("--note", default="")
    add_actor_options(tag, supervisor=False)
    tag.set_defaults(handler=tag_command)
    listing_tags = subparsers.add_parser("tags", parents=[common], help="the tags and categories in the case")
    listing_tags.add_argument("case", metavar="CASE")
    listing_tags.set_defaults(handler=tags_command)


def import_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_WRITE, purpose="hashset import") as case:
        report = import_hashset(case, args.file, args.format, args.name, args.category)
        summary = compute_matches(case)
    if args.json:
        emit_json({**report.as_json(), "matches": summary.as_json()})
    else:
        say(f"hash set {report.name!r}: {report.entries} entries imported, {report.malformed} malformed lines "
            f"skipped; {summary.exact} exact and {summary.perceptual} perceptual matches in the case")
        for example in report.examples[:5]:
            say(f"  skipped {example}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.REVIEW, purpose="hashset export") as case:
        document = export_vics(case, args.out)
    count = len(document["value"][0]["Media"])
    if args.json:
        emit_json({"out": str(args.out), "media": count})
    else:
        say(f"{count} categorised media written to {args.out}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = list_hashsets(case)
    if args.json:
        emit_json_lines(rows)
    for row in rows if not args.json else []:
        say(f"{row['id']:>3}  {row['name']:24} {row['format']:7} {row['entries']:>10} entries  "
            f"{row['malformed']} malformed  category {row['category'] or '-'}  sha256 {row['source_sha256']}")
    return 0


def matches_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.duplicates:
            groups = near_duplicate_groups(case)
            if args.json:
                emit_json_lines({"group": index, "file_ids": group} for index, group in enumerate(groups, 1))
            for index, group in enumerate(groups if not args.json else [], 1):
                say(f"group {index}: files {', '.join(map(str, group))}")
            return 0
        rows = [row for row in list_matches(case) if not (args.hide_known and row["known_good"])]
    if args.json:
        emit_json_lines({key: row[key] for key in ("file_id", "path", "hashset", "kind", "distance", "category")}
                        for row in rows)
        return 0
    for row in rows:
        say(f"{row['file_id']:>7}  {row['kind']:6} d={row['distance']:<2} {row['category'] or '-':10} "
            f"{row['hashset']:20} {row['path']}")
    return 0


def tag_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_WRITE, purpose="tag") as case:
        details = tag_file(case, args.file_id, args.category, args.note)
    if args.json:
        emit_json(details)
    else:
        say(f"file {args.file_id} tagged {details['category'] or details['bookmark']}")
    return 0


def tags_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = list_tags(case)
    if args.json:
        emit_json_lines(rows)
        return 0
    for row in rows:
        say(f"{row['file_id']:>7}  {row['category'] or row['bookmark']:12} {row['actor']:16} {row['path']}  "
            f"{row['note']}")
    return 0
