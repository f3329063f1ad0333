"""The password policy, for every way a password is set (a link, the account page, the
command line): NIST SP 800-63B's rules.

At least 12 characters and at most 256, any characters at all (spaces too), no rules about
digits or signs; refused when it is the person's e-mail address or name, or a password many
people use (``auth/data/common_passwords.txt``, also with digits and signs around it). Each
refusal says why in one sentence, in the reader's language.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 256
_COMMON_FILE = Path(__file__).parent / "auth" / "data" / "common_passwords.txt"
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
