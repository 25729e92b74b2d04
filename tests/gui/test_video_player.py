"""The video player: nothing plays until asked, sound stays off until its own key, every frame is drawn through
the obscuring it is given, and the video is read from memory."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PySide6.QtGui import QImage

from heroes_desktop.gui.app import create_application
from heroes_desktop.gui.exposure import ObscureLevel, obscure


def _video_with_sound() -> bytes:
    """Two seconds of moving colour bands with a silent AAC track (PyAV, in memory)."""
    av = pytest.importorskip("av")
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        video = container.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 96, 64, "yuv420p"
        audio = container.add_stream("aac", rate=8000)
        for index in range(20):
            pixels = np.zeros((64, 96, 3), np.uint8)
            pixels[:, (index * 4) % 96:, 0] = 200
            pixels[:, :, 2] = 40 + index * 8
            for packet in video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in video.encode():
            container.mux(packet)
        silence = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
        silence.sample_rate = 8000
        for packet in [*audio.encode(silence), *audio.encode()]:
            container.mux(packet)
    return buffer.getvalue()


def test_a_video_waits_for_play_starts_muted_and_is_drawn_obscured(qtbot) -> None:  # type: ignore[no-untyped-def]
    create_application([], language="en")
    from heroes_desktop.gui.views.video_player import VideoPlayer

    drawn: list[QImage] = []

    def present(image: QImage) -> QImage:
        shown = obscure(image, ObscureLevel.STRONG)
        drawn.append(shown)
        return shown

    player = VideoPlayer(present)
    qtbot.addWidget(player)
    player.resize(320, 280)
    player.show()
    player.load(_video_with_sound())
    qtbot.wait(300)  # time in which an autoplaying player would have drawn frames
    assert not player.playing and player.frames_shown == 0 and player.muted
    player.play()
    qtbot.waitUntil(lambda: player.frames_shown >= 3, timeout=20_000)
    assert player.muted  # playing does not turn sound on
    assert drawn and all(image.format() == QImage.Format.Format_Grayscale8 for image in drawn)
    player.toggle_sound()
    assert not player.muted and player.sound_button.isChecked()
    player.toggle_sound()
    assert player.muted
    player.load(_video_with_sound())  # the next video starts muted and paused again
    assert player.muted and not player.playing
    player.shutdown()
