"""Sensitive-content detection with NudeNet's detector (the ``nudenet`` wheel's YOLOv8n ONNX model).

The package's own pre-processing is reproduced, batched and vectorised: pad to a square at the bottom and right,
scale to 320x320, 1/255, and BGR channel order (what the package feeds the network for a file read by OpenCV,
kept for parity with its published behaviour). Decoding keeps class scores of at least 0.2 and runs one
class-agnostic non-maximum suppression (score 0.25, overlap 0.45), as the package does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from heroes_desktop.models.loading import model_spec
from heroes_desktop.models.runtime import onnx_session

MODEL_ID = "nudenet-320n"
INPUT_SIZE = 320
KEEP_SCORE, NMS_SCORE, NMS_OVERLAP = 0.2, 0.25, 0.45


@dataclass(frozen=True)
class Detection:
    label: str
    score: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the image's pixels


def _blob(image: np.ndarray) -> tuple[np.ndarray, int]:
    """The network input for one RGB image, and the side of the padded square it came from."""
    height, width = image.shape[:2]
    side = max(height, width)
    square = np.zeros((side, side, 3), dtype=np.uint8)
    square[:height, :width] = image[..., ::-1]  # BGR, as the package's pipeline gives the network
    resized = cv2.resize(square, (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_LINEAR)
    return resized.transpose(2, 0, 1).astype(np.float32) / 255.0, side


def _decode(output: np.ndarray, side: int, width: int, height: int, labels: Sequence[str]) -> list[Detection]:
    rows = output.T  # [anchors, 4 + classes]
    scores = rows[:, 4:]
    best = scores.argmax(axis=1)
    best_scores = scores[np.arange(len(rows)), best]
    keep = best_scores >= KEEP_SCORE
    if not keep.any():
        return []
    centre_x, centre_y, box_w, box_h = (rows[keep, i] * side / INPUT_SIZE for i in range(4))
    x0 = np.clip(centre_x - box_w / 2, 0, width)
    y0 = np.clip(centre_y - box_h / 2, 0, height)
    x1 = np.clip(centre_x + box_w / 2, 0, width)
    y1 = np.clip(centre_y + box_h / 2, 0, height)
    boxes = np.stack([x0, y0, x1 - x0, y1 - y0], axis=1)
    kept_scores, kept_classes = best_scores[keep], best[keep]
    chosen = cv2.dnn.NMSBoxes(boxes.tolist(), kept_scores.tolist(), NMS_SCORE, NMS_OVERLAP)
    return [Detection(labels[int(kept_classes[i])], round(float(kept_scores[i]), 4),
                      (int(x0[i]), int(y0[i]), int(x1[i]), int(y1[i]))) for i in np.array(chosen).reshape(-1)]


def detect_sensitive(images: Sequence[np.ndarray], device: str = "cpu", batch: int = 8) -> list[list[Detection]]:
    """NudeNet's detections for each RGB image, best first."""
    session = onnx_session(MODEL_ID, device)
    labels = model_spec(MODEL_ID).labels
    name = session.get_inputs()[0].name
    results: list[list[Detection]] = []
    for start in range(0, len(images), batch):
        group = images[start:start + batch]
        blobs = [_blob(image) for image in group]
        outputs = session.run(None, {name: np.stack([blob for blob, _ in blobs])})[0]
        for image, (_, side), output in zip(group, blobs, outputs):
            found = _decode(output, side, image.shape[1], image.shape[0], labels)
            results.append(sorted(found, key=lambda detection: -detection.score))
    return results
