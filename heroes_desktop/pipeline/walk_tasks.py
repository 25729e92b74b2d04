"""Worker-side tasks of the walk: describe an image, find its volumes, list a file system's entries."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytsk3

from heroes_desktop.evidence.acquisition import describe_image
from heroes_desktop.evidence.folder_walk import walk_folder
from heroes_desktop.evidence.sources import EvidenceFormat, EvidenceSource
from heroes_desktop.evidence.tsk_image import TskImage
from heroes_desktop.evidence.tsk_walk import walk_file_system
from heroes_desktop.evidence.volumes import discover_volumes


def describe_task(source: EvidenceSource) -> dict[str, Any]:
    return asdict(describe_image(source))


def scan_volumes_task(source: EvidenceSource) -> list[dict[str, Any]]:
    if source.format is EvidenceFormat.FOLDER:
        return [{"index": None, "offset": 0, "length": 0, "description": "logical folder", "fs_type": "logical",
                 "status": "ok", "encryption": None, "volume_system": None, "error": None}]
    image = TskImage(source)
    try:
        return [asdict(record) for record in discover_volumes(image)]
    finally:
        image.close()


def walk_task(source: EvidenceSource, fs_offset: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Every entry of one file system (or folder), in walk order, with the problems met on the way."""
    problems: list[str] = []
    if source.format is EvidenceFormat.FOLDER:
        return [entry.as_row() for entry in walk_folder(Path(source.paths[0]), problems)], problems
    image = TskImage(source)
    try:
        fs = pytsk3.FS_Info(image, offset=fs_offset)
        entries = [entry.as_row() for entry in walk_file_system(fs, problems)]
    except OSError as error:
        return [], [f"file system unreadable: {str(error).splitlines()[0][:300]}"]
    finally:
        image.close()
    return entries, problems
