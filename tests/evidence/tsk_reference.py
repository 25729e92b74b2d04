"""What The Sleuth Kit's own tools report for a file system: ``fls -r -p`` for the names, ``icat`` for the bytes.

The reference side of the differential tests (evidence walk, training answer key): Debian's sleuthkit, a separate
build of TSK from the one pytsk3 bundles, run as a separate process on the same image.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

FLS = shutil.which("fls")
ICAT = shutil.which("icat")
EMPTY_MD5 = hashlib.md5(b"").hexdigest()
# "r/r * 66-128-4(realloc):\tmult1.dat:ADS"
_LINE = re.compile(r"^(?P<name_type>.)/(?P<meta_type>.) (?P<deleted>\* )?(?P<address>[0-9-]+)(?P<realloc>\(realloc\))?:"
                   r"\t(?P<path>.*)$")


@dataclass(frozen=True)
class ReferenceEntry:
    path: str  # "/"-rooted, as HEROES writes paths
    address: str  # for icat; NTFS: record-type-id
    name_type: str
    meta_type: str
    deleted: bool
    realloc: bool
    md5: str | None = None  # icat's bytes; None for directories, index attributes and reallocated names

    @property
    def is_index_attribute(self) -> bool:
        """An NTFS index ($O, $SDH, ...) that fls prints as a name of its own: not file content."""
        parts = self.address.split("-")
        is_folder = "d" in (self.name_type, self.meta_type)
        return len(parts) == 3 and parts[1] in ("144", "160") and not is_folder

    @property
    def has_content(self) -> bool:
        is_file = self.name_type in "rv" or (self.name_type == "-" and self.meta_type in "rv-")
        return is_file and not self.realloc and not self.is_index_attribute

    @property
    def record(self) -> int:
        return int(self.address.split("-")[0])


def tsk_tools_missing() -> str | None:
    return None if FLS and ICAT else "Debian's sleuthkit (fls, icat) is not installed: scripts/setup.sh installs it"


def fls_names(image: Path, sector_offset: int = 0, extra: tuple[str, ...] = ()) -> list[ReferenceEntry]:
    """Every name ``fls -r -p`` lists on the file system at ``sector_offset`` (without contents)."""
    assert FLS and ICAT, tsk_tools_missing()
    listing = subprocess.run([FLS, "-r", "-p", "-o", str(sector_offset), *extra, str(image)], capture_output=True,
                             check=True, timeout=300).stdout.decode("utf-8", "replace")
    entries = []
    for line in listing.splitlines():
        match = _LINE.match(line)
        assert match, f"unexpected fls line: {line!r}"
        entries.append(ReferenceEntry(path="/" + match["path"], address=match["address"],
                                      name_type=match["name_type"], meta_type=match["meta_type"],
                                      deleted=bool(match["deleted"]), realloc=bool(match["realloc"])))
    return entries


def icat_md5(image: Path, sector_offset: int, address: str, extra: tuple[str, ...] = ()) -> str:
    """The MD5 of what ``icat`` reads at an address (empty when it reads nothing)."""
    assert ICAT, tsk_tools_missing()
    data = subprocess.run([ICAT, "-o", str(sector_offset), *extra, str(image), address], capture_output=True,
                          check=False, timeout=300).stdout
    return hashlib.md5(data).hexdigest()


def reference_entries(image: Path, sector_offset: int = 0, extra: tuple[str, ...] = ()) -> list[ReferenceEntry]:
    """Every name ``fls -r -p`` lists, with the MD5 of what ``icat`` reads for files and streams."""
    return [replace(entry, md5=icat_md5(image, sector_offset, entry.address, extra)) if entry.has_content else entry
            for entry in fls_names(image, sector_offset, extra)]
