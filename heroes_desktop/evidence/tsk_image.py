"""The Sleuth Kit over any of our readers: a ``pytsk3.Img_Info`` whose reads come from Python."""

from __future__ import annotations

import pytsk3

from heroes_desktop.evidence.readers import ImageReader, open_image
from heroes_desktop.evidence.sources import EvidenceSource
from heroes_desktop.evidence.volume_stack import VolumeSpec, open_volume


class TskImage(pytsk3.Img_Info):
    """Raw, split raw, EWF and virtual-disk images, or a layered volume, as one Img_Info for TSK (read-only by
    construction)."""

    def __init__(self, source: EvidenceSource, reader: ImageReader | None = None) -> None:
        self._reader = reader if reader is not None else open_image(source)
        super().__init__(url="", type=pytsk3.TSK_IMG_TYPE_EXTERNAL)

    def read(self, offset: int, size: int) -> bytes:  # called by TSK
        return self._reader.read(offset, size)

    def get_size(self) -> int:  # called by TSK
        return self._reader.size

    def close(self) -> None:
        self._reader.close()


def open_tsk_file_system(source: EvidenceSource, spec: VolumeSpec,
                         secrets: dict[int, str] | None = None) -> tuple[TskImage, pytsk3.FS_Info]:
    """The image (close it when done) and TSK's file system for a volume, through its layers if it has any."""
    if not spec.layer_list:
        image = TskImage(source)
        offset = spec.offset
    else:
        image = TskImage(source, open_volume(source, spec, secrets))
        offset = 0
    try:
        return image, pytsk3.FS_Info(image, offset=offset)
    except Exception:
        image.close()
        raise
