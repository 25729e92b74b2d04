"""The answer key: every planted item with where it is and what the program should find, as stable JSON."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from heroes_desktop.training.disk import Partition
from heroes_desktop.training.errors import AnswerKeyError
from heroes_desktop.training.planted import PlantedFile

KEY_FORMAT = "heroes-training-answer-key/1"
TASKS = {
    "categorise": "Give every picture that the training known set matches (exactly or perceptually) its category.",
    "bookmark:job-offers": "Bookmark, as 'job-offers', every job offer that shows trafficking-recruitment red flags.",
    "bookmark:money-transfers": "Bookmark, as 'money-transfers', every document about sending or receiving money.",
}
WHAT_VARIES = [
    "The E01 header records ewfacquire's version and the host's operating system.",
    "Without Debian's faketime, the file systems' own time stamps (NTFS MFT change times, ext4 superblock and "
    "directory times, FAT folder times) take the clock of the run; with it they are fixed by the seed.",
]


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_recoverable(item: PlantedFile) -> bool:
    """A deleted file's content comes back only on FAT (clusters freed, not wiped); NTFS frees the MFT record the
    generator's library reuses, ext4 clears the extents of a deleted inode."""
    return not item.deleted or item.volume == "fat32"


def key_item(item: PlantedFile, partition: Partition) -> dict[str, Any]:
    expect = dict(item.expect)
    if not content_recoverable(item):
        expect = {}  # only the name and the deleted flag can be promised
    expect["deleted"] = item.deleted
    expect["content_recoverable"] = content_recoverable(item)
    return {
        "id": item.key_id, "kind": item.kind, "volume": item.volume, "partition": partition.index,
        "fs_type": item.volume, "path": item.path, "name": item.path.rsplit("/", 1)[-1],
        "size": len(item.data), "md5": hashlib.md5(item.data).hexdigest(),
        "sha256": hashlib.sha256(item.data).hexdigest(), "mtime": _iso(item.mtime), "expect": expect,
        "tasks": dict(item.tasks),
    }


def build_key(seed: int, generator: str, planted: list[PlantedFile], partitions: list[Partition],
              disk: dict[str, Any], hashset: dict[str, Any]) -> dict[str, Any]:
    by_volume = {p.volume: p for p in partitions}
    items = [key_item(item, by_volume[item.volume]) for item in planted]
    topics: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if "topic" in item["expect"]:
            topics[item["expect"]["topic"]].append(item["id"])
    return {
        "format": KEY_FORMAT, "seed": seed, "generator": generator, "disk": disk,
        "partitions": [{"index": p.index, "fs_type": p.volume, "offset": p.offset, "size": p.size}
                       for p in partitions],
        "hashset": hashset, "tasks": TASKS, "topics": dict(sorted(topics.items())), "items": items,
        "what_varies": WHAT_VARIES,
    }


def write_key(key: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(key, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def read_key(path: Path) -> dict[str, Any]:
    try:
        key = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AnswerKeyError(f"cannot read the answer key {path}: {error}") from error
    if not isinstance(key, dict) or key.get("format") != KEY_FORMAT or not isinstance(key.get("items"), list):
        raise AnswerKeyError(f"{path} is not a HEROES training answer key ({KEY_FORMAT})")
    return key
