"""Recording staff actions in the audit log, and naming them in plain words on its page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import db
from .models import AuditEvent

#: What each recorded action is called on the audit page. The codes stay in the database (and
#: in exports), so renaming a label never rewrites history.
ACTIONS = {
    "assessment.create": _l("Created the assessment"),
    "assessment.update": _l("Changed the assessment's settings"),
    "assessment.delete": _l("Deleted an assessment"),
    "assessment.open": _l("Opened the survey"),
    "assessment.close": _l("Closed the survey"),
    "codes.generate": _l("Made single-use codes"),
    "responses.import": _l("Imported responses from a file"),
    "user.invite": _l("Invited someone"),
    "user.reset_password": _l("Reset someone's password"),
    "user.remove": _l("Removed someone"),
    "user.login": _l("Signed in"),
    "viewer.grant": _l("Gave a leader access to the results"),
    "viewer.revoke": _l("Took back a leader's access"),
    "report_link.create": _l("Made a report link"),
    "report_link.revoke": _l("Revoked a report link"),
}

#: The details each action keeps, by the names the console uses for them.
DETAILS = {
    "title": _l("Title"),
    "id": _l("Number"),
    "email": _l("E-mail"),
    "role": _l("Role"),
    "viewer": _l("Leader"),
    "link": _l("Link number"),
    "label": _l("Who is it for?"),
    "days": _l("Works for (days)"),
    "count": _l("How many"),
    "fields": _l("What changed"),
}

#: Assessment settings as the edit form names them (for "What changed").
SETTINGS = {
    "title": _l("Title"),
    "organisation": _l("Organisation"),
    "sector": _l("Sector"),
    "headcount": _l("Headcount"),
    "languages": _l("Languages offered"),
    "module": _l("Sector module"),
    "segments": _l("About-you questions"),
    "segment_headcounts": _l("About-you questions"),
    "k": _l("Anonymity threshold (smallest group shown)"),
    "comment_k": _l("Comment threshold (fewest comments shown)"),
    "opens_on": _l("Opens on"),
    "closes_on": _l("Closes on"),
    "distribution": _l("How people reach the survey"),
    "previous_id": _l("Earlier wave to compare with"),
    "instrument": _l("Questionnaire"),
    "instrument_source": _l("Questionnaire"),
    "instrument_id": _l("Questionnaire"),
    "instrument_version": _l("Questionnaire"),
}

ROLES = {"admin": _l("Comms lead"), "viewer": _l("Leadership")}


def record(action: str, assessment_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit event for the signed-in user (or the system); the request commits it."""
    user = current_user if current_user and current_user.is_authenticated else None
    event = AuditEvent(
        action=action,
        assessment_id=assessment_id,
        user_id=user.id if user else None,
        actor=user.email if user else "system",
        detail=detail,
    )
    db.session().add(event)
    return event


def describe(action: str) -> str:
    """The action in plain words; a code this version does not know is shown as it is."""
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def details(detail: dict | None) -> list[tuple[str, str]]:
    """An event's details as (name, value) pairs, in the reader's language where we can."""
    shown = []
    for key, value in (detail or {}).items():
        if value is None:
            continue
        if key == "fields" and isinstance(value, list):
            names = [str(SETTINGS.get(name, name)) for name in value]
            value = ", ".join(dict.fromkeys(names))  # one questionnaire change, named once
        elif key == "role":
            value = str(ROLES.get(value, value))
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        shown.append((str(DETAILS.get(key, key)), str(value)))
    return shown
