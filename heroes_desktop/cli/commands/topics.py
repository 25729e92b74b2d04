"""``heroes topics``: the case's topics, files like a given file, and re-modelling with a fixed k."""

from __future__ import annotations

import argparse

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import HUMAN, Column, add_format_options, emit_rows, note, output_format, record_id, say
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import UsageError

TOPIC_COLUMNS = (
    Column("topic", "TOPIC", "int"), Column("document_count", "FILES", "int"),
    Column("documents", "TOP FILES", render=lambda documents, row: ", ".join(
        f"{document['file_id']} ({document['weight']:.2f})" for document in documents[:3]) or "-", width=40),
    Column("terms", "TERMS", "list"),
)
LIKE_COLUMNS = (Column("file_id", "FILE", "int"), Column("similarity", "SIMILARITY"), Column("path", "PATH"))
RUN_ONLY = ("topics", "min_topics", "max_topics")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser(
        "topics", parents=[common], help="topics with their top terms and documents",
        epilog="examples:\n  heroes topics op.heroes\n  heroes topics op.heroes --like 1234\n"
               "  heroes topics op.heroes --run --topics 8      # model again with 8 topics (a custody event)")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--like", type=record_id, metavar="FILE_ID",
                       help="files whose topics are closest to this file's")
    shown.add_argument("--documents", type=int, default=10, metavar="N", help="files shown per topic")
    shown.add_argument("--run", action="store_true", help="model the topics again now (records a custody event)")
    shown.add_argument("--topics", type=int, metavar="K", help="with --run: this many topics instead of coherence")
    shown.add_argument("--min-topics", type=int, metavar="K", help="with --run: the smallest k tried")
    shown.add_argument("--max-topics", type=int, metavar="K", help="with --run: the largest k tried")
    add_format_options(shown)
    add_actor_options(shown, supervisor=False)
    shown.set_defaults(handler=topics_command, actor_needed=lambda args: args.run)


def _remodel(args: argparse.Namespace) -> None:
    from heroes_desktop.nlp.topic_stage import remodel_topics
    from heroes_desktop.nlp.topics import NotEnoughDocuments

    if args.topics is not None and args.topics < 1:
        raise UsageError("--topics must be at least 1")
    with open_case(args, OpenMode.READ_WRITE, purpose="topic modelling") as case:
        try:
            remodel_topics(case, args.topics, min_topics=args.min_topics, max_topics=args.max_topics)
        except NotEnoughDocuments:
            note("topics: too few documents with enough words to model")


def _check_options(args: argparse.Namespace) -> None:
    if not args.run:
        given = [f"--{name.replace('_', '-')}" for name in RUN_ONLY if getattr(args, name) is not None]
        if given:
            raise UsageError(f"{', '.join(given)} only apply with --run (which models the topics again); "
                             "add --run, or leave them out to list the current topics")
    if args.like is not None and args.run:
        raise UsageError("give either --run or --like, not both")
    if args.documents < 1:
        raise UsageError("--documents must be at least 1")


def topics_command(args: argparse.Namespace) -> int:
    from heroes_desktop.nlp.topic_stage import documents_like, list_topics

    fmt = output_format(args)
    _check_options(args)
    if args.run:
        _remodel(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.like is not None:
            try:
                similar = documents_like(case, args.like)
            except KeyError as error:
                raise UsageError(str(error.args[0])) from None
            emit_rows(similar, LIKE_COLUMNS, fmt, empty=f"no files found like file {args.like}")
            return 0
        summary, records = list_topics(case, args.documents)
        why = why_empty(case, "topics", "the text and topics stages of `heroes ingest`, or `heroes topics --run`, "
                        "model them; a case needs several documents with enough words") if not records else None
    if summary and fmt == HUMAN:
        say(f"{summary['num_topics']} topics over {summary['documents']} documents, chosen by "
            f"{summary['chosen_by']} ({summary['coherence_measure']} {summary['coherence']:.3f})")
    emit_rows(records, TOPIC_COLUMNS, fmt, empty=why)
    return 0

