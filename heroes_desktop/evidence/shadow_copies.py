"""Volume Shadow Copy stores of an NTFS volume, each read as the whole volume as it was when its snapshot was taken.

A store keeps only the blocks that changed after its snapshot; libvshadow puts them together with the live volume's
bytes, so a store reads like a volume of its own and TSK walks it like any other. Discovery lists the stores
(:func:`list_stores`); the ``vss`` layer (``{"type": "vss", "store": i}``) opens one (:func:`open_store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyvshadow

from heroes_desktop.evidence.entries import iso_utc
from heroes_desktop.evidence.errors import ImageReadError, first_line
from heroes_desktop.evidence.readers import ImageReader
from heroes_desktop.evidence.volume_stack import FileObjectOverReader, VolumeLayerError

FILETIME_EPOCH_OFFSET = 11_644_473_600  # seconds from 1601-01-01 to 1970-01-01


class ShadowCopyError(VolumeLayerError):
    """A volume's shadow-copy catalog or one of its stores cannot be read."""


@dataclass(frozen=True)
class ShadowStore:
    """One store as discovery reports it: its position in the catalog, when it was made, the volume size it gives."""

    index: int
    created: str | None  # ISO 8601 UTC
    size: int


def filetime_iso(filetime: int) -> str | None:
    """A Windows FILETIME (100 ns since 1601) as ISO 8601 UTC."""
    if filetime <= 0:
        return None
    seconds, hundreds = divmod(filetime, 10_000_000)
    return iso_utc(seconds - FILETIME_EPOCH_OFFSET, hundreds * 100)


def has_shadow_copies(reader: ImageReader) -> bool:
    """Whether the volume carries a shadow-copy volume header (a catalog may still be empty or damaged)."""
    try:
        return bool(pyvshadow.check_volume_signature_file_object(FileObjectOverReader(reader)))
    except OSError:
        return False


def _open_catalog(reader: ImageReader) -> Any:
    """libvshadow's view of the volume (the binding keeps the file object alive while the volume is open)."""
    volume = pyvshadow.volume()
    try:
        volume.open_file_object(FileObjectOverReader(reader))
    except OSError as error:
        raise ShadowCopyError(f"shadow-copy catalog unreadable: {first_line(error)}") from None
    return volume


def list_stores(reader: ImageReader) -> list[ShadowStore]:
    """The stores of a volume's catalog, oldest first (``reader`` stays open: the caller owns it)."""
    volume = _open_catalog(reader)
    try:
        stores = []
        for index in range(volume.number_of_stores):
            try:
                store = volume.get_store(index)
                stores.append(ShadowStore(index, filetime_iso(store.get_creation_time_as_integer()),
                                          int(store.volume_size)))
            except OSError as error:
                raise ShadowCopyError(f"shadow-copy store {index + 1} unreadable: {first_line(error)}") from None
        return stores
    finally:
        volume.close()


class ShadowStoreReader:
    """The volume as one store gives it, as a reader; closing it closes the reader below."""

    def __init__(self, below: ImageReader, volume: Any, store: Any, index: int) -> None:
        self._below, self._volume, self._store, self._index = below, volume, store, index
        self.size = int(store.volume_size)

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        try:
            return self._store.read_buffer_at_offset(min(length, self.size - offset), offset)
        except OSError as error:
            raise ImageReadError(f"shadow copy {self._index + 1}: read failed at offset {offset}: "
                                 f"{first_line(error)}", offset) from None

    def close(self) -> None:
        try:
            self._volume.close()
        finally:
            self._below.close()


def open_store(below: ImageReader, layer: dict[str, Any], secret: str | None) -> ShadowStoreReader:
    """The ``vss`` layer: store ``layer["store"]`` (0-based) of the NTFS volume ``below`` (no secret needed)."""
    index = layer.get("store")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ShadowCopyError(f"vss layer without a store number: {layer!r}")
    volume = _open_catalog(below)
    try:
        if index >= volume.number_of_stores:
            raise ShadowCopyError(f"no shadow-copy store {index + 1}: the volume has {volume.number_of_stores}")
        store = volume.get_store(index)
    except OSError as error:
        volume.close()
        raise ShadowCopyError(f"shadow-copy store {index + 1} unreadable: {first_line(error)}") from None
    except ShadowCopyError:
        volume.close()
        raise
    return ShadowStoreReader(below, volume, store, index)
