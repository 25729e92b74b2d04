"""Ed25519 signing keys kept in a person's profile, encrypted at rest.

The private key is sealed with AES-256-GCM under a key derived from the person's passphrase with scrypt
(N=2**15, r=8, p=1). The person's name and public key are bound to the ciphertext as associated data, so a key
file cannot be relabelled for someone else without the unlock failing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from heroes_desktop.core.canonical import canonical_json
from heroes_desktop.identity.errors import KeyFileUnreadable, WrongKeyPassphrase

KEY_FILE_FORMAT = "heroes-signing-key/1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def key_id_of(public_key: bytes) -> str:
    """A short, stable identifier of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is a valid Ed25519 signature of ``message`` by ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    """An unlocked signing key of one person."""

    owner: str
    _private: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)


def key_file_path(profile: Path, owner: str) -> Path:
    """Where ``owner``'s key lives in ``profile`` (the name made safe for a file name)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", owner.strip()).strip("._") or "person"
    digest = hashlib.sha256(owner.strip().encode("utf-8")).hexdigest()[:8]
    return profile / "keys" / f"{slug}-{digest}.key.json"


def load_or_create_signing_key(profile: Path, owner: str, passphrase: str, *, training: bool = False) -> SigningKey:
    """Unlock ``owner``'s key from ``profile``, creating it on first use.

    A new key's passphrase must meet the lab's passphrase policy (:class:`WeakPassphrase`, exit 2) unless the key is
    a ``training`` one (a class's or the demo's, whose passphrase is printed); unlocking a key is never refused so.
    """
    path = key_file_path(profile, owner)
    if path.exists():
        return _unlock(path, owner, passphrase)
    if not training:
        check_key_passphrase(passphrase, owner)
    key = SigningKey(owner, Ed25519PrivateKey.generate())
    _seal(path, key, passphrase)
    return key


def check_key_passphrase(passphrase: str, owner: str) -> None:
    """Refuse a new signing-key passphrase weaker than the lab's policy (:class:`WeakPassphrase`, exit 2)."""
    from heroes_desktop.identity.passphrase_policy import check_passphrase

    check_passphrase(passphrase, what=f"signing-key passphrase for {owner}", user_inputs=(owner,))


def _derive(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 1024 * 1024, dklen=32
    )


def _associated_data(owner: str, public_key_hex: str) -> bytes:
    return canonical_json({"format": KEY_FILE_FORMAT, "owner": owner, "public_key": public_key_hex})


def _seal(path: Path, key: SigningKey, passphrase: str) -> None:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    raw_private = key._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public_hex = key.public_key.hex()
    sealed = AESGCM(_derive(passphrase, salt)).encrypt(nonce, raw_private, _associated_data(key.owner, public_hex))
    document = {
        "format": KEY_FILE_FORMAT,
        "owner": key.owner,
        "public_key": public_hex,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()},
        "cipher": "AES-256-GCM",
        "nonce": nonce.hex(),
        "ciphertext": sealed.hex(),
    }
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def _unlock(path: Path, owner: str, passphrase: str) -> SigningKey:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document["format"] != KEY_FILE_FORMAT or document["owner"] != owner:
            raise KeyFileUnreadable(f"{path} is not {owner}'s signing key")
        kdf = document["kdf"]
        if kdf["name"] != "scrypt":
            raise KeyFileUnreadable(f"{path}: unknown key derivation {kdf['name']!r}")
        salt, nonce = bytes.fromhex(kdf["salt"]), bytes.fromhex(document["nonce"])
        sealed, public_hex = bytes.fromhex(document["ciphertext"]), document["public_key"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyFileUnreadable(f"signing key file {path} is unreadable: {error}") from error
    try:
        raw_private = AESGCM(_derive(passphrase, salt)).decrypt(nonce, sealed, _associated_data(owner, public_hex))
    except InvalidTag:
        raise WrongKeyPassphrase(f"wrong key passphrase for {owner}'s signing key ({path})") from None
    key = SigningKey(owner, Ed25519PrivateKey.from_private_bytes(raw_private))
    if key.public_key.hex() != public_hex:
        raise KeyFileUnreadable(f"{path}: the private key does not match its public key")
    return key
