"""The audit log page: filter by action, person and day (a GET form, no JavaScript needed),
and download what the filter finds as CSV (cells that a spreadsheet would run as formulas are
neutralised by `exports.write_csv`)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from .. import audit
from ..exports import write_csv
from ..form_choices import choices
from . import bp, people

#: Actions recorded outside the people pages' list, in plain words.
MORE_ACTIONS = {
    "assessment.reopen": _l("Opened the survey again"),
    "assessment.new_wave": _l("Started a new wave"),
    "assessment.duplicate": _l("Duplicated an assessment"),
    "responses.purge": _l("Deleted the answers after the retention period"),
    "results.release": _l("Read or downloaded results"),
}
OUTPUT_NAMES = {
    "page": _l("results page"), "json": _l("JSON download"), "pdf": _l("PDF download"),
    "pptx": _l("slides download"), "csv": _l("CSV download"), "command": _l("command line"),
    "trend": _l("trend in a later wave"),
}


def describe(action: str) -> str:
    label = MORE_ACTIONS.get(action)
    return str(label) if label is not None else people.describe(action)


def details(detail: dict | None) -> list[tuple[str, str]]:
    detail = dict(detail or {})
    if "output" in detail:
        detail["output"] = str(OUTPUT_NAMES.get(detail["output"], detail["output"]))
    shown = []
    for name, value in people.details(detail):
        if name == "output":
            name = _("How")
        elif name == "figures":
            name, value = _("Figures shown"), _("yes") if value == "True" else _("no")
        shown.append((name, value))
    return shown


class AuditFilterForm(FlaskForm):
    """Sent by GET: nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(_l("What"), validate_choice=True, default="")
    actor = SelectField(_l("Who"), validate_choice=True, default="")
    since = DateField(_l("First day"), validators=[Optional()])
    until = DateField(_l("Last day"), validators=[Optional()])


def _form() -> tuple[AuditFilterForm, audit.Search | None]:
    form = AuditFilterForm(request.args)
    form.action.choices = choices(
        [("", _("Everything"))] + [(code, describe(code)) for code in audit.actions_used()]
    )
    form.actor.choices = choices([("", _("Everyone"))] + [(a, a) for a in audit.actors()])
    if not form.validate():
        for name in ("since", "until"):
            field = getattr(form, name)
            if field.errors:
                field.errors = [_("Write the day as year-month-day, e.g. 2026-12-05, or pick it "
                                  "from the calendar.")]
        return form, None
    if form.since.data and form.until.data and form.until.data < form.since.data:
        form.until.errors = [_("The last day is before the first day.")]
        return form, None
    return form, audit.Search(form.action.data or "", form.actor.data or "",
                              form.since.data, form.until.data)


@bp.get("/audit-log")
def audit_log():
    form, found = _form()
    events = audit.search(found) if found else []
    return render_template(
        "admin/audit.html", events=events, describe=describe, details=details, filters=form,
        query=request.query_string.decode("ascii", "ignore"), searched=found is not None,
    ), (200 if found else 400)


@bp.get("/audit-log.csv")
def audit_log_csv():
    form, found = _form()
    if found is None:
        return audit_log()
    rows = [
        (
            event.at.strftime("%Y-%m-%d %H:%M:%S") if event.at else "",
            event.actor,
            describe(event.action),
            event.action,
            title or "",
            "; ".join(f"{name}: {value}" for name, value in details(event.detail)),
        )
        for event, title in audit.search(found, limit=None)
    ]
    body = write_csv(
        [_("When (UTC)"), _("Who"), _("What"), _("Action"), _("Assessment"), _("Details")], rows
    )
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="readiness-audit-log.csv"',
    }
