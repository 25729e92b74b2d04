"""Fine-tune (or train from an architecture yaml) a YOLO classification model for scene context, offline, and
register it: the weights go to ``MODELS_DIR/<id>.pt`` and an entry with their SHA-256 to ``MODELS_DIR/manifest.yaml``.

The data folder has Ultralytics' classify layout, ``DATA/train/<class>/*.jpg|png`` and ``DATA/val/<class>/...``.
Ultralytics writes ``train.cache`` and ``val.cache`` beside those folders. The run's own files (plots off) go to a
temporary folder unless ``work_dir`` is given.
"""

from __future__ import annotations

import datetime
import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from heroes_desktop.acpic.context import TASK, offline_ultralytics
from heroes_desktop.models.digests import file_sha256
from heroes_desktop.models.errors import ModelError
from heroes_desktop.models.loading import model_spec, verified_path

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}
DEFAULT_LICENCE = "AGPL-3.0 (Ultralytics)"
DEFAULT_BASE = "yolo11n-cls.yaml"


def count_images(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file())


def _check_inputs(data: Path, base: str) -> None:
    """Refuse what would make Ultralytics go looking online: a missing split, a URL or a weights file not here."""
    for split in ("train", "val"):
        if not (data / split).is_dir() or not any((data / split).iterdir()):
            raise ModelError(f"{data / split} is missing or empty: expected {split}/<class>/<images>")
    if "://" in base:
        raise ModelError(f"--base {base}: a local .yaml architecture or weights file is needed, not a URL")
    if not base.endswith(".yaml") and not Path(base).is_file():
        raise ModelError(f"--base {base}: no such weights file (nothing is downloaded)")


def _val_top1(trainer: Any) -> tuple[float, int]:
    """Top-1 accuracy of the best weights on the validation split, as the trainer's final evaluation measured it."""
    metrics = trainer.metrics or {}
    if "metrics/accuracy_top1" not in metrics:
        raise ModelError(f"training gave no validation accuracy (metrics: {sorted(metrics)})")
    return float(metrics["metrics/accuracy_top1"]), len(trainer.validator.dataloader.dataset)


def _entry(model_id: str, weights: Path, names: list[str], data: Path, base: str, facts: dict[str, Any]) -> dict:
    train, val = count_images(data / "train"), count_images(data / "val")
    origin = f"architecture {base}, no pretrained weights" if base.endswith(".yaml") else f"fine-tuned from {base}"
    return {
        "id": model_id, "task": TASK, "file": weights.name, "sha256": file_sha256(weights),
        "licence": facts["licence"],
        "source": facts["source"] or (
            f"Trained with scripts/train_context_model.py (ultralytics {facts['ultralytics']}) on {data}: "
            f"{train + val} images ({train} train, {val} val) in {len(names)} classes; {origin}; "
            f"{facts['epochs']} epochs at {facts['imgsz']} px, seed {facts['seed']}."),
        "version": datetime.date.today().isoformat(),
        "input": {"type": "image", "size": facts["imgsz"]},
        "labels": names,
        "known_errors": (
            f"Validation top-1 accuracy {facts['top1']:.3f} on {facts['val_images']} images ({data / 'val'}), "
            "measured with the best weights at the end of training; not measured on casework images."),
    }


def write_manifest_entry(models_dir: Path, entry: dict[str, Any]) -> None:
    """Add or replace ``entry`` in ``models_dir/manifest.yaml``, keeping the other entries and the leading comments."""
    path = models_dir / "manifest.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    document = yaml.safe_load(text) or {}
    header = "".join(line + "\n" for line in itertools.takewhile(lambda line: line.startswith("#"), text.splitlines()))
    entries = [item for item in document.get("models", []) if item.get("id") != entry["id"]] + [entry]
    document["models"] = entries
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=118)
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_text(header + body, encoding="utf-8")
    os.replace(scratch, path)


def _fit(data: Path, base: str, run_dir: Path, options: dict[str, Any]) -> tuple[Any, Path]:
    """Train offline; the model and its best weights."""
    ultralytics = offline_ultralytics()
    try:
        model = ultralytics.YOLO(base, task="classify")
    except (FileNotFoundError, TypeError) as error:  # an unknown yaml, or weights that are not a checkpoint
        raise ModelError(f"--base {base}: {error}") from error
    model.train(data=str(data), project=str(run_dir), name="context", exist_ok=True,
                pretrained=not base.endswith(".yaml"), plots=False, amp=False, workers=0, deterministic=True,
                verbose=False, val=True, **options)
    best = Path(model.trainer.best)
    if not best.is_file():
        raise ModelError(f"training wrote no best weights in {best.parent}")
    return model, best


def train_context_model(data: Path, models_dir: Path, model_id: str, base: str = DEFAULT_BASE, epochs: int = 20,
                        imgsz: int = 224, device: str = "cpu", licence: str = DEFAULT_LICENCE, source: str = "",
                        seed: int = 0, batch: int = 16, work_dir: Path | None = None) -> dict[str, Any]:
    """Train, copy the best weights to ``models_dir/<model_id>.pt``, register them in its manifest; the entry."""
    data, models_dir = Path(data).resolve(), Path(models_dir).resolve()
    _check_inputs(data, base)
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heroes-context-") as scratch:
        run_dir = Path(work_dir) if work_dir else Path(scratch)
        options = {"epochs": epochs, "imgsz": imgsz, "device": device, "seed": seed, "batch": batch}
        model, best = _fit(data, base, run_dir, options)
        top1, val_images = _val_top1(model.trainer)
        weights = models_dir / f"{model_id}.pt"
        shutil.copyfile(best, weights)
    names = [model.names[index] for index in sorted(model.names)]
    facts = {"licence": licence, "source": source, "epochs": epochs, "imgsz": imgsz, "seed": seed, "top1": top1,
             "val_images": val_images, "ultralytics": offline_ultralytics().__version__}
    entry = _entry(model_id, weights, names, data, base, facts)
    write_manifest_entry(models_dir, entry)
    verified_path(model_spec(model_id, models_dir), models_dir)  # the manifest parses and the file matches it
    return entry
