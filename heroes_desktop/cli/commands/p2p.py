"""``heroes p2p``: what the machine's P2P clients shared, downloaded and searched for, linked to the case's files."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import Column, add_format_options, emit_rows, output_format
from heroes_desktop.cli.session import open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.p2p.records import KINDS


def _hash(value: object, row: dict) -> str:
    return str(row.get("infohash") or row.get("infohash_v2") or row.get("ed2k") or "-")


def _matches(value: object, row: dict) -> str:
    found = row.get("matches") or []
    return ", ".join(sorted({f"{match['hashset']}:{match['category'] or '-'}" for match in found})) or "-"


COLUMNS = (
    Column("client", "CLIENT"), Column("kind", "KIND"), Column("size", "SIZE", "size"),
    Column("infohash", "HASH", width=40, render=_hash),
    Column("content_file_ids", "CONTENT", render=lambda ids, row: ", ".join(map(str, ids[:5])) + (
        f" (+{len(ids) - 5})" if len(ids) > 5 else "") or "-"),
    Column("matches", "MATCHES", width=30, render=_matches),
    Column("artifact_file_id", "FROM", "int"),
    Column("name", "NAME"),
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser(
        "p2p", parents=[common], help="P2P client records (torrents, resume data, eMule .met files, searches, "
                                      "shared folders) linked to the case's files and hash sets",
        description="What the P2P clients on the evidence recorded: torrents and their info-hashes, resume data "
                    "(µTorrent, BitTorrent, qBittorrent, Transmission), eMule/aMule known.met, part.met, "
                    "search strings and shared folders, Shareaza and Ares libraries. CONTENT lists the case files "
                    "a record describes (by ED2K, SHA-1, MD5, torrent pieces or v2 roots); MATCHES the hash sets "
                    "that hold them, or the hash the client kept. Matched records come first.",
        epilog="examples:\n  heroes p2p op.heroes\n  heroes p2p op.heroes --client emule --kind search\n"
               "  heroes p2p op.heroes --matched --json")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--client", metavar="CLIENT", help="only this client's records (emule, utorrent, ...)")
    shown.add_argument("--kind", metavar="KIND", help=f"only records of this kind: {', '.join(KINDS)}")
    shown.add_argument("--matched", action="store_true", help="only records that match a hash set")
    add_format_options(shown)
    shown.set_defaults(handler=p2p_command)


def p2p_command(args: argparse.Namespace) -> int:
    from heroes_desktop.p2p.listing import list_p2p

    fmt = output_format(args)
    if args.kind and args.kind.lower() not in KINDS:
        raise UsageError(f"unknown P2P record kind {args.kind!r}: known kinds are {', '.join(KINDS)}")
    with open_case(args, OpenMode.READ_ONLY) as case:
        records = list(list_p2p(case, args.client, args.kind, matched_only=args.matched))
        why = None if records else why_empty(
            case, "P2P records", "the p2p stage of `heroes ingest` reads the clients' files (known.met, resume.dat, "
                                 "*.fastresume, *.torrent, ...)")
    emit_rows(records, COLUMNS, fmt, empty=why)
    return 0
