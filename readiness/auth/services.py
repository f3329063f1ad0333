"""Checking credentials without revealing which accounts exist."""

from __future__ import annotations

from sqlalchemy import func, select

from .. import db
from ..models import User
from ..models.user import spend_dummy_check


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
