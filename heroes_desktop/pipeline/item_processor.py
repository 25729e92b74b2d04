"""Worker side: read one item's content once, feed every applicable stage, open it if it is a container (an
archive, or a document or e-mail whose attachments and pictures become its members: ``evidence.embedded``).

Members of a container are processed here too, recursively, because their bytes exist only in this worker; they
come back as part of their container's result and are committed with it.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.evidence.containers import ContainerLimits, Member, container_kind, expand
from heroes_desktop.evidence.content import ContentReadError, ContentRef, iter_content
from heroes_desktop.evidence.embedded import EMBEDDED_KINDS, embedded_kind
from heroes_desktop.evidence.entries import Entry, iso_utc
from heroes_desktop.pipeline.companion_files import COMPANION_SUFFIXES
from heroes_desktop.pipeline.item_status import STAGE_PARTIAL, decide_status
from heroes_desktop.pipeline.registry import default_registry
from heroes_desktop.pipeline.stage import (HEAD_BYTES, Companion, CompanionReadError, ItemInfo, NotApplicable, Stage,
                                           TimedRun)

MEMBER_CHUNK = 1024 * 1024
MAX_COMPANION_BYTES = 256 * 2**20


@dataclass(frozen=True)
class ItemJob:
    file_id: int
    ref: ContentRef
    name: str
    kind: str
    stages: tuple[str, ...]
    container_limits: ContainerLimits = ContainerLimits()
    mime: str | None = None  # known from an earlier run, when filetype is not asked for again
    settings: dict[str, Any] = field(default_factory=dict)  # stage settings of the run
    companions: tuple[tuple[str, ContentRef], ...] = ()  # (suffix, content): an SQLite -wal or -journal beside it


@dataclass
class ItemResult:
    """What one item (or container member) yielded. ``entry`` is set for members only.

    ``status`` and ``error`` are decided from the stages' outcomes (:func:`decide_status`); ``content_error`` says
    why the item's bytes could be read only in part, ``content_failed`` that none of this run's work could be done
    (nothing readable, or its worker crashed): the commit decides again with the item's earlier stage runs."""

    status: str = "ok"  # ok, partial, failed
    error: str | None = None
    content_error: str | None = None
    content_failed: bool = False
    columns: dict[str, Any] = field(default_factory=dict)
    stage_status: dict[str, tuple[str, str | None, float]] = field(default_factory=dict)
    stage_data: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (stage, message)
    members: list[ItemResult] = field(default_factory=list)
    entry: dict[str, Any] | None = None
    file_id: int | None = None
    bytes_read: int = 0


@functools.cache
def _stages(names: tuple[str, ...]) -> list[Stage]:
    """Stage instances, built once per worker process."""
    return default_registry().select(names)


def process_item(job: ItemJob) -> ItemResult:
    """The task the workers run for each item (top-level, so it pickles by reference)."""
    stages = _stages(job.stages)
    info = ItemInfo(name=job.name, path=job.ref.path, size=job.ref.size, kind=job.kind, mime=job.mime,
                    settings=job.settings,
                    companions={suffix: Companion(ref.size, functools.partial(_read_companion, ref, suffix))
                                for suffix, ref in job.companions})
    result = _process(info, iter_content(job.ref), stages, job.container_limits, chain=())
    result.file_id = job.file_id
    return result


def _read_companion(ref: ContentRef, suffix: str) -> bytes:
    """A companion's bytes, read when a stage asks for them."""
    if ref.size > MAX_COMPANION_BYTES:
        raise CompanionReadError(f"its {suffix} file is {ref.size:,} bytes, more than the {MAX_COMPANION_BYTES:,} "
                                 "bytes read beside an item")
    try:
        return b"".join(iter_content(ref))
    except ContentReadError as error:
        raise CompanionReadError(f"its {suffix} file cannot be read: {error}") from None


def _member_companions(members: list[Member], member: Member) -> dict[str, Companion]:
    """The members of the same container stored beside ``member`` under its name and a companion suffix."""
    found: dict[str, Companion] = {}
    for other in members:
        suffix = other.name[len(member.name):] if other.name.startswith(member.name) else ""
        if suffix in COMPANION_SUFFIXES and other.data is not None and not other.is_dir:
            found[suffix] = Companion(len(other.data), functools.partial(bytes, other.data))
    return found


def process_items(jobs: list[ItemJob]) -> list[ItemResult]:
    """A batch of small items in one task: one round trip instead of one per item."""
    return [process_item(job) for job in jobs]


def _process(info: ItemInfo, chunks: Iterator[bytes], stages: list[Stage], limits: ContainerLimits,
             chain: tuple[str, ...]) -> ItemResult:
    result = ItemResult()
    buffered, buffered_size = [], 0
    try:
        while buffered_size < HEAD_BYTES:
            chunk = next(chunks, None)
            if chunk is None:
                break
            buffered.append(chunk)
            buffered_size += len(chunk)
    except ContentReadError as error:
        if not buffered:
            result.status, result.error = "failed", str(error)
            result.content_error, result.content_failed = str(error), True
            return result
        result.status, result.error, chunks = "partial", str(error), iter(())
        result.content_error = str(error)
    runs = _open_runs([stage for stage in stages if stage.needs == "head"], info, result)
    for run in runs:
        run.feed(b"".join(buffered)[:HEAD_BYTES])
    _finish(runs, result)
    info.mime = result.columns.get("mime", info.mime)

    kind = _container_kind(info, b"".join(buffered)[:HEAD_BYTES]) if info.depth < limits.max_depth else None
    keep = kind is not None and info.size <= limits.max_member_bytes
    runs = _open_runs([stage for stage in stages if stage.needs != "head"], info, result)
    kept: list[bytes] = []
    try:
        for chunk in itertools.chain(buffered, chunks):
            result.bytes_read += len(chunk)
            for run in runs:
                _feed(run, chunk, result)
            if keep:
                kept.append(chunk)
    except ContentReadError as error:
        result.status, result.error = "partial", str(error)
        result.content_error = str(error)
    if result.status == "partial":
        for run in runs:  # a digest of part of the content would mislead: record why there is none
            result.stage_status[run.stage.name] = ("failed", f"content incomplete: {result.error}", run.seconds)
    _finish([run for run in runs if run.stage.name not in result.stage_status], result)

    if kind is not None and result.status == "ok":
        if not keep:
            result.warnings.append(("containers", f"container of {info.size} bytes is larger than the "
                                                  f"{limits.max_member_bytes}-byte limit for opening; not opened"))
        else:
            _open_container(b"".join(kept), kind, info, stages, limits, chain, result)
    decided = decide_status({stage: (status, error) for stage, (status, error, _) in result.stage_status.items()},
                            result.content_error, result.content_failed)
    result.status, result.error = decided.status, decided.error
    return result


def _container_kind(info: ItemInfo, head: bytes) -> str | None:
    """An archive's kind, or a document's or e-mail's whose embedded files become members."""
    return container_kind(info.mime, info.name) or embedded_kind(info.mime, info.name, head)


def _open_runs(stages: Iterable[Stage], info: ItemInfo, result: ItemResult) -> list[TimedRun]:
    runs = []
    for stage in stages:
        if not stage.accepts(info):
            continue
        try:
            runs.append(stage.open(info))
        except NotApplicable:
            continue
        except Exception as error:  # noqa: BLE001 - a stage failing on one item
            result.stage_status[stage.name] = ("failed", f"{type(error).__name__}: {error}"[:500], 0.0)
    return runs


def _feed(run: TimedRun, chunk: bytes, result: ItemResult) -> None:
    if run.stage.name in result.stage_status:
        return
    try:
        run.feed(chunk)
    except NotApplicable:
        result.stage_status[run.stage.name] = ("skipped", None, run.seconds)
    except Exception as error:  # noqa: BLE001
        result.stage_status[run.stage.name] = ("failed", f"{type(error).__name__}: {error}"[:500], run.seconds)


def _finish(runs: list[TimedRun], result: ItemResult) -> None:
    for run in runs:
        if run.stage.name in result.stage_status:
            continue
        try:
            output = run.finish()
        except NotApplicable:
            result.stage_status[run.stage.name] = ("skipped", None, run.seconds)
            continue
        except Exception as error:  # noqa: BLE001
            result.stage_status[run.stage.name] = ("failed", f"{type(error).__name__}: {error}"[:500], run.seconds)
            continue
        result.columns.update(output.columns)
        if output.incomplete:
            result.warnings.append((run.stage.name, output.incomplete))
            if result.status == "ok":
                result.status, result.error = "partial", f"{run.stage.name}: {output.incomplete}"[:500]
        if output.data:
            result.stage_data[run.stage.name] = output.data
        result.warnings.extend((run.stage.name, message) for message in output.warnings)
        result.stage_status[run.stage.name] = ((STAGE_PARTIAL, output.incomplete[:500], run.seconds)
                                               if output.incomplete else ("ok", None, run.seconds))


def _with_filetype(stages: list[Stage]) -> list[Stage]:
    """The stages for a container's members: a member's type is known only by looking (it has no row from an
    earlier run to carry it), and the stages that read pictures need it."""
    if any(stage.name == "filetype" for stage in stages):
        return stages
    return [*_stages(("filetype",)), *stages]


def _open_container(data: bytes, kind: str, info: ItemInfo, stages: list[Stage], limits: ContainerLimits,
                    chain: tuple[str, ...], result: ItemResult) -> None:
    digest = hashlib.sha256(data).hexdigest()
    if digest in chain:
        result.warnings.append(("containers", "container holds itself further down (a loop); not opened again"))
        return
    started = time.perf_counter()
    expansion = expand(data, kind, info.name, limits)
    embedded = kind in EMBEDDED_KINDS
    if not embedded or expansion.members:  # a document without pictures is not shown as a container
        result.columns["container"] = kind
    if expansion.encrypted:
        result.columns["encrypted"] = True
    if expansion.error:
        result.warnings.append(("containers", expansion.error))
    member_stages = _with_filetype(stages)
    for ordinal, member in enumerate(expansion.members):
        entry = Entry(path=f"{info.path}/{member.name}", name=member.name.rsplit("/", 1)[-1],
                      kind="dir" if member.is_dir else "member", size=member.size, deleted=False,
                      mtime=iso_utc(member.mtime) if member.mtime else None,
                      flags=f"raw_name={member.raw_name}" if member.raw_name else "")
        if member.is_dir:
            child = ItemResult()
        elif member.data is None:
            child = ItemResult(status="failed", error=member.error or "member not readable",
                               content_error=member.error or "member not readable", content_failed=True)
            if member.encrypted:
                child.columns["encrypted"] = True
        else:
            member_info = ItemInfo(name=entry.name, path=entry.path, size=member.size, kind="member",
                                   depth=info.depth + 1, settings=info.settings,
                                   companions=_member_companions(expansion.members, member))
            pieces = (member.data[i:i + MEMBER_CHUNK] for i in range(0, max(len(member.data), 1), MEMBER_CHUNK))
            child = _process(member_info, pieces, member_stages, limits, (*chain, digest))
        child.entry = {**entry.as_row(), "ordinal": ordinal}
        result.members.append(child)
    result.stage_status.setdefault("containers", ("ok" if not expansion.error else "failed", expansion.error,
                                                  time.perf_counter() - started))
