"""What runs on a cluster node (a Dask worker): batches of items, run with the existing stages inside a node-local
HEROES worker pool sized to the worker's threads, returning the results the local pool returns.

A node holds no case key and no case file: a batch carries only what its items need (where their bytes are, the
stages to run, the run's stage settings; the key of an unlocked volume travels with its items, in memory). Nothing
derived from evidence is written to the node's disk: the stage workers keep their transient copies in private
memory-backed folders as on the workstation, and the Dask worker keeps results in memory until the workstation has
them (spilling to disk is switched off by ``heroes cluster worker``).

This module is also the Dask preload of ``heroes cluster worker`` (:func:`dask_setup`): it records the node's
environment digest and, in a worker started by the command, installs the network guard with the cluster's narrow
exception.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from heroes_desktop.cluster.digest import differences, environment, environment_digest
from heroes_desktop.cluster.errors import EnvironmentMismatch, EvidenceMismatch, NodeRefused
from heroes_desktop.cluster.evidence_probe import EvidenceProbe, check_probe
from heroes_desktop.pipeline.worker_pool import TaskLimits, WorkerPool

PRELOAD = "heroes_desktop.cluster.node"
GUARD_ENV = "HEROES_CLUSTER_GUARD"  # JSON {"peers": [[host, port]], "binds": [...], "networks": [...]}
PROBE_SECONDS = 600.0


@dataclass
class NodeReply:
    """A batch's results and who produced them."""

    results: Any
    node: str  # the Dask worker's address
    name: str  # its name (host and worker number)
    digest: str
    seconds: float  # on the node, probes included
    probe_seconds: float = 0.0


@dataclass
class _NodeState:
    environment: dict[str, Any]
    digest: str
    pool: WorkerPool | None = None
    checked: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


_states_lock = threading.Lock()


def dask_setup(worker: Any) -> None:
    """Dask's preload hook: the guard first (when the command asked for it), then the node's digest."""
    allowances = os.environ.get(GUARD_ENV)
    if allowances:
        from heroes_desktop.cluster.network import open_guard
        from heroes_desktop.core import network_guard

        allowed = json.loads(allowances)
        network_guard.install()
        open_guard(peers=[tuple(peer) for peer in allowed.get("peers", [])], binds=allowed.get("binds", []),
                   networks=allowed.get("networks", []))
    _state(worker)


def _state(worker: Any) -> _NodeState:
    with _states_lock:
        state = getattr(worker, "heroes_state", None)
        if state is None:
            state = _NodeState(environment(), environment_digest())
            worker.heroes_state = state
        return state


def describe_node(dask_worker: Any) -> dict[str, Any]:
    """For ``Client.run``: the node's environment and digest (as the workstation checks them before any batch)."""
    state = _state(dask_worker)
    return {"environment": state.environment, "digest": state.digest, "name": str(dask_worker.name),
            "nthreads": dask_worker.state.nthreads, "resources": dict(dask_worker.state.total_resources)}


def _pool(state: _NodeState, worker: Any, preload: tuple[str, ...]) -> WorkerPool:
    with state.lock:
        if state.pool is None:
            state.pool = WorkerPool(worker.state.nthreads, preload=preload)
        return state.pool


def close_pool(dask_worker: Any) -> None:
    """For ``Client.run`` and the worker's teardown: stop the node-local pool."""
    state = getattr(dask_worker, "heroes_state", None)
    if state is not None and state.pool is not None:
        state.pool.shutdown(wait=True, cancel_futures=True)
        state.pool = None


def dask_teardown(worker: Any) -> None:
    close_pool(worker)


def run_batch(function: Any, args: tuple[Any, ...], limits: TaskLimits, expected_digest: str,
              expected_environment: dict[str, Any], probes: tuple[EvidenceProbe, ...] = (),
              preload: tuple[str, ...] = ()) -> NodeReply:
    """Run ``function(*args)`` (``process_items`` on a batch of jobs) in the node's pool, within ``limits``.

    Refuses (:class:`EnvironmentMismatch`) when this node's environment is not the workstation's, and
    (:class:`EvidenceMismatch`) when it reads other evidence than the case recorded; a failure of the task itself
    (a crashed, hung or ballooning stage worker) is raised as the local pool raises it."""
    from distributed import get_worker

    worker = get_worker()
    state = _state(worker)
    if state.digest != expected_digest:
        raise EnvironmentMismatch(
            f"node {worker.name} ({worker.address}) refused: its environment differs from the workstation's: "
            f"{'; '.join(differences(expected_environment, state.environment)[:8])}", worker.address)
    started = time.monotonic()
    try:
        pool = _pool(state, worker, preload)
    except Exception as error:  # noqa: BLE001 - this node cannot run stages at all: not the items' fault
        raise NodeRefused(f"node {worker.name} ({worker.address}) refused: it cannot start its stage workers "
                          f"({type(error).__name__}: {error})", worker.address) from None
    for probe in probes:
        if probe.key in state.checked:
            continue
        try:
            problems = pool.submit_limited(TaskLimits(seconds=PROBE_SECONDS), check_probe, probe).result()
        except Exception as error:  # noqa: BLE001 - the probe's own worker crashed or hung
            problems = [f"the evidence check failed ({type(error).__name__}: {error})"]
        if problems:
            raise EvidenceMismatch(f"node {worker.name} ({worker.address}) refused for evidence {probe.evidence_id}:"
                                   f" it does not read the same evidence: {'; '.join(problems[:5])}", worker.address)
        state.checked.add(probe.key)
    probe_seconds = time.monotonic() - started
    results = pool.submit_limited(limits, function, *args).result()
    return NodeReply(results, worker.address, str(worker.name), state.digest, time.monotonic() - started,
                     probe_seconds)

