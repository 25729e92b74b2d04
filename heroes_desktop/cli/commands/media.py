"""``heroes media``: image and video triage results (faces, detections, context, triage)."""

from __future__ import annotations

import argparse

from heroes_desktop.acpic.listing import iter_media, video_frames
from heroes_desktop.case.case_file import OpenMode
from heroes_desktop.cli.output import emit_json_lines, say
from heroes_desktop.cli.session import open_case


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    shown = subparsers.add_parser("media", parents=[common], help="image and video analysis results, most urgent first")
    shown.add_argument("case", metavar="CASE")
    shown.add_argument("--min-score", type=float, default=0.0, help="only items with at least this triage score")
    shown.add_argument("--category", help="only items with this suggested category (CAT-0 ... CAT-5)")
    shown.add_argument("--kind", choices=("image", "video"))
    shown.add_argument("--limit", type=int)
    shown.add_argument("--frames", type=int, metavar="FILE_ID", help="a video's analysed key frames")
    shown.set_defaults(handler=media_command)


def media_command(args: argparse.Namespace) -> int:
    with open_case(args, OpenMode.READ_ONLY) as case:
        if args.frames is not None:
            records = video_frames(case, args.frames)
        else:
            records = list(iter_media(case, min_score=args.min_score, category=args.category, kind=args.kind,
                                      limit=args.limit))
    if args.json:
        emit_json_lines(records)
        return 0
    for record in records:
        if args.frames is not None:
            say(f"frame {record['frame_index']:>6} {record['seconds']:8.2f}s {record['triage_score']:.2f} "
                f"{record['suggested_category']}  {'; '.join(record['reasons'])}")
            continue
        faces = ", ".join(f"{face['gender']} ~{face['age']:.0f}y P(<18) {face['p_minor']:.2f}"
                          for face in record["faces"]) or "no faces"
        say(f"{record['triage_score']:.2f} {record['suggested_category']}  {record['file_id']:>7}  {record['path']}\n"
            f"      {record['kind']}: {faces}; {len(record['detections'])} detections; "
            f"{'; '.join(record['reasons'])}")
    return 0
