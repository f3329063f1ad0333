"""Keys that are never in the database: keyed hashes of codes and sealed submissions.

Both keys are derived from the application's secret key (``READINESS_SECRET_KEY``, or the
instance folder's ``secret_key`` file in development), which lives with the server, not with the
data. Someone who reads the database files, its WAL, its backups or its system columns, even
holding the codes list of a mail merge, can neither tell which row belongs to which code nor
read a submission before it is mixed.

Changing the secret key while a survey is open makes its codes and its sealed submissions
unreadable: close surveys first (SECURITY.md says so).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets

from flask import current_app

#: Sealed payloads are padded to this size, or to the next power of two above it: only
#: comments that together run past about 3,000 characters make a submission stand out by size
#: (which could tie such a comment, once mixed, to when it was sent).
_SMALLEST = 4096
_NONCE_BYTES = 12


class SealBroken(RuntimeError):
    """A sealed submission cannot be opened: the secret key changed since it was written."""


def _key(purpose: str) -> bytes:
    return _derived(str(current_app.config["SECRET_KEY"]), purpose)


@functools.lru_cache(maxsize=32)
def _derived(secret: str, purpose: str) -> bytes:
    """One key per purpose from the secret key, derived once per process."""
    return hmac.new(secret.encode(), f"readiness/{purpose}".encode(), hashlib.sha256).digest()


def aead(key: bytes):
    """AES-GCM under ``key``. cryptography is imported on first use, not when a command starts
    (about 6 ms that most commands never need)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the key for ``purpose``, as 64 hex digits."""
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def seal(data: dict) -> bytes:
    """``data`` as JSON, padded and encrypted with AES-GCM under the sealing key."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    size = _SMALLEST
    while size < len(text):
        size *= 2
    padded = text + b" " * (size - len(text))
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return nonce + aead(_key("seal")).encrypt(nonce, padded, None)


def unseal(blob: bytes) -> dict:
    """What ``seal`` sealed; SealBroken if it was sealed under another key."""
    nonce, body = bytes(blob[:_NONCE_BYTES]), bytes(blob[_NONCE_BYTES:])
    try:
        text = aead(_key("seal")).decrypt(nonce, body, None)
    except Exception as error:  # cryptography raises InvalidTag
        raise SealBroken(
            "A sealed submission cannot be opened: the secret key changed since it was sent."
        ) from error
    return json.loads(text)
