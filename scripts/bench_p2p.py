#!/usr/bin/env python3
"""Benchmark: reading P2P client records and computing ED2K, against plain hashing of the same bytes.

Made in the process: an eMule ``known.met`` of N shared files (each with a name, a size and part hashes), a
µTorrent ``resume.dat`` of N torrents, and a v1 ``.torrent`` of N files. Each is parsed by the program's parser
(``heroes_desktop.p2p``) and, as the reference, SHA-1-hashed (a parser that reads no slower than a hash of its bytes
costs nothing next to the ingest's own hashing). ED2K (``Ed2kHasher``, MD4 over 9,500 KiB blocks) is compared with
MD5 over the same 256 MiB, since the hash stage now computes both in one pass.

Usage: .venv/bin/python scripts/bench_p2p.py [--records 20000] [--mib 256] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import time
from collections.abc import Callable
from typing import Any

from fastbencode import bencode

from heroes_desktop.core.hashing import Ed2kHasher
from heroes_desktop.p2p import emule, torrent, utorrent


def _tag_string(tag_id: int, text: str) -> bytes:
    data = text.encode("utf-8")
    return bytes([0x02]) + struct.pack("<H", 1) + bytes([tag_id]) + struct.pack("<H", len(data)) + data


def _tag_int(tag_id: int, value: int) -> bytes:
    return bytes([0x03]) + struct.pack("<H", 1) + bytes([tag_id]) + struct.pack("<I", value)


def known_met(count: int) -> bytes:
    """eMule's known.met as KnownFile::WriteToFile writes it: date, hash, part hashes, tags."""
    records = []
    for index in range(count):
        digest = hashlib.md5(index.to_bytes(8, "little")).digest()
        parts = [hashlib.md5(bytes([part]) + digest).digest() for part in range(3)]
        tags = [_tag_string(0x01, f"shared file {index:06d}.jpg"), _tag_int(0x02, 20_000_000 + index),
                _tag_int(0x34, 1_700_000_000 + index)]
        records.append(struct.pack("<I", 1_600_000_000) + digest + struct.pack("<H", len(parts)) + b"".join(parts)
                       + struct.pack("<I", len(tags)) + b"".join(tags))
    return bytes([0x0E]) + struct.pack("<I", count) + b"".join(records)


def resume_dat(count: int) -> bytes:
    entries: dict[bytes, Any] = {b".fileguard": b"0" * 40}
    for index in range(count):
        entries[f"torrent {index:06d}.torrent".encode()] = {
            b"caption": f"torrent {index:06d}".encode(), b"path": f"C:\\Downloads\\t{index:06d}".encode(),
            b"info": hashlib.sha1(index.to_bytes(8, "little")).digest(), b"added_on": 1_700_000_000 + index,
            b"completed_on": 1_700_003_600 + index, b"downloaded": 1 << 20, b"uploaded": 1 << 19}
    return bencode(entries)


def torrent_file(count: int) -> bytes:
    files = [{b"length": 100_000 + index, b"path": [b"folder", f"file {index:06d}.bin".encode()]}
             for index in range(count)]
    total = sum(entry[b"length"] for entry in files)
    pieces = os.urandom(20 * (-(-total // 65_536)))
    return bencode({b"announce": b"udp://tracker.invalid:1337", b"info": {
        b"name": b"bench", b"piece length": 65_536, b"pieces": pieces, b"files": files}})


def _best(action: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def measure(records: int, mib: int) -> dict[str, Any]:
    results: dict[str, Any] = {"records": records}
    for name, data, parse in (("known.met", known_met(records), emule.parse_known_met),
                              ("resume.dat", resume_dat(records), utorrent.parse_resume),
                              (".torrent", torrent_file(records), torrent.parse_torrent_records)):
        parsed = _best(lambda: parse(data))
        hashed = _best(lambda: hashlib.sha1(data).digest())
        results[name] = {"bytes": len(data), "parse_s": round(parsed, 4), "sha1_s": round(hashed, 5),
                         "entries_per_s": round(records / parsed), "parse_over_sha1_time": round(parsed / hashed, 1)}
    block = os.urandom(1 << 20)

    def ed2k() -> None:
        hasher = Ed2kHasher()
        for _ in range(mib):
            hasher.update(block)
        hasher.hexdigest()

    def md5() -> None:
        digest = hashlib.md5()
        for _ in range(mib):
            digest.update(block)
        digest.hexdigest()

    ed2k_s, md5_s = _best(ed2k), _best(md5)
    results["ed2k"] = {"mib": mib, "ed2k_mib_s": round(mib / ed2k_s, 1), "md5_mib_s": round(mib / md5_s, 1),
                       "ed2k_over_md5_throughput": round(md5_s / ed2k_s, 2)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = measure(args.records, args.mib)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name in ("known.met", "resume.dat", ".torrent"):
        row = results[name]
        print(f"{name:11} {row['bytes'] / 2**20:7.1f} MiB  {row['entries_per_s']:>9,} entries/s  "
              f"parse time / SHA-1 time of its bytes: {row['parse_over_sha1_time']}")
    row = results["ed2k"]
    print(f"ED2K {row['ed2k_mib_s']} MiB/s, MD5 {row['md5_mib_s']} MiB/s: ED2K/MD5 throughput "
          f"{row['ed2k_over_md5_throughput']}")


if __name__ == "__main__":
    main()
