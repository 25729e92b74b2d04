"""Worker-side tasks of the walk: describe an image, find its volumes, list a file system's entries in batches."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from heroes_desktop.evidence.acquisition import describe_image
from heroes_desktop.evidence.apfs_container import ends_in_apfs, open_apfs_volume
from heroes_desktop.evidence.apfs_walk import walk_apfs_batch
from heroes_desktop.evidence.folder_walk import walk_folder_batch
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.evidence.tsk_image import TskImage, open_tsk_file_system
from heroes_desktop.evidence.tsk_walk import walk_batch
from heroes_desktop.evidence.volume_stack import VolumeLayerError, VolumeSpec
from heroes_desktop.evidence.volumes import discover_volumes
from heroes_desktop.evidence.walk_cursor import WalkCursor
from heroes_desktop.pipeline.shared_progress import progress_writer

WALK_BATCH = 20_000  # entries per walk task: what one message to the writer holds at most


def describe_task(source: EvidenceSource, progress_name: str | None = None) -> dict[str, Any]:
    """Hash the image; with ``progress_name``, report the bytes done in that shared-memory block."""
    write, detach = progress_writer(progress_name)
    try:
        return asdict(describe_image(source, write))
    finally:
        detach()


def scan_volumes_task(source: EvidenceSource) -> list[dict[str, Any]]:
    if source.format is EvidenceFormat.FOLDER:
        return [{"index": None, "offset": 0, "length": 0, "description": "logical folder", "fs_type": "logical",
                 "status": "ok", "encryption": None, "volume_system": None, "error": None}]
    image = TskImage(source)
    try:
        return [asdict(record) for record in discover_volumes(image)]
    finally:
        image.close()


def walk_task(source: EvidenceSource, spec: VolumeSpec | int, cursor: dict[str, Any] | None = None,
              limit: int = WALK_BATCH, secrets: dict[int, str] | None = None,
              ) -> tuple[list[dict[str, Any]], list[str], dict[str, Any] | None]:
    """The next batch of a file system's (or folder's) entries in walk order, the problems met on the way, and the
    cursor to go on from (None once the walk is complete)."""
    if isinstance(spec, int):
        spec = VolumeSpec(spec)
    problems: list[str] = []
    position = WalkCursor.from_json(cursor)
    if source.format is EvidenceFormat.FOLDER:
        entries = walk_folder_batch(Path(source.paths[0]), position, limit, problems)
    elif ends_in_apfs(spec):  # APFS volumes: libfsapfs, not TSK
        try:
            apfs = open_apfs_volume(source, spec, secrets)
        except (OSError, VolumeLayerError) as error:
            return [], [f"file system unreadable: {str(error).splitlines()[0][:300]}"], None
        try:
            entries = walk_apfs_batch(apfs.volume, position, limit, problems)
        finally:
            apfs.close()
    else:
        try:
            image, fs = open_tsk_file_system(source, spec, secrets)
        except OSError as error:
            return [], [f"file system unreadable: {str(error).splitlines()[0][:300]}"], None
        try:
            entries = walk_batch(fs, position, limit, problems)
        finally:
            image.close()
    done = position.started and not position.stack
    return [entry.as_row() for entry in entries], problems, None if done else position.as_json()
