"""APFS containers (libfsapfs): the volumes one holds, and the ``apfs`` layer that opens one of them.

An APFS container is a pool of blocks shared by its volumes, so a volume is not a byte range TSK could be pointed
at: the ``apfs`` layer (``{"type": "apfs", "volume": i}``) is always the last one, and its volume is walked by
:mod:`heroes_desktop.evidence.apfs_walk` and read by :mod:`heroes_desktop.evidence.apfs_content` instead of TSK.
An encrypted volume is unlocked with its layer's secret (a password, else a recovery key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyfsapfs

from heroes_desktop.evidence.errors import first_line
from heroes_desktop.evidence.readers import ImageReader
from heroes_desktop.evidence.sources import EvidenceSource
from heroes_desktop.evidence.volume_stack import (
    FileObjectOverReader,
    VolumeKeyRejected,
    VolumeLayerError,
    VolumeSpec,
    open_volume,
)

APFS_MAGIC = b"NXSB"
APFS_MAGIC_OFFSET = 32  # in the container superblock, block 0


class ApfsError(VolumeLayerError):
    """An APFS container or volume cannot be read, or a locked volume cannot be unlocked."""


@dataclass(frozen=True)
class ApfsVolumeInfo:
    """One volume of a container as discovery reports it (``error`` says why a damaged one cannot be read)."""

    index: int
    name: str
    identifier: str
    locked: bool
    error: str | None = None


def is_apfs_container(reader: ImageReader) -> bool:
    return reader.read(APFS_MAGIC_OFFSET, len(APFS_MAGIC)) == APFS_MAGIC


def ends_in_apfs(spec: VolumeSpec) -> bool:
    """Whether a volume's file system is an APFS volume (its last layer is ``apfs``): walked without TSK."""
    layers = spec.layer_list
    return bool(layers) and layers[-1].get("type") == "apfs"


def _open_container(reader: ImageReader) -> Any:
    """libfsapfs's container over ``reader`` (the binding keeps the file object alive while it is open)."""
    container = pyfsapfs.container()
    try:
        container.open_file_object(FileObjectOverReader(reader))
    except OSError as error:
        raise ApfsError(f"APFS container unreadable: {first_line(error)}") from None
    return container


def list_apfs_volumes(reader: ImageReader) -> list[ApfsVolumeInfo]:
    """The volumes of the container ``reader`` holds, in container order (``reader`` stays open); a damaged
    volume is listed with its error, and the others still are."""
    container = _open_container(reader)
    try:
        volumes = []
        for index in range(container.number_of_volumes):
            try:
                volume = container.get_volume(index)
                volumes.append(ApfsVolumeInfo(index, volume.name or "", str(volume.identifier),
                                              bool(volume.is_locked())))
            except OSError as error:
                volumes.append(ApfsVolumeInfo(index, "", "", False,
                                              f"APFS volume {index + 1} unreadable: {first_line(error)}"))
        return volumes
    finally:
        container.close()


def _unlock(volume: Any, index: int, secret: str | None) -> None:
    if not volume.is_locked():
        return
    if secret is None:
        raise VolumeKeyRejected(f"APFS volume {index + 1} is encrypted and no key was given")
    for setter in (volume.set_password, volume.set_recovery_password):
        try:
            setter(secret)
            if volume.unlock():
                return
        except OSError:
            continue
    raise VolumeKeyRejected(f"APFS volume {index + 1}: the key does not unlock it")


class ApfsVolumeReader:
    """The container's bytes (a reader like any layer's) and one of its volumes, opened and unlocked, which the
    APFS walk and content reader use; closing it closes the container and the reader below."""

    def __init__(self, below: ImageReader, container: Any, volume: Any, index: int) -> None:
        self._below, self._container = below, container
        self.volume, self.index = volume, index
        self.size = below.size

    def read(self, offset: int, length: int) -> bytes:
        return self._below.read(offset, length)

    def close(self) -> None:
        try:
            self._container.close()
        finally:
            self._below.close()


def open_apfs_layer(below: ImageReader, layer: dict[str, Any], secret: str | None) -> ApfsVolumeReader:
    """The ``apfs`` layer: volume ``layer["volume"]`` (0-based) of the container ``below``, unlocked if need be."""
    index = layer.get("volume")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ApfsError(f"apfs layer without a volume number: {layer!r}")
    container = _open_container(below)
    try:
        if index >= container.number_of_volumes:
            raise ApfsError(f"no APFS volume {index + 1}: the container has {container.number_of_volumes}")
        volume = container.get_volume(index)
        _unlock(volume, index, secret)
    except OSError as error:
        container.close()
        raise ApfsError(f"APFS volume {index + 1} unreadable: {first_line(error)}") from None
    except ApfsError:
        container.close()
        raise
    return ApfsVolumeReader(below, container, volume, index)


def open_apfs_volume(source: EvidenceSource, spec: VolumeSpec,
                     secrets: dict[int, str] | None = None) -> ApfsVolumeReader:
    """The APFS volume a spec ending in an ``apfs`` layer names (close it when done)."""
    reader = open_volume(source, spec, secrets)
    if not isinstance(reader, ApfsVolumeReader):
        reader.close()
        raise ApfsError("the volume's last layer is not an APFS volume")
    return reader
