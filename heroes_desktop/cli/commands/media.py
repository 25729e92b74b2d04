"""``heroes media``: image and video triage results (faces, detections, context, triage)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from heroes_desktop.case.modes import OpenMode
from heroes_desktop.cli.explain import why_empty
from heroes_desktop.cli.output import Column, add_format_options, emit_rows, output_format, positive_int, record_id
from heroes_desktop.cli.session import open_case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.hashsets.categories import CATEGORIES, normalise_category

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case


def _faces(faces: list[dict[str, Any]], row: Any) -> str:
    return ", ".join(f"{face.get('gender') or '?'} ~{face.get('age') or 0:.0f}y P(<18) {face.get('p_minor') or 0:.2f}"
                     for face in faces) or "no faces"


def _joined(values: list[str], row: Any) -> str:
    return "; ".join(values) or "-"


COLUMNS = (
    Column("triage_score", "SCORE"), Column("suggested_category", "SUGGESTED"), Column("file_id", "FILE", "int"),
    Column("kind", "KIND"), Column("faces", "FACES", render=_faces, width=40),
    Column("detections", "DETECTIONS", render=lambda found, row: str(len(found)), width=10),
    Column("path", "PATH", width=60), Column("reasons", "REASONS", render=_joined),
)
FRAME_COLUMNS = (
    Column("frame_index", "FRAME", "int"), Column("seconds", "SECONDS"), Column("triage_score", "SCORE"),
    Column("suggested_category", "SUGGESTED"), Column("faces", "FACES", render=_faces, width=40),
    Column("reasons", "REASONS", render=_joined),
)


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 0..1 (triage scores run from 0 to 1)")
    return value


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser(
        "media", parents=[common], help="image and video analysis results, most urgent first",
        epilog="examples:\n  heroes media op.heroes --min-score 0.5\n  heroes media op.heroes --kind video --csv"
               "\n  heroes media op.heroes --frames 4321     # a video's analysed key frames")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--min-score", type=_score, default=0.0, metavar="S",
                       help="only items with at least this triage score (0 to 1)")
    shown.add_argument("--category", help="only items with this suggested category (CAT-0 ... CAT-5)")
    shown.add_argument("--kind", choices=("image", "video"))
    shown.add_argument("--limit", type=positive_int, metavar="N")
    shown.add_argument("--frames", type=record_id, metavar="FILE_ID", help="a video's analysed key frames")
    add_format_options(shown)
    shown.set_defaults(handler=media_command)


def _media_kind(case: Case, file_id: int) -> str | None:
    from sqlalchemy import select

    from heroes_desktop.case.schema import media

    with case.reading() as connection:
        return connection.execute(select(media.c.kind).where(media.c.file_id == file_id)).scalar()


def _check_filters(args: argparse.Namespace) -> None:
    if args.category is not None:
        try:
            args.category = normalise_category(args.category)
        except ValueError:
            raise UsageError(f"unknown category {args.category!r}: expected one of {', '.join(CATEGORIES)}") from None
    if args.frames is not None:
        ignored = [option for option, given in (("--min-score", args.min_score), ("--category", args.category),
                                                ("--kind", args.kind), ("--limit", args.limit)) if given]
        if ignored:
            raise UsageError(f"{', '.join(ignored)} do(es) not apply to --frames, which lists one video's frames")


def media_command(args: argparse.Namespace) -> int:
    from heroes_desktop.acpic.listing import iter_media, video_frames

    fmt = output_format(args)
    _check_filters(args)
    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.frames is not None:
            kind = _media_kind(case, args.frames)
            if kind is None:
                raise UsageError(f"file {args.frames} has no media analysis (not an image or video, or the media "
                                 "and video stages have not run)")
            if kind != "video":
                raise UsageError(f"file {args.frames} is a picture ({kind}), not a video: --frames lists a video's "
                                 "key frames; `heroes media CASE` shows the picture's results")
            records = video_frames(case, args.frames)
            emit_rows(records, FRAME_COLUMNS, fmt,
                      empty=f"no key frames found for video {args.frames}: the video stage has not analysed it")
            return 0
        records = list(iter_media(case, min_score=args.min_score, category=args.category, kind=args.kind,
                                  limit=args.limit))
        why = None
        if not records:
            filtered = args.min_score or args.category or args.kind
            why = why_empty(case, "images or videos", "the media and video stages of `heroes ingest` fill this list"
                            + ("; or no item passes the filters given" if filtered else ""))
    emit_rows(records, COLUMNS, fmt, empty=why)
    return 0
