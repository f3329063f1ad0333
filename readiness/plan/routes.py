"""The plan's pages: read it (comms lead, granted leadership, a report link allowed to), change
it (comms lead; leadership when allowed), download it as CSV or iCalendar, and its settings.

Not found, not granted and a link not allowed look the same (404), so ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, db, plans, report_links
from ..exports import download_name
from ..form_choices import choice
from ..models import Assessment, ReportLink
from ..plans import PlanError
from ..presenting import wanted_language
from ..releases import MayRead, releasable, released_document
from ..results import document_language
from . import bp
from .files import plan_csv, plan_ics
from .forms import ActionForm, AdoptForm, SettingsForm
from .timeline import timeline_svg


@dataclass(frozen=True)
class Reader:
    """Who is reading the plan, and what they may do."""

    assessment: Assessment
    may_edit: bool = False
    may_configure: bool = False
    token: str | None = None  #: set when read through a report link
    may_read: MayRead | None = None  #: which earlier waves this reader may see

    def url(self, endpoint: str, **values) -> str:
        """The page or file ``endpoint`` for this reader (link routes for a link)."""
        if self.token:
            return url_for(f"plan.link_{endpoint}", token=self.token, **values)
        return url_for(f"plan.{endpoint}", assessment_id=self.assessment.id, **values)


def _signed_in_reader(assessment_id: int) -> Reader:
    assessment = db.session().get(Assessment, assessment_id)
    if assessment is None or not plans.may_read_plan(current_user, assessment):
        abort(404)
    return Reader(
        assessment,
        may_edit=plans.may_edit_plan(current_user, assessment),
        may_configure=current_user.is_admin,
        may_read=lambda earlier: access.may_read(current_user, earlier),
    )


def _editor(assessment_id: int) -> Reader:
    reader = _signed_in_reader(assessment_id)
    if not reader.may_edit:
        abort(403)
    return reader


def _link_reader(token: str) -> Reader:
    link = report_links.active(token)
    if link is None or not plans.link_shows_plan(link):
        abort(404)
    assessment = db.session().get(Assessment, link.assessment_id)
    if assessment is None:
        abort(404)
    return Reader(assessment, token=token)


@bp.after_request
def _link_stays_private(response):
    # The token is the key: never let it travel on in a Referer header.
    if request.endpoint and request.endpoint.startswith("plan.link_"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# Reading -----------------------------------------------------------------------------------


def _recommendations(reader: Reader, language: str) -> list[dict]:
    """The released results' recommendations ([] while results are withheld)."""
    if not releasable(reader.assessment):
        return []
    # Recommendations need no earlier wave: no trend is released for them.
    document = released_document(reader.assessment, "page", language)
    return list(document.get("recommendations") or [])


def _render_plan(reader: Reader):
    assessment = reader.assessment
    language = document_language(assessment, wanted_language())
    with force_locale(language):
        recommendations = _recommendations(reader, language)
        assessment = db.session().get(Assessment, assessment.id)  # fresh after the release
        actions = plans.actions_of(assessment)
        names = plans.dimension_names(assessment, language)
        users = plans.owners_of(actions)
        start, today = plans.start_day(assessment), date.today()
        earlier = plans.earlier_wave(assessment)
        carried = []
        if earlier is not None and reader.may_read is not None and reader.may_read(earlier):
            carried = [a for a in plans.actions_of(earlier) if a.status in plans.OPEN_STATUSES]
        grouping = "horizon" if request.args.get("view") == "horizon" else "dimension"
        groups = (plans.by_horizon(actions, start) if grouping == "horizon"
                  else plans.by_dimension(actions, names))
        return render_template(
            "plan/plan.html",
            reader=reader,
            assessment=assessment,
            actions=actions,
            groups=groups,
            grouping=grouping,
            names=names,
            users=users,
            start=start,
            today=today,
            recommendations=recommendations,
            adopted=plans.adopted_ids(assessment),
            withheld=not releasable(assessment),
            earlier=earlier,
            carried=carried,
            timeline=timeline_svg(actions, start, today),
            adopt_form=AdoptForm(),
            status_labels=plans.STATUS_LABELS,
            reading_language=language,
        )


@bp.get("/<int:assessment_id>")
@login_required
def page(assessment_id: int):
    return _render_plan(_signed_in_reader(assessment_id))


@bp.get("/link/<token>")
def link_page(token: str):
    return _render_plan(_link_reader(token))


def _csv(reader: Reader) -> Response:
    assessment = reader.assessment
    language = document_language(assessment, wanted_language())
    with force_locale(language):
        actions = plans.actions_of(assessment)
        body = plan_csv(actions, plans.dimension_names(assessment, language),
                        plans.owners_of(actions), plans.start_day(assessment), date.today())
    return Response(
        "\ufeff" + body,  # a BOM so spreadsheets read the accents right
        mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{download_name(assessment, "plan.csv")}"'},
    )


def _ics(reader: Reader) -> Response:
    assessment = reader.assessment
    with force_locale(document_language(assessment, wanted_language())):
        actions = plans.actions_of(assessment)
        body = plan_ics(actions, _("Action plan: %(title)s", title=assessment.title),
                        plans.owners_of(actions), request.host)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition":
                 f'attachment; filename="{download_name(assessment, "plan.ics")}"'},
    )


@bp.get("/<int:assessment_id>/plan.csv")
@login_required
def csv_file(assessment_id: int):
    return _csv(_signed_in_reader(assessment_id))


@bp.get("/link/<token>/plan.csv")
def link_csv_file(token: str):
    return _csv(_link_reader(token))


@bp.get("/<int:assessment_id>/plan.ics")
@login_required
def ics_file(assessment_id: int):
    return _ics(_signed_in_reader(assessment_id))


@bp.get("/link/<token>/plan.ics")
def link_ics_file(token: str):
    return _ics(_link_reader(token))


# Changing ----------------------------------------------------------------------------------


@bp.post("/<int:assessment_id>/adopt")
@login_required
def adopt(assessment_id: int):
    reader = _editor(assessment_id)
    form = AdoptForm()
    if not form.validate_on_submit() or not releasable(reader.assessment):
        abort(400)
    language = document_language(reader.assessment, wanted_language())
    document = released_document(reader.assessment, "page", language)
    db.begin_write()
    assessment = db.session().get(Assessment, assessment_id)
    try:
        action = plans.adopt(assessment, document, form.recommendation_id.data)
    except PlanError as error:
        db.session().rollback()
        flash(str(error), "error")
        return redirect(reader.url("page"))
    db.commit()
    flash(_("Added to the plan: %(title)s. Give it an owner and a day.", title=action.title),
          "info")
    return redirect(reader.url("page", adopting=1) + "#recommended-title")


def _action_form(reader: Reader, action=None) -> ActionForm:
    form = ActionForm(obj=action) if action is not None else ActionForm()
    for field in (form.dimension, form.owner_user_id):
        if field.data is None:  # a general action, or no console owner: the empty choice
            field.data = ""
    language = document_language(reader.assessment, wanted_language())
    people = plans.possible_owners(reader.assessment)
    if action is not None:  # its present owner stays offered, granted or not
        people += [u for u in plans.owners_of([action]).values() if u not in people]
    form.offer(plans.dimension_names(reader.assessment, language), people)
    return form


def _save(reader: Reader, form: ActionForm, action=None):
    """Validate and save; the page again with the problems next to their fields, or None."""
    if form.validate_on_submit():
        db.begin_write()
        try:
            if action is None:
                action = plans.add(reader.assessment, form.values())
            else:
                plans.update(action, form.values())
        except PlanError as error:
            db.session().rollback()
            field = getattr(form, error.field or "", None)
            if field is not None:
                field.errors = [*field.errors, str(error)]
            else:
                form.form_errors.append(str(error))
        else:
            db.commit()
            flash(_("The plan is saved."), "info")
            return redirect(reader.url("page") + f"#action-{action.id}")
    status = 400 if request.method == "POST" else 200
    return render_template("plan/action.html", reader=reader, assessment=reader.assessment,
                           form=form, action=action), status


@bp.route("/<int:assessment_id>/actions/new", methods=["GET", "POST"])
@login_required
def new_action(assessment_id: int):
    reader = _editor(assessment_id)
    form = _action_form(reader)
    if request.method == "GET" and request.args.get("dimension"):
        form.dimension.data = request.args["dimension"]
    return _save(reader, form)


@bp.route("/<int:assessment_id>/actions/<int:action_id>", methods=["GET", "POST"])
@login_required
def edit_action(assessment_id: int, action_id: int):
    reader = _editor(assessment_id)
    action = plans.action_of(reader.assessment, action_id)
    if action is None:
        abort(404)
    return _save(reader, _action_form(reader, action), action)


@bp.route("/<int:assessment_id>/settings", methods=["GET", "POST"])
@login_required
def settings(assessment_id: int):
    reader = _signed_in_reader(assessment_id)
    if not reader.may_configure:
        abort(403)
    assessment = reader.assessment
    links: list[ReportLink] = report_links.links_of(assessment)
    form = SettingsForm()
    form.links.choices = [choice(link.id, link.label or _("Unnamed link")) for link in links]
    if request.method == "GET":
        form.viewers_may_edit.data = bool(plans.settings_of(assessment).viewers_may_edit)
        form.links.data = sorted(plans.links_showing_plan(assessment))
    elif form.validate_on_submit():
        db.begin_write()
        assessment = db.session().get(Assessment, assessment_id)
        plans.change_settings(assessment, viewers_may_edit=bool(form.viewers_may_edit.data),
                              link_ids=set(form.links.data or []))
        db.commit()
        flash(_("Who may see and change the plan is saved."), "info")
        return redirect(url_for("plan.page", assessment_id=assessment_id))
    status = 400 if request.method == "POST" else 200
    return render_template("plan/settings.html", reader=reader, assessment=assessment,
                           form=form, links={link.id: link for link in links},
                           now=report_links.now()), status


# The way in from the results pages ---------------------------------------------------------


def plan_entry_context() -> dict:
    """``plan_entry(assessment)`` for the results pages: the plan's address for this reader,
    or None when they may not see it."""

    def plan_entry(assessment: Assessment) -> str | None:
        token = (request.view_args or {}).get("token")
        if token:
            link = report_links.active(token)
            allowed = link is not None and link.assessment_id == assessment.id and \
                plans.link_shows_plan(link)
            return url_for("plan.link_page", token=token) if allowed else None
        if current_user.is_authenticated and plans.may_read_plan(current_user, assessment):
            return url_for("plan.page", assessment_id=assessment.id)
        return None

    def plan_editable(assessment: Assessment) -> bool:
        """Whether this reader may change the plan (else the way in says "see", not "turn")."""
        return (not (request.view_args or {}).get("token") and current_user.is_authenticated
                and plans.may_edit_plan(current_user, assessment))

    return {"plan_entry": plan_entry, "plan_editable": plan_editable}
