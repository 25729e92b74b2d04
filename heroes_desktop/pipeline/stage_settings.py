"""Stage settings of an ingest checked before the run against what is installed, and stages to run again.

A setting a stage cannot work with (an OCR language Tesseract does not have) is a usage error before any work, not
an item that says ``ok`` with nothing read. ``--rerun`` names item stages whose results are replaced: they are
cleared from every item's ``stages_done`` in the transaction of ``ingest.started``, so an interrupted re-run is
resumed by the next ingest like any other pending work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, func, update

from heroes_desktop.case.schema import files
from heroes_desktop.core.errors import UsageError


def _check_ocr(settings: dict[str, Any]) -> str | None:
    from heroes_desktop.stages.ocr import check_settings

    return check_settings(settings)


SETTING_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {"ocr": _check_ocr}


def validate_stage_settings(stage_names: Iterable[str], settings: dict[str, Any]) -> None:
    """Raise :class:`UsageError` naming each setting of the stages to run that cannot work here."""
    problems = [problem for name in stage_names if name in SETTING_CHECKS
                if (problem := SETTING_CHECKS[name](settings))]
    if problems:
        raise UsageError("; ".join(problems))


def clear_stages(connection: Connection, names: Iterable[str]) -> dict[str, int]:
    """Take the named stages out of every item's ``stages_done`` (so that they run again); items per stage.

    Container members carry no ``stages_done``: they run again with their container."""
    cleared = {}
    for name in names:
        marker = f",{name},"
        result = connection.execute(update(files).where(files.c.parent_id.is_(None),
                                                        func.instr(files.c.stages_done, marker) > 0)
                                    .values(stages_done=func.replace(files.c.stages_done, marker, ",")))
        cleared[name] = int(result.rowcount or 0)
    return cleared
