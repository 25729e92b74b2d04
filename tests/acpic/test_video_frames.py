"""Key frames out of generated videos: moving shapes and benign skimage photographs, written with cv2.VideoWriter."""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from skimage import data as skimage_data

from heroes_desktop.acpic import video_frames
from heroes_desktop.acpic.video_frames import KeyFrame, VideoInfo, read_key_frames

WIDTH, HEIGHT, FPS = 160, 120, 10
CUTS_SECONDS = (4.0, 7.0)
CHECK_SECONDS = 1.0 / video_frames.CHECKS_PER_SECOND


def _write_video(path: Path, frames: list[np.ndarray], fps: float, fourcc: str) -> bytes:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path.read_bytes()


def _red_circle(step: int) -> np.ndarray:
    frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    cv2.circle(frame, (30 + 2 * step, HEIGHT // 2), 18, (0, 0, 255), -1)  # BGR red
    return frame


def _astronaut_pan(step: int) -> np.ndarray:
    photo = cv2.cvtColor(skimage_data.astronaut(), cv2.COLOR_RGB2BGR)
    big = cv2.resize(photo, (WIDTH * 2, HEIGHT * 2), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(big[HEIGHT // 2: HEIGHT // 2 + HEIGHT, 2 * step: 2 * step + WIDTH])


def _blue_square(step: int) -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    cv2.rectangle(frame, (10 + 2 * step, 40), (50 + 2 * step, 80), (255, 0, 0), -1)  # BGR blue
    return frame


def _three_shots() -> list[np.ndarray]:
    """10 s at 10 fps: 4 s of a red circle on black, 3 s of the astronaut panning, 3 s of a blue square on white."""
    return ([_red_circle(i) for i in range(4 * FPS)] + [_astronaut_pan(i) for i in range(3 * FPS)]
            + [_blue_square(i) for i in range(3 * FPS)])


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("videos")
    shots = _three_shots()
    grey = [np.full((48, 64, 3), 90, np.uint8)] * (60 * 5)
    return {
        "mp4": _write_video(folder / "shots.mp4", shots, FPS, "mp4v"),
        "avi": _write_video(folder / "shots.avi", shots, FPS, "MJPG"),
        "static": _write_video(folder / "static.mp4", grey, 5, "mp4v"),
    }


def _reasons(frames: list[KeyFrame], reason: str) -> list[KeyFrame]:
    return [frame for frame in frames if frame.reason == reason]


def _assert_cuts_found(frames: list[KeyFrame]) -> None:
    scenes = _reasons(frames, "scene")
    assert len(scenes) == len(CUTS_SECONDS), [(f.index, f.seconds) for f in scenes]
    for scene, cut in zip(scenes, CUTS_SECONDS):
        assert cut <= scene.seconds <= cut + CHECK_SECONDS + 1.0 / FPS


@pytest.mark.parametrize("kind", ["mp4", "avi"])
def test_first_frame_cuts_and_samples_are_found(videos: dict[str, bytes], kind: str) -> None:
    info, frames = read_key_frames(videos[kind], every_seconds=3.0)
    assert frames[0].index == 0 and frames[0].seconds == 0.0 and frames[0].reason == "first"
    _assert_cuts_found(frames)
    assert [round(frame.seconds, 1) for frame in _reasons(frames, "sample")] == [3.0, 6.0, 9.0]
    assert [frame.index for frame in frames] == sorted(frame.index for frame in frames)
    assert info.fps == pytest.approx(FPS) and info.frames == 10 * FPS and info.seconds == pytest.approx(10.0)
    assert (info.width, info.height) == (WIDTH, HEIGHT) and info.codec in {"FMP4", "MJPG"}
    assert info.frames_scanned == 10 * FPS and not info.truncated and info.notes == ()


def test_frames_are_rgb_and_show_each_shot(videos: dict[str, bytes]) -> None:
    _, frames = read_key_frames(videos["mp4"], every_seconds=3.0)
    first = frames[0].image
    assert first.dtype == np.uint8 and first.shape == (HEIGHT, WIDTH, 3)
    red, green, blue = first[HEIGHT // 2, 30]
    assert red > 200 and green < 60 and blue < 60
    white_shot = _reasons(frames, "scene")[-1].image
    assert white_shot.mean() > 150 and white_shot[..., 2].mean() > white_shot[..., 0].mean()


def test_images_are_downscaled_to_max_side(videos: dict[str, bytes]) -> None:
    _, frames = read_key_frames(videos["mp4"], max_side=64)
    assert {frame.image.shape for frame in frames} == {(48, 64, 3)}


@pytest.mark.parametrize(("max_frames", "expected"), [(1, ["first"]), (3, ["first", "scene", "scene"]),
                                                      (4, ["first", "scene", "scene", "sample"])])
def test_max_frames_keeps_first_then_scenes_then_samples(
    videos: dict[str, bytes], max_frames: int, expected: list[str]
) -> None:
    _, frames = read_key_frames(videos["mp4"], every_seconds=1.0, max_frames=max_frames)
    assert sorted((frame.reason for frame in frames), key=["first", "scene", "sample"].index) == expected


def test_long_static_video_gives_first_and_samples_only_and_is_fast(videos: dict[str, bytes]) -> None:
    info, frames = read_key_frames(videos["static"], every_seconds=10.0, seconds_budget=20.0)
    assert [frame.reason for frame in frames] == ["first"] + ["sample"] * 5
    assert [round(frame.seconds) for frame in frames] == [0, 10, 20, 30, 40, 50]
    assert info.frames_scanned == 300 and not info.truncated


def test_many_samples_are_thinned_evenly_within_max_frames(videos: dict[str, bytes]) -> None:
    _, frames = read_key_frames(videos["static"], every_seconds=1.0, max_frames=5)
    assert len(frames) == 5 and frames[0].reason == "first"
    gaps = np.diff([frame.seconds for frame in frames])
    assert frames[-1].seconds > 40 and gaps.max() - gaps.min() <= 8


def test_truncated_video_gives_fewer_frames_or_value_error(videos: dict[str, bytes]) -> None:
    for kind in ("mp4", "avi"):
        cut = videos[kind][: int(len(videos[kind]) * 0.6)]
        try:
            info, frames = read_key_frames(cut)
        except ValueError as error:
            assert "not a readable video" in str(error)
            continue
        assert frames and info.frames_scanned < 10 * FPS and info.notes


def _png() -> bytes:
    return cv2.imencode(".png", cv2.cvtColor(skimage_data.coffee(), cv2.COLOR_RGB2BGR))[1].tobytes()


@pytest.mark.parametrize("make", [
    lambda: b"",
    lambda: np.random.default_rng(7).bytes(200_000),
    _png,
    lambda: cv2.imencode(".jpg", skimage_data.rocket())[1].tobytes(),
    lambda: b"Meeting notes\nnothing to see here\n" * 50,
    lambda: b"#EXTM3U\n#EXTINF:1.0,\n/etc/hostname\n#EXT-X-ENDLIST\n",
], ids=["empty", "random", "png", "jpeg", "text", "playlist"])
def test_non_video_raises_value_error_and_leaves_no_temp(tmp_path: Path, make: Callable[[], bytes]) -> None:
    with pytest.raises(ValueError, match="not a readable video"):
        read_key_frames(make(), temp_root=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_private_copy_is_private_removed_and_input_unchanged(
    videos: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []
    real_open = video_frames._open

    def recording_open(path: Path, budget_ms: int) -> cv2.VideoCapture:
        seen.append((stat.S_IMODE(os.stat(path.parent).st_mode), stat.S_IMODE(os.stat(path).st_mode)))
        return real_open(path, budget_ms)

    monkeypatch.setattr(video_frames, "_open", recording_open)
    data = videos["mp4"]
    digest = hashlib.sha256(data).hexdigest()
    read_key_frames(data, temp_root=tmp_path)
    with pytest.raises(ValueError):
        read_key_frames(data[: len(data) // 3], temp_root=tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert hashlib.sha256(data).hexdigest() == digest
    if os.name == "posix":
        assert seen == [(0o700, 0o600), (0o700, 0o600)]


def test_time_budget_stops_with_what_was_found(videos: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count()
    monkeypatch.setattr(video_frames, "time", SimpleNamespace(monotonic=lambda: float(next(ticks))))  # 1 s a look
    info, frames = read_key_frames(videos["mp4"], seconds_budget=30.0)
    assert info.truncated and 0 < info.frames_scanned <= 30
    assert "time budget" in info.notes[0] and frames[0].reason == "first"


def test_time_budget_spent_before_first_frame_is_value_error(
    videos: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = itertools.count(step=100)
    monkeypatch.setattr(video_frames, "time", SimpleNamespace(monotonic=lambda: float(next(ticks))))
    with pytest.raises(ValueError, match="time budget"):
        read_key_frames(videos["mp4"], seconds_budget=50.0)


def test_absurd_frame_size_is_refused(videos: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(video_frames, "MAX_PIXELS", WIDTH * HEIGHT - 1)
    with pytest.raises(ValueError, match="frame too large"):
        read_key_frames(videos["avi"])


@pytest.mark.parametrize("bad", [{"every_seconds": 0}, {"max_frames": 0}, {"max_side": 0}, {"seconds_budget": -1}])
def test_nonsense_settings_are_refused(videos: dict[str, bytes], bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        read_key_frames(videos["mp4"], **bad)


def test_video_info_reports_what_the_container_declares(videos: dict[str, bytes]) -> None:
    info, _ = read_key_frames(videos["static"])
    assert info == VideoInfo(frames=300, fps=5.0, width=64, height=48, seconds=60.0, codec="FMP4",
                             frames_scanned=300, truncated=False, notes=())


def _mp4_with_audio() -> bytes:
    """A second of moving grey levels with a silent AAC track, written by PyAV in memory."""
    import io

    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        video = container.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = container.add_stream("aac", rate=8000)
        for index in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), index * 20, np.uint8), format="rgb24")
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        silence = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
        silence.sample_rate = 8000
        for packet in [*audio.encode(silence), *audio.encode()]:
            container.mux(packet)
    return buffer.getvalue()


def test_audio_streams_are_counted_from_memory_and_unknown_for_junk(videos: dict[str, bytes]) -> None:
    from heroes_desktop.stages.video import audio_streams

    assert audio_streams(_mp4_with_audio()) == 1
    silent = next(iter(videos.values()))
    assert audio_streams(silent) == 0  # OpenCV writes no audio track
    assert audio_streams(b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 200) is None  # a damaged container: not known
    assert audio_streams(b"") is None
