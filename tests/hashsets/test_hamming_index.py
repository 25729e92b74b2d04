"""The multi-index hash finds exactly what a brute-force scan finds, at every radius the program uses."""

from __future__ import annotations

import numpy as np
import pytest

from heroes_desktop.hashsets.hamming_index import HammingIndex, brute_force, to_codes


@pytest.mark.parametrize("radius", [0, 4, 8, 10, 12, 16])
def test_index_equals_brute_force(radius: int) -> None:
    rng = np.random.default_rng(radius)
    codes = rng.integers(0, 256, size=(20_000, 8), dtype=np.uint8)
    queries = codes[rng.choice(len(codes), 300)].copy()
    for query in queries:  # move each query up to radius + 2 bits away from its source
        for bit in rng.choice(64, size=int(rng.integers(0, radius + 3)), replace=False):
            query[bit // 8] ^= 1 << (7 - bit % 8)
    results = HammingIndex(codes, radius).search(queries)
    for query, hits in zip(queries, results, strict=True):
        expected = set(brute_force(codes, query, radius).tolist())
        assert {position for position, _ in hits} == expected
        assert all(distance <= radius for _, distance in hits)


def test_hex_codes_round_trip() -> None:
    codes = to_codes(["ba8c84536bd3c366", "0000000000000001"])
    assert codes.shape == (2, 8) and bytes(codes[0]).hex() == "ba8c84536bd3c366"
    assert HammingIndex(codes, 1).search(to_codes(["0000000000000000"])) == [[(1, 1)]]
    assert HammingIndex(to_codes([]), 4).search(codes) == [[], []]
