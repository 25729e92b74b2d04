#!/usr/bin/env python3
"""Benchmark: perceptual-hash matching against a list of a million hashes.

One million random 64-bit hashes form the list; 100,000 queries are made, a tenth of them planted within Hamming
distance 8 of a list entry. Each query is answered three ways in the same process: by the program's multi-index
hash (``heroes_desktop.hashsets.hamming_index.HammingIndex``, faiss), by a brute-force NumPy popcount scan over the
whole list, and by ``pybktree`` (a BK-tree). Brute force and the BK-tree run on a sample of the queries (they are
slow), and time per query is compared. Recall of the planted queries must be 100 %.

Usage: .venv/bin/python scripts/bench_phash.py [--entries 1000000] [--queries 100000] [--radius 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
import pybktree

from heroes_desktop.hashsets.hamming_index import HammingIndex, brute_force


def make_data(entries: int, queries: int, radius: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The list, the queries, and for each query the list position it was planted near (-1 if random)."""
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 256, size=(entries, 8), dtype=np.uint8)
    query_codes = rng.integers(0, 256, size=(queries, 8), dtype=np.uint8)
    planted = np.full(queries, -1)
    for position in rng.choice(queries, size=queries // 10, replace=False):
        source = int(rng.integers(entries))
        planted[position] = source
        code = codes[source].copy()
        for bit in rng.choice(64, size=int(rng.integers(0, radius + 1)), replace=False):
            code[bit // 8] ^= 1 << (7 - bit % 8)
        query_codes[position] = code
    return codes, query_codes, planted


def as_ints(codes: np.ndarray) -> list[int]:
    return [int.from_bytes(row.tobytes(), "big") for row in codes]


def bench(entries: int, queries: int, radius: int, sample: int, seed: int) -> dict[str, Any]:
    codes, query_codes, planted = make_data(entries, queries, radius, seed)

    started = time.perf_counter()
    index = HammingIndex(codes, radius)
    build_index = time.perf_counter() - started
    started = time.perf_counter()
    hits = index.search(query_codes)
    index_seconds = time.perf_counter() - started
    found = sum(1 for position, source in enumerate(planted) if source >= 0 and
                any(hit == source for hit, _ in hits[position]))
    recall = found / int((planted >= 0).sum())

    sample_positions = np.linspace(0, queries - 1, num=min(sample, queries), dtype=int)
    started = time.perf_counter()
    brute_hits = [set(brute_force(codes, query_codes[p], radius).tolist()) for p in sample_positions]
    brute_seconds = (time.perf_counter() - started) / len(sample_positions)
    agree = all(brute_hits[i] == {hit for hit, _ in hits[p]} for i, p in enumerate(sample_positions))

    started = time.perf_counter()
    tree = pybktree.BKTree(lambda a, b: bin(a ^ b).count("1"), as_ints(codes))
    build_tree = time.perf_counter() - started
    tree_sample = sample_positions[: max(1, len(sample_positions) // 10)]
    started = time.perf_counter()
    for position in tree_sample:
        tree.find(as_ints(query_codes[position:position + 1])[0], radius)
    tree_seconds = (time.perf_counter() - started) / len(tree_sample)

    per_query = index_seconds / queries
    return {
        "entries": entries, "queries": queries, "planted": int((planted >= 0).sum()), "radius": radius,
        "index_ms_per_query": per_query * 1000, "index_build_s": build_index, "index_total_s": index_seconds,
        "brute_force_ms_per_query": brute_seconds * 1000, "bktree_ms_per_query": tree_seconds * 1000,
        "bktree_build_s": build_tree, "speedup_vs_brute_force": brute_seconds / per_query,
        "speedup_vs_bktree": tree_seconds / per_query, "recall_planted": recall,
        "index_agrees_with_brute_force": agree, "brute_force_sample": len(sample_positions),
        "bktree_sample": len(tree_sample),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--radius", type=int, default=8)
    parser.add_argument("--sample", type=int, default=2000, help="queries timed for brute force (a tenth: BK-tree)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = bench(args.entries, args.queries, args.radius, args.sample, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"list {result['entries']:,} hashes; {result['queries']:,} queries, {result['planted']:,} planted within "
          f"distance {result['radius']}")
    print(f"multi-index hash: {result['index_ms_per_query']:.4f} ms/query ({result['index_total_s']:.1f} s in all, "
          f"built in {result['index_build_s']:.1f} s)")
    print(f"brute-force NumPy popcount: {result['brute_force_ms_per_query']:.3f} ms/query "
          f"({result['brute_force_sample']} queries timed) -> index is {result['speedup_vs_brute_force']:.0f}x faster")
    print(f"pybktree: {result['bktree_ms_per_query']:.3f} ms/query ({result['bktree_sample']} queries, built in "
          f"{result['bktree_build_s']:.1f} s) -> index is {result['speedup_vs_bktree']:.0f}x faster")
    print(f"recall of planted queries: {result['recall_planted'] * 100:.2f} %; index agrees with brute force on the "
          f"sample: {result['index_agrees_with_brute_force']}")


if __name__ == "__main__":
    main()
