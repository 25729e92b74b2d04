"""What the binary record parsers share: a bounded little-endian cursor and the Unix-seconds time the clients store."""

from __future__ import annotations

from datetime import datetime, timezone

from heroes_desktop.p2p.errors import MalformedRecord


class ByteReader:
    """A little-endian cursor over one file's bytes that refuses to read past the end, naming the offset."""

    def __init__(self, data: bytes, what: str, pos: int = 0) -> None:
        self._data = data
        self._what = what
        self.pos = pos

    def remaining(self) -> int:
        return len(self._data) - self.pos

    def fail(self, reason: str, offset: int | None = None) -> MalformedRecord:
        at = self.pos if offset is None else offset
        return MalformedRecord(f"{self._what}: {reason} at offset {at}")

    def take(self, count: int, field: str) -> bytes:
        if count > self.remaining():
            raise self.fail(f"{field} needs {count} bytes, {self.remaining()} left (truncated)")
        start = self.pos
        self.pos += count
        return self._data[start:self.pos]

    def uint(self, size: int, field: str) -> int:
        return int.from_bytes(self.take(size, field), "little")

    def u8(self, field: str) -> int:
        return self.take(1, field)[0]

    def u16(self, field: str) -> int:
        return self.uint(2, field)

    def u32(self, field: str) -> int:
        return self.uint(4, field)

    def u64(self, field: str) -> int:
        return self.uint(8, field)

    def fitting(self, field: str, value: int, min_item_bytes: int, offset: int) -> int:
        """Refuse a count read at ``offset`` when the remaining bytes cannot hold that many items."""
        if value * min_item_bytes > self.remaining():
            raise self.fail(f"{field} {value} cannot fit in the {self.remaining()} bytes left", offset)
        return value


def unix_time_iso(seconds: int) -> str | None:
    """Unix seconds as ISO 8601 UTC; 0 (never) is no time, nor is a 64-bit value past year 9999."""
    if seconds <= 0:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None
