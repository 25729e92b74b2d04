"""The members of a container item: those the case holds (the container stage expanded it: files whose
``parent_id`` is the container), or, when it holds none, the archive's own directory read from its bytes without
extracting anything (zip, 7z, tar, and tar inside gzip, bzip2 or xz, under a budget of bytes decompressed).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from heroes_desktop.case.case_file import Case
from heroes_desktop.evidence.containers import container_kind

MAX_MEMBERS = 100_000
MAX_LISTED_BYTES = 512 * 2**20  # an archive read to list its directory
MAX_DECOMPRESSED_BYTES = 4 * 2**30  # a compressed tar is decompressed (never kept) to walk its headers
ARCHIVE_KINDS = ("zip", "7z", "tar", "gzip", "bzip2", "xz")


class ArchiveListError(ValueError):
    """The archive's directory cannot be read."""


@dataclass(frozen=True)
class ArchiveMember:
    name: str  # the path inside the container, "/"-separated
    size: int | None
    modified: str | None  # UTC, ISO 8601 with Z (zip times carry no zone: read as UTC)
    compressed: int | None  # where the archive records it
    encrypted: bool
    is_dir: bool
    file_id: int | None = None  # the member as an item of the case


@dataclass(frozen=True)
class ArchiveListing:
    kind: str
    source: str  # case: the container stage's members; archive: read from the archive's directory
    members: tuple[ArchiveMember, ...]
    notes: tuple[str, ...] = ()


def archive_kind(mime: str | None, name: str | None) -> str | None:
    """The container kind of an item (as the container stage names it), or None."""
    kind = container_kind(mime, name or "")
    if kind is None and (not mime or mime == "application/octet-stream"):
        lowered = (name or "").lower()
        kind = "zip" if lowered.endswith(".zip") else "7z" if lowered.endswith(".7z") else \
            "tar" if lowered.endswith(".tar") else None
    return kind if kind in ARCHIVE_KINDS else None


def case_members(case: Case, file_id: int) -> list[ArchiveMember]:
    """The case's items whose container is ``file_id``, in their order in it."""
    with case.reading() as connection:
        parent = connection.exec_driver_sql("SELECT path FROM files WHERE id = ?", (file_id,)).scalar()
        rows = connection.exec_driver_sql(
            "SELECT id, path, name, kind, size, mtime, encrypted FROM files WHERE parent_id = ? "
            "ORDER BY ordinal, id", (file_id,)).all()
    prefix = (parent or "").rstrip("/") + "/"
    return [ArchiveMember(path[len(prefix):] if path.startswith(prefix) else name, int(size or 0),
                          _case_time(mtime), None, bool(encrypted), kind == "dir", int(member_id))
            for member_id, path, name, kind, size, mtime, encrypted in rows]


def _case_time(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value)
    return text if text.endswith("Z") or "+" in text else text.replace(" ", "T") + "Z"


def _utc(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


def list_archive(data: bytes, kind: str, name: str = "") -> ArchiveListing:
    """The archive's directory from its bytes; nothing is extracted (a compressed tar is decompressed as a stream
    to walk its headers, within :data:`MAX_DECOMPRESSED_BYTES`). Raises :class:`ArchiveListError`."""
    if len(data) > MAX_LISTED_BYTES:
        raise ArchiveListError(f"an archive of {len(data):,} bytes is larger than the {MAX_LISTED_BYTES:,} bytes "
                               "the viewer lists")
    try:
        if kind == "zip":
            members, notes = _zip(data)
        elif kind == "7z":
            members, notes = _seven_zip(data)
        elif kind == "tar":
            members, notes = _tar(io.BytesIO(data))
        elif kind in _OPENERS:
            members, notes = _compressed(data, kind, name)
        else:
            raise ArchiveListError(f"not an archive the viewer lists ({kind})")
    except ArchiveListError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is this archive's, said in one line
        raise ArchiveListError(f"the {kind} archive cannot be read: {type(error).__name__}: {error}"[:300]) from None
    return ArchiveListing(kind, "archive", tuple(members), tuple(notes))


def _capped(members: list[ArchiveMember], notes: list[str]) -> bool:
    if len(members) >= MAX_MEMBERS:
        notes.append(f"only the first {MAX_MEMBERS:,} members are listed")
        return True
    return False


def _zip(data: bytes) -> tuple[list[ArchiveMember], list[str]]:
    members: list[ArchiveMember] = []
    notes: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if _capped(members, notes):
                break
            try:
                modified = datetime(*info.date_time, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                modified = None
            members.append(ArchiveMember(info.filename.strip("/"), info.file_size, modified, info.compress_size,
                                         bool(info.flag_bits & 0x1), info.is_dir()))
    if any(member.modified for member in members):
        notes.append("zip times carry no time zone: shown as if UTC")
    return members, notes


def _seven_zip(data: bytes) -> tuple[list[ArchiveMember], list[str]]:
    import py7zr
    from py7zr.exceptions import PasswordRequired

    members: list[ArchiveMember] = []
    notes: list[str] = []
    try:
        archive = py7zr.SevenZipFile(io.BytesIO(data), mode="r")
    except PasswordRequired:
        return [], ["the archive's directory is encrypted: its members cannot be listed without the password"]
    with archive:
        encrypted = archive.needs_password()
        for info in archive.list():
            if _capped(members, notes):
                break
            modified = None
            if info.creationtime is not None:
                moment = info.creationtime
                moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
                modified = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            members.append(ArchiveMember(info.filename.strip("/"), None if info.is_directory else info.uncompressed,
                                         modified, info.compressed, bool(encrypted), info.is_directory))
    return members, notes


def _tar(stream: Any) -> tuple[list[ArchiveMember], list[str]]:
    members: list[ArchiveMember] = []
    notes: list[str] = []
    with tarfile.open(fileobj=stream, mode="r|") as archive:  # a stream: headers read in order, data skipped
        for info in archive:
            if _capped(members, notes):
                break
            members.append(ArchiveMember(info.name.strip("/").removeprefix("./"), info.size if info.isfile() else
                                         None if info.isdir() else info.size, _utc(info.mtime), None, False,
                                         info.isdir()))
    return members, notes


_OPENERS = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}


class _Capped(io.RawIOBase):
    """A decompressing stream that stops at :data:`MAX_DECOMPRESSED_BYTES` (a decompression bomb)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        self.read_bytes += len(data)
        if self.read_bytes > MAX_DECOMPRESSED_BYTES:
            raise ArchiveListError(f"decompresses past {MAX_DECOMPRESSED_BYTES:,} bytes: stopped (a decompression "
                                   "bomb guard)")
        buffer[:len(data)] = data
        return len(data)


def _compressed(data: bytes, kind: str, name: str) -> tuple[list[ArchiveMember], list[str]]:
    """A tar inside gzip, bzip2 or xz; any other compressed file is one member of unknown size (gzip records
    its size modulo 4 GiB in its last four bytes)."""
    with _OPENERS[kind](fileobj=io.BytesIO(data)) as inner:
        head = inner.read(512)
    if len(head) == 512 and head[257:262] == b"ustar" or _looks_like_tar(head):
        with _OPENERS[kind](fileobj=io.BytesIO(data)) as inner:
            return _tar(io.BufferedReader(_Capped(inner)))
    size = int.from_bytes(data[-4:], "little") if kind == "gzip" and len(data) >= 18 else None
    base = (name or "content").rsplit("/", 1)[-1]
    for suffix in (".gz", ".bz2", ".xz"):
        if base.lower().endswith(suffix):
            base = base[:-len(suffix)]
            break
    return [ArchiveMember(base, size, None, len(data), False, False)], []


def _looks_like_tar(head: bytes) -> bool:
    """An old (pre-POSIX) tar header: its checksum field matches."""
    if len(head) < 512:
        return False
    try:
        stored = int(head[148:156].replace(b"\x00", b" ").strip() or b"-1", 8)
    except ValueError:
        return False
    return stored == sum(head[:148]) + 8 * 32 + sum(head[156:512])
