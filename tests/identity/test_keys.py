"""Signing keys live in the person's profile, sealed with their own passphrase."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from heroes_desktop.identity.errors import KeyFileUnreadable, WrongKeyPassphrase
from heroes_desktop.identity.keys import key_file_path, load_or_create_signing_key, verify_signature

KEY = "lantern quokka mossy ferrule"  # strong enough for the passphrase policy (a new key)


def test_key_is_created_once_and_reopened(tmp_path: Path) -> None:
    first = load_or_create_signing_key(tmp_path, "Ana Examiner", KEY)
    again = load_or_create_signing_key(tmp_path, "Ana Examiner", KEY)
    assert first.public_key == again.public_key
    signature = again.sign(b"message")
    assert verify_signature(first.public_key, signature, b"message")
    assert not verify_signature(first.public_key, signature, b"other message")


def test_private_key_is_sealed_at_rest(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path, "Ana Examiner", KEY)
    path = key_file_path(tmp_path, "Ana Examiner")
    raw_private = key._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    content = path.read_bytes()
    assert raw_private not in content and raw_private.hex().encode() not in content
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_wrong_passphrase_and_relabelled_key_are_refused(tmp_path: Path) -> None:
    load_or_create_signing_key(tmp_path, "Ana Examiner", KEY)
    with pytest.raises(WrongKeyPassphrase):
        load_or_create_signing_key(tmp_path, "Ana Examiner", "wrong")
    path = key_file_path(tmp_path, "Ana Examiner")
    document = json.loads(path.read_text())
    other = key_file_path(tmp_path, "Mallory")
    other.write_text(json.dumps({**document, "owner": "Mallory"}))
    with pytest.raises(WrongKeyPassphrase):  # the owner is bound to the ciphertext
        load_or_create_signing_key(tmp_path, "Mallory", KEY)
    path.write_text("{not json")
    with pytest.raises(KeyFileUnreadable):
        load_or_create_signing_key(tmp_path, "Ana Examiner", KEY)


def test_different_people_have_different_keys(tmp_path: Path) -> None:
    ana = load_or_create_signing_key(tmp_path, "Ana", KEY)
    sam = load_or_create_signing_key(tmp_path, "Sam", KEY)
    assert ana.key_id != sam.key_id
