"""Decrypted BitLocker and LUKS volumes: the ``bitlocker`` and ``luks`` layers (libbde, libluksde).

Each opener hands the volume below to its binding as a read-only file object (no binding ever opens evidence
itself), tries the key, and reads the plaintext. A key never appears in an error message: every message here is
written here, and a binding's own message is passed on only with the key scrubbed out of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pybde
import pyluksde

from heroes_desktop.evidence.errors import ImageReadError
from heroes_desktop.evidence.readers import ImageReader
from heroes_desktop.evidence.volume_stack import (
    EncryptedVolumeUnreadable,
    FileObjectOverReader,
    VolumeKeyRejected,
    VolumeLayerError,
)

PASSWORD = "password"
RECOVERY_KEY = "recovery-key"  # a BitLocker recovery password: 48 digits
KEY_KINDS = (PASSWORD, RECOVERY_KEY)
LAYER_OF_ENCRYPTION = {"BitLocker": "bitlocker", "BitLocker To Go": "bitlocker", "LUKS": "luks"}


def layer_for(encryption: str, kind: str) -> dict[str, Any]:
    """The layer that decrypts a volume recorded with ``encryption``, unlocked by a key of ``kind``."""
    layer_type = LAYER_OF_ENCRYPTION.get(encryption)
    if layer_type is None:
        raise VolumeLayerError(f"no layer decrypts {encryption} volumes")
    return {"type": layer_type, "key": kind} if layer_type == "bitlocker" else {"type": layer_type}


def recovery_password(text: str) -> str:
    """A BitLocker recovery password in the dashed form libbde takes; spaces and dashes in ``text`` are ignored.

    Each of its 8 groups of 6 digits is a multiple of 11 below 720896 (BitLocker's own check), so a mistyped digit is
    caught here, before any key derivation.
    """
    digits = re.sub(r"[\s-]", "", text)
    groups = [digits[start:start + 6] for start in range(0, 48, 6)]
    if not (len(digits) == 48 and digits.isdigit()
            and all(int(group) % 11 == 0 and int(group) < 720896 for group in groups)):
        raise VolumeKeyRejected("not a BitLocker recovery password (48 digits in 8 groups of 6, each a multiple "
                                "of 11)")
    return "-".join(groups)


class DecryptedVolumeReader:
    """The plaintext of an unlocked volume, from its offset 0; closing it closes the volume below too."""

    def __init__(self, volume: Any, below: ImageReader, name: str) -> None:
        self._volume, self._below, self._name = volume, below, name
        self.size = int(volume.get_size())

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        try:
            return self._volume.read_buffer_at_offset(min(length, self.size - offset), offset)
        except OSError:
            raise ImageReadError(f"{self._name} volume: decryption failed at offset {offset}", offset) from None

    def close(self) -> None:
        try:
            self._volume.close()
        except OSError:
            pass
        self._below.close()


def _scrubbed(error: BaseException, secret: str | None) -> str:
    """A binding's message on one line: its first two libyal frames after the binding's own, without the key
    (defence in depth: libyal does not echo keys)."""
    frames = [frame.strip() for frame in " ".join(str(error).split()).split(". ") if frame.strip()]
    if len(frames) > 1 and frames[0].startswith("py"):
        frames = frames[1:]
    text = ". ".join(frames[:2]).rstrip(".")
    return (text.replace(secret, "[key]") if secret else text)[:300]


def _truncation_hint(message: str, size: int) -> str:
    """Say so when the library wanted metadata past the end of the volume: the image is likely truncated."""
    wanted = [int(offset) for offset in re.findall(r"at offset: (\d+)", message)]
    return f" (past the volume's end at {size} bytes: the image looks truncated)" if any(
        offset >= size for offset in wanted) else ""


def _unlocked(volume: Any, below: ImageReader, secret: str | None, name: str,
              set_key: Callable[[Any, str], None]) -> DecryptedVolumeReader:
    """Open ``volume`` read-only over ``below``, unlock it with ``secret``, and read it; the volume below is left
    open on failure (its owner closes it)."""
    try:
        volume.open_file_object(FileObjectOverReader(below))  # mode "r", the default
    except OSError as error:
        message = _scrubbed(error, secret)
        raise EncryptedVolumeUnreadable(f"the {name} metadata cannot be read: {message}"
                                        f"{_truncation_hint(message, below.size)}") from None
    try:
        if volume.is_locked():
            if not secret:
                raise VolumeKeyRejected(f"the {name} volume is locked and no key was given")
            set_key(volume, secret)
            try:
                unlocked = volume.unlock()
            except OSError as error:
                raise EncryptedVolumeUnreadable(
                    f"the {name} keys cannot be read: {_scrubbed(error, secret)}") from None
            if not unlocked or volume.is_locked():
                raise VolumeKeyRejected(f"the key does not unlock the {name} volume")
        return DecryptedVolumeReader(volume, below, name)
    except BaseException:
        volume.close()
        raise


def _bitlocker_key_setter(kind: str) -> Callable[[Any, str], None]:
    def set_key(volume: Any, secret: str) -> None:
        try:
            if kind == RECOVERY_KEY:
                volume.set_recovery_password(recovery_password(secret))
            else:
                volume.set_password(secret)
        except OSError:
            raise VolumeKeyRejected(f"the BitLocker volume does not take this {kind}") from None

    return set_key


def open_bitlocker_layer(below: ImageReader, layer: dict[str, Any], secret: str | None) -> ImageReader:
    """A BitLocker (or BitLocker To Go) volume's plaintext, unlocked by a password or a recovery password."""
    kind = layer.get("key", PASSWORD)
    if kind not in KEY_KINDS:
        raise VolumeLayerError(f"unknown BitLocker key kind {kind!r}")
    return _unlocked(pybde.volume(), below, secret, "BitLocker", _bitlocker_key_setter(kind))


def _set_luks_password(volume: Any, secret: str) -> None:
    try:
        volume.set_password(secret)
    except OSError:
        raise VolumeKeyRejected("the LUKS volume does not take this password") from None


def open_luks_layer(below: ImageReader, layer: dict[str, Any], secret: str | None) -> ImageReader:
    """A LUKS1 volume's plaintext, unlocked by a passphrase (libluksde reads LUKS version 1 only)."""
    header = below.read(0, 8)
    version = int.from_bytes(header[6:8], "big") if len(header) == 8 else 0
    if version != 1:
        raise EncryptedVolumeUnreadable(f"LUKS version {version} volumes cannot be decrypted here (libluksde reads "
                                        "LUKS version 1 only)")
    return _unlocked(pyluksde.volume(), below, secret, "LUKS", _set_luks_password)
