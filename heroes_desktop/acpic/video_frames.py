"""Key frames out of a video found in evidence, so image triage can look at a few frames instead of every one.

OpenCV's FFmpeg back end reads only from a path, so the bytes are copied into a private temporary directory
(0700, file 0600; in the process's transient folder, memory-backed where the machine has it, see
:mod:`heroes_desktop.core.transient`) that is always removed afterwards. The video is decoded once, front to back.
Every frame is ``grab()``-bed (FFmpeg must decode it anyway, since most frames depend on earlier ones) but only
the frames that are needed are ``retrieve()``-d, which skips the colour conversion and copy for the rest: about
four *checks* a second for scene-change detection, plus the regular samples.

Scene changes: each check's frame is shrunk to 64 px wide and summarised as an 8x4x4 HSV histogram; the
Bhattacharyya distance (0 = same, 1 = disjoint) to the previous check's histogram above ``scene_threshold`` is a
change. Value bins are needed as well as hue and saturation so that a cut between black and white is seen.
Measured on generated mp4v videos (shapes moving, skimage photographs panning and zooming): 0.00-0.10 between
checks within a shot, 0.30 when sensor-like noise suddenly appears, 0.87-0.99 at hard cuts, and 0.27-0.69 per
check through a 1 s cross-fade; hence the default of 0.4. Consecutive changed checks count as one change.

Results are bounded in memory whatever the video declares: the strongest ``max_frames - 1`` scene changes are
kept in a heap, and the regular samples are thinned to every other one (doubling their interval) whenever more
than ``2 * max_frames`` are held, so long videos get evenly spread samples at a wider interval than asked.
Decoding stops after ``seconds_budget`` of wall time; ``VideoInfo.truncated`` then says so.
"""

from __future__ import annotations

import heapq
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from heroes_desktop.core import transient

CHECKS_PER_SECOND = 4.0
MAX_PIXELS = 100_000_000
HISTOGRAM_WIDTH = 64
HISTOGRAM_BINS = [8, 4, 4]
HISTOGRAM_RANGES = [0, 180, 0, 256, 0, 256]
FALLBACK_FPS = 25.0  # used to step time forward when a video has neither a frame rate nor usable timestamps
STILL_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
}
TEXT_BYTES = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
TEXT_PROBE_BYTES = 512


@dataclass(frozen=True)
class VideoInfo:
    """What the container declares, plus how much was actually decoded.

    ``frames``, ``fps``, ``seconds`` and ``codec`` are None when the container does not say. ``truncated`` is True
    when the time budget ran out before the end; ``notes`` explains that and other early stops (damage).
    """

    frames: int | None
    fps: float | None
    width: int
    height: int
    seconds: float | None
    codec: str | None
    frames_scanned: int = 0
    truncated: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyFrame:
    """One chosen frame: its number, its time, why it was chosen, and its pixels (RGB, long side <= max_side)."""

    index: int
    seconds: float
    reason: str
    image: np.ndarray


@dataclass(frozen=True)
class _Candidate:
    index: int
    seconds: float
    image: np.ndarray


class _Collector:
    """Holds the first frame, the strongest scene changes and thinned regular samples, all within bounds."""

    def __init__(self, every_seconds: float, max_frames: int) -> None:
        self.first: _Candidate | None = None
        self.scenes: list[tuple[float, int, _Candidate]] = []  # min-heap on distance
        self.samples: list[_Candidate] = []
        self.sample_interval = every_seconds
        self.next_sample = every_seconds
        self.max_frames = max_frames
        self.pending: tuple[float, _Candidate] | None = None

    def wants_sample(self, seconds: float) -> bool:
        return seconds >= self.next_sample

    def add_sample(self, candidate: _Candidate) -> None:
        """Keep the sample; thin to every other one (doubling the interval) when too many are held."""
        self.samples.append(candidate)
        self.next_sample = (math.floor(candidate.seconds / self.sample_interval) + 1) * self.sample_interval
        if len(self.samples) > 2 * self.max_frames:
            self.samples = self.samples[1::2]
            self.sample_interval *= 2
            self.next_sample = (math.floor(candidate.seconds / self.sample_interval) + 1) * self.sample_interval

    def check(self, changed: bool, distance: float, candidate: _Candidate) -> None:
        """Record one check; consecutive changed checks (a fade, a flash) count as one change, the strongest."""
        if changed and (self.pending is None or distance > self.pending[0]):
            self.pending = (distance, candidate)
        elif not changed:
            self.flush()

    def flush(self) -> None:
        if self.pending is not None:
            self._add_scene(*self.pending)
            self.pending = None

    def _add_scene(self, distance: float, candidate: _Candidate) -> None:
        entry = (distance, candidate.index, candidate)
        if len(self.scenes) < self.max_frames - 1:
            heapq.heappush(self.scenes, entry)
        elif self.scenes and distance > self.scenes[0][0]:
            heapq.heapreplace(self.scenes, entry)

    def key_frames(self) -> list[KeyFrame]:
        """First, then the strongest scene changes, then evenly spread samples, in video order."""
        self.flush()
        chosen: dict[int, KeyFrame] = {}
        if self.first is not None:
            chosen[self.first.index] = _key(self.first, "first")
        for _, _, scene in sorted(self.scenes, reverse=True)[: self.max_frames - len(chosen)]:
            chosen.setdefault(scene.index, _key(scene, "scene"))
        samples = [sample for sample in self.samples if sample.index not in chosen]
        room = self.max_frames - len(chosen)
        if room > 0 and samples:
            picks = np.unique(np.linspace(0, len(samples) - 1, num=min(room, len(samples))).round().astype(int))
            for position in picks:
                chosen[samples[position].index] = _key(samples[position], "sample")
        return sorted(chosen.values(), key=lambda frame: frame.index)


def _key(candidate: _Candidate, reason: str) -> KeyFrame:
    return KeyFrame(candidate.index, candidate.seconds, reason, candidate.image)


def _histogram(frame_bgr: np.ndarray) -> np.ndarray:
    """A small normalised HSV histogram of the frame: cheap, and blind to motion within a shot."""
    height, width = frame_bgr.shape[:2]
    small_height = max(1, round(height * HISTOGRAM_WIDTH / max(width, 1)))
    small = cv2.resize(frame_bgr, (HISTOGRAM_WIDTH, small_height), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    histogram = cv2.calcHist([hsv], [0, 1, 2], None, HISTOGRAM_BINS, HISTOGRAM_RANGES)
    return cv2.normalize(histogram, histogram, alpha=1.0, norm_type=cv2.NORM_L1)


def _scene_distance(previous: np.ndarray, current: np.ndarray) -> float:
    return float(cv2.compareHist(previous, current, cv2.HISTCMP_BHATTACHARYYA))


def _downscaled_rgb(frame_bgr: np.ndarray, max_side: int) -> np.ndarray:
    """The frame as RGB with its long side at most ``max_side`` (a copy, so OpenCV's buffer is not held)."""
    height, width = frame_bgr.shape[:2]
    scale = max_side / max(height, width)
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        frame_bgr = cv2.resize(frame_bgr, size, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)


def _fourcc_text(value: float) -> str | None:
    code = int(value) if math.isfinite(value) and value > 0 else 0
    text = code.to_bytes(4, "little", signed=False).decode("latin-1") if 0 < code < 2**32 else ""
    return text.strip() if text.strip() and text.isprintable() else None


def _declared_info(capture: cv2.VideoCapture) -> VideoInfo:
    """The container's own claims: size, rate, length and codec (not trusted for anything but reporting)."""
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)
    fps_value = capture.get(cv2.CAP_PROP_FPS)
    fps = fps_value if math.isfinite(fps_value) and 0 < fps_value <= 1000 else None
    count = capture.get(cv2.CAP_PROP_FRAME_COUNT)
    frames = int(count) if math.isfinite(count) and 0 < count < 2**53 else None
    seconds = frames / fps if frames is not None and fps else None
    return VideoInfo(frames, fps, width, height, seconds, _fourcc_text(capture.get(cv2.CAP_PROP_FOURCC)))


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ValueError(f"frame too large: {width}x{height} pixels")


class _Clock:
    """The frame's time: the decoder's timestamp when it moves forward, otherwise one frame step on."""

    def __init__(self, fps: float | None) -> None:
        self.step = 1.0 / (fps or FALLBACK_FPS)
        self.last: float | None = None

    def seconds(self, capture: cv2.VideoCapture) -> float:
        stamp = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if self.last is None:
            now = stamp if math.isfinite(stamp) and stamp >= 0 else 0.0
        elif math.isfinite(stamp) and self.last < stamp < self.last + 3600:
            now = stamp
        else:
            now = self.last + self.step
        self.last = now
        return now


@dataclass
class _Settings:
    every_seconds: float
    max_frames: int
    scene_threshold: float
    max_side: int
    ends_at: float


def _scan(capture: cv2.VideoCapture, info: VideoInfo, settings: _Settings) -> tuple[VideoInfo, list[KeyFrame]]:
    """Decode front to back, retrieving only checked or sampled frames, until the end, damage or the deadline."""
    collector = _Collector(settings.every_seconds, settings.max_frames)
    clock = _Clock(info.fps)
    check_every = 1.0 / CHECKS_PER_SECOND
    next_check = 0.0
    previous: np.ndarray | None = None
    index = 0
    truncated = False
    while True:
        if time.monotonic() > settings.ends_at:
            truncated = True
            break
        if not capture.grab():
            break
        seconds = clock.seconds(capture)
        checking = previous is None or seconds >= next_check
        sampling = previous is not None and collector.wants_sample(seconds)
        if checking or sampling:
            ok, frame = capture.retrieve()
            if not ok or frame is None or frame.ndim != 3 or frame.shape[2] != 3:
                break
            _check_size(frame.shape[1], frame.shape[0])
            candidate = _Candidate(index, seconds, _downscaled_rgb(frame, settings.max_side))
            if previous is None:
                collector.first = candidate
            if checking:
                current = _histogram(frame)
                distance = 0.0 if previous is None else _scene_distance(previous, current)
                collector.check(distance > settings.scene_threshold, distance, candidate)
                previous = current
                next_check = (math.floor(seconds / check_every) + 1) * check_every
            if sampling:
                collector.add_sample(candidate)
        index += 1
    if collector.first is None:
        reason = "time budget spent before the first frame" if truncated else "no frame could be decoded"
        raise ValueError(f"not a readable video: {reason}")
    return _finished(info, index, truncated), collector.key_frames()


def _finished(info: VideoInfo, scanned: int, truncated: bool) -> VideoInfo:
    """The declared info with what the scan found: frames decoded, and why it may have stopped early."""
    notes = []
    if truncated:
        notes.append(f"time budget spent after {scanned} frames; later frames not examined")
    elif info.frames is not None and scanned < info.frames * 0.95:
        notes.append(f"decoding stopped at frame {scanned} of {info.frames} declared (damaged or truncated?)")
    return VideoInfo(info.frames, info.fps, info.width, info.height, info.seconds, info.codec,
                     frames_scanned=scanned, truncated=truncated, notes=tuple(notes))


def _refuse_non_video(data: bytes) -> None:
    """Refuse still images and text before FFmpeg sees them.

    FFmpeg would open a still image as a one-frame video (the image stages handle those), and it probes text as
    playlists or session descriptions (HLS, SDP) that point at other files or the network. Animated GIFs pass.
    """
    if not data:
        raise ValueError("not a readable video: no bytes")
    for magic, kind in STILL_IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise ValueError(f"not a readable video: a {kind} still image")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise ValueError("not a readable video: a WebP still image")
    head = data.removeprefix(b"\xef\xbb\xbf")[:TEXT_PROBE_BYTES]
    if head and all(byte in TEXT_BYTES for byte in head):
        raise ValueError("not a readable video: text")


def _private_copy(data: bytes, directory: str) -> Path:
    """The bytes written to a file only this user can read, inside a directory only this user can enter.

    The name has no media extension on purpose: FFmpeg then picks the demuxer from the content alone.
    """
    path = Path(directory).resolve() / "evidence.video"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return path


def _open(path: Path, budget_ms: int) -> cv2.VideoCapture:
    """An FFmpeg capture on the copy, told to give up opening and reading once the budget is spent."""
    params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, budget_ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, budget_ms]
    return cv2.VideoCapture(str(path), cv2.CAP_FFMPEG, params)


def read_key_frames(
    data: bytes,
    *,
    every_seconds: float = 10.0,
    max_frames: int = 32,
    scene_threshold: float = 0.4,
    max_side: int = 640,
    seconds_budget: float = 120.0,
    temp_root: str | os.PathLike[str] | None = None,
) -> tuple[VideoInfo, list[KeyFrame]]:
    """The video's declared info and its key frames: the first frame, scene changes and regular samples.

    Raises ValueError when the bytes are not a video OpenCV/FFmpeg can decode, no frame decodes, or the frame
    is absurdly large. A video damaged part-way gives the frames decoded before the damage (see ``notes``).
    """
    if every_seconds <= 0 or max_frames < 1 or max_side < 1 or seconds_budget <= 0:
        raise ValueError("every_seconds, max_frames, max_side and seconds_budget must be positive")
    _refuse_non_video(data)
    settings = _Settings(every_seconds, max_frames, scene_threshold, max_side, time.monotonic() + seconds_budget)
    if temp_root is None:
        directory = transient.make_private_folder("video-", len(data))  # mode 0700
    else:
        directory = tempfile.mkdtemp(prefix="heroes-video-", dir=temp_root)  # mode 0700
    try:
        capture = _open(_private_copy(data, directory), max(1, int(seconds_budget * 1000)))
        try:
            if not capture.isOpened():
                raise ValueError("not a readable video: FFmpeg could not open it")
            info = _declared_info(capture)
            _check_size(info.width, info.height)
            return _scan(capture, info, settings)
        finally:
            capture.release()
    except cv2.error as error:
        raise ValueError(f"not a readable video: {error}") from error
    finally:
        shutil.rmtree(directory)
