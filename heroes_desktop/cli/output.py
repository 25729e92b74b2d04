"""Output conventions: JSON on stdout with ``--json`` (one object, or JSON Lines for listings);
human-readable text, warnings and progress on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n")


def emit_json_lines(values: Iterable[Any]) -> None:
    for value in values:
        emit_json(value)
    sys.stdout.flush()


def say(text: str = "") -> None:
    """Human-readable output (stderr, so that stdout stays machine-readable)."""
    sys.stderr.write(text + "\n")


def say_table(rows: list[tuple[str, str]]) -> None:
    width = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        say(f"{label.ljust(width)}  {value}")
