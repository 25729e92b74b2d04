"""An item's status from what its stages did: ``ok``, ``partial`` or ``failed``, with every reason named.

An examiner reads ``status`` to know whether an item was fully examined. A stage that failed on an item therefore
makes it ``partial`` (and ``failed`` when every stage that applied to it failed); a stage that read only part of
it (``StageOutput.incomplete``, kept as the stage status ``partial``) makes it ``partial`` too. A stage that found
the item not its kind (``skipped``: ``NotApplicable``) or never took it (too large for its ``max_bytes``: no row at
all) is not a failure. The decision is made over all of an item's stage runs, those of earlier ingests included,
so that an ingest adding a stage or resuming never forgets an earlier failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

STAGE_OK, STAGE_PARTIAL, STAGE_FAILED, STAGE_SKIPPED = "ok", "partial", "failed", "skipped"
MAX_ERROR_CHARS = 1000
CONTENT_INCOMPLETE = "content incomplete: "


class ItemStatus(NamedTuple):
    status: str  # ok, partial, failed
    error: str | None


def decide_status(stage_runs: Mapping[str, tuple[str, str | None]], content_error: str | None = None,
                  content_failed: bool = False) -> ItemStatus:
    """The item's status from its stage runs (stage -> (status, error), in the order they ran).

    ``content_error`` says why the item's bytes could be read only in part; with ``content_failed`` nothing of
    this run's work could be done (its content unreadable, or its worker crashed), which counts as one failure."""
    problems = [content_error] if content_error else []
    worked = failed = 0
    for stage, (status, error) in stage_runs.items():
        if status == STAGE_SKIPPED:
            continue
        if status == STAGE_FAILED:
            failed += 1
            problems.append(f"{stage}: {_short(error, content_error) or 'failed'}")
        else:
            worked += 1
            if status == STAGE_PARTIAL:
                problems.append(f"{stage}: {error or 'read only in part'}")
    failed += bool(content_failed)
    if failed and not worked:
        status = "failed"
    elif failed or problems:
        status = "partial"
    else:
        status = "ok"
    error = "; ".join(dict.fromkeys(problems))
    return ItemStatus(status, _cut(error) if error else None)


def _short(error: str | None, content_error: str | None) -> str | None:
    """A stage's error, without repeating the content error already named first."""
    if error and content_error and error == CONTENT_INCOMPLETE + content_error:
        return CONTENT_INCOMPLETE.rstrip(": ")
    return error


def _cut(text: str) -> str:
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"
