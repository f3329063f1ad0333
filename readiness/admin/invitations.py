"""Invitations by e-mail: the address list, the message, sending and reminders, progress.

Thin views over `readiness.mail`: upload a list (all or nothing), edit the subject and intro
with a preview, send the invitations, remind (now or on chosen days, to everyone or only those
who have not answered), delete the list early, and watch what was queued, sent, refused.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from .. import db, i18n, lifecycle
from ..form_choices import choice
from ..mail import messages, progress, recipients, rounds
from ..models.mail import EVERYONE, NOT_ANSWERED
from ..public_urls import base_url
from . import bp
from .routes import assessment_or_404

#: Reminder days a comms lead may choose, e.g. "3, 7".
MAX_REMINDER_DAYS = 5


class ListForm(FlaskForm):
    file = FileField(_l("CSV file of e-mail addresses"), validators=[FileRequired()])


class MessageForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=200)])
    intro = TextAreaField(_l("Opening paragraph"), validators=[Optional(), Length(max=2000)])
    reminder_mode = RadioField(
        _l("Who gets reminders"),
        choices=[
            choice(EVERYONE, _l("Everyone on the list (the message thanks those who already "
                          "answered)")),
            choice(NOT_ANSWERED, _l("Only those who have not answered (whether each link was used "
                              "is then kept until the list is deleted, and the survey's first "
                              "page says so)")),
        ],
        default=EVERYONE,
    )
    reminder_days = StringField(_l("Send reminders by themselves on these days of the survey"),
                                validators=[Optional(), Length(max=40)])

    def validate_reminder_days(self, field) -> None:
        parse_days(field.data or "")


class ActionForm(FlaskForm):
    """A button: only the CSRF token is sent."""


def parse_days(text: str) -> list[int]:
    """"3, 7" → [3, 7]; ValidationError in plain words otherwise."""
    days = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 2 <= int(part) <= 365:
            raise ValidationError(_("Write days as numbers from 2 to 365, separated by commas "
                                    "(for example 3, 7)."))
        days.append(int(part))
    if len(set(days)) > MAX_REMINDER_DAYS:
        raise ValidationError(_("Choose at most %(n)d days.", n=MAX_REMINDER_DAYS))
    return sorted(set(days))


def _lists_may_be_larger():
    # 100,000 addresses are a few megabytes; only the list upload accepts that much.
    if request.endpoint == "admin.invitations_upload" and request.method == "POST":
        request.max_content_length = int(current_app.config["MAX_IMPORT_BYTES"])


@bp.record_once
def _before_the_csrf_check(state) -> None:
    # First of all request hooks: the CSRF check reads the form, and once read, a body over
    # the usual limit has already been refused.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _lists_may_be_larger)


def _page(assessment, list_form=None, message_form=None, problems=None, status=200):
    settings = recipients.settings_or_default(assessment)
    if message_form is None:
        message_form = MessageForm(formdata=None, subject=settings.subject, intro=settings.intro,
                                   reminder_mode=settings.reminder_mode,
                                   reminder_days=", ".join(map(str, settings.reminder_days)))
    languages = list(assessment.languages or ["en"])
    language = request.args.get("preview", languages[0])
    language = language if language in languages else languages[0]
    preview_kind = request.args.get("kind", messages.INVITATION)
    preview_kind = preview_kind if preview_kind in (messages.INVITATION,
                                                    messages.REMINDER) else messages.INVITATION
    with force_locale(language):  # the sample person reads the preview's language too
        sample = (_("Sam Example"), _("(their personal link)"), _("(their unsubscribe link)"))
    preview = messages.write(
        kind=preview_kind, assessment=assessment, settings=settings, language=language,
        name=sample[0], link=sample[1], unsubscribe_link=sample[2],
        closes_on=assessment.closes_on,
    )
    return render_template(
        "admin/invitations.html",
        assessment=assessment,
        state=lifecycle.state_of(assessment),
        settings=settings,
        progress=progress.of(assessment),
        list_form=list_form or ListForm(),
        message_form=message_form,
        action_form=ActionForm(),
        problems=problems or [],
        preview=preview,
        preview_language=language,
        preview_kind=preview_kind,
        languages=languages,
        language_names={code: i18n.own_name(code) for code in languages},
        can_send=lifecycle.is_accepting(assessment),
        has_codes=assessment.distribution in ("codes", "both"),
    ), status


@bp.get("/assessments/<int:assessment_id>/invitations")
def invitations(assessment_id: int):
    return _page(assessment_or_404(assessment_id))


@bp.post("/assessments/<int:assessment_id>/invitations/list")
def invitations_upload(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = ListForm()
    if not form.validate_on_submit():
        return _page(assessment, list_form=form, status=400)
    data = form.file.data.read()
    form.file.data.close()  # the spooled temporary file of a large list, at once
    try:
        upload = recipients.add(assessment, data)
    except recipients.RecipientError as error:
        db.session().rollback()
        form.file.errors = [str(error)]
        return _page(assessment, list_form=form, problems=error.problems, status=400)
    db.commit()
    flash(_("%(added)d addresses added (%(duplicates)d repeated lines merged, %(known)d already "
            "on the list).", added=upload.added, duplicates=upload.duplicates,
            known=upload.already_listed), "success")
    return redirect(url_for("admin.invitations", assessment_id=assessment.id), 303)


@bp.post("/assessments/<int:assessment_id>/invitations/message")
def invitations_message(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _page(assessment, message_form=form, status=400)
    settings = recipients.settings_for(assessment)
    settings.subject = " ".join((form.subject.data or "").split())
    settings.intro = (form.intro.data or "").strip()
    settings.reminder_mode = form.reminder_mode.data
    settings.reminder_days = parse_days(form.reminder_days.data or "")
    db.commit()
    recipients.forget_notice(assessment.id)
    flash(_("Message and reminders saved."), "success")
    return redirect(url_for("admin.invitations", assessment_id=assessment.id), 303)


def _send(assessment_id: int, request_round) -> object:
    assessment = assessment_or_404(assessment_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form had expired; please try again."), "error")
        return redirect(url_for("admin.invitations", assessment_id=assessment_id), 303)
    base = base_url()
    if base is None:
        flash(_("Links cannot be sent safely: the server does not know its public address. "
                "Ask whoever runs Readiness to set READINESS_PUBLIC_BASE_URL."), "error")
        return redirect(url_for("admin.invitations", assessment_id=assessment_id), 303)
    try:
        request_round(assessment, base)
    except rounds.RoundError as error:
        db.session().rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.invitations", assessment_id=assessment_id), 303)
    db.commit()
    flash(_("Queued: the messages are on their way."), "success")
    return redirect(url_for("admin.invitations", assessment_id=assessment_id), 303)


@bp.post("/assessments/<int:assessment_id>/invitations/send")
def invitations_send(assessment_id: int):
    return _send(assessment_id, rounds.request_invitations)


@bp.post("/assessments/<int:assessment_id>/invitations/remind")
def invitations_remind(assessment_id: int):
    return _send(assessment_id, rounds.request_reminder)


@bp.post("/assessments/<int:assessment_id>/invitations/delete")
def invitations_delete(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if ActionForm().validate_on_submit() and recipients.delete_list(assessment):
        db.commit()
        flash(_("The address list was deleted."), "success")
    return redirect(url_for("admin.invitations", assessment_id=assessment.id), 303)
