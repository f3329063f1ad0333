"""Staff accounts: invite by e-mail (and again), remove; and the audit log, in plain words.

An invited person gets an e-mail with a link to choose their own password (see
``account_mail`` and ``account_tokens``); nobody else ever sees or sets it. Until they do, the
account's password is a random one nobody knows, and ``must_change_password`` marks it as
waiting on the people page.
"""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from .. import account_mail, db
from ..audit import record
from ..models import Assessment, AuditEvent, User
from ..models.user import ADMIN
from ..users import ROLE_NAMES, UserError, create
from .forms import AssessmentForm


def one_time_password() -> str:
    """A random password: the unknown one of an invited account, or one a command prints."""
    return secrets.token_urlsafe(12)


def all_users() -> list[User]:
    return list(db.session().scalars(select(User).order_by(User.role, User.email)))


def viewers() -> list[User]:
    return [user for user in all_users() if user.role != ADMIN]


def invite(email: str, role: str, name: str = "", *, inviter: User,
           language: str | None = None) -> User:
    """A new account, and an e-mail inviting them to choose its password; the caller commits."""
    user = create(email, role=role, password=one_time_password(), name=name)
    user.must_change_password = True  # waiting for them to choose it
    _send_invitation(user, inviter, language)
    record("user.invite", None, email=user.email, role=role)
    return user


def invite_again(user: User, *, inviter: User, language: str | None = None) -> None:
    """A fresh invitation for an account still waiting; the earlier link stops working."""
    if not user.must_change_password:
        raise UserError(
            _("%(email)s has chosen their password already. If they forgot it, they can ask "
              "for a new one on the sign-in page.", email=user.email)
        )
    user.set_password(one_time_password())  # spends every link sent before
    _send_invitation(user, inviter, language)
    record("user.invite_again", None, email=user.email)


def _send_invitation(user: User, inviter: User, language: str | None) -> None:
    try:
        account_mail.send_invitation(user, inviter=inviter, language=language)
    except account_mail.NoPublicAddress:
        raise UserError(
            _("No invitation can be sent: this server does not know its public address. Set "
              "READINESS_PUBLIC_BASE_URL (for example https://readiness.example.org) and try "
              "again.")
        ) from None


def remove(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise UserError(_("You cannot remove your own account."))
    if user.role == ADMIN:
        admins = db.session().scalar(select(func.count()).where(User.role == ADMIN))
        if admins <= 1:
            raise UserError(_("This is the last comms lead account; it stays."))
    record("user.remove", None, email=user.email, role=user.role)
    db.session().delete(user)
    db.session().flush()


def audit_log(limit: int = 500, assessment_id: int | None = None):
    """The newest staff actions, with the assessment's title when there is one."""
    query = (
        select(AuditEvent, Assessment.title)
        .outerjoin(Assessment, Assessment.id == AuditEvent.assessment_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if assessment_id is not None:
        query = query.where(AuditEvent.assessment_id == assessment_id)
    return list(db.session().execute(query).all())


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
    "user.invite_again": _l("Sent an invitation again"),
    "user.accept_invitation": _l("Accepted the invitation and chose a password"),
    "user.password_link": _l("Asked for a link to choose a new password"),
    "user.password_link_refused": _l("Someone asked for a password link; none was sent (no such "
                                     "account, or too many links asked for)"),
    "user.password_reset": _l("Chose a new password with an e-mailed link"),
    "user.reset_password": _l("Reset someone's password"),
    "user.remove": _l("Removed someone"),
    "user.login": _l("Signed in"),
    "user.choose_password": _l("Chose their own password"),
    "user.change_password": _l("Changed their password"),
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

#: Assessment columns that the edit form changes through another field.
_CHANGED_THROUGH = {
    "segment_headcounts": "segments",
    "instrument_source": "instrument",
    "instrument_id": "instrument",
    "instrument_version": "instrument",
}


def _setting_name(column: str) -> str:
    """An assessment setting by the label of the form field that changes it."""
    field = getattr(AssessmentForm, _CHANGED_THROUGH.get(column, column), None)
    return str(field.args[0]) if isinstance(field, UnboundField) else column


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
            # One questionnaire change touches three columns: named once.
            value = ", ".join(dict.fromkeys(_setting_name(column) for column in value))
        elif key == "role":
            value = str(ROLE_NAMES.get(value, value))
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        shown.append((str(DETAILS.get(key, key)), str(value)))
    return shown
