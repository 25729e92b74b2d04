"""``heroes cluster certs``: a lab certificate authority and the certificates of the scheduler, each worker and
each workstation, for Dask's mutual TLS.

Every file goes into one folder; private keys are written mode 0600 (created so, never widened afterwards). The CA's
private key lets whoever holds it admit new nodes: keep the folder's ``ca.key`` offline once the lab is set up.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CA_FILE = "ca.pem"
CA_KEY = "ca.key"
VALID_DAYS = 825


@dataclass(frozen=True)
class TlsFiles:
    """The files one role presents: its certificate and key, and the lab CA it trusts."""

    ca: Path
    cert: Path
    key: Path


def role_files(folder: Path, role: str) -> TlsFiles:
    """``role`` is ``scheduler``, ``client`` or ``worker`` (or ``worker-N``: one worker's own certificate)."""
    folder = Path(folder)
    if role == "worker" and not (folder / "worker.pem").exists():
        numbered = sorted(folder.glob("worker-*.pem"))
        if numbered:
            role = numbered[0].stem
    return TlsFiles(folder / CA_FILE, folder / f"{role}.pem", folder / f"{role}.key")


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode otherwise
        os.write(descriptor, data)
    finally:
        os.close(descriptor)


def _key_bytes(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _sans(hosts: tuple[str, ...]) -> list:
    from cryptography import x509

    names: list = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def make_certificates(out: Path, workers: int = 1, workstations: int = 1, hosts: tuple[str, ...] = (),
                      lab: str = "HEROES lab") -> list[Path]:
    """Write the CA and the certificates into ``out``; returns the files written. Refuses to overwrite a CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    from heroes_desktop.cluster.errors import ClusterUsageError

    out = Path(out)
    if (out / CA_FILE).exists():
        raise ClusterUsageError(f"{out} already holds a lab CA; use another folder (certificates from two CAs "
                                "cannot talk to each other)")
    if workers < 1:
        raise ClusterUsageError(f"--workers must be 1 or more, not {workers}")
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, lab),
                         x509.NameAttribute(NameOID.COMMON_NAME, f"{lab} cluster CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                            content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    written = [out / CA_FILE, out / CA_KEY]
    (out / CA_FILE).write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_private(out / CA_KEY, _key_bytes(ca_key))
    roles = ["scheduler", *[f"worker-{index}" for index in range(1, workers + 1)],
             *(["client"] if workstations == 1 else [f"client-{i}" for i in range(1, workstations + 1)])]
    for role in roles:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, lab),
                                         x509.NameAttribute(NameOID.COMMON_NAME, f"heroes-{role}")]))
                .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                      ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
                .add_extension(x509.SubjectAlternativeName(_sans(hosts)), critical=False)
                .sign(ca_key, hashes.SHA256()))
        (out / f"{role}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        _write_private(out / f"{role}.key", _key_bytes(key))
        written += [out / f"{role}.pem", out / f"{role}.key"]
    return written


def security(folder: Path | str, role: str):  # type: ignore[no-untyped-def]
    """Dask's ``Security`` for ``role`` with encryption required; a clear error when a file is missing."""
    from distributed.security import Security

    from heroes_desktop.cluster.errors import ClusterUsageError

    files = role_files(Path(folder), role)
    missing = [str(path) for path in (files.ca, files.cert, files.key) if not path.exists()]
    if missing:
        raise ClusterUsageError(f"TLS files missing for the {role}: {', '.join(missing)} (make them with "
                                "`heroes cluster certs --out DIR`)")
    kind = "worker" if role.startswith("worker") else "client" if role.startswith("client") else "scheduler"
    return Security(require_encryption=True, tls_ca_file=str(files.ca),
                    **{f"tls_{kind}_cert": str(files.cert), f"tls_{kind}_key": str(files.key)})


def local_cluster_security(folder: Path | str):  # type: ignore[no-untyped-def]
    """Every role's certificate at once, for a ``LocalCluster`` (scheduler, workers and client in one process or
    on one machine: the tests and ``scripts/bench_cluster.py``)."""
    from distributed.security import Security

    folder = Path(folder)
    worker = role_files(folder, "worker")
    return Security(require_encryption=True, tls_ca_file=str(folder / CA_FILE),
                    tls_scheduler_cert=str(folder / "scheduler.pem"), tls_scheduler_key=str(folder / "scheduler.key"),
                    tls_worker_cert=str(worker.cert), tls_worker_key=str(worker.key),
                    tls_client_cert=str(folder / "client.pem"), tls_client_key=str(folder / "client.key"))
