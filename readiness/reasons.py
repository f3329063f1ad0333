"""Why each "about you" question is asked, said next to it on the survey page (and in the
console's preview of it).

An instrument may give its own reason as a text named ``why_<question id>`` (in its ``[texts]``
table); otherwise the questions of the default set (department, location, role level, tenure)
have one written here, and any other question a general one. All of them say what the answer
is for, never more than that.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from surveys.model import Instrument, pick

#: Reasons for the default "about you" questions, by question id (and the role-level kind).
_DEFAULT_REASONS = {
    "department": _l(
        "So we can see whether some parts of the organisation are readier than others."
    ),
    "location": _l(
        "So we can see whether people who work in different places see things differently."
    ),
    "role_level": _l(
        "So we can compare how leaders see the organisation with how everyone else sees it."
    ),
    "tenure": _l(
        "So we can see whether newer and longer-serving colleagues see things differently."
    ),
}
_GENERAL_REASON = _l("So we can compare groups of people, never to pick anyone out.")
_INSTRUMENT_TEXT = "why_{}"


def reasons_asked(instrument: Instrument, language: str) -> dict[str, str]:
    """The reason shown for each "about you" question, by question id, in ``language``."""
    reasons = {}
    for question in instrument.segments:
        own = instrument.texts.get(_INSTRUMENT_TEXT.format(question.id))
        if own:
            reasons[question.id] = pick(own, language)
        else:
            default = _DEFAULT_REASONS.get(question.id) or _DEFAULT_REASONS.get(question.kind)
            reasons[question.id] = str(default or _GENERAL_REASON)
    return reasons
