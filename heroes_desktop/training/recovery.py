"""What The Sleuth Kit gets back from each planted deletion, worked out from what the disk builders did.

Each builder returns its writes and deletions in the order it made them (on NTFS with the MFT record libntfs-3g
gave each file and folder). The rule per file system, checked against TSK's own `fls` and `icat` by
tests/training:

- NTFS: a deletion removes the name from the folder's index and frees the MFT record and the clusters, but
  rewrites neither: the record keeps the name, the parent, the size and the data runs, so TSK lists the name under
  its folder (from the record's $FILE_NAME) and reads the content, until the record is reused. libntfs-3g, like
  Windows, gives a new file or folder the lowest free record once the volume is mounted again; the file that
  takes the record leaves nothing of the deleted one where TSK looks, not even its name.
- FAT32: mtools' `mdel` overwrites the first byte of the short name and frees the cluster chain; the directory
  entry keeps the first cluster and the size, and TSK reads that many bytes on from the first cluster, which is
  the file itself because the builder writes each file in one piece on a fresh volume. Files in a deleted folder
  come back the same way: `mrd` frees the folder's clusters without clearing them.
- ext4: debugfs `rm` frees the inode and its blocks but leaves the size and the extent tree in the inode, so TSK
  reads the content back. A Linux kernel's unlink clears both: on a real ext4 disk expect the name only.

Whatever is written after a deletion may take what the deleted file left; the key promises a deletion's content
only when nothing was written after it on its volume, or says which file took its MFT record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from heroes_desktop.training.errors import TrainingError

KEPT = {
    "ntfs": "NTFS keeps a deleted file's MFT record, with its name and data runs, until the record is reused; "
            "nothing was written on the volume after the deletion",
    "fat32": "FAT frees the clusters without clearing them and the deleted directory entry keeps the first "
             "cluster and the size (the first letter of the short name is lost); nothing was written on the "
             "volume after the deletion",
    "ext4": "debugfs rm frees the inode and its blocks but keeps the size and the extents (a Linux kernel's "
            "unlink clears them, leaving only the name); nothing was written on the volume after the deletion",
}


@dataclass(frozen=True)
class Operation:
    """One write or deletion a builder made, in order."""

    action: str  # "write" or "delete"
    path: str
    record: int | None = None  # NTFS: the MFT record libntfs-3g gave (or took from) the file or folder


@dataclass(frozen=True)
class Recovery:
    """What TSK gets back from one deleted file."""

    content: bool  # the planted bytes, read through the file system's metadata
    listed: bool  # the name, marked deleted
    note: str  # why, for the trainee
    record: int | None = None  # NTFS: the MFT record the file had
    reused_by: str | None = None  # NTFS: the file or folder written later into that record


def recovery(volume: str, path: str, log: Sequence[Operation]) -> Recovery:
    """The rule above, for the deleted file at `path` on `volume`, from its builder's `log`."""
    writes = [index for index, op in enumerate(log) if op.action == "write" and op.path == path]
    deletions = [index for index, op in enumerate(log) if op.action == "delete" and op.path == path]
    if not writes or not deletions:
        raise TrainingError(f"the {volume} builder did not both write and delete {path}")
    record = log[writes[-1]].record
    later = [op for op in log[deletions[-1] + 1:] if op.action == "write"]
    reuser = next((op for op in later if record is not None and op.record == record), None)
    if reuser is not None:
        return Recovery(False, False, f"MFT record {record} reused by {reuser.path}: the record that held the "
                        "name and the data runs now describes that file", record, reuser.path)
    if later:
        raise TrainingError(f"{volume}:{path} is deleted before {later[0].path} is written, which may take its "
                            "clusters: the answer key could not say whether its content survives")
    return Recovery(True, True, KEPT[volume], record)
