"""QCOW2 version 3 compressed clusters at odd host offsets, which libqcow (20260703) reads as zeros, decoded here.

In version 3, bit 0 of an L2 entry is the "reads as zeros" flag of a standard cluster. libqcow applies it to
compressed clusters too, whose bit 0 belongs to the host offset; qemu packs compressed clusters at byte granularity,
so about half of them have odd offsets and libqcow returns zeros for them without an error. The QCOW reader asks
this map which parts of a read come from such clusters, in whichever layer of the backing chain provides them, and
splices in the cluster decoded here. Nothing is guessed: a cluster that does not decode is a read error.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from heroes_desktop.evidence.errors import ImageReadError, UnsupportedEvidence

_L2_CACHE_TABLES = 64
_QCOW2_OFFSET = 0x00FFFFFFFFFFFE00
_QCOW2_COMPRESSED = 1 << 62
_QCOW1_COMPRESSED = 1 << 63


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``os.pread`` that reads nothing where a damaged table points past what a file offset can be."""
    return os.pread(fd, length, offset) if 0 <= offset < 1 << 63 else b""


@dataclass
class QcowLayer:
    """One QCOW file's cluster tables, read lazily through its descriptor (``os.pread``: no shared position)."""

    fd: int
    version: int
    cluster_bits: int
    l2_bits: int
    size: int
    l1: tuple[int, ...]
    _tables: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, fd: int, name: str) -> QcowLayer:
        header = os.pread(fd, 48, 0)
        if len(header) < 48 or not header.startswith(b"QFI\xfb"):
            raise UnsupportedEvidence(f"{name}: not a QCOW header")
        version, size = struct.unpack_from(">I", header, 4)[0], struct.unpack_from(">Q", header, 24)[0]
        if version == 1:
            cluster_bits, l2_bits = header[32], header[33]
            l1_offset = struct.unpack_from(">Q", header, 40)[0]
            l1_size = -(-size // (1 << (cluster_bits + l2_bits))) if 9 <= cluster_bits + l2_bits < 63 else -1
        else:
            cluster_bits, l1_size, l1_offset = struct.unpack_from(">I", header, 20)[0], *struct.unpack_from(
                ">IQ", header, 36)
            l2_bits = cluster_bits - 3
        if not 9 <= cluster_bits <= 21 or not 0 < l2_bits <= 24 or not 0 <= l1_size <= 1 << 25:
            raise UnsupportedEvidence(f"{name}: implausible QCOW cluster layout")
        raw = _pread(fd, 8 * l1_size, l1_offset)
        if len(raw) != 8 * l1_size:
            raise UnsupportedEvidence(f"{name}: its QCOW L1 table is truncated")
        return cls(fd, version, cluster_bits, l2_bits, size, struct.unpack(f">{l1_size}Q", raw))

    def entry(self, cluster: int) -> int:
        """The L2 entry of virtual ``cluster`` (0: unallocated here)."""
        l1_index = cluster >> self.l2_bits
        if l1_index >= len(self.l1):
            return 0
        table_offset = self.l1[l1_index] & (_QCOW2_OFFSET if self.version > 1 else ~0)
        if table_offset == 0:
            return 0
        table = self._tables.get(l1_index)
        if table is None:
            count = 1 << self.l2_bits
            raw = _pread(self.fd, 8 * count, table_offset)
            if len(raw) != 8 * count:
                raise ImageReadError(f"QCOW L2 table at {table_offset} is truncated", cluster << self.cluster_bits)
            if len(self._tables) >= _L2_CACHE_TABLES:
                self._tables.clear()
            table = self._tables[l1_index] = struct.unpack(f">{count}Q", raw)
        return table[cluster & ((1 << self.l2_bits) - 1)]

    def falls_through(self, entry: int) -> bool:
        """The cluster is not in this file: a backing file provides it."""
        if self.version == 1:
            return entry == 0
        return not entry & _QCOW2_COMPRESSED and not entry & _QCOW2_OFFSET and not (self.version >= 3 and entry & 1)

    def misread_by_libqcow(self, entry: int) -> bool:
        return self.version >= 3 and bool(entry & _QCOW2_COMPRESSED) and bool(entry & 1)

    def decode(self, entry: int, virtual_offset: int) -> bytes:
        """The cluster that compressed ``entry`` stores, inflated (raw deflate, as qemu writes it)."""
        shift = 62 - (self.cluster_bits - 8)
        host = entry & ((1 << shift) - 1)
        sectors = ((entry >> shift) & ((1 << (self.cluster_bits - 8)) - 1)) + 1
        compressed = _pread(self.fd, sectors * 512 - (host & 511), host)
        cluster_size = 1 << self.cluster_bits
        try:
            cluster = zlib.decompressobj(-15).decompress(compressed, cluster_size)
        except zlib.error as error:
            raise ImageReadError(f"compressed QCOW cluster at host offset {host} does not inflate: {error}",
                                 virtual_offset) from error
        if len(cluster) != cluster_size:
            raise ImageReadError(f"compressed QCOW cluster at host offset {host} inflates to {len(cluster)} "
                                 f"bytes, not {cluster_size}", virtual_offset)
        return cluster


class CompressedClusterFix:
    """Corrects reads of a QCOW chain (top layer first) where libqcow returns zeros for a compressed cluster."""

    def __init__(self, layers: list[QcowLayer]) -> None:
        self._layers = layers
        self.active = any(layer.version >= 3 for layer in layers)
        self._decoded: dict[tuple[int, int], bytes] = {}

    def patch(self, offset: int, data: bytes) -> bytes:
        """``data`` as read by libqcow at ``offset``, with the misread clusters replaced."""
        if not self.active or not data:
            return data
        spans = list(self._misread(0, offset, offset + len(data)))
        if not spans:
            return data
        patched = bytearray(data)
        for start, end, level, entry in spans:
            layer = self._layers[level]
            cluster = self._cluster(level, entry, start)
            within = start & ((1 << layer.cluster_bits) - 1)
            patched[start - offset:end - offset] = cluster[within:within + end - start]
        return bytes(patched)

    def _misread(self, level: int, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
        layer = self._layers[level]
        position, end = start, min(end, layer.size)
        while position < end:
            cluster = position >> layer.cluster_bits
            cluster_end = min(end, (cluster + 1) << layer.cluster_bits)
            entry = layer.entry(cluster)
            if layer.falls_through(entry):
                if level + 1 < len(self._layers):
                    yield from self._misread(level + 1, position, cluster_end)
            elif layer.misread_by_libqcow(entry):
                yield position, cluster_end, level, entry
            position = cluster_end

    def _cluster(self, level: int, entry: int, virtual_offset: int) -> bytes:
        key = (level, entry)
        if key not in self._decoded:
            if len(self._decoded) >= 16:
                self._decoded.clear()
            self._decoded[key] = self._layers[level].decode(entry, virtual_offset)
        return self._decoded[key]
