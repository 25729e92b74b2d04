"""What a stage is: a small class with declared metadata, fed an item's bytes once, in order.

The engine reads each item's content once and feeds every applicable stage the same chunks. Head stages (``needs =
"head"``) see only the first bytes and run first, so that later stages can choose by MIME type. A stage that raises
fails for that item only; :class:`NotApplicable` means "not my kind of item" and is not an error.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

HEAD_BYTES = 64 * 1024
CONTENT_KINDS = frozenset({"file", "virtual", "stream", "member"})


@dataclass(frozen=True)
class StageLimits:
    """A stage's budget per item: the largest item it takes, and a time and memory allowance."""

    max_bytes: int | None = None
    seconds: float = 60.0
    memory_mb: int = 1024


class CompanionReadError(ValueError):
    """A companion file's bytes could not be read (its evidence is damaged, or it is larger than allowed)."""


@dataclass(frozen=True)
class Companion:
    """A file stored beside the item that belongs to it (an SQLite database's ``-wal`` or ``-journal``): its
    size, and a reader of its bytes that only a stage needing them calls (it raises :class:`CompanionReadError`)."""

    size: int
    read: Callable[[], bytes]


@dataclass
class ItemInfo:
    """What a stage may know about an item before reading it (``mime`` once a head stage set it)."""

    name: str
    path: str
    size: int
    kind: str
    mime: str | None = None
    depth: int = 0
    settings: dict[str, Any] = field(default_factory=dict)  # stage settings of the run (e.g. OCR languages)
    companions: dict[str, Companion] = field(default_factory=dict)  # by suffix: "-wal", "-journal"


@dataclass
class StageOutput:
    """Columns for the item's row, extra data for the stage's own record, and recoverable warnings.

    ``incomplete`` says why the stage could read only part of what the item holds (a damaged ``-wal``, a database
    cut short): the item is then marked partial with that reason, and the stage's output is still kept."""

    columns: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    incomplete: str | None = None


class NotApplicable(Exception):
    """The item is not for this stage after all (e.g. not the format its extension claims)."""


class StageRun(ABC):
    """One stage working on one item."""

    @abstractmethod
    def feed(self, chunk: bytes) -> None: ...

    @abstractmethod
    def finish(self) -> StageOutput: ...


class WholeContentRun(StageRun):
    """A run for stages that need the whole item at once (decoders, parsers): it collects the chunks and hands
    the bytes to ``complete`` (the stage's ``limits.max_bytes`` bounds what it may hold)."""

    def __init__(self, item: ItemInfo) -> None:
        self.item, self._buffer = item, bytearray()

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk

    def finish(self) -> StageOutput:
        return self.complete(bytes(self._buffer))

    @abstractmethod
    def complete(self, data: bytes) -> StageOutput: ...


class Stage(ABC):
    """Base of every stage. Subclasses declare their metadata and implement ``_open``."""

    name: ClassVar[str]
    kinds: ClassVar[frozenset[str]] = CONTENT_KINDS
    needs: ClassVar[str] = "stream"  # "head": first HEAD_BYTES only; "stream": every byte
    writes: ClassVar[tuple[str, ...]] = ()
    limits: ClassVar[StageLimits] = StageLimits()

    def accepts(self, item: ItemInfo) -> bool:
        if item.kind not in self.kinds:
            return False
        if self.limits.max_bytes is not None and item.size > self.limits.max_bytes:
            return False
        return self._accepts(item)

    def _accepts(self, item: ItemInfo) -> bool:
        return True

    def unavailable(self) -> str | None:
        """Why this stage cannot run on this machine (a model missing or altered), or None when it can."""
        return None

    def models(self) -> dict[str, str]:
        """The models this stage runs, id -> SHA-256, recorded in the ingest's custody events."""
        return {}

    def store(self, connection: Any, file_id: int, data: dict[str, Any], run_id: int) -> None:
        """Main-process hook: write ``data`` into the stage's own tables (the default keeps it in stage_runs)."""

    @property
    def stores_its_data(self) -> bool:
        return type(self).store is not Stage.store

    def open(self, item: ItemInfo) -> TimedRun:
        """Template method: the engine always gets a run that times itself and enforces the stage's contract."""
        return TimedRun(self, self._open(item))

    @abstractmethod
    def _open(self, item: ItemInfo) -> StageRun: ...


class TimedRun:
    """Wraps a stage's run: accumulates its CPU time and checks it only writes what it declared."""

    def __init__(self, stage: Stage, run: StageRun) -> None:
        self.stage, self._run, self.seconds = stage, run, 0.0

    def feed(self, chunk: bytes) -> None:
        started = time.perf_counter()
        self._run.feed(chunk)
        self.seconds += time.perf_counter() - started

    def finish(self) -> StageOutput:
        started = time.perf_counter()
        output = self._run.finish()
        self.seconds += time.perf_counter() - started
        undeclared = set(output.columns) - set(self.stage.writes)
        if undeclared:
            raise RuntimeError(f"stage {self.stage.name} wrote undeclared columns {sorted(undeclared)}")
        return output
