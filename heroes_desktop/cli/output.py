"""Output conventions of the ``heroes`` command (CLI.md).

Results go to stdout: human-readable text by default (listings as aligned columns with a header line), ``--json``
(one object, or JSON Lines for listings), ``--csv`` for listings. Progress, warnings and error messages go to
stderr (:func:`note`). One helper, :func:`emit_rows`, prints every listing in the three formats.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from heroes_desktop.core.errors import UsageError
from heroes_desktop.core.units import readable_size  # noqa: F401 - the CLI and the window print sizes alike

HUMAN, JSON, CSV = "human", "json", "csv"
_WIDTH_SAMPLE = 200  # rows looked at to size the human columns; longer values later simply widen their cell


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def emit_json_lines(values: Iterable[Any]) -> None:
    for value in values:
        emit_json(value)
    sys.stdout.flush()


def say(text: str = "") -> None:
    """A human-readable result (stdout, so that ``| grep``, ``| less`` and ``> file`` work)."""
    sys.stdout.write(text + "\n")


def note(text: str = "") -> None:
    """Progress, warnings and explanations for the person at the terminal (stderr, never mixed into results)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def say_table(rows: list[tuple[str, str]]) -> None:
    """A two-column "label  value" block (``case info``, ``evidence add``)."""
    width = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        say(f"{label.ljust(width)}  {value}")


# --- formats ---------------------------------------------------------------------------------------------------


def add_format_options(parser: argparse.ArgumentParser) -> None:
    """``--csv`` for a listing (``--json`` comes from the common parent parser)."""
    parser.add_argument("--csv", action="store_true", help="comma-separated values with a header line on stdout")


def output_format(args: argparse.Namespace) -> str:
    """``human``, ``json`` or ``csv`` from the parsed options."""
    wants_json, wants_csv = bool(getattr(args, "json", False)), bool(getattr(args, "csv", False))
    if wants_json and wants_csv:
        raise UsageError("give either --json or --csv, not both")
    return JSON if wants_json else CSV if wants_csv else HUMAN




def utc_time(value: str | None) -> str:
    """``2026-03-01T10:20:30.123+00:00`` -> ``2026-03-01 10:20:30`` (the column header says UTC)."""
    if not value:
        return "-"
    text = str(value).replace("T", " ")
    for suffix in ("+00:00", "Z"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.split(".")[0]


@dataclass(frozen=True)
class Column:
    """One column of a listing: the row key, its human header, and how its value reads.

    ``kind``: ``text``, ``int``, ``size`` (bytes, readable units in human output), ``time`` (ISO 8601 UTC, header
    labelled UTC), ``bool`` (``yes``/``no``), ``list`` (comma-separated); ``render`` overrides the human text.
    ``width`` caps the human cell (longer text is cut with ``…``); the last column is never cut.
    """

    key: str
    header: str = ""
    kind: str = "text"
    width: int | None = None
    render: Callable[[Any, Mapping[str, Any]], str] | None = None

    @property
    def title(self) -> str:
        title = self.header or self.key.upper()
        return f"{title} (UTC)" if self.kind == "time" and "UTC" not in title else title

    def human(self, row: Mapping[str, Any]) -> str:
        value = row.get(self.key)
        if self.render is not None:
            return self.render(value, row)
        if value is None or value == "":
            return "-"
        if self.kind == "size":
            return readable_size(value)
        if self.kind == "time":
            return utc_time(value)
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "list":
            return ", ".join(map(str, value)) or "-"
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    def flat(self, row: Mapping[str, Any]) -> str:
        """The CSV cell: exact values (bytes, full timestamps), lists joined by ``;``, JSON for objects."""
        value = row.get(self.key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return ";".join(str(item) if not isinstance(item, (dict, list)) else json.dumps(item, sort_keys=True)
                            for item in value)
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return str(value)

    @property
    def right_aligned(self) -> bool:
        return self.kind in ("int", "size")


ColumnSpec = Column | str | tuple[str, str]


def _column(spec: ColumnSpec) -> Column:
    if isinstance(spec, Column):
        return spec
    if isinstance(spec, tuple):
        return Column(spec[0], spec[1])
    return Column(spec)


def _cut(text: str, width: int | None) -> str:
    text = text.replace("\n", " ")
    if width is None or len(text) <= width:
        return text
    return text[: max(width - 1, 1)] + "…"


def emit_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[ColumnSpec], fmt: str, *,
              empty: str | None = None, json_row: Callable[[Mapping[str, Any]], Any] | None = None) -> int:
    """Print a listing in ``fmt`` (``human``, ``json`` or ``csv``); return the number of rows.

    - human: a header line, then aligned columns (sized on the first rows, so a long listing streams).
    - json: JSON Lines, each row whole (or ``json_row(row)``), not only the columns shown to people.
    - csv: a header of the column keys, then exact values (bytes, ISO 8601 UTC times).

    With no rows, ``empty`` (say why: "no evidence yet: add evidence first") goes to stderr; CSV still
    prints its header so that a script reads an empty table.
    """
    specs = [_column(spec) for spec in columns]
    iterator: Iterator[Mapping[str, Any]] = iter(rows)
    count = 0
    if fmt == JSON:
        for row in iterator:
            emit_json(json_row(row) if json_row else dict(row))
            count += 1
    elif fmt == CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([spec.key for spec in specs])
        for row in iterator:
            writer.writerow([spec.flat(row) for spec in specs])
            count += 1
    else:
        head = list(islice(iterator, _WIDTH_SAMPLE))
        if head:
            widths = [len(spec.title) for spec in specs]
            for row in head:
                for index, spec in enumerate(specs[:-1]):
                    widths[index] = max(widths[index], len(_cut(spec.human(row), spec.width)))
            say(_line([spec.title for spec in specs], specs, widths))
            for row in chain(head, iterator):
                say(_line([_cut(spec.human(row), spec.width if index < len(specs) - 1 else None)
                           for index, spec in enumerate(specs)], specs, widths))
                count += 1
    sys.stdout.flush()
    if count == 0 and empty:
        note(empty)
    return count


def _line(cells: list[str], specs: list[Column], widths: list[int]) -> str:
    parts = []
    for index, (cell, spec) in enumerate(zip(cells, specs)):
        if index == len(specs) - 1:
            parts.append(cell)
        elif spec.right_aligned:
            parts.append(cell.rjust(widths[index]))
        else:
            parts.append(cell.ljust(widths[index]))
    return "  ".join(parts).rstrip()


# --- inputs ----------------------------------------------------------------------------------------------------


def require_input_file(path: str | Path | None, what: str) -> Path | None:
    """A non-evidence input (hash-set file, answer key, checkpoint, dictionary) that must exist: exit 2 otherwise.

    Missing *evidence* is exit 5 (the core's evidence errors); any other path the caller gives that is not there is
    a usage error: the path given does not exist.
    """
    if path is None:
        return None
    from heroes_desktop.core.path_kinds import kind_of, length_problem, shortened

    if problem := length_problem(str(path)):
        raise UsageError(f"{what}: {problem}: {shortened(str(path))}" if str(path) else f"{what}: {problem}")
    given = Path(path)
    kind = kind_of(given)
    if kind == "missing":
        raise UsageError(f"{what} not found: {given} (no such file)")
    if kind == "folder":
        raise UsageError(f"{what} is a folder, not a file: {given}")
    if kind != "file":  # a FIFO would block the read for good, a device is no file
        raise UsageError(f"{what} is {kind}, not a file: {given}")
    return given


def path_argument(text: str) -> Path:
    """argparse type for paths: ``Path("")`` is the current folder, so an empty argument (an unset shell variable)
    would quietly name it; an empty or impossible path is a usage error instead."""
    from heroes_desktop.core.path_kinds import length_problem, shortened

    if problem := length_problem(text):
        raise argparse.ArgumentTypeError(f"{problem}: {shortened(text)}" if text else problem)
    return Path(text)


def positive_int(text: str) -> int:
    """argparse type for counts such as ``--jobs``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    if value > MAX_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(f"{text[:40]}{'…' if len(text) > 40 else ''} is larger than any count "
                                         f"(at most {MAX_WHOLE_NUMBER:,})")
    return value


MAX_WHOLE_NUMBER = 2**63 - 1  # SQLite's largest integer: a larger id or count cannot name anything in a case


def record_id(text: str) -> int:
    """argparse type for a file or evidence id: a whole number from 1 that SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not an id (a whole number, as listed)") from None
    if not 1 <= value <= MAX_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(f"{text[:40]}{'…' if len(text) > 40 else ''} is not an id (ids are "
                                         "whole numbers from 1)")
    return value
