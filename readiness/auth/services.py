"""Checking credentials, and sending password links, without revealing which accounts exist."""

from __future__ import annotations

from sqlalchemy import func, select

from .. import account_mail, db
from ..audit import record
from ..models import User
from ..models.user import spend_dummy_check
from .passwords import record_as


def find_user(email: str) -> User | None:
    normalised = email.strip().lower()
    return db.session().scalar(select(User).where(func.lower(User.email) == normalised))


def authenticate(email: str, password: str) -> User | None:
    """The user whose credentials these are, or None; both failures cost the same time."""
    user = find_user(email)
    if user is None:
        spend_dummy_check(password)
        return None
    return user if user.check_password(password) else None


def send_password_link(address: str | None) -> None:
    """Queue a link to choose a new password when ``address`` (None: over the limit) has an
    account; either way one audit event is written, so both ways cost alike. The caller
    commits."""
    user = find_user(address) if address is not None else None
    if user is not None and account_mail.send_reset(user):
        record_as(user, "user.password_link")
    else:
        record("user.password_link_refused")  # someone asked; not for which address
