"""Thumbnails for the gallery: the JPEG made at ingest (long side 256), read from the case and decoded off the GUI
thread, obscured there at the examiner's level, and kept as pixmaps in a bounded LRU.

A request is (file id, size, obscure level). Reading, decoding (``QImageReader.setScaledSize``: the reader scales
while it decodes) and obscuring (:func:`~heroes_desktop.gui.exposure.obscure`) run in a private ``QThreadPool``;
the ``QImage`` comes back by a queued signal and becomes a ``QPixmap`` only on the GUI thread. Requests wait in a
queue served newest first (where the examiner looks now); the view calls :meth:`ThumbnailLoader.retain` with the
tiles on screen, so a request for a tile scrolled away is dropped before it is read (calibre's cover grid, hydrus).

The cache is keyed by level too: a clear pixmap is never shown for an obscured request. While a request loads, only
a *more* obscured pixmap of the same tile may stand in (:meth:`ThumbnailLoader.stand_in`), never a clearer one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QImageReader, QPixmap

from heroes_desktop.gui.exposure import ObscureLevel, obscure

log = logging.getLogger("heroes.gui")

CACHE_ENTRIES = 2000
CACHE_BYTES = 384 * 1024 * 1024  # 2,000 pixmaps of 384 px would be over a gigabyte: the bytes bound too
DECODE_THREADS = 2
IN_FLIGHT_PER_THREAD = 2  # requests handed to the pool at once; the rest wait in the queue (and may be dropped)

Key = tuple[int, int, int]  # (file id, size: the longer side in pixels, obscure level)
_KEEP_ASPECT = Qt.AspectRatioMode.KeepAspectRatio


@dataclass
class ThumbnailStats:
    """What the loader did: ``decoded`` images in ``seconds`` of worker time (read, decode and obscure)."""

    requested: int = 0  # requests queued (a cache miss not already waiting)
    decoded: int = 0  # images delivered
    missing: int = 0  # files without a thumbnail, or whose thumbnail could not be read
    dropped: int = 0  # requests dropped unread: their tile left the screen
    hits: int = 0  # pixmaps answered from the cache
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        """Decoded thumbnails per second of worker time (0 before the first)."""
        return self.decoded / self.seconds if self.seconds > 0 else 0.0


def decode_thumbnail(data: bytes | None, size: int, level: int) -> QImage:
    """The stored JPEG scaled (while decoding) to fit ``size`` x ``size`` and obscured at ``level``; a null image
    when there is none or it cannot be read. Safe on any thread."""
    if not data:
        return QImage()
    buffer = QBuffer()
    buffer.setData(QByteArray(bytes(data)))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    stored = reader.size()
    if stored.isValid() and not stored.isEmpty():
        reader.setScaledSize(stored.scaled(QSize(size, size), _KEEP_ASPECT))
    image = reader.read()
    if image.isNull():
        return QImage()
    return obscure(image, level)


class _Relay(QObject):
    """Lives on the GUI thread: a worker's ``delivered`` reaches it queued."""

    delivered = Signal(object, object, float)  # key, QImage (None: no thumbnail), seconds


class ThumbnailLoader(QObject):
    """Thumbnails by (file id, size, level). ``read(file_id)`` gives a file's stored JPEG bytes (or None) and is
    called on a pool thread. ``loaded(file_id, size, level)`` is emitted on the GUI thread once a request's pixmap
    (or its absence) is in the cache."""

    loaded = Signal(int, int, int)

    def __init__(self, read: Callable[[int], bytes | None], parent: QObject | None = None, *,
                 entries: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES, threads: int = DECODE_THREADS) -> None:
        super().__init__(parent)
        self._read = read
        self._entries = entries
        self._max_bytes = max_bytes
        self._cache: OrderedDict[Key, QPixmap] = OrderedDict()
        self._bytes = 0
        self._queue: OrderedDict[Key, None] = OrderedDict()
        self._in_flight: set[Key] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._capacity = max(1, threads) * IN_FLIGHT_PER_THREAD
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._delivered)
        self._closed = threading.Event()
        self.stats = ThumbnailStats()
        self.requested_ids: list[int] = []  # every file id ever requested, in order (what a test counts)

    # -------------------------------------------------------------------------------------------- asking

    def pixmap(self, file_id: int, size: int, level: int) -> QPixmap | None:
        """The cached pixmap (a null one when the file has none), or None after asking for it."""
        key = (int(file_id), int(size), int(level))
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self.stats.hits += 1
            return cached
        self.request(*key)
        return None

    def cached(self, file_id: int, size: int, level: int) -> QPixmap | None:
        """The cached pixmap without asking for it."""
        return self._cache.get((int(file_id), int(size), int(level)))

    def stand_in(self, file_id: int, size: int, level: int) -> QPixmap | None:
        """A cached pixmap of the same tile and size that is at least as obscured as ``level`` (shown while the
        wanted one loads); never a clearer one."""
        for stronger in range(int(level), int(ObscureLevel.STRONG) + 1):
            cached = self._cache.get((int(file_id), int(size), stronger))
            if cached is not None and not cached.isNull():
                return cached
        return None

    def request(self, file_id: int, size: int, level: int) -> None:
        """Ask for a thumbnail (nothing when it is cached, waiting or being read)."""
        key = (int(file_id), int(size), int(level))
        if self._closed.is_set() or key in self._cache or key in self._in_flight:
            return
        if key in self._queue:
            self._queue.move_to_end(key)
        else:
            self._queue[key] = None
            self.stats.requested += 1
            self.requested_ids.append(key[0])
        self._pump()

    def retain(self, keys: Iterable[Key]) -> int:
        """Drop every waiting request not in ``keys`` (the tiles on screen); returns how many were dropped."""
        wanted = {(int(a), int(b), int(c)) for a, b, c in keys}
        gone = [key for key in self._queue if key not in wanted]
        for key in gone:
            del self._queue[key]
        self.stats.dropped += len(gone)
        return len(gone)

    @property
    def waiting(self) -> list[Key]:
        """Requests not handed to the pool yet, oldest first."""
        return list(self._queue)

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing being read."""
        return not self._queue and not self._in_flight

    def clear(self) -> None:
        """Forget every cached pixmap and waiting request (requests being read still land)."""
        self._cache.clear()
        self._bytes = 0
        self.stats.dropped += len(self._queue)
        self._queue.clear()

    def __len__(self) -> int:
        return len(self._cache)

    def shutdown(self, wait: bool = True) -> None:
        """Stop reading: waiting requests are dropped; with ``wait``, the reads under way finish first (call before
        the case closes)."""
        self._closed.set()
        self._queue.clear()
        self._pool.clear()
        if wait:
            self._pool.waitForDone()

    # ------------------------------------------------------------------------------------------ the work

    def _pump(self) -> None:
        while self._queue and len(self._in_flight) < self._capacity:
            key, _ = self._queue.popitem(last=True)  # the newest: where the examiner looks now
            self._in_flight.add(key)
            self._pool.start(self._work(key))

    def _work(self, key: Key) -> Callable[[], None]:
        read, relay, closed = self._read, self._relay, self._closed

        def run() -> None:  # on a pool thread: no QPixmap here, only QImage
            if closed.is_set():
                return
            started = time.perf_counter()
            image: QImage | None
            try:
                image = decode_thumbnail(read(key[0]), key[1], key[2])
            except Exception as error:  # noqa: BLE001 - a thumbnail that cannot be read shows as none
                log.warning("thumbnail of file %s unreadable: %s", key[0], error)
                image = QImage()
            if image.isNull():
                image = None
            if closed.is_set():
                return
            try:
                relay.delivered.emit(key, image, time.perf_counter() - started)
            except RuntimeError:  # the loader is gone (the window closed)
                pass

        return run

    @Slot(object, object, float)
    def _delivered(self, key: Key, image: QImage | None, seconds: float) -> None:
        self._in_flight.discard(key)
        if self._closed.is_set():
            return
        self.stats.seconds += seconds
        if image is None:
            self.stats.missing += 1
            pixmap = QPixmap()  # cached null: the file has no thumbnail (or it could not be read)
        else:
            self.stats.decoded += 1
            pixmap = QPixmap.fromImage(image)  # the GUI thread: the only place a pixmap is made
        self._store(key, pixmap)
        self.loaded.emit(*key)
        self._pump()

    def _store(self, key: Key, pixmap: QPixmap) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self._bytes -= _cost(old)
        self._cache[key] = pixmap
        self._bytes += _cost(pixmap)
        while self._cache and (len(self._cache) > self._entries or self._bytes > self._max_bytes):
            _, evicted = self._cache.popitem(last=False)
            self._bytes -= _cost(evicted)


def _cost(pixmap: QPixmap) -> int:
    return 0 if pixmap.isNull() else pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


def case_thumbnail_reader(case: object) -> Callable[[int], bytes | None]:
    """``read`` for :class:`ThumbnailLoader` over an open case: the core's stored thumbnail of a file."""
    from heroes_desktop.browse.item_details import thumbnail_bytes

    def read(file_id: int) -> bytes | None:
        data = thumbnail_bytes(case, file_id)  # type: ignore[arg-type]
        return bytes(data) if data is not None else None

    return read
