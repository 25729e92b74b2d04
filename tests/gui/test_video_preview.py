"""A video is never played in the preview: its key frames (made at ingest) are shown as one sheet, obscured like
any picture until the examiner reveals it; a video without analysed frames says so."""

from __future__ import annotations

import cv2
import numpy as np
from skimage import data as skimage_data

from heroes_desktop.gui.exposure import obscure
from heroes_desktop.gui.jobs import Jobs
from heroes_desktop.gui.views.preview import PreviewView, frame_sheet, preview_kind


def _jpeg(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    assert ok
    return encoded.tobytes()


FRAMES = [(0.0, _jpeg(skimage_data.astronaut())), (12.5, _jpeg(skimage_data.coffee())),
          (75.0, _jpeg(skimage_data.chelsea()))]


def _colourful(image) -> bool:  # type: ignore[no-untyped-def]
    """Any pixel whose channels differ: not greyscale."""
    for y in range(0, image.height(), 17):
        for x in range(0, image.width(), 17):
            colour = image.pixelColor(x, y)
            if max(colour.red(), colour.green(), colour.blue()) - min(colour.red(), colour.green(),
                                                                     colour.blue()) > 24:
                return True
    return False


def test_videos_are_previewed_as_key_frames_never_played(qapp) -> None:  # type: ignore[no-untyped-def]
    assert preview_kind("video/mp4", "clip.mp4") == "video"
    sheet = frame_sheet(FRAMES)
    assert sheet.width() == 3 * 256 and sheet.height() == 256 + 20 and _colourful(sheet)


def test_the_frame_sheet_is_obscured_until_revealed(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = Jobs()
    revealed = [False]
    asked: list[int] = []

    def load(file_id: int) -> list[tuple[float | None, bytes]]:
        asked.append(file_id)
        return FRAMES if file_id == 7 else []

    view = PreviewView(jobs, lambda *_: b"", lambda *_: (b"", 0), lambda image: obscure(image, 1),
                       lambda: revealed[0], load_frames=load)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.set_item(7, {"mime": "video/mp4", "name": "clip.mp4", "size": 10_000_000})
    assert asked == [7] and view.state == "video"
    assert "3 key frames" in view.info.text()
    assert not _colourful(view.displayed_image())
    revealed[0] = True
    view.refresh_exposure()
    assert _colourful(view.displayed_image())

    view.set_item(8, {"mime": "video/x-msvideo", "name": "other.avi", "size": 5})
    qtbot.waitUntil(lambda: "No key frames" in view.message.text(), timeout=10_000)
    jobs.shutdown()
