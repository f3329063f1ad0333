"""Passwords people choose for themselves: the rules, and the changes they make.

The rules follow NIST SP 800-63B: at least 12 characters and at most 256, any characters at
all (spaces too), no rules about digits or signs, and refused when it is the person's e-mail
address or name or a password many people use (``data/common_passwords.txt``, also with
digits and signs around it). Each refusal says why in one sentence, next to the field.

People set their password through a link sent by e-mail (an invitation, or "forgot
password"), on their account page (the current one required), or, for accounts from before
invitations were sent by e-mail, on the page a one-time password leads to. Whichever way,
setting it ends every session the account had (``User.set_password`` rotates the session
token) and spends every link sent for it (``account_tokens``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask_babel import gettext as _

from .. import db
from ..account_tokens import INVITATION
from ..audit import record
from ..models import AuditEvent, User

MIN_LENGTH = 12
MAX_LENGTH = 256
_COMMON_FILE = Path(__file__).parent / "data" / "common_passwords.txt"
#: Names shorter than this are too common a string to refuse inside a password.
_SHORTEST_NAME = 4
#: Digits, signs and spaces that people wrap around a common word ("Password2026!").
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class PasswordError(ValueError):
    """The password cannot be used; the message says why in plain words."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The common passwords and words refused, read once from the data file."""
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_common(password: str) -> bool:
    lowered = password.lower()
    common = common_passwords()
    return lowered in common or _DECORATION.sub("", lowered) in common or len(set(lowered)) < 5


def _is_name(stripped: str, lowered: str, name: str) -> bool:
    """Whether the password is the person's name (or one of its longer words), or holds it."""
    name = name.strip().lower()
    if len(name) < _SHORTEST_NAME:
        return False
    words = [word for word in re.split(r"[\W_]+", name) if len(word) >= _SHORTEST_NAME]
    joined = re.sub(r"[\W_]+", "", name)
    return name in lowered or stripped in words or stripped == joined


def check_new_password(password: str, email: str, name: str = "") -> None:
    """PasswordError unless ``password`` is long enough, not the e-mail or the person's name,
    and not common."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(
            _("Please use at least %(n)s characters. A few words in a row work well.",
              n=MIN_LENGTH)
        )
    if len(password) > MAX_LENGTH:
        raise PasswordError(_("Please use at most %(n)s characters.", n=MAX_LENGTH))
    lowered, email = password.lower(), email.lower()
    stripped = _DECORATION.sub("", lowered)
    if email in lowered or stripped == email.partition("@")[0]:
        raise PasswordError(_("Please choose a password that is not your e-mail address."))
    if _is_name(stripped, lowered, name):
        raise PasswordError(_("Please choose a password that is not your name."))
    if _is_common(password):
        raise PasswordError(
            _("That password is one many people use. Please choose one that is harder to guess.")
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
