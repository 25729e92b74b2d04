"""Hamming-radius search over 64-bit hashes with a multi-index hash (faiss ``IndexBinaryMultiHash``).

The 64 bits are cut into ``tables`` substrings (3 of 21 bits by default; the 64th bit only counts in the final
comparison); by the pigeonhole principle, two hashes within distance ``r`` agree within ``r // tables`` bits on at
least one substring, so probing each table with up to that many flipped bits finds every match (recall 100 %), and
only those candidates are compared in full. Three tables keep both the probes (3 x 232 at radius 8) and the
candidates per probe (a million hashes over 2**21 buckets) small; scripts/bench_phash.py measures it.
"""

from __future__ import annotations

import numpy as np

import faiss

HASH_BITS = 64


def to_codes(hex_values: list[str]) -> np.ndarray:
    """Hex strings (16 digits) as an (n, 8) uint8 array, big-endian, as faiss binary indexes take them."""
    if not hex_values:
        return np.zeros((0, 8), dtype=np.uint8)
    return np.frombuffer(b"".join(bytes.fromhex(value) for value in hex_values), dtype=np.uint8).reshape(-1, 8)


class HammingIndex:
    """Every stored hash within ``radius`` of a query, exactly."""

    def __init__(self, codes: np.ndarray, radius: int, tables: int | None = None) -> None:
        tables = tables or (3 if radius <= 11 else 4)
        self.radius = radius
        self._index = faiss.IndexBinaryMultiHash(HASH_BITS, tables, HASH_BITS // tables)
        self._index.nflip = radius // tables
        if len(codes):
            self._index.add(np.ascontiguousarray(codes, dtype=np.uint8))

    def search(self, queries: np.ndarray) -> list[list[tuple[int, int]]]:
        """For each query, the (stored position, distance) pairs within the radius."""
        if len(queries) == 0 or self._index.ntotal == 0:
            return [[] for _ in range(len(queries))]
        limits, distances, labels = self._index.range_search(np.ascontiguousarray(queries, dtype=np.uint8),
                                                              self.radius + 1)  # faiss: distance < radius
        return [list(zip(labels[limits[i]:limits[i + 1]].tolist(),
                         distances[limits[i]:limits[i + 1]].astype(int).tolist(),
                         strict=True)) for i in range(len(queries))]


def brute_force(codes: np.ndarray, query: np.ndarray, radius: int) -> np.ndarray:
    """Reference search: positions within ``radius`` by a NumPy popcount over every stored hash (as uint64)."""
    words = np.ascontiguousarray(codes).view(np.uint64).ravel()
    target = np.ascontiguousarray(query).view(np.uint64)[0]
    return np.nonzero(np.bitwise_count(words ^ target) <= radius)[0]
