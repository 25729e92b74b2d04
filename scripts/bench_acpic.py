#!/usr/bin/env python3
"""Benchmark: images per second through the ACPIC ``media`` stage against the raw models on the same images.

What it measures, and why
-------------------------
The stage decodes each image, scales it, runs every model (NudeNet, RetinaFace, landmarks + age + gender for each
face, the lab's context models), triages, makes a thumbnail and commits to the encrypted case, in ``--jobs``
worker processes. The floor for that work is the models' own inference. So, in one process and on the same
benign images (scikit-image's sample photographs, resized, cropped and flipped into ``--images`` JPEGs):

1. reference: the inputs of every model are prepared first (decoded, scaled, blobs and face chips made), then only
   ``InferenceSession.run`` is timed, one image at a time, with ONNX Runtime using every core of the machine;
2. pipeline: ``ingest --stages filetype,media --jobs N`` over a folder holding the same JPEGs, wall time.

Efficiency = pipeline images/s over reference images/s (goal 0.8 or better on CPU). ``--device cuda`` runs both on
the GPU when ONNX Runtime has its CUDA provider.

Usage::

    .venv/bin/python scripts/bench_acpic.py [--images 120] [--jobs N] [--device cpu] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import skimage.data
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from heroes_desktop.acpic import faces as face_module  # noqa: E402
from heroes_desktop.acpic import sensitive  # noqa: E402
from heroes_desktop.acpic.analysis import ANALYSIS_SIDE, decode_image  # noqa: E402
from heroes_desktop.case.case_file import Case  # noqa: E402
from heroes_desktop.identity.actor import Actor, Role  # noqa: E402
from heroes_desktop.identity.keys import load_or_create_signing_key  # noqa: E402
from heroes_desktop.models.runtime import onnx_session, resolve_device  # noqa: E402
from heroes_desktop.pipeline.evidence_intake import add_evidence  # noqa: E402
from heroes_desktop.pipeline.ingest import IngestOptions, ingest  # noqa: E402

SOURCES = ("astronaut", "coffee", "rocket", "chelsea", "camera", "cat", "hubble_deep_field", "immunohistochemistry",
           "motorcycle", "page")


def _photographs() -> list[np.ndarray]:
    pictures = []
    for name in SOURCES:
        loader = getattr(skimage.data, name, None)
        if loader is None and name == "motorcycle":
            loader = lambda: skimage.data.stereo_motorcycle()[0]  # noqa: E731
        if loader is None:
            continue
        picture = np.asarray(loader())
        if picture.ndim == 2:
            picture = np.stack([picture] * 3, axis=-1)
        pictures.append(picture[..., :3].astype(np.uint8))
    return pictures


def write_images(folder: Path, count: int) -> list[Path]:
    """JPEGs of 480 to 1024 pixels made from the sample photographs: resized, cropped and flipped variants."""
    pictures = _photographs()
    generator = np.random.default_rng(5)
    paths = []
    for index in range(count):
        image = Image.fromarray(pictures[index % len(pictures)])
        width, height = image.size
        left, top = int(generator.integers(0, width // 8 + 1)), int(generator.integers(0, height // 8 + 1))
        image = image.crop((left, top, width - left // 2, height - top // 2))
        side = int(generator.integers(480, 1025))
        image = image.resize((side, max(1, int(side * image.size[1] / image.size[0]))))
        if index % 3 == 1:
            image = ImageOps.mirror(image)
        path = folder / f"photo-{index:04}.jpg"
        image.save(path, quality=88)
        paths.append(path)
    return paths


def reference(paths: list[Path], device: str) -> dict[str, Any]:
    """Only the models' inference, on inputs prepared beforehand (threads: every core)."""
    threads = os.cpu_count() or 1
    nude = onnx_session(sensitive.MODEL_ID, device, threads)
    detector = onnx_session(face_module.DETECTOR, device, threads)
    age = onnx_session(face_module.AGE_MODEL, device, threads)
    gender = onnx_session(face_module.GENDER_MODEL, device, threads)
    prepared = []
    for path in paths:
        image = decode_image(path.read_bytes())
        factor = min(1.0, ANALYSIS_SIDE / max(image.shape[:2]))
        if factor < 1.0:
            image = np.asarray(Image.fromarray(image).resize((round(image.shape[1] * factor),
                                                              round(image.shape[0] * factor))))
        blob, _ = sensitive._blob(image)
        detector_input, _ = face_module._detector_input(image, 1024)
        found = face_module.detect_faces([image], device)[0]
        shapes = [face_module._shape_predictor()(image, face_module._dlib_rectangle(face.box)) for face in found]
        age_chips = face_module._chip_tensor([face_module._chip(image, shape, 64) for shape in shapes]) if shapes \
            else None
        gender_chips = face_module._chip_tensor([face_module._chip(image, shape, 32) for shape in shapes]) if shapes \
            else None
        prepared.append((blob[None], detector_input[None], age_chips, gender_chips))
    started = time.perf_counter()
    faces = 0
    for blob, detector_input, age_chips, gender_chips in prepared:
        nude.run(None, {nude.get_inputs()[0].name: blob})
        detector.run(None, {detector.get_inputs()[0].name: detector_input})
        if age_chips is not None:
            faces += len(age_chips)
            age.run(None, {age.get_inputs()[0].name: age_chips})
            gender.run(None, {gender.get_inputs()[0].name: gender_chips})
    seconds = time.perf_counter() - started
    return {"images": len(paths), "faces": faces, "seconds": seconds, "images_per_s": len(paths) / seconds,
            "threads": threads}


def pipeline(work: Path, folder: Path, jobs: int, device: str) -> dict[str, Any]:
    actor = Actor("Bench Examiner", Role.EXAMINER)
    key = load_or_create_signing_key(work / "profile", actor.name, "bench key of a synthetic examiner")
    case = Case.create(work / "acpic.heroes", "bench case passphrase, synthetic only", actor, key, title="bench acpic")
    try:
        add_evidence(case, folder)
        started = time.perf_counter()
        summary = ingest(case, IngestOptions(jobs=jobs, stages=("filetype", "media"),
                                             stage_settings={"device": device}))
        seconds = time.perf_counter() - started
        with case.reading() as connection:
            rows = connection.exec_driver_sql("SELECT COUNT(*), SUM(json_array_length(faces)) FROM media").one()
    finally:
        case.close()
    if summary.status != "finished":
        raise RuntimeError(f"ingest {summary.status}")
    return {"images": rows[0], "faces": rows[1], "seconds": seconds, "images_per_s": rows[0] / seconds, "jobs": jobs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=120)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--device", default="cpu", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    device = resolve_device(args.device)
    work = Path(tempfile.mkdtemp(prefix="bench-acpic-"))
    os.environ["HEROES_HOME"] = str(work / "profile")
    try:
        folder = work / "photos"
        folder.mkdir()
        paths = write_images(folder, args.images)
        raw = reference(paths, device)
        staged = pipeline(work, folder, args.jobs, device)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {"device": device, "reference": raw, "pipeline": staged,
               "efficiency": staged["images_per_s"] / raw["images_per_s"]}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(json.dumps(results, default=lambda value: round(value, 3)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
