"""The links that let a person set their password: signed, expiring, single use, one purpose.

A token is an itsdangerous signature (under the secret key) of the account's number and a
fingerprint of its current password hash, with the time it was made. Nothing is stored:

* **signed**: a changed character and the token is refused;
* **expiring**: an invitation works for ``INVITATION_LINK_DAYS`` (7), a reset link for
  ``RESET_LINK_MINUTES`` (60), counted from when it was made;
* **single use**: using it sets a new password, which changes the hash, so the fingerprint no
  longer matches and the same link (and every older link of that account) stops working. An
  invitation sent again replaces the account's unknown password, so the first one stops too;
* **one purpose**: each purpose signs with its own salt and fingerprint key, so an invitation
  cannot be used as a reset link nor the other way round, and no other signed value of the
  application (a session cookie, a CSRF token) is a token here.

The fingerprint is a keyed hash: the token (readable by whoever holds it) says nothing about
the password hash.
"""

from __future__ import annotations

import secrets
import time

from flask import current_app
from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer

from . import db
from .models import User
from .sealing import keyed_hash

INVITATION, RESET = "invitation", "reset"
PURPOSES = (INVITATION, RESET)
#: Longer than any token this module makes; anything longer is refused unread.
MAX_TOKEN_LENGTH = 200


class _Signer(TimestampSigner):
    """A timestamp signer that can be told when a token was made (tests of expiry)."""

    def __init__(self, *args, issued_at: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._issued_at = issued_at

    def get_timestamp(self) -> int:
        return self._issued_at if self._issued_at is not None else int(time.time())


def _serializer(purpose: str, issued_at: int | None = None) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"],
        salt=f"readiness.account.{purpose}",
        signer=_Signer,
        signer_kwargs={"issued_at": issued_at},
    )


def lifetime_seconds(purpose: str) -> int:
    """How long a token of ``purpose`` works after it was made."""
    if purpose == INVITATION:
        return int(current_app.config["INVITATION_LINK_DAYS"]) * 86400
    return int(current_app.config["RESET_LINK_MINUTES"]) * 60


def _fingerprint(user: User, purpose: str) -> str:
    """Changes whenever the password (or the address) does; means nothing without the key."""
    return keyed_hash(f"account-{purpose}", f"{user.id}:{user.email}:{user.password_hash}")[:32]


def issue(user: User, purpose: str, *, issued_at: int | None = None) -> str:
    """A token for ``user`` and ``purpose`` (made now, or at ``issued_at``, seconds)."""
    # The nonce makes every link its own (two asked within a second are two messages).
    payload = {"u": user.id, "f": _fingerprint(user, purpose), "n": secrets.token_urlsafe(6)}
    return _serializer(purpose, issued_at).dumps(payload)


def holder(token: str, purpose: str) -> User | None:
    """The account ``token`` lets set a password, or None: tampered, expired, already used,
    another purpose's, or the account is gone. The reasons are not told apart."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload, made = _serializer(purpose).loads(
            token, max_age=lifetime_seconds(purpose), return_timestamp=True
        )
    except BadData:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    # Base64 leaves a few bits of the last character unused: another spelling of the same
    # token would pass the signature. Only the one spelling we made is accepted.
    if _serializer(purpose, int(made.timestamp())).dumps(payload) != token:
        return None
    user = db.session().get(User, payload["u"])
    if user is None or payload.get("f") != _fingerprint(user, purpose):
        return None
    return user
