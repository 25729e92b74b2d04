"""``heroes export CASE --format case-uco|portable|vics --out PATH``."""

from __future__ import annotations

import argparse
from pathlib import Path

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json, say
from heroes_desktop.cli.secrets import export_passphrase
from heroes_desktop.cli.session import add_actor_options, open_case

EXPORT_FORMATS = ("case-uco", "portable", "vics")
ITEM_CHOICES = ("bookmarked", "categorised", "all")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common], help="CASE/UCO 1.4.0 JSON-LD, a portable case of chosen items, or VICS 2.0",
        epilog="examples:\n"
               "  heroes export op.heroes --format case-uco --out op.case.jsonld\n"
               "  HEROES_EXPORT_PASSPHRASE=... heroes export op.heroes --format portable --items bookmarked "
               "--out op-prosecutor.heroes\n"
               "  heroes export op.heroes --format vics --out op.vics.json\n"
               "a portable case has its own passphrase (HEROES_EXPORT_PASSPHRASE, or asked twice without echo; never\n"
               "on the command line), opens read-only, and its custody chain starts from this case's head.")
    export.add_argument("case", metavar="CASE")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--out", required=True, type=Path, help="where to write it (never overwritten)")
    export.add_argument("--items", choices=ITEM_CHOICES, default="bookmarked",
                        help="portable: which items it carries (default: bookmarked)")
    add_actor_options(export)
    export.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    if args.format == "portable":
        passphrase = export_passphrase()
        from heroes_desktop.exports.portable import export_portable  # noqa: PLC0415 - loaded when used

        with open_case(args, OpenMode.REVIEW, purpose="portable export") as case:
            result = export_portable(case, args.out, passphrase, items=args.items)
        summary = f"portable case of {result.get('files', result.get('items', '?'))} items written to {args.out}"
    elif args.format == "case-uco":
        from heroes_desktop.exports.case_uco import export_case_uco  # noqa: PLC0415

        with open_case(args, OpenMode.REVIEW, purpose="CASE/UCO export") as case:
            result = export_case_uco(case, args.out)
            case.record("export.written", {"format": "case-uco", "out": str(args.out),
                                           "sha256": result.get("sha256"), "nodes": result.get("nodes")})
        summary = f"CASE/UCO 1.4.0 JSON-LD of {result['files']} files ({result['nodes']} nodes) written to {args.out}"
    else:
        from heroes_desktop.hashsets.store import export_vics  # noqa: PLC0415

        with open_case(args, OpenMode.REVIEW, purpose="hashset export") as case:
            document = export_vics(case, args.out)
        result = {"out": str(args.out), "media": len(document["value"][0]["Media"])}
        summary = f"{result['media']} categorised media written to {args.out} (VICS 2.0)"
    if args.json:
        emit_json({"format": args.format, **result})
    else:
        say(summary)
    return 0
