"""A video played only when the examiner asks: never on its own, muted until an explicit key, every frame drawn
through the review pane's obscuring (the reveal ladder's step), from memory (nothing written to disk).

The storyboard of key frames is what the review panes show; this player is the step after it, for the videos an
examiner must watch. Qt Multimedia decodes; each frame arrives on a ``QVideoSink`` and is drawn as an image, so
the same obscuring that blurs a picture blurs a playing video.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

Present = Callable[[QImage], QImage]


class VideoPlayer(QWidget):
    """``load(data)`` prepares a video paused on nothing; ``play()``/``pause()``; ``toggle_sound()`` is the only
    way sound is heard. ``frame_shown(int)`` counts frames drawn (for tests and the frame-rate readout)."""

    frame_shown = Signal(int)
    state_changed = Signal()

    def __init__(self, present: Present, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("video_player")
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink  # loaded only when a video plays

        self._present = present
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._audio.setMuted(True)
        self._player.setAudioOutput(self._audio)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._frame)
        self._player.playbackStateChanged.connect(lambda _state: self._update())
        self._player.errorOccurred.connect(lambda _error, text: self._say(text))
        self._buffer: QBuffer | None = None
        self._frames = 0
        self._last: QImage | None = None

        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(QSize(160, 120))
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.play_button = QPushButton(self.tr("Play"), self)
        self.play_button.clicked.connect(self.toggle_play)
        self.sound_button = QPushButton(self.tr("Sound off"), self)
        self.sound_button.setCheckable(True)
        self.sound_button.clicked.connect(self.toggle_sound)
        self.status = QLabel(self.tr("Nothing plays by itself; sound stays off until you turn it on."), self)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.sound_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update()

    @property
    def playing(self) -> bool:
        from PySide6.QtMultimedia import QMediaPlayer

        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    @property
    def muted(self) -> bool:
        return self._audio.isMuted()

    @property
    def frames_shown(self) -> int:
        return self._frames

    def load(self, data: bytes) -> None:
        """The video's bytes, played from memory; stays paused until :meth:`play`."""
        self.stop()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._frames = 0
        self._player.setSourceDevice(self._buffer)
        self._audio.setMuted(True)  # every new video starts muted
        self._update()

    def play(self) -> None:
        if self._buffer is not None:
            self._player.play()

    def pause(self) -> None:
        self._player.pause()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def toggle_sound(self) -> None:
        """The explicit key for sound: on, or back off."""
        self._audio.setMuted(not self._audio.isMuted())
        self._update()

    def stop(self) -> None:
        self._player.stop()
        self._player.setSourceDevice(None)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self.picture.clear()
        self._last = None

    def redraw(self) -> None:
        """Draw the last frame again (the obscuring changed)."""
        if self._last is not None:
            self._draw(self._last)

    def _frame(self, frame: object) -> None:
        image = frame.toImage()  # type: ignore[attr-defined]
        if image.isNull():
            return
        self._last = image
        self._frames += 1
        self._draw(image)
        self.frame_shown.emit(self._frames)

    def _draw(self, image: QImage) -> None:
        shown = self._present(image)
        target = self.picture.size()
        self.picture.setPixmap(QPixmap.fromImage(shown).scaled(
            target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def _say(self, text: str) -> None:
        self.status.setText(self.tr("The video cannot be played: {reason}").format(reason=text))

    def _update(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))
        self.sound_button.setChecked(not self.muted)
        self.sound_button.setText(self.tr("Sound on") if not self.muted else self.tr("Sound off"))
        self.state_changed.emit()

    def shutdown(self) -> None:
        self.stop()


class VideoPlayerDialog(QDialog):
    """The player in a window of its own, for the review pane's *play* key: P plays or pauses, M is sound."""

    def __init__(self, present: Present, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("video_player_dialog")
        self.setWindowTitle(self.tr("Video: {name}").format(name=title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.player = VideoPlayer(present, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player)
        for key, slot in (("P", self.player.toggle_play), ("M", self.player.toggle_sound)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
        self.resize(640, 520)
        self.player.load(data)

    def done(self, result: int) -> None:
        self.player.shutdown()
        super().done(result)
