"""The workstation's side of a cluster ingest: a ``concurrent.futures.Executor`` that sends item batches to the
cluster's nodes and hands their results back to the ingest, whose single writer commits them as it commits a local
pool's (per item, idempotently: a file row is updated by id, its stage runs replaced, a member found by its parent
and ordinal).

The walk, the volume scans and the case-level stages stay on the workstation's own pool; only ``process_items``
batches travel. Faults: a node lost mid-batch has its batch run elsewhere (Dask reschedules it); a batch that keeps
killing nodes fails, and the ingest then runs its items one by one, so that only the culprit is marked failed, as on
one machine. A node whose environment digest differs, or that does not read the same evidence, is refused with the
reason (a custody event) and its batches go to the others. Each batch's custody event (``cluster.batch``) names the
node that ran it, its environment digest and the items.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from heroes_desktop.cluster.digest import differences, environment, environment_digest
from heroes_desktop.cluster.errors import (ClusterError, ClusterUsageError, EnvironmentMismatch, NoNodeLeft,
                                           NodeRefused)
from heroes_desktop.pipeline.worker_pool import TaskLimits

TLS_ENV = "HEROES_CLUSTER_TLS"
CONNECT_SECONDS = 10.0
GPU_STAGES = frozenset({"media", "video"})
MEDIA_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".mp4",
                            ".mov", ".avi", ".mkv", ".wmv", ".3gp", ".m4v", ".webm", ".mpg", ".mpeg", ".flv"})
WATCH_SECONDS = 1.0  # how often the node list is brought up to date (nodes joining, leaving, restarted)
NODE_GRACE_SECONDS = 60.0  # how long batches wait for a node when none is left, before the ingest stops
MAX_RESENDS = 8  # a batch refused by this many nodes fails (the nodes named in custody)
RESULT_POLL_SECONDS = 2.0  # how often a finished batch's reply fetch checks that the reply still exists
RESULT_WAIT_SECONDS = 120.0  # a reply not fetched in this long is treated as lost: the batch is sent again


def parse_address(address: str) -> tuple[str, int]:
    """``tls://HOST:PORT`` -> (HOST, PORT); anything else (tcp://, no port) is a usage error: TLS only."""
    parts = urlsplit(address or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "tls" or not parts.hostname or port is None:
        raise ClusterUsageError(f"--cluster must be tls://HOST:PORT (TLS is required), not {address!r}")
    return parts.hostname, port


def tls_folder(tls_dir: str | os.PathLike | None) -> Path:
    folder = tls_dir or os.environ.get(TLS_ENV)
    if not folder:
        raise ClusterUsageError(f"a cluster needs the workstation's certificates: --tls-dir DIR or ${TLS_ENV}")
    return Path(folder)


def connect(address: str, tls_dir: str | os.PathLike | None, timeout: float = CONNECT_SECONDS) -> Any:
    """A Dask client to the scheduler at ``address`` over mutual TLS, with the network guard opened to that one
    peer only; a clear :class:`ClusterError` when it cannot be reached or refuses our certificate."""
    from distributed import Client

    from heroes_desktop.cluster.certs import security
    from heroes_desktop.cluster.network import open_guard

    host, port = parse_address(address)
    credentials = security(tls_folder(tls_dir), "client")
    open_guard(peers=[(host, port)])
    try:
        client = Client(address, security=credentials, timeout=timeout, set_as_default=False,
                        direct_to_workers=False)  # results come through the scheduler: one peer to allow
    except (OSError, TimeoutError) as error:
        why = str(error).splitlines()[0][:200] if str(error) else ""
        raise ClusterError(f"the cluster at {address} could not be reached or refused this workstation's "
                           f"certificate ({type(error).__name__}: {why}); check that its scheduler runs and that the "
                           "TLS folder holds certificates from the lab's CA") from None
    try:
        client.get_versions(check=True)  # Dask's own check: Python, dask, distributed, msgpack, ... everywhere
    except ValueError as error:
        client.close()
        raise EnvironmentMismatch(f"the cluster at {address} runs other package versions: "
                                  f"{str(error).splitlines()[0][:300]}") from None
    return client


def _needs_gpu(job: Any) -> bool:
    """A job the media or video stage will work on: a picture or video (by its known type, else its name)."""
    if not GPU_STAGES & set(getattr(job, "stages", ()) or ()):
        return False
    mime = getattr(job, "mime", None) or ""
    if mime:
        return mime.startswith(("image/", "video/"))
    return Path(getattr(job, "name", "")).suffix.lower() in MEDIA_SUFFIXES


class ClusterExecutor(Executor):
    """Item batches to the cluster; every other task (``submit``) to ``local``, the workstation's pool."""

    def __init__(self, client: Any, case: Any, run_id: int, local: Executor | None = None,
                 own_client: bool = False) -> None:
        from heroes_desktop.cluster.node import describe_node

        self.client, self.case, self.run_id, self.local = client, case, run_id, local
        self._own_client = own_client
        self.environment, self.digest = environment(), environment_digest()
        self._lock = threading.Lock()
        self._notes: list[tuple[str, dict[str, Any]]] = []
        self._in_flight: dict[str, Any] = {}
        self._parked: list[dict[str, Any]] = []  # batches waiting for a node to come (back)
        self.node_grace = NODE_GRACE_SECONDS
        self._bound: dict[str, tuple[Any, dict[str, Any]]] = {}  # in-flight batches, with the nodes they may use
        self._cancelled: dict[str, Any] = {}  # futures of batches sent again, held until Dask has cancelled them
        self._probes: dict[int, Any] = {}
        self._keys = itertools.count(1)
        self.batches: list[dict[str, Any]] = []  # what each batch cost (for the bench and the summary)
        self.nodes: dict[str, dict[str, Any]] = {}
        self._items_by_node: dict[str, int] = {}  # items each node returned, by the node's name (progress)
        self._refused: set[str] = set()
        nodes = client.run(describe_node)
        self._admit(nodes)
        if not self.nodes:
            refused = "; ".join(note["reason"] for _, note in self._notes)
            self._flush()
            raise EnvironmentMismatch(f"no node of the cluster can run this case's work: "
                                      f"{refused or 'the cluster has no workers'}")
        self.jobs = sum(int(info["nthreads"]) for info in self.nodes.values())
        self.gpu = any(info["resources"].get("GPU") for info in self.nodes.values())
        case.record("cluster.connected", {"run_id": run_id, "scheduler": client.scheduler.address,
                                          "digest": self.digest, "nodes": [
                                              {"node": address, "name": info["name"], "digest": info["digest"],
                                               "threads": info["nthreads"], "resources": info["resources"]}
                                              for address, info in sorted(self.nodes.items())]})
        self._flush()
        self._closing = threading.Event()
        self._watch = threading.Thread(target=self._watch_nodes, name="heroes-cluster-watch", daemon=True)
        self._watch.start()

    # ------------------------------------------------------------------------------------------ Executor API

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        if self.local is None:
            raise ClusterError("this cluster executor only runs item batches")
        return self.local.submit(fn, *args, **kwargs)

    def submit_limited(self, limits: TaskLimits, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """One batch to the cluster (``fn`` is ``process_items``, ``args`` its jobs)."""
        self._flush()
        future: Future = Future()
        jobs = args[0] if args and isinstance(args[0], list) else []
        batch = {"fn": fn, "args": args, "limits": limits, "future": future, "probes": self._probes_of(jobs),
                 "items": [getattr(job, "file_id", None) for job in jobs],
                 "gpu": self.gpu and any(_needs_gpu(job) for job in jobs),
                 "preload": self._preload_of(jobs), "sent": time.monotonic(), "resends": 0}
        self._send(batch)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closing.set()
        self._watch.join(timeout=10)
        with self._lock:
            pending = list(self._in_flight.values())
            self._in_flight.clear()
        if cancel_futures and pending:
            self.client.cancel(pending)
        self._flush()
        if self._own_client:
            self.client.close()

    # -------------------------------------------------------------------------------------------- internals

    def _admit(self, nodes: dict[str, dict[str, Any]]) -> None:
        """Take the nodes whose digest is ours; note the others' refusal with what differs."""
        for address, info in nodes.items():
            if info["digest"] == self.digest:
                with self._lock:
                    self.nodes[address] = info
                    self.jobs = sum(int(node["nthreads"]) for node in self.nodes.values())
                continue
            reason = (f"node {info['name']} ({address}) refused: its environment differs from the workstation's:"
                      f" {'; '.join(differences(self.environment, info['environment'])[:8])}")
            with self._lock:
                self._refused.add(address)
                self._notes.append(("cluster.node_refused", {"run_id": self.run_id, "node": address,
                                                             "name": info["name"], "digest": info["digest"],
                                                             "reason": reason}))

    def _watch_nodes(self) -> None:
        """Keep the node list true: a node that left is dropped, a new or restarted one (a nanny restarts a crashed
        worker under a new address) is checked and admitted, and a batch bound to nodes that are all gone is sent
        again to those left, so that no batch waits for a node that will not come back."""
        from heroes_desktop.cluster.node import describe_node

        while not self._closing.wait(WATCH_SECONDS):
            try:
                live = set(self.client.scheduler_info()["workers"])
                with self._lock:
                    gone = set(self.nodes) - live
                    for address in gone:
                        self.nodes.pop(address, None)
                    new = live - set(self.nodes) - self._refused
                if new:
                    self._admit(self.client.run(describe_node, workers=sorted(new)))
                with self._lock:
                    stranded = [(key, batch) for key, (future, batch) in self._bound.items()
                                if key in self._in_flight and not set(batch["workers"]) & set(self.nodes)]
                    for key, _ in stranded:
                        self._in_flight.pop(key, None)
                        self._bound.pop(key, None)
                for key, batch in stranded:
                    self.client.cancel([self._cancelled.setdefault(key, batch["dask_future"])])
                    self._send(batch)
                with self._lock:
                    parked, self._parked = self._parked, []
                for batch in parked:
                    self._send(batch)
            except Exception:  # noqa: BLE001 - the watch must not die: the next round tries again
                continue

    def _preload_of(self, jobs: list[Any]) -> tuple[str, ...]:
        from heroes_desktop.pipeline.registry import default_registry

        names = sorted({name for job in jobs for name in getattr(job, "stages", ())})
        return tuple(default_registry().modules(tuple(names))) if names else ()

    def _probes_of(self, jobs: list[Any]) -> tuple[Any, ...]:
        """The evidence probes of the batch's evidence (built once each, on first use)."""
        from heroes_desktop.cluster.evidence_probe import build_probe
        from heroes_desktop.pipeline.ingest import content_ref, volume_secrets_of

        if not self._probes:
            from sqlalchemy import select

            from heroes_desktop.case.schema import evidence
            from heroes_desktop.pipeline.evidence_intake import source_of

            with self.case.reading() as connection:
                self._sources = {source_of(row): row.id for row in connection.execute(select(evidence))}
                self._secrets = volume_secrets_of(connection)
        wanted = {self._sources.get(job.ref.source) for job in jobs if hasattr(job, "ref")} - {None}
        for evidence_id in wanted:
            if evidence_id not in self._probes:
                self._probes[evidence_id] = build_probe(self.case, evidence_id, content_ref, self._secrets)
        return tuple(self._probes[evidence_id] for evidence_id in sorted(wanted))

    def _send(self, batch: dict[str, Any]) -> None:
        from heroes_desktop.cluster.node import run_batch

        with self._lock:
            workers = sorted(self.nodes)
            if not workers and time.monotonic() - batch.setdefault("parked", time.monotonic()) < self.node_grace:
                self._parked.append(batch)  # a node may be restarting: the watch sends it once one is back
                return
        batch.pop("parked", None)
        if not workers:
            batch["future"].set_exception(NoNodeLeft("no node of the cluster is left to run the items (each was "
                                                     "refused: the custody log's cluster.node_refused says why); "
                                                     "the items not done stay pending"))
            return
        key = f"heroes-batch-{self.run_id}-{next(self._keys)}"
        batch["workers"] = workers
        dask_future = self.client.submit(
            run_batch, batch["fn"], batch["args"], batch["limits"], self.digest, self.environment, batch["probes"],
            batch["preload"], key=key, pure=False, workers=workers, allow_other_workers=False,
            resources={"GPU": 1} if batch["gpu"] else None)
        batch["dask_future"] = dask_future
        with self._lock:
            self._in_flight[key] = dask_future
            self._bound[key] = (dask_future, batch)
        dask_future.add_done_callback(lambda done: self._done(batch, key, done))

    def _refuse(self, node: str, reason: str) -> None:
        with self._lock:
            self._refused.add(node)
            info = self.nodes.pop(node, None)
            self.jobs = max(1, sum(int(other["nthreads"]) for other in self.nodes.values()))
            if info is not None:
                self._notes.append(("cluster.node_refused", {"run_id": self.run_id, "node": node,
                                                             "name": info["name"], "reason": reason}))

    def _done(self, batch: dict[str, Any], key: str, done: Any) -> None:
        """Runs in Dask's callback thread: no case access here, only notes the main thread writes later."""
        with self._lock:
            self._bound.pop(key, None)
            self._cancelled.pop(key, None)
            if self._in_flight.pop(key, None) is None:
                return  # shut down, or sent again elsewhere, meanwhile
        future: Future = batch["future"]
        try:
            reply = self._reply_of(done, batch["workers"])
            if reply is None:  # the node went before its reply was fetched: run the batch again elsewhere
                self._resend_lost(batch, key, done)
                return
        except NodeRefused as refusal:
            self._refuse(refusal.node, str(refusal))
            batch["resends"] += 1
            if batch["resends"] > MAX_RESENDS:
                future.set_exception(NoNodeLeft(f"a batch was refused by {MAX_RESENDS} nodes; last: {refusal}"))
            else:
                self._send(batch)
            return
        except BaseException as error:  # noqa: BLE001 - the batch's failure, handled by the ingest as a pool's
            future.set_exception(error if isinstance(error, Exception) else ClusterError(repr(error)))
            return
        if reply.digest != self.digest:  # the node checks too; never commit what another environment produced
            self._refuse(reply.node, f"node {reply.name} ({reply.node}) returned results from environment "
                                     f"{reply.digest}, not the workstation's {self.digest}: refused")
            self._send(batch)
            return
        wall = time.monotonic() - batch["sent"]
        note = {"run_id": self.run_id, "node": reply.node, "name": reply.name, "digest": reply.digest,
                "items": batch["items"], "node_seconds": round(reply.seconds, 4),
                "probe_seconds": round(reply.probe_seconds, 4), "wall_seconds": round(wall, 4)}
        with self._lock:
            self._notes.append(("cluster.batch", note))
            self.batches.append(note)
            self._items_by_node[reply.name] = self._items_by_node.get(reply.name, 0) + len(batch["items"])
        future.set_result(reply.results)

    def _reply_of(self, done: Any, workers: list[str]) -> Any:
        """The batch's reply, or None when it is lost: Dask clears a finished future when the node that holds the
        reply leaves before the client fetched it, and a plain ``result()`` would then wait forever for a rerun
        that the batch's node restriction forbids (CI once hung here)."""
        waited = 0.0
        while True:
            try:
                return done.result(timeout=RESULT_POLL_SECONDS)
            except TimeoutError:
                waited += RESULT_POLL_SECONDS
                with self._lock:
                    node_gone = not set(workers) & set(self.nodes)
                if done.status == "lost" or node_gone or waited >= RESULT_WAIT_SECONDS:
                    return None

    def _resend_lost(self, batch: dict[str, Any], key: str, done: Any) -> None:
        batch["resends"] += 1
        if batch["resends"] > MAX_RESENDS:
            batch["future"].set_exception(NoNodeLeft(f"a batch's reply was lost {MAX_RESENDS} times (its nodes left "
                                                     "before the reply was fetched)"))
            return
        with self._lock:
            self._notes.append(("cluster.batch_lost", {"run_id": self.run_id, "key": key,
                                                       "items": batch["items"], "workers": batch["workers"]}))
        try:
            self.client.cancel([done])
        except Exception:  # noqa: BLE001 - the client may be closing; the batch is sent again either way
            pass
        self._send(batch)

    def node_counts(self) -> dict[str, int]:
        """Items each node has returned so far, by node name (the ingest's progress shows them)."""
        with self._lock:
            return dict(sorted(self._items_by_node.items()))

    def _flush(self) -> None:
        """Write the custody events noted so far (main thread only: the writer's thread)."""
        with self._lock:
            notes, self._notes = self._notes, []
        for action, details in notes:
            self.case.record(action, json.loads(json.dumps(details, default=str)))


def open_cluster(case: Any, run_id: int, address: str, tls_dir: str | os.PathLike | None,
                 local: Executor | None = None) -> ClusterExecutor:
    """Connect to the cluster at ``address`` and return the executor the ingest gives its item batches to."""
    client = connect(address, tls_dir)
    try:
        return ClusterExecutor(client, case, run_id, local=local, own_client=True)
    except BaseException:
        client.close()
        raise
