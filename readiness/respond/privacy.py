"""Who respondents may ask about their privacy: ``PRIVACY_CONTACT`` (``READINESS_PRIVACY_CONTACT``),
shown on every survey's front page, its e-mail address (if it holds one) as a link."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class PrivacyContact:
    """The contact as configured, cut around its first e-mail address (if any)."""

    before: str
    address: str | None = None
    after: str = ""


def privacy_contact(configured: object) -> PrivacyContact | None:
    """The contact to show, or None when none is configured (the sentence is then left out)."""
    text = str(configured or "").strip()
    if not text:
        return None
    found = _ADDRESS.search(text)
    if found is None:
        return PrivacyContact(text)
    return PrivacyContact(text[: found.start()], found.group(0), text[found.end() :])
