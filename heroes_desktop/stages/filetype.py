"""The ``filetype`` stage: the type libmagic sees in the first bytes, and whether the extension contradicts it."""

from __future__ import annotations

import functools
import mimetypes

import magic

from heroes_desktop.pipeline.stage import ItemInfo, Stage, StageLimits, StageOutput, StageRun

GENERIC_MIMES = {"application/octet-stream", "inode/x-empty", "application/x-empty"}
# Extensions whose files libmagic names differently from the standard table, all legitimately.
EQUIVALENT = {
    "application/zip": {"docx", "xlsx", "pptx", "odt", "ods", "odp", "jar", "apk", "epub", "zip", "kmz", "xpi"},
    "application/x-ole-storage": {"doc", "xls", "ppt", "msg", "msi"},
    "application/cdfv2": {"doc", "xls", "ppt", "msg", "msi"},
    "application/vnd.ms-office": {"doc", "xls", "ppt", "msg"},
    "image/x-ms-bmp": {"bmp"},
    "audio/mpeg": {"mp3"},
    "application/gzip": {"gz", "tgz"},
    "application/x-gzip": {"gz", "tgz"},
    "video/quicktime": {"mov", "mp4", "m4v"},
    "video/mp4": {"mp4", "m4v", "m4a"},
    "application/x-sqlite3": {"db", "sqlite", "sqlite3", "sqlitedb"},
    "message/rfc822": {"eml", "mht", "mhtml"},
    "application/mbox": {"mbox", "mbx"},
}


MAGIC_BYTES = 16 * 1024  # libmagic's tests look near the start; more only slows its text heuristics


@functools.cache
def _magic_mime() -> magic.Magic:
    return magic.Magic(mime=True)


def extension_contradicts(name: str, mime: str) -> bool:
    """True when the name's extension is known and names a different kind of file than its content shows."""
    if "." not in name.strip(".") or mime in GENERIC_MIMES:
        return False
    extension = name.rsplit(".", 1)[-1].lower()
    expected, _ = mimetypes.guess_type(f"x.{extension}", strict=False)
    if expected is None:
        return False
    if expected == mime or extension in EQUIVALENT.get(mime, set()):
        return False
    if mime.startswith("text/") and (expected.startswith("text/") or expected in {"application/json",
                                                                                   "application/xml",
                                                                                   "application/javascript"}):
        return False
    return True


class _FileTypeRun(StageRun):
    def __init__(self, item: ItemInfo) -> None:
        self._item, self._head = item, bytearray()

    def feed(self, chunk: bytes) -> None:
        if len(self._head) < MAGIC_BYTES:
            self._head += chunk[: MAGIC_BYTES - len(self._head)]

    def finish(self) -> StageOutput:
        head = bytes(self._head)
        mime = _magic_mime().from_buffer(head) if head else "inode/x-empty"
        return StageOutput(columns={"mime": mime, "extension_mismatch": extension_contradicts(self._item.name, mime)})


class FileTypeStage(Stage):
    name = "filetype"
    needs = "head"
    writes = ("mime", "extension_mismatch")
    limits = StageLimits(max_bytes=None, seconds=30.0, memory_mb=64)

    def _open(self, item: ItemInfo) -> StageRun:
        return _FileTypeRun(item)
