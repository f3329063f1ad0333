"""Passwords people choose for themselves: the changes they make, under one policy
(``readiness/password_policy.py``), whose refusals are shown next to the field.

People set their password through a link sent by e-mail (an invitation, or "forgot
password"), on their account page (the current one required), or, for accounts from before
invitations were sent by e-mail, on the page a one-time password leads to. Whichever way,
setting it ends every session the account had (``User.set_password`` rotates the session
token) and spends every link sent for it (``account_tokens``).
"""

from __future__ import annotations

from flask_babel import gettext as _

from .. import db
from ..account_tokens import INVITATION
from ..audit import record
from ..models import AuditEvent, User
from ..password_policy import (  # noqa: F401  (the policy, as the forms and tests name it)
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordError,
    check_new_password,
)


def choose_own(user: User, password: str) -> None:
    """Replace a password someone else set with the person's own; the caller commits."""
    check_new_password(password, user.email, user.name)
    if user.check_password(password):
        raise PasswordError(_("Please choose a new password, not the one you were given."))
    user.set_password(password)  # also rotates the session token: other sessions end
    user.must_change_password = False
    record("user.choose_password")


def change(user: User, password: str) -> None:
    """Set the person's new password (the caller checked the current one); the caller commits."""
    check_new_password(password, user.email, user.name)
    if user.check_password(password):
        raise PasswordError(_("Please choose a new password, not your current one."))
    user.set_password(password)  # also rotates the session token: other sessions end
    user.must_change_password = False
    record("user.change_password")


def set_through_link(user: User, password: str, purpose: str) -> None:
    """Set the password of the account an e-mailed link was for; the caller commits.

    The link was the proof: no current password is asked (an invitation's was never known,
    a reset's was forgotten). Every session of the account ends and the link is spent.
    """
    check_new_password(password, user.email, user.name)
    user.set_password(password)  # also rotates the session token: other sessions end
    user.must_change_password = False
    record_as(user, "user.accept_invitation" if purpose == INVITATION else "user.password_reset")


def record_as(user: User, action: str, **detail) -> None:
    """An audit event done by ``user``, who is not signed in (following a link, asking for one)."""
    db.session().add(AuditEvent(action=action, user_id=user.id, actor=user.email, detail=detail))
