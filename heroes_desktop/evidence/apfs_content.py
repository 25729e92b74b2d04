"""Read an APFS entry's bytes (its data, or one extended attribute) in chunks through libfsapfs (worker side)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from heroes_desktop.evidence.apfs_container import ApfsError, ApfsVolumeReader, open_apfs_volume
from heroes_desktop.evidence.errors import ContentReadError, first_line
from heroes_desktop.evidence.sources import EvidenceSource
from heroes_desktop.evidence.volume_stack import VolumeSpec


class OpenApfsVolumes:
    """Per-worker cache of opened APFS volumes, so a batch of items opens (and unlocks) each once."""

    def __init__(self, capacity: int = 4) -> None:
        self._capacity = capacity
        self._open: dict[tuple[Any, ...], ApfsVolumeReader] = {}

    def get(self, source: EvidenceSource, spec: VolumeSpec, secrets: tuple[tuple[int, str], ...] = ()) -> Any:
        key = (source.paths, spec, secrets)
        if key not in self._open:
            if len(self._open) >= self._capacity:
                _, reader = self._open.popitem()
                reader.close()
            self._open[key] = open_apfs_volume(source, spec, dict(secrets))
        return self._open[key].volume


_CACHE = OpenApfsVolumes()


def iter_apfs_content(source: EvidenceSource, spec: VolumeSpec, secrets: tuple[tuple[int, str], ...],
                      identifier: int, attribute: int | None, size: int, chunk_size: int) -> Iterator[bytes]:
    """Yield the bytes of file ``identifier`` (or of its extended attribute number ``attribute``) in order; raises
    :class:`ContentReadError` where reading stops early."""
    try:
        volume = _CACHE.get(source, spec, secrets)
        stream = volume.get_file_entry_by_identifier(identifier)
        if attribute is not None:
            stream = stream.get_extended_attribute(attribute)
    except (OSError, ApfsError) as error:
        raise ContentReadError(f"cannot open APFS entry {identifier}: {first_line(error)}", 0) from None
    offset = 0
    while offset < size:
        try:
            data = stream.read_buffer_at_offset(min(chunk_size, size - offset), offset)
        except OSError as error:
            raise ContentReadError(f"read failed at offset {offset}: {first_line(error)}", offset) from None
        if not data:
            raise ContentReadError(f"content ends at offset {offset} of {size}", offset)
        offset += len(data)
        yield data
