"""Scene context: labels (classification) or labelled boxes (detection) from Ultralytics YOLO models a lab places in
the models folder and lists in the manifest with ``task: context``.

Ultralytics phones home, auto-installs packages and writes to ``~/.config`` unless told otherwise, and a ``.pt``
file is a pickle. So it is imported only through :func:`offline_ultralytics`, which switches all of that off, and a
model is opened only after its SHA-256 matched the manifest, with Ultralytics' restricted unpickler.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from heroes_desktop.identity.profile import profile_dir
from heroes_desktop.models.errors import ModelError
from heroes_desktop.models.loading import installed_models, model_spec, verified_bytes, verified_copy, verified_path
from heroes_desktop.models.manifest import ModelSpec

TASK = "context"
BATCH = 32
# Read by Ultralytics once, when it is first imported (ultralytics/utils/__init__.py).
OFFLINE_ENV = {
    "YOLO_OFFLINE": "1",  # is_online() -> False: no version check, telemetry, hub or asset downloads
    "YOLO_AUTOINSTALL": "False",  # check_requirements() never runs pip / uv
    "YOLO_VERBOSE": "False",
    "ULTRALYTICS_SAFE_LOAD": "1",  # .pt files are read with torch's weights_only unpickler and an allow-list
}
# Integrations that would log to, or sync with, other services; and folders kept out of the working directory.
QUIET_SETTINGS = {"sync": False, "clearml": False, "comet": False, "dvc": False, "mlflow": False,
                  "raytune": False, "tensorboard": False, "wandb": False, "vscode_msg": False, "openvino_msg": False}


@dataclass(frozen=True)
class ContextLabel:
    label: str
    score: float
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in the image's pixels (detection only)


def ultralytics_config_dir() -> Path:
    """Ultralytics' private settings folder inside the HEROES profile (never ``~/.config/Ultralytics``)."""
    return profile_dir() / "ultralytics"


def offline_ultralytics() -> Any:
    """The ``ultralytics`` module, imported with network access, auto-install and home-folder writes switched off.

    ModelError when Ultralytics was already imported elsewhere in this process without these switches.
    """
    if "ultralytics" not in sys.modules:
        os.environ.update(OFFLINE_ENV)
        os.environ["YOLO_CONFIG_DIR"] = str(ultralytics_config_dir())
    import ultralytics
    from ultralytics.utils import AUTOINSTALL, ONLINE, SAFE_LOAD, SETTINGS

    if ONLINE or AUTOINSTALL or not SAFE_LOAD:
        raise ModelError("ultralytics was imported before HEROES switched it offline; restart the program")
    private = Path(SETTINGS.file).parent
    wanted = {**QUIET_SETTINGS, "runs_dir": str(private / "runs"), "weights_dir": str(private / "weights"),
              "datasets_dir": str(private / "datasets")}
    if any(SETTINGS.get(key) != value for key, value in wanted.items()):
        SETTINGS.update(wanted)
    return ultralytics


def context_models() -> list[ModelSpec]:
    """The manifest's context models whose files are present and hash to the stated SHA-256."""
    return [spec for spec, state in installed_models(TASK) if state == "installed"]


@lru_cache(maxsize=8)
def _yolo(model_id: str, sha256: str, device: str) -> Any:
    """One YOLO object per verified model and device (the digest is in the key so a replaced file is re-opened),
    loaded from the very bytes whose SHA-256 was checked: a private copy of them, never the models folder's file
    a second time (a ``.pt`` is a pickle; the file could be replaced between the check and the load)."""
    spec = model_spec(model_id)
    data = verified_bytes(spec)
    if spec.sha256 != sha256:
        raise ModelError(f"model {model_id}: the manifest changed while it was being opened; open it again")
    ultralytics = offline_ultralytics()
    with verified_copy(data, spec.location().name) as copy:
        try:
            return ultralytics.YOLO(str(copy))
        except Exception as error:  # noqa: BLE001 - Ultralytics and torch raise many untyped errors for a bad file
            raise ModelError(f"{spec.location()} could not be loaded as a YOLO model: {error}") from error


def load_context_model(model_id: str, device: str = "cpu") -> Any:
    """The Ultralytics YOLO model of ``model_id``, opened only from bytes whose SHA-256 matches the manifest."""
    spec = model_spec(model_id)
    if spec.task != TASK:
        raise ModelError(f"model {model_id} is a {spec.task} model, not a {TASK} model")
    verified_path(spec)  # cheap while the file is unchanged: an altered file is refused before the cache is asked
    return _yolo(spec.id, spec.sha256, device)


def clear_context_cache() -> None:
    """Forget opened models (after the models folder changed)."""
    _yolo.cache_clear()


def _bgr(image: np.ndarray) -> np.ndarray:
    """A contiguous 3-channel BGR copy of an RGB, RGBA or grey uint8 image (Ultralytics reads arrays as BGR)."""
    if image.dtype != np.uint8:
        raise ValueError(f"context images must be uint8, not {image.dtype}")
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(f"context images must be HxWx3 RGB, not shape {image.shape}")
    return np.ascontiguousarray(image[..., 2::-1])


def _labels(result: Any, top_k: int, min_score: float) -> list[ContextLabel]:
    """Top-k classes of a classification result, or the boxes of a detection result scoring at least min_score."""
    names = result.names
    if result.probs is not None:
        probs = result.probs.data.float().cpu().numpy()
        best = np.argsort(-probs, kind="stable")[:top_k]
        return [ContextLabel(names[int(i)], round(float(probs[i]), 4)) for i in best]
    if result.boxes is None:
        raise ModelError("context models must classify or detect; this model gives neither classes nor boxes")
    scores = result.boxes.conf.float().cpu().numpy()
    classes = result.boxes.cls.cpu().numpy().astype(int)
    boxes = result.boxes.xyxy.float().cpu().numpy()
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= min_score]
    return [ContextLabel(names[int(classes[i])], round(float(scores[i]), 4),
                         tuple(round(float(v), 1) for v in boxes[i])) for i in order]  # type: ignore[misc]


def classify_context(images: Sequence[np.ndarray], model_id: str, device: str = "cpu", top_k: int = 5,
                     min_score: float = 0.25) -> list[list[ContextLabel]]:
    """Context labels for each RGB uint8 image, best first.

    Classification models give their ``top_k`` classes with probabilities; detection models give every detection
    scoring at least ``min_score``, with its box in the image's pixels.
    """
    model = load_context_model(model_id, device)
    size = model_spec(model_id).input.get("size")
    options: dict[str, Any] = {"device": device, "verbose": False, "conf": min_score, "save": False}
    if isinstance(size, int):
        options["imgsz"] = size
    labels: list[list[ContextLabel]] = []
    for start in range(0, len(images), BATCH):
        batch = [_bgr(image) for image in images[start:start + BATCH]]
        labels += [_labels(result, top_k, min_score) for result in model.predict(batch, **options)]
    return labels
