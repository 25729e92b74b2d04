"""Open containers found in evidence (zip, tar, gzip, bzip2, xz, 7z) with well-kept libraries, under guards.

Guards against bombs and loops: a nesting depth limit, a budget of expanded bytes per container (a ratio of its own
size, capped), and the set of containers already open on the current nesting chain (by SHA-256). An encrypted
archive or member is recorded as such; a broken one is an error of that container, never of the run.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.evidence.raw_names import RAW_NAME_FLAG, is_undecodable, printable_name, raw_name_flag

CONTAINER_MIMES = {
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "application/java-archive": "zip",
    "application/x-tar": "tar",
    "application/gzip": "gzip",
    "application/x-gzip": "gzip",
    "application/x-bzip2": "bzip2",
    "application/x-xz": "xz",
    "application/x-7z-compressed": "7z",
}
_ARCHIVE_KINDS = frozenset(CONTAINER_MIMES.values())


@dataclass(frozen=True)
class ContainerLimits:
    max_depth: int = 8
    max_ratio: float = 100.0  # expanded bytes per byte of container
    max_total_bytes: int = 2 * 2**30  # per container
    max_member_bytes: int = 512 * 2**20  # a member is held in memory to be processed
    max_members: int = 100_000


class ContainerBomb(Exception):
    """The container expands past its budget."""


class BrokenContainer(Exception):
    """The container broke part-way: the members before the break are kept, the others carry the reason."""


@dataclass
class Member:
    name: str  # path inside the container, "/"-separated, no leading "/"
    size: int
    data: bytes | None  # None for directories, encrypted or failed members
    is_dir: bool = False
    encrypted: bool = False
    error: str | None = None
    mtime: float | None = None
    raw_name: str | None = None  # the name's raw bytes (hex) when they are not UTF-8 (a tar keeps any bytes)

    def __post_init__(self) -> None:
        if is_undecodable(self.name):  # valid text for the case file, the raw bytes kept beside it
            self.name, self.raw_name = printable_name(self.name), raw_name_flag(self.name).removeprefix(RAW_NAME_FLAG)


@dataclass
class Budget:
    limit: int
    used: int = 0
    members: int = 0
    max_members: int = 100_000

    def take(self, size: int) -> None:
        self.used += size
        self.members += 1
        if self.used > self.limit:
            raise ContainerBomb(f"expands past its budget of {self.limit} bytes (decompression bomb guard)")
        if self.members > self.max_members:
            raise ContainerBomb(f"holds more than {self.max_members} members")


@dataclass
class Expansion:
    kind: str
    members: list[Member] = field(default_factory=list)
    encrypted: bool = False
    error: str | None = None


def container_kind(mime: str | None, name: str) -> str | None:
    kind = CONTAINER_MIMES.get(mime or "")
    if kind is None and name.lower().endswith((".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz")):
        kind = "tar" if (mime or "").startswith("application/") else None
    return kind


def expand(data: bytes, kind: str, name: str, limits: ContainerLimits) -> Expansion:
    """The members of a container, each read in full (bounded by the budget)."""
    budget = Budget(int(min(limits.max_total_bytes, max(len(data), 1) * limits.max_ratio)),
                    max_members=limits.max_members)
    expansion = Expansion(kind)
    try:
        for member in _members(data, kind, name, budget, limits):
            expansion.members.append(member)
            expansion.encrypted = expansion.encrypted or member.encrypted
    except (ContainerBomb, BrokenContainer) as error:
        expansion.error = str(error)
    except EncryptedArchive:
        expansion.encrypted = True
        expansion.error = ("encrypted archive: members cannot be read without the password" if kind in _ARCHIVE_KINDS
                           else f"encrypted {kind}: its embedded files cannot be read without the password")
    except _embedded_error() as error:
        expansion.error = str(error)[:500]
    except Exception as error:  # noqa: BLE001 - any parser failure is this container's error
        expansion.error = f"cannot open {kind} container: {type(error).__name__}: {error}"[:500]
    return expansion


class EncryptedArchive(Exception):
    pass


def _members(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    """The reader of an archive kind, or of a document or e-mail kind (``evidence.embedded``)."""
    archive_reader = {"zip": _zip, "tar": _tar, "gzip": _single, "bzip2": _single, "xz": _single,
                      "7z": _seven_zip}.get(kind)
    if archive_reader is not None:
        return archive_reader(data, kind, name, budget, limits)
    from heroes_desktop.evidence.embedded import read_embedded

    return read_embedded(data, kind, name, budget, limits)


def _embedded_error() -> type[Exception]:
    from heroes_desktop.evidence.embedded import EmbeddedError

    return EmbeddedError


def _read_capped(stream: io.BufferedIOBase | io.RawIOBase, budget: Budget, limits: ContainerLimits) -> bytes:
    cap = min(limits.max_member_bytes, budget.limit - budget.used)
    data = stream.read(cap + 1)
    if len(data) > cap:
        budget.take(len(data))  # raises when the container budget is exceeded
        raise ContainerBomb(f"a member is larger than {limits.max_member_bytes} bytes held in memory")
    budget.take(len(data))
    return data


def _zip(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    return zip_members(data, budget, limits)


def zip_members(data: bytes, budget: Budget, limits: ContainerLimits,
                wanted: Callable[[str], bool] | None = None) -> Iterator[Member]:
    """A zip's members (those ``wanted``, when given: an Office document's media)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            member_name = info.filename.strip("/")
            if not member_name or (wanted is not None and not wanted(member_name)):
                continue
            if info.is_dir():
                yield Member(member_name, 0, None, is_dir=True)
                continue
            if info.flag_bits & 0x1:
                yield Member(member_name, info.file_size, None, encrypted=True, error="encrypted member")
                continue
            if info.file_size > budget.limit - budget.used:
                raise ContainerBomb(f"member {member_name} declares {info.file_size} bytes, past the budget")
            try:
                with archive.open(info) as stream:
                    content = _read_capped(stream, budget, limits)
            except ContainerBomb:
                raise
            except Exception as error:  # noqa: BLE001 - a broken member, the others may be fine
                yield Member(member_name, info.file_size, None, error=f"{type(error).__name__}: {error}"[:300])
                continue
            yield Member(member_name, len(content), content)


def _tar(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for info in archive:
            member_name = info.name.strip("/").removeprefix("./")
            if not member_name:
                continue
            if info.isdir():
                yield Member(member_name, 0, None, is_dir=True, mtime=info.mtime)
                continue
            if not info.isfile():
                continue
            stream = archive.extractfile(info)
            if stream is None:
                continue
            yield Member(member_name, info.size, _read_capped(stream, budget, limits), mtime=info.mtime)


_SINGLE_OPENERS = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}
_SUFFIXES = {"gzip": (".gz", ".tgz"), "bzip2": (".bz2", ".tbz2"), "xz": (".xz", ".txz")}


def _single(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    """A compressed stream: one member, named after the file without its suffix (``.tgz`` gives ``.tar``)."""
    inner = name
    for suffix in _SUFFIXES[kind]:
        if name.lower().endswith(suffix):
            inner = name[: -len(suffix)] + (".tar" if suffix.startswith(".t") and len(suffix) > 3 else "")
            break
    else:
        inner = name + ".out"
    with _SINGLE_OPENERS[kind](io.BytesIO(data)) as stream:
        content = _read_capped(stream, budget, limits)
    yield Member(inner.rsplit("/", 1)[-1] or "content", len(content), content)


def _seven_zip(data: bytes, kind: str, name: str, budget: Budget, limits: ContainerLimits) -> Iterator[Member]:
    """A 7z's members in archive order, each with its own bytes (members sharing a name included).

    py7zr is given one writer per member; each member is matched to its writer by the member's id, never by name
    (py7zr renames a repeated name, and normalises "./a" or "/a"). A member whose data never arrived, or arrived
    cut short, is a member with an error, not an empty file. Only the first ``max_members`` members are expanded.
    """
    import py7zr

    with py7zr.SevenZipFile(io.BytesIO(data), mode="r") as archive:
        if archive.needs_password():
            raise EncryptedArchive()
        entries = list(archive.files)
        kept, over = _within_member_limit(entries, limits.max_members)
        declared = sum(entry.uncompressed or 0 for entry in kept if not entry.is_directory)
        if declared > budget.limit:
            raise ContainerBomb(f"declares {declared} bytes, past its budget of {budget.limit}")
        factory = _CappedFactory(budget, limits)
        failure: str | None = None
        try:
            if over:
                archive.extract(targets=sorted({entry.filename for entry in kept if not entry.is_directory}),
                                factory=factory)
            else:
                archive.extractall(factory=factory)
        except ContainerBomb:
            raise
        except Exception as error:  # noqa: BLE001 - the members read before the failure are kept
            failure = f"{type(error).__name__}: {error}"[:300]
        writers = _writers_by_id(archive)
    for entry in kept:
        member_name = entry.filename.strip("/")
        if entry.is_directory:
            yield Member(member_name, 0, None, is_dir=True)
            continue
        budget.members += 1
        buffer = writers.get(entry.id)
        if buffer is not None and buffer.complete:
            content = buffer.getvalue()
            yield Member(member_name, len(content), content)
        else:
            reason = "its data is cut short" if buffer is not None else "its data was never read"
            yield Member(member_name, entry.uncompressed or 0, None,
                         error=f"7z member not extracted: {reason}" + (f" ({failure})" if failure else ""))
    if over:
        raise ContainerBomb(f"holds more than {limits.max_members} members")
    if failure:
        raise BrokenContainer(f"7z container partly unreadable: {failure}")


def _within_member_limit(entries: list[Any], max_members: int) -> tuple[list[Any], bool]:
    """The entries up to the ``max_members``-th file (directories are not counted), and whether any were left."""
    files = 0
    for index, entry in enumerate(entries):
        if not entry.is_directory:
            files += 1
            if files > max_members:
                return entries[:index], True
    return entries, False


def _writers_by_id(archive: Any) -> dict[int, _CappedBuffer]:
    """Each member id's writer, from the worker's table of the in-memory targets py7zr opened for the members
    (py7zr 1.x: ``worker.target_filepath`` maps a member id to its ``MemIO``, which holds the factory's product)."""
    table = getattr(getattr(archive, "worker", None), "target_filepath", None)
    if not isinstance(table, dict):
        raise RuntimeError("this py7zr does not expose its members' writers: 7z members cannot be matched")
    writers: dict[int, _CappedBuffer] = {}
    for member_id, target in table.items():
        product = getattr(target, "_buf", None)
        if isinstance(product, _CappedBuffer):
            writers[member_id] = product
    return writers


class _CappedFactory:
    """py7zr's writer factory keeping members in memory, within the budget: one new buffer per member."""

    def __init__(self, budget: Budget, limits: ContainerLimits) -> None:
        self.budget, self.limits = budget, limits

    def create(self, filename: str) -> _CappedBuffer:
        return _CappedBuffer(self)


class _CappedBuffer:
    """A member being written by py7zr, refused once it would break the budget; ``complete`` once py7zr closed it
    (it does so only after the member's CRC matched)."""

    def __init__(self, factory: _CappedFactory) -> None:
        self._factory, self._buffer = factory, io.BytesIO()
        self.complete = False

    def write(self, data: bytes) -> int:
        budget = self._factory.budget
        if self._buffer.tell() + len(data) > self._factory.limits.max_member_bytes:
            raise ContainerBomb("a 7z member is larger than the in-memory limit")
        budget.used += len(data)
        if budget.used > budget.limit:
            raise ContainerBomb(f"expands past its budget of {budget.limit} bytes (decompression bomb guard)")
        return self._buffer.write(data)

    def read(self, size: int | None = None) -> bytes:
        return self._buffer.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._buffer.seek(offset, whence)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.complete = True

    def size(self) -> int:
        return len(self._buffer.getbuffer())

    def getvalue(self) -> bytes:
        return self._buffer.getvalue()
