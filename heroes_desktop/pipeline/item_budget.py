"""An item's time and memory budget in its worker, from the limits the stages that may read it declare.

Each stage declares per item a time allowance and the memory its libraries need (``StageLimits``); the pool's
watchdog holds a task to the sum of its items' budgets and the largest memory need among them. An item's budget is
the time to read it at the run's minimum rate plus the largest allowance of the stages it may meet (never less than
the run's ``seconds_base``): a photograph gets OCR's allowance, a film the video stage's, a small text file the
base. The memory of a task is the run's ``memory_mb``, or more where a stage of one of its items declares more (the
video stage's decoders); the stages' declarations are never silently cut to the run's figure."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Sequence
from typing import Any

from heroes_desktop.pipeline.stage import ItemInfo, Stage
from heroes_desktop.pipeline.worker_pool import TaskLimits


def may_read(stage: Stage, row: Any) -> bool:
    """Whether ``stage`` may read the item of ``row``: by kind and size, and by type: the one a head stage found,
    else the one its name suggests; an item with neither may turn out to be anything its kind and size allow. (A
    name that lies gets the budget of what it claims: the watchdog then stops the item, failed with the reason.)"""
    if row.kind not in stage.kinds:
        return False
    if stage.limits.max_bytes is not None and (row.size or 0) > stage.limits.max_bytes:
        return False
    mime = row.mime or mimetypes.guess_type(row.name or "", strict=False)[0]
    if not mime:
        return True
    try:
        return stage.accepts(ItemInfo(name=row.name or "", path=row.path or "", size=row.size or 0, kind=row.kind,
                                      mime=mime))
    except Exception:  # noqa: BLE001 - a stage's own test on odd metadata: budget for it rather than not
        return True


def item_seconds(row: Any, stages: Iterable[Stage], seconds_base: float, min_rate: float) -> float:
    return _seconds(row, [stage for stage in stages if may_read(stage, row)], seconds_base, min_rate)


def item_memory_mb(row: Any, stages: Iterable[Stage], memory_mb: int) -> int:
    return _memory_mb([stage for stage in stages if may_read(stage, row)], memory_mb)


def _seconds(row: Any, readers: list[Stage], seconds_base: float, min_rate: float) -> float:
    return max([seconds_base, *(stage.limits.seconds for stage in readers)]) + (row.size or 0) / min_rate


def _memory_mb(readers: list[Stage], memory_mb: int) -> int:
    return max([memory_mb, *(stage.limits.memory_mb for stage in readers)])


def task_limits(rows: Sequence[Any], stages_of: Any, seconds_base: float, min_rate: float, memory_mb: int,
                extra_bytes: int = 0) -> TaskLimits:
    """The budget of one task over ``rows``; ``stages_of(row)`` gives the stages still to run on each row (each
    row's readers are found once: this runs for every batch the ingest submits)."""
    seconds, memory = extra_bytes / min_rate, memory_mb
    for row in rows:
        readers = [stage for stage in stages_of(row) if may_read(stage, row)]
        seconds += _seconds(row, readers, seconds_base, min_rate)
        memory = max(memory, _memory_mb(readers, memory_mb))
    return TaskLimits(seconds=seconds, memory_mb=memory)


__all__ = ["item_memory_mb", "item_seconds", "may_read", "task_limits"]
