"""One respondent's draft, kept in their own signed session cookie until they submit.

Nothing about a respondent reaches the database before the submit: the statements and "about
you" questions answered so far, the chosen language and the hash of a code they presented all
live here. Open answers, too long for a cookie, travel in the forms instead (`carried`). After
the submit the draft is dropped; only a marker that this browser has answered the assessment
stays, so that an open link is not answered twice by accident.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask import current_app, session

from surveys.forms import Answers

_DRAFT = "respond"
_ANSWERED = "answered"
_KEEP_ANSWERED = 20
#: Browsers drop cookies above 4 KB; stay below, with room for the cookie's attributes. Without
#: the open answers a draft always fits (tests/respond/test_cookie.py works out the worst case).
COOKIE_BUDGET = 3800


@dataclass
class Draft:
    """The survey so far for one assessment."""

    public_id: str
    #: ``(kind, keyed hash)`` of the single-use code presented, if any
    code: tuple[str, str] | None = None
    answers: Answers = field(default_factory=Answers)
    #: random name of this draft: a second Send of the same draft is recognised, not stored
    token: str = field(default_factory=lambda: new_token())

    @property
    def has_code(self) -> bool:
        return self.code is not None


def _compact(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None}


def current(public_id: str) -> Draft | None:
    """The draft for this assessment, if the respondent has started it (without open answers)."""
    data = session.get(_DRAFT)
    if not isinstance(data, dict) or data.get("a") != public_id:
        return None
    code = data.get("code")
    return Draft(
        public_id=public_id,
        token=str(data.get("t") or ""),
        code=tuple(code) if code else None,
        answers=Answers(
            items=dict(data.get("items", {})),
            segments=dict(data.get("segments", {})),
            questions=dict(data.get("questions", {})),
        ),
    )


def save(draft: Draft) -> None:
    """Keep ``draft`` in the session; skipped questions and open answers are left out."""
    kept = {
        "a": draft.public_id,
        "t": draft.token,
        "code": list(draft.code) if draft.code else None,
        "items": _compact(draft.answers.items),
        "segments": _compact(draft.answers.segments),
    }
    if questions := _compact(draft.answers.questions):  # custom pages' answers, if any
        kept["questions"] = questions
    session[_DRAFT] = kept


def start(public_id: str, code: tuple[str, str] | None = None) -> Draft:
    """Begin (or, with a new code, restart) the survey for this assessment."""
    existing = current(public_id)
    if existing is not None and (code is None or existing.code == code):
        return existing
    draft = Draft(public_id=public_id, code=code)
    if existing is not None:
        draft.answers = existing.answers  # a code presented mid-way keeps what was answered
        draft.token = existing.token or draft.token
    save(draft)
    return draft


def new_token() -> str:
    """A fresh draft name, for a draft kept from before drafts had one."""
    return secrets.token_urlsafe(12)


def fits_in_cookie() -> bool:
    """Whether the session, as it stands, still fits in the browser's cookie."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return len(serializer.dumps(dict(session))) <= COOKIE_BUDGET


def finish(public_id: str) -> None:
    """Drop the draft and remember that this browser has answered."""
    session.pop(_DRAFT, None)
    answered = [p for p in session.get(_ANSWERED, []) if p != public_id]
    session[_ANSWERED] = [*answered[-(_KEEP_ANSWERED - 1) :], public_id]


def has_answered(public_id: str) -> bool:
    return public_id in session.get(_ANSWERED, [])
