"""People: staff accounts, leadership access to an assessment, report links, the audit log."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, db, report_links
from ..form_choices import choices
from ..models import ReportLink, User, ViewerGrant
from ..users import UserError
from . import bp, distribution, people
from .forms import ActionForm, GrantForm, ReportLinkForm
from .people_forms import invitation_form
from .routes import assessment_or_404


def _checked_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _people_page(form=None, status=200):
    return render_template(
        "admin/users.html", users=people.all_users(), form=form or invitation_form(),
        action=ActionForm(),
    ), status


@bp.get("/users")
def users():
    return _people_page()


@bp.post("/users")
def invite():
    form = invitation_form()
    if not form.validate_on_submit():
        return _people_page(form, 400)
    try:
        user = people.invite(
            form.email.data, form.role.data, form.name.data or "",
            inviter=current_user, language=form.language.data,
        )
    except UserError as error:
        db.session().rollback()
        form.email.errors.append(str(error))
        return _people_page(form, 400)
    db.commit()
    flash(_("We sent %(email)s an invitation to choose their password. The link works for "
            "%(days)s days.", email=user.email, days=current_app.config["INVITATION_LINK_DAYS"]),
          "info")
    return redirect(url_for("admin.users"), 303)


def _user_or_404(user_id: int) -> User:
    user = db.session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/users/<int:user_id>/invite-again")
def invite_again(user_id: int):
    _checked_action()
    user = _user_or_404(user_id)
    try:
        people.invite_again(user, inviter=current_user)
    except UserError as error:
        db.session().rollback()
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("We sent %(email)s a new invitation. The earlier link no longer works.",
                email=user.email), "info")
    return redirect(url_for("admin.users"), 303)


@bp.post("/users/<int:user_id>/remove")
def remove_user(user_id: int):
    _checked_action()
    user = _user_or_404(user_id)
    try:
        people.remove(user, current_user)
    except UserError as error:
        db.session().rollback()
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("The account was removed."), "info")
    return redirect(url_for("admin.users"))


@bp.get("/audit")
def audit():
    return render_template(
        "admin/audit.html", events=people.audit_log(), describe=people.describe,
        details=people.details,
    )


def _access_page(assessment, *, grant_form=None, link_form=None, new_link=None, status=200):
    grant_form = grant_form or GrantForm()
    grant_form.user_id.choices = choices((u.id, u.email) for u in people.viewers())
    return render_template(
        "admin/access.html",
        assessment=assessment,
        grants=access.grants_of(assessment),
        links=report_links.links_of(assessment),
        grant_form=grant_form,
        link_form=link_form or ReportLinkForm(),
        action=ActionForm(),
        new_link=new_link,
        now=report_links.now(),
    ), status


@bp.get("/assessments/<int:assessment_id>/access")
def access_page(assessment_id: int):
    return _access_page(assessment_or_404(assessment_id))


@bp.post("/assessments/<int:assessment_id>/access/grants")
def grant(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = GrantForm()
    form.user_id.choices = choices((u.id, u.email) for u in people.viewers())
    if not form.validate_on_submit():
        return _access_page(assessment, grant_form=form, status=400)
    try:
        access.grant(assessment, _user_or_404(form.user_id.data))
    except access.AccessError as error:
        db.session().rollback()
        form.user_id.errors.append(str(error))
        return _access_page(assessment, grant_form=form, status=400)
    db.commit()
    flash(_("Access given."), "info")
    return redirect(url_for("admin.access_page", assessment_id=assessment.id))


@bp.post("/assessments/<int:assessment_id>/access/grants/<int:grant_id>/revoke")
def revoke_grant(assessment_id: int, grant_id: int):
    _checked_action()
    assessment = assessment_or_404(assessment_id)
    found = db.session().get(ViewerGrant, grant_id)
    if found is None or found.assessment_id != assessment.id:
        abort(404)
    access.revoke(found)
    db.commit()
    flash(_("Access removed."), "info")
    return redirect(url_for("admin.access_page", assessment_id=assessment.id))


@bp.post("/assessments/<int:assessment_id>/access/links")
def create_link(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = ReportLinkForm()
    if not form.validate_on_submit():
        return _access_page(assessment, link_form=form, status=400)
    link, token = report_links.create(assessment, form.label.data, form.days.data)
    db.commit()
    url = distribution.absolute(url_for("report.link", token=token))
    return _access_page(assessment, new_link={"link": link, "url": url})


@bp.post("/assessments/<int:assessment_id>/access/links/<int:link_id>/revoke")
def revoke_link(assessment_id: int, link_id: int):
    _checked_action()
    assessment = assessment_or_404(assessment_id)
    link = db.session().get(ReportLink, link_id)
    if link is None or link.assessment_id != assessment.id:
        abort(404)
    report_links.revoke(link)
    db.commit()
    flash(_("The link no longer works."), "info")
    return redirect(url_for("admin.access_page", assessment_id=assessment.id))
