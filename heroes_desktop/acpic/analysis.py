"""One image's ACPIC record: sensitive-content detections, faces (age distribution, P(under 18), gender),
context labels from the lab's context models, and the triage that ranks it. Worker side; batched."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from heroes_desktop.acpic.sensitive import MODEL_ID as SENSITIVE_MODEL
from heroes_desktop.acpic.sensitive import detect_sensitive
from heroes_desktop.acpic.triage import triage
from heroes_desktop.models.loading import installed_models
from heroes_desktop.models.manifest import models_folder
from heroes_desktop.stages.perceptual import open_image, open_picture

ANALYSIS_SIDE = 1280  # long side the models see; boxes are mapped back to the original image
THUMBNAIL_SIDE = 256


def required_models() -> tuple[str, ...]:
    from heroes_desktop.acpic.faces import FACE_MODELS

    return (SENSITIVE_MODEL, *FACE_MODELS)


def onnx_model_ids() -> tuple[str, ...]:
    """The models an analysis runs through ONNX Runtime (the rest: dlib's landmarks, Ultralytics' context)."""
    from heroes_desktop.acpic.faces import AGE_MODEL, DETECTOR, GENDER_MODEL

    return (SENSITIVE_MODEL, DETECTOR, AGE_MODEL, GENDER_MODEL)


def missing_models() -> list[str]:
    """Required models that are absent or altered, as ``id (state)``: the media stage is not installed then."""
    states = {spec.id: state for spec, state in installed_models()}
    return [f"{model_id} ({states.get(model_id, 'not in the manifest')})" for model_id in required_models()
            if states.get(model_id) != "installed"]


def context_model_ids() -> tuple[str, ...]:
    """The lab's intact context models (looked up once per process and models folder, not once per image)."""
    return _context_model_ids(str(models_folder()))


@lru_cache(maxsize=4)
def _context_model_ids(folder: str) -> tuple[str, ...]:
    return tuple(spec.id for spec, state in installed_models("context") if state == "installed")


def models_used() -> dict[str, str]:
    """id -> SHA-256 of every model an analysis runs, for the custody log (once per process and models folder)."""
    return dict(_models_used(str(models_folder())))


@lru_cache(maxsize=4)
def _models_used(folder: str) -> tuple[tuple[str, str], ...]:
    wanted = set(required_models()) | set(context_model_ids())
    return tuple((spec.id, spec.sha256) for spec, state in installed_models()
                 if spec.id in wanted and state == "installed")


def decode_image(data: bytes) -> np.ndarray:
    """RGB pixels of an encoded image, EXIF orientation applied; a decompression bomb is refused."""
    try:
        image = open_image(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(f"decompression bomb refused: {error}") from None
    return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


def decode_picture(data: bytes) -> tuple[np.ndarray, str | None]:
    """Like :func:`decode_image`, but a truncated or partly overwritten JPEG or PNG gives the part that decodes,
    with why it is only part (see :mod:`heroes_desktop.stages.partial_picture`)."""
    try:
        image, incomplete = open_picture(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(f"decompression bomb refused: {error}") from None
    return np.asarray(ImageOps.exif_transpose(image).convert("RGB")), incomplete


def thumbnail(image: np.ndarray, side: int = THUMBNAIL_SIDE) -> bytes:
    picture = Image.fromarray(image)
    picture.thumbnail((side, side))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _scaled(image: np.ndarray) -> tuple[np.ndarray, float]:
    height, width = image.shape[:2]
    factor = min(1.0, ANALYSIS_SIDE / max(height, width))
    if factor == 1.0:
        return image, 1.0
    picture = Image.fromarray(image).resize((max(1, round(width * factor)), max(1, round(height * factor))),
                                            Image.Resampling.BILINEAR)
    return np.asarray(picture), factor


def _box(box: Sequence[float], factor: float) -> list[int]:
    return [int(round(value / factor)) for value in box]


def analyse_images(images: Sequence[np.ndarray], device: str = "cpu") -> list[dict[str, Any]]:
    """Every signal and the triage for each RGB image (boxes in the original image's pixels)."""
    from heroes_desktop.acpic.context import classify_context
    from heroes_desktop.acpic.faces import analyse_faces

    scaled = [_scaled(image) for image in images]
    pixels = [picture for picture, _ in scaled]
    detections = detect_sensitive(pixels, device)
    faces = analyse_faces(pixels, device)
    contexts: list[list[dict[str, Any]]] = [[] for _ in images]
    for model_id in context_model_ids():
        for index, labels in enumerate(classify_context(pixels, model_id, device)):
            contexts[index] += [{"model": model_id, "label": label.label, "score": round(float(label.score), 4),
                                 **({"box": _box(label.box, scaled[index][1])} if label.box else {})}
                                for label in labels]
    records = []
    for (picture, factor), found, people, context in zip(scaled, detections, faces, contexts):
        detection_rows = [{"label": d.label, "score": d.score, "box": _box(d.box, factor)} for d in found]
        face_rows = []
        for face in people:
            row = {key: value for key, value in asdict(face).items() if key != "box"}
            face_rows.append({"box": _box(face.box, factor), "age": round(float(face.age_mean), 1),
                              "p_minor": round(float(face.p_minor), 4), "gender": face.gender,
                              **{key: (round(value, 4) if isinstance(value, float) else value)
                                 for key, value in row.items() if key not in ("age_mean", "p_minor", "gender")}})
        verdict = triage(detection_rows, face_rows)
        records.append({"faces": face_rows, "detections": detection_rows, "context": context,
                        "triage_score": round(verdict.score, 4), "suggested_category": verdict.suggested_category,
                        "reasons": verdict.reasons})
    return records
