"""``heroes hashset import|remove|export|list``, ``heroes matches``, ``heroes tag``, ``heroes untag`` and
``heroes tags``."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import (
    Column,
    add_format_options,
    emit_json,
    emit_json_lines,
    emit_rows,
    note,
    output_format,
    path_argument,
    record_id,
    require_input_file,
    say,
)
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.formats import FORMATS

MATCH_COLUMNS = (Column("file_id", "FILE", "int"), Column("kind", "KIND"), Column("distance", "DIST", "int"),
                 Column("category", "CATEGORY"), Column("hashset", "HASH SET", width=28), Column("path", "PATH"))
MATCH_FIELDS = ("file_id", "path", "hashset", "kind", "distance", "category")
HASHSET_COLUMNS = (Column("id", "ID", "int"), Column("name", "NAME", width=32), Column("format", "FORMAT"),
                   Column("entries", "ENTRIES", "int"), Column("malformed", "MALFORMED", "int"),
                   Column("category", "CATEGORY"), Column("imported_at", "IMPORTED", "time"),
                   Column("source_sha256", "SOURCE SHA-256"))
DUPLICATE_COLUMNS = (Column("group", "GROUP", "int"), Column("size", "FILES", "int"),
                     Column("file_ids", "FILE IDS", "list"))
TAG_COLUMNS = (Column("id", "TAG", "int"), Column("file_id", "FILE", "int"), Column("status", "STATUS"),
               Column("label", "CATEGORY/BOOKMARK", width=24), Column("actor", "BY", width=20),
               Column("time", "TIME", "time"), Column("path", "PATH"), Column("note", "NOTE"))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("hashset", help="import, export and list hash sets")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", parents=[common], help="import a hash set (malformed lines are counted)")
    importing.add_argument("case", metavar="CASE")
    importing.add_argument("file", metavar="FILE", type=path_argument)
    importing.add_argument("--format", required=True, choices=FORMATS)
    importing.add_argument("--name", required=True)
    importing.add_argument("--category", help="CAT-0 ... CAT-5 for entries that carry none")
    add_actor_options(importing, supervisor=False)
    importing.set_defaults(handler=import_command)
    exporting = actions.add_parser("export", parents=[common], help="the case's categorised files as VICS 2.0 JSON")
    exporting.add_argument("case", metavar="CASE")
    exporting.add_argument("--format", default="vics", choices=["vics"])
    exporting.add_argument("--out", required=True, type=path_argument)
    add_actor_options(exporting)
    exporting.set_defaults(handler=export_command)
    removing = actions.add_parser("remove", parents=[common],
                                  help="remove a hash set, its entries and its matches (a custody event)")
    removing.add_argument("case", metavar="CASE")
    removing.add_argument("name", metavar="NAME", help="the set's name, as `heroes hashset list` shows it")
    add_actor_options(removing, supervisor=False)
    removing.set_defaults(handler=remove_command)
    listing = actions.add_parser("list", parents=[common], help="the hash sets in the case")
    listing.add_argument("case", metavar="CASE")
    add_format_options(listing)
    listing.set_defaults(handler=list_command)

    found = subparsers.add_parser("matches", parents=[common], help="hash-set and perceptual-hash matches")
    found.add_argument("case", metavar="CASE")
    found.add_argument("--duplicates", action="store_true", help="groups of near-duplicate images in the case")
    found.add_argument("--hide-known", action="store_true", help="leave out known-good (NSRL) matches")
    add_format_options(found)
    found.set_defaults(handler=matches_command)

    tag = subparsers.add_parser("tag", parents=[common], help="categorise or bookmark files, or withdraw a tag",
                                epilog="A re-tag supersedes the file's earlier category (or the same bookmark); "
                                       "--withdraw records a tag.withdrawn custody event; tags are never deleted.")
    tag.add_argument("case", metavar="CASE")
    tag.add_argument("file_ids", metavar="FILE_ID", type=record_id, nargs="+")
    tag.add_argument("--category", help="CAT-0 ... CAT-5, or a bookmark name (with --withdraw: only that tag)")
    tag.add_argument("--note", default="", help="a note kept with the tag (with --withdraw: the reason)")
    tag.add_argument("--withdraw", action="store_true", help="withdraw the files' current tag(s) instead")
    add_actor_options(tag, supervisor=False)
    tag.set_defaults(handler=tag_command)
    untag = subparsers.add_parser("untag", parents=[common],
                                  help="withdraw files' current tags (heroes tag --withdraw)")
    untag.add_argument("case", metavar="CASE")
    untag.add_argument("file_ids", metavar="FILE_ID", type=record_id, nargs="+")
    untag.add_argument("--category", help="only the current tag of this category or bookmark")
    untag.add_argument("--note", default="", help="the reason, kept in the custody event")
    add_actor_options(untag, supervisor=False)
    untag.set_defaults(handler=tag_command, withdraw=True)
    listing_tags = subparsers.add_parser("tags", parents=[common], help="the tags and categories in the case",
                                         epilog="STATUS: current (the file's category or bookmark now), superseded "
                                                "(a later tag replaced it), withdrawn (tag.withdrawn event), "
                                                "empty (no label).")
    listing_tags.add_argument("case", metavar="CASE")
    listing_tags.add_argument("--current", action="store_true", help="only the current tags")
    add_format_options(listing_tags)
    listing_tags.set_defaults(handler=tags_command)


def import_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.matching import compute_matches
    from heroes_desktop.hashsets.store import import_hashset

    path = require_input_file(args.file, "hash-set file")
    with open_case(args, OpenMode.READ_WRITE, purpose="hashset import") as case:
        report = import_hashset(case, path, args.format, args.name, args.category)
        summary = compute_matches(case)
    if args.json:
        emit_json({**report.as_json(), "matches": summary.as_json()})
    else:
        duplicates = f", {report.duplicates} duplicates stored once" if report.duplicates else ""
        say(f"hash set {report.name!r}: {report.entries} entries imported, {report.malformed} malformed skipped"
            f"{duplicates}; {summary.exact} exact and {summary.perceptual} perceptual matches in the case")
        for example in report.examples[:5]:
            note(f"  skipped {example}")
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.store import remove_hashset

    with open_case(args, OpenMode.READ_WRITE, purpose="hashset remove") as case:
        details = remove_hashset(case, args.name)
    if args.json:
        emit_json(details)
    else:
        say(f"hash set {details['name']!r} removed: {details['entries']} entries, {details['matches']} matches "
            f"(source sha256 {details['source_sha256']}; custody event hashset.removed)")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.store import export_vics

    with open_case(args, OpenMode.REVIEW, purpose="hashset export") as case:
        document = export_vics(case, args.out)
    count = len(document["value"][0]["Media"])
    if args.json:
        emit_json({"out": str(args.out), "media": count})
    else:
        say(f"{count} categorised media written to {args.out}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.store import list_hashsets

    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = list_hashsets(case)
    emit_rows(rows, HASHSET_COLUMNS, output_format(args),
              empty="no hash sets imported yet (`heroes hashset import CASE FILE --format F --name N`)")
    return 0


def matches_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.matching import list_matches, near_duplicate_groups
    from heroes_desktop.hashsets.store import why_no_matches

    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.duplicates:
            groups = near_duplicate_groups(case)
            numbered = ({"group": index, "size": len(group), "file_ids": group} for index, group in enumerate(groups, 1))
            emit_rows(numbered, DUPLICATE_COLUMNS, output_format(args),
                      json_row=lambda row: {"group": row["group"], "file_ids": row["file_ids"]},
                      empty="no near-duplicate images found (the phash stage of `heroes ingest` hashes images)")
            return 0
        rows = [row for row in list_matches(case) if not (args.hide_known and row["known_good"])]
        empty = why_no_matches(case) if not rows else None
    emit_rows(rows, MATCH_COLUMNS, output_format(args), json_row=lambda row: {key: row[key] for key in MATCH_FIELDS},
              empty=empty)
    return 0


def tag_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.tagging import tag_files, withdraw_tags

    if not args.withdraw and args.category is None:
        raise UsageError("--category is required (CAT-0 ... CAT-5 or a bookmark name), or --withdraw")
    with open_case(args, OpenMode.READ_WRITE, purpose="untag" if args.withdraw else "tag") as case:
        if args.withdraw:
            results = withdraw_tags(case, args.file_ids, args.category, args.note)
        else:
            results = tag_files(case, args.file_ids, args.category, args.note)
    if args.json:
        emit_json_lines(results)
        return 0
    for details in results:
        label = details["category"] or details["bookmark"]
        verb = "withdrawn from" if args.withdraw else "given to"
        say(f"tag {details['tag_id']} ({label}) {verb} file {details['file_id']}")
    return 0


def tags_command(args: argparse.Namespace) -> int:
    from heroes_desktop.hashsets.store import why_no_tags
    from heroes_desktop.hashsets.tagging import list_tags

    with open_case(args, OpenMode.READ_ONLY) as case:
        rows = list_tags(case, current_only=args.current)
        empty = why_no_tags(case, args.current) if not rows else None
    for row in rows:
        row["label"] = row["category"] or row["bookmark"]
    emit_rows(rows, TAG_COLUMNS, output_format(args), empty=empty)
    return 0
