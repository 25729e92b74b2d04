"""``heroes export CASE --format case-uco|portable|vics --out PATH``."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import emit_json, path_argument, say
from heroes_desktop.cli.secrets import export_passphrase
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.exports.formats import EXPORT_FORMATS, ITEM_CHOICES


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common], help="CASE/UCO 1.4.0 JSON-LD, a portable case of chosen items, or VICS 2.0",
        epilog="examples:\n"
               "  heroes export op.heroes --format case-uco --out op.case.jsonld\n"
               "  HEROES_EXPORT_PASSPHRASE=... heroes export op.heroes --format portable --items bookmarked "
               "--out op-prosecutor.heroes\n"
               "  heroes export op.heroes --format vics --out op.vics.json\n"
               "a portable case has its own passphrase (HEROES_EXPORT_PASSPHRASE, or asked twice without echo; never\n"
               "on the command line), opens read-only, and its custody chain starts from this case's head.\n"
               "an export is never overwritten; each is recorded in the custody chain with its SHA-256.")
    export.add_argument("case", metavar="CASE")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--out", required=True, type=path_argument, help="where to write it (never overwritten)")
    export.add_argument("--items", choices=ITEM_CHOICES, default="bookmarked",
                        help="portable: which items it carries (default: bookmarked)")
    add_actor_options(export)
    export.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    from heroes_desktop.exports.run import run_export

    passphrase = export_passphrase() if args.format == "portable" else None
    with open_case(args, OpenMode.REVIEW, purpose=f"{args.format} export") as case:
        result = run_export(case, args.format, args.out, items=args.items, passphrase=passphrase)
    if args.json:
        emit_json(result)
    elif args.format == "portable":
        say(f"portable case of {result.get('files', '?')} items written to {args.out}; it opens read-only with its "
            "own passphrase")
    elif args.format == "case-uco":
        say(f"CASE/UCO 1.4.0 JSON-LD of {result.get('files', '?')} files ({result.get('nodes', '?')} nodes) "
            f"written to {args.out}")
    else:
        say(f"{result['media']} categorised media written to {args.out} (VICS 2.0)")
    return 0
