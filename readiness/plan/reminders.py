"""Reminders to the owners of plan actions: due within a week, or overdue.

Only owners who are console users get mail (a typed name has no address). Each action gets at
most one reminder a day, whoever runs the command how often: the outbox's idempotency key is
the action and the day. Run ``flask --app wsgi plan-reminders`` once a day (cron or a timer).
"""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from .. import db
from ..models import Assessment, User
from ..models.plan import OPEN_STATUSES, PlanAction
from ..plans import REMIND_WITHIN_DAYS, STATUS_LABELS


def due_for_reminder(today: date) -> list[tuple[PlanAction, User, Assessment]]:
    """Open actions owned by a console user with an address, due within a week or overdue."""
    rows = db.session().execute(
        select(PlanAction, User, Assessment)
        .join(User, User.id == PlanAction.owner_user_id)
        .join(Assessment, Assessment.id == PlanAction.assessment_id)
        .where(
            PlanAction.status.in_(OPEN_STATUSES),
            PlanAction.due_on.is_not(None),
            PlanAction.due_on <= today + timedelta(days=REMIND_WITHIN_DAYS),
            User.email != "",
        )
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()
    return [tuple(row) for row in rows]


def _plan_url(assessment: Assessment) -> str | None:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return None
    # Built from the URL map: a command has no request to take a host from (and none is
    # trusted: links use the configured public address only).
    path = current_app.url_map.bind("localhost").build("plan.page",
                                                       {"assessment_id": assessment.id})
    return str(base).rstrip("/") + path


def reminder_text(action: PlanAction, user: User, assessment: Assessment, today: date,
                  url: str | None) -> tuple[str, str]:
    """The subject and plain text of one reminder, in the current locale."""
    day = format_date(action.due_on, "long")
    if action.due_on < today:
        subject = _("Overdue: %(title)s", title=action.title)
        when = _("It was due on %(day)s.", day=day)
    else:
        subject = _("Due on %(day)s: %(title)s", day=day, title=action.title)
        when = _("It is due on %(day)s.", day=day)
    lines = [
        _("Hello %(name)s,", name=user.name or user.email),
        "",
        _("A reminder from the action plan of %(title)s:", title=assessment.title),
        "",
        f"  {action.title}",
        f"  {when} " + _("Status") + f": {STATUS_LABELS[action.status]}",
        "",
    ]
    if url:
        lines += [_("Open the plan to update it: %(url)s", url=url), ""]
    lines.append(_("You get this because you own this action in the plan."))
    return subject[:200], "\n".join(lines) + "\n"


def send_reminders(today: date | None = None) -> int:
    """Queue today's reminders; how many were handed to the outbox (repeats do nothing)."""
    from ..mail.outbox import queue_message  # the mail queue of issue 19

    today = today or date.today()
    offered = current_app.config["LANGUAGES"]
    count = 0
    for action, user, assessment in due_for_reminder(today):
        language = assessment.default_language if assessment.default_language in offered else "en"
        with force_locale(language):
            subject, text = reminder_text(action, user, assessment, today, _plan_url(assessment))
        queue_message(
            to=user.email, subject=subject, text=text,
            key=f"plan-reminder:{action.id}:{today.isoformat()}",
            kind="plan_reminder", language=language,
        )
        count += 1
    return count


@click.command("plan-reminders")
@with_appcontext
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Send as if it were this day (default today).")
def reminders_command(day) -> None:
    """E-mail the owners of plan actions due within a week or overdue (once a day each)."""
    with db.writing():
        count = send_reminders(day.date() if day else None)
    click.echo(f"Reminders handed to the outbox: {count} (repeats of today's are skipped).")
