"""Face detection, age and gender on benign test images only (scikit-image's bundled pictures and drawn shapes)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from skimage import data

from heroes_desktop.acpic import faces
from heroes_desktop.acpic.faces import FACE_MODELS, FaceBox, analyse_faces, detect_faces, estimate_faces
from heroes_desktop.models.errors import ModelAltered
from heroes_desktop.models.loading import model_spec
from heroes_desktop.models.runtime import onnx_session
from tests.conftest import REPO

# Measured once on skimage.data.astronaut() (512 x 512): RetinaFace gives [178, 57, 273, 177] at score 0.999.
ASTRONAUT_FACE = (178.0, 57.0, 273.0, 177.0)


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    overlap = width * height
    area = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - overlap
    return overlap / area if area > 0 else 0.0


def scaled(box: tuple[float, ...], factor: float) -> tuple[float, ...]:
    return tuple(value * factor for value in box)


def shapes_image() -> np.ndarray:
    """Circles and rectangles in flat colours: nothing a face detector should take for a face."""
    rng = np.random.default_rng(7)
    image = Image.new("RGB", (480, 360), (240, 240, 235))
    draw = ImageDraw.Draw(image)
    for _ in range(25):
        x, y = (int(value) for value in rng.integers(0, 440, 2))
        size = int(rng.integers(10, 120))
        colour = tuple(int(value) for value in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        else:
            draw.rectangle((x, y, x + size, y + size // 2), fill=colour)
    return np.asarray(image)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return data.astronaut()


def test_astronaut_is_one_adult_woman(astronaut: np.ndarray) -> None:
    (found,) = analyse_faces([astronaut])
    assert len(found) == 1
    face = found[0]
    assert iou(face.box, ASTRONAUT_FACE) > 0.5
    assert face.score > 0.95
    assert 20 <= face.age_mean <= 50
    assert face.age_p10 <= face.age_median <= face.age_p90
    assert face.p_minor < 0.05
    assert face.gender == "female" and face.p_female > 0.7


def test_detection_gives_five_landmarks_inside_the_box(astronaut: np.ndarray) -> None:
    (face,) = detect_faces([astronaut])[0]
    x0, y0, x1, y1 = face.box
    assert len(face.landmarks) == 5
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in face.landmarks)


@pytest.mark.parametrize("name", ["coffee", "rocket", "chelsea", "page", "shapes"])
def test_no_face_in_pictures_without_people(name: str) -> None:
    image = shapes_image() if name == "shapes" else getattr(data, name)()
    assert detect_faces([image]) == [[]]
    assert analyse_faces([image]) == [[]]


def test_mixed_sizes_in_one_call_keep_their_order(astronaut: np.ndarray) -> None:
    found = detect_faces([astronaut, data.coffee(), np.rot90(astronaut), astronaut])
    assert [len(faces_in_image) for faces_in_image in found] == [1, 0, 1, 1]
    assert found[3] == found[0]


def test_small_face_is_found(astronaut: np.ndarray) -> None:
    small = np.asarray(Image.fromarray(astronaut).resize((128, 128), Image.Resampling.LANCZOS))
    (found,) = analyse_faces([small])
    assert len(found) == 1
    assert iou(found[0].box, scaled(ASTRONAUT_FACE, 0.25)) > 0.5
    assert found[0].p_minor < 0.05


def test_turned_face_is_found_and_judged_upright(astronaut: np.ndarray) -> None:
    upright = analyse_faces([astronaut])[0][0]
    (found,) = analyse_faces([np.rot90(astronaut)])
    assert len(found) == 1
    x0, y0, x1, y1 = ASTRONAUT_FACE
    assert iou(found[0].box, (y0, 512 - x1, y1, 512 - x0)) > 0.5
    assert found[0].gender == "female" and found[0].p_minor < 0.05
    assert abs(found[0].age_mean - upright.age_mean) < 5


def test_large_image_is_shrunk_and_boxes_mapped_back(astronaut: np.ndarray) -> None:
    large = np.repeat(np.repeat(astronaut, 3, axis=0), 3, axis=1)  # 1536 x 1536
    (found,) = detect_faces([large], max_side=1024)
    assert len(found) == 1
    assert iou(found[0].box, scaled(ASTRONAUT_FACE, 3)) > 0.7


@pytest.mark.parametrize("form", ["grey", "rgba", "int64"])
def test_other_pixel_forms_are_converted(astronaut: np.ndarray, form: str) -> None:
    if form == "grey":
        image = np.asarray(Image.fromarray(astronaut).convert("L"))
    elif form == "rgba":
        image = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    else:
        image = astronaut.astype(np.int64)
    (found,) = analyse_faces([image])
    assert len(found) == 1 and iou(found[0].box, ASTRONAUT_FACE) > 0.5


@pytest.mark.parametrize("shape", [(1, 1, 3), (10000, 8, 3), (8, 10000), (3, 3, 4)])
def test_degenerate_images_give_no_faces(shape: tuple[int, ...]) -> None:
    image = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    assert analyse_faces([image]) == [[]]


@pytest.mark.parametrize(
    "array",
    [np.zeros((0, 0, 3), np.uint8), np.zeros((5, 0), np.uint8), np.zeros(7, np.uint8), np.zeros((4, 4, 2), np.uint8),
     np.full((4, 4, 3), 0.5), np.full((4, 4, 3), 300, np.int32)],
    ids=["empty", "zero-width", "1-d", "2-channels", "float", "out-of-range"],
)
def test_unusable_arrays_are_refused(array: np.ndarray) -> None:
    with pytest.raises(ValueError):
        detect_faces([array])


def test_no_faces_no_work(astronaut: np.ndarray) -> None:
    assert detect_faces([]) == [] and analyse_faces([]) == []
    assert estimate_faces(astronaut, []) == []


def test_tiny_box_still_gets_an_estimate(astronaut: np.ndarray) -> None:
    for landmarks in [(), ((0.0, 0.0),) * 5]:
        tiny = FaceBox((200.0, 90.0, 210.0, 100.0), 0.9, landmarks)
        (estimate,) = estimate_faces(astronaut, [tiny])
        assert 0 <= estimate.age_mean <= 80 and 0.0 <= estimate.p_female <= 1.0


def test_models_used_are_in_the_registry() -> None:
    assert [model_spec(model_id).id for model_id in FACE_MODELS] == list(FACE_MODELS)


@pytest.fixture
def fresh_model_caches() -> Iterator[None]:
    """Model caches emptied before and after, so no session opened on altered copies outlives the test."""
    onnx_session.cache_clear()
    faces._shape_predictor.cache_clear()
    yield
    onnx_session.cache_clear()
    faces._shape_predictor.cache_clear()


def test_altered_detector_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_model_caches: None, astronaut: np.ndarray
) -> None:
    shutil.copy(REPO / "models" / "manifest.yaml", tmp_path / "manifest.yaml")
    weights = tmp_path / "retinaface_mobilenet025.onnx"
    shutil.copy(REPO / "models" / "retinaface_mobilenet025.onnx", weights)
    content = bytearray(weights.read_bytes())
    content[len(content) // 2] ^= 0x01
    weights.write_bytes(bytes(content))
    monkeypatch.setenv("HEROES_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelAltered, match="retinaface_mobilenet025.onnx"):
        detect_faces([astronaut])


def test_runs_with_the_network_blocked(monkeypatch: pytest.MonkeyPatch, astronaut: np.ndarray) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    onnx_session.cache_clear()
    faces._shape_predictor.cache_clear()
    assert len(analyse_faces([astronaut])[0]) == 1


def test_module_imports_no_network_code() -> None:
    program = textwrap.dedent(
        """
        import sys
        import heroes_desktop.acpic.faces
        networky = {"socket", "ssl", "http", "requests", "httpx", "urllib3", "aiohttp", "ftplib", "smtplib"}
        print(sorted(name for name in sys.modules if name.split(".")[0] in networky))
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
