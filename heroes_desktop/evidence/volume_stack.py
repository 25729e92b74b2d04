"""The bytes of a file system: the evidence image, a window on one partition, then any layers above it.

A layer turns one volume's bytes into another's: a Volume Shadow Copy store, a decrypted BitLocker or LUKS volume,
an APFS container's volume. Layers are plain JSON (``[{"type": "vss", "store": 0}, ...]``) stored with the volume
row; the secrets some layers need travel separately and are never stored with them. Each kind of layer registers
an opener in the explicit table of :mod:`heroes_desktop.evidence.layers`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heroes_desktop.core.errors import ExitCode
from heroes_desktop.evidence.errors import EvidenceError, ImageReadError
from heroes_desktop.evidence.readers import ImageReader, open_image
from heroes_desktop.evidence.sources import EvidenceSource


class VolumeLayerError(EvidenceError):
    """A layer could not be opened (a wrong key, a damaged shadow-copy store, an unknown kind of layer)."""


class VolumeKeyRejected(VolumeLayerError):
    """The key does not unlock the volume, or is not a key of the kind the volume takes: the evidence is fine."""

    exit_code = ExitCode.FAILURE


class EncryptedVolumeUnreadable(VolumeLayerError):
    """The encrypted volume's metadata cannot be read: damaged, truncated, or a version the library does not read."""


@dataclass(frozen=True)
class VolumeSpec:
    """Where a file system starts in its image, and the layers (JSON text, so that the spec is hashable)."""

    offset: int
    length: int = 0
    layers: str = "[]"

    @property
    def layer_list(self) -> list[dict[str, Any]]:
        return json.loads(self.layers or "[]")


class WindowReader:
    """A byte range of another reader (a partition), seen from offset 0."""

    def __init__(self, inner: ImageReader, offset: int, length: int) -> None:
        self._inner, self._offset = inner, offset
        self.size = max(0, min(length or inner.size - offset, inner.size - offset))

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        return self._inner.read(self._offset + offset, min(length, self.size - offset))

    def close(self) -> None:
        self._inner.close()


class FileObjectOverReader:
    """A read-only Python file object over a reader, for the libyal bindings' ``open_file_object``."""

    def __init__(self, reader: ImageReader) -> None:
        self._reader, self._position = reader, 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._reader.size - self._position
        try:
            data = self._reader.read(self._position, size)
        except ImageReadError:
            raise OSError(f"read failed at offset {self._position}") from None
        self._position += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: self._reader.size}[whence]
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def get_size(self) -> int:
        return self._reader.size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def close(self) -> None:
        pass


# A layer opener: (reader below, the layer's JSON, its secret or None) -> the reader above.
LayerOpener = Callable[[ImageReader, dict[str, Any], str | None], ImageReader]


def open_volume(source: EvidenceSource, spec: VolumeSpec, secrets: dict[int, str] | None = None) -> ImageReader:
    """A reader over the file system's bytes (offset 0 is the file system's first byte) when there are layers.

    ``secrets`` maps a layer's position in the list to its key. Without layers, callers keep reading the image at
    ``spec.offset`` as before (TSK is told the offset).
    """
    from heroes_desktop.evidence.layers import LAYER_OPENERS  # the layer modules import this one

    reader: ImageReader = WindowReader(open_image(source), spec.offset, spec.length)
    try:
        for position, layer in enumerate(spec.layer_list):
            opener = LAYER_OPENERS.get(layer.get("type", ""))
            if opener is None:
                raise VolumeLayerError(f"unknown volume layer {layer.get('type')!r}")
            reader = opener(reader, layer, (secrets or {}).get(position))
    except Exception:
        reader.close()
        raise
    return reader
