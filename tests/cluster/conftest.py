"""A two-worker Dask cluster on loopback with mutual TLS, certificates from :mod:`heroes_desktop.cluster.certs`,
and the small training-like folder evidence the cluster tests ingest."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from heroes_desktop.cluster.certs import local_cluster_security, make_certificates

STAGES = ("filetype", "hash", "phash", "dates", "text")


def lab_security(folder: Path) -> Any:
    """Every role's certificate at once: a LocalCluster holds the scheduler and the workers in one process."""
    return local_cluster_security(folder)


def make_evidence(folder: Path, texts: int = 6) -> Path:
    """A few text files, a picture drawn with Pillow, a zip holding a text and a picture: the training case's kinds."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True)
    for index in range(texts):
        (folder / f"note{index:02d}.txt").write_text(f"Meeting at the harbour, note {index}. Call Ana at "
                                                     f"+34 600 000 0{index:02d}.\n" * (index + 1))
    picture = Image.new("RGB", (96, 64), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((8, 8, 40, 40), fill="red")
    draw.ellipse((50, 10, 90, 50), fill="blue")
    picture.save(folder / "shapes.png")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inside/letter.txt", "The shipment leaves on Friday.\n")
        archive.writestr("inside/shapes.jpg", buffer.getvalue())
    return folder


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls") / "lab"
    make_certificates(folder, workers=2)
    return folder


@pytest.fixture(scope="session")
def other_certs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls-other") / "lab"
    make_certificates(folder, workers=1, lab="Another lab")
    return folder


@pytest.fixture(scope="module")
def cluster(certs: Path) -> Iterator[Any]:
    """Two in-process workers (one thread each) behind a TLS scheduler on 127.0.0.1, the HEROES preload loaded."""
    import dask
    from distributed import LocalCluster

    from heroes_desktop.cluster.node import PRELOAD, close_pool

    with dask.config.set({"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tls", host="127.0.0.1",
                             security=lab_security(certs), dashboard_address="127.0.0.1:0", preload=[PRELOAD])
    try:
        yield local
    finally:
        from distributed import Client

        with Client(local, security=lab_security(certs), set_as_default=False) as client:
            client.run(close_pool)
        local.close()
