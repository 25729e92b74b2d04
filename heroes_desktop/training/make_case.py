"""`heroes training make-case`: the training disk, its E01 copy, the training hash set and the answer key."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from heroes_desktop import __version__
from heroes_desktop.models.digests import file_sha256
from heroes_desktop.training.answer_key import build_key, write_key
from heroes_desktop.training.disk import assemble, disk_size, layout, make_e01, tsk_partition_numbers
from heroes_desktop.training.documents import planted_documents
from heroes_desktop.training.errors import TrainingError
from heroes_desktop.training.filesystems import build_ext4, build_fat32, build_ntfs
from heroes_desktop.training.pictures import HASHSET_NAME, Picture, ocr_images, phash_list, photographs, vics_hashset
from heroes_desktop.training.p2p_story import place_p2p
from heroes_desktop.training.placement import Placer, place_documents, place_oddities, place_pictures
from heroes_desktop.training.planted import PlantedFile
from heroes_desktop.training.recovery import Operation
from heroes_desktop.training.tasks import TASKS_NAME, write_tasks_sheet

DISK_NAME = "training-disk.raw"
E01_STEM = "training-disk"
KEY_NAME = "answer-key.json"
VICS_NAME = "training-known-set.vics.json"
PHASH_NAME = "training-known-set.phash.txt"
SIZES_MIB = {"ntfs": 40, "fat32": 40, "ext4": 24}
VIRTUAL_KINDS = frozenset({"archive-member", "stream"})  # key items inside other planted files
BASE_TIME = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400
LAPTOP_USERS = ("alex.romero", "d.whitcombe", "marta.l")
LINUX_USERS = ("lucia", "tomas", "nuria")


@dataclass(frozen=True)
class TrainingCase:
    out_dir: Path
    disk: Path
    e01: list[Path]
    key: Path
    vics: Path
    phash: Path
    tasks: Path | None = None  # the trainee's task list, without answers (see training.tasks)


def _planted(seed: int, clock: int) -> tuple[list[PlantedFile], list[Picture]]:
    rng = random.Random(seed)
    documents = planted_documents(random.Random(rng.getrandbits(64)))
    picture_rng = random.Random(rng.getrandbits(64))
    photos, texts = photographs(picture_rng), ocr_images(picture_rng)
    placer = Placer(random.Random(rng.getrandbits(64)), clock)
    laptop_user, linux_user = rng.choice(LAPTOP_USERS), rng.choice(LINUX_USERS)
    place_documents(placer, documents, laptop_user, linux_user)
    place_pictures(placer, photos, texts, laptop_user)
    place_oddities(placer, photos, documents, laptop_user, linux_user)
    place_p2p(placer, laptop_user)  # last: its draws must not move the other placements
    return placer.files, photos


def _check_unique_paths(planted: list[PlantedFile]) -> None:
    seen = set()
    for item in planted:
        where = (item.volume, item.path.lower())
        if where in seen:
            raise TrainingError(f"the generator placed two files at {item.volume}:{item.path}")
        seen.add(where)


def make_training_case(out_dir: Path, seed: int = 1, progress: Callable[[str], None] = lambda message: None,
                       with_e01: bool = True) -> TrainingCase:
    """Writes the disk image, its E01 copy, the hash set, the answer key and the trainees' tasks sheet (the
    tasks without their answers) into `out_dir` (created if needed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = BASE_TIME + random.Random(seed ^ 0x5EED).randrange(0, 180) * DAY + 9 * 3600
    serials = random.Random(seed ^ 0xD15C)
    progress("generating documents and pictures")
    planted, photos = _planted(seed, clock)
    written = [item for item in planted if item.kind not in VIRTUAL_KINDS]
    _check_unique_paths(written)
    partitions = layout(SIZES_MIB)
    disk = out_dir / DISK_NAME
    with tempfile.TemporaryDirectory(prefix="heroes-training-", dir=out_dir) as scratch:
        work = Path(scratch)
        images = {p.volume: work / f"{p.volume}.img" for p in partitions}
        builders = {"ntfs": build_ntfs, "fat32": build_fat32}
        logs: dict[str, list[Operation]] = {}  # what each builder wrote and deleted, in order
        for partition in partitions:
            progress(f"building the {partition.volume} partition")
            files = [item for item in written if item.volume == partition.volume]
            staging = work / f"staging-{partition.volume}"
            staging.mkdir()
            serial = serials.getrandbits(128)
            if partition.volume == "ext4":
                logs["ext4"] = build_ext4(images["ext4"], partition.size, files, "linux-home", serial, clock, staging)
            else:
                label = "LAPTOP" if partition.volume == "ntfs" else "USBSTICK"
                logs[partition.volume] = builders[partition.volume](
                    images[partition.volume], partition.size, partition.start_sector, files, label,
                    serial & 0xFFFFFFFFFFFFFFFF, clock, staging)
        progress("assembling the disk")
        assemble(disk, partitions, images, serials.getrandbits(32), clock)
    partitions = tsk_partition_numbers(disk, partitions)
    e01: list[Path] = []
    if with_e01:
        progress("writing the E01 copy")
        for old in out_dir.glob(E01_STEM + ".E*"):
            old.unlink()
        e01 = make_e01(disk, out_dir / E01_STEM, clock, f"TRAINING-{seed}")
    vics, phash = out_dir / VICS_NAME, out_dir / PHASH_NAME
    vics.write_text(vics_hashset(photos), encoding="utf-8")
    phash.write_text(phash_list(photos), encoding="utf-8")
    key = build_key(seed, f"heroes-desktop {__version__}", planted, partitions, logs,
                    {"raw": DISK_NAME, "e01": E01_STEM + ".E01", "size": disk_size(partitions)},
                    {"name": HASHSET_NAME, "vics": VICS_NAME, "phash": PHASH_NAME,
                     "vics_sha256": file_sha256(vics), "phash_sha256": file_sha256(phash)})
    key_path = out_dir / KEY_NAME
    write_key(key, key_path)
    tasks = write_tasks_sheet(key, out_dir / TASKS_NAME)
    return TrainingCase(out_dir, disk, e01, key_path, vics, phash, tasks)


def image_sha256(case: TrainingCase) -> str:
    """SHA-256 of the raw disk (not in the key: see the key's `what_varies`)."""
    return file_sha256(case.disk)


def remove_training_case(out_dir: Path) -> None:
    """Deletes what make_training_case wrote (and nothing else) from `out_dir`."""
    for name in (DISK_NAME, KEY_NAME, VICS_NAME, PHASH_NAME, TASKS_NAME):
        (Path(out_dir) / name).unlink(missing_ok=True)
    for old in Path(out_dir).glob(E01_STEM + ".E*"):
        old.unlink()
