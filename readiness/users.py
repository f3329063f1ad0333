"""Managing staff accounts."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from . import db
from .models import User
from .models.user import ROLES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
MIN_PASSWORD = 10


class UserError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


def create(email: str, *, role: str, password: str, name: str = "") -> User:
    """Add a user with a hashed password; the caller commits."""
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise UserError(f"{email!r} is not an e-mail address.")
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password needs at least {MIN_PASSWORD} characters.")
    session = db.session()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise UserError(f"There is already an account for {email}.")
    user = User(email=email, role=role, name=name.strip()[:120])
    user.set_password(password)
    session.add(user)
    session.flush()
    return user
