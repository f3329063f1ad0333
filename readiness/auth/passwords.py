"""Passwords people choose for themselves: the rules, and the changes they make.

A password set by someone else (an invitation or a reset) is for one sign-in only: until its
owner chooses their own, the console shows nothing but the page to choose it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask_babel import gettext as _

from ..audit import record
from ..models import User

MIN_LENGTH = 12
MAX_LENGTH = 256
_COMMON_FILE = Path(__file__).parent / "data" / "common_passwords.txt"
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


def check_new_password(password: str, email: str) -> None:
    """PasswordError unless ``password`` is long enough, not the e-mail and not common."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(
            _("Please use at least %(n)s characters. A few words in a row work well.",
              n=MIN_LENGTH)
        )
    if len(password) > MAX_LENGTH:
        raise PasswordError(_("Please use at most %(n)s characters.", n=MAX_LENGTH))
    lowered, email = password.lower(), email.lower()
    if email in lowered or lowered == email.partition("@")[0]:
        raise PasswordError(_("Please choose a password that is not your e-mail address."))
    if _is_common(password):
        raise PasswordError(
            _("That password is one many people use. Please choose one that is harder to guess.")
        )


def choose_own(user: User, password: str) -> None:
    """Replace a password someone else set with the person's own; the caller commits."""
    check_new_password(password, user.email)
    if user.check_password(password):
        raise PasswordError(_("Please choose a new password, not the one you were given."))
    user.set_password(password)  # also rotates the session token: other sessions end
    user.must_change_password = False
    record("user.choose_password")


def change(user: User, password: str) -> None:
    """Set the person's new password (the caller checked the current one); the caller commits."""
    check_new_password(password, user.email)
    if user.check_password(password):
        raise PasswordError(_("Please choose a new password, not your current one."))
    user.set_password(password)  # also rotates the session token: other sessions end
    user.must_change_password = False
    record("user.change_password")
