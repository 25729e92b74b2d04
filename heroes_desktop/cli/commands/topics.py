"""``heroes topics``: the case's topics, files like a given file, and re-modelling with a fixed k."""

from __future__ import annotations

import argparse

from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json_lines, say
from heroes_desktop.cli.session import add_actor_options, open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.nlp.topic_stage import documents_like, list_topics, run_topics
from heroes_desktop.nlp.topics import TopicOptions
from heroes_desktop.pipeline.worker_pool import WorkerPool


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser("topics", parents=[common], help="topics with their top terms and documents")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--like", type=int, metavar="FILE_ID", help="files whose topics are closest to this file's")
    shown.add_argument("--documents", type=int, default=10, metavar="N", help="files shown per topic")
    shown.add_argument("--run", action="store_true", help="model the topics again now (records a custody event)")
    shown.add_argument("--topics", type=int, metavar="K", help="with --run: this many topics instead of coherence")
    shown.add_argument("--min-topics", type=int, metavar="K", help="with --run: the smallest k tried")
    shown.add_argument("--max-topics", type=int, metavar="K", help="with --run: the largest k tried")
    add_actor_options(shown, supervisor=False)
    shown.set_defaults(handler=topics_command)


def _remodel(args: argparse.Namespace) -> None:
    if args.topics is not None and args.topics < 1:
        raise UsageError("--topics must be at least 1")
    ranges = {name: value for name, value in (("min_topics", args.min_topics), ("max_topics", args.max_topics))
              if value is not None}
    options = TopicOptions(num_topics=args.topics, **ranges)
    with open_case(args, OpenMode.READ_WRITE, purpose="topic modelling") as case:
        pool = WorkerPool(1)
        try:
            model_id = run_topics(case, pool, run_id=0, options=options, force=True)
        finally:
            pool.shutdown(cancel_futures=True)
    if model_id is None:
        say("topics: too few documents with enough words to model")


def topics_command(args: argparse.Namespace) -> int:
    if args.run:
        _remodel(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.like is not None:
            try:
                similar = documents_like(case, args.like)
            except KeyError as error:
                raise UsageError(str(error.args[0])) from None
            if args.json:
                emit_json_lines(similar)
            for record in [] if args.json else similar:
                say(f"{record['file_id']:>7}  {record['similarity']:.3f}  {record['path']}")
            return 0
        summary, records = list_topics(case, args.documents)
    if args.json:
        emit_json_lines(records)
    elif not summary:
        say("no topics yet: run `heroes ingest` with the text and topics stages, or `heroes topics --run`")
    else:
        say(f"{summary['num_topics']} topics over {summary['documents']} documents, chosen by "
            f"{summary['chosen_by']} ({summary['coherence_measure']} {summary['coherence']:.3f})")
        for record in records:
            say(f"topic {record['topic']:>2} ({record['document_count']} files): {', '.join(record['terms'])}")
            for document in record["documents"][:3]:
                say(f"           {document['weight']:.2f}  {document['file_id']:>7}  {document['path']}")
    return 0

