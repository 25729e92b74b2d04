#!/usr/bin/env python3
"""Benchmark: the cost of running the item work on a Dask cluster instead of the workstation's own pool.

Ingests the same generated folder evidence three times, each into a new case, on this machine:

1. local: ``ingest`` with ``--jobs 2`` (two stage workers);
2. cluster: through a ``LocalCluster`` of two worker processes (one thread each, so two stage workers in all) on
   loopback with mutual TLS (certificates from ``heroes cluster certs``).

Both are warmed first with a small ingest (the fork server and the stage modules loaded, the nodes' stage pools
started: a lab's nodes stay up between ingests), so that the measured runs compare the steady state. It prints the
throughput ratio cluster/local (items per second over the whole ingest; the issue's goal is at least 0.8 on one
machine: what the engine costs) and the per-batch overhead, measured apart: empty batches sent one at a time through
the same path (TLS round trip, scheduling, (de)serialisation, the node's pool dispatch), minus nothing. The custody
records' time per batch (seen by the workstation, queueing included) is printed too. The walk, the scans and the
single writer run on the workstation in both cases, so the difference is the engine's.

Usage::

    .venv/bin/python scripts/bench_cluster.py [--files 600] [--task-items 64] [--stages S,S] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

STAGES = "filetype,hash,phash,dates,text"


def make_evidence(folder: Path, files: int, seed: int) -> int:
    """Text notes, random binaries and small pictures, 2-64 KiB each; returns the bytes written."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    folder.mkdir(parents=True)
    total = 0
    words = "harbour shipment friday meeting call transfer account invoice night boat".split()
    for index in range(files):
        kind = index % 4
        if kind == 3:
            picture = Image.new("RGB", (rng.randint(64, 320), rng.randint(64, 240)), "white")
            draw = ImageDraw.Draw(picture)
            for _ in range(6):
                x, y = rng.randint(0, 50), rng.randint(0, 50)
                draw.rectangle((x, y, x + rng.randint(10, 60), y + rng.randint(10, 60)),
                               fill=tuple(rng.randint(0, 255) for _ in range(3)))
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG" if index % 8 == 3 else "JPEG")
            data = buffer.getvalue()
            name = f"pic{index:05d}.{'png' if index % 8 == 3 else 'jpg'}"
        elif kind == 2:
            data = rng.randbytes(rng.randint(2048, 65536))
            name = f"blob{index:05d}.bin"
        else:
            data = " ".join(rng.choice(words) for _ in range(rng.randint(300, 9000))).encode()
            name = f"note{index:05d}.txt"
        (folder / f"d{index % 10}").mkdir(exist_ok=True)
        (folder / f"d{index % 10}" / name).write_bytes(data)
        total += len(data)
    return total


def run_ingest(work: Path, name: str, evidence: Path, stages: tuple[str, ...], task_items: int,
               cluster: str | None = None, tls: Path | None = None) -> dict[str, Any]:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.identity.actor import Actor, Role
    from heroes_desktop.identity.keys import load_or_create_signing_key
    from heroes_desktop.pipeline.evidence_intake import add_evidence
    from heroes_desktop.pipeline.ingest import IngestOptions, ingest
    from heroes_desktop.pipeline.listing import iter_files

    actor = Actor("Bench Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(work / "profile", actor.name, "bench key passphrase")
    with Case.create(work / f"{name}.heroes", "bench case passphrase", actor, key) as case:
        add_evidence(case, evidence)
        started = time.perf_counter()
        summary = ingest(case, IngestOptions(jobs=2, stages=stages, task_items=task_items, cluster=cluster,
                                             tls_dir=str(tls) if tls else None))
        seconds = time.perf_counter() - started
        events = case.events()
        records = {record["path"]: (record["status"], record.get("sha256"), record.get("mime"))
                   for record in iter_files(case)}
    batches = [event.details for event in events if event.action == "cluster.batch"]
    return {"seconds": seconds, "items": summary.items, "status": summary.status, "outcomes": summary.outcomes,
            "batches": batches, "records": records}


def p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * len(values))]


def empty_batches(address: str, tls: Path, count: int) -> dict[str, list[float]]:
    """Batches without items, one at a time: what the engine costs per batch, whatever the items cost."""
    from heroes_desktop.cluster.client import connect
    from heroes_desktop.cluster.digest import environment, environment_digest
    from heroes_desktop.cluster.node import run_batch
    from heroes_desktop.pipeline.item_processor import process_items
    from heroes_desktop.pipeline.worker_pool import TaskLimits

    found: dict[str, list[float]] = {"round_trip": [], "node": []}
    with connect(address, tls) as client:
        for index in range(count + 3):
            started = time.perf_counter()
            reply = client.submit(run_batch, process_items, ([],), TaskLimits(seconds=60), environment_digest(),
                                  environment(), pure=False).result()
            if index >= 3:  # the first ones warm the connections
                found["round_trip"].append(time.perf_counter() - started)
                found["node"].append(reply.seconds)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=600)
    parser.add_argument("--task-items", type=int, default=64, help="items per batch (IngestOptions.task_items)")
    parser.add_argument("--stages", default=STAGES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import dask
    from distributed import LocalCluster

    from heroes_desktop.cluster.certs import local_cluster_security as lab_security
    from heroes_desktop.cluster.certs import make_certificates
    from heroes_desktop.cluster.node import PRELOAD
    from heroes_desktop.pipeline import ingest as ingest_module

    writer = {"seconds": 0.0, "items": 0}
    commit = ingest_module._commit

    def timed_commit(case: Any, batch: list, *rest: Any, **options: Any) -> int:  # the single writer's share
        started = time.perf_counter()
        try:
            return commit(case, batch, *rest, **options)
        finally:
            writer["seconds"] += time.perf_counter() - started
            writer["items"] += len(batch)

    ingest_module._commit = timed_commit

    stages = tuple(name for name in args.stages.split(",") if name)
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as temporary:
        work = Path(temporary)
        content = make_evidence(work / "evidence", args.files, args.seed)
        make_certificates(work / "tls", workers=2)
        make_evidence(work / "warm-up", 8, args.seed + 1)
        run_ingest(work, "warm-up-local", work / "warm-up", stages, args.task_items)
        writer.update(seconds=0.0, items=0)
        local = run_ingest(work, "local", work / "evidence", stages, args.task_items)
        writer_rate = writer["items"] / writer["seconds"] if writer["seconds"] else 0.0
        config = {"distributed.worker.daemon": False, "distributed.worker.memory.target": False,
                  "distributed.worker.memory.spill": False}
        with dask.config.set(config):
            started = time.perf_counter()
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tls",
                                   host="127.0.0.1", security=lab_security(work / "tls"),
                                   dashboard_address="127.0.0.1:0", preload=[PRELOAD])
            cluster_start = time.perf_counter() - started
            try:
                started = time.perf_counter()
                run_ingest(work, "warm-up-cluster", work / "warm-up", stages, 1, cluster.scheduler_address,
                           work / "tls")
                cold = {"seconds": time.perf_counter() - started}
                warm = run_ingest(work, "cluster", work / "evidence", stages, args.task_items,
                                  cluster.scheduler_address, work / "tls")
                empty = empty_batches(cluster.scheduler_address, work / "tls", 30)
            finally:
                cluster.close()
    assert warm["records"] == local["records"], "the cluster's case differs from the local one"
    latencies = [batch["wall_seconds"] for batch in warm["batches"]]
    figures: dict[str, Any] = {
        "files": args.files, "content_bytes": content, "stages": list(stages), "task_items": args.task_items,
        "cluster_start_seconds": round(cluster_start, 3), "first_cluster_ingest_seconds": round(cold["seconds"], 3),
        "local_seconds": round(local["seconds"], 3),
        "local_items_per_second": round(local["items"] / local["seconds"], 1),
        "cluster_seconds": round(warm["seconds"], 3),
        "cluster_items_per_second": round(warm["items"] / warm["seconds"], 1),
        "ratio": round(local["seconds"] / warm["seconds"], 3), "batches": len(warm["batches"]),
        "nodes": len({batch["node"] for batch in warm["batches"]}),
        "batch_node_seconds_mean": round(statistics.mean(b["node_seconds"] for b in warm["batches"]), 3),
        "batch_latency_median_seconds": round(statistics.median(latencies), 3),
        "empty_batch_round_trip_median_ms": round(1000 * statistics.median(empty["round_trip"]), 2),
        "empty_batch_round_trip_p90_ms": round(1000 * p90(empty["round_trip"]), 2),
        "empty_batch_node_ms": round(1000 * statistics.median(empty["node"]), 2),
        "writer_items_per_second": round(writer_rate, 1),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{args.files} files, {content / 2**20:.1f} MiB, stages {','.join(stages)}, {args.task_items} items "
              f"per batch; cluster of 2 worker processes started in {cluster_start:.2f} s")
        print(f"local (2 stage workers): {figures['local_seconds']:.2f} s, {figures['local_items_per_second']:.0f} "
              "items/s")
        print(f"cluster (2 nodes x 1 stage worker): {figures['cluster_seconds']:.2f} s, "
              f"{figures['cluster_items_per_second']:.0f} items/s in {figures['batches']} batches on "
              f"{figures['nodes']} nodes ({figures['batch_node_seconds_mean']:.3f} s of node work per batch)")
        print(f"throughput ratio cluster/local: {figures['ratio']:.2f}")
        print(f"per-batch overhead (empty batch, TLS round trip + scheduling + node dispatch): "
              f"{figures['empty_batch_round_trip_median_ms']:.1f} ms median, "
              f"{figures['empty_batch_round_trip_p90_ms']:.1f} ms p90, of which "
              f"{figures['empty_batch_node_ms']:.1f} ms in the node's pool")
        print(f"the single writer commits {figures['writer_items_per_second']:.0f} items/s of these results "
              "(its time in commits, local run)")
        print(f"first ingest on fresh nodes (stage pools start): {figures['first_cluster_ingest_seconds']:.2f} s "
              "for a warm-up of 8 files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
