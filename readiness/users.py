"""Managing staff accounts."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from . import db
from .models import User
from .models.user import ADMIN, ROLES, VIEWER
from .password_policy import PasswordError, check_new_password

#: Each role as the console and the audit log name it.
ROLE_NAMES = {ADMIN: _l("Comms lead"), VIEWER: _l("Leadership")}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class UserError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


def create(email: str, *, role: str, password: str, name: str = "") -> User:
    """Add a user with a hashed password that follows the policy; the caller commits."""
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise UserError(_("“%(email)s” is not an e-mail address.", email=email))
    if role not in ROLES:
        raise UserError(_("Role must be one of %(roles)s.", roles=", ".join(ROLES)))
    try:
        check_new_password(password, email, name)
    except PasswordError as error:
        raise UserError(str(error)) from None
    session = db.session()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise UserError(_("There is already an account for %(email)s.", email=email))
    user = User(email=email, role=role, name=name.strip()[:120])
    user.set_password(password)
    session.add(user)
    session.flush()
    return user
