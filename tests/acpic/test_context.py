"""Scene-context models: trained offline on generated shapes, registered with their SHA-256, refused when altered
or missing, and used without a network connection or a write to ``~/.config/Ultralytics``."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
import torch
import yaml

from heroes_desktop.acpic import context
from heroes_desktop.acpic.context import ContextLabel, classify_context, context_models, load_context_model
from heroes_desktop.acpic.context_training import train_context_model, write_manifest_entry
from heroes_desktop.models import loading, manifest
from heroes_desktop.models.errors import ModelAltered, ModelError, ModelNotInstalled

CLASSES = ("circle", "square", "triangle")
SIZE = 64
MODEL_ID = "shapes-test"


def shape_image(kind: str, rng: np.random.Generator) -> np.ndarray:
    """A 64x64 RGB image of one filled shape, random colour, size and position, on a random plain background."""
    image = np.full((SIZE, SIZE, 3), rng.integers(0, 256, 3), dtype=np.uint8)
    colour = tuple(int(v) for v in (rng.integers(0, 256, 3) + 128) % 256)
    half = int(rng.integers(12, 22))
    cx, cy = (int(v) for v in rng.integers(half, SIZE - half, 2))
    if kind == "circle":
        cv2.circle(image, (cx, cy), half, colour, -1)
    elif kind == "square":
        cv2.rectangle(image, (cx - half, cy - half), (cx + half, cy + half), colour, -1)
    else:
        points = np.array([[cx, cy - half], [cx - half, cy + half], [cx + half, cy + half]], dtype=np.int32)
        cv2.fillPoly(image, [points], colour)
    return image


def make_dataset(root: Path, train: int = 20, val: int = 8, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    for split, count in (("train", train), ("val", val)):
        for kind in CLASSES:
            folder = root / split / kind
            folder.mkdir(parents=True)
            for index in range(count):
                cv2.imwrite(str(folder / f"{kind}{index:02d}.png"), shape_image(kind, rng)[..., ::-1])


def clear_caches() -> None:
    manifest._load.cache_clear()
    loading._verified.clear()
    context.clear_context_cache()


def _listing(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, float, dict[str, float]]:
    """One model trained for the module, with connect() refused throughout: (models dir, entry, seconds, listing)."""
    root = tmp_path_factory.mktemp("context")
    profile = root / "profile"
    user_config = Path.home() / ".config" / "Ultralytics"
    before = _listing(user_config)
    make_dataset(root / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEROES_HOME", str(profile))
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket.socket, "connect_ex", _no_network)
        patch.setattr(socket, "getaddrinfo", _no_network)
        start = time.perf_counter()
        entry = train_context_model(root / "data", root / "models", MODEL_ID, epochs=3, imgsz=SIZE, seed=0, batch=16)
        seconds = time.perf_counter() - start
    assert _listing(user_config) == before
    return root / "models", entry, seconds, before


def _no_network(*args: object, **kwargs: object) -> None:
    raise OSError("network access attempted during an offline test")


@pytest.fixture
def models_dir(trained: tuple[Path, dict, float, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the trained models folder, selected with HEROES_MODELS_DIR; connect() refused."""
    folder = tmp_path / "models"
    shutil.copytree(trained[0], folder)
    monkeypatch.setenv("HEROES_MODELS_DIR", str(folder))
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    clear_caches()
    yield folder
    clear_caches()


def test_training_writes_weights_and_a_manifest_entry(trained: tuple[Path, dict, float, dict]) -> None:
    folder, entry, seconds, _ = trained
    print(f"training 3 epochs: {seconds:.1f} s")
    assert entry["task"] == "context" and entry["file"] == f"{MODEL_ID}.pt"
    assert entry["labels"] == list(CLASSES)
    assert entry["input"] == {"type": "image", "size": SIZE}
    assert entry["licence"].startswith("AGPL-3.0") and "84 images (60 train, 24 val)" in entry["source"]
    assert "on 24 images" in entry["known_errors"] and "top-1 accuracy" in entry["known_errors"]
    listed = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))["models"]
    assert [item["id"] for item in listed] == [MODEL_ID]
    json.dumps(entry)  # what the script prints


def test_context_models_lists_the_trained_model(models_dir: Path) -> None:
    assert [spec.id for spec in context_models()] == [MODEL_ID]


def test_classify_context_gives_labels_from_the_class_set(models_dir: Path) -> None:
    rng = np.random.default_rng(99)
    kinds = [CLASSES[i % 3] for i in range(30)]
    images = [shape_image(kind, rng) for kind in kinds]
    images[0] = np.zeros((48, 80, 3), dtype=np.uint8)  # another size and a blank image are fine too
    classify_context(images[:2], MODEL_ID)  # warm-up
    start = time.perf_counter()
    results = classify_context(images, MODEL_ID, top_k=2)
    print(f"inference: {(time.perf_counter() - start) * 1000 / len(images):.2f} ms/image on the CPU")
    assert len(results) == len(images)
    for labels in results:
        assert len(labels) == 2 and all(isinstance(label, ContextLabel) for label in labels)
        assert {label.label for label in labels} <= set(CLASSES)
        assert all(0.0 <= label.score <= 1.0 and label.box is None for label in labels)
        assert labels[0].score >= labels[1].score


def test_rgb_arrays_give_what_ultralytics_gives_for_the_same_file(models_dir: Path, tmp_path: Path) -> None:
    image = shape_image("triangle", np.random.default_rng(5))
    image[:, :20] = (250, 10, 10)  # a red band: swapped channels would change the scores
    path = tmp_path / "probe.png"
    cv2.imwrite(str(path), image[..., ::-1])
    from_file = load_context_model(MODEL_ID).predict(str(path), imgsz=SIZE, verbose=False)[0]
    expected = {from_file.names[i]: float(p) for i, p in enumerate(from_file.probs.data.tolist())}
    labels = classify_context([image], MODEL_ID, top_k=3)[0]
    assert {label.label: label.score for label in labels} == pytest.approx(expected, abs=2e-4)


def test_detection_results_keep_boxes_above_min_score() -> None:
    boxes = SimpleNamespace(conf=torch.tensor([0.2, 0.9, 0.5]), cls=torch.tensor([0.0, 1.0, 0.0]),
                            xyxy=torch.tensor([[0, 0, 1, 1], [1, 2, 30, 40], [5, 5, 9, 9]], dtype=torch.float32))
    result = SimpleNamespace(names={0: "car", 1: "bed"}, probs=None, boxes=boxes)
    labels = context._labels(result, top_k=5, min_score=0.25)
    assert labels == [ContextLabel("bed", 0.9, (1.0, 2.0, 30.0, 40.0)), ContextLabel("car", 0.5, (5.0, 5.0, 9.0, 9.0))]


def test_the_model_is_loaded_from_a_private_copy_of_the_verified_bytes(models_dir: Path) -> None:
    """Ultralytics takes only a path and a .pt is a pickle: it is given a private copy of the bytes that were
    hashed (issue 20), removed once loaded, never the models folder's file a second time."""
    model = load_context_model(MODEL_ID)
    loaded_from = Path(model.ckpt_path)
    assert loaded_from.name == f"{MODEL_ID}.pt" and loaded_from.parent != models_dir
    assert not loaded_from.exists() and not loaded_from.parent.exists()
    assert classify_context([shape_image("circle", np.random.default_rng(1))], MODEL_ID, top_k=1)[0]


def test_a_changed_byte_is_refused(models_dir: Path) -> None:
    load_context_model(MODEL_ID)  # cached while intact
    weights = models_dir / f"{MODEL_ID}.pt"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    os.utime(weights, (time.time() + 5, time.time() + 5))  # a new stamp even on a coarse clock
    with pytest.raises(ModelAltered, match=f"{MODEL_ID}.pt"):
        classify_context([np.zeros((SIZE, SIZE, 3), np.uint8)], MODEL_ID)
    assert context_models() == []


def test_a_missing_file_is_not_installed(models_dir: Path) -> None:
    entry = {"id": "absent-context", "task": "context", "file": "absent.pt", "sha256": "0" * 64,
             "licence": "CC0-1.0", "source": "test"}
    write_manifest_entry(models_dir, entry)
    clear_caches()
    with pytest.raises(ModelNotInstalled, match="absent.pt"):
        load_context_model("absent-context")
    assert [spec.id for spec in context_models()] == [MODEL_ID]


def test_a_model_of_another_task_is_refused(models_dir: Path) -> None:
    path = models_dir / "manifest.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["models"][0]["task"] = "sensitive"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    clear_caches()
    with pytest.raises(ModelError, match="not a context model"):
        load_context_model(MODEL_ID)


def test_manifest_update_keeps_other_entries_and_comments(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("# header\nmodels:\n  - {id: other, task: ner}\n  - {id: x, task: a}\n")
    write_manifest_entry(tmp_path, {"id": "x", "task": "context"})
    text = (tmp_path / "manifest.yaml").read_text(encoding="utf-8")
    assert text.startswith("# header\n")
    assert yaml.safe_load(text)["models"] == [{"id": "other", "task": "ner"}, {"id": "x", "task": "context"}]


def test_ultralytics_runs_offline_in_a_private_config_dir(trained: tuple[Path, dict, float, dict]) -> None:
    from ultralytics.utils import AUTOINSTALL, ONLINE, SAFE_LOAD, SETTINGS

    assert not ONLINE and not AUTOINSTALL and SAFE_LOAD
    assert os.environ["YOLO_OFFLINE"] == "1" and os.environ["YOLO_AUTOINSTALL"] == "False"
    assert Path(SETTINGS.file).parent == Path(os.environ["YOLO_CONFIG_DIR"]) / "Ultralytics"
    assert not Path(SETTINGS.file).is_relative_to(Path.home() / ".config")
    assert SETTINGS["sync"] is False and SETTINGS["mlflow"] is False
    assert _listing(Path.home() / ".config" / "Ultralytics") == trained[3]


def test_a_missing_base_or_url_is_refused_before_training(tmp_path: Path) -> None:
    make_dataset(tmp_path / "data", train=1, val=1)
    with pytest.raises(ModelError, match="no such weights"):
        train_context_model(tmp_path / "data", tmp_path / "models", "x", base="yolo11n-cls.pt")
    with pytest.raises(ModelError, match="does not exist"):
        train_context_model(tmp_path / "data", tmp_path / "models", "x", base="no-such-cls.yaml")
    with pytest.raises(ModelError, match="URL"):
        train_context_model(tmp_path / "data", tmp_path / "models", "x", base="https://example.org/a.yaml")
    with pytest.raises(ModelError, match="missing or empty"):
        train_context_model(tmp_path / "nowhere", tmp_path / "models", "x")
