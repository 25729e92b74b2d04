"""The media and video stages through ingest and ``heroes media``, on benign images only (no sexual imagery of
anyone, ever): an astronaut portrait, a cup of coffee, a rocket, generated shapes and a generated video."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data
from PIL import Image

from heroes_desktop.case.case_file import Case
from heroes_desktop.core.errors import UsageError
from heroes_desktop.models.loading import model_spec
from heroes_desktop.pipeline.evidence_intake import add_evidence
from heroes_desktop.pipeline.ingest import IngestOptions, ingest
from heroes_desktop.pipeline.listing import iter_files
from tests.cli.test_cli import heroes
from tests.conftest import REPO, sha256_file


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def _shapes() -> np.ndarray:
    canvas = np.full((240, 320, 3), 255, dtype=np.uint8)
    cv2.circle(canvas, (80, 120), 50, (200, 30, 30), -1)
    cv2.rectangle(canvas, (170, 60), (290, 180), (30, 30, 200), -1)
    return canvas


def _video(path: Path) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, (320, 240))
    for index in range(30):
        frame = np.zeros((240, 320, 3), dtype=np.uint8)
        cv2.circle(frame, (40 + index * 8, 120), 30, (0, 0, 255), -1)
        writer.write(frame)
    portrait = cv2.cvtColor(cv2.resize(skimage.data.astronaut(), (320, 320))[40:280], cv2.COLOR_RGB2BGR)
    for _ in range(30):
        writer.write(portrait)
    writer.release()


@pytest.fixture
def media_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "camera-roll"
    folder.mkdir()
    (folder / "astronaut.png").write_bytes(_png(skimage.data.astronaut()))
    Image.fromarray(skimage.data.coffee()).save(folder / "coffee.jpg", quality=90)
    (folder / "rocket.png").write_bytes(_png(skimage.data.rocket()))
    (folder / "shapes.png").write_bytes(_png(_shapes()))
    (folder / "broken.png").write_bytes(_png(skimage.data.coffee())[:3000])
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, format="PNG")
    (folder / "bomb.png").write_bytes(bomb.getvalue())
    _video(folder / "clip.mp4")
    (folder / "corrupt.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    return folder


def test_images_and_video_through_ingest_and_cli(new_case: Case, media_folder: Path, isolated_profile: Path) -> None:
    before = {path.name: sha256_file(path) for path in media_folder.iterdir()}
    add_evidence(new_case, media_folder)
    summary = ingest(new_case, IngestOptions(jobs=2, stages=("filetype", "media", "video")))
    assert summary.status == "finished"
    assert before == {path.name: sha256_file(path) for path in media_folder.iterdir()}
    with new_case.reading() as connection:
        runs = {(row.name, row.stage): (row.status, row.error) for row in connection.exec_driver_sql(
            "SELECT f.name, s.stage, s.status, s.error FROM stage_runs s JOIN files f ON f.id = s.file_id")}
        started = connection.exec_driver_sql(
            "SELECT details, versions FROM custody_events WHERE action = 'ingest.started'").one()
    # issue 20: a truncated picture is decoded as far as it goes and triaged; the stage says it read only part
    assert runs[("broken.png", "media")][0] == "partial" and "truncated" in runs[("broken.png", "media")][1]
    assert runs[("bomb.png", "media")][0] == "failed" and "bomb" in runs[("bomb.png", "media")][1]
    assert runs[("corrupt.mp4", "video")][0] == "failed" and "video" in runs[("corrupt.mp4", "video")][1]
    assert runs[("clip.mp4", "video")] == ("ok", None) and runs[("astronaut.png", "media")] == ("ok", None)
    # issue 20: an item whose stage failed or read only part of it is partial, not ok (it used to say ok)
    statuses = {entry["name"]: (entry["status"], entry["error"]) for entry in iter_files(new_case)}
    assert statuses["broken.png"][0] == "partial" and "media: picture truncated" in statuses["broken.png"][1]
    assert statuses["bomb.png"][0] == "partial" and "media: " in statuses["bomb.png"][1]
    assert statuses["corrupt.mp4"][0] == "partial" and "video: " in statuses["corrupt.mp4"][1]
    assert statuses["astronaut.png"] == statuses["clip.mp4"] == ("ok", None)
    models = json.loads(started[1])["models"]
    assert models["nudenet-320n"] == model_spec("nudenet-320n").sha256 and "age-v1" in models
    started_details = json.loads(started[0])
    assert started_details["device"] == "cpu"
    inference = started_details["inference"]  # where the models ran: the providers each session got
    assert inference["ran_on"] == "cpu" and inference["device_asked"] == "cpu"
    assert set(inference["onnxruntime"]["sessions"]) == {"nudenet-320n", "retinaface-mobilenet025", "age-v1",
                                                         "gender-v1"}
    assert all(providers == ["CPUExecutionProvider"] for providers in inference["onnxruntime"]["sessions"].values())
    case_path = str(new_case.path)
    new_case.close()

    listed = heroes(isolated_profile, "media", case_path, "--json")
    assert listed.returncode == 0, listed.stderr
    records = {record["path"].rsplit("/", 1)[-1]: record for record in map(json.loads, listed.stdout.splitlines())}
    astronaut = records["astronaut.png"]
    assert len(astronaut["faces"]) == 1
    face = astronaut["faces"][0]
    assert face["gender"] == "female" and 20 <= face["age"] <= 50 and face["p_minor"] < 0.05
    assert {d["label"] for d in astronaut["detections"]} <= {"FACE_FEMALE", "FACE_MALE"}
    assert astronaut["suggested_category"] == "CAT-5" and astronaut["triage_score"] < 0.1
    assert {m["id"] for m in astronaut["models"]} >= {"nudenet-320n", "retinaface-mobilenet025", "age-v1"}
    for name in ("coffee.jpg", "rocket.png", "shapes.png"):
        assert records[name]["faces"] == [] and records[name]["detections"] == [], name
        assert records[name]["suggested_category"] == "CAT-5"
    video = records["clip.mp4"]
    assert video["kind"] == "video" and video["frames"] >= 2
    assert any(face["gender"] == "female" for face in video["faces"])
    frames = [json.loads(line) for line in heroes(isolated_profile, "media", case_path, "--frames",
                                                   str(video["file_id"]), "--json").stdout.splitlines()]
    assert len(frames) == video["frames"] and frames[0]["frame_index"] == 0


def test_an_altered_model_makes_the_stage_not_installed(new_case: Case, media_folder: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    shutil.copytree(REPO / "models", models)
    weights = models / "retinaface_mobilenet025.onnx"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    monkeypatch.setenv("HEROES_MODELS_DIR", str(models))
    add_evidence(new_case, media_folder)
    with pytest.raises(UsageError, match="retinaface-mobilenet025 \\(altered\\)"):
        ingest(new_case, IngestOptions(jobs=1, stages=("filetype", "media")))
    assert ingest(new_case, IngestOptions(jobs=1, stages=None, stage_settings={})).status == "finished"
    with new_case.reading() as connection:
        details = json.loads(connection.exec_driver_sql(
            "SELECT details FROM custody_events WHERE action = 'ingest.started' ORDER BY seq DESC").first()[0])
    assert "media" in details["stages_not_installed"] and "media" not in details["stages"]


def test_the_whole_analysis_runs_with_the_network_blocked(tmp_path: Path) -> None:
    """A separate interpreter whose audit hook refuses every socket operation runs the models end to end."""
    script = tmp_path / "offline.py"
    script.write_text(
        "import sys\n"
        "def refuse(event, args):\n"
        "    if event.startswith(('socket.', 'urllib.')):\n"
        "        raise RuntimeError(f'network use refused: {event}')\n"
        "sys.addaudithook(refuse)\n"
        "import skimage.data\n"
        "from heroes_desktop.acpic.analysis import analyse_images\n"
        "records = analyse_images([skimage.data.astronaut(), skimage.data.coffee()])\n"
        "assert len(records[0]['faces']) == 1 and records[1]['faces'] == [], records\n"
        "print('ok')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
