"""The Sleuth Kit over any of our readers: a ``pytsk3.Img_Info`` whose reads come from Python."""

from __future__ import annotations

import pytsk3

from heroes_desktop.evidence.readers import open_image
from heroes_desktop.evidence.sources import EvidenceSource


class TskImage(pytsk3.Img_Info):
    """Raw, split raw and EWF images as one Img_Info for TSK (read-only by construction)."""

    def __init__(self, source: EvidenceSource) -> None:
        self._reader = open_image(source)
        super().__init__(url="", type=pytsk3.TSK_IMG_TYPE_EXTERNAL)

    def read(self, offset: int, size: int) -> bytes:  # called by TSK
        return self._reader.read(offset, size)

    def get_size(self) -> int:  # called by TSK
        return self._reader.size

    def close(self) -> None:
        self._reader.close()
