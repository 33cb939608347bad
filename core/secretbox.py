"""Small secrets sealed at rest (two-step login secrets): AES-GCM under a key derived from data/secret_key.

The key is derived (HKDF-SHA256) from the site's secret key, which backups leave out unless asked:
a copy of the data files alone carries no usable secret. Each sealed value is bound to what it
belongs to (``context``, e.g. an account id), so it cannot be moved to another record.
"""
from __future__ import annotations

import base64
import binascii
import os

PREFIX = "aesgcm1:"  # names the scheme, so a plain value from before sealing is told apart
NONCE_BYTES = 12


class SecretBox:
    """Seal and open short strings with one purpose's key."""

    def __init__(self, key_material: str | bytes, purpose: str):
        # Imported here: a worker that never opens a sealed secret does not hold the library (about 7 MB).
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.hashes import SHA256
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        material = key_material.encode() if isinstance(key_material, str) else key_material
        key = HKDF(algorithm=SHA256(), length=32, salt=None, info=f"trangxa|{purpose}".encode()).derive(material)
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: str) -> str:
        """Return ``plaintext`` encrypted and authenticated, bound to ``context``, as printable text."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, context: str) -> str | None:
        """Return the plaintext of sealed ``value``, or None when another key or context sealed it, or it is damaged."""
        from cryptography.exceptions import InvalidTag

        if not is_sealed(value):
            return None
        try:
            raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode("ascii"))
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
        except (InvalidTag, ValueError, binascii.Error, UnicodeError):
            return None


def is_sealed(value: object) -> bool:
    """Return whether ``value`` is a sealed string (rather than a plain one from before sealing)."""
    return isinstance(value, str) and value.startswith(PREFIX)
