"""Who the cluster refuses: a client without a certificate or with one from another lab's CA, an address without
TLS, and a node whose environment digest differs from the workstation's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heroes_desktop.case.case_file import Case
from heroes_desktop.cluster.client import TLS_ENV, connect, parse_address, tls_folder
from heroes_desktop.cluster.errors import ClusterError, ClusterUsageError, EnvironmentMismatch
from heroes_desktop.identity.actor import Actor
from heroes_desktop.identity.keys import SigningKey
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.cluster.conftest import STAGES, make_evidence
from tests.conftest import PASSPHRASE


def other_environment(changes: dict[str, Any] | None, dask_worker: Any = None) -> str:
    """Pretend this node runs another version of a package (None: its real environment again)."""
    from heroes_desktop.cluster.digest import digest_of, environment, environment_digest

    state = dask_worker.heroes_state
    if changes is None:
        state.environment, state.digest = environment(), environment_digest()
    else:
        state.environment = {**environment(), "packages": {**environment()["packages"], **changes}}
        state.digest = digest_of(state.environment)
    return state.digest


def test_a_client_without_certificate_is_refused(cluster: Any, certs: Path) -> None:
    """Dask will not even build a client without a certificate; a bare TLS client that trusts the lab CA but shows
    none is cut off by the scheduler before a single byte of Dask's protocol."""
    import socket
    import ssl

    host, port = parse_address(cluster.scheduler_address)
    context = ssl.create_default_context(cafile=str(certs / "ca.pem"))
    context.check_hostname = False
    with socket.create_connection((host, port), timeout=5) as raw:
        try:
            with context.wrap_socket(raw) as tls:
                tls.sendall(b"\x00" * 8)
                refused = tls.recv(1) == b""
        except (ssl.SSLError, ConnectionError):
            refused = True
    assert refused


def test_a_client_with_another_labs_certificate_is_refused(cluster: Any, other_certs: Path) -> None:
    with pytest.raises(ClusterError, match="could not be reached or refused this workstation's certificate"):
        connect(cluster.scheduler_address, other_certs, timeout=2)


def test_the_address_must_be_tls(tmp_path: Path, certs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ClusterUsageError, match="TLS is required"):
        parse_address("tcp://127.0.0.1:8786")
    monkeypatch.delenv(TLS_ENV, raising=False)
    with pytest.raises(ClusterUsageError, match="--tls-dir"):
        connect("tls://127.0.0.1:8786", None)
    monkeypatch.setenv(TLS_ENV, str(certs))
    assert tls_folder(None) == certs and tls_folder(tmp_path) == tmp_path
    with pytest.raises(ClusterUsageError, match="TLS files missing"):
        connect("tls://127.0.0.1:8786", tmp_path)


def test_a_node_with_another_environment_is_refused(tmp_path: Path, cluster: Any, certs: Path, examiner: Actor,
                                                    examiner_key: SigningKey) -> None:
    folder = make_evidence(tmp_path / "seized")
    addresses = sorted(cluster.scheduler_info["workers"])
    with connect(cluster.scheduler_address, certs) as client:
        client.run(other_environment, {"numpy": "0.0.1"}, workers=[addresses[0]])
        try:
            with Case.create(tmp_path / "c.heroes", PASSPHRASE, examiner, examiner_key) as case:
                add_evidence(case, folder)
                summary = ingest(case, IngestOptions(jobs=1, stages=STAGES, cluster=cluster.scheduler_address,
                                                     tls_dir=str(certs), task_items=2))
                events = case.events()
                statuses = {record["status"] for record in iter_files(case)}
            refused = [event.details for event in events if event.action == "cluster.node_refused"]
            assert summary.status == "finished" and statuses == {"ok"}
            assert [entry["node"] for entry in refused] == [addresses[0]]
            assert "environment differs" in refused[0]["reason"] and "package numpy" in refused[0]["reason"]
            assert "0.0.1 there" in refused[0]["reason"]
            batches = [event.details for event in events if event.action == "cluster.batch"]
            assert batches and {batch["node"] for batch in batches} == {addresses[1]}

            client.run(other_environment, {"numpy": "0.0.1"}, workers=[addresses[1]])
            with Case.create(tmp_path / "d.heroes", PASSPHRASE, examiner, examiner_key) as case:
                add_evidence(case, folder)
                with pytest.raises(EnvironmentMismatch, match="no node of the cluster can run this case's work.*numpy"):
                    ingest(case, IngestOptions(jobs=1, stages=STAGES, cluster=cluster.scheduler_address,
                                               tls_dir=str(certs)))
                assert {record["status"] for record in iter_files(case)} <= {"pending", "ok"}
        finally:
            client.run(other_environment, None)


def test_the_node_itself_refuses_a_batch_from_another_environment(cluster: Any, certs: Path) -> None:
    from heroes_desktop.cluster.digest import environment
    from heroes_desktop.cluster.node import run_batch
    from heroes_desktop.pipeline.worker_pool import TaskLimits

    theirs = {**environment(), "program": "heroes-desktop 9.9"}
    with connect(cluster.scheduler_address, certs) as client:
        future = client.submit(run_batch, sum, ([1, 2],), TaskLimits(seconds=30), "0" * 64, theirs, pure=False)
        with pytest.raises(EnvironmentMismatch, match="program heroes-desktop 9.9 here, heroes-desktop 0.1.0 there"):
            future.result(timeout=30)
