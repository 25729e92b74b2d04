"""``heroes lab init|enrol|revoke|list|export|key|trust|check``: the lab trust store and its checks on a case."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from heroes_desktop.case.errors import CustodyIntegrityError
from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.output import (
    Column, add_format_options, emit_json, emit_rows, note, output_format, path_argument, require_input_file, say,
)
from heroes_desktop.cli.secrets import _ask as ask_secret  # the one way passphrases are asked (env, else prompt)
from heroes_desktop.cli.secrets import key_passphrase
from heroes_desktop.cli.session import EXAMINER_ENV, actor_from, add_actor_options, open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.identity.actor import Role
from heroes_desktop.identity.profile import LAB_STORE_ENV, profile_dir

if TYPE_CHECKING:  # the trust store's cryptography is loaded by the lab commands only, not by `heroes --help`
    from heroes_desktop.identity.lab_trust import LabTrust

LAB_PASSPHRASE_ENV = "HEROES_LAB_PASSPHRASE"

ENROLMENT_COLUMNS = (
    Column("name", "NAME", width=24), Column("roles", "ROLES", render=lambda roles, row: ",".join(roles)),
    Column("key_id", "KEY"), Column("status", "STATUS"), Column("enrolled_at", "ENROLLED", "time"),
    Column("enrolled_by", "BY", width=20), Column("revoked_at", "REVOKED", "time"),
)
FINDING_COLUMNS = (
    Column("seq", "SEQ", "int"), Column("action", "ACTION"), Column("actor", "ACTOR", width=24), Column("role", "ROLE"),
    Column("kind", "KIND"), Column("reason", "REASON"),
)


def lab_passphrase(*, confirm: bool = False) -> str:
    """The lab key's passphrase: ``HEROES_LAB_PASSPHRASE`` when set, else a prompt without echo."""
    return ask_secret("Lab key passphrase: ", LAB_PASSPHRASE_ENV, confirm)


def _store(args: argparse.Namespace) -> Path:
    from heroes_desktop.identity import lab_trust

    return Path(args.store) if getattr(args, "store", None) else lab_trust.default_store()


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    lab = subparsers.add_parser(
        "lab", help="the lab trust store: whose key is whose, for which roles",
        epilog="examples:\n  heroes lab init --name \"Cyber Lab\" --store /media/usb/lab\n"
               "  heroes lab key --examiner \"Sam Lee\" --out sam.pub.json\n"
               "  heroes lab enrol \"Sam Lee\" --role supervisor --key sam.pub.json --store /media/usb/lab\n"
               "  heroes lab export --out lab-trust.json --store /media/usb/lab\n"
               "  heroes lab trust op.heroes --trust lab-trust.json\n"
               "  heroes lab check op.heroes --trust lab-trust.json\n"
               f"The lab passphrase comes from ${LAB_PASSPHRASE_ENV} or a prompt; the store from --store,"
               f" ${LAB_STORE_ENV}, or the profile's lab folder.\n"
               "check exits 4 when a signer is not enrolled for the role it claims, a name has a second key, or a"
               " review was signed by the examiner of the work.")
    actions = lab.add_subparsers(dest="action", required=True, metavar="ACTION")


    init = actions.add_parser("init", parents=[common], help="create the lab key and an empty enrolment list")
    init.add_argument("--name", required=True, metavar="LAB", help="the lab's name")
    store_option(init)
    init.set_defaults(handler=init_command, actor_needed=False)

    enrol = actions.add_parser("enrol", parents=[common], help="enrol a person's public key for their roles")
    enrol.add_argument("name", metavar="NAME", help="the name the person signs under (--examiner/--supervisor)")
    enrol.add_argument("--role", dest="roles", action="append", required=True, choices=[r.value for r in Role],
                       help="a role the key is enrolled for (repeat for several)")
    source = enrol.add_mutually_exclusive_group(required=True)
    source.add_argument("--key", dest="key_file", metavar="FILE", help="the public key: `heroes lab key` file or PEM")
    source.add_argument("--profile", metavar="DIR", help="the person's profile folder (their HEROES_HOME)")
    enrol.add_argument("--replace", action="store_true", help="revoke the person's current key and enrol this one")
    enrol.add_argument("--by", metavar="NAME", help=f"the lab administrator enrolling (default: ${EXAMINER_ENV})")
    store_option(enrol)
    enrol.set_defaults(handler=enrol_command, actor_needed=False)

    revoke = actions.add_parser("revoke", parents=[common], help="revoke a person's active enrolment from now on")
    revoke.add_argument("name", metavar="NAME")
    revoke.add_argument("--by", metavar="NAME", help=f"the lab administrator revoking (default: ${EXAMINER_ENV})")
    store_option(revoke)
    revoke.set_defaults(handler=revoke_command, actor_needed=False)

    listing = actions.add_parser("list", parents=[common], help="the enrolments (signatures checked)")
    store_option(listing)
    add_format_options(listing)
    listing.set_defaults(handler=list_command, actor_needed=False)

    export = actions.add_parser("export", parents=[common], help="the public trust file for workstations and cases")
    export.add_argument("--out", type=path_argument, required=True, metavar="FILE")
    store_option(export)
    export.set_defaults(handler=export_command, actor_needed=False)

    key = actions.add_parser("key", parents=[common], help="your public key from your profile, for enrolment")
    key.add_argument("--out", type=path_argument, required=True, metavar="FILE")
    add_actor_options(key)
    key.set_defaults(handler=key_command)

    trust = actions.add_parser("trust", parents=[common], help="record the lab's public key in a case")
    trust.add_argument("case", metavar="CASE")
    trust_options(trust)
    trust.add_argument("--replace", action="store_true", help="trust this lab key instead of the one recorded")
    add_actor_options(trust)
    trust.set_defaults(handler=trust_command)

    check = actions.add_parser("check", parents=[common], help="signers against the lab's enrolments (exit 4)")
    check.add_argument("case", metavar="CASE")
    trust_options(check)
    add_format_options(check)
    check.set_defaults(handler=check_command, actor_needed=False)


def store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="DIR",
                        help=f"the lab store folder (default: ${LAB_STORE_ENV}, else the profile's lab)")


def trust_options(parser: argparse.ArgumentParser) -> None:
    """--trust FILE and --store DIR: where the lab's enrolments come from."""
    parser.add_argument("--trust", dest="trust_file", metavar="FILE", help="a trust file from `heroes lab export`")
    store_option(parser)


def _administrator(args: argparse.Namespace) -> str:
    return args.by or os.environ.get(EXAMINER_ENV, "")


def init_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    store = _store(args)
    trust = lab_trust.init_lab(store, args.name, lab_passphrase(confirm=True))
    if args.json:
        emit_json({**trust.lab_document(), "store": str(store)})
    else:
        say(f"lab {trust.lab_name} created in {store} (lab key {trust.lab_key_id})")
        note("keep the store and its passphrase with the lab administrator; hand out `heroes lab export` files")
    return 0


def enrol_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    store = _store(args)
    key_file = require_input_file(args.key_file, "public key file")
    lab_trust.load_trust(store)  # a missing or tampered store is told before the passphrase is asked
    entry = lab_trust.enrol(
        store, lab_passphrase(), args.name, args.roles, key_file,
        profile=Path(args.profile) if args.profile else None, replace=args.replace, enrolled_by=_administrator(args),
    )
    if args.json:
        emit_json(entry.as_json())
    else:
        say(f"enrolled {entry.name} ({', '.join(entry.roles)}) with key {entry.key_id}")
    return 0


def revoke_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    store = _store(args)
    lab_trust.load_trust(store)
    entry = lab_trust.revoke(store, lab_passphrase(), args.name, revoked_by=_administrator(args))
    if args.json:
        emit_json(entry.as_json())
    else:
        say(f"revoked {entry.name}'s key {entry.key_id} from {entry.revoked_at}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    fmt = output_format(args)
    trust = lab_trust.load_trust(_store(args))
    emit_rows((entry.as_json() for entry in trust.enrolments), ENROLMENT_COLUMNS, fmt,
              empty=f"no one is enrolled in the lab {trust.lab_name} yet: heroes lab enrol NAME --role R --key FILE")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    document = lab_trust.export_public(_store(args), args.out)
    if args.json:
        emit_json(document)
    else:
        count = len(document["enrolments"]["enrolments"])
        say(f"trust file of the lab {document['lab']['name']} ({count} enrolments) written to {args.out}")
    return 0


def key_command(args: argparse.Namespace) -> int:
    """The acting person's public key; their key is made first (asking its passphrase) if they have none yet."""
    from heroes_desktop.identity import lab_trust
    from heroes_desktop.identity.keys import key_file_path, load_or_create_signing_key

    actor = actor_from(args)
    assert actor is not None
    profile = profile_dir()
    if key_file_path(profile, actor.name).exists():
        public_key = lab_trust.profile_public_key(profile, actor.name)
    else:
        passphrase = key_passphrase(actor.name, confirm=True)
        public_key = load_or_create_signing_key(profile, actor.name, passphrase).public_key
    document = lab_trust.write_public_key(actor.name, public_key, args.out)
    if args.json:
        emit_json(document)
    else:
        say(f"public key {document['key_id']} of {actor.name} written to {args.out}")
    return 0


def trust_from_options(args: argparse.Namespace, *, required: bool) -> LabTrust | None:
    """The lab trust named by --trust or --store; else the default store when it exists (or must: ``required``)."""
    from heroes_desktop.identity import lab_trust

    if args.trust_file and args.store:
        raise UsageError("give either --trust FILE or --store DIR, not both")
    if args.trust_file:
        return lab_trust.load_trust(require_input_file(args.trust_file, "trust file"))  # type: ignore[arg-type]
    store = _store(args)
    if args.store or required or (store / lab_trust.LAB_FILE).is_file():
        return lab_trust.load_trust(store)
    return None


def trust_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    trust = trust_from_options(args, required=True)
    assert trust is not None
    with open_case(args, OpenMode.READ_WRITE, purpose="lab trust") as case:
        event = lab_trust.record_lab_key(case, trust, replace=args.replace)
    if args.json:
        emit_json({"recorded": event is not None, "lab": trust.lab_name, "lab_key_id": trust.lab_key_id,
                   "event": event.as_json() if event else None})
    elif event is None:
        say(f"the case already trusts the lab {trust.lab_name} (key {trust.lab_key_id})")
    else:
        say(f"the case now trusts the lab {trust.lab_name} (key {trust.lab_key_id}), event {event.seq}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    from heroes_desktop.identity import lab_trust

    fmt = output_format(args)
    trust = trust_from_options(args, required=False)
    with open_case(args, OpenMode.READ_ONLY) as case:
        findings = lab_trust.trust_findings(case, trust)
        if trust is not None and lab_trust.recorded_lab(case) is None:
            note(f"heroes: note: the case does not record the lab key yet: heroes lab trust {args.case}")
    emit_rows((finding.as_json() for finding in findings), FINDING_COLUMNS, fmt)
    serious = [finding for finding in findings if finding.kind != lab_trust.LAB_UNKNOWN]
    if serious:
        first = serious[0]
        where = f"event {first.seq}: " if first.seq is not None else ""
        raise CustodyIntegrityError(
            f"{len(serious)} trust finding{'s' if len(serious) != 1 else ''}; first: {where}{first.reason}", first.seq)
    if not findings and fmt == "human":
        say("every signer is enrolled for the role it claims; no second keys; no self-review")
    elif findings:
        note(findings[0].reason)
    return 0
