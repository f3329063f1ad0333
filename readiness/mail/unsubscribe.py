"""Unsubscribing: a signed link in every survey message, and a list of keyed hashes.

The link carries a signed keyed hash of the address, never the address itself; the list keeps
only those hashes, so it holds no addresses and outlives the survey's recipient list.
"""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from .. import db
from ..models.mail import Unsubscribe
from ..sealing import keyed_hash


def address_hash(address: str) -> str:
    """The keyed hash an address is known by on the unsubscribe list."""
    return keyed_hash("unsubscribe", address.strip().lower())


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt="mail-unsubscribe")


def token_for(address: str) -> str:
    return _serializer().dumps(address_hash(address))


def link_for(address: str, *, one_click: bool = False) -> str:
    """The absolute unsubscribe link for ``address``, on the request's base (a round of mail
    is written inside a request context built on the comms lead's trusted base address)."""
    endpoint = "mailing.unsubscribe_one_click" if one_click else "mailing.unsubscribe"
    return url_for(endpoint, token=token_for(address), _external=True)


def headers_for(address: str) -> dict[str, str]:
    """List-Unsubscribe and its one-click companion (RFC 8058) for a survey message."""
    return {
        "List-Unsubscribe": f"<{link_for(address, one_click=True)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def hash_from_token(token: str) -> str | None:
    """The address hash a link stands for, or None for a link we did not sign."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 64 else None


def unsubscribe(digest: str) -> None:
    """Put the address with this hash on the list (again is fine). The caller commits."""
    session = db.session()
    if session.get(Unsubscribe, digest) is None:
        session.add(Unsubscribe(address_hash=digest))


def is_unsubscribed(address: str) -> bool:
    return db.session().scalar(
        select(Unsubscribe.address_hash).where(Unsubscribe.address_hash == address_hash(address))
    ) is not None
