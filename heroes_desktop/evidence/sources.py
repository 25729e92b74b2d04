"""What a piece of evidence is: its format and all its segment files, found from the first one.

Formats are recognised by their signatures, never by name; a file that is none of them is a raw image.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from heroes_desktop.core.path_kinds import kind_of, shortened
from heroes_desktop.evidence.errors import UnsupportedEvidence
from heroes_desktop.evidence.read_only import read_at
from heroes_desktop.evidence.virtual_layout import HEAD_SIZE, detect_kind, layout

EWF_SIGNATURES = (b"EVF\x09\x0d\x0a\xff\x00", b"EVF2\x0d\x0a\x81\x00", b"LVF\x09\x0d\x0a\xff\x00")


class EvidenceFormat(StrEnum):
    RAW = "raw"
    SPLIT_RAW = "split-raw"
    EWF = "ewf"
    FOLDER = "folder"
    VMDK = "vmdk"
    VHD = "vhd"
    VHDX = "vhdx"
    QCOW = "qcow"


@dataclass(frozen=True)
class EvidenceSource:
    format: EvidenceFormat
    paths: tuple[str, ...]

    @property
    def first(self) -> Path:
        return Path(self.paths[0])


def identify(path: Path) -> EvidenceSource:
    """Recognise ``path`` (first segment, single image, virtual disk or folder) and list every file of it.

    For a virtual disk that is the file given, then its extents and its parent or backing chain.
    """
    path = Path(path).absolute()
    if path.is_dir():
        return EvidenceSource(EvidenceFormat.FOLDER, (str(path),))
    if not path.is_file():
        kind = kind_of(path)
        if kind == "a block device":
            raise UnsupportedEvidence(f"{path}: a block device; image it first (through a write blocker, e.g. with "
                                      "ewfacquire or dc3dd) and add the image")
        raise UnsupportedEvidence(f"{shortened(str(path))}: "
                                  + ("no such file or folder" if kind == "missing" else f"{kind}, not evidence"))
    head = read_at(str(path), 0, HEAD_SIZE)
    if head[:8] in EWF_SIGNATURES:
        return EvidenceSource(EvidenceFormat.EWF, tuple(_ewf_segments(path)))
    kind = detect_kind(path, head)
    if kind is not None:
        disk = layout(path, kind)
        return EvidenceSource(EvidenceFormat(disk.kind), disk.paths)
    segments = _split_raw_segments(path)
    if len(segments) > 1:
        return EvidenceSource(EvidenceFormat.SPLIT_RAW, tuple(str(p) for p in segments))
    return EvidenceSource(EvidenceFormat.RAW, (str(path),))


def _ewf_segments(first: Path) -> list[str]:
    import pyewf  # libewf's own segment naming rules (E01..E99, EAA.., Ex01, ...)

    segments = pyewf.glob(str(first))
    if not segments:
        raise UnsupportedEvidence(f"{first}: no EWF segments found")
    return list(segments)


_NUMERIC = re.compile(r"^(?P<stem>.*\.)(?P<number>\d{2,4})$")
_ALPHA = re.compile(r"^(?P<stem>.*\.)(?P<letters>[a-z]{2})$")


def _split_raw_segments(first: Path) -> list[Path]:
    """``x.000, x.001 ...``, ``x.001, x.002 ...`` or ``x.aa, x.ab ...``; a lone file is one segment."""
    name = first.name
    numeric, alpha = _NUMERIC.match(name), _ALPHA.match(name)
    if numeric and int(numeric["number"]) in (0, 1):
        width, number, stem = len(numeric["number"]), int(numeric["number"]), numeric["stem"]
        names = (f"{stem}{n:0{width}d}" for n in range(number, 10**width))
    elif alpha and alpha["letters"] == "aa":
        stem = alpha["stem"]
        names = (f"{stem}{a}{b}" for a in string.ascii_lowercase for b in string.ascii_lowercase)
    else:
        return [first]
    segments = []
    for candidate in names:
        segment = first.with_name(candidate)
        if not segment.is_file():
            break
        segments.append(segment)
    return segments
