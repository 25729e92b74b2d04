"""``heroes case create``, ``heroes case rekey``, ``heroes case upgrade`` and ``heroes case info``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import emit_json, readable_size, say, say_table, utc_time
from heroes_desktop.cli.secrets import case_passphrase, new_case_passphrase
from heroes_desktop.cli.session import actor_from, add_actor_options, open_case, signing_key_for
from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity.actor import Role

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import CaseInfo


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    case = subparsers.add_parser(
        "case", help="create a case file or show what it holds",
        epilog="examples:\n  heroes case create op.heroes --examiner \"Ana Ruiz\" --title \"Operation X\" --number 2026-17\n"
               "  heroes case info op.heroes\n"
               "  HEROES_NEW_PASSPHRASE=... heroes case rekey op.heroes --examiner \"Ana Ruiz\"\n"
               "New passphrases must meet the lab's passphrase policy ([passphrase-policy] in settings.toml);\n"
               "training and demo cases keep their printed passphrases and show \"training\": true in case info.")
    actions = case.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", parents=[common], help="new encrypted case file at path CASE")
    create.add_argument("case", metavar="CASE")
    create.add_argument("--title", default="")
    create.add_argument("--number", default="")
    add_actor_options(create, supervisor=False)
    create.set_defaults(handler=create_case)

    rekey = actions.add_parser(
        "rekey", parents=[common],
        help="change the case passphrase (new one from $HEROES_NEW_PASSPHRASE or asked twice); a custody event")
    rekey.add_argument("case", metavar="CASE")
    add_actor_options(rekey, supervisor=False)
    rekey.set_defaults(handler=rekey_command)

    upgrade = actions.add_parser(
        "upgrade", parents=[common],
        help="bring a case made by an earlier version to this version's format (each step a custody event)")
    upgrade.add_argument("case", metavar="CASE")
    add_actor_options(upgrade, supervisor=False)
    upgrade.set_defaults(handler=upgrade_case)

    info = actions.add_parser("info", parents=[common], help="title, number, people, counts, format, custody head")
    info.add_argument("case", metavar="CASE")
    info.set_defaults(handler=show_info)


def create_case(args: argparse.Namespace) -> int:
    actor = actor_from(args)
    assert actor is not None
    if actor.role is Role.SUPERVISOR:
        raise UsageError("a supervisor reviews cases and does not create them")
    from heroes_desktop.case.case_file import Case, check_case_passphrase

    passphrase = case_passphrase(confirm=True)
    check_case_passphrase(passphrase, actor, title=args.title, number=args.number)  # before a key is made for it
    with Case.create(Path(args.case), passphrase, actor, signing_key_for(actor), title=args.title,
                     number=args.number) as case:
        info = case.info()
    if args.json:
        emit_json(info.as_json())
    else:
        say(f"created case {info.case_id} at {info.path}")
    return 0


def rekey_command(args: argparse.Namespace) -> int:
    actor = actor_from(args)
    assert actor is not None
    if actor.role is Role.SUPERVISOR:
        raise UsageError("a supervisor reviews cases and does not change their passphrase")
    from heroes_desktop.case.rekey import rekey_case

    passphrase = case_passphrase()
    new_passphrase = new_case_passphrase()
    details = rekey_case(Path(args.case), passphrase, new_passphrase, actor, signing_key_for(actor))
    if args.json:
        emit_json({"case": args.case, "rekeyed": True, "custody_head_seq": details["previous_head_seq"] + 1})
    else:
        say(f"changed the passphrase of {args.case}; the old passphrase no longer opens it")
    return 0


def upgrade_case(args: argparse.Namespace) -> int:
    """Open the case read-write once: its pending migrations run, each in the transaction of its custody event."""
    with open_case(args, OpenMode.READ_WRITE, purpose="upgrade") as case:
        steps = [event.details.get("version") for event in case.events() if event.action == "case.migrated"]
        info = case.info()
    if args.json:
        emit_json({"case": str(info.path), "format_version": info.format_version, "migrated_to": steps})
    else:
        say(f"{info.path}: format version {info.format_version}")
    return 0


def show_info(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        info = case.info()
    if args.json:
        emit_json(info.as_json())
    else:
        _print_info(info)
    return 0


def _evidence_line(item: dict) -> str:
    """One evidence item in words: never "md5 None verified None" without saying why."""
    size = readable_size(item.get("size"))
    if item.get("format") == "folder":
        hashes = f"manifest SHA-256 {item['sha256']}" if item.get("sha256") else "folder: no image hash"
    else:
        verdict = {True: "stored hashes verified", False: "STORED HASHES DO NOT MATCH"}.get(
            item.get("verified"), "no stored hashes in the image")
        hashes = f"md5 {item.get('md5') or '-'}, {verdict}"
    return f"{item.get('label')} ({item.get('format')}, {size}; {hashes})"


def _print_info(info: CaseInfo) -> None:
    head = info.custody_head
    say_table(
        [
            ("Case", info.path),
            ("Case id", info.case_id),
            ("Title", info.title or "-"),
            ("Number", info.number or "-"),
            ("Created (UTC)", utc_time(info.created_at)),
            ("People", ", ".join(f"{p['name']} ({p['role']})" for p in info.people) or "-"),
            ("Evidence", str(len(info.evidence))),
            *[(f"  #{item['id']}", _evidence_line(item)) for item in info.evidence],
            ("Files", f"{info.counts.get('files', 0)} ({info.counts.get('deleted_files', 0)} deleted)"),
            ("Custody events", str(info.counts.get("custody_events", 0))),
            ("Custody head", f"seq {head.get('seq')} {head.get('hash')}" if head else "-"),
            ("Format version", str(info.format_version)),
            *([("Training case", "yes: a class or demo case with a printed passphrase; never for real evidence")]
              if info.training else []),
            ("Encryption", f"SQLCipher {info.cipher['cipher_version']}, {info.cipher['cipher_kdf_algorithm']} "
                           f"x{info.cipher['kdf_iter']}, {info.cipher['cipher_hmac_algorithm']}"),
        ]
    )
