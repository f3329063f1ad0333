"""A message's subject, bodies and headers, encrypted while it waits in the database.

The body of an invitation carries a personal link; until it is sent it is kept encrypted under
a key derived from the secret key (which is not in the database), and once it is sent or given
up the body is removed altogether.
"""

from __future__ import annotations

import json
import secrets
import zlib

from ..sealing import aead, keyed_hash

_NONCE_BYTES = 12


def _key() -> bytes:
    return bytes.fromhex(keyed_hash("mail", "body key"))


def seal(data: dict) -> bytes:
    """``data`` as compressed JSON, encrypted with AES-GCM."""
    plain = zlib.compress(json.dumps(data, separators=(",", ":")).encode())
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + aead(_key()).encrypt(nonce, plain, None)


def unseal(blob: bytes) -> dict:
    """What `seal` was given."""
    nonce, encrypted = blob[:_NONCE_BYTES], blob[_NONCE_BYTES:]
    return json.loads(zlib.decompress(aead(_key()).decrypt(nonce, encrypted, None)))


def seal_text(text: str) -> bytes:
    """A short string (a recipient's code), encrypted."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + aead(_key()).encrypt(nonce, text.encode(), b"text")


def unseal_text(blob: bytes) -> str:
    nonce, encrypted = blob[:_NONCE_BYTES], blob[_NONCE_BYTES:]
    return aead(_key()).decrypt(nonce, encrypted, b"text").decode()
