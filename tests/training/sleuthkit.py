"""The Sleuth Kit's own tools, Debian's `fls` and `icat`, as the independent judge of what a deletion leaves."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# "r/r * 74-128-2:\tUsers/a/file.html", "-/r * 70(realloc):\tname"
_LINE = re.compile(r"^./. (?P<deleted>\* )?(?P<address>[0-9-]+)(?P<realloc>\(realloc\))?:\t(?P<path>.*)$")


@dataclass(frozen=True)
class Name:
    path: str  # "/"-rooted, as the key writes paths
    address: str  # for icat; NTFS: record-type-id
    deleted: bool

    @property
    def record(self) -> int:
        return int(self.address.split("-")[0])


def tools() -> tuple[str, str]:
    fls, icat = shutil.which("fls"), shutil.which("icat")
    assert fls and icat, "Debian's sleuthkit (fls, icat) is not installed: scripts/setup.sh installs it"
    return fls, icat


def names(image: Path, sector_offset: int) -> list[Name]:
    """Every name `fls -r -p` lists on the file system at `sector_offset`."""
    fls, _ = tools()
    output = subprocess.run([fls, "-r", "-p", "-o", str(sector_offset), str(image)], capture_output=True, check=True,
                            timeout=120).stdout.decode("utf-8", "replace")
    found = []
    for line in output.splitlines():
        match = _LINE.match(line)
        assert match, f"unexpected fls line: {line!r}"
        found.append(Name("/" + match["path"], match["address"], bool(match["deleted"])))
    return found


def icat_md5(image: Path, sector_offset: int, address: str) -> str:
    _, icat = tools()
    data = subprocess.run([icat, "-o", str(sector_offset), str(image), address], capture_output=True, check=False,
                          timeout=120).stdout
    return hashlib.md5(data).hexdigest()


def deleted_names_of(item: dict[str, Any], listing: list[Name]) -> list[Name]:
    """The deleted names at a key item's path; on FAT also under the short name whose first letter is lost."""
    wanted = {item["path"].casefold()}
    if item["fs_type"] == "fat32":
        folder, _, name = item["path"].rpartition("/")
        wanted.add(f"{folder}/_{name[1:]}".casefold())
    return [entry for entry in listing if entry.deleted and entry.path.casefold() in wanted]
