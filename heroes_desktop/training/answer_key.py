"""The answer key: every planted item with where it is and what the program should find, as stable JSON."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from heroes_desktop.training.disk import Partition
from heroes_desktop.training.documents import THEME_WORDS
from heroes_desktop.training.errors import AnswerKeyError
from heroes_desktop.training.planted import PlantedFile
from heroes_desktop.training.recovery import Operation, recovery

KEY_FORMAT = "heroes-training-answer-key/1"
TASKS = {
    "categorise": "Give every picture that the training known set matches (exactly or perceptually) its category.",
    "bookmark:job-offers": "Bookmark, as 'job-offers', every job offer that shows trafficking-recruitment red flags.",
    "bookmark:money-transfers": "Bookmark, as 'money-transfers', every document about sending or receiving money.",
    "bookmark:p2p-shared": "Bookmark, as 'p2p-shared', every picture that a P2P client on the laptop shared.",
}
WHAT_VARIES = [
    "The E01 header records ewfacquire's version and the host's operating system.",
    "Without Debian's faketime, the file systems' own time stamps (NTFS MFT change times, ext4 superblock and "
    "directory times, FAT folder times) take the clock of the run; with it they are fixed by the seed.",
]


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _deletion_expect(item: PlantedFile, log: list[Operation]) -> dict[str, Any]:
    """A deleted item's expectations: all of them when TSK gets its content back (see recovery), else none but
    the reason; either way whether its name is listed."""
    found = recovery(item.volume, item.path, log)
    expect = dict(item.expect) if found.content else {}
    expect.update(deleted=True, content_recoverable=found.content, listed=found.listed, recovery_note=found.note)
    if found.record is not None:
        expect["mft_record"] = found.record
    if found.reused_by is not None:
        expect["reused_by"] = found.reused_by
    return expect


def key_item(item: PlantedFile, partition: Partition, log: list[Operation]) -> dict[str, Any]:
    if item.deleted:
        expect = _deletion_expect(item, log)
    else:
        expect = {**item.expect, "deleted": False, "content_recoverable": True}
    return {
        "id": item.key_id, "kind": item.kind, "volume": item.volume, "partition": partition.index,
        "fs_type": item.volume, "path": item.path, "name": item.path.rsplit("/", 1)[-1],
        "size": len(item.data), "md5": hashlib.md5(item.data).hexdigest(),
        "sha256": hashlib.sha256(item.data).hexdigest(), "mtime": _iso(item.mtime), "expect": expect,
        "tasks": dict(item.tasks),
    }


def build_key(seed: int, generator: str, planted: list[PlantedFile], partitions: list[Partition],
              logs: dict[str, list[Operation]], disk: dict[str, Any], hashset: dict[str, Any]) -> dict[str, Any]:
    """The key; `logs` holds each volume's builder log, from which the deletions' expectations follow."""
    by_volume = {p.volume: p for p in partitions}
    items = [key_item(item, by_volume[item.volume], logs[item.volume]) for item in planted]
    topics: dict[str, list[str]] = defaultdict(list)
    for item in items:
        if "topic" in item["expect"]:
            topics[item["expect"]["topic"]].append(item["id"])
    return {
        "format": KEY_FORMAT, "seed": seed, "generator": generator, "disk": disk,
        "partitions": [{"index": p.index, "fs_type": p.volume, "offset": p.offset, "size": p.size}
                       for p in partitions],
        "hashset": hashset, "tasks": TASKS, "topics": dict(sorted(topics.items())), "topic_themes": topic_themes(),
        "items": items,
        "what_varies": WHAT_VARIES,
    }


def topic_themes() -> dict[str, dict[str, list[str]]]:
    """Each planted topic's theme words per language (lemmas as the topic model spells them)."""
    themes: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (topic, language), words in sorted(THEME_WORDS.items()):
        themes[topic][language] = list(words)
    return dict(themes)


def write_key(key: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(key, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def read_key(path: Path) -> dict[str, Any]:
    try:
        key = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise AnswerKeyError(f"cannot read the answer key {path}: {error.strerror or error}") from error
    except ValueError as error:  # not JSON, or not UTF-8
        raise AnswerKeyError(f"{path} is not a HEROES training answer key ({KEY_FORMAT}): it is not JSON "
                             f"({str(error)[:120]})") from error
    if not isinstance(key, dict) or key.get("format") != KEY_FORMAT or not isinstance(key.get("items"), list):
        raise AnswerKeyError(f"{path} is not a HEROES training answer key ({KEY_FORMAT})")
    return key
