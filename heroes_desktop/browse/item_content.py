"""An item's bytes for the viewers, read through the evidence layer in a worker process, and PDF pages rendered
there too: native code (The Sleuth Kit, libewf, libfsapfs, MuPDF) never runs in the window's process, so a hostile
image or document can crash a worker, not the window.

Bytes come back in blocks kept in a small in-memory LRU (never a temporary file: the plaintext of evidence stays in
memory). A container member (``/archive.zip/inner/file.txt``) is read by expanding its container again in the
worker, which keeps the last members it expanded.

A portable case carries its items' bytes in the table ``carried_content`` instead of its evidence: those are read
from the case itself, a slice at a time in SQL, and its other items have no bytes to show.
"""

from __future__ import annotations

import atexit
import collections
import os
import threading
from dataclasses import dataclass
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError

BLOCK = 64 * 1024
CACHE_BYTES = 32 * 2**20
READ_SECONDS = 120.0  # a worker task's budget: a read that hangs in native code is killed, the window goes on
WORKER_MEMORY_MB = 2048
MAX_CONTAINER_BYTES = 512 * 2**20  # a member is read by expanding its container in memory: not past this
MAX_PDF_BYTES = 256 * 2**20
MAX_ZOOM = 8.0


@dataclass(frozen=True)
class ContentPlan:
    """How to reach an item's bytes: the content of the top-level entry, then (for a member) each container's
    kind and the member's position in it, outermost first."""

    ref: Any  # evidence.content.ContentRef of the top-level entry
    chain: tuple[tuple[str, int, str], ...]  # (container kind, member ordinal, container name)
    size: int
    carried: bool = False  # the bytes are in the case's carried_content (a portable case), not in evidence


class ItemContentReader:
    """Reads items' bytes at any offset (``read``), through one worker process; thread-safe; ``close`` when done."""

    def __init__(self, case: Case, *, cache_bytes: int = CACHE_BYTES, block: int = BLOCK) -> None:
        self._case = case
        self._block = block
        self._capacity = max(1, cache_bytes // block)
        self._blocks: collections.OrderedDict[tuple[int, int], bytes] = collections.OrderedDict()
        self._plans: dict[int, ContentPlan] = {}
        self._lock = threading.Lock()
        self._pool: Any = None
        self._closed = False

    def size(self, file_id: int) -> int:
        """The item's size in bytes (as its file system or container records it)."""
        return self._plan(file_id).size

    def read(self, file_id: int, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes from ``offset`` (fewer at the end); raises the evidence layer's
        ``ContentReadError`` (as ``TaskFailed``) when the bytes cannot be read."""
        if offset < 0 or length < 0:
            raise UsageError(f"cannot read {length} bytes at offset {offset}")
        plan = self._plan(file_id)
        end = min(plan.size, offset + length)
        if offset >= end:
            return b""
        first, last = offset // self._block, (end - 1) // self._block
        blocks = {}
        missing = []
        with self._lock:
            for number in range(first, last + 1):
                data = self._blocks.get((file_id, number))
                if data is None:
                    missing.append(number)
                else:
                    self._blocks.move_to_end((file_id, number))
                    blocks[number] = data
        if missing:
            start = missing[0] * self._block
            stop = min(plan.size, (missing[-1] + 1) * self._block)
            if plan.carried:
                data = self._read_carried(file_id, start, stop - start)
            else:
                data = self._submit(_read_range, plan, start, stop - start)
            with self._lock:
                for number in range(missing[0], missing[-1] + 1):
                    piece = data[(number - missing[0]) * self._block:(number - missing[0] + 1) * self._block]
                    blocks[number] = piece
                    self._blocks[(file_id, number)] = piece
                    self._blocks.move_to_end((file_id, number))
                while len(self._blocks) > self._capacity:
                    self._blocks.popitem(last=False)
        joined = b"".join(blocks[number] for number in range(first, last + 1))
        skip = offset - first * self._block
        return joined[skip:skip + (end - offset)]

    def close(self) -> None:
        """Stop the worker and drop the cached bytes."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            self._blocks.clear()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ItemContentReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------------------- internals

    def _submit(self, function: Any, *args: Any) -> Any:
        with self._lock:
            if self._closed:
                raise RuntimeError("the content reader is closed")
            if self._pool is None:
                self._pool = _new_pool()
            pool = self._pool
        return pool.submit(function, *args).result()

    def _read_carried(self, file_id: int, offset: int, length: int) -> bytes:
        """A slice of a portable case's carried bytes, read in SQL (nothing native, no worker)."""
        with self._case.reading() as connection:
            data = connection.exec_driver_sql("SELECT substr(data, ?, ?) FROM carried_content WHERE file_id = ?",
                                              (offset + 1, length, file_id)).scalar()
        return bytes(data or b"")

    def _plan(self, file_id: int) -> ContentPlan:
        with self._lock:
            plan = self._plans.get(file_id)
        if plan is None:
            plan = content_plan(self._case, file_id)
            with self._lock:
                self._plans[file_id] = plan
        return plan


def _new_pool() -> Any:
    from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

    return WorkerPool(1, default_limits=TaskLimits(seconds=READ_SECONDS, memory_mb=WORKER_MEMORY_MB))


def content_plan(case: Case, file_id: int) -> ContentPlan:
    """Where a file's bytes are (read in this process from the case; nothing native runs here)."""
    from heroes_desktop.pipeline.ingest import content_ref, volume_secrets_of

    chain: list[tuple[str, int, str]] = []
    with case.reading() as connection:
        row = _row(connection, file_id)
        if row is None:
            raise UsageError(f"no file with id {file_id} in this case")
        size = int(row.size)
        carried = connection.exec_driver_sql(
            "SELECT length(data) FROM carried_content WHERE file_id = ?", (file_id,)).first()
        if carried is not None:
            return ContentPlan(None, (), int(carried[0]), carried=True)
        if row.kind == "dir":
            return ContentPlan(None, (), 0)
        portable_of = connection.exec_driver_sql(
            "SELECT value FROM case_meta WHERE key = 'portable_of'").scalar()
        if portable_of:
            raise UsageError(f"file {file_id}: its content is not carried in this portable case (exported from "
                             f"case {portable_of}), which holds only the chosen items' bytes")
        while row.parent_id is not None:
            parent = _row(connection, int(row.parent_id))
            if parent is None or not parent.container:
                raise UsageError(f"file {file_id}: its container is not in the case")
            chain.insert(0, (parent.container, int(row.ordinal), parent.name))
            row = parent
        secrets = volume_secrets_of(connection)
    if chain and row.size > MAX_CONTAINER_BYTES:
        raise UsageError(f"file {file_id} lies in a container of {row.size} bytes, larger than the "
                         f"{MAX_CONTAINER_BYTES} bytes a viewer expands")
    return ContentPlan(content_ref(row, secrets), tuple(chain), size)


def _row(connection: Any, file_id: int) -> Any:
    return connection.exec_driver_sql(
        "SELECT f.id, f.path, f.name, f.kind, f.size, f.meta_addr, f.attr_type, f.attr_id, f.volume_id, "
        "f.parent_id, f.ordinal, f.container, v.offset, v.length, v.layers, e.format, e.paths "
        "FROM files f JOIN volumes v ON v.id = f.volume_id JOIN evidence e ON e.id = f.evidence_id "
        "WHERE f.id = ?", (file_id,)).first()


# ------------------------------------------------------------------------------------------- worker side

_FILE_SYSTEMS: Any = None  # this worker's opened images and file systems


def _file_systems() -> Any:
    global _FILE_SYSTEMS
    if _FILE_SYSTEMS is None:
        from heroes_desktop.evidence.content import OpenFileSystems

        _FILE_SYSTEMS = OpenFileSystems()
    return _FILE_SYSTEMS


_MEMBERS: collections.OrderedDict[tuple[Any, ...], bytes] = collections.OrderedDict()  # the last members expanded
_MEMBERS_KEPT = 2


def _read_range(plan: ContentPlan, offset: int, length: int) -> bytes:
    """(Worker) ``length`` bytes of the item from ``offset``."""
    if plan.ref is None or length <= 0:
        return b""
    if plan.chain:
        return _member_bytes(plan)[offset:offset + length]
    return _read_entry(plan.ref, offset, length)


def _read_entry(ref: Any, offset: int, length: int) -> bytes:
    """(Worker) Random access where the layer has it (a folder, a TSK file system), else by reading up to it."""
    from heroes_desktop.evidence.apfs_container import ends_in_apfs
    from heroes_desktop.evidence.content import iter_content
    from heroes_desktop.evidence.errors import ContentReadError, first_line
    from heroes_desktop.evidence.readers import open_read_only
    from heroes_desktop.evidence.sources import EvidenceFormat

    length = max(0, min(length, ref.size - offset))
    if ref.source.format is EvidenceFormat.FOLDER:
        path = os.path.join(ref.source.paths[0], ref.path.lstrip("/"))
        try:
            descriptor = open_read_only(path)
        except OSError as error:
            raise ContentReadError(f"cannot open: {error}", 0) from None
        try:
            return os.pread(descriptor, length, offset)
        finally:
            os.close(descriptor)
    if not ends_in_apfs(ref.volume):
        fs = _file_systems().get(ref.source, ref.volume, ref.secrets)
        try:
            handle = fs.open_meta(inode=ref.meta_addr)
            if ref.attr_type is not None:
                return handle.read_random(offset, length, ref.attr_type, ref.attr_id)
            return handle.read_random(offset, length)
        except OSError as error:
            raise ContentReadError(f"read failed at offset {offset}: {first_line(error)}", offset) from None
    pieces, position = [], 0
    for chunk in iter_content(ref):
        if position + len(chunk) > offset:
            pieces.append(chunk[max(0, offset - position):])
        position += len(chunk)
        if position >= offset + length:
            break
    return b"".join(pieces)[:length]


def _member_bytes(plan: ContentPlan) -> bytes:
    """(Worker) A container member's bytes: its top-level container read whole, expanded member by member."""
    from heroes_desktop.evidence.containers import ContainerLimits, expand
    from heroes_desktop.evidence.content import iter_content
    from heroes_desktop.evidence.errors import ContentReadError

    key = (plan.ref, plan.chain)
    if key in _MEMBERS:
        _MEMBERS.move_to_end(key)
        return _MEMBERS[key]
    data = b"".join(iter_content(plan.ref))
    for kind, ordinal, name in plan.chain:
        expansion = expand(data, kind, name, ContainerLimits())
        if ordinal >= len(expansion.members) or expansion.members[ordinal].data is None:
            member = expansion.members[ordinal] if ordinal < len(expansion.members) else None
            why = (member.error if member is not None else None) or expansion.error or "member not readable"
            raise ContentReadError(f"member {ordinal} of {name}: {why}", 0)
        data = expansion.members[ordinal].data or b""
    _MEMBERS[key] = data
    while len(_MEMBERS) > _MEMBERS_KEPT:
        _MEMBERS.popitem(last=False)
    return data


# ------------------------------------------------------------------------------------------------------- PDF

_PDF_POOL: Any = None
_PDF_LOCK = threading.Lock()


def render_pdf_page(data: bytes, page: int, zoom: float = 1.0) -> tuple[bytes, int]:
    """Page ``page`` (0-based) of a PDF as PNG bytes at ``zoom`` (1.0 = 72 dpi), and the document's page count;
    rendered by MuPDF in a worker process. A document MuPDF cannot open, or a page out of range, is a
    :class:`UsageError` (the worker's message, one line)."""
    global _PDF_POOL
    if len(data) > MAX_PDF_BYTES:
        raise UsageError(f"a PDF of {len(data)} bytes is larger than the {MAX_PDF_BYTES} bytes the viewer renders")
    zoom = min(MAX_ZOOM, max(0.05, float(zoom)))
    with _PDF_LOCK:
        if _PDF_POOL is None:
            _PDF_POOL = _new_pool()
            atexit.register(_close_pdf_pool)
        pool = _PDF_POOL
    from heroes_desktop.pipeline.errors import TaskFailed

    try:
        return pool.submit(_render_page, data, int(page), zoom).result()
    except TaskFailed as error:
        message = str(error).splitlines()[0] if str(error) else "the PDF page cannot be rendered"
        raise UsageError(message.removeprefix("UsageError: ")) from None


def _close_pdf_pool() -> None:
    global _PDF_POOL
    with _PDF_LOCK:
        pool, _PDF_POOL = _PDF_POOL, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _render_page(data: bytes, page: int, zoom: float) -> tuple[bytes, int]:
    """(Worker) Render one page with pymupdf."""
    import pymupdf

    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # noqa: BLE001 - any parser failure is this document's
        raise UsageError(f"not a PDF MuPDF can open: {str(error).splitlines()[0] if str(error) else error!r}")
    try:
        if document.needs_pass:
            raise UsageError("the PDF is encrypted: its pages cannot be shown without the password")
        count = document.page_count
        if not 0 <= page < count:
            raise UsageError(f"no page {page + 1}: the PDF has {count} page(s)")
        pixmap = document[page].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return pixmap.tobytes("png"), count
    finally:
        document.close()
