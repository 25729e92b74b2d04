"""Blocks of a differencing VHDX that libvhdi (20260901) misreads: those of a chunk without a sector bitmap block.

libvhdi takes such a block's sector bitmap from file offset 0 (the absent bitmap block's offset) and so returns bytes
of the file's own header as disk content, without an error. Per MS-VHDX a block that is not present in a chunk
without a bitmap is wholly its parent's (NOT_PRESENT, UNDEFINED) or zeros (ZERO, UNMAPPED): the reader reads those
ranges itself, and trusts libvhdi everywhere else.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from heroes_desktop.evidence.errors import ImageReadError, UnsupportedEvidence
from heroes_desktop.evidence.virtual_layout import (VHDX_BAT_REGION, VHDX_FILE_PARAMETERS, VHDX_HAS_PARENT,
                                                   VHDX_LOGICAL_SECTOR_SIZE, VHDX_VIRTUAL_DISK_SIZE, vhdx_metadata,
                                                   vhdx_regions)

FULLY_PRESENT, PARTIALLY_PRESENT, SECTOR_BITMAP_PRESENT = 6, 7, 6
FROM_PARENT, ZEROS = (0, 1), (2, 3)  # NOT_PRESENT, UNDEFINED; ZERO, UNMAPPED


@dataclass(frozen=True)
class Span:
    """``how`` the bytes [start, end) are to be read: "libvhdi", "bitmap" (libvhdi asks its parent for some
    sectors), "parent" or "zeros"."""

    start: int
    end: int
    how: str


@dataclass(frozen=True)
class VhdxBlockMap:
    block_size: int
    chunk_ratio: int
    size: int
    entries: tuple[int, ...]

    @classmethod
    def read(cls, fd: int, name: str) -> VhdxBlockMap | None:
        """The block map of a differencing VHDX open on ``fd``; None for a VHDX without a parent."""
        def read_at(offset: int, length: int) -> bytes:
            return os.pread(fd, length, offset) if 0 <= offset < 1 << 63 else b""

        items = vhdx_metadata(read_at, name)
        block_size, flags = struct.unpack_from("<II", items[VHDX_FILE_PARAMETERS])
        if not flags & VHDX_HAS_PARENT:
            return None
        size = struct.unpack_from("<Q", items.get(VHDX_VIRTUAL_DISK_SIZE, bytes(8)))[0]
        sector = struct.unpack_from("<I", items.get(VHDX_LOGICAL_SECTOR_SIZE, bytes(4)))[0]
        if not (1 << 20 <= block_size <= 256 << 20 and sector in (512, 4096) and size):
            raise UnsupportedEvidence(f"{name}: implausible VHDX block size, sector size or disk size")
        chunk_ratio = (2**23 * sector) // block_size
        blocks = -(-size // block_size)
        count = blocks + blocks // chunk_ratio + 1
        offset, length = vhdx_regions(read_at, name).get(VHDX_BAT_REGION, (0, 0))
        raw = read_at(offset, min(length, 8 * count))
        if not offset or len(raw) < 8 * (blocks + (blocks - 1) // chunk_ratio):
            raise UnsupportedEvidence(f"{name}: VHDX block allocation table missing or truncated")
        return cls(block_size, chunk_ratio, size, struct.unpack(f"<{len(raw) // 8}Q", raw))

    def _entry(self, index: int) -> int:
        return self.entries[index] if index < len(self.entries) else 0

    def spans(self, start: int, end: int) -> Iterator[Span]:
        """How each block's part of [start, end) is read."""
        position, end = start, min(end, self.size)
        while position < end:
            block = position // self.block_size
            block_end = min(end, (block + 1) * self.block_size)
            state = self._entry(block + block // self.chunk_ratio) & 7
            bitmap = self._entry((block // self.chunk_ratio + 1) * (self.chunk_ratio + 1) - 1) & 7
            if state == FULLY_PRESENT:
                how = "libvhdi"
            elif bitmap == SECTOR_BITMAP_PRESENT:
                how = "bitmap"
            elif state in FROM_PARENT:
                how = "parent"
            elif state in ZEROS:
                how = "zeros"
            else:
                raise ImageReadError(f"VHDX block {block} is partially present but its chunk has no sector bitmap",
                                     position)
            yield Span(position, block_end, how)
            position = block_end
